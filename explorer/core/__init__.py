"""The Weaviate-facing core: UI-free, shared by the TUI and the REPL.

Submodules are imported explicitly (``from explorer.core.client.session import ExplorerSession``) so
that importing one piece never drags in weaviate-client before it is needed.
"""
