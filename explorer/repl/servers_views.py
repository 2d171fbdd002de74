"""How the REPL shows a schema diff, a whole-schema comparison and an apply's outcome."""

from __future__ import annotations

from dataclasses import dataclass

from rich.console import Console
from rich.text import Text

from explorer.core.servers.diff_apply import ApplyResult
from explorer.core.servers.schema_diff import CollectionDiff, SchemaComparison, describe_value
from explorer.repl.cells import cell, listing
from explorer.repl.render import print_data

_CHANGE_STYLE = {"added": "green", "removed": "red", "changed": "yellow"}


@dataclass(frozen=True)
class SchemaDiffView:
    diff: CollectionDiff
    a_url: str
    b_url: str

    def show(self, console: Console, output_format: str, *, interactive: bool) -> None:
        data = {**self.diff.as_json(), "a_url": self.a_url, "b_url": self.b_url}
        if output_format != "table":
            print_data(console, data, output_format)
            return
        head = f"A: {self.diff.a_name} at {self.a_url}   B: {self.diff.b_name} at {self.b_url}"
        console.print(Text(head, style="dim"))
        if not self.diff.differences:
            console.print(Text("The two configs are the same.", style="dim"))
            return
        table = listing("section", "setting", "change", "A", "B", "in place", no_wrap=())
        for d in self.diff.differences:
            table.add_row(
                Text(d.section),
                cell(d.where, 40),
                Text(d.change, style=_CHANGE_STYLE[d.change]),
                cell(describe_value(d.a), 30),
                cell(describe_value(d.b), 30),
                cell(("yes" if d.in_place else "no") + (f": {d.note}" if d.note else ""), 50),
            )
        console.print(table)
        movable = len(self.diff.in_place)
        console.print(
            Text(
                f"{len(self.diff.differences)} differences, {movable} can change in place"
                + (" (--apply makes A match B for those)" if movable else ""),
                style="dim",
            )
        )


@dataclass(frozen=True)
class SchemaComparisonView:
    comparison: SchemaComparison
    a_url: str
    b_url: str

    def show(self, console: Console, output_format: str, *, interactive: bool) -> None:
        data = {**self.comparison.as_json(), "a_url": self.a_url, "b_url": self.b_url}
        if output_format != "table":
            print_data(console, data, output_format)
            return
        console.print(Text(f"A: {self.a_url}   B: {self.b_url}", style="dim"))
        table = listing("collection", "where", "differences", no_wrap=())
        for name in self.comparison.only_a:
            table.add_row(cell(name, 60), Text("only on A", style="red"), Text(""))
        for name in self.comparison.only_b:
            table.add_row(cell(name, 60), Text("only on B", style="green"), Text(""))
        for diff in self.comparison.both:
            count = len(diff.differences)
            table.add_row(
                cell(diff.a_name, 60),
                Text("both"),
                Text(
                    f"{count} ({len(diff.in_place)} in place)" if count else "same",
                    style="yellow" if count else "dim",
                ),
            )
        console.print(table)


@dataclass(frozen=True)
class ApplyView:
    result: ApplyResult

    def show(self, console: Console, output_format: str, *, interactive: bool) -> None:
        if output_format != "table":
            print_data(console, self.result.as_json(), output_format)
            return
        console.print(Text(self.result.summary()))
