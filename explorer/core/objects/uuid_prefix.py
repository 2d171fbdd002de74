"""Resolve the short uuid prefixes the app shows (``0002bf92``) to the one object they name.

The server's cursor listing is ordered by uuid and seeks to any uuid, present or not, so a
prefix costs one small request however big the collection is.
"""

from __future__ import annotations

import re
import uuid as uuid_module

from explorer.core.base.errors import ExplorerError
from explorer.core.client.session import ExplorerSession

_HEX = re.compile(r"[0-9a-f]{1,32}")
#: Objects fetched after the prefix's lowest uuid: two tell unique from ambiguous, a few more
#: give the user something to choose from.
SHOWN_MATCHES = 5


class UuidPrefixError(ExplorerError):
    """The text is no uuid prefix, or names no object, or more than one."""


def as_full_uuid(text: str) -> str | None:
    """``text`` as a canonical uuid, or None when it is not a whole one."""
    try:
        return str(uuid_module.UUID(text))
    except ValueError:
        return None


def prefix_digits(text: str) -> str:
    """The hex digits of a prefix as typed or copied (dashes and a trailing ``…`` dropped)."""
    digits = text.strip().rstrip("…").replace("-", "").lower()
    if not _HEX.fullmatch(digits):
        raise UuidPrefixError(
            "Not a uuid", f"{text!r} is neither a uuid nor the start of one (hex digits)"
        )
    return digits


def _dashed(digits: str) -> str:
    padded = digits.ljust(32, "0")
    return str(uuid_module.UUID(padded))


async def resolve_uuid(
    session: ExplorerSession, collection: str, text: str, *, tenant: str | None = None
) -> str:
    """The uuid that ``text`` names in ``collection`` (and ``tenant``): the text itself when it
    is a whole uuid, else the single object whose uuid starts with it."""
    whole = as_full_uuid(text)
    if whole is not None:
        return whole
    digits = prefix_digits(text)
    lowest = _dashed(digits)
    handle = session.collection(collection, tenant)
    async with session.call():
        exact = await handle.query.fetch_object_by_id(lowest, return_properties=[])
        after = await handle.query.fetch_objects(
            after=lowest, limit=SHOWN_MATCHES, return_properties=[]
        )
    found = [lowest] if exact is not None else []
    found += [str(o.uuid) for o in after.objects]
    matches = [u for u in found if u.replace("-", "").startswith(digits)][:SHOWN_MATCHES]
    where = f"{collection}@{tenant}" if tenant else collection
    if not matches:
        raise UuidPrefixError("Not found", f"no object of {where} has a uuid starting {digits}")
    if len(matches) > 1:
        more = " …" if len(matches) == SHOWN_MATCHES else ""
        raise UuidPrefixError(
            "Ambiguous uuid prefix",
            f"{digits} starts {'at least ' if more else ''}{len(matches)} uuids in {where}: "
            f"{', '.join(matches)}{more}; type more of it",
        )
    return matches[0]
