"""hypothesis strategies for "any Weaviate value", in the types the client returns.

Properties: text (any Unicode, including lone surrogates, control characters, terminal escapes,
Rich markup and bidi controls), int (int64 and beyond), float (nan, inf, -0.0), bool, None,
datetime (naive and aware), ``uuid.UUID``, ``GeoCoordinate``, ``_PhoneNumber``, blob base64 text,
lists of these and nested objects. Vectors: lists of float32 values (with nan and inf), multi-
vectors and named vectors. References: ``_CrossReference`` of client ``Object``s, as a query
with ``return_references`` gives them.

And the definition of what a renderer may never emit (see :func:`forbidden`).
"""

from __future__ import annotations

import base64
import datetime as dt
import unicodedata
from typing import Any

from hypothesis import strategies as st
from weaviate.classes.data import GeoCoordinate
from weaviate.collections.classes.internal import MetadataReturn, Object, _CrossReference
from weaviate.collections.classes.types import _PhoneNumber

# -- what a renderer may never emit -------------------------------------------------------------
#
# A "control character", for this project: anything that can move the cursor, change the
# terminal's state, break a line, reorder text, or make the output unwritable:
#   - Unicode category Cc: C0 (U+0000-U+001F, incl. ESC, CR, BEL), DEL U+007F, C1 (U+0080-U+009F,
#     incl. CSI U+009B and NEL U+0085);
#   - the line and paragraph separators U+2028 and U+2029 (a line break to many terminals);
#   - the bidi controls U+061C, U+200E, U+200F, U+202A-U+202E, U+2066-U+2069 (Trojan Source);
#   - lone surrogates (category Cs, U+D800-U+DFFF): they cannot be encoded as UTF-8, so writing
#     one to the terminal raises UnicodeEncodeError.
# Where a renderer's contract is multi-line (a full value, JSON output, a whole table), "\n" is
# allowed, and "\t" in a full value.
# Deliberately NOT forbidden: U+200D ZERO WIDTH JOINER (inside emoji sequences: 👩‍💻), U+200C ZWNJ
# (Persian and Indic spelling), U+200B ZERO WIDTH SPACE and U+2060 WORD JOINER (line-break hints in
# Thai, Khmer, Japanese text), U+FEFF (a leftover byte-order mark). They are zero-width format
# characters: they move nothing, reorder nothing and are legitimate in stored text, so escaping
# them would garble real data. The names where invisible characters could deceive (collections,
# properties, tenants, roles) are ASCII identifiers in Weaviate and cannot contain them.

BIDI_CONTROLS = frozenset(
    "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)
SEPARATORS = frozenset("\u2028\u2029")


def forbidden(text: str, allowed: str = "") -> list[str]:
    """The characters of ``text`` no renderer may emit (``allowed``: e.g. "\\n" when multi-line)."""
    return [
        char
        for char in text
        if char not in allowed
        and (
            unicodedata.category(char) in ("Cc", "Cs")
            or char in SEPARATORS
            or char in BIDI_CONTROLS
        )
    ]


# -- text ---------------------------------------------------------------------------------------

HOSTILE_TEXT = [
    "\x1b[31mred\x1b[0m", "\x1b]8;;https://evil.example\x07link\x1b]8;;\x07", "\x1b[2J\x1b[H",
    "\x9b31m", "\x07", "\r", "\r\n", "\b\b\b", "\x00", "\x7f", "\x85", "\u2028", "\u2029",
    "\u202eevil\u202c", "\u2066\u2069", "\u061c", "\u200e\u200f", "\u200b", "\u200d", "\ufeff",
    "[bold red]markup[/]", "[link=https://x]y[/link]", ":smile:", "\\[escaped]", "%s%n",
    "\ud800", "\udfff", "\ud83d\ude00", "👩\u200d💻", "e\u0301", "日本語", "\t", "\x0b\x0c",
    "a" * 300, "\n" * 5,
]  # fmt: skip
texts = st.one_of(
    st.text(),
    st.sampled_from(HOSTILE_TEXT),
    st.lists(st.one_of(st.sampled_from(HOSTILE_TEXT), st.text(max_size=5)), max_size=6).map(
        "".join
    ),
)


# -- scalars ------------------------------------------------------------------------------------

offsets = st.integers(-23 * 60, 23 * 60).map(lambda m: dt.timezone(dt.timedelta(minutes=m)))
datetimes = st.datetimes(timezones=st.one_of(st.none(), st.just(dt.UTC), offsets))
# Weaviate ints are int64; Python ints of a few hundred digits still must not break a renderer.
integers = st.one_of(
    st.integers(-(2**63), 2**63 - 1),
    st.integers(-(10**300), 10**300),
    st.sampled_from([0, -1, 2**63 - 1, -(2**63), 2**64]),
)
floats = st.floats()  # nan, ±inf, -0.0, subnormals
geo = st.builds(
    GeoCoordinate,
    latitude=st.floats(-90, 90, allow_nan=False),
    longitude=st.floats(-180, 180, allow_nan=False),
)
phones = st.builds(
    _PhoneNumber,
    number=texts,
    default_country=texts,
    country_code=st.integers(0, 999),
    international_formatted=texts,
    national=st.integers(0, 10**15),
    national_formatted=texts,
    valid=st.booleans(),
)
blobs = st.binary(max_size=60).map(lambda b: base64.b64encode(b).decode("ascii"))
scalars = st.one_of(
    texts,
    integers,
    floats,
    st.booleans(),
    st.none(),
    datetimes,
    st.dates(),
    st.uuids(),
    geo,
    phones,
    blobs,
)
#: Any property value: scalars, lists of them, nested objects (object / object[]).
values: st.SearchStrategy[Any] = st.recursive(
    scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(texts, children, max_size=4),
    ),
    max_leaves=10,
)
property_names = st.one_of(st.from_regex(r"\A[A-Za-z_][A-Za-z0-9_]{0,12}\Z"), texts.filter(bool))
properties = st.dictionaries(property_names, values, max_size=6)

# -- vectors ------------------------------------------------------------------------------------

vector_numbers = st.one_of(
    st.floats(width=32), st.sampled_from([float("nan"), float("inf"), -float("inf"), -0.0])
)
plain_vectors = st.lists(vector_numbers, min_size=1, max_size=40)
multi_vectors = st.lists(st.lists(vector_numbers, min_size=2, max_size=2), min_size=1, max_size=4)
#: ``Object.vector``: the unnamed vector is ``default``; named vectors by name.
named_vectors = st.dictionaries(
    st.one_of(st.just("default"), property_names), st.one_of(plain_vectors, multi_vectors),
    max_size=3,
)  # fmt: skip

# -- objects as the client returns them ----------------------------------------------------------

collection_names = st.one_of(st.from_regex(r"\A[A-Z][A-Za-z0-9_]{0,12}\Z"), texts)
metadata = st.builds(
    MetadataReturn,
    creation_time=st.one_of(st.none(), datetimes),
    last_update_time=st.one_of(st.none(), datetimes),
    distance=st.one_of(st.none(), floats),
    certainty=st.one_of(st.none(), floats),
    score=st.one_of(st.none(), floats),
    explain_score=st.one_of(st.none(), texts),
    rerank_score=st.one_of(st.none(), floats),
)


def client_objects(references: st.SearchStrategy[Any]) -> st.SearchStrategy[Object[Any, Any]]:
    return st.builds(
        Object,
        uuid=st.uuids(),
        metadata=metadata,
        properties=properties,
        references=references,
        vector=named_vectors,
        collection=collection_names,
    )


def _cross_references(
    targets: st.SearchStrategy[Object[Any, Any]],
) -> st.SearchStrategy[dict[str, Any]]:
    return st.dictionaries(
        property_names, st.lists(targets, max_size=3).map(_CrossReference._from), max_size=2
    )


#: A client ``Object`` whose references hold objects (one level of references inside).
objects = client_objects(
    st.one_of(st.none(), _cross_references(client_objects(st.none())))
)  # fmt: skip
