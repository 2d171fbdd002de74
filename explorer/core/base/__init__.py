"""Errors, plain models, formatting of untrusted text, paths and safe JSON input: the bottom layer."""
