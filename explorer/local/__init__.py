"""A real local Weaviate server: find or build its binary, start it, stop it."""
