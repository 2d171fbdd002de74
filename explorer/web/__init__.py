"""``weaviate-explorer web``: the full app in a browser tab, through textual-serve (optional)."""
