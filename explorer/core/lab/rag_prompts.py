"""The exact text a generative module receives, rendered as Weaviate v1.38 renders it.

``usecases/modulecomponents/additional/generate`` turns each result's properties into text
(:mod:`explorer.core.lab.go_values`), then ``usecases/modulecomponents/generative`` fills the
prompt: a single prompt replaces each ``{property}`` in turn (a value that itself holds
``{other}`` is filled too, as ``strings.ReplaceAll`` does), and refuses an empty or missing one;
a grouped task fills ``{property}`` from the first result that has it (an unknown name is left
without its braces) and appends the results as a JSON list of string maps, keys sorted.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from explorer.core.base.errors import ExplorerError
from explorer.core.base.models import CollectionConfig, ObjectRecord
from explorer.core.lab.go_values import go_json, go_json_string, go_text

#: Go's ``{([\w\s]*?)}`` (RE2: ``\w`` and ``\s`` are ASCII only).
PLACEHOLDER = re.compile(r"\{([0-9A-Za-z_\t\n\f\r ]*?)\}")
#: Types the server sends as JSON (``json.Marshal``) rather than ``%v``.
_JSON_TYPES = ("[]", "object", "geoCoordinates", "phoneNumber", "cref")
_BLOB_TYPES = ("blob", "blobHash")
DUMMY_PREFIX = "You want me to generate something based on the following prompt: "
DUMMY_SUFFIX = ". With settings: . I'm sorry, I'm just a dummy and can't generate anything."


class PromptPropertyEmpty(ExplorerError):
    """A single prompt names a property that is empty or missing on a result: the server
    refuses the whole query."""


def generation_texts(
    record: ObjectRecord, config: CollectionConfig, properties: Sequence[str] | None = None
) -> dict[str, str]:
    """Each property of ``record`` as the text the generative module gets (None is left out)."""
    types = {p.name: p.data_type for p in config.properties}
    texts: dict[str, str] = {}
    for name, value in record.properties.items():
        if properties and name not in properties:
            continue
        data_type = types.get(name)
        if value is None or data_type is None or data_type in _BLOB_TYPES:
            continue
        if data_type.endswith("[]") or data_type in _JSON_TYPES or data_type not in _PRIMITIVE:
            texts[name] = go_json(_plain(value))
        else:
            texts[name] = go_text(value)
    return texts


_PRIMITIVE = frozenset({"text", "string", "int", "number", "boolean", "date", "uuid"})


def _plain(value: Any) -> Any:
    """Geo coordinates and phone numbers as the maps the server marshals."""
    if hasattr(value, "latitude") and hasattr(value, "longitude"):
        return {"latitude": value.latitude, "longitude": value.longitude}
    return value


def render_single_prompt(prompt: str, texts: Mapping[str, str]) -> str:
    """The prompt one result's generation receives (``MakeSinglePrompt``)."""
    for match in PLACEHOLDER.finditer(prompt):
        original = match.group(0)
        name = match.group(1).strip(" \t\n\f\r\v")
        value = texts.get(name, "")
        if value == "":
            raise PromptPropertyEmpty(
                "Prompt names an empty property",
                f"Following property has empty value: {name!r} — a result has no value for "
                "it, and the server refuses the whole query: check the spelling, or filter out "
                "objects without it",
            )
        prompt = prompt.replace(original, value)
    return prompt


def render_grouped_task(task: str, texts: Sequence[Mapping[str, str]]) -> str:
    """The text the grouped generation receives (``MakeTaskPrompt``)."""
    kept = [t for t in texts if t]

    def fill(match: re.Match[str]) -> str:
        name = match.group(0).strip("{}")
        for properties in kept:
            if name in properties:
                return properties[name]
        return name

    filled = PLACEHOLDER.sub(fill, task)
    context = "[" + ",".join(_string_map(t) for t in kept) + "]"
    return f"{filled}: {context}"


def _string_map(texts: Mapping[str, str]) -> str:
    return (
        "{"
        + ",".join(f"{go_json_string(k)}:{go_json_string(v)}" for k, v in sorted(texts.items()))
        + "}"
    )


def prompt_from_dummy_echo(generated: str | None) -> str | None:
    """The prompt generative-dummy was sent, from its answer (None for any other answer)."""
    if generated is None or not generated.startswith(DUMMY_PREFIX):
        return None
    if not generated.endswith(DUMMY_SUFFIX):
        return None
    return generated[len(DUMMY_PREFIX) : -len(DUMMY_SUFFIX)]
