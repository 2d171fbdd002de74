"""A search across tenants at the prompt: one table labelled by tenant, then what was left out."""

from __future__ import annotations

from dataclasses import dataclass

from rich.console import Console, Group, RenderableType
from rich.text import Text

from explorer.core.admin.across_tenants import AcrossTenantsResult
from explorer.core.base.formatting import safe_text
from explorer.repl.cells import cell, listing
from explorer.repl.render import LISTING_CELL_WIDTH, print_data

#: Failed tenants listed by name under the table (all of them are in the JSON).
SHOWN_FAILURES = 10


@dataclass(frozen=True)
class AcrossTenantsView:
    result: AcrossTenantsResult
    #: Property columns, in order.
    columns: tuple[str, ...]
    show_vectors: bool = False

    def show(self, console: Console, output_format: str, *, interactive: bool) -> None:
        if output_format != "table":
            print_data(
                console,
                self.result.to_data(self.show_vectors, self.columns),
                output_format,
            )
            return
        console.print(self.table())

    def table(self) -> RenderableType:
        hits = self.result.hits
        metric = "distance" if self.result.request.kind.startswith("near_") else "score"
        if self.result.request.rerank is not None:
            metric = "rerank_score"
        table = listing("tenant", "rank", *self.columns, metric, "uuid")
        for hit in hits:
            value = getattr(hit.record, metric)
            table.add_row(
                cell(hit.tenant, 40),
                Text(str(hit.tenant_rank), justify="right"),
                *(cell(hit.record.column_value(name), LISTING_CELL_WIDTH) for name in self.columns),
                Text("" if value is None else f"{value:.4f}"),
                Text(hit.record.uuid),
            )
        parts: list[RenderableType] = [table]
        failed = [o for o in self.result.problems if o.status in ("failed", "missing")]
        for outcome in failed[:SHOWN_FAILURES]:
            parts.append(
                Text(
                    f"{safe_text(outcome.tenant, 64)}: {outcome.status}: "
                    f"{safe_text(outcome.detail, 200)}",
                    style="red",
                )
            )
        if len(failed) > SHOWN_FAILURES:
            parts.append(
                Text(f"… and {len(failed) - SHOWN_FAILURES:,} more (--format json lists them)")
            )
        parts.append(
            Text(
                f"{safe_text(self.result.summary())} · {self.result.elapsed_ms:.0f} ms",
                style="dim",
            )
        )
        return Group(*parts)
