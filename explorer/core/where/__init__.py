"""The --where filter language: tokens, parser, type checks, builder rows and the filter tree."""
