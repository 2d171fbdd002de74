"""Load Weaviate's demo datasets with the ``weaviate-demo-datasets`` package's own loaders.

The loaders default to OpenAI and Cohere modules; each gets the offline modules instead, through
its constructor arguments where it takes them and its attributes where it does not.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import weaviate
from weaviate.classes.config import Configure

BIGRAM = "text2vec-bigram"


def bigram(name: str | None = None, source_properties: list[str] | None = None) -> Any:
    """The offline vectorizer (the client has no helper of its own for it)."""
    return Configure.Vectors.custom(
        name=name, module_name=BIGRAM, source_properties=source_properties
    )


GENERATIVE = Configure.Generative.custom(module_name="generative-dummy")
RERANKER = Configure.Reranker.custom(module_name="reranker-dummy")


@dataclass(frozen=True)
class Dataset:
    """One loaded dataset as the tests see it."""

    key: str
    collection: str
    tenants: tuple[str, ...] = ()
    vectors: tuple[str, ...] = ("default",)
    reference: str | None = None
    reference_target: str | None = None
    group_by: str = "country"
    search_text: str = "cherry"


DATASETS: dict[str, Dataset] = {
    "WineReviews": Dataset("WineReviews", "WineReview"),
    "WineReviewsMT": Dataset("WineReviewsMT", "WineReviewMT", tenants=("tenantA", "tenantB")),
    "WineReviewsNV": Dataset(
        "WineReviewsNV", "WineReviewNV", vectors=("title", "review_body", "title_country")
    ),
    "JeopardyQuestion10k": Dataset(
        "JeopardyQuestion10k",
        "JeopardyQuestion",
        reference="hasCategory",
        reference_target="JeopardyCategory",
        group_by="round",
        search_text="science",
    ),
    "JeopardyCategory": Dataset(
        "JeopardyCategory", "JeopardyCategory", group_by="title", search_text="science"
    ),
    "Wiki100": Dataset("Wiki100", "WikiChunk", group_by="title", search_text="history"),
}


def load_all(url_port: int, grpc_port: int) -> None:
    """Load every dataset that ships its data; blocking (the loaders use the sync client)."""
    import weaviate_datasets as wd

    wine = wd.WineReviews(vector_config=bigram(), generative_config=GENERATIVE)
    wine_mt = wd.WineReviewsMT()
    wine_mt._vector_config = bigram()
    wine_mt._generative_config = GENERATIVE
    wine_nv = wd.WineReviewsNV()
    wine_nv._vector_config = [
        bigram("title", ["title"]),
        bigram("review_body", ["review_body"]),
        bigram("title_country", ["title", "country"]),
    ]
    wine_nv._generative_config = GENERATIVE
    jeopardy = wd.JeopardyQuestions10k(
        vector_config=bigram(), generative_config=GENERATIVE, reranker_config=RERANKER
    )
    wiki = wd.Wiki100(vector_config=bigram(), generative_config=GENERATIVE)
    client = weaviate.connect_to_local(port=url_port, grpc_port=grpc_port)
    try:
        for loader in (wine, wine_mt, wine_nv, jeopardy, wiki):
            loader.upload_dataset(client)
    finally:
        client.close()
