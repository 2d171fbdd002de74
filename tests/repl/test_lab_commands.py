"""The vector lab at the REPL: vectors, cosine, recall and map, on real data."""

from __future__ import annotations

import sys
from collections.abc import AsyncIterator
from pathlib import Path

import numpy as np
import pytest

from explorer.core.client.session import ExplorerSession
from explorer.core.transfer.demo import DEMO_COLLECTION, load_demo
from tests.lab_data import RoughVectors, create_poor_index, create_rough_vectors, poor_vectors
from tests.repl.harness import ReplHarness


@pytest.fixture(scope="module")
async def rough(session: ExplorerSession) -> AsyncIterator[RoughVectors]:
    name = "LabRoughRepl"
    await session.client.collections.delete(name)
    yield await create_rough_vectors(session, name)
    await session.client.collections.delete(name)


@pytest.fixture(scope="module")
async def poor(session: ExplorerSession) -> AsyncIterator[tuple[str, list[str]]]:
    name = "LabPoorRepl"
    await session.client.collections.delete(name)
    yield name, await create_poor_index(session, name)
    await session.client.collections.delete(name)


@pytest.fixture
def repl(session: ExplorerSession) -> ReplHarness:
    return ReplHarness(session)


async def test_vectors_finds_every_problem_of_every_named_vector(
    repl: ReplHarness, rough: RoughVectors, tmp_path: Path
) -> None:
    await repl.run(f"use {rough.name}")
    report = await repl.json(f"vectors --export {tmp_path / 'problems.json'}")
    by_target = {t["target"]: t for t in report["targets"]}
    assert report["scanned"] == len(rough.objects)
    a, b, m = by_target["a"], by_target["b"], by_target["m"]
    assert a["uuids"]["zero"] == [rough.uuid("zero")]
    assert sorted(a["uuids"]["non_finite"]) == sorted([rough.uuid("nan"), rough.uuid("inf")])
    assert a["duplicate_groups"] == [sorted([rough.uuid("dup1"), rough.uuid("dup2")])] or sorted(
        a["duplicate_groups"][0]
    ) == sorted([rough.uuid("dup1"), rough.uuid("dup2")])
    assert b["uuids"]["missing"] == [rough.uuid("no_b")]
    assert b["counts"] == {
        "missing": 1,
        "zero": 0,
        "non_finite": 0,
        "wrong_dimensions": 0,
        "duplicates": 0,
    }
    assert (m["multi_vector"], m["dimensions"], m["uuids"]["zero"]) == (
        True,
        2,
        [rough.uuid("zero")],
    )
    assert sorted(m["uuids"]["duplicates"]) == sorted(
        [rough.uuid("ok1"), rough.uuid("dup1"), rough.uuid("dup2")]
    )
    norms = [
        float(np.linalg.norm(np.asarray(v["b"]))) for _, _, v in rough.objects.values() if "b" in v
    ]
    assert b["norms"]["min"] == pytest.approx(min(norms))
    assert b["norms"]["max"] == pytest.approx(max(norms))
    assert sum(b["norms"]["histogram"]["counts"]) == len(norms)
    assert (tmp_path / "problems.json").read_text().count(rough.uuid("no_b")) == 1
    table = await repl.run("vectors --target b")
    assert (
        "no vector" in table.out and rough.uuid("no_b") in table.out and "vector a" not in table.out
    )


async def test_cosine_per_named_vector(repl: ReplHarness, rough: RoughVectors) -> None:
    await repl.run(f"use {rough.name}")
    data = await repl.json(f"cosine {rough.uuid('ok1')} {rough.uuid('no_b')}")
    found = {v["target"]: v for v in data["vectors"]}
    a1, a2 = (np.asarray(rough.objects[n][2]["a"]) for n in ("ok1", "no_b"))
    assert found["a"]["cosine"] == pytest.approx(a1 @ a2 / np.linalg.norm(a1) / np.linalg.norm(a2))
    assert found["b"]["cosine"] is None and "no such vector" in found["b"]["note"]
    bad = await repl.run(f"cosine {rough.uuid('ok1')} not-a-uuid")
    assert not bad.ok and "is not a UUID" in bad.err


async def test_recall_matches_an_independent_computation(
    repl: ReplHarness, session: ExplorerSession, poor: tuple[str, list[str]]
) -> None:
    """Tiny ef, efConstruction and maxConnections: recall is low, and the same as computed here."""
    name, uuids = poor
    await repl.run(f"use {name}")
    report = await repl.json("recall --sample 40 --k 10")
    assert set(report) >= {"target", "k", "sample", "recall", "worst", "per_query"}
    assert (report["target"], report["k"], report["sample"]) == ("v", 10, 40)
    vectors = poor_vectors().astype(np.float64)
    row_of = {u: i for i, u in enumerate(uuids)}
    collection = session.client.collections.use(name)
    independent = []
    for query in report["per_query"]:
        row = row_of[query["uuid"]]
        exact = np.argsort(((vectors - vectors[row]) ** 2).sum(axis=1), kind="stable")[:10]
        answer = await collection.query.near_vector(
            vectors[row].astype(np.float32).tolist(), target_vector="v", limit=10
        )
        got = {row_of[str(o.uuid)] for o in answer.objects}
        independent.append(len(got & set(exact.tolist())) / 10)
        assert query["recall"] == pytest.approx(independent[-1])
    assert report["recall"] == pytest.approx(float(np.mean(independent)))
    assert report["worst"]["recall"] == pytest.approx(min(independent))
    assert report["recall"] < 0.9  # the poor settings show
    table = await repl.run("recall --sample 5")
    assert "raise ef" in table.out and "efConstruction=4" in table.out
    code = await repl.run("code")
    assert code.ok and "near_vector" in code.out


async def test_recall_with_ef_measures_then_restores_the_index(
    repl: ReplHarness, session: ExplorerSession, poor: tuple[str, list[str]]
) -> None:
    name, _ = poor
    await repl.run(f"use {name}")
    low = await repl.json("recall --sample 20")
    high = await repl.json("recall --sample 20 --ef 300")
    assert high["ef_used"] == 300 and high["recall"] > low["recall"]
    config = await session.client.collections.use(name).config.get()
    assert config.to_dict()["vectorConfig"]["v"]["vectorIndexConfig"]["ef"] == 4


async def test_recall_refuses_beyond_the_memory_limit(repl: ReplHarness, session) -> None:
    await load_demo(session.client)
    await repl.run(f"use {DEMO_COLLECTION}")
    refused = await repl.run("recall --target ada002 --max-memory 1")
    assert not refused.ok
    assert "6 MB" in refused.err and "limit is 1 MB" in refused.err
    multi = await repl.run("recall")
    assert not multi.ok and "--target" in multi.err


async def test_map_on_the_demo_with_colour_filter_and_image(
    repl: ReplHarness, session, tmp_path: Path
) -> None:
    await load_demo(session.client)
    await repl.run(f"use {DEMO_COLLECTION}")
    await repl.run('bm25 "ocean" --limit 3')
    data = await repl.json("map --target ada002 --color-by category --sample 150")
    assert len(data["points"]) == 150 and data["target"] == "ada002"
    assert all(set(p) == {"uuid", "x", "y", "color", "last_query"} for p in data["points"])
    assert sum(data["explained_variance"]) > 0
    code = await repl.run("code")
    assert code.ok and "fetch_objects" in code.out and "include_vector=True" in code.out
    filtered = await repl.json(
        "map --target bigram --where 'round = \"Final Jeopardy!\"' --sample 500"
    )
    assert 0 < len(filtered["points"]) < 500
    image = tmp_path / "map.svg"
    drawn = await repl.run(f"map --target ada002 --sample 100 --output {image}")
    assert drawn.ok, drawn.err
    assert image.read_text().lstrip().startswith("<?xml")
    wrong = await repl.run("map --target ada002 --output map.gif")
    assert not wrong.ok and ".png or .svg" in wrong.err
    unknown = await repl.run("map --target ada002 --color-by nope")
    assert not unknown.ok and "no property 'nope'" in unknown.err


async def test_map_output_without_matplotlib_says_how_to_install(
    repl: ReplHarness, rough: RoughVectors, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "matplotlib", None)  # as if not installed
    await repl.run(f"use {rough.name}")
    done = await repl.run(f"map --target b --output {tmp_path / 'map.png'}")
    assert not done.ok and "weaviate-explorer[plots]" in done.err
