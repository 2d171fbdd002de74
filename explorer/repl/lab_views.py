"""How the REPL shows the lab: a comparison side by side, the RAG workbench's prompts."""

from __future__ import annotations

from dataclasses import dataclass

from rich.console import Console, Group
from rich.text import Text

from explorer.core.base.formatting import safe_multiline
from explorer.core.base.models import CollectionConfig
from explorer.core.lab.compare import (
    CompareResult,
    compare_data,
    object_marks,
    relevance_text,
    title_of,
)
from explorer.core.lab.rag import RagResult, rag_data, task_alternative, task_heading
from explorer.repl.cells import cell, listing
from explorer.repl.render import print_data


@dataclass(frozen=True)
class CompareView:
    result: CompareResult
    config: CollectionConfig

    def show(self, console: Console, output_format: str, *, interactive: bool) -> None:
        if output_format != "table":
            print_data(console, compare_data(self.result), output_format)
            return
        result = self.result
        marks = object_marks(result)
        lists = listing("#", *(m.plan.label for m in result.modes), no_wrap=())
        depth = max((len(m.objects) for m in result.modes), default=0)
        for rank in range(depth):
            row = [Text(str(rank + 1))]
            for mode in result.modes:
                record = mode.objects[rank] if rank < len(mode.objects) else None
                row.append(
                    Text(f"{marks[record.uuid]} {relevance_text(record)}") if record else Text("")
                )
            lists.add_row(*row)
        legend = listing("mark", "uuid", "in lists", "ranks", "title")
        for record in result.distinct_objects():
            ranks = result.ranks_of(record.uuid)
            legend.add_row(
                Text(marks[record.uuid]),
                Text(record.uuid),
                Text(f"{sum(r is not None for r in ranks.values())}/{len(ranks)}"),
                Text(" ".join("-" if r is None else str(r) for r in ranks.values())),
                cell(title_of(record, self.config), 60),
            )
        overlap = listing(f"overlap@{result.request.limit} (Jaccard)", "value")
        for pair, value in result.overlap.items():
            overlap.add_row(Text(pair), Text(f"{value:.2f}"))
        parts: list[Text | object] = [
            Text(f"{result.request.text!r} on {result.request.collection}", style="bold")
        ]
        parts.extend(Text(note, style="yellow") for note in result.notes)
        console.print(Group(*parts, lists, Text(""), legend, Text(""), overlap))  # type: ignore[arg-type]


@dataclass(frozen=True)
class RagView:
    result: RagResult
    config: CollectionConfig
    show_prompts: bool = False

    def show(self, console: Console, output_format: str, *, interactive: bool) -> None:
        if output_format != "table":
            print_data(console, rag_data(self.result), output_format)
            return
        result = self.result
        table = listing("#", "uuid", "score", "rerank", "title", "generated", no_wrap=("uuid",))
        for rank, record in enumerate(result.objects, start=1):
            table.add_row(
                Text(str(rank)),
                Text(record.uuid),
                Text(relevance_text(record)),
                Text("" if record.rerank_score is None else f"{record.rerank_score:.4g}"),
                cell(title_of(record, self.config), 40),
                cell(record.generated or "", 60),
            )
        parts: list[object] = [
            Text(f"RAG · {result.search.kind} on {result.search.collection}", style="bold"),
            table,
        ]
        if self.show_prompts:
            for rank, prompt in enumerate(result.prompts, start=1):
                if prompt is not None:
                    parts.append(Text(f"\nPrompt sent for result {rank}:", style="bold"))
                    parts.append(Text(safe_multiline(prompt)))
        if result.task_prompt is not None:
            if self.show_prompts:
                parts.append(Text("\n" + task_heading(result), style="bold"))
                parts.append(Text(safe_multiline(result.task_prompt)))
                alternative = task_alternative(result)
                if alternative is not None:
                    parts.append(Text("\nOr, in the reranked order:", style="bold"))
                    parts.append(Text(safe_multiline(alternative)))
            parts.append(Text("\nGrouped answer:", style="bold"))
            parts.append(Text(safe_multiline(result.grouped_answer or "")))
        if result.rerank is not None:
            parts.append(_rerank_table(result, self.config))
        console.print(Group(*parts))  # type: ignore[arg-type]


def _rerank_table(result: RagResult, config: CollectionConfig) -> object:
    rerank = result.rerank
    assert rerank is not None
    records = {r.uuid: r for r in (*rerank.before, *rerank.after)}
    table = listing("#", "without rerank", "with rerank", no_wrap=())
    for rank in range(max(len(rerank.before), len(rerank.after))):
        cells = [Text(str(rank + 1) + (" ·" if rank + 1 == rerank.limit else ""))]
        for side in (rerank.before, rerank.after):
            cells.append(cell(title_of(side[rank], config), 50) if rank < len(side) else Text(""))
        table.add_row(*cells)

    def names(uuids: tuple[str, ...]) -> str:
        return ", ".join(title_of(records[u], config) for u in uuids) or "nothing"

    return Group(
        Text(
            f"\nRerank on and off (pool of {len(rerank.before)}, context at limit {rerank.limit}):",
            style="bold",
        ),
        table,
        cell(f"context gained: {names(rerank.gained)}"),
        cell(f"context lost: {names(rerank.lost)}"),
    )
