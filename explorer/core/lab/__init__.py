"""The vector lab: compare search modes, open up RAG (UI-free)."""
