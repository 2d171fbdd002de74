"""How the REPL shows the query history, saved queries and generated code."""

from __future__ import annotations

from dataclasses import dataclass

from rich.console import Console
from rich.text import Text

from explorer.core.query.codec import Request, request_kind, request_to_dict
from explorer.core.query.summary import summarize_request
from explorer.core.store.history import HistoryEntry
from explorer.repl.cells import cell, listing
from explorer.repl.render import print_data


@dataclass(frozen=True)
class HistoryView:
    #: (number, entry), oldest first; numbers are what ``replay`` takes.
    entries: tuple[tuple[int, HistoryEntry], ...]

    def show(self, console: Console, output_format: str, *, interactive: bool) -> None:
        if output_format != "table":
            print_data(
                console, [{"number": n, **e.to_dict()} for n, e in self.entries], output_format
            )
            return
        if not self.entries:
            console.print(Text("No queries yet.", style="dim"))
            return
        table = listing(
            "#", "time", "collection", "kind", "summary", "count", "latency", no_wrap=()
        )
        for number, entry in self.entries:
            where = entry.collection + (f"@{entry.tenant}" if entry.tenant else "")
            table.add_row(
                Text(str(number)),
                Text(entry.time.astimezone().strftime("%Y-%m-%d %H:%M:%S")),
                cell(where, 40),
                Text(entry.kind),
                cell(summarize_request(entry.request), 60),
                Text("" if entry.result_count is None else str(entry.result_count)),
                Text("" if entry.latency_ms is None else f"{entry.latency_ms:.0f} ms"),
            )
        console.print(table)


@dataclass(frozen=True)
class SavedView:
    queries: tuple[tuple[str, Request], ...]

    def show(self, console: Console, output_format: str, *, interactive: bool) -> None:
        if output_format != "table":
            data = [{"name": name, "request": request_to_dict(r)} for name, r in self.queries]
            print_data(console, data, output_format)
            return
        if not self.queries:
            console.print(
                Text("No saved queries; save the last query with: save NAME", style="dim")
            )
            return
        table = listing("name", "collection", "kind", "summary", no_wrap=())
        for name, request in self.queries:
            table.add_row(
                cell(name, 64),
                cell(request.collection, 40),
                Text(request_kind(request)),
                cell(summarize_request(request), 70),
            )
        console.print(table)


@dataclass(frozen=True)
class CodeView:
    code: str
    variant: str

    def show(self, console: Console, output_format: str, *, interactive: bool) -> None:
        if output_format == "table":
            console.file.write(self.code)  # verbatim: no wrapping, no styling, pipes stay valid
            console.file.flush()
            return
        print_data(console, {"variant": self.variant, "code": self.code}, output_format)
