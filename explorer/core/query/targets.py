"""Choosing the target vector of a query, so a missing one is never a server error."""

from __future__ import annotations

import math
from typing import Any

from explorer.core.base.errors import ExplorerError, TargetVectorRequired
from explorer.core.base.models import CollectionConfig, SearchKind
from explorer.core.query.requests import COMBINATIONS, WEIGHTED_COMBINATIONS, MultiTarget

#: Query kinds that turn text into a vector on the server, so they need a vectorizer.
TEXT_VECTOR_KINDS: frozenset[str] = frozenset({"near_text", "hybrid"})
VECTOR_KINDS: frozenset[str] = frozenset({"near_text", "near_vector", "near_object", "hybrid"})
NO_VECTORIZER = "none"
#: Vectorizers that vectorize objects but refuse nearText (text2vec-bigram's Arguments() is
#: empty, so the server answers "could not vectorize input"); hybrid still works with them.
NO_NEAR_TEXT_VECTORIZERS: frozenset[str] = frozenset({"text2vec-bigram"})


def vectorized_targets(config: CollectionConfig) -> tuple[str, ...]:
    return tuple(v.name for v in config.vectors if v.vectorizer not in ("", NO_VECTORIZER))


def near_text_targets(config: CollectionConfig) -> tuple[str, ...]:
    """The vectors whose vectorizer turns a near_text query into a vector."""
    return tuple(
        v.name
        for v in config.vectors
        if v.vectorizer not in ("", NO_VECTORIZER, *NO_NEAR_TEXT_VECTORIZERS)
    )


def text_targets(config: CollectionConfig, kind: SearchKind) -> tuple[str, ...]:
    return near_text_targets(config) if kind == "near_text" else vectorized_targets(config)


def _near_text_advice(config: CollectionConfig) -> str:
    """What works instead of near_text on this collection, never a target that fails too."""
    if near_text_targets(config):
        return f"use the target {', '.join(near_text_targets(config))}"
    hybrid = vectorized_targets(config)
    if hybrid:
        target = f" --target {hybrid[0]}" if config.named_vectors else ""
        return (
            f"for a vector search by text use hybrid with alpha 1 (hybrid TEXT --alpha 1{target}), "
            "or near_vector with a vector"
        )
    return "use near_vector with a vector, or bm25"


def _check_near_text(config: CollectionConfig, target: str | None) -> None:
    vectors = {v.name: v.vectorizer for v in config.vectors}
    if target is None and config.vectors:
        target = config.vectors[0].name
    vectorizer = vectors.get(target or "", "")
    if vectorizer in NO_NEAR_TEXT_VECTORIZERS:
        raise ExplorerError(
            "near_text not supported here",
            f"{vectorizer} (the vectorizer of {target!r} of {config.name}) has no nearText: "
            f"{_near_text_advice(config)}",
        )


def check_target_vector(
    config: CollectionConfig, kind: SearchKind, target_vector: str | None
) -> str | None:
    """Return the target vector to send, or raise an error that lists the choices."""
    if kind not in VECTOR_KINDS:
        return None
    names = [v.name for v in config.vectors]
    named = config.named_vectors
    if target_vector is None:
        if not named:
            return None
        candidates = text_targets(config, kind) if kind in TEXT_VECTOR_KINDS else tuple(names)
        if len(candidates) == 1:
            return candidates[0]
        if kind == "near_text" and not candidates:
            raise TargetVectorRequired(
                "near_text not supported here",
                f"no vector of {config.name} can turn text into a vector for near_text: "
                f"{_near_text_advice(config)}",
            )
        raise TargetVectorRequired(
            "Choose a target vector",
            f"{config.name} has the named vectors {', '.join(names)}; "
            f"say which one {kind} should search"
            + (
                f" (with a vectorizer: {', '.join(candidates)})"
                if kind in TEXT_VECTOR_KINDS
                else ""
            ),
        )
    if named and target_vector not in names:
        raise ExplorerError(
            "Unknown target vector",
            f"{config.name} has no vector {target_vector!r}; choose from {', '.join(names)}",
        )
    if kind in TEXT_VECTOR_KINDS and named and target_vector not in vectorized_targets(config):
        raise ExplorerError(
            "Target vector has no vectorizer",
            f"{kind} needs a vectorizer, and {target_vector!r} of {config.name} has none; "
            + (
                _near_text_advice(config)
                if kind == "near_text"
                else f"use {', '.join(vectorized_targets(config)) or 'near_vector instead'}"
            ),
        )
    if kind == "near_text":
        _check_near_text(config, target_vector)
    return target_vector if named else None


def automatic_target(
    config: CollectionConfig,
    kind: SearchKind,
    vector_length: int | None = None,
    dimensions: dict[str, int] | None = None,
) -> str | None:
    """What "(automatic)" can only mean: the only vector, the only one a pasted vector fits,
    or the only one with a vectorizer; None when the choice is the user's to make."""
    if kind not in VECTOR_KINDS or not config.named_vectors:
        return None
    names = [v.name for v in config.vectors]
    if len(names) == 1:
        return names[0]
    if kind == "near_vector":
        if vector_length is None or not dimensions:
            return None
        fitting = [name for name in names if dimensions.get(name) == vector_length]
        return fitting[0] if len(fitting) == 1 else None
    vectorized = vectorized_targets(config)
    return vectorized[0] if len(vectorized) == 1 else None


# -- several targets at once -----------------------------------------------------------------


def parse_weights(text: str) -> tuple[tuple[str, float], ...]:
    """``a=0.7,b=0.3`` as pairs; raises an error that shows the expected form."""
    pairs: list[tuple[str, float]] = []
    for part in (p.strip() for p in text.split(",")):
        if not part:
            continue
        name, equals, number = part.partition("=")
        name = name.strip()
        try:
            weight = float(number)
        except ValueError:
            weight = math.nan
        if not equals or not name or not math.isfinite(weight):
            raise ExplorerError(
                "Invalid weights",
                f"{part!r}: write each weight as VECTOR=NUMBER, e.g. a=0.7,b=0.3",
            )
        if weight < 0:
            raise ExplorerError("Invalid weights", f"{part!r}: a weight is 0 or more")
        pairs.append((name, weight))
    return tuple(pairs)


def multi_target(
    targets: tuple[str, ...], combination: str | None, weights: str | None
) -> MultiTarget:
    """The multi-target of ``--target a,b --combine C --weights a=1,b=2`` (checked later)."""
    parsed = parse_weights(weights) if weights else ()
    chosen = combination or ("manual" if parsed else "sum")
    return MultiTarget(targets=targets, combination=chosen, weights=parsed)


def check_multi_target(config: CollectionConfig, kind: SearchKind, multi: MultiTarget) -> None:
    """Refuse a multi-target search the server would refuse, saying what to change."""
    if kind not in VECTOR_KINDS:
        raise ExplorerError(
            "Multi-target needs a vector search",
            f"{kind} searches no vector: use several targets with near_text, near_vector, "
            "near_object or hybrid",
        )
    names = [v.name for v in config.vectors]
    if not config.named_vectors:
        raise ExplorerError(
            "No named vectors",
            f"{config.name} has one unnamed vector: several targets need named vectors",
        )
    if len(multi.targets) < 2:
        raise ExplorerError(
            "Name two or more targets",
            f"a multi-target search combines several vectors, e.g. {','.join(names[:2])}",
        )
    seen: set[str] = set()
    for name in multi.targets:
        if name not in names:
            raise ExplorerError(
                "Unknown target vector",
                f"{config.name} has no vector {name!r}; choose from {', '.join(names)}",
            )
        if name in seen:
            raise ExplorerError("Target named twice", f"{name!r} is named twice in the targets")
        seen.add(name)
    if multi.combination not in COMBINATIONS:
        raise ExplorerError(
            "Unknown combination",
            f"{multi.combination!r}: combine with {', '.join(COMBINATIONS)}",
        )
    _check_weights(multi)
    if kind in TEXT_VECTOR_KINDS:
        usable = text_targets(config, kind)
        for name in multi.targets:
            if name not in usable:
                raise ExplorerError(
                    "Target cannot vectorize text",
                    f"{kind} turns the text into a vector for every target, and {name!r} of "
                    f"{config.name} cannot; "
                    + (f"use {', '.join(usable)}" if usable else _near_text_advice(config)),
                )


def _check_weights(multi: MultiTarget) -> None:
    example = ",".join(f"{name}=0.5" for name in multi.targets)
    if multi.combination not in WEIGHTED_COMBINATIONS:
        if multi.weights:
            raise ExplorerError(
                "Weights not used",
                f"{multi.combination} takes no weights: use --combine manual or "
                "relative-score with weights, or drop the weights",
            )
        return
    if not multi.weights:
        raise ExplorerError(
            "Weights needed",
            f"{multi.combination} needs a weight for each target, e.g. --weights {example}",
        )
    weighted = [name for name, _weight in multi.weights]
    if len(set(weighted)) != len(weighted):
        raise ExplorerError("Invalid weights", "a target has two weights: give each one once")
    missing = [name for name in multi.targets if name not in weighted]
    extra = [name for name in weighted if name not in multi.targets]
    if missing or extra:
        detail = "; ".join(
            part
            for part in (
                f"no weight for {', '.join(missing)}" if missing else "",
                f"{', '.join(extra)} is not a target" if extra else "",
            )
            if part
        )
        raise ExplorerError(
            "Weights do not match the targets", f"{detail}: give one weight per target ({example})"
        )


def weaviate_targets(multi: MultiTarget) -> Any:
    """The client's ``TargetVectors`` join for ``multi`` (checked already)."""
    from weaviate.classes.query import TargetVectors

    targets = list(multi.targets)
    weights: dict[str, float | list[float]] = {name: weight for name, weight in multi.weights}
    match multi.combination:
        case "sum":
            return TargetVectors.sum(targets)
        case "average":
            return TargetVectors.average(targets)
        case "minimum":
            return TargetVectors.minimum(targets)
        case "relative-score":
            return TargetVectors.relative_score(weights)
        case _:
            return TargetVectors.manual_weights(weights)
