"""Reading why a Weaviate server stopped from its JSON log, and the OS refusing it a write."""

from __future__ import annotations

import json
from pathlib import Path

from explorer.core.base.errors import translate_error
from explorer.local.server_log import last_failure


def test_the_last_error_record_names_the_path_and_says_not_writable(tmp_path: Path) -> None:
    log = tmp_path / "weaviate.log"
    records = [
        {"level": "info", "msg": "starting"},
        {"level": "error", "msg": "an older error"},
        {"level": "error", "msg": 'mkdir "/x/data": permission denied', "path": "/x/data"},
        {"level": "info", "msg": "shutting down"},
    ]
    log.write_text("not json\n" + "".join(json.dumps(r) + "\n" for r in records))
    failure = last_failure(log)
    assert failure is not None and failure.path == "/x/data" and failure.not_writable
    log.write_text(json.dumps({"level": "fatal", "msg": "port in use"}) + "\n")
    failure = last_failure(log)
    assert failure is not None and not failure.not_writable and failure.path is None
    assert last_failure(tmp_path / "missing.log") is None


def test_a_write_the_os_refused_the_server_is_named_as_such() -> None:
    from weaviate.exceptions import WeaviateInsertManyAllFailedError

    refused = WeaviateInsertManyAllFailedError(
        "open /data/shelf/abc/proplengths.tmp: permission denied"
    )
    error = translate_error(refused, server="http://127.0.0.1:8080")
    assert error.title == "Weaviate cannot write its data"
    assert "http://127.0.0.1:8080 could not write to its data dir" in error.message
    assert "open /data/shelf/abc/proplengths.tmp: permission denied" in error.message
    rbac = WeaviateInsertManyAllFailedError("permission denied: user lacks create_data")
    assert translate_error(rbac).title != "Weaviate cannot write its data"
