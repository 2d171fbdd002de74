"""Working across two connections: schema diff, applying it, copying a collection."""
