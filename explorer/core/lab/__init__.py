"""The vector lab: UI-free analysis of a collection's vectors and of its search quality."""
