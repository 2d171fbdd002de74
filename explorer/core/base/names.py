"""What the server accepts as a collection name (also a valid GraphQL name)."""

from __future__ import annotations

import re

#: Weaviate capitalises the first letter of a name given in lower case.
COLLECTION_NAME = re.compile(r"^[A-Za-z][_0-9A-Za-z]{0,254}$")
