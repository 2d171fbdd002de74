"""weaviate-explorer: a keyboard-driven terminal explorer for Weaviate.

Importing this package loads no UI library and no weaviate-client, so start-up stays cheap.
"""

__version__ = "0.1.0"
