"""The vectors of a stored collection config, as a diff compares them."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

QUANTIZERS = ("pq", "bq", "sq", "rq")
#: A legacy collection's one unnamed vector, listed under this name.
UNNAMED_VECTOR = "(unnamed)"


def vectors_of(config: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    """Named vectors by name; a legacy collection's unnamed vector as :data:`UNNAMED_VECTOR`."""
    out = {str(k): dict(v) for k, v in (config.get("vectorConfig") or {}).items()}
    if config.get("vectorIndexType") and config.get("vectorizer"):
        out[UNNAMED_VECTOR] = {
            "vectorizer": {str(config["vectorizer"]): {}},
            "vectorIndexType": config.get("vectorIndexType"),
            "vectorIndexConfig": config.get("vectorIndexConfig") or {},
        }
    return out


def vector_settings(vector: Mapping[str, Any]) -> dict[str, Any]:
    """One vector's settings as a diff sees them: the enabled quantizer is one setting."""
    index = dict(vector.get("vectorIndexConfig") or {})
    quantizer = quantizer_of(index)
    vectorizer = dict(vector.get("vectorizer") or {})
    module = next(iter(vectorizer), None)
    settings: dict[str, Any] = {
        "vectorizer": module,
        "vectorizer settings": dict(vectorizer.get(module) or {}) if module else {},
        "index type": vector.get("vectorIndexType"),
        "quantization": quantizer,
    }
    if quantizer != "none":
        settings[quantizer] = {
            k: v for k, v in (index.get(quantizer) or {}).items() if k != "enabled"
        }
    settings["index"] = {k: v for k, v in index.items() if k not in QUANTIZERS}
    return settings


def quantizer_of(index: Mapping[str, Any]) -> str:
    """Which quantizer an index config enables: pq, bq, sq, rq or none."""
    for name in QUANTIZERS:
        settings = index.get(name)
        if isinstance(settings, Mapping) and settings.get("enabled"):
            return name
    return "none"
