"""The vector lab, UI-free: search modes compared, RAG opened up, a collection's vectors checked."""
