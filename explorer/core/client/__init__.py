"""The session that owns the one WeaviateAsyncClient, its connection options, auth, probes and health."""
