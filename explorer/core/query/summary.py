"""A request in one short line, for the history and saved-query lists."""

from __future__ import annotations

from explorer.core.base.errors import ExplorerError
from explorer.core.query.codec import Request
from explorer.core.query.requests import AggregateRequest


def summarize_request(request: Request, width: int = 80) -> str:
    """``hybrid "storm" alpha=0.5 where year > 1995 limit 10``; cut to ``width`` characters."""
    from explorer.core.where.parser import format_where

    parts: list[str] = []
    if isinstance(request, AggregateRequest):
        parts.append("aggregate")
        if request.group_by:
            parts.append(f"group by {request.group_by}")
        if request.metrics:
            parts.append("metrics " + ",".join(request.metrics))
    else:
        parts.append(request.kind)
        if request.text is not None:
            parts.append(repr(request.text))
        if request.object_id:
            parts.append(request.object_id)
        if request.vector:
            parts.append(f"[{len(request.vector)}-d vector]")
        if request.alpha is not None:
            parts.append(f"alpha={request.alpha:g}")
        if request.fusion:
            parts.append(f"fusion={request.fusion}")
        if request.target_vector:
            parts.append(f"target={request.target_vector}")
        if request.multi_target:
            parts.append(
                f"targets={','.join(request.multi_target.targets)} "
                f"({request.multi_target.combination})"
            )
        if request.rerank:
            parts.append(f"rerank {request.rerank.property}")
        if request.generate:
            parts.append("rag")
        if request.sort:
            parts.append(
                "sort "
                + ",".join(s.property + (":desc" if s.descending else "") for s in request.sort)
            )
    if request.filters is not None:
        try:
            parts.append("where " + format_where(request.filters))
        except ExplorerError:
            parts.append("where …")
    if not isinstance(request, AggregateRequest):
        parts.append(f"limit {request.limit}")
        if request.offset:
            parts.append(f"offset {request.offset}")
    text = " ".join(parts)
    return text if len(text) <= width else text[: width - 1] + "…"
