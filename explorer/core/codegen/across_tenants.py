"""Copy as code for a search across tenants: list the ACTIVE tenants that match, search each
(at most ``concurrency`` at once with the async client, one after the other with the sync one),
merge by score or distance keeping each tenant's rank, and print the tenants that failed."""

from __future__ import annotations

from explorer.core.base.models import CollectionConfig
from explorer.core.client.connection import ConnectionOptions
from explorer.core.codegen.queries import result_fields, search_arguments
from explorer.core.codegen.script import INDENT, Script, Variant, call_lines, safe_doc
from explorer.core.codegen.values import literal
from explorer.core.query.requests import SearchRequest


def across_tenants_code(
    request: SearchRequest,
    patterns: tuple[str, ...] | None,
    options: ConnectionOptions,
    *,
    variant: Variant = "async",
    config: CollectionConfig | None = None,
    concurrency: int = 8,
) -> str:
    """``patterns``: names and globs (``fnmatch``); None for every tenant."""
    script = Script(options, variant)
    arguments = search_arguments(request, script, config)
    namespace = "generate" if request.generate else "query"
    target = f"collection.with_tenant(tenant).{namespace}.{request.kind}"
    if patterns is not None:
        script.imports.add("import fnmatch")
    body = script.body
    body.append(f"collection = client.collections.use({request.collection!r})")
    body.append(f"tenants = {script.awaits}collection.tenants.get()")
    wanted = (
        ""
        if patterns is None
        else f" and any(fnmatch.fnmatchcase(name, p) for p in {literal(list(patterns))})"
    )
    body.extend(
        [
            "names = sorted(",
            f"{INDENT}name",
            f"{INDENT}for name, tenant in tenants.items()",
            f'{INDENT}if tenant.activity_status.value == "ACTIVE"{wanted}',
            ")",
            "",
        ]
    )
    call = call_lines(f"{script.awaits}{target}", arguments, 2)
    call[0] = f"{INDENT * 2}response = {call[0].strip()}"
    if variant == "async":
        body.extend(
            [
                f"gate = asyncio.Semaphore({concurrency!r})",
                "",
                "async def search(tenant):",
                f"{INDENT}async with gate:",
                f"{INDENT * 2}try:",
                *(INDENT + line for line in call),
                f"{INDENT * 2}except Exception as exc:",
                f"{INDENT * 3}return tenant, None, str(exc)",
                f"{INDENT}return tenant, response, None",
                "",
                "results = await asyncio.gather(*(search(name) for name in names))",
            ]
        )
    else:
        body.extend(
            [
                "results = []",
                "for tenant in names:",
                f"{INDENT}try:",
                *call,
                f"{INDENT}except Exception as exc:",
                f"{INDENT * 2}results.append((tenant, None, str(exc)))",
                f"{INDENT}else:",
                f"{INDENT * 2}results.append((tenant, response, None))",
            ]
        )
    body.append("print_results(results)")
    script.printer = _printer(request)
    where = safe_doc(f"{request.collection}, tenants {', '.join(patterns or ('*',))}")
    return script.render(f"{request.kind} across the ACTIVE tenants of {where}, merged.")


def _printer(request: SearchRequest) -> list[str]:
    if request.rerank is not None:
        key = '-(row.get("rerank_score") or 0)'
    elif request.kind in ("bm25", "hybrid"):
        key = '-(row.get("score") or 0)'
    else:
        key = 'row.get("distance") if row.get("distance") is not None else float("inf")'
    return [
        "def print_results(results) -> None:",
        f'{INDENT}"""The best results of every tenant, merged, and the tenants that failed."""',
        f"{INDENT}rows, failed = [], []",
        f"{INDENT}for tenant, response, error in results:",
        f"{INDENT * 2}if error is not None:",
        f'{INDENT * 3}failed.append({{"tenant": tenant, "error": error}})',
        f"{INDENT * 3}continue",
        f"{INDENT * 2}for rank, obj in enumerate(response.objects, start=1):",
        f'{INDENT * 3}row = {{"uuid": str(obj.uuid), "properties": obj.properties}}',
        *(f"{INDENT * 3}{field}" for field in result_fields(request)),
        f'{INDENT * 3}row["tenant"], row["tenant_rank"] = tenant, rank',
        f"{INDENT * 3}rows.append(row)",
        f'{INDENT}rows.sort(key=lambda row: ({key}, row["tenant_rank"], row["tenant"]))',
        f'{INDENT}output = {{"objects": rows[:{request.limit!r}], "failed": failed}}',
        f"{INDENT}print(json.dumps(output, indent=2, default=str))",
    ]
