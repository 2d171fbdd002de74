"""Property-based fuzzing (hypothesis) of parsers, import readers and renderers; no server."""
