"""A collection that uses every Weaviate data type, with several named vectors and references.

The one every-type builder of the tests (import/export round trips, rendering, validation,
filters): :func:`create_all_types` creates two reference-target collections and the main one,
then inserts deterministic objects (:func:`all_types_objects`) and returns what it made. With
``tenants`` all three collections are multi-tenant and every tenant gets objects of its own.

Nested objects go three levels deep (``details.meta.inner``, ``parts[].sub.deep``); ``mentions``
is a multi-target reference (target A and target B); ``related`` points into the collection
itself. Vectors are self-provided, of different dimensions (``colbert`` is a multi-vector), and
use values that float32 stores exactly, so what the server returns can be compared with ``==``.

Weaviate 1.38 accepts a reference from a multi-tenant collection to a collection without
multi-tenancy, but then fails every query that resolves it ("class … has multi-tenancy
disabled, but request was with tenant"); so in the multi-tenant variant the targets are
multi-tenant too, with the same tenants, and each reference stays within its tenant.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

from weaviate.util import generate_uuid5

from explorer.core.client.session import ExplorerSession

#: Every data type of a property in Weaviate, and the property of the main collection using it.
PROPERTY_BY_TYPE: dict[str, str] = {
    "text": "title",
    "text[]": "tags",
    "int": "count",
    "int[]": "counts",
    "number": "price",
    "number[]": "prices",
    "boolean": "active",
    "boolean[]": "flags",
    "date": "published",
    "date[]": "dates",
    "uuid": "external_id",
    "uuid[]": "external_ids",
    "geoCoordinates": "location",
    "phoneNumber": "phone",
    "blob": "image",
    "object": "details",
    "object[]": "parts",
}
#: Named vectors: name -> dimensions (a tuple: rows x dimensions for a multi-vector).
VECTOR_DIMENSIONS: dict[str, int | tuple[int, int]] = {"small": 3, "large": 8, "colbert": (2, 4)}
SINGLE_REFERENCE = "author"
MULTI_REFERENCE = "mentions"
SELF_REFERENCE = "related"
OBJECT_COUNT = 12
TARGET_COUNT = 4
_NAMESPACE = "explorer-tests/all-types"


@dataclass(frozen=True)
class AllTypesObject:
    uuid: str
    properties: dict[str, Any]
    vectors: dict[str, Any]
    #: Reference property -> [(target collection, uuid), …] in insertion order.
    references: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    #: The tenant it lives in (multi-tenant variant), else None.
    tenant: str | None = None


@dataclass(frozen=True)
class AllTypes:
    """What :func:`create_all_types` made: collection names and the objects of the main one."""

    name: str
    target_a: str
    target_b: str
    #: Every object of the main collection (of every tenant, in the multi-tenant variant).
    objects: list[AllTypesObject]
    tenants: tuple[str, ...] = ()

    @property
    def collections(self) -> list[str]:
        """Every collection created, the main one first (delete them in this order)."""
        return [self.name, self.target_a, self.target_b]

    def objects_of(self, tenant: str | None) -> list[AllTypesObject]:
        """The objects of one tenant (None: of a collection without multi-tenancy)."""
        return [o for o in self.objects if o.tenant == tenant]

    def target_label(self, collection: str, uuid: str) -> str:
        """The ``label`` of a reference target, as inserted."""
        for role, target in (("a", self.target_a), ("b", self.target_b)):
            if collection != target:
                continue
            for tenant in self.tenants or (None,):
                uuids = target_uuids(role, tenant)
                if uuid in uuids:
                    return _target_label(role, uuids.index(uuid), tenant)
        raise KeyError((collection, uuid))


def target_uuids(collection_role: str, tenant: str | None = None) -> list[str]:
    prefix = f"{tenant}/" if tenant else ""
    return [
        str(generate_uuid5(f"{prefix}{collection_role}-{i}", _NAMESPACE))
        for i in range(TARGET_COUNT)
    ]


def _target_label(role: str, index: int, tenant: str | None) -> str:
    return f"{role} {index}" + (f" ({tenant})" if tenant else "")


def _vector(name: str, index: int) -> Any:
    dims = VECTOR_DIMENSIONS[name]
    if isinstance(dims, tuple):
        rows, width = dims
        return [[(index + r + c) / 8 - 1 for c in range(width)] for r in range(rows)]
    return [((index * 3 + d) % 16) / 16 - 0.5 for d in range(dims)]


#: Where each of the special objects is, by index.
SPARSE_INDEX = OBJECT_COUNT - 2  # most properties missing (null), no references
EMPTY_INDEX = OBJECT_COUNT - 1  # empty lists everywhere
#: Non-UTC dates with microseconds, and geo coordinates float32 cannot store exactly.
ODD_DATE_INDEX = 1
ODD_GEO_INDEX = 5
_PLUS_TWO = dt.timezone(dt.timedelta(hours=2))


def _price(i: int) -> float:
    """Whole-looking floats, plain fractions, big numbers and long fractions."""
    return [float(i * 2), i * 1.25 + 0.1, 1234567.875 + i, -i / 3][i % 4]


def all_types_objects(
    name: str, target_a: str, target_b: str, tenant: str | None = None
) -> list[AllTypesObject]:
    """Deterministic objects: full ones, one with nulls and one with empty lists.

    Texts include commas, quotes, newlines and non-ASCII, for CSV and JSON edge cases; each
    tenant's objects have uuids and titles of their own.
    """
    a, b = target_uuids("a", tenant), target_uuids("b", tenant)
    prefix = f"{tenant}/" if tenant else ""
    uuids = [str(generate_uuid5(f"{prefix}object-{i}", _NAMESPACE)) for i in range(OBJECT_COUNT)]
    objects = []
    for i, uuid in enumerate(uuids):
        base = dt.datetime(2020, 1 + i % 12, 1 + i, 8, 30, i, tzinfo=dt.UTC)
        if i == ODD_DATE_INDEX:
            base = dt.datetime(2021, 6, 30, 23, 59, 58, 123456, tzinfo=_PLUS_TWO)
        properties: dict[str, Any] = {
            "title": [
                "plain",
                'with "quotes", commas',
                "line one\nline two",
                "naïve café ✓ 日本",
            ][i % 4]
            + f" #{i}"
            + (f" ({tenant})" if tenant else ""),
            "tags": [f"tag{i}", "shared", "x,y"],
            "count": i * 7 - 20,
            "counts": [i, -i, 2**40 + i],
            "price": _price(i),
            "prices": [0.5, i * 2.5, -3.75],
            "active": i % 2 == 0,
            "flags": [True, i % 3 == 0, False],
            "published": base,
            "dates": [base, base + dt.timedelta(days=30, milliseconds=250)],
            "external_id": str(generate_uuid5(f"ext-{i}", _NAMESPACE)),
            "external_ids": [str(generate_uuid5(f"ext-{i}-{j}", _NAMESPACE)) for j in range(2)],
            "location": {"latitude": 52.5 + i / 4, "longitude": 13.25 - i / 8}
            if i != ODD_GEO_INDEX
            else {"latitude": 52.37, "longitude": -4.89},
            "phone": {"number": f"+49 30 {1234560 + i}", "default_country": "DE"},
            # Blobs are base64 text, as the server stores and returns them.
            "image": ["aGVsbG8=", "AAECAwQFBgc=", "/+7dzLuqmYh3ZlVEMyIRAA=="][i % 3],
            "details": {
                "label": f"label {i}",
                "score": i / 4,
                "tags": ["a", f"b{i}"],
                "when": base,
                "meta": {
                    "level": i,
                    "flags": [i % 2 == 1, True],
                    "inner": {"code": f"C-{i:03d}", "values": [1.5, i * 0.5]},
                },
            },
            "parts": [
                {"name": f"part {i}.{j}", "count": j, "sub": {"note": "n", "deep": {"ok": j == 0}}}
                for j in range(2)
            ],
        }
        if i == SPARSE_INDEX:  # nulls: most properties missing
            properties = {"title": f"sparse #{i}" + (f" ({tenant})" if tenant else ""), "count": 0}
        if i == EMPTY_INDEX:  # empty lists
            properties.update(
                {
                    "tags": [],
                    "counts": [],
                    "prices": [],
                    "flags": [],
                    "dates": [],
                    "external_ids": [],
                    "parts": [],
                }
            )
        references: dict[str, list[tuple[str, str]]] = {
            SINGLE_REFERENCE: [(target_a, a[i % TARGET_COUNT])],
            MULTI_REFERENCE: [
                (target_a, a[(i + 1) % TARGET_COUNT]),
                (target_b, b[i % TARGET_COUNT]),
            ],
        }
        if i % 3 == 0:  # a reference to an object later in the same collection
            references[SELF_REFERENCE] = [(name, uuids[(i + 1) % OBJECT_COUNT])]
        if i == SPARSE_INDEX:
            references = {}
        objects.append(
            AllTypesObject(
                uuid=uuid,
                properties=properties,
                vectors={vector: _vector(vector, i) for vector in VECTOR_DIMENSIONS},
                references=references,
                tenant=tenant,
            )
        )
    return objects


def _nested() -> tuple[Any, Any]:
    from weaviate.classes.config import DataType, Property

    details = [
        Property(name="label", data_type=DataType.TEXT),
        Property(name="score", data_type=DataType.NUMBER),
        Property(name="tags", data_type=DataType.TEXT_ARRAY),
        Property(name="when", data_type=DataType.DATE),
        Property(
            name="meta",
            data_type=DataType.OBJECT,
            nested_properties=[
                Property(name="level", data_type=DataType.INT),
                Property(name="flags", data_type=DataType.BOOL_ARRAY),
                Property(
                    name="inner",
                    data_type=DataType.OBJECT,
                    nested_properties=[
                        Property(name="code", data_type=DataType.TEXT),
                        Property(name="values", data_type=DataType.NUMBER_ARRAY),
                    ],
                ),
            ],
        ),
    ]
    parts = [
        Property(name="name", data_type=DataType.TEXT),
        Property(name="count", data_type=DataType.INT),
        Property(
            name="sub",
            data_type=DataType.OBJECT,
            nested_properties=[
                Property(name="note", data_type=DataType.TEXT),
                Property(
                    name="deep",
                    data_type=DataType.OBJECT,
                    nested_properties=[Property(name="ok", data_type=DataType.BOOL)],
                ),
            ],
        ),
    ]
    return details, parts


async def create_all_types_collection(
    session: ExplorerSession,
    name: str,
    target_a: str,
    target_b: str,
    tenants: tuple[str, ...] = (),
) -> None:
    """Only the main collection's schema (no objects): also the target of a round-trip copy."""
    from weaviate.classes.config import Configure, DataType, Property, ReferenceProperty
    from weaviate.classes.tenants import Tenant

    details, parts = _nested()
    types = {
        "text": DataType.TEXT,
        "text[]": DataType.TEXT_ARRAY,
        "int": DataType.INT,
        "int[]": DataType.INT_ARRAY,
        "number": DataType.NUMBER,
        "number[]": DataType.NUMBER_ARRAY,
        "boolean": DataType.BOOL,
        "boolean[]": DataType.BOOL_ARRAY,
        "date": DataType.DATE,
        "date[]": DataType.DATE_ARRAY,
        "uuid": DataType.UUID,
        "uuid[]": DataType.UUID_ARRAY,
        "geoCoordinates": DataType.GEO_COORDINATES,
        "phoneNumber": DataType.PHONE_NUMBER,
        "blob": DataType.BLOB,
    }
    properties = [Property(name=PROPERTY_BY_TYPE[t], data_type=d) for t, d in types.items()]
    properties.append(
        Property(name="details", data_type=DataType.OBJECT, nested_properties=details)
    )
    properties.append(
        Property(name="parts", data_type=DataType.OBJECT_ARRAY, nested_properties=parts)
    )
    vector_config: list[Any] = [
        Configure.Vectors.self_provided(name="small"),
        Configure.Vectors.self_provided(name="large"),
        Configure.MultiVectors.self_provided(name="colbert"),
    ]
    await session.client.collections.create(
        name=name,
        description="Every data type, several named vectors, references",
        properties=properties,
        references=[
            ReferenceProperty(name=SINGLE_REFERENCE, target_collection=target_a),
            ReferenceProperty.MultiTarget(
                name=MULTI_REFERENCE, target_collections=[target_a, target_b]
            ),
            ReferenceProperty(name=SELF_REFERENCE, target_collection=name),
        ],
        vector_config=vector_config,
        multi_tenancy_config=Configure.multi_tenancy(enabled=True) if tenants else None,
    )
    if tenants:
        await session.client.collections.use(name).tenants.create([Tenant(name=t) for t in tenants])


async def create_all_types(
    session: ExplorerSession,
    name: str,
    *,
    tenants: tuple[str, ...] = (),
    with_objects: bool = True,
) -> AllTypes:
    """Create ``{name}TargetA``, ``{name}TargetB`` and ``name`` and fill them.

    With ``tenants`` the three are multi-tenant and each tenant gets its own objects; without
    ``with_objects`` the main collection stays empty (its targets are filled all the same).
    """
    from weaviate.classes.config import Configure, DataType, Property
    from weaviate.classes.data import DataObject, ReferenceToMulti
    from weaviate.classes.tenants import Tenant

    client = session.client
    target_a, target_b = f"{name}TargetA", f"{name}TargetB"
    for target, role in ((target_a, "a"), (target_b, "b")):
        await client.collections.create(
            name=target,
            properties=[Property(name="label", data_type=DataType.TEXT)],
            multi_tenancy_config=Configure.multi_tenancy(enabled=True) if tenants else None,
        )
        if tenants:
            await client.collections.use(target).tenants.create([Tenant(name=t) for t in tenants])
        for tenant in tenants or (None,):
            result = await session.collection(target, tenant).data.insert_many(
                [
                    DataObject(uuid=uuid, properties={"label": _target_label(role, i, tenant)})
                    for i, uuid in enumerate(target_uuids(role, tenant))
                ]
            )
            assert not result.errors, result.errors
    await create_all_types_collection(session, name, target_a, target_b, tenants)
    made: list[AllTypesObject] = []
    for tenant in (tenants or (None,)) if with_objects else ():
        objects = all_types_objects(name, target_a, target_b, tenant)
        collection = session.collection(name, tenant)
        result = await collection.data.insert_many(
            [
                DataObject(uuid=o.uuid, properties=_insertable(o.properties), vector=o.vectors)
                for o in objects
            ]
        )
        assert not result.errors, result.errors
        for obj in objects:
            for prop, targets in obj.references.items():
                for target, uuid in targets:
                    to: Any = ReferenceToMulti(target_collection=target, uuids=uuid)
                    await collection.data.reference_add(
                        from_uuid=obj.uuid, from_property=prop, to=to
                    )
        made.extend(objects)
    return AllTypes(name, target_a, target_b, made, tenants)


def _insertable(properties: dict[str, Any]) -> dict[str, Any]:
    from weaviate.classes.data import GeoCoordinate, PhoneNumber

    out = dict(properties)
    if "location" in out:
        out["location"] = GeoCoordinate(**out["location"])
    if "phone" in out:
        out["phone"] = PhoneNumber(**out["phone"])
    return out


@dataclass(frozen=True)
class StoredObject:
    """An object as the server returns it, for exact comparisons."""

    properties: dict[str, Any]
    vectors: dict[str, Any]
    #: (reference property, target collection, target uuid), sorted.
    references: tuple[tuple[str, str, str], ...]


async def stored_objects(
    session: ExplorerSession, name: str, tenant: str | None = None
) -> dict[str, StoredObject]:
    """Every object of ``name`` (of one tenant) by uuid: all properties (blobs too), vectors
    and references.

    Read with the client directly (not through the code under test), one query per reference
    target collection.
    """
    from weaviate.classes.query import QueryReference

    collection = session.client.collections.use(name)
    if tenant is not None:
        collection = collection.with_tenant(tenant)
    config = await collection.config.get()
    names = [p.name for p in config.properties]
    out: dict[str, StoredObject] = {}
    references: dict[str, list[tuple[str, str, str]]] = {}
    async for obj in collection.iterator(include_vector=True, return_properties=names):
        out[str(obj.uuid)] = StoredObject(dict(obj.properties), dict(obj.vector), ())
        references[str(obj.uuid)] = []
    for ref in config.references or []:
        for target in ref.target_collections:
            query: Any = (
                QueryReference(link_on=ref.name, return_properties=[])
                if len(ref.target_collections) == 1
                else QueryReference.MultiTarget(
                    link_on=ref.name, target_collection=target, return_properties=[]
                )
            )
            iterator: Any = collection.iterator(return_properties=[], return_references=query)
            async for obj in iterator:
                linked_refs: dict[str, Any] = obj.references or {}
                found = linked_refs.get(ref.name)
                for linked in found.objects if found is not None else ():
                    references[str(obj.uuid)].append(
                        (ref.name, linked.collection, str(linked.uuid))
                    )
    return {
        uuid: StoredObject(o.properties, o.vectors, tuple(sorted(references[uuid])))
        for uuid, o in out.items()
    }


def shapes_fixture(plain: str, tenanted: str, tenants: tuple[str, ...]) -> Any:
    """A module-scoped ``shapes`` fixture: the every-type collection and its multi-tenant twin.

    Made once for the module (leftovers of an earlier run removed first), deleted after it.
    """
    import pytest

    @pytest.fixture(scope="module")
    async def shapes(session: ExplorerSession) -> AsyncIterator[tuple[AllTypes, AllTypes]]:
        made = []
        for name, its_tenants in ((plain, ()), (tenanted, tenants)):
            for leftover in (name, f"{name}TargetA", f"{name}TargetB"):
                await session.client.collections.delete(leftover)
            made.append(await create_all_types(session, name, tenants=its_tenants))
        yield made[0], made[1]
        for one in made:
            for name in one.collections:
                await session.client.collections.delete(name)

    return shapes
