"""Schema, tenants, aliases, users and roles, backups and the cluster."""
