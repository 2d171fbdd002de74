"""Hostile import files, one row each: the file's name and bytes, and what the import must do.

``@U1`` … ``@U9`` in a file stand for uuids of that case (see :func:`case_uuid`), so the test can
check which rows landed. A case either refuses the whole file (``file_error``: fragments of
the one error line, nothing imported) or imports it, listing the rows that must fail with
fragments of their reason (``failed``), the rows that must land (``imported``) and exact values
the server must hold (``stored``).
"""

from __future__ import annotations

import json
import re
import uuid
from dataclasses import dataclass, field
from typing import Any

from tests.hostile.hostile_collection import (
    C1_CSI,
    CSI_CLEAR,
    MARKUP_BOLD,
    MARKUP_LINK,
    OSC8_LINK,
    OSC52_CLIPBOARD,
)

COLLECTION = "HostileImport"
MEGABYTE = 1024 * 1024
_TOKEN = re.compile(rb"@U(\d)")
_TEXT_TOKEN = re.compile(r"@U(\d)")


def case_uuid(case_id: str, number: int) -> str:
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"hostile-import/{case_id}/{number}"))


@dataclass(frozen=True)
class ImportCase:
    id: str
    category: str
    file_name: str
    #: The file's text (encoded with ``encoding``) or its exact bytes.
    content: str | bytes
    encoding: str = "utf-8"
    #: The whole file is refused: fragments of the error line.
    file_error: tuple[str, ...] = ()
    #: Row number -> fragments of the reason in the failed-rows file.
    failed: dict[int, tuple[str, ...]] = field(default_factory=dict)
    #: Tokens (1 for @U1 …) of rows that must be in the collection afterwards.
    imported: tuple[int, ...] = ()
    #: (token, property, the exact value the server holds).
    stored: tuple[tuple[int, str, Any], ...] = ()

    def data(self) -> bytes:
        """The file's bytes with the tokens replaced (before encoding: UTF-16 hides them)."""
        if isinstance(self.content, bytes):
            return _TOKEN.sub(lambda m: self.uuid(int(m.group(1))).encode(), self.content)
        text = _TEXT_TOKEN.sub(lambda m: self.uuid(int(m.group(1))), self.content)
        return text.encode(self.encoding)

    def uuid(self, token: int) -> str:
        return case_uuid(self.id, token)


def line(**values: Any) -> str:
    """One JSONL row (non-ASCII kept as it is)."""
    return json.dumps(values, ensure_ascii=False)


def jsonl(*rows: str) -> str:
    return "\n".join(rows) + "\n"


GOOD1 = line(uuid="@U1", title="fine")
GOOD3 = line(uuid="@U3", title="fine too")


def _deep(depth: int) -> str:
    return '{"a": ' * depth + "1" + "}" * depth


CASES: tuple[ImportCase, ...] = (
    # -- malformed JSON -------------------------------------------------------------------------
    ImportCase(
        "jsonl-truncated-row",
        "malformed-json",
        "rows.jsonl",
        jsonl(GOOD1, '{"uuid": "@U2", "title": "cut', GOOD3),
        failed={2: ("invalid JSON", "column", "close the text with a double quote")},
        imported=(1, 3),
    ),
    ImportCase(
        "jsonl-trailing-comma",
        "malformed-json",
        "rows.jsonl",
        jsonl(GOOD1, '{"uuid": "@U2", "title": "x",}', GOOD3),
        failed={2: ("remove the trailing comma",)},
        imported=(1, 3),
    ),
    ImportCase(
        "jsonl-single-quotes",
        "malformed-json",
        "rows.jsonl",
        jsonl(GOOD1, "{'uuid': '@U2', 'title': 'x'}"),
        failed={2: ("JSON needs double quotes",)},
        imported=(1,),
    ),
    ImportCase(
        "jsonl-nan-literal",
        "malformed-json",
        "rows.jsonl",
        jsonl('{"uuid": "@U1", "rating": NaN}', GOOD3),
        failed={1: ("rating", "NaN", "finite")},
        imported=(3,),
    ),
    ImportCase(
        "jsonl-row-not-object",
        "malformed-json",
        "rows.jsonl",
        jsonl(GOOD1, '["@U2", 1]', '"just text"', GOOD3),
        failed={2: ("expected a JSON object", "found a list"), 3: ("found a string",)},
        imported=(1, 3),
    ),
    ImportCase(
        "json-truncated-file",
        "malformed-json",
        "rows.json",
        '[{"uuid": "@U1", "title": "x"}, {"title": ',
        file_error=("Invalid JSON", "line 1", "the text ends early"),
    ),
    ImportCase(
        "json-top-level-object",
        "malformed-json",
        "rows.json",
        '{"uuid": "@U1", "title": "x"}',
        file_error=("holds neither an array of objects nor", '{"objects": [...]}'),
    ),
    ImportCase(
        "json-top-level-number",
        "malformed-json",
        "rows.json",
        "42",
        file_error=("holds neither an array of objects nor",),
    ),
    ImportCase(
        "json-row-not-object",
        "malformed-json",
        "rows.json",
        '[{"uuid": "@U1", "title": "x"}, "text", {"uuid": "@U3", "title": "y"}]',
        failed={2: ("expected an object", "found str")},
        imported=(1, 3),
    ),
    # -- wrong property types ---------------------------------------------------------------------
    ImportCase(
        "jsonl-wrong-types",
        "wrong-types",
        "rows.jsonl",
        jsonl(
            line(uuid="@U1", year="1999"),
            line(uuid="@U2", year=1999.5),
            line(uuid="@U3", year=2**63),
            line(uuid="@U4", year=2**53 + 1),
            line(uuid="@U5", in_print="yes"),
            line(uuid="@U6", published="31/12/2020"),
            line(uuid="@U7", title=["a", "b"]),
            line(uuid="@U8", tags="sf"),
            line(uuid="@U9", year=2001, tags=["sf"], published="2020-12-31T00:00:00Z"),
        ),
        failed={
            1: ("year: expected int", "drop the quotes"),
            2: ("year: expected int", "drop the fraction"),
            3: ("year: expected int", "out of the 64-bit range"),
            4: ("year: expected int", "only up to 2^53"),
            5: ("in_print: expected boolean, true or false",),
            6: ("published: '31/12/2020' is not a date", "write e.g. 2024-01-31T12:00:00Z"),
            7: ("title: expected text",),
            8: ("tags: expected text[], a list of text values",),
        },
        imported=(9,),
    ),
    ImportCase(
        "csv-wrong-types",
        "wrong-types",
        "rows.csv",
        "uuid,year,rating,in_print,published\n"
        "@U1,1999.5,,,\n"
        "@U2,twenty,,,\n"
        "@U3,99999999999999999999,,,\n"
        "@U4,,high,,\n"
        "@U5,,,maybe,\n"
        "@U6,,,,yesterday\n"
        "@U7,2001,4.5,yes,2020-12-31\n",
        failed={
            2: ("year: expected int", "drop the fraction"),
            3: ("year", "twenty", "whole number such as 1999"),
            4: ("year: expected int", "out of the 64-bit range"),
            5: ("rating", "high", "such as 4.5"),
            6: ("in_print", "maybe", "true or false"),
            7: ("published", "yesterday", "2024-01-31T12:00:00Z"),
        },
        imported=(7,),
    ),
    # -- invalid uuids ----------------------------------------------------------------------------
    ImportCase(
        "jsonl-bad-uuids",
        "uuids",
        "rows.jsonl",
        jsonl(
            line(uuid="not-a-uuid", title="x"),
            line(uuid="@U2", ref_id="nope"),
            line(uuid="@U3", cites="not-a-uuid"),
            line(uuid="@U4", cites=["weaviate://localhost/HostileImport/zzz"]),
            line(uuid=42, title="x"),
            GOOD1,
        ),
        failed={
            1: ("uuid", "'not-a-uuid' is not a UUID"),
            2: ("ref_id", "expected uuid"),
            3: ("cites", "is not a UUID"),
            4: ("cites", "is not a UUID"),
            5: ("uuid", "42", "is not a UUID"),
        },
        imported=(1,),
    ),
    ImportCase(
        "csv-bad-uuid",
        "uuids",
        "rows.csv",
        "uuid,title,cites\nnope,x,\n@U2,y,bad-target\n@U3,z,\n",
        failed={2: ("'nope' is not a UUID",), 3: ("cites", "bad-target")},
        imported=(3,),
    ),
    # -- unknown names ----------------------------------------------------------------------------
    ImportCase(
        "jsonl-unknown-properties",
        "unknown-names",
        "rows.jsonl",
        jsonl(
            line(uuid="@U1", titel="x"),
            line(uuid="@U2", Title="x"),
            line(uuid="@U3", **{f"ti{CSI_CLEAR}tle": "x"}),
            line(uuid="@U4", **{MARKUP_BOLD: "x"}),
            line(uuid="@U5", title="ok"),
        ),
        failed={
            1: ("has no property 'titel'", "title"),
            2: ("has no property 'Title'", "title"),
            3: ("has no property",),
            4: (f"has no property '{MARKUP_BOLD}'",),
        },
        imported=(5,),
    ),
    ImportCase(
        "csv-unknown-columns",
        "unknown-names",
        "rows.csv",
        f"uuid,Title,ti{CSI_CLEAR}tle,{MARKUP_LINK}\n@U1,x,y,z\n",
        file_error=(
            "has columns",
            "does not: Title",
            "It takes uuid, title",
            "Nothing was imported",
        ),
    ),
    ImportCase(
        "csv-empty-header-name",
        "unknown-names",
        "rows.csv",
        "uuid,title,,year\n@U1,x,,3\n",
        file_error=("has columns HostileImport does not: (an empty header cell)",),
    ),
    # -- vectors ----------------------------------------------------------------------------------
    ImportCase(
        "jsonl-bad-vectors",
        "vectors",
        "rows.jsonl",
        jsonl(
            line(uuid="@U1", title="a", vector=[1, 2]),
            '{"uuid": "@U2", "title": "b", "vector": [1, NaN, 2]}',
            '{"uuid": "@U3", "title": "c", "vector": [1, Infinity, 2]}',
            line(uuid="@U4", title="d", vector=["a", 1, 2]),
            line(uuid="@U5", title="e", vector=[]),
            line(uuid="@U6", title="f", vectors={"mian": [1, 2, 3]}),
            line(uuid="@U7", title="g", vector=[0.5, 0.5, 0.5]),
        ),
        failed={
            1: ("vector", "expected 3 numbers", "got 2"),
            2: ("vector", "finite"),
            3: ("vector", "finite"),
            4: ("vector", "expected a number"),
            5: ("vector", "non-empty list of numbers"),
            6: ("no vector", "mian", "main"),
        },
        imported=(7,),
    ),
    ImportCase(
        "csv-bad-vectors",
        "vectors",
        "rows.csv",
        'uuid,title,vector.main\n@U1,a,"[1, 2]"\n@U2,b,not json\n@U3,c,"[1, 2, 3]"\n',
        failed={2: ("expected 3 numbers",), 3: ("vector.main", "not valid JSON")},
        imported=(3,),
    ),
    # -- empty and whitespace-only ------------------------------------------------------------------
    ImportCase(
        "csv-empty-and-blank-cells",
        "empty",
        "rows.csv",
        "uuid,title,year,tags\n@U1,,,\n@U2,   ,  ,\n@U3,\t,7,\n",
        failed={3: ("year", "expected int")},
        imported=(1, 3),
        stored=((3, "title", "\t"), (3, "year", 7)),
    ),
    ImportCase(
        "jsonl-blank-lines-and-empty-strings",
        "empty",
        "rows.jsonl",
        "\n   \n" + jsonl(line(uuid="@U3", title="", tags=["", " "])) + "\n\n",
        imported=(3,),
        stored=((3, "title", ""), (3, "tags", ["", " "])),
    ),
    ImportCase("csv-empty-file", "empty", "rows.csv", "", file_error=("has no header row",)),
    # -- big values -------------------------------------------------------------------------------
    ImportCase(
        "jsonl-1mb-and-10mb-values",
        "big",
        "rows.jsonl",
        jsonl(
            line(uuid="@U1", title="m" * MEGABYTE), line(uuid="@U2", title="t" * (10 * MEGABYTE))
        ),
        imported=(1, 2),
        stored=((1, "title", "m" * MEGABYTE), (2, "title", "t" * (10 * MEGABYTE))),
    ),
    ImportCase(
        "csv-1mb-cell",
        "big",
        "rows.csv",
        "uuid,title\n@U1," + "c" * MEGABYTE + "\n",
        imported=(1,),
        stored=((1, "title", "c" * MEGABYTE),),
    ),
    # -- deep nesting -----------------------------------------------------------------------------
    ImportCase(
        "jsonl-deep-rows",
        "deep",
        "rows.jsonl",
        jsonl(
            '{"uuid": "@U1", "meta": ' + _deep(50) + "}",
            '{"uuid": "@U2", "meta": ' + _deep(2000) + "}",
            GOOD3,
        ),
        failed={
            1: ("meta.a", 'meta has no nested property "a"', "choose from note, level"),
            2: ("nested too deep", "flatten it"),
        },
        imported=(3,),
    ),
    ImportCase(
        "json-deep-file",
        "deep",
        "rows.json",
        '[{"uuid": "@U1", "meta": ' + _deep(2000) + "}]",
        file_error=("nested too deep", "flatten"),
    ),
    ImportCase(
        "csv-deep-cell",
        "deep",
        "rows.csv",
        'uuid,meta\n@U1,"' + _deep(2000).replace('"', '""') + '"\n@U2,"{""note"": ""ok""}"\n',
        failed={2: ("meta", "nested too deep")},
        imported=(2,),
        stored=((2, "meta", {"note": "ok"}),),
    ),
    # -- unicode ----------------------------------------------------------------------------------
    ImportCase(
        "jsonl-unicode-round-trip",
        "unicode",
        "rows.jsonl",
        jsonl(
            line(uuid="@U1", title="مرحبا بالعالم שלום"),
            line(uuid="@U2", title="👩\u200d👩\u200d👧\u200d👦 🏳️\u200d🌈 👍🏽"),
            line(uuid="@U3", title="e\u0301 a\u0308 Z\u0337"),
            line(uuid="@U4", title="a\u200bb\u200cc\ufeffd\u202e"),
        ),
        imported=(1, 2, 3, 4),
        stored=(
            (1, "title", "مرحبا بالعالم שלום"),
            (2, "title", "👩\u200d👩\u200d👧\u200d👦 🏳️\u200d🌈 👍🏽"),
            (3, "title", "e\u0301 a\u0308 Z\u0337"),
            (4, "title", "a\u200bb\u200cc\ufeffd\u202e"),
        ),
    ),
    ImportCase(
        "jsonl-lone-surrogate",
        "unicode",
        "rows.jsonl",
        jsonl(GOOD1, '{"uuid": "@U2", "title": "a\\ud800b"}', GOOD3),
        failed={2: ("title", "lone surrogate \\ud800", "remove it")},
        imported=(1, 3),
    ),
    ImportCase(
        "jsonl-invalid-utf8-row",
        "unicode",
        "rows.jsonl",
        GOOD1.encode() + b'\n{"uuid": "@U2", "title": "caf\xe9"}\n' + GOOD3.encode() + b"\n",
        failed={2: ("not UTF-8", "save the file as UTF-8")},
        imported=(1, 3),
    ),
    ImportCase(
        "json-lone-surrogate-in-array",
        "unicode",
        "rows.json",
        '[{"uuid": "@U1", "title": "\\udfff"}, {"uuid": "@U2", "title": "ok"}]',
        failed={1: ("lone surrogate \\udfff",)},
        imported=(2,),
    ),
    # -- CSV shapes and encodings ---------------------------------------------------------------
    ImportCase(
        "csv-ragged-rows",
        "csv",
        "rows.csv",
        "uuid,title,year\n@U1,short\n@U2,long,1,extra\n@U3,right,3\n",
        failed={2: ("2 cells", "header has 3"), 3: ("4 cells", "header has 3", "quote")},
        imported=(3,),
    ),
    ImportCase(
        "csv-utf8-bom",
        "csv",
        "rows.csv",
        "\ufeffuuid,title\n@U1,café\n",
        imported=(1,),
        stored=((1, "title", "café"),),
    ),
    ImportCase(
        "csv-utf16-bom",
        "csv",
        "rows.csv",
        "uuid,title\n@U1,café ☕\n",
        encoding="utf-16",  # with a byte-order mark, as Python writes it
        imported=(1,),
        stored=((1, "title", "café ☕"),),
    ),
    ImportCase(
        "csv-latin1",
        "csv",
        "rows.csv",
        "uuid,title\n@U1,ok\n@U2,café\n",
        encoding="latin-1",
        file_error=("not UTF-8", "line 3", "save it as UTF-8", "Latin-1"),
    ),
    ImportCase(
        "csv-cp1252-quotes",
        "csv",
        "rows.csv",
        "uuid,title\n@U1,\u201cquoted\u201d \u20ac\n",
        encoding="cp1252",
        file_error=("not UTF-8", "line 2", "save it as UTF-8", "Windows-1252"),
    ),
    ImportCase(
        "jsonl-utf16",
        "csv",
        "rows.jsonl",
        line(uuid="@U1", title="x") + "\n",
        encoding="utf-16",
        file_error=("UTF-16", "save it as UTF-8"),
    ),
    # -- terminal escapes and markup in values and in errors ------------------------------------
    ImportCase(
        "jsonl-escapes-stored-literally",
        "escapes",
        "rows.jsonl",
        jsonl(
            line(uuid="@U1", title=CSI_CLEAR + OSC52_CLIPBOARD),
            line(uuid="@U2", title=OSC8_LINK + C1_CSI),
            line(uuid="@U3", title=MARKUP_BOLD + MARKUP_LINK + "[/]"),
        ),
        imported=(1, 2, 3),
        stored=(
            (1, "title", CSI_CLEAR + OSC52_CLIPBOARD),
            (2, "title", OSC8_LINK + C1_CSI),
            (3, "title", MARKUP_BOLD + MARKUP_LINK + "[/]"),
        ),
    ),
    ImportCase(
        "csv-escapes-in-failed-rows",
        "escapes",
        "rows.csv",
        f"uuid,title,year\n@U1,x,{CSI_CLEAR}{OSC52_CLIPBOARD}\n@U2,y,{MARKUP_BOLD}\n@U3,z,3\n",
        failed={2: ("year",), 3: ("year", MARKUP_BOLD)},
        imported=(3,),
    ),
)
