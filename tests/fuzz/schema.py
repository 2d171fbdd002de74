"""A hand-built collection config with every data type, references and vectors (no server)."""

from __future__ import annotations

from explorer.core.base.models import CollectionConfig, PropertyInfo, VectorInfo
from tests.integration.all_types import PROPERTY_BY_TYPE, VECTOR_DIMENSIONS

#: The nested properties of ``object`` / ``object[]``: scalars, arrays and one object deeper.
NESTED = (
    PropertyInfo("label", "text"),
    PropertyInfo("size", "int"),
    PropertyInfo("weight", "number"),
    PropertyInfo("ok", "boolean"),
    PropertyInfo("words", "text[]"),
    PropertyInfo("inner", "object", nested=(PropertyInfo("note", "text"),)),
)
SINGLE_REFERENCE, MULTI_REFERENCE = "author", "mentions"
REFERENCE_TARGETS = {SINGLE_REFERENCE: ("Person",), MULTI_REFERENCE: ("Person", "Place")}


def _property(data_type: str, name: str) -> PropertyInfo:
    nested = NESTED if data_type.startswith("object") else ()
    return PropertyInfo(name, data_type, nested=nested)


ALL_TYPES = CollectionConfig(
    name="AllTypes",
    description=None,
    properties=tuple(_property(t, n) for t, n in PROPERTY_BY_TYPE.items()),
    references=tuple(REFERENCE_TARGETS.items()),
    vectors=tuple(VectorInfo(name, "none") for name in VECTOR_DIMENSIONS),
    named_vectors=True,
    multi_tenant=False,
    generative_module=None,
    reranker_module=None,
    raw={},
)
#: The same collection with one legacy unnamed vector (a ``vector`` column).
UNNAMED_VECTOR = CollectionConfig(
    name="Legacy",
    description=None,
    properties=ALL_TYPES.properties,
    references=ALL_TYPES.references,
    vectors=(VectorInfo("default", "none"),),
    named_vectors=False,
    multi_tenant=False,
    generative_module=None,
    reranker_module=None,
    raw={},
)
