"""The ``weaviate-explorer`` command line: the click group, its shared flags and subcommands."""
