"""``weaviate-explorer serve``: saved queries and searches as an HTTP API (FastAPI, optional)."""
