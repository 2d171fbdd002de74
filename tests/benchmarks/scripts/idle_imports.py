"""Baseline for idle RSS: a Python process that has only imported textual and weaviate."""

import sys

import textual.app  # noqa: F401  (what a Textual app needs: the App class and its imports)
import weaviate  # noqa: F401

print("ready", flush=True)
sys.stdin.readline()
