"""The request and response bodies of the HTTP API, one pydantic model each (they make /docs)."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

SearchKindName = Literal["fetch", "bm25", "hybrid", "near_text", "near_vector", "near_object"]


class RerankBody(BaseModel):
    model_config = ConfigDict(extra="forbid")

    property: str = Field(description="The property the reranker reads")
    query: str | None = Field(None, description="The text to rerank against (default: the query)")


class SearchBody(BaseModel):
    """The same request the core takes; ``where`` is text in the ``--where`` language."""

    model_config = ConfigDict(extra="forbid")

    collection: str
    kind: SearchKindName = "hybrid"
    text: str | None = None
    vector: list[float] | None = None
    object_id: str | None = Field(None, description="For near_object: the object's uuid")
    alpha: float | None = Field(None, ge=0, le=1, description="Hybrid: 1 is pure vector")
    target: str | None = Field(None, description="The named vector to search")
    where: str | None = Field(
        None, description='A filter, e.g. value > 400 and round = "Jeopardy!"'
    )
    limit: int = Field(10, ge=1, le=10_000)
    tenant: str | None = None
    prompt: str | None = Field(None, description="RAG per object: 'Explain {answer}'")
    task: str | None = Field(None, description="RAG: one grouped task over all the results")
    rerank: RerankBody | None = None
    include_vector: bool = False


class SavedOverrides(BaseModel):
    """What a run of a saved query may change."""

    model_config = ConfigDict(extra="forbid")

    text: str | None = None
    limit: int | None = Field(None, ge=1, le=10_000)


class Health(BaseModel):
    #: The client is connected and the health poll hears the server.
    connected: bool
    #: Why not, when the health poll lost the server.
    reason: str | None = None
    url: str
    version: str | None
    read_only: bool


class CollectionRow(BaseModel):
    name: str
    count: int | None
    multi_tenant: bool


class SavedRow(BaseModel):
    name: str
    summary: str


class ErrorBody(BaseModel):
    title: str
    message: str


class ErrorResponse(BaseModel):
    detail: ErrorBody


#: A search or saved-query answer: the REPL's ``--format json`` shape (a list of objects, or
#: ``{"generated", "objects"}`` with a grouped task, or an aggregate's document).
ResultBody = list[dict[str, Any]] | dict[str, Any]
