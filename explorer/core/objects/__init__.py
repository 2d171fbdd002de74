"""Objects checked against the schema, then inserted, updated or deleted."""
