"""``serve`` over real HTTP on loopback: every route, the REPL's JSON, tokens, read-only, faults."""

from __future__ import annotations

import json
import signal
import subprocess
import sys

import httpx
import pytest

from explorer.core.query.requests import SearchRequest
from explorer.core.store.saved_queries import SavedQueries
from explorer.local.server import LocalServer
from tests.integration.books import books
from tests.restarts import kill, restart
from tests.serve.conftest import ServeProcess, repl_json, serve_process, wait_until


def comparable(answer: object) -> object:
    """The answer with each ``explain_score`` in a fixed order.

    Weaviate lists the BM25F parts of an explain score in Go map order, which varies between
    two runs of the same query.
    """
    if isinstance(answer, list):
        return [comparable(item) for item in answer]
    if isinstance(answer, dict):
        return {
            key: ", ".join(sorted(value.split(", ")))
            if key == "explain_score" and isinstance(value, str)
            else comparable(value)
            for key, value in answer.items()
        }
    return answer


async def test_health_reports_the_connection(read_only_serve: ServeProcess) -> None:
    async with read_only_serve.client() as client:
        answer = await client.get("/health")
    assert answer.status_code == 200
    health = answer.json()
    assert health["connected"] is True
    assert health["version"] == "1.38.11"
    assert health["read_only"] is True


async def test_collections_have_their_counts(
    read_only_serve: ServeProcess, books_collection: str
) -> None:
    async with read_only_serve.client() as client:
        answer = await client.get("/collections")
    assert answer.status_code == 200
    rows = {row["name"]: row for row in answer.json()}
    assert rows[books_collection]["count"] == len(books())
    assert rows[books_collection]["multi_tenant"] is False


@pytest.mark.parametrize(
    ("body", "command"),
    [
        ({"kind": "bm25", "text": "book", "limit": 4}, 'bm25 "book" --limit 4'),
        (
            {"kind": "bm25", "text": "book", "where": "year > 1995", "limit": 3},
            "bm25 \"book\" --where 'year > 1995' --limit 3",
        ),
        (
            {"kind": "hybrid", "text": "the sea", "alpha": 0.5, "target": "bigram", "limit": 5},
            'hybrid "the sea" --alpha 0.5 --target bigram --limit 5',
        ),
        (
            {"kind": "near_vector", "vector": [1.0, 0.2, 0.1], "target": "custom", "limit": 3},
            'near_vector "[1.0, 0.2, 0.1]" --target custom --limit 3',
        ),
        (
            {"kind": "bm25", "text": "book", "limit": 2, "prompt": "Say {title}"},
            "bm25 \"book\" --limit 2 --prompt 'Say {title}'",
        ),
    ],
    ids=["bm25", "bm25-where", "hybrid", "near-vector", "rag"],
)
async def test_search_answers_as_the_repl_does(
    read_only_serve: ServeProcess,
    weaviate_server: LocalServer,
    books_collection: str,
    body: dict[str, object],
    command: str,
) -> None:
    async with read_only_serve.client() as client:
        answer = await client.post("/search", json={"collection": books_collection, **body})
    assert answer.status_code == 200, answer.text
    expected = repl_json(
        weaviate_server, read_only_serve.config_dir, f"use {books_collection}; {command}"
    )
    assert comparable(answer.json()) == comparable(json.loads(expected))
    assert answer.json(), "the query found nothing: the comparison proves little"


@pytest.mark.parametrize(
    ("body", "fragments"),
    [
        ({"kind": "bm25", "text": "x", "where": "year >> 3"}, ["Invalid filter", "column"]),
        ({"kind": "bm25", "text": "x", "where": "nope = 3"}, ["Invalid filter", "nope"]),
        (
            {"kind": "near_vector", "vector": [1.0, 2.0], "target": "custom"},
            ["Wrong vector length", "3 dimensions", "2 numbers"],
        ),
    ],
    ids=["filter-syntax", "filter-property", "vector-dimension"],
)
async def test_bad_input_is_a_422_with_the_repl_message(
    read_only_serve: ServeProcess,
    books_collection: str,
    body: dict[str, object],
    fragments: list[str],
) -> None:
    async with read_only_serve.client() as client:
        answer = await client.post("/search", json={"collection": books_collection, **body})
    assert answer.status_code == 422, answer.text
    detail = answer.json()["detail"]
    text = f"{detail['title']}: {detail['message']}"
    for fragment in fragments:
        assert fragment in text


async def test_unknown_fields_and_types_are_refused(
    read_only_serve: ServeProcess, books_collection: str
) -> None:
    async with read_only_serve.client() as client:
        extra = await client.post("/search", json={"collection": books_collection, "nope": 1})
        limit = await client.post("/search", json={"collection": books_collection, "limit": 0})
    assert extra.status_code == 422 and "nope" in extra.text
    assert limit.status_code == 422 and "limit" in limit.text


async def test_saved_queries_run_as_the_repl_runs_them(
    read_only_serve: ServeProcess, weaviate_server: LocalServer, books_collection: str
) -> None:
    store = SavedQueries(read_only_serve.config_dir / "saved-queries.json")
    request = SearchRequest(books_collection, "bm25", text="book", limit=5)
    store.save("books5", request)
    async with read_only_serve.client() as client:
        listed = await client.get("/saved")
        ran = await client.post("/saved/books5")
        overridden = await client.post("/saved/books5", json={"limit": 2, "text": "keeper"})
        missing = await client.post("/saved/nothing-here")
    assert listed.status_code == 200
    assert {"name": "books5"}.items() <= listed.json()[0].items()
    assert ran.status_code == 200
    assert comparable(ran.json()) == comparable(
        json.loads(repl_json(weaviate_server, read_only_serve.config_dir, "run books5"))
    )
    assert overridden.status_code == 200
    assert sorted(o["properties"]["title"] for o in overridden.json()) == [
        "The lighthouse keeper",
        "The river keeper",
    ]
    assert comparable(overridden.json()) == comparable(
        json.loads(
            repl_json(
                weaviate_server,
                read_only_serve.config_dir,
                f'use {books_collection}; bm25 "keeper" --limit 2',
            )
        )
    )
    assert missing.status_code == 404
    assert "nothing-here" in missing.json()["detail"]["message"]


async def test_read_only_refuses_changes_and_allow_writes_permits_them(
    read_only_serve: ServeProcess,
    weaviate_server: LocalServer,
    books_collection: str,
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    body = {"collection": books_collection, "kind": "bm25", "text": "book", "limit": 1}
    async with read_only_serve.client() as client:
        refused = await client.put("/saved/mine", json=body)
        refused_delete = await client.delete("/saved/books5")
    assert refused.status_code == 403
    assert "read-only" in refused.json()["detail"]["message"]
    assert refused_delete.status_code == 403
    assert "mine" not in SavedQueries(read_only_serve.config_dir / "saved-queries.json").all()

    tmp = tmp_path_factory.mktemp("writable")
    with serve_process(weaviate_server, tmp, "--allow-writes") as writable:
        async with writable.client() as client:
            saved = await client.put("/saved/mine", json=body)
            ran = await client.post("/saved/mine")
            deleted = await client.delete("/saved/mine")
            gone = await client.post("/saved/mine")
    assert saved.status_code == 200, saved.text
    assert ran.status_code == 200 and len(ran.json()) == 1
    assert deleted.status_code == 204
    assert gone.status_code == 404


async def test_a_token_is_required_when_one_is_set(
    weaviate_server: LocalServer, books_collection: str, tmp_path_factory: pytest.TempPathFactory
) -> None:
    tmp = tmp_path_factory.mktemp("token")
    secret = "s3cret-token-for-the-test"
    with serve_process(
        weaviate_server,
        tmp,
        "--token-env",
        "EXPLORER_TEST_TOKEN",
        env={"EXPLORER_TEST_TOKEN": secret},
    ) as serving:
        async with serving.client() as anonymous, serving.client("wrong") as wrong:
            none_given = await anonymous.get("/collections")
            wrong_given = await wrong.get("/health")
        async with serving.client(secret) as client:
            allowed = await client.get("/collections")
        assert secret not in serving.stderr()
    assert none_given.status_code == 401
    assert none_given.headers["www-authenticate"] == "Bearer"
    assert wrong_given.status_code == 401
    assert allowed.status_code == 200


def test_binding_off_loopback_needs_a_token() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "explorer", "serve", "--host", "0.0.0.0", "--port", "1"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 2
    assert "--token-env" in done.stderr
    assert "not loopback" in done.stderr


async def test_a_lost_weaviate_is_a_503_then_it_comes_back(
    server_binary: object, tmp_path_factory: pytest.TempPathFactory
) -> None:
    from pathlib import Path

    from explorer.core.client.connection import ConnectionOptions
    from explorer.core.client.session import ExplorerSession
    from tests.integration.books import create_books

    data = tmp_path_factory.mktemp("lost")
    server = LocalServer(Path(str(server_binary)), data / "weaviate")
    await server.start()
    try:
        async with ExplorerSession(
            ConnectionOptions(url=server.url, grpc_port=server.grpc_port)
        ) as session:
            await create_books(session, "LostBooks")
        body = {"collection": "LostBooks", "kind": "bm25", "text": "book", "limit": 2}
        with serve_process(server, data) as serving:
            async with serving.client(timeout=45) as client:
                assert (await client.post("/search", json=body)).status_code == 200
                kill(server, signal.SIGKILL)
                lost = await client.post("/search", json=body)
                assert lost.status_code == 503, lost.text
                assert int(lost.headers["retry-after"]) > 0

                async def health_down() -> bool:
                    return (await client.get("/health")).json()["connected"] is False

                await wait_until(health_down, "/health saying disconnected")
                again = await client.post("/search", json=body)
                assert again.status_code == 503
                await restart(server)

                async def answers() -> bool:
                    return (await client.post("/search", json=body)).status_code == 200

                await wait_until(answers, "a search after the restart", within=90)
    finally:
        await server.stop()


async def test_a_weaviate_down_at_start_is_a_503_until_it_is_up(
    server_binary: object, tmp_path_factory: pytest.TempPathFactory
) -> None:
    from pathlib import Path

    from tests.serve.conftest import free_port

    data = tmp_path_factory.mktemp("late")
    server = LocalServer(Path(str(server_binary)), data / "weaviate")
    server.requested_http_port, server.requested_grpc_port = free_port(), free_port()
    address = (f"http://127.0.0.1:{server.requested_http_port}", server.requested_grpc_port)
    with serve_process(address, data) as serving:
        async with serving.client() as client:
            early = await client.get("/collections")
            health = (await client.get("/health")).json()
            assert early.status_code == 503, early.text
            assert int(early.headers["retry-after"]) > 0
            assert health["connected"] is False and health["reason"]
            await server.start()
            try:

                async def answers() -> bool:
                    return (await client.get("/collections")).status_code == 200

                await wait_until(answers, "/collections once Weaviate is up", within=90)
                assert (await client.get("/health")).json()["connected"] is True
            finally:
                await server.stop()


def test_openapi_documents_every_route(read_only_serve: ServeProcess) -> None:
    schema = httpx.get(f"{read_only_serve.base_url}/openapi.json", timeout=30).json()
    assert {"/health", "/collections", "/search", "/saved", "/saved/{name}"} <= set(schema["paths"])
    assert {"SearchBody", "Health", "CollectionRow", "SavedRow", "ErrorResponse"} <= set(
        schema["components"]["schemas"]
    )
    docs = httpx.get(f"{read_only_serve.base_url}/docs", timeout=30)
    assert docs.status_code == 200 and "swagger" in docs.text.lower()
