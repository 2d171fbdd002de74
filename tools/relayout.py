"""Rewrite imports from the flat layout (before the package tree) to the layered one.

Run once over a tree that still names old modules: ``python tools/relayout.py PATH...``.
It is idempotent: a name already in the new layout is left alone.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

MOVES = {
    "explorer.core.errors": "explorer.core.base.errors",
    "explorer.core.models": "explorer.core.base.models",
    "explorer.core.formatting": "explorer.core.base.formatting",
    "explorer.core.paths": "explorer.core.base.paths",
    "explorer.core.json_input": "explorer.core.base.json_input",
    "explorer.core.quiet": "explorer.core.base.quiet",
    "explorer.core.typed_confirmation": "explorer.core.base.typed_confirmation",
    "explorer.core.session": "explorer.core.client.session",
    "explorer.core.connection": "explorer.core.client.connection",
    "explorer.core.auth": "explorer.core.client.auth",
    "explorer.core.health": "explorer.core.client.health",
    "explorer.core.probes": "explorer.core.client.probes",
    "explorer.core.convert": "explorer.core.client.convert",
    "explorer.core.queries": "explorer.core.query.requests",
    "explorer.core.query_returns": "explorer.core.query.returns",
    "explorer.core.request_codec": "explorer.core.query.codec",
    "explorer.core.request_summary": "explorer.core.query.summary",
    "explorer.core.targets": "explorer.core.query.targets",
    "explorer.core.vectors": "explorer.core.query.vectors",
    "explorer.core.vector_dimensions": "explorer.core.query.vector_dimensions",
    "explorer.core.aggregation": "explorer.core.query.aggregation",
    "explorer.core.aggregate_charts": "explorer.core.query.aggregate_charts",
    "explorer.core.where": "explorer.core.where.parser",
    "explorer.core.where_builder": "explorer.core.where.builder",
    "explorer.core.where_syntax": "explorer.core.where.syntax",
    "explorer.core.where_types": "explorer.core.where.types",
    "explorer.core.filters": "explorer.core.where.filters",
    "explorer.core.validation": "explorer.core.objects.validation",
    "explorer.core.mutations": "explorer.core.objects.mutations",
    "explorer.core.schema_admin": "explorer.core.admin.schema",
    "explorer.core.tenant_admin": "explorer.core.admin.tenants",
    "explorer.core.aliases": "explorer.core.admin.aliases",
    "explorer.core.access": "explorer.core.admin.access",
    "explorer.core.backups": "explorer.core.admin.backups",
    "explorer.core.cluster": "explorer.core.admin.cluster",
    "explorer.core.collection_spec": "explorer.core.admin.collection_spec",
    "explorer.core.demo": "explorer.core.transfer.demo",
    "explorer.core.recorded": "explorer.core.store.recorded",
    "explorer.core.profiles": "explorer.core.store.profiles",
    "explorer.core.history": "explorer.core.store.history",
    "explorer.core.saved_queries": "explorer.core.store.saved_queries",
    "explorer.core.codegen": "explorer.core.codegen.queries",
    "explorer.core.codegen_files": "explorer.core.codegen.files",
    "explorer.core.codegen_script": "explorer.core.codegen.script",
    "explorer.core.codegen_values": "explorer.core.codegen.values",
    "explorer.core.backup_copy": "explorer.local.backup_copy",
    "explorer.startup": "explorer.local.startup",
    "explorer.terminal_confirm": "explorer.local.terminal_confirm",
    "explorer.cli": "explorer.cli.main",
    "explorer.cli_options": "explorer.cli.options",
    "explorer.cli_profiles": "explorer.cli.profiles",
}

_NEW_CHILDREN: dict[str, set[str]] = {}
for _new in MOVES.values():
    _parent, _, _child = _new.rpartition(".")
    _NEW_CHILDREN.setdefault(_parent, set()).add(_child)


def _dotted(old: str) -> re.Pattern[str]:
    children = _NEW_CHILDREN.get(old, set())
    guard = f"(?!\\.(?:{'|'.join(sorted(children))})\\b)" if children else ""
    return re.compile(re.escape(old) + r"(?![\w])" + guard)


_PATTERNS = [(_dotted(old), new) for old, new in sorted(MOVES.items(), key=lambda kv: -len(kv[0]))]
_FROM_PACKAGE = re.compile(r"^([ \t]*)from explorer(\.core)? import ([\w, ()\n]+?)$", re.MULTILINE)


def _from_package(match: re.Match[str]) -> str:
    indent = match.group(1)
    package = "explorer" + (match.group(2) or "")
    names = [n.strip() for n in match.group(3).replace("(", "").replace(")", "").split(",")]
    names = [n for n in names if n]
    moved = [n for n in names if f"{package}.{n}" in MOVES]
    if not moved:
        return match.group(0)
    lines = []
    for name in names:
        target = MOVES.get(f"{package}.{name}")
        if target is None:
            lines.append(f"{indent}from {package} import {name}")
        else:
            parent, _, child = target.rpartition(".")
            alias = f" as {name}" if child != name else ""
            lines.append(f"{indent}from {parent} import {child}{alias}")
    return "\n".join(lines)


def rewrite(text: str) -> str:
    text = _FROM_PACKAGE.sub(_from_package, text)
    for pattern, new in _PATTERNS:
        text = pattern.sub(new, text)
    return text


def main(paths: list[str]) -> None:
    for root in paths:
        files = [Path(root)] if Path(root).is_file() else Path(root).rglob("*")
        for path in files:
            if (
                path.suffix not in {".py", ".toml", ".md", ".cfg", ".ini"}
                and path.name != "Makefile"
            ):
                continue
            if path.name == "relayout.py":
                continue
            old = path.read_text()
            new = rewrite(old)
            if new != old:
                path.write_text(new)
                print(f"rewrote {path}")


if __name__ == "__main__":
    main(sys.argv[1:] or ["explorer", "tests"])
