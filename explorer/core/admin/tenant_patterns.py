"""Which tenants a selector names, and pages of tenant names: pure functions, no network.

A selector is ``*`` (every tenant), names and globs separated by commas (``acme,globex-*``), or
one regular expression that must match the whole name. Weaviate's client reads every tenant in
one request (``tenants.get()`` has no cursor, and the server's tenants API no ``after``), so
long lists are cut into pages here, by name.
"""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from explorer.core.base.errors import ExplorerError

SelectorKind = Literal["all", "items", "regex"]
#: What a glob may hold besides the characters of a tenant name.
_GLOB_ITEM = re.compile(r"[A-Za-z0-9_\-*?\[\]!]{1,200}")
_GLOB_CHARS = frozenset("*?[")


class BadTenantSelector(ExplorerError):
    """A ``--tenants`` or ``--match`` value that names no tenant the way Weaviate spells them."""


@dataclass(frozen=True)
class TenantSelector:
    """``*``, names and globs (``items``), or one regular expression."""

    kind: SelectorKind
    text: str
    items: tuple[str, ...] = ()
    #: Case-sensitive, like tenant names.
    pattern: re.Pattern[str] | None = None

    @property
    def exact_names(self) -> tuple[str, ...]:
        """The items that are plain names (reported as missing when there is no such tenant)."""
        return tuple(i for i in self.items if not _GLOB_CHARS & set(i))

    def matches(self, name: str) -> bool:
        if self.kind == "all":
            return True
        if self.pattern is not None:
            return self.pattern.fullmatch(name) is not None
        return any(
            fnmatch.fnmatchcase(name, item) if _GLOB_CHARS & set(item) else name == item
            for item in self.items
        )

    def describe(self) -> str:
        if self.kind == "all":
            return "every tenant"
        if self.kind == "regex":
            return f"tenants matching the regex {self.text}"
        return f"tenants matching {self.text}"


ALL_TENANTS = TenantSelector("all", "*")


def parse_tenant_selector(text: str, *, regex: bool = False) -> TenantSelector:
    """``*``, ``a,b,c``, ``acme-*`` (globs: ``*``, ``?``, ``[ab]``), or a regex with ``regex``."""
    stripped = text.strip()
    if not stripped:
        raise BadTenantSelector("Tenants needed", "name tenants: '*', 'a,b,c' or 'prefix*'")
    if regex:
        try:
            return TenantSelector("regex", stripped, pattern=re.compile(stripped))
        except re.error as exc:
            raise BadTenantSelector(
                "Invalid regular expression", f"{stripped!r}: {exc}; fix it or drop --regex"
            ) from None
    items = tuple(dict.fromkeys(i.strip() for i in stripped.split(",") if i.strip()))
    if "*" in items:
        return ALL_TENANTS
    bad = [i for i in items if not _GLOB_ITEM.fullmatch(i)]
    if bad or not items:
        raise BadTenantSelector(
            "Invalid tenant pattern",
            f"{', '.join(repr(b) for b in bad) or repr(stripped)}: tenant names are letters, "
            "digits, '-' and '_'; patterns add * ? and [ ] (use --regex for a regular expression)",
        )
    return TenantSelector("items", ",".join(items), items=items)


@dataclass(frozen=True)
class TenantMatch:
    """The tenants a selector found, by name, with their status as the server reports it."""

    selector: TenantSelector
    #: (name, ACTIVE|INACTIVE|OFFLOADED|…), sorted by name.
    tenants: tuple[tuple[str, str], ...]
    #: Plain names the selector gave that are no tenant of the collection.
    missing: tuple[str, ...]
    #: How many tenants the collection has in all.
    total: int

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(name for name, _status in self.tenants)

    def with_status(self, *statuses: str) -> tuple[str, ...]:
        return tuple(name for name, status in self.tenants if status in statuses)


def match_tenants(selector: TenantSelector, statuses: Mapping[str, str]) -> TenantMatch:
    """The tenants of ``statuses`` (name to status) that ``selector`` names, sorted by name."""
    found = tuple((n, statuses[n]) for n in sorted(statuses) if selector.matches(n))
    missing = tuple(n for n in selector.exact_names if n not in statuses)
    return TenantMatch(selector, found, missing, len(statuses))


def page_after(
    names: Sequence[str], limit: int, after: str | None = None
) -> tuple[list[str], str | None]:
    """Up to ``limit`` of the sorted ``names`` that sort after ``after``; and the next ``after``."""
    start = 0 if after is None else next((i for i, n in enumerate(names) if n > after), len(names))
    page = list(names[start : start + limit])
    more = start + limit < len(names)
    return page, (page[-1] if more and page else None)


def batches(names: Iterable[str], size: int) -> list[list[str]]:
    """``names`` cut into lists of at most ``size``."""
    items = list(names)
    return [items[i : i + size] for i in range(0, len(items), size)]
