"""Baseline for serve: the smallest FastAPI app that runs a hybrid query on the async client.

One ``WeaviateAsyncClient`` opened in the lifespan, as in the async-client seed.
Usage: minimal_fastapi.py HTTP_PORT GRPC_PORT LISTEN_PORT
"""

import sys
from contextlib import asynccontextmanager

import uvicorn
import weaviate
from fastapi import FastAPI
from pydantic import BaseModel
from weaviate.classes.query import MetadataQuery

http_port, grpc_port, listen_port = (int(arg) for arg in sys.argv[1:4])
state: dict[str, weaviate.WeaviateAsyncClient] = {}


@asynccontextmanager
async def lifespan(_app):
    client = weaviate.use_async_with_local(
        host="127.0.0.1", port=http_port, grpc_port=grpc_port, skip_init_checks=True
    )
    await client.connect()
    state["client"] = client
    yield
    await client.close()


app = FastAPI(lifespan=lifespan)


class Body(BaseModel):
    collection: str
    kind: str
    text: str
    alpha: float
    target: str
    limit: int


@app.post("/search")
async def search(body: Body):
    result = (
        await state["client"]
        .collections.use(body.collection)
        .query.hybrid(
            query=body.text,
            alpha=body.alpha,
            target_vector=body.target,
            limit=body.limit,
            return_metadata=MetadataQuery(score=True),
        )
    )
    return [
        {"uuid": str(o.uuid), "properties": o.properties, "score": o.metadata.score}
        for o in result.objects
    ]


uvicorn.run(app, host="127.0.0.1", port=listen_port, log_level="warning")
