"""The skeleton every generated script shares: imports, the client connection, ``main``.

Used by :mod:`explorer.core.codegen.queries` and :mod:`explorer.core.codegen.files`; secrets never go in:
the API key and every header value are read from the environment.
"""

from __future__ import annotations

import re
from typing import Literal

from explorer.core.base.errors import ExplorerError
from explorer.core.client.connection import ConnectionOptions

Variant = Literal["async", "sync"]
VARIANTS: tuple[Variant, ...] = ("async", "sync")
API_KEY_ENV = "WEAVIATE_API_KEY"
INDENT = "    "


def header_env_var(header: str) -> str:
    """The environment variable a header's value is read from: ``X-OpenAI-Api-Key`` →
    ``X_OPENAI_API_KEY``."""
    return re.sub(r"[^A-Za-z0-9]+", "_", header).strip("_").upper() or "HEADER"


def call_lines(target: str, arguments: list[tuple[str, str]], indent: int) -> list[str]:
    """``target(`` one keyword argument per line ``)``, at ``indent`` levels."""
    pad = INDENT * indent
    if not arguments:
        return [f"{pad}{target}()"]
    lines = [f"{pad}{target}("]
    lines.extend(f"{pad}{INDENT}{name}={value}," for name, value in arguments)
    lines.append(f"{pad})")
    return lines


class Script:
    """Imports, the statements inside the client's ``with`` block, and ``print_results``."""

    def __init__(self, options: ConnectionOptions, variant: Variant) -> None:
        if variant not in VARIANTS:
            raise ExplorerError("Unknown code variant", f"{variant!r}: use async or sync")
        self.options = options
        self.variant = variant
        self.imports: set[str] = {"import json", "import weaviate"}
        self.from_imports: dict[str, set[str]] = {}
        self.body: list[str] = []
        self.printer: list[str] = []

    @property
    def awaits(self) -> str:
        return "await " if self.variant == "async" else ""

    def use(self, module: str, *names: str) -> None:
        self.from_imports.setdefault(module, set()).update(names)

    def connection_arguments(self) -> list[tuple[str, str]]:
        options = self.options
        arguments = [
            ("http_host", repr(options.http_host)),
            ("http_port", repr(options.http_port)),
            ("http_secure", repr(options.http_secure)),
            ("grpc_host", repr(options.resolved_grpc_host)),
            ("grpc_port", repr(options.grpc_port)),
            ("grpc_secure", repr(options.resolved_grpc_secure)),
        ]
        if options.headers:
            self.imports.add("import os")
            headers = ", ".join(
                f"{name!r}: os.environ[{header_env_var(name)!r}]"
                for name, _value in options.headers
            )
            arguments.append(("headers", "{" + headers + "}"))
        if options.api_key:
            self.imports.add("import os")
            self.use("weaviate.classes.init", "Auth")
            arguments.append(("auth_credentials", f"Auth.api_key(os.environ[{API_KEY_ENV!r}])"))
        timeouts = options.timeouts
        self.use("weaviate.classes.init", "AdditionalConfig", "Timeout")
        arguments.append(
            (
                "additional_config",
                f"AdditionalConfig(timeout=Timeout(init={timeouts.init!r}, "
                f"query={timeouts.query!r}, insert={timeouts.insert!r}))",
            )
        )
        return arguments

    def render(self, docstring: str) -> str:
        connect_arguments = self.connection_arguments()
        if self.variant == "async":
            self.imports.add("import asyncio")
            opener = call_lines("weaviate.use_async_with_custom", connect_arguments, 1)
            opener[0] = f"{INDENT}async with {opener[0].strip()}"
            header = "async def main() -> None:"
            run = "asyncio.run(main())"
        else:
            opener = call_lines("weaviate.connect_to_custom", connect_arguments, 1)
            opener[0] = f"{INDENT}with {opener[0].strip()}"
            header = "def main() -> None:"
            run = "main()"
        opener[-1] += " as client:"
        lines = [f'"""{docstring}"""', ""]
        lines.extend(sorted(self.imports - {"import weaviate"}))
        lines.extend(["", "import weaviate"])
        for module in sorted(self.from_imports):
            lines.append(f"from {module} import {', '.join(sorted(self.from_imports[module]))}")
        lines.extend(["", ""])
        if self.printer:
            lines.extend(self.printer)
            lines.extend(["", ""])
        lines.append(header)
        lines.extend(opener)
        lines.extend(f"{INDENT * 2}{line}" if line else "" for line in self.body)
        lines.extend(["", "", 'if __name__ == "__main__":', f"{INDENT}{run}", ""])
        return "\n".join(lines)


def collection_line(collection: str, tenant: str | None) -> str:
    handle = f"client.collections.use({collection!r})"
    if tenant:
        handle += f".with_tenant({tenant!r})"
    return f"collection = {handle}"


def safe_doc(text: str) -> str:
    """Text for inside a triple-quoted docstring: no quotes, backslashes or line breaks."""
    return " ".join(text.replace('"', "'").replace("\\", "/").split())
