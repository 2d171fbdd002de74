"""The one collection a hostile-input module works on, and a snapshot of everything in it.

Every scalar type the filter language knows, a nested object, a uuid, a geo property, a
reference to itself and one self-provided named vector of 3 numbers, so a wrong dimension is
known before anything is sent. Its description is itself hostile (escapes and Rich markup).
"""

from __future__ import annotations

import re
from typing import Any

from explorer.core.client.session import ExplorerSession

#: Text that would drive a terminal or Rich if printed raw.
CSI_CLEAR = "\x1b[2J"
OSC52_CLIPBOARD = "\x1b]52;c;aGk=\x07"
OSC8_LINK = "\x1b]8;;http://e.example\x1b\\link\x1b]8;;\x1b\\"
C1_CSI = "\x9b2J"
MARKUP_BOLD = "[bold red]x[/]"
MARKUP_LINK = "[link=http://e.example]x[/link]"
MARKUP_UNBALANCED = "[/]"
HOSTILE_DESCRIPTION = f"desc {CSI_CLEAR}{OSC52_CLIPBOARD} {MARKUP_BOLD} {MARKUP_UNBALANCED}"
#: What no output of the REPL may contain: ESC, BEL, the 8-bit CSI, the bidi override.
RAW_CONTROLS = ("\x1b", "\x07", "\x9b", "\u202e")

DIMENSION = 3
SEED_A = "00000000-0000-4000-8000-00000000000a"
SEED_B = "00000000-0000-4000-8000-00000000000b"
SEED_HOSTILE = "00000000-0000-4000-8000-00000000000c"
MISSING = "00000000-0000-4000-8000-0000000000ff"
#: The title and tags of SEED_HOSTILE.
HOSTILE_TITLE = f"a{CSI_CLEAR}b {MARKUP_BOLD}"
HOSTILE_TAGS = [OSC52_CLIPBOARD, C1_CSI, MARKUP_LINK]


async def create_hostile_collection(session: ExplorerSession, name: str) -> None:
    """A fresh ``name`` with three seed objects, one of them hostile; an older one is dropped."""
    from weaviate.classes.config import Configure, DataType, Property, ReferenceProperty

    client = session.client
    await client.collections.delete(name)
    collection = await client.collections.create(
        name,
        description=HOSTILE_DESCRIPTION,
        properties=[
            Property(name="title", data_type=DataType.TEXT, description=MARKUP_LINK + CSI_CLEAR),
            Property(name="tags", data_type=DataType.TEXT_ARRAY),
            Property(name="year", data_type=DataType.INT),
            Property(name="rating", data_type=DataType.NUMBER),
            Property(name="in_print", data_type=DataType.BOOL),
            Property(name="published", data_type=DataType.DATE),
            Property(name="ref_id", data_type=DataType.UUID),
            Property(name="location", data_type=DataType.GEO_COORDINATES),
            Property(
                name="meta",
                data_type=DataType.OBJECT,
                nested_properties=[
                    Property(name="note", data_type=DataType.TEXT),
                    Property(name="level", data_type=DataType.INT),
                ],
            ),
        ],
        vector_config=[Configure.Vectors.self_provided(name="main")],
    )
    await collection.config.add_reference(ReferenceProperty(name="cites", target_collection=name))
    await collection.data.insert(
        {"title": "Dune", "year": 1965, "rating": 4.5, "tags": ["sf"], "in_print": True},
        uuid=SEED_A,
        vector={"main": [0.1, 0.2, 0.3]},
    )
    await collection.data.insert(
        {"title": "Emma", "year": 1815, "rating": 4.0, "tags": ["classic"]},
        uuid=SEED_B,
        vector={"main": [0.3, 0.2, 0.1]},
    )
    await collection.data.insert(
        {"title": HOSTILE_TITLE, "tags": HOSTILE_TAGS, "year": 2000},
        uuid=SEED_HOSTILE,
        vector={"main": [0.2, 0.2, 0.2]},
    )
    session.forget_config(name)


async def snapshot(session: ExplorerSession, name: str) -> list[tuple[str, Any, Any]]:
    """Every object's uuid, properties and vectors, sorted: equal before and after = unchanged."""
    objects = []
    async for item in session.client.collections.use(name).iterator(include_vector=True):
        objects.append((str(item.uuid), _plain(item.properties), _plain(item.vector)))
    return sorted(objects, key=lambda entry: entry[0])


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in sorted(value.items())}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, int | float | str | bool) or value is None:
        return value
    return repr(value)


#: The runner's one line for an exception no handler expected (a bug, not a clean error).
_UNEXPECTED = re.compile(r"Error: Unexpected \w*(Error|Exception)\b")
_SURROGATE = re.compile(r"[\ud800-\udfff]")


def assert_inert(*texts: str) -> None:
    """No raw terminal control or lone surrogate reached the output, and nothing crashed."""
    for text in texts:
        for control in RAW_CONTROLS:
            assert control not in text, f"raw {control!r} in output: {text[:300]!r}"
        assert not _SURROGATE.search(text), f"a lone surrogate in output: {text[:300]!r}"
        assert "Traceback" not in text, text[:2000]
        assert not _UNEXPECTED.search(text), text[:2000]
