"""Fetcher unit tests on httpx.MockTransport: statuses, retries, redirects, caps, charsets."""

from __future__ import annotations

import asyncio

import httpx
import pytest

from backlint.decode import decode
from backlint.errors import BlockedError, DeadError
from backlint.settings import Settings
from crawler.fetch import Fetcher, parse_retry_after

FAST = Settings(delay=0, retry_backoff=0.01, max_retries=2, max_redirects=3, body_max_bytes=1000)


def run(handler, url="http://site.test/", settings=FAST, **kwargs):
    sleeps: list[float] = []

    async def fake_sleep(seconds: float) -> None:
        sleeps.append(seconds)

    async def go():
        async with Fetcher(settings, transport=httpx.MockTransport(handler), sleep=fake_sleep,
                           **kwargs) as fetcher:
            return await fetcher.fetch(url)

    return asyncio.run(go()), sleeps


def html(body: str, status: int = 200, **headers: str) -> httpx.Response:
    return httpx.Response(status, headers={"content-type": "text/html; charset=utf-8", **headers},
                          content=body.encode())


def test_ok_page_is_read_and_decoded():
    result, _ = run(lambda request: html("<p>café</p>"))
    assert (result.status, result.outcome, result.text, result.attempts) == (200, "ok", "<p>café</p>", 1)


def test_user_agent_is_sent():
    seen = {}

    def handler(request):
        seen["ua"] = request.headers["user-agent"]
        return html("ok")

    run(handler)
    assert seen["ua"].startswith("backlint/") and "+https://" in seen["ua"]


def test_500_is_retried_with_exponential_backoff_then_reported():
    calls = []

    def handler(request):
        calls.append(1)
        return html("boom", 500)

    result, sleeps = run(handler)
    assert len(calls) == 3 and result.attempts == 3
    assert sleeps == [0.01, 0.02]
    assert result.outcome == "error" and result.error.kind == "http-500"


def test_flaky_page_succeeds_after_retry():
    answers = iter([html("x", 503), html("<p>fine</p>")])
    result, _ = run(lambda request: next(answers))
    assert result.outcome == "ok" and result.attempts == 2 and result.text == "<p>fine</p>"


def test_429_honours_retry_after():
    answers = iter([html("slow down", 429, **{"retry-after": "7"}), html("ok")])
    result, sleeps = run(lambda request: next(answers))
    assert sleeps == [7.0] and result.outcome == "ok"


def test_429_after_retries_is_blocked_not_dead():
    result, _ = run(lambda request: html("no", 429, **{"retry-after": "1"}))
    assert isinstance(result.error, BlockedError) and result.outcome == "blocked"


def test_retry_after_beyond_the_cap_gives_up_at_once():
    result, sleeps = run(lambda request: html("no", 429, **{"retry-after": "86400"}))
    assert sleeps == [] and result.outcome == "blocked" and result.attempts == 1


@pytest.mark.parametrize("status", [401, 403])
def test_auth_errors_are_blocked(status):
    result, sleeps = run(lambda request: html("no", status))
    assert result.outcome == "blocked" and sleeps == [] and result.error.status == status


@pytest.mark.parametrize("status", [404, 410])
def test_missing_pages_are_dead(status):
    result, _ = run(lambda request: html("gone", status))
    assert isinstance(result.error, DeadError) and result.outcome == "dead"


def test_connection_error_is_retried_then_reported():
    def handler(request):
        raise httpx.ConnectError("refused", request=request)

    result, sleeps = run(handler)
    assert result.outcome == "error" and result.error.kind == "connect" and result.attempts == 3
    assert result.status is None and len(sleeps) == 2


def test_timeout_is_reported_as_timeout():
    def handler(request):
        raise httpx.ReadTimeout("slow", request=request)

    result, _ = run(handler)
    assert result.error.kind == "timeout"


def test_redirects_are_followed():
    def handler(request):
        if request.url.path == "/old/":
            return httpx.Response(301, headers={"location": "/new/"})
        return html("<p>new</p>")

    result, _ = run(handler, url="http://site.test/old/")
    assert result.final_url == "http://site.test/new/" and result.outcome == "ok"


def test_redirect_loop_is_caught():
    def handler(request):
        target = "/b/" if request.url.path == "/a/" else "/a/"
        return httpx.Response(302, headers={"location": target})

    result, _ = run(handler, url="http://site.test/a/")
    assert result.error.kind == "redirect-loop"


def test_too_many_redirects():
    def handler(request):
        n = int(request.url.path.strip("/") or 0)
        return httpx.Response(302, headers={"location": f"/{n + 1}"})

    result, _ = run(handler, url="http://site.test/0")
    assert result.error.kind == "too-many-redirects"


def test_off_site_redirect_is_not_followed():
    def handler(request):
        return httpx.Response(301, headers={"location": "https://elsewhere.test/"})

    result, _ = run(handler, allowed_hosts=frozenset({"site.test"}))
    assert result.outcome == "skipped" and result.error.kind == "off-site-redirect"


def test_body_cap_cuts_and_reports():
    result, _ = run(lambda request: html("x" * 5000))
    assert result.truncated and len(result.body) == 1000 and result.error.kind == "too-large"
    assert result.ok  # what was read is still parsed


def test_non_html_is_skipped_unread():
    result, _ = run(lambda request: httpx.Response(200, headers={"content-type": "application/pdf"},
                                                   content=b"%PDF-1.4"))
    assert result.outcome == "skipped" and result.body == b"" and result.error.kind == "not-parsed-type"


def test_wrong_charset_header_falls_back():
    body = "<p>naïve café</p>".encode("cp1252")
    result, _ = run(lambda request: httpx.Response(
        200, headers={"content-type": "text/html; charset=utf-8"}, content=body))
    assert result.text == "<p>naïve café</p>" and result.encoding == "cp1252"


def test_meta_charset_is_used_without_header():
    body = '<meta charset="iso-8859-1"><p>café</p>'.encode("latin-1")
    text, charset, _ = decode(body)
    assert text.endswith("café</p>") and charset == "cp1252"


def test_retry_after_http_date():
    assert parse_retry_after("Wed, 21 Oct 2015 07:28:10 GMT", now=1445412480.0) == 10.0
    assert parse_retry_after(None) is None and parse_retry_after("later") is None


def test_resolve_sends_the_request_elsewhere_with_the_host_kept():
    seen = {}

    def handler(request):
        seen["url"], seen["host"] = str(request.url), request.headers["host"]
        return html("<p>ok</p>")

    settings = Settings(delay=0, resolve=("blog.example=127.0.0.1:8080",))
    result, _ = run(handler, url="https://blog.example/post/", settings=settings)
    assert result.outcome == "ok" and result.url == "https://blog.example/post/"
    assert seen == {"url": "https://127.0.0.1:8080/post/", "host": "blog.example"}
