"""Example filters and prompts for a collection, built from its own property names and types."""

from __future__ import annotations

from explorer.core.base.errors import ExplorerError
from explorer.core.base.models import CollectionConfig
from explorer.core.where.parser import format_name

#: What an example condition compares each scalar type with.
_EXAMPLE_CONDITION = {
    "int": "{name} > 10",
    "number": "{name} > 10.5",
    "date": "{name} > 2020-01-01",
    "boolean": "{name} = true",
    "text": '{name} = "some text"',
}
#: The order examples take types in: a number first reads most like a filter.
_PREFERRED = ("int", "number", "date", "text", "boolean")
#: Placeholders before a collection is open.
GENERIC_FILTER = 'e.g. year > 2000 and title = "some text"'
GENERIC_PROMPT = "e.g. Explain {property}"


def _written(name: str) -> str | None:
    try:
        return format_name(name)
    except ExplorerError:
        return None


def filter_example(config: CollectionConfig) -> str:
    """Up to two conditions on the collection's own scalar properties, e.g. ``points > 10 and
    round = "some text"``; a uuid condition when it has none."""
    by_type: dict[str, str] = {}
    for prop in config.properties:
        written = _written(prop.name)
        if written is not None and prop.data_type in _EXAMPLE_CONDITION:
            by_type.setdefault(prop.data_type, written)
    conditions = [
        _EXAMPLE_CONDITION[t].format(name=by_type[t]) for t in _PREFERRED if t in by_type
    ][:2]
    return " and ".join(conditions) or 'id = "00000000-0000-0000-0000-000000000000"'


def prompt_example(config: CollectionConfig) -> str:
    """A RAG prompt naming one of the collection's properties, text first."""
    texts = [p.name for p in config.properties if p.data_type == "text"]
    names = texts or [p.name for p in config.properties]
    return f"Explain {{{names[0]}}}" if names else "Explain this object"
