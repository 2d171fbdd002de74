"""Import objects from JSON, JSONL and CSV files, and export them to those formats.

``importer`` and ``exporter`` do the network work; ``readers``, ``writers``, ``rows`` and
``formats`` are local and run in threads.
"""
