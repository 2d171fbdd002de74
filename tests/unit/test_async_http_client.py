"""async_http_client: no CA bundle for plain http (TLS fails closed), full checks for https."""

from __future__ import annotations

import ssl

from explorer.core.base.asyncio_http import async_http_client


def _context(url: str, **options: object) -> ssl.SSLContext:
    client = async_http_client(url, **options)
    context = client._transport._pool._ssl_context  # type: ignore[attr-defined]
    assert isinstance(context, ssl.SSLContext)
    return context


def test_plain_http_loads_no_certificate_and_would_refuse_any_tls() -> None:
    context = _context("http://127.0.0.1:8080")
    assert context.cert_store_stats()["x509_ca"] == 0
    assert context.verify_mode == ssl.CERT_REQUIRED and context.check_hostname


def test_https_keeps_the_default_verification() -> None:
    for url in ("https://example.weaviate.cloud", "HTTPS://Example.weaviate.cloud"):
        context = _context(url)
        assert context.cert_store_stats()["x509_ca"] > 0
        assert context.verify_mode == ssl.CERT_REQUIRED and context.check_hostname


def test_a_callers_verify_wins() -> None:
    mine = ssl.create_default_context()
    assert _context("http://127.0.0.1:8080", verify=mine) is mine
