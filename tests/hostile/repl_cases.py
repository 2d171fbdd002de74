"""Hostile REPL command lines, one row each: what to type, and what must come back.

A row either expects a clean error (``error``: fragments that name the problem and the fix)
or success (``shows``: literal fragments of the output; ``stored``: the exact value the
server must hold afterwards). ``test_repl_hostile.py`` runs every row against one collection.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from tests.hostile.hostile_collection import (
    C1_CSI,
    CSI_CLEAR,
    MARKUP_BOLD,
    MARKUP_LINK,
    MARKUP_UNBALANCED,
    MISSING,
    OSC8_LINK,
    OSC52_CLIPBOARD,
    SEED_A,
    SEED_HOSTILE,
)

COLLECTION = "HostileRepl"
MEGABYTE = 1024 * 1024


@dataclass(frozen=True)
class ReplCase:
    id: str
    category: str
    #: The command line, typed after ``use HostileRepl``.
    line: str
    #: Rejected: every fragment appears in the one error line (problem and fix).
    error: tuple[str, ...] = ()
    #: Accepted: every fragment appears in the output.
    shows: tuple[str, ...] = ()
    #: Accepted and stored: (uuid, property, the exact value the server holds).
    stored: tuple[str, str, Any] | None = None
    #: Files the line reads: (name, text), written to a temporary directory that ``@DIR``
    #: in the line stands for.
    files: tuple[tuple[str, str], ...] = ()

    @property
    def rejected(self) -> bool:
        return bool(self.error)


def _uuid(n: int) -> str:
    return f"00000000-0000-4000-8000-{0x1000 + n:012x}"


def insert(document: dict[str, Any], *, ascii_only: bool = False) -> str:
    """``insert '<json>'`` (the JSON must hold no single quote)."""
    text = json.dumps(document, ensure_ascii=ascii_only)
    assert "'" not in text
    return f"insert '{text}'"


def insert_stored(
    number: int, category: str, case_id: str, prop: str, value: Any, shows: tuple[str, ...]
) -> ReplCase:
    """Insert ``value`` as ``prop`` of a new object, which must hold exactly that."""
    uuid = _uuid(number)
    line = insert({"properties": {prop: value}, "uuid": uuid})
    return ReplCase(case_id, category, line, shows=shows, stored=(uuid, prop, value))


def deep(depth: int) -> str:
    """``{"meta": {"a": {"a": … 1 …}}}``, ``depth`` objects deep, as text."""
    return '{"meta": ' + '{"a": ' * depth + "1" + "}" * depth + "}"


CASES: tuple[ReplCase, ...] = (
    # -- malformed JSON -----------------------------------------------------------------------
    ReplCase(
        "json-truncated",
        "malformed-json",
        """insert '{"title": "Dune"'""",
        error=("Invalid JSON", "the text ends early", "close every {"),
    ),
    ReplCase(
        "json-trailing-comma",
        "malformed-json",
        """insert '{"title": "Dune",}'""",
        error=("Invalid JSON", "remove the trailing comma"),
    ),
    ReplCase(
        "json-single-quotes",
        "malformed-json",
        """insert "{'title': 'Dune'}" """,
        error=("Invalid JSON", "JSON needs double quotes"),
    ),
    ReplCase(
        "json-nan-literal",
        "malformed-json",
        """insert '{"rating": NaN}'""",
        error=("rating", "NaN", "it must be finite"),
    ),
    ReplCase(
        "json-top-level-array",
        "malformed-json",
        """insert '[{"title": "Dune"}]'""",
        error=("expected a JSON object {...}, found a list", "wrap it in"),
    ),
    ReplCase(
        "json-top-level-string",
        "malformed-json",
        """insert '"Dune"'""",
        error=("expected a JSON object {...}, found a string",),
    ),
    ReplCase(
        "json-unquoted",
        "malformed-json",
        """insert {"title":"Dune"}""",
        error=("Invalid JSON", "wrap the JSON in single quotes"),
    ),
    ReplCase(
        "json-update-truncated",
        "malformed-json",
        f"""update {SEED_A} '{{"year": '""",
        error=("Invalid JSON", "the text ends early"),
    ),
    ReplCase(
        "json-near-vector-truncated",
        "malformed-json",
        'near_vector "[0.1, 0.2,"',
        error=("the vector must be a JSON list of numbers", "[0.1, -0.2, 0.3]"),
    ),
    ReplCase(
        "json-config-file-trailing-comma",
        "malformed-json",
        "create-collection --from-json @DIR/config.json",
        error=("Malformed JSON", "line 2, column 1", "remove the trailing comma"),
        files=(("config.json", '{"class": "HostileNew",\n}'),),
    ),
    ReplCase(
        "json-config-file-not-an-object",
        "malformed-json",
        "create-collection --from-json @DIR/config.json",
        error=("Not a collection config", 'expected a JSON object with a "class" name'),
        files=(("config.json", '["HostileNew"]'),),
    ),
    # -- wrong property types -------------------------------------------------------------------
    ReplCase(
        "type-string-for-int",
        "wrong-types",
        insert({"year": "1999"}),
        error=("year: expected int", "drop the quotes"),
    ),
    ReplCase(
        "type-float-for-int",
        "wrong-types",
        insert({"year": 1999.5}),
        error=("year: expected int", "drop the fraction"),
    ),
    ReplCase(
        "type-int-over-int64",
        "wrong-types",
        """insert '{"year": 9223372036854775808}'""",
        error=("year: expected int", "out of the 64-bit range"),
    ),
    ReplCase(
        "type-int-over-2-53",
        "wrong-types",
        insert({"year": 2**53 + 1}),
        error=("year: expected int", "only up to 2^53", "keep larger numbers in a text property"),
    ),
    insert_stored(
        4, "wrong-types", "type-int-at-2-53", "year", -(2**53), shows=("-9007199254740992",)
    ),
    ReplCase(
        "type-bool-as-yes",
        "wrong-types",
        insert({"in_print": "yes"}),
        error=("in_print: expected boolean, true or false", '"yes"'),
    ),
    ReplCase(
        "type-bad-date",
        "wrong-types",
        insert({"published": "31/12/2020"}),
        error=("published: expected date", "2005-01-01T00:00:00Z"),
    ),
    ReplCase(
        "type-impossible-date",
        "wrong-types",
        insert({"published": "2021-02-30T00:00:00Z"}),
        error=("published", "no such day or time"),
    ),
    ReplCase(
        "type-array-for-scalar",
        "wrong-types",
        insert({"title": ["a", "b"]}),
        error=("title: expected text", '["a", "b"]'),
    ),
    ReplCase(
        "type-scalar-for-array",
        "wrong-types",
        insert({"tags": "sf"}),
        error=("tags: expected text[], a list of text values such as",),
    ),
    ReplCase(
        "type-update-bool-for-int",
        "wrong-types",
        f"update {SEED_A} '{json.dumps({'year': True})}'",
        error=("year", "true and false are not numbers"),
    ),
    ReplCase(
        "type-replace-string-for-number",
        "wrong-types",
        f"replace {SEED_A} '{json.dumps({'title': 'Dune', 'rating': '4.5'})}'",
        error=("rating: expected number", "drop the quotes"),
    ),
    ReplCase(
        "type-geo-out-of-range",
        "wrong-types",
        insert({"location": {"latitude": 95, "longitude": 4}}),
        error=("location.latitude", "out of range: from -90 to 90"),
    ),
    # -- invalid uuids --------------------------------------------------------------------------
    ReplCase(
        "uuid-get",
        "uuids",
        "get not-a-uuid",
        error=("'not-a-uuid' is neither a uuid nor the start of one",),
    ),
    ReplCase("uuid-delete", "uuids", "delete 1234 --yes", error=("'1234' is not a UUID",)),
    ReplCase(
        "uuid-update",
        "uuids",
        """update zzzz '{"year": 1}'""",
        error=("'zzzz' is not a UUID",),
    ),
    ReplCase(
        "uuid-insert-key",
        "uuids",
        insert({"properties": {"title": "x"}, "uuid": "nope"}),
        error=("uuid: expected a UUID such as",),
    ),
    ReplCase(
        "uuid-property",
        "uuids",
        insert({"ref_id": "nope"}),
        error=("ref_id: expected uuid, a quoted UUID such as",),
    ),
    ReplCase(
        "uuid-replace-missing-object",
        "uuids",
        f"replace {MISSING} '{json.dumps({'title': 'x'})}'",
        error=(MISSING,),
    ),
    ReplCase(
        "uuid-reference-target",
        "uuids",
        insert({"properties": {}, "references": {"cites": "not-a-uuid"}}),
        error=("references.cites", "expected a reference: a UUID"),
    ),
    ReplCase("uuid-near-object", "uuids", "near_object 12-34", error=("'12-34' is not a UUID",)),
    ReplCase(
        "uuid-where",
        "uuids",
        "count --where 'id = \"xyz\"'",
        error=("Invalid filter", "is not a UUID"),
    ),
    ReplCase(
        "uuid-missing-object",
        "uuids",
        f"get {MISSING}",
        error=("Not found", f"has no object {MISSING}"),
    ),
    # -- unknown collections and properties --------------------------------------------------
    ReplCase(
        "unknown-use",
        "unknown-names",
        "use NoSuchCollection",
        error=("there is no collection 'NoSuchCollection'", "ls lists them"),
    ),
    ReplCase(
        "unknown-use-case-mismatch",
        "unknown-names",
        f"use {COLLECTION.lower()}",
        shows=(),
    ),
    ReplCase(
        "unknown-property",
        "unknown-names",
        insert({"titel": "x"}),
        error=('has no property "titel"', 'did you mean "title"?'),
    ),
    ReplCase(
        "unknown-property-case",
        "unknown-names",
        insert({"Title": "x"}),
        error=('has no property "Title"', 'did you mean "title"?'),
    ),
    ReplCase(
        "unknown-property-with-escape",
        "unknown-names",
        insert({f"ti{CSI_CLEAR}tle": "x"}),
        error=("has no property", "choose from"),
    ),
    ReplCase(
        "unknown-property-markup",
        "unknown-names",
        insert({MARKUP_BOLD: "x"}),
        error=(f'has no property "{MARKUP_BOLD}"', "choose from"),
    ),
    ReplCase(
        "unknown-props-flag",
        "unknown-names",
        "fetch --props titel",
        error=("has no property 'titel'", "choose from title"),
    ),
    ReplCase(
        "unknown-where-property-case",
        "unknown-names",
        "count --where 'Title = \"x\"'",
        error=("has no property 'Title'", "did you mean 'title'?"),
    ),
    ReplCase(
        "unknown-import-into",
        "unknown-names",
        f"import /nonexistent.jsonl --into {COLLECTION.lower()}",
        error=("does not exist", f"did you mean {COLLECTION}?"),
    ),
    ReplCase(
        "unknown-tenant-on-plain-collection",
        "unknown-names",
        f'use {COLLECTION} "@t{CSI_CLEAR}"',
        error=(f"{COLLECTION} has no tenants",),
    ),
    ReplCase(
        "unknown-export-format",
        "unknown-names",
        "export @DIR/out.xlsx",
        error=("out.xlsx has '.xlsx'", "name the file with one of .json, .jsonl"),
    ),
    ReplCase(
        "unknown-group-by",
        "unknown-names",
        "aggregate --group-by nope",
        error=("nope",),
    ),
    # -- vectors ---------------------------------------------------------------------------------
    ReplCase(
        "vector-wrong-dimension",
        "vectors",
        insert({"properties": {}, "vectors": {"main": [1, 2]}}),
        error=("vectors.main: expected 3 numbers (the dimension of vector main), got 2",),
    ),
    ReplCase(
        "vector-nan",
        "vectors",
        """insert '{"properties": {}, "vectors": {"main": [1, NaN, 2]}}'""",
        error=("vectors.main[1]", "NaN and infinity are not allowed"),
    ),
    ReplCase(
        "vector-infinity",
        "vectors",
        """insert '{"properties": {}, "vectors": {"main": [1, Infinity, 2]}}'""",
        error=("vectors.main[1]", "NaN and infinity are not allowed"),
    ),
    ReplCase(
        "vector-strings",
        "vectors",
        insert({"properties": {}, "vectors": {"main": ["a", 1, 2]}}),
        error=("vectors.main[0]: expected a number",),
    ),
    ReplCase(
        "vector-empty",
        "vectors",
        insert({"properties": {}, "vectors": {"main": []}}),
        error=("vectors.main: expected a non-empty list of numbers",),
    ),
    ReplCase(
        "vector-unknown-name",
        "vectors",
        insert({"properties": {}, "vectors": {"mian": [1, 2, 3]}}),
        error=('no vector named "mian"', 'did you mean "main"?'),
    ),
    ReplCase(
        "vector-near-vector-dimension",
        "vectors",
        'near_vector "[1, 2]"',
        error=("vector main of HostileRepl has 3 dimensions and this vector has 2 numbers",),
    ),
    ReplCase(
        "vector-near-vector-nan",
        "vectors",
        'near_vector "[1, NaN, 2]"',
        error=("the vector must be a JSON list of numbers",),
    ),
    ReplCase(
        "vector-near-vector-empty",
        "vectors",
        'near_vector "[]"',
        error=("the vector must be a JSON list of numbers",),
    ),
    ReplCase(
        "vector-near-vector-unknown-target",
        "vectors",
        'near_vector "[1, 2, 3]" --target mian',
        error=("mian",),
    ),
    # -- empty and whitespace-only ---------------------------------------------------------------
    ReplCase("empty-command", "empty", ""),
    ReplCase("empty-whitespace-command", "empty", "   \t  "),
    ReplCase(
        "empty-collection-name",
        "empty",
        'use ""',
        error=("the collection name is empty", "name one (ls lists them)"),
    ),
    ReplCase(
        "empty-whitespace-collection-name",
        "empty",
        'use "   "',
        error=("the collection name is empty", "name one (ls lists them)"),
    ),
    ReplCase(
        "empty-json",
        "empty",
        "insert '   '",
        error=("nothing to read", 'write a JSON object such as {"title": "Dune"}'),
    ),
    ReplCase(
        "empty-delete-where",
        "empty",
        "delete --where '   ' --yes",
        error=("filter",),
    ),
    ReplCase(
        "empty-filter-value",
        "empty",
        "count --where 'year = \"\"'",
        error=("'year' is int", "expected a whole number"),
    ),
    insert_stored(1, "empty", "empty-string-value", "title", "", shows=()),
    insert_stored(2, "empty", "empty-whitespace-value", "title", "   ", shows=()),
    # -- big values --------------------------------------------------------------------------
    insert_stored(3, "big", "big-1mb-insert", "title", "x" * MEGABYTE, shows=("xxx…",)),
    insert_stored(5, "big", "big-10mb-insert", "title", "y" * (10 * MEGABYTE), shows=("yyy…",)),
    # -- deep nesting -------------------------------------------------------------------------
    ReplCase(
        "deep-50",
        "deep",
        f"insert '{deep(50)}'",
        error=('meta has no nested property "a"', "choose from note, level"),
    ),
    ReplCase(
        "deep-2000",
        "deep",
        f"insert '{deep(2000)}'",
        error=("Invalid JSON", "nested", "deep"),
    ),
    ReplCase(
        "deep-2000-config-file",
        "deep",
        "create-collection --from-json @DIR/config.json",
        error=("Malformed JSON", "nested too deep", "flatten it"),
        files=(("config.json", '{"class": "HostileNew", "x": ' + deep(2000) + "}"),),
    ),
    ReplCase(
        "deep-2000-near-vector",
        "deep",
        "near_vector '" + "[" * 2000 + "]" * 2000 + "'",
        error=("the vector must be a JSON list of numbers",),
    ),
    ReplCase(
        "deep-2000-filter",
        "deep",
        "count --where '" + "(" * 2000 + "year = 1" + ")" * 2000 + "'",
        error=("Invalid filter", "nested deeper than"),
    ),
    # -- unicode -------------------------------------------------------------------------------
    insert_stored(
        10, "unicode", "unicode-rtl", "title", "مرحبا بالعالم שלום", shows=("مرحبا بالعالم שלום",)
    ),
    insert_stored(
        11,
        "unicode",
        "unicode-emoji-zwj",
        "title",
        "👩\u200d👩\u200d👧\u200d👦 🏳️\u200d🌈 👍🏽",
        shows=("👍🏽",),
    ),
    insert_stored(
        12, "unicode", "unicode-combining", "title", "e\u0301 a\u0308 Z\u0337", shows=("e\u0301",)
    ),
    insert_stored(13, "unicode", "unicode-zero-width", "title", "a\u200bb\u200cc\ufeffd", shows=()),
    insert_stored(14, "unicode", "unicode-bidi-override", "title", "abc\u202edcba", shows=()),
    ReplCase(
        "unicode-lone-surrogate",
        "unicode",
        """insert '{"title": "a\\ud800b"}'""",
        error=("title", "surrogate", "\\ud800"),
    ),
    ReplCase(
        "unicode-lone-surrogate-key",
        "unicode",
        """insert '{"ti\\udfffx": "a"}'""",
        error=("has no property", "\\udfff", "choose from"),
    ),
    # -- terminal escapes and Rich markup ------------------------------------------------------
    insert_stored(20, "escapes", "escape-csi", "title", f"a{CSI_CLEAR}b", shows=("a\\x1b[2Jb",)),
    insert_stored(
        21, "escapes", "escape-osc52", "title", OSC52_CLIPBOARD, shows=("\\x1b]52;c;aGk=\\x07",)
    ),
    insert_stored(22, "escapes", "escape-osc8", "title", OSC8_LINK, shows=("\\x1b]8;;http",)),
    insert_stored(23, "escapes", "escape-c1-csi", "title", C1_CSI, shows=("\\x9b2J",)),
    insert_stored(24, "escapes", "markup-bold", "title", MARKUP_BOLD, shows=(MARKUP_BOLD,)),
    insert_stored(25, "escapes", "markup-link", "title", MARKUP_LINK, shows=(MARKUP_LINK,)),
    insert_stored(26, "escapes", "markup-unbalanced", "title", MARKUP_UNBALANCED, shows=()),
    ReplCase(
        "escape-fetch-listing",
        "escapes",
        "fetch --limit 100 --props title,tags",
        shows=("a\\x1b[2Jb " + MARKUP_BOLD,),
    ),
    ReplCase(
        "escape-fetch-jsonl",
        "escapes",
        f"fetch --where 'id = \"{SEED_HOSTILE}\"' --format jsonl",
        shows=(
            '"a\\u001b[2Jb [bold red]x[/]"',
            '"\\u001b]52;c;aGk=\\u0007", "\\u009b2J", "[link=http://e.example]x[/link]"',
        ),
    ),
    ReplCase(
        "escape-get-table",
        "escapes",
        f"get {SEED_HOSTILE}",
        shows=("a\\x1b[2Jb " + MARKUP_BOLD, '\\u001b]52;c;aGk=\\u0007", "\\x9b2J"'),
    ),
    ReplCase(
        "escape-export-csv",
        "escapes",
        f"export @DIR/out.csv --where 'id = \"{SEED_HOSTILE}\"'",
        shows=("Exported 1 matching object of HostileRepl",),
    ),
    ReplCase(
        "escape-aggregate-top-values",
        "escapes",
        "aggregate --metrics title --top 100",
        shows=("a\\x1b[2Jb " + MARKUP_BOLD,),
    ),
    ReplCase(
        "escape-delete-dry-run-examples",
        "escapes",
        f"delete --where 'id = \"{SEED_HOSTILE}\"' --dry-run",
        shows=("1 object would be deleted (dry run)", "a\\x1b[2Jb " + MARKUP_BOLD),
    ),
    ReplCase(
        "escape-history",
        "escapes",
        f"count --where 'title = \"{CSI_CLEAR}{MARKUP_BOLD}\"'; history",
        shows=('title = "\\u001b[2J' + MARKUP_BOLD,),
    ),
    ReplCase(
        "escape-config-json",
        "escapes",
        "config",
        shows=("desc \\u001b[2J\\u001b]52;c;aGk=\\u0007",),
    ),
    ReplCase(
        "escape-raw-in-line",
        "escapes",
        f"count --where 'title = \"{CSI_CLEAR}{OSC52_CLIPBOARD}\"'",
        shows=("0",),
    ),
    ReplCase(
        "escape-collection-description",
        "escapes",
        f"schema {COLLECTION}",
        shows=("desc \\x1b[2J\\x1b]52;c;aGk=\\x07", MARKUP_BOLD, MARKUP_LINK + "\\x1b[2J"),
    ),
    ReplCase(
        "escape-description-json",
        "escapes",
        "ls --format json",
        shows=("desc \\u001b[2J\\u001b]52;c;aGk=\\u0007 [bold red]x[/] [/]",),
    ),
    ReplCase(
        "escape-in-unknown-collection",
        "escapes",
        f'use "{CSI_CLEAR}{MARKUP_BOLD}"',
        error=("there is no collection", MARKUP_BOLD),
    ),
    ReplCase(
        "escape-server-echo-collection-name",
        "escapes",
        f'create-collection "Bad{CSI_CLEAR}{MARKUP_LINK}"',
        error=("Bad\\x1b[2J",),
    ),
    ReplCase(
        "escape-server-echo-alias",
        "escapes",
        f'alias create "A{OSC52_CLIPBOARD}[bold]" {COLLECTION}',
        error=("\\x1b]52",),
    ),
    ReplCase(
        "escape-server-echo-tenant",
        "escapes",
        f'tenants create "t{CSI_CLEAR}" --collection {COLLECTION}',
        error=("tenant",),
    ),
    # -- filters that parse but make no sense for the type -----------------------------------
    ReplCase(
        "filter-like-on-number",
        "filters",
        "count --where 'rating like \"x\"'",
        error=("'rating' is number, which cannot use 'like'", "it allows"),
    ),
    ReplCase(
        "filter-order-on-bool",
        "filters",
        "count --where 'in_print > 3'",
        error=("'in_print' is boolean, which cannot use '>'", "it allows"),
    ),
    ReplCase(
        "filter-bad-date",
        "filters",
        "count --where 'published = \"notadate\"'",
        error=("'notadate' is not a valid date",),
    ),
    ReplCase(
        "filter-contains-any-scalar",
        "filters",
        "count --where 'tags contains_any 5'",
        error=('expected a list such as ["a", "b"]',),
    ),
    ReplCase(
        "filter-geo-on-text",
        "filters",
        "count --where 'title within 5'",
        error=("expected an operator", "found 'within'"),
    ),
    ReplCase(
        "filter-equals-on-geo",
        "filters",
        "count --where 'location = 5'",
        error=("'location' is geoCoordinates, which cannot use '='", "is null"),
    ),
    ReplCase(
        "filter-number-for-text",
        "filters",
        "count --where 'title > 5'",
        error=("'title' is text", 'quote it: "5"'),
    ),
    ReplCase(
        "filter-int-overflow",
        "filters",
        "count --where 'year = 99999999999999999999'",
        error=("Invalid filter",),
    ),
    ReplCase(
        "filter-delete-nonsense",
        "filters",
        "delete --where 'rating like \"x\"' --yes",
        error=("'rating' is number, which cannot use 'like'",),
    ),
    ReplCase(
        "filter-sort-object",
        "filters",
        "fetch --sort meta",
        error=("cannot sort by meta", "object"),
    ),
    ReplCase(
        "filter-aggregate-nonsense",
        "filters",
        "aggregate --where 'year like \"1*\"'",
        error=("'year' is int, which cannot use 'like'",),
    ),
)
