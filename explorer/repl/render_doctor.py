"""The ``doctor`` report: a table of findings (each with its fix) or JSON."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from rich.console import Console
from rich.text import Text

from explorer.core.admin.health_checks import HealthReport
from explorer.core.base.formatting import safe_text
from explorer.repl.cells import cell, listing
from explorer.repl.render import print_data

_STYLE = {"problem": "bold red", "warning": "yellow", "advice": "cyan"}


def report_data(report: HealthReport) -> dict[str, Any]:
    return {
        "healthy": report.healthy,
        "nodes": report.node_count,
        "collections": report.collection_count,
        "findings": [asdict(f) for f in report.findings],
        "unchecked": list(report.unchecked),
    }


@dataclass(frozen=True)
class DoctorView:
    report: HealthReport

    def show(self, console: Console, output_format: str, *, interactive: bool) -> None:
        report = self.report
        if output_format == "jsonl":
            print_data(console, [asdict(f) for f in report.findings], output_format)
            return
        if output_format != "table":
            print_data(console, report_data(report), output_format)
            return
        checked = f"{report.node_count} node(s), {report.collection_count} collection(s) checked"
        if report.healthy:
            console.print(Text(f"No problems found: {checked}.", style="green"))
        else:
            table = listing("Severity", "Object", "Problem", "Fix", no_wrap=())
            for f in report.findings:
                table.add_row(
                    Text(f.severity, style=_STYLE.get(f.severity, "")),
                    cell(f.subject, 60),
                    cell(f.problem, 200),
                    cell(f.fix, 200),
                )
            console.print(table)
            console.print(Text(f"{len(report.findings)} finding(s); {checked}.", style="dim"))
        for line in report.unchecked:
            console.print(Text(f"Not checked: {safe_text(line, 300)}", style="dim"))
