"""``serve`` under load: POST /search (hybrid) from 200 concurrent clients, against a minimal
FastAPI app that calls the async client directly (scripts/minimal_fastapi.py).

Both apps run as uvicorn processes on loopback and are loaded the same way, alternately. Each
run gives each app ROUND_SECONDS in two halves, in the order A B B A (B A A B in the next run), so
load from other work that rises or falls through a run weighs on both alike; a half sends at most
MAX_REQUESTS, and its requests in flight then finish.

The load comes from one aiohttp session in this process. The generator shares the two cores with
both apps and Weaviate, so it must cost far less than what it measures: httpx took 10-14 ms of
CPU per request here (the apps 1.2-3 ms, Weaviate 2-3 ms), so the rounds measured httpx at about
70 req/s whichever app answered; aiohttp takes about 0.3 ms. The generator's CPU per answer is in
the figure's notes, so a run shows whether the apps were the bottleneck.
"""

from __future__ import annotations

import asyncio
import os
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import aiohttp
import httpx

from tests.benchmarks.server import HYBRID_COLLECTION, HYBRID_TARGET, HYBRID_TEXTS, BenchServer
from tests.benchmarks.stats import Figure, median, percentile
from tests.listening import free_port, listening_process

CONCURRENCY = 200
ROUND_SECONDS = 10.0
WARM_UP_SECONDS = 3.0
MAX_REQUESTS = 50_000
SCRIPTS = Path(__file__).parent / "scripts"


@dataclass
class Round:
    seconds: float
    latencies_ms: list[float]
    #: CPU seconds this process (the load generator) spent.
    generator_cpu: float

    @property
    def answers_per_second(self) -> float:
        return len(self.latencies_ms) / self.seconds

    @property
    def generator_cpu_ms(self) -> float:
        """Milliseconds of the generator's CPU per answer."""
        return self.generator_cpu * 1000 / max(len(self.latencies_ms), 1)

    def __add__(self, other: Round) -> Round:
        return Round(
            self.seconds + other.seconds,
            self.latencies_ms + other.latencies_ms,
            self.generator_cpu + other.generator_cpu,
        )


async def _round(base_url: str, failures: list[str], seconds: float = ROUND_SECONDS) -> Round:
    """Hybrid searches from CONCURRENCY clients for ``seconds``: answers per second, latencies.

    A failed request is not counted as an answer; its error goes in ``failures``.
    """
    latencies: list[float] = []
    next_index = iter(range(MAX_REQUESTS))
    deadline = time.perf_counter() + seconds
    connector = aiohttp.TCPConnector(limit=CONCURRENCY)
    timeout = aiohttp.ClientTimeout(total=30)
    async with aiohttp.ClientSession(base_url, connector=connector, timeout=timeout) as client:

        async def worker() -> None:
            for index in next_index:
                if time.perf_counter() > deadline:
                    return
                body = {
                    "collection": HYBRID_COLLECTION,
                    "kind": "hybrid",
                    "text": HYBRID_TEXTS[index % len(HYBRID_TEXTS)],
                    "alpha": 0.7,
                    "target": HYBRID_TARGET,
                    "limit": 10,
                }
                started = time.perf_counter()
                try:
                    async with client.post("/search", json=body) as answer:
                        answer.raise_for_status()
                        objects = await answer.json()
                except (aiohttp.ClientError, TimeoutError) as exc:
                    failures.append(f"{type(exc).__name__}: {exc}")
                    continue
                latencies.append((time.perf_counter() - started) * 1000)
                assert len(objects) == 10

        started, cpu_started = time.perf_counter(), time.process_time()
        async with asyncio.timeout(seconds + 60):  # the requests in flight get a minute
            await asyncio.gather(*(worker() for _ in range(CONCURRENCY)))
        elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    return Round(elapsed, latencies, cpu)


async def _connected(base_url: str) -> None:
    """Wait until serve's session is connected (it starts serving before Weaviate answers)."""
    async with httpx.AsyncClient(base_url=base_url, timeout=10) as client:
        for _ in range(300):
            if (await client.get("/health")).json()["connected"]:
                return
            await asyncio.sleep(0.2)
    raise RuntimeError(f"{base_url} did not connect to Weaviate within 60 s")


async def serve_load(server: BenchServer, runs: int) -> tuple[Figure, Figure]:
    rps = Figure.new(
        "serve_rps_ratio",
        f"POST /search (hybrid, limit 10) from {CONCURRENCY} concurrent clients: requests per "
        "second of `serve` over a minimal FastAPI app calling the async client directly",
        measured_unit="req/s",
    )
    p99 = Figure.new(
        "serve_p99_ms_ratio",
        "the p99 latency of the same load, `serve` over the minimal app",
        measured_unit="ms",
    )
    env = dict(os.environ)
    ours_port, bare_port = free_port(), free_port()
    ours_command = [sys.executable, "-m", "explorer", "serve", "--url", server.url]
    ours_command += ["--grpc-port", str(server.grpc_port), "--port", str(ours_port)]
    bare_command = [sys.executable, str(SCRIPTS / "minimal_fastapi.py")]
    bare_command += [str(server.http_port), str(server.grpc_port), str(bare_port)]
    ours_url, bare_url = f"http://127.0.0.1:{ours_port}", f"http://127.0.0.1:{bare_port}"
    rounds: dict[str, list[Round]] = {ours_url: [], bare_url: []}
    failures: dict[str, list[str]] = {ours_url: [], bare_url: []}
    with (
        listening_process(ours_command, ours_port, env),
        listening_process(bare_command, bare_port, env),
    ):
        await _connected(ours_url)
        warm_up: list[str] = []
        # Warm-up: connections, the config cache; not counted.
        await _round(ours_url, warm_up, WARM_UP_SECONDS)
        await _round(bare_url, warm_up, WARM_UP_SECONDS)
        for index in range(runs):
            first, second = (ours_url, bare_url) if index % 2 == 0 else (bare_url, ours_url)
            halves: dict[str, list[Round]] = {ours_url: [], bare_url: []}
            for url in (first, second, second, first):
                halves[url].append(await _round(url, failures[url], ROUND_SECONDS / 2))
            for url, (one, other) in halves.items():
                rounds[url].append(one + other)
    notes = []
    for side, url in (("serve", ours_url), ("the minimal app", bare_url)):
        rates = ", ".join(f"{r.answers_per_second:.0f}" for r in rounds[url])
        generator = median([r.generator_cpu_ms for r in rounds[url]])
        notes.append(
            f"{side}: {rates} req/s by run; the load generator took {generator:.2f} ms of CPU "
            "per answer"
        )
        if failures[url]:
            notes.append(f"{len(failures[url])} requests to {side} failed, e.g. {failures[url][0]}")
    rps.notes.extend(notes)
    p99.notes.extend(notes)
    ours_rounds, bare_rounds = rounds[ours_url], rounds[bare_url]
    rps.ours = median([r.answers_per_second for r in ours_rounds])
    rps.baseline = median([r.answers_per_second for r in bare_rounds])
    p99.ours = median([percentile(r.latencies_ms, 0.99) for r in ours_rounds])
    p99.baseline = median([percentile(r.latencies_ms, 0.99) for r in bare_rounds])
    rps.samples = p99.samples = runs
    return rps, p99
