"""What the vector lab commands print: ``vectors``, ``cosine``, ``recall`` and ``map``.

Each view prints itself: a table at the prompt, the core's JSON shape with ``--format json``.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.console import Console, Group, RenderableType
from rich.text import Text

from explorer.core.base.formatting import safe_text
from explorer.core.lab.recall import RecallReport, recall_data
from explorer.core.lab.similarity import VectorSimilarity
from explorer.core.lab.vector_health import (
    PROBLEM_TITLES,
    PROBLEMS,
    HealthReport,
    health_data,
    norm_chart,
)
from explorer.core.lab.vector_map import VectorMap, map_data
from explorer.repl.cells import cell, listing
from explorer.repl.render import print_data
from explorer.repl.render_aggregate import chart_table

#: uuids listed per problem at the prompt (JSON and --export have them all).
SHOWN_UUIDS = 5
#: Points listed at the prompt (JSON has them all).
SHOWN_POINTS = 20


def _print(console: Console, renderable: RenderableType) -> None:
    console.print(renderable)


@dataclass(frozen=True)
class HealthView:
    report: HealthReport
    #: Where --export wrote every uuid (None: not exported).
    exported_to: str | None = None

    def show(self, console: Console, output_format: str, *, interactive: bool) -> None:
        if output_format != "table":
            print_data(console, health_data(self.report), output_format)
            return
        report = self.report
        parts: list[RenderableType] = [
            Text(
                f"{safe_text(report.collection)}: {report.scanned:,} objects scanned "
                f"in {report.elapsed:.1f}s",
                style="bold",
            )
        ]
        for target in report.targets:
            kind = " (multi-vector)" if target.multi_vector else ""
            parts.append(
                Text(
                    f"\nvector {safe_text(target.target)}{kind}: "
                    f"{target.dimensions or '?'} dimensions",
                    style="bold",
                )
            )
            table = listing("problem", "objects", "uuids")
            for problem in PROBLEMS:
                uuids = target.problems.get(problem, ())
                more = (
                    f" … and {len(uuids) - SHOWN_UUIDS:,} more" if len(uuids) > SHOWN_UUIDS else ""
                )
                table.add_row(
                    PROBLEM_TITLES[problem],
                    f"{len(uuids):,}",
                    Text(", ".join(uuids[:SHOWN_UUIDS]) + more),
                )
            parts.append(table)
            if target.norms is not None:
                n = target.norms
                parts.append(
                    Text(f"norm min {n.minimum:.4g} · median {n.median:.4g} · max {n.maximum:.4g}")
                )
                chart = norm_chart(target)
                if chart is not None:
                    parts.append(chart_table(chart, "norm"))
        if self.exported_to:
            parts.append(Text(f"every uuid of each problem is in {self.exported_to}", style="dim"))
        _print(console, Group(*parts))


@dataclass(frozen=True)
class SimilarityView:
    first: str
    second: str
    similarities: tuple[VectorSimilarity, ...]

    def show(self, console: Console, output_format: str, *, interactive: bool) -> None:
        if output_format != "table":
            print_data(
                console,
                {
                    "first": self.first,
                    "second": self.second,
                    "vectors": [
                        {"target": s.target, "cosine": s.similarity, "note": s.note or None}
                        for s in self.similarities
                    ],
                },
                output_format,
            )
            return
        table = listing("vector", "cosine", "note")
        for s in self.similarities:
            value = f"{s.similarity:.6f}" if s.similarity is not None else "—"
            table.add_row(cell(s.target), value, cell(s.note))
        _print(console, table)


@dataclass(frozen=True)
class RecallView:
    report: RecallReport

    def show(self, console: Console, output_format: str, *, interactive: bool) -> None:
        if output_format != "table":
            print_data(console, recall_data(self.report), output_format)
            return
        r = self.report
        ef = f" · ef {r.ef_used} for this measurement" if r.ef_used is not None else ""
        parts: list[RenderableType] = [
            Text(
                f"recall@{r.k} of {safe_text(r.collection)} vector {safe_text(r.target)}: "
                f"{r.recall:.3f} (mean of {r.sample} queries over {r.compared:,} vectors)",
                style="bold",
            ),
            Text(f"worst query {r.worst.uuid}: {r.worst.recall:.3f}"),
            Text(f"index {safe_text(r.index.describe())}{ef}"),
        ]
        if r.advice:
            parts.append(Text(r.advice, style="yellow"))
        table = listing("uuid", f"recall@{r.k}")
        for query in sorted(r.per_query, key=lambda q: q.recall)[:SHOWN_POINTS]:
            table.add_row(query.uuid, f"{query.recall:.3f}")
        parts.append(Text(f"lowest {min(SHOWN_POINTS, len(r.per_query))} queries:", style="dim"))
        parts.append(table)
        _print(console, Group(*parts))


@dataclass(frozen=True)
class MapView:
    vector_map: VectorMap
    #: The uuids the last search returned: marked in the JSON and the image.
    highlighted: frozenset[str] = frozenset()
    #: The image --output wrote (None: none).
    written_to: str | None = None

    def show(self, console: Console, output_format: str, *, interactive: bool) -> None:
        if output_format != "table":
            print_data(console, map_data(self.vector_map, self.highlighted), output_format)
            return
        m = self.vector_map
        parts: list[RenderableType] = [
            Text(
                f"{len(m.points):,} vectors of {safe_text(m.collection)}.{safe_text(m.target)} "
                f"in 2-D (PCA explains {m.explained[0]:.1%} + {m.explained[1]:.1%} of the "
                "variance)",
                style="bold",
            )
        ]
        if m.skipped:
            parts.append(Text(f"{m.skipped:,} objects had no usable vector", style="dim"))
        if self.written_to:
            parts.append(Text(f"wrote the map to {self.written_to}"))
        table = listing("uuid", "x", "y", *(("color",) if m.color_by else ()))
        for p in m.points[:SHOWN_POINTS]:
            table.add_row(
                p.uuid, f"{p.x:.4f}", f"{p.y:.4f}", *((cell(p.group),) if m.color_by else ())
            )
        parts.append(table)
        if len(m.points) > SHOWN_POINTS:
            parts.append(
                Text(
                    f"… {len(m.points) - SHOWN_POINTS:,} more: --format json lists every point, "
                    "--output map.png draws them",
                    style="dim",
                )
            )
        _print(console, Group(*parts))
