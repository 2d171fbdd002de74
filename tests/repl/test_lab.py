"""The lab at the REPL on a real server: compare, rag and multi-target searches, with their JSON
and code, on a collection with several named vectors."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from itertools import combinations

import pytest

from explorer.core.client.session import ExplorerSession
from explorer.core.lab.rag_prompts import prompt_from_dummy_echo
from tests.integration.lab_data import ROWS, create_lab_collection
from tests.repl.harness import ReplHarness


@pytest.fixture(scope="module")
async def lab(session: ExplorerSession) -> AsyncIterator[tuple[str, list[str]]]:
    name = f"TLabRepl{uuid.uuid4().hex[:8]}"
    uuids = await create_lab_collection(session, name)
    yield name, uuids
    await session.client.collections.delete(name)


@pytest.fixture
async def repl(session: ExplorerSession, lab: tuple[str, list[str]]) -> ReplHarness:
    harness = ReplHarness(session)
    assert (await harness.run(f"use {lab[0]}")).ok
    return harness


def independent_jaccard(a: list[str], b: list[str]) -> float:
    union = set(a) | set(b)
    return len(set(a) & set(b)) / len(union) if union else 1.0


async def test_compare_json_has_every_mode_and_the_overlap_of_each_pair(
    repl: ReplHarness,
) -> None:
    data = await repl.json('compare "harbour keeper" --target title_vec --limit 4 --alphas 0,0.5,1')
    assert set(data) >= {"modes", "overlap"}
    modes = data["modes"]
    assert [(m["mode"], m["alpha"]) for m in modes] == [
        ("bm25", None),
        ("vector", 1.0),  # text2vec-bigram has no nearText: hybrid with alpha 1, and it says so
        ("hybrid", 0.0),
        ("hybrid", 0.5),
        ("hybrid", 1.0),
    ]
    assert any("no nearText" in note for note in data["notes"])
    for mode in modes:
        assert 0 < len(mode["objects"]) <= 4
        for item in mode["objects"]:
            assert "uuid" in item and ("score" in item or "distance" in item)
    labels = [m["label"] for m in modes]
    assert len(data["overlap"]) == len(list(combinations(labels, 2)))
    lists = {m["label"]: [o["uuid"] for o in m["objects"]] for m in modes}
    for a, b in combinations(labels, 2):
        assert data["overlap"][f"{a} vs {b}"] == pytest.approx(
            independent_jaccard(lists[a], lists[b]), abs=1e-4
        )
    # hybrid at alpha 0 is keyword search: the same set as BM25
    assert set(lists["hybrid 0"]) == set(lists["bm25"])


async def test_compare_table_marks_each_object_in_every_list(repl: ReplHarness) -> None:
    ran = await repl.run('compare "harbour" --target summary_vec --limit 3 --alphas 0.5')
    assert ran.ok, ran.err
    assert "overlap@3 (Jaccard)" in ran.out
    assert "bm25 vs vector" in ran.out and "hybrid 0.5" in ran.out
    assert "A " in ran.out and "mark" in ran.out


async def test_compare_needs_a_target_on_several_vectors_and_checks_alphas(
    repl: ReplHarness,
) -> None:
    ran = await repl.run('compare "harbour"')
    assert not ran.ok and "title_vec" in ran.err and "summary_vec" in ran.err
    ran = await repl.run('compare "harbour" --target title_vec --alphas 0,2')
    assert not ran.ok and "from 0" in ran.err


async def test_compare_with_two_targets_and_its_code(repl: ReplHarness) -> None:
    data = await repl.json(
        'compare "harbour" --target title_vec,summary_vec --combine average --alphas 0.5 --limit 3'
    )
    assert [m["label"] for m in data["modes"]] == ["bm25", "vector", "hybrid 0.5"]
    code = await repl.json("code")
    assert "TargetVectors.average(['title_vec', 'summary_vec'])" in code["code"]
    assert "responses['hybrid 0.5']" in code["code"]


async def test_rag_prompts_match_the_generators_echo_character_for_character(
    repl: ReplHarness,
) -> None:
    data = await repl.json(
        'rag "harbour" --mode bm25 --limit 6 '
        "--prompt 'T={title} Y={year} R={rating} P={in_print} D={published} G={tags} S={summary}' "
        "--task 'Compare {title} with {nothing}'"
    )
    assert len(data["objects"]) >= 4
    for item in data["objects"]:
        assert item["prompt"] == prompt_from_dummy_echo(item["generated"])
    assert data["task"]["prompt"] == prompt_from_dummy_echo(data["task"]["generated"])
    first = next(o for o in data["objects"] if o["properties"]["year"] == 1234567)
    assert "Y=1.234567e+06" in first["prompt"]  # ints reach the module as float64
    assert "\\u003cnorth\\u003e" in data["task"]["prompt"]  # Go's HTML-safe JSON
    assert "ünïcödé 😀" in data["task"]["prompt"]
    assert {"title", "summary", "year", "tags", "published"} <= set(
        data["task"]["context_properties"]
    )


async def test_rag_with_rerank_shows_the_order_before_and_after(repl: ReplHarness) -> None:
    data = await repl.json(
        'rag "harbour" --mode hybrid --target title_vec --limit 2 --pool 5 --rerank summary '
        "--task 'Summarise' --context title,year"
    )
    rerank = data["rerank"]
    assert rerank["limit"] == 2 and rerank["pool"] == len(rerank["before"]) >= 3
    assert sorted(rerank["before"]) == sorted(rerank["after"])
    lost = [u for u in rerank["before"][:2] if u not in rerank["after"][:2]]
    gained = [u for u in rerank["after"][:2] if u not in rerank["before"][:2]]
    assert rerank["gained"] == gained and rerank["lost"] == lost
    # reranker-dummy scores by length: the longest summaries come first after it
    lengths = {i: len(r["summary"]) for i, r in enumerate(ROWS)}
    assert lengths  # the dummy's order is checked on the server's own scores
    scores = [o["rerank_score"] for o in data["objects"]]
    assert scores == sorted(scores, reverse=True)
    # The grouped task was built before or after the rerank (the server picks at random): the
    # echo is one of the two rendered orders, character for character, and says which.
    task = data["task"]
    echoed = prompt_from_dummy_echo(task["generated"])
    assert set(task["prompts"]) == {"search", "reranked"}
    assert task["order"] in ("search", "reranked") and task["prompts"][task["order"]] == echoed
    assert task["prompt"] == echoed and "at random" in task["order_note"]
    table = await repl.run(
        'rag "harbour" --target title_vec --limit 2 --rerank summary --task Summarise --show-prompts'
    )
    assert table.ok, table.err
    assert "Grouped task as sent, in the " in table.out and "Rerank on and off" in table.out


async def test_rag_near_object_and_bad_input(repl: ReplHarness, lab: tuple[str, list[str]]) -> None:
    data = await repl.json(
        f"rag {lab[1][0]} --mode near_object --target custom --prompt 'About {{title}}'"
    )
    assert data["objects"] and all(o["prompt"].startswith("About ") for o in data["objects"])
    ran = await repl.run('rag "harbour" --target title_vec')
    assert not ran.ok and "--prompt" in ran.err
    code = await repl.run('rag "harbour" --target title_vec --task T --rerank summary')
    assert code.ok
    assert "responses['with rerank']" in (await repl.json("code"))["code"]


async def test_multi_target_searches_and_their_errors(
    repl: ReplHarness, lab: tuple[str, list[str]]
) -> None:
    hybrid = await repl.json(
        'hybrid "harbour" --target title_vec,summary_vec --combine manual '
        "--weights title_vec=0.2,summary_vec=0.8 --limit 3"
    )
    assert len(hybrid) == 3
    near = await repl.json(f"near_object {lab[1][0]} --target title_vec,custom --limit 3")
    assert near[0]["uuid"] == lab[1][0]
    code = await repl.json("code")
    assert "TargetVectors.sum(['title_vec', 'custom'])" in code["code"]
    errors = {
        'hybrid "x" --target title_vec,nope': "no vector 'nope'",
        'hybrid "x" --target title_vec,summary_vec --combine manual': "needs a weight",
        'hybrid "x" --target title_vec,summary_vec --weights title_vec=1': "no weight for summary_vec",
        'hybrid "x" --target title_vec,summary_vec --combine sum --weights title_vec=1,summary_vec=2': "takes no weights",
        'hybrid "x" --target title_vec,custom': "cannot vectorize text",
        "near_vector [1,0,0] --target title_vec,custom": "676",
        'hybrid "x" --target title_vec,summary_vec --weights title_vec=x': "VECTOR=NUMBER",
    }
    for line, expected in errors.items():
        ran = await repl.run(line)
        assert not ran.ok, line
        assert expected in ran.err, (line, ran.err)
