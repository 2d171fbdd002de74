"""``serve`` under load: POST /search (hybrid) from 200 concurrent clients, against a minimal
FastAPI app that calls the async client directly (scripts/minimal_fastapi.py).

Both apps run as uvicorn processes on loopback and are loaded the same way, alternately. A round
lasts ROUND_SECONDS (requests in flight then finish) and sends at most MAX_REQUESTS.
"""

from __future__ import annotations

import asyncio
import os
import sys
import time
from pathlib import Path

import httpx

from tests.benchmarks.server import HYBRID_COLLECTION, HYBRID_TARGET, HYBRID_TEXTS, BenchServer
from tests.benchmarks.stats import Figure, median, percentile
from tests.listening import free_port, listening_process

CONCURRENCY = 200
ROUND_SECONDS = 10.0
WARM_UP_SECONDS = 3.0
MAX_REQUESTS = 50_000
SCRIPTS = Path(__file__).parent / "scripts"


async def _round(
    base_url: str, failures: list[str], seconds: float = ROUND_SECONDS
) -> tuple[float, list[float]]:
    """Hybrid searches from CONCURRENCY clients for ``seconds``: answers per second, latencies.

    A failed request is not counted as an answer; its error goes in ``failures``.
    """
    latencies: list[float] = []
    next_index = iter(range(MAX_REQUESTS))
    deadline = time.perf_counter() + seconds
    limits = httpx.Limits(max_connections=CONCURRENCY, max_keepalive_connections=CONCURRENCY)
    async with httpx.AsyncClient(base_url=base_url, limits=limits, timeout=30) as client:

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
                    answer = await client.post("/search", json=body)
                    answer.raise_for_status()
                except httpx.HTTPError as exc:
                    failures.append(f"{type(exc).__name__}: {exc}")
                    continue
                latencies.append((time.perf_counter() - started) * 1000)
                assert len(answer.json()) == 10

        started = time.perf_counter()
        async with asyncio.timeout(seconds + 60):  # the requests in flight get a minute
            await asyncio.gather(*(worker() for _ in range(CONCURRENCY)))
        elapsed = time.perf_counter() - started
    return len(latencies) / elapsed, latencies


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
    ours_rps: list[float] = []
    bare_rps: list[float] = []
    ours_p99: list[float] = []
    ours_failures: list[str] = []
    bare_failures: list[str] = []
    bare_p99: list[float] = []
    with (
        listening_process(ours_command, ours_port, env),
        listening_process(bare_command, bare_port, env),
    ):
        ours_url, bare_url = f"http://127.0.0.1:{ours_port}", f"http://127.0.0.1:{bare_port}"
        await _connected(ours_url)
        warm_up: list[str] = []
        # Warm-up: connections, the config cache; not counted.
        await _round(ours_url, warm_up, WARM_UP_SECONDS)
        await _round(bare_url, warm_up, WARM_UP_SECONDS)
        for index in range(runs):
            order = [(ours_url, ours_rps, ours_p99), (bare_url, bare_rps, bare_p99)]
            for url, rates, tails in order if index % 2 == 0 else reversed(order):
                failures = ours_failures if url == ours_url else bare_failures
                rate, latencies = await _round(url, failures)
                rates.append(rate)
                tails.append(percentile(latencies, 0.99))
    for side, failures in (("serve", ours_failures), ("the minimal app", bare_failures)):
        if failures:
            note = f"{len(failures)} requests to {side} failed, e.g. {failures[0]}"
            rps.notes.append(note)
            p99.notes.append(note)
    rps.ours, rps.baseline, rps.samples = median(ours_rps), median(bare_rps), runs
    p99.ours, p99.baseline, p99.samples = median(ours_p99), median(bare_p99), runs
    return rps, p99
