"""The TUI's hostile-input table: one row per case, read by test_tui_hostile.py.

A row is either refused (``error``: the words that name the problem and the fix, found where
``where`` says) or shown (``shown``: the literal text the screen must display). Inputs are what
a user types or pastes, or what the server sends back.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

#: Where a refusal is read: a notification, or the text of a widget on the screen.
NOTIFICATION = "notification"


@dataclass(frozen=True)
class Case:
    id: str
    #: The form, pane or view the input goes to.
    form: str
    #: What is typed (a string) or filled in (field -> value).
    input: Any
    #: Words of the message: what is wrong and how to fix it (a refused input).
    error: tuple[str, ...] = ()
    #: The literal text displayed (an accepted input, or server text).
    shown: str | None = None
    #: Where the message shows: a notification or a widget's selector.
    where: str = NOTIFICATION
    #: Extra settings a form needs for this case (the query kind, a profile's kind…).
    extra: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        assert bool(self.error) != (self.shown is not None), f"{self.id}: error or shown"


# -- hostile text a server can hold -----------------------------------------------------------------

#: name -> (raw text, how it must look on screen).
HOSTILE_TEXT: dict[str, tuple[str, str]] = {
    "csi-clear": ("\x1b[2J", r"\x1b[2J"),
    "osc52-clipboard": ("\x1b]52;c;aGk=\x07", r"\x1b]52;c;aGk=\x07"),
    "osc8-hyperlink": (
        "\x1b]8;;http://evil\x1b\\x\x1b]8;;\x1b\\",
        "\\x1b]8;;http://evil\\x1b\\x\\x1b]8;;\\x1b\\",
    ),
    "markup-style": ("[bold red]x[/]", "[bold red]x[/]"),
    "markup-link": ("[link=http://e]x[/link]", "[link=http://e]x[/link]"),
    "markup-unbalanced": ("[/]", "[/]"),
    "markup-click": ("[@click=app.quit]x[/]", "[@click=app.quit]x[/]"),
}
#: Every hostile text in one string (a description), and how it must look.
ALL_HOSTILE = " | ".join(raw for raw, _ in HOSTILE_TEXT.values())
ALL_HOSTILE_SHOWN = " | ".join(shown for _, shown in HOSTILE_TEXT.values())
#: A property's description (the schema table shows 60 characters of it).
PROPERTY_DESCRIPTION = "[@click=app.quit]x[/] \x1b[2J \x1b]52;c;aGk=\x07"
#: Typed by a user and quoted back in an error.
TYPED_HOSTILE = "[bold]x[/]\x1b]52;c;aGk=\x07"

# -- the object editor (i inserts, e edits) --------------------------------------------------------

STATUS = "#editor-status"
EDITOR_CASES = [
    Case(
        "editor-trailing-comma",
        "editor-insert",
        '{"properties": {"title": "x",}}',
        ("line 1, column 30", "remove the trailing comma"),
        where=STATUS,
    ),
    Case(
        "editor-single-quotes",
        "editor-insert",
        "{'title': 'x'}",
        ("JSON needs double quotes",),
        where=STATUS,
    ),
    Case(
        "editor-not-an-object",
        "editor-insert",
        "[1, 2, 3]",
        ("expected a JSON object {...}, found a list", "wrap it in"),
        where=STATUS,
    ),
    Case(
        "editor-unclosed",
        "editor-insert",
        '{"properties": {"title": "x"',
        ("the text ends early", "close every {"),
        where=STATUS,
    ),
    Case(
        "editor-wrong-int",
        "editor-insert",
        json.dumps({"properties": {"year": "soon"}}),
        ("properties.year: expected int", "a whole number such as 1999"),
        where=STATUS,
    ),
    Case(
        "editor-quoted-number",
        "editor-insert",
        json.dumps({"properties": {"rating": "4.5"}}),
        ("properties.rating: expected number", "drop the quotes"),
        where=STATUS,
    ),
    Case(
        "editor-wrong-boolean",
        "editor-insert",
        json.dumps({"properties": {"in_print": "yes"}}),
        ("properties.in_print: expected boolean", "true or false"),
        where=STATUS,
    ),
    Case(
        "editor-bad-date",
        "editor-insert",
        json.dumps({"properties": {"published": "yesterday"}}),
        ("properties.published: expected date", "RFC 3339 string such as"),
        where=STATUS,
    ),
    Case(
        "editor-date-without-zone",
        "editor-insert",
        json.dumps({"properties": {"published": "2020-01-01"}}),
        ("add a time and a zone", '"2020-01-01T00:00:00Z"'),
        where=STATUS,
    ),
    Case(
        "editor-unknown-property",
        "editor-insert",
        json.dumps({"properties": {"titel": "x"}}),
        ('has no property "titel"', 'did you mean "title"?'),
        where=STATUS,
    ),
    Case(
        "editor-hostile-property-name",
        "editor-insert",
        json.dumps({"properties": {TYPED_HOSTILE: 1}}),
        ('has no property "[bold]x[/]\\u001b]52;c;aGk=\\u0007"', "choose from title"),
        where=STATUS,
    ),
    Case(
        "editor-invalid-uuid",
        "editor-insert",
        json.dumps({"uuid": "not-a-uuid", "properties": {"title": "x"}}),
        ("uuid: expected a UUID such as", '"not-a-uuid"'),
        where=STATUS,
    ),
    Case(
        "editor-vector-dimension",
        "editor-insert",
        json.dumps({"properties": {"title": "x"}, "vectors": {"custom": [1, 2]}}),
        ("vectors.custom: expected 3 numbers (the dimension of vector custom), got 2",),
        where=STATUS,
    ),
    Case(
        "editor-vector-nan",
        "editor-insert",
        '{"properties": {"title": "x"}, "vectors": {"custom": [NaN, 1, 2]}}',
        ("vectors.custom[0]: expected a finite number", "NaN and infinity are not allowed"),
        where=STATUS,
    ),
    Case(
        "editor-vector-infinity",
        "editor-insert",
        '{"properties": {"title": "x"}, "vectors": {"custom": [1, -Infinity, 2]}}',
        ("vectors.custom[1]: expected a finite number", "NaN and infinity are not allowed"),
        where=STATUS,
    ),
    Case(
        "editor-vector-not-numbers",
        "editor-insert",
        json.dumps({"properties": {"title": "x"}, "vectors": {"custom": ["a", 1, 2]}}),
        ("vectors.custom[0]: expected a number",),
        where=STATUS,
    ),
    Case(
        "editor-empty",
        "editor-insert",
        "",
        ("nothing to read", "write a JSON object such as"),
        where=STATUS,
    ),
    Case(
        "editor-whitespace",
        "editor-insert",
        "  \n\t  \n",
        ("nothing to read", "write a JSON object such as"),
        where=STATUS,
    ),
    Case(
        "editor-duplicate-key",
        "editor-insert",
        '{"properties": {"title": "a", "title": "b"}}',
        ("the key 'title' appears twice",),
        where=STATUS,
    ),
    Case(
        "editor-edit-wrong-int",
        "editor-edit",
        json.dumps({"properties": {"year": 19.5}}),
        ("properties.year: expected int", "whole numbers only: drop the fraction"),
        where=STATUS,
    ),
    Case(
        "editor-edit-unknown-property",
        "editor-edit",
        json.dumps({"ratting": 3}),
        ('has no property "ratting"', 'did you mean "rating"?'),
        where=STATUS,
    ),
]
#: Accepted, not refused: a 1 MB text value is stored whole and shown cut to a cell.
EDITOR_MEGABYTE = Case(
    "editor-1mb-text",
    "editor-insert",
    "m" * 1_000_000,
    shown="m" * 39 + "…",
)

# -- the filter bar (f) and the filter builder (F) --------------------------------------------------

FILTER_CASES = [
    Case(
        "filter-unknown-property",
        "filter",
        'titel = "x"',
        ("has no property 'titel'", "did you mean 'title'?"),
    ),
    Case(
        "filter-int-compared-to-text",
        "filter",
        'year > "soon"',
        ("'year' is int", "expected a whole number"),
    ),
    Case(
        "filter-bad-date",
        "filter",
        'published > "yesterday"',
        ("'yesterday' is not a valid date", "write one such as 2005-01-01"),
    ),
    Case(
        "filter-like-on-boolean",
        "filter",
        'in_print like "t*"',
        ("'in_print' is boolean, which cannot use 'like'", "it allows"),
    ),
    Case(
        "filter-unbalanced",
        "filter",
        "year > 1 and (",
        ("expected a property name, 'not' or '('", "found the end of the filter"),
    ),
    Case(
        "filter-hostile-value",
        "filter",
        f'year = "{TYPED_HOSTILE}"',
        ("'year' is int", '"[bold]x[/]\\x1b]52;c;aGk=\\x07"'),
    ),
    Case(
        "filter-bad-sort",
        "sort",
        "ratting:desc",
        ("has no property 'ratting'", "choose from"),
    ),
]
BUILDER_ERROR = "#builder-error"
BUILDER_CASES = [
    Case(
        "builder-int-text",
        "builder",
        ("year", ">=", "soon"),
        ("'year' is int: expected a whole number",),
        where=BUILDER_ERROR,
    ),
    Case(
        "builder-bad-date",
        "builder",
        ("published", ">", "yesterday"),
        ("'yesterday' is not a valid date", "write one such as 2005-01-01"),
        where=BUILDER_ERROR,
    ),
    Case(
        "builder-number-text",
        "builder",
        ("rating", "<", "high"),
        ("'rating' is number: expected a number such as 4.5",),
        where=BUILDER_ERROR,
    ),
    Case(
        "builder-empty-value",
        "builder",
        ("title", "=", "   "),
        ("give a value for title =",),
        where=BUILDER_ERROR,
    ),
]

# -- the query pane (3) -------------------------------------------------------------------------------

QUERY_CASES = [
    Case(
        "query-vector-malformed",
        "query",
        {"query-vector": "[1, 2"},
        ("Invalid vector", "paste a JSON list of numbers"),
        extra={"kind": "near_vector"},
    ),
    Case(
        "query-vector-text",
        "query",
        {"query-vector": '["a", "b", "c"]'},
        ("Invalid vector", "a non-empty JSON list of numbers"),
        extra={"kind": "near_vector"},
    ),
    Case(
        "query-vector-empty-list",
        "query",
        {"query-vector": "[]"},
        ("Invalid vector", "a non-empty JSON list of numbers"),
        extra={"kind": "near_vector"},
    ),
    Case(
        "query-vector-nan",
        "query",
        {"query-vector": "[NaN, 1, 2]"},
        ("Invalid vector", "finite"),
        extra={"kind": "near_vector"},
    ),
    Case(
        "query-vector-wrong-dimension",
        "query",
        {"query-vector": "[1, 2]"},
        ("Wrong vector length", "has 3 dimensions", "paste 3 numbers"),
        extra={"kind": "near_vector"},
    ),
    Case(
        "query-alpha-above-one",
        "query",
        {"query-text": "harbour", "query-alpha": "1.5"},
        ("Invalid alpha", "alpha is a number from 0 to 1"),
        extra={"kind": "hybrid"},
    ),
    Case(
        "query-alpha-negative",
        "query",
        {"query-text": "harbour", "query-alpha": "-0.1"},
        ("Invalid alpha", "alpha is a number from 0 to 1"),
        extra={"kind": "hybrid"},
    ),
    Case(
        "query-alpha-text",
        "query",
        {"query-text": "harbour", "query-alpha": "lots"},
        ("Invalid alpha", "'lots': alpha is a number from 0 to 1"),
        extra={"kind": "hybrid"},
    ),
    Case(
        "query-alpha-nan",
        "query",
        {"query-text": "harbour", "query-alpha": "nan"},
        ("Invalid alpha", "alpha is a number from 0 to 1"),
        extra={"kind": "hybrid"},
    ),
    Case(
        "query-limit-zero",
        "query",
        {"query-text": "harbour", "query-limit": "0"},
        ("Invalid limit", "the limit is a whole number from 1"),
        extra={"kind": "bm25"},
    ),
    Case(
        "query-limit-negative",
        "query",
        {"query-text": "harbour", "query-limit": "-5"},
        ("Invalid limit", "the limit is a whole number from 1"),
        extra={"kind": "bm25"},
    ),
    Case(
        "query-limit-text",
        "query",
        {"query-text": "harbour", "query-limit": "ten"},
        ("Invalid limit", "the limit is a whole number from 1"),
        extra={"kind": "bm25"},
    ),
    Case(
        "query-limit-huge",
        "query",
        {"query-text": "harbour", "query-limit": "99999999999999999999"},
        ("Invalid limit", "a whole number from 1 to 10,000"),
        extra={"kind": "bm25"},
    ),
    Case(
        "query-limit-superscript",
        "query",
        {"query-text": "harbour", "query-limit": "²"},
        ("Invalid limit", "a whole number from 1 to 10,000"),
        extra={"kind": "bm25"},
    ),
    Case(
        "query-empty-text",
        "query",
        {"query-text": "   "},
        ("Query text needed", "bm25 needs non-empty query text"),
        extra={"kind": "bm25"},
    ),
    Case(
        "query-bad-where",
        "query",
        {"query-text": "harbour", "query-where": 'published > "yesterday"'},
        ("'yesterday' is not a valid date", "write one such as 2005-01-01"),
        extra={"kind": "bm25"},
    ),
    Case(
        "query-hostile-properties-from-server",
        "query",
        {"query-text": "harbour", "query-properties": TYPED_HOSTILE},
        ("[bold]x[/]\\x1b]52;c;aGk=\\x07",),
        extra={"kind": "bm25"},
    ),
]

# -- create a collection (ctrl+n) ---------------------------------------------------------------------

CREATE_CASES = [
    Case(
        "create-empty-name",
        "create",
        {"cc-name": ""},
        ("Name needed", "give the collection a name"),
    ),
    Case(
        "create-blank-name",
        "create",
        {"cc-name": "   "},
        ("Name needed", "give the collection a name"),
    ),
    Case(
        "create-digit-first",
        "create",
        {"cc-name": "9Lives"},
        ("Invalid collection name", "start with a letter, then letters, digits or _ only"),
    ),
    Case(
        "create-hostile-name",
        "create",
        {"cc-name": TYPED_HOSTILE},
        ("'[bold]x[/]\\x1b]52;c;aGk=\\x07'", "start with a letter"),
    ),
    Case(
        "create-duplicate-name",
        "create",
        {"cc-name": "{existing_lower}"},
        ("there is already a collection named {existing}", "choose another name"),
    ),
    Case(
        "create-bad-property-name",
        "create",
        {"cc-name": "Fresh{suffix}", "properties": ["my-prop"]},
        ("Invalid property name", "'my-prop'", "start with a letter or _"),
    ),
    Case(
        "create-duplicate-property",
        "create",
        {"cc-name": "Fresh{suffix}", "properties": ["title", "Title"]},
        ("Duplicate name", "appears twice"),
    ),
    Case(
        "create-bad-vector-name",
        "create",
        {"cc-name": "Fresh{suffix}", "cc-vector-name": "my vector"},
        ("Invalid vector name", "letters, digits, _ and - only"),
    ),
    Case(
        "create-replication-text",
        "create",
        {"cc-name": "Fresh{suffix}", "cc-replication": "two"},
        ("Invalid replication factor", "give a whole number"),
    ),
    Case(
        "create-replication-zero",
        "create",
        {"cc-name": "Fresh{suffix}", "cc-replication": "0"},
        ("Invalid replication factor", "at least 1"),
    ),
    Case(
        "create-json-malformed",
        "create-json",
        '{"class": "Fresh{suffix}",',
        ("Malformed JSON", "line 1, column 27"),
    ),
]

# -- import (I) and export (X) ------------------------------------------------------------------------

IMPORT_CASES = [
    Case("import-empty-path", "import", "", ("Type the path of the file to import",)),
    Case(
        "import-missing-file", "import", "{tmp}/missing.jsonl", ("does not exist or is not a file",)
    ),
    Case("import-directory", "import", "{tmp}/folder.jsonl", ("does not exist or is not a file",)),
    Case(
        "import-unsupported-extension",
        "import",
        "{tmp}/rows.txt",
        ("has '.txt'", "name the file with one of .json, .jsonl, .ndjson, .csv"),
    ),
    Case(
        "import-no-extension",
        "import",
        "{tmp}/rows",
        ("has no extension", "name the file with one of"),
    ),
    Case(
        "import-malformed-json",
        "import",
        "{tmp}/broken.json",
        ("broken.json, line 2, column 1", "use .jsonl for one object per line"),
    ),
    Case(
        "import-unknown-csv-columns",
        "import",
        "{tmp}/columns.csv",
        ("has columns", "titel", "Nothing was imported"),
    ),
]
EXPORT_CASES = [
    Case(
        "export-under-a-file",
        "export",
        "{tmp}/plain-file/out.jsonl",
        ("Cannot write the file", "plain-file is a file, not a folder", "choose another path"),
    ),
    Case(
        "export-onto-a-directory",
        "export",
        "{tmp}/folder.jsonl",
        ("folder.jsonl is a folder", "name a file, such as"),
    ),
    Case(
        "export-unsupported-extension",
        "export",
        "{tmp}/out.txt",
        ("has '.txt'", "name the file with one of"),
    ),
    Case(
        "export-existing-file",
        "export",
        "{tmp}/keep.jsonl",
        ("keep.jsonl exists", "Enter again to replace it"),
    ),
    Case(
        "export-bad-where",
        "export",
        "{tmp}/filtered.jsonl",
        ("no property 'titel'",),
        extra={"where": 'titel = "x"'},
    ),
]

# -- connections (C, then a) ----------------------------------------------------------------------------

PROFILE_ERROR = "#profile-error"
CONNECT_CASES = [
    Case(
        "connect-empty-name",
        "profile",
        {"profile-name": "", "profile-http-port": "8080"},
        ("Invalid profile name", "use letters, digits"),
        where=PROFILE_ERROR,
    ),
    Case(
        "connect-port-out-of-range",
        "profile",
        {"profile-name": "far", "profile-http-port": "70000"},
        ("70000 is not a port number",),
        where=PROFILE_ERROR,
    ),
    Case(
        "connect-port-zero",
        "profile",
        {"profile-name": "zero", "profile-grpc-port": "0"},
        ("0 is not a port number",),
        where=PROFILE_ERROR,
    ),
    Case(
        "connect-port-text",
        "profile",
        {"profile-name": "words", "profile-http-port": "eighty"},
        ("Invalid port", "'eighty' is not a number"),
        where=PROFILE_ERROR,
    ),
    Case(
        "connect-bad-url",
        "profile",
        {"profile-name": "odd", "profile-url": "not a url"},
        ("'not a url' is not an http(s) URL", "use e.g. http://localhost:8080"),
        where=PROFILE_ERROR,
        extra={"kind": "custom"},
    ),
    Case(
        "connect-cloud-without-https",
        "profile",
        {"profile-name": "cloudy", "profile-url": "http://example.com"},
        ("needs an https:// URL",),
        where=PROFILE_ERROR,
        extra={"kind": "cloud"},
    ),
    Case(
        "connect-timeout-text",
        "profile",
        {"profile-name": "slow", "profile-timeout-query": "forever"},
        ("Invalid timeout", "'forever' is not a number of seconds"),
        where=PROFILE_ERROR,
    ),
    Case(
        "connect-bad-header",
        "profile",
        {"profile-name": "heads", "profile-headers": "X-Key"},
        ("Invalid header", "write Name=value"),
        where=PROFILE_ERROR,
    ),
]

# -- tenants (T, then c) and aliases (A, then c) ------------------------------------------------------

FORM_ERROR = "#form-error"
TENANT_CASES = [
    Case("tenant-blank", "tenants", "   ", ("Type at least one name",), where=FORM_ERROR),
    Case("tenant-existing", "tenants", "acme", ("already has acme", "nothing was created")),
    Case(
        "tenant-hostile-name",
        "tenants",
        TYPED_HOSTILE,
        ("Invalid tenant name", "'[bold]x[/]\\x1b]52;c;aGk=\\x07'", "1 to 64 letters"),
    ),
    Case("tenant-too-long", "tenants", "t" * 70, ("'" + "t" * 70 + "'", "1 to 64 letters")),
]
ALIAS_CASES = [
    Case(
        "alias-digit-first",
        "alias",
        {"alias-name": "9Nine"},
        ("Invalid collection name", "start with a letter"),
    ),
    Case(
        "alias-hostile-name",
        "alias",
        {"alias-name": TYPED_HOSTILE},
        ("'[bold]x[/]\\x1b]52;c;aGk=\\x07'", "start with a letter"),
    ),
    Case(
        "alias-named-like-a-collection",
        "alias",
        {"alias-name": "{existing}"},
        ("there is already a collection named {existing}", "choose another name for the alias"),
    ),
    Case(
        "alias-no-target",
        "alias",
        {"alias-name": "Lonely", "target": None},
        ("Choose the collection the alias points at",),
        where=FORM_ERROR,
    ),
    Case(
        "alias-blank-name",
        "alias",
        {"alias-name": "  "},
        ("Type the alias's name",),
        where=FORM_ERROR,
    ),
]

# -- text from the server, displayed -----------------------------------------------------------------

DISPLAY_CASES = [
    *(
        Case(f"{place}-{name}", place, raw, shown=shown)
        for place in ("cell", "detail", "value")
        for name, (raw, shown) in HOSTILE_TEXT.items()
    ),
    Case("schema-collection-description", "schema-summary", ALL_HOSTILE, shown=ALL_HOSTILE_SHOWN),
    Case(
        "schema-property-description",
        "schema-property",
        PROPERTY_DESCRIPTION,
        shown=r"[@click=app.quit]x[/] \x1b[2J \x1b]52;c;aGk=\x07",
    ),
]

ALL_CASES = [
    *EDITOR_CASES,
    EDITOR_MEGABYTE,
    *FILTER_CASES,
    *BUILDER_CASES,
    *QUERY_CASES,
    *CREATE_CASES,
    *IMPORT_CASES,
    *EXPORT_CASES,
    *CONNECT_CASES,
    *TENANT_CASES,
    *ALIAS_CASES,
    *DISPLAY_CASES,
]
assert len({case.id for case in ALL_CASES}) == len(ALL_CASES), "case ids are unique"
