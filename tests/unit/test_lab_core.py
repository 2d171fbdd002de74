"""The lab's pure parts: overlap, marks, Go's number formats, prompt rendering, multi-target
checks (no server; the echo tests in tests/repl/test_lab.py check the rendering end to end)."""

from __future__ import annotations

import pytest

from explorer.core.base.errors import ExplorerError
from explorer.core.lab.compare import mark, parse_alphas
from explorer.core.lab.go_values import go_float_v, go_json
from explorer.core.lab.overlap import gained_and_lost, jaccard, pairwise_overlap, ranks
from explorer.core.lab.rag_prompts import (
    PromptPropertyEmpty,
    render_grouped_task,
    render_single_prompt,
)
from explorer.core.query.requests import MultiTarget
from explorer.core.query.targets import check_multi_target, multi_target, parse_weights
from tests.repl.schemas import config


def test_overlap_ranks_and_marks() -> None:
    assert jaccard(["a", "b"], ["b", "c"]) == pytest.approx(1 / 3)
    assert jaccard([], []) == 1.0
    lists = {"x": ["a", "b", "c"], "y": ["c", "d"]}
    assert pairwise_overlap(lists, 2) == {"x vs y": 0.0}
    assert pairwise_overlap(lists, 3) == {"x vs y": 0.25}
    assert ranks(lists, "c") == {"x": 3, "y": 1}
    assert gained_and_lost(["a", "b"], ["b", "c"]) == (("c",), ("a",))
    assert [mark(i) for i in (0, 25, 26, 27, 701, 702)] == ["A", "Z", "AA", "AB", "ZZ", "AAA"]


def test_alphas_are_checked() -> None:
    assert parse_alphas("0, 0.5,0.5,1") == (0.0, 0.5, 1.0)
    for bad in ("", "x", "1.5", "-0.1", "nan"):
        with pytest.raises(ExplorerError):
            parse_alphas(bad)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (1234567, "1.234567e+06"),
        (999999, "999999"),
        (0.1, "0.1"),
        (123456789.5, "1.234567895e+08"),
        (0.0001, "0.0001"),
        (0.00001, "1e-05"),
        (-3, "-3"),
        (2.0, "2"),
    ],
)
def test_go_percent_v_of_a_float64(value: float, expected: str) -> None:
    assert go_float_v(value) == expected


def test_go_json_is_html_safe_and_sorts_keys() -> None:
    assert go_json({"b": ["<a&b>", 'q"'], "a": [1e21, 1e-7, 12345678901]}) == (
        '{"a":[1e+21,1e-7,12345678901],"b":["\\u003ca\\u0026b\\u003e","q\\""]}'
    )
    assert go_json("tab\tnl\nbell\x07\u2028") == '"tab\\tnl\\nbell\\u0007\\u2028"'


def test_single_prompt_fills_in_turn_and_refuses_an_empty_property() -> None:
    # strings.ReplaceAll on the prompt so far: a value holding {b} is filled too
    assert render_single_prompt("{a} and {b}", {"a": "x{b}", "b": "y"}) == "xy and y"
    with pytest.raises(PromptPropertyEmpty):
        render_single_prompt("{missing}", {"a": "x"})


def test_grouped_task_fills_from_the_first_result_and_keeps_unknown_names() -> None:
    rendered = render_grouped_task("Compare {t} {nope}", [{"t": "one"}, {}, {"t": "two"}])
    assert rendered == 'Compare one nope: [{"t":"one"},{"t":"two"}]'


def test_weights_and_multi_target_checks() -> None:
    assert parse_weights("a=0.7, b=0.3") == (("a", 0.7), ("b", 0.3))
    assert multi_target(("a", "b"), None, "a=1,b=2").combination == "manual"
    for bad in ("a", "a=x", "=1", "a=-1", "a=inf"):
        with pytest.raises(ExplorerError):
            parse_weights(bad)
    jeopardy = config("J", {"q": "text"}, ("v1", "v2"))
    check_multi_target(jeopardy, "near_vector", MultiTarget(("v1", "v2")))
    refused = {
        MultiTarget(("v1",)): "two or more",
        MultiTarget(("v1", "v1")): "named twice",
        MultiTarget(("v1", "zz")): "no vector 'zz'",
        MultiTarget(("v1", "v2"), "median"): "combine with",
        MultiTarget(("v1", "v2"), "relative-score"): "needs a weight",
        MultiTarget(("v1", "v2"), "manual", (("v1", 1.0), ("v3", 1.0))): "v3 is not a target",
    }
    for multi, expected in refused.items():
        with pytest.raises(ExplorerError, match=expected):
            check_multi_target(jeopardy, "near_vector", multi)
    with pytest.raises(ExplorerError, match="searches no vector"):
        check_multi_target(jeopardy, "bm25", MultiTarget(("v1", "v2")))
    with pytest.raises(ExplorerError, match="cannot vectorize"):
        check_multi_target(jeopardy, "hybrid", MultiTarget(("v1", "v2")))


def test_a_reranked_grouped_task_is_in_the_order_the_echo_shows_or_both() -> None:
    """v1.38.11 builds the grouped task before or after the rerank, at random (Go map order)."""
    from explorer.core.lab.rag import sent_order
    from explorer.core.lab.rag_prompts import DUMMY_PREFIX, DUMMY_SUFFIX

    prompts = {"search": "Sum up [a, b]", "reranked": "Sum up [b, a]"}
    assert sent_order(prompts, f"{DUMMY_PREFIX}Sum up [b, a]{DUMMY_SUFFIX}") == "reranked"
    assert sent_order(prompts, f"{DUMMY_PREFIX}Sum up [a, b]{DUMMY_SUFFIX}") == "search"
    assert sent_order(prompts, "A real model's answer") == "unknown"
    assert sent_order(prompts, f"{DUMMY_PREFIX}something else{DUMMY_SUFFIX}") == "unknown"
    same = {"search": "Sum up [a]", "reranked": "Sum up [a]"}
    assert sent_order(same, "A real model's answer") == "search"


def test_search_order_sorts_by_score_and_breaks_ties_by_the_unreranked_pool() -> None:
    from explorer.core.base.models import ObjectRecord
    from explorer.core.lab.rag import search_order

    def record(uuid: str, score: float) -> ObjectRecord:
        return ObjectRecord(uuid, "C", {}, score=score)

    reranked = (record("a", 0.5), record("b", 0.9), record("c", 0.5))
    pool = (record("b", 0.9), record("c", 0.5), record("x", 0.4), record("a", 0.5))
    assert [r.uuid for r in search_order(reranked, pool)] == ["b", "c", "a"]
    assert [r.uuid for r in search_order(reranked)] == ["b", "a", "c"]  # ties: reranked order
