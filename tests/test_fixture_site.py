"""Each fault of the fixture site behaves as documented in ``tests/fixture_site.py``."""

from __future__ import annotations

import time

import httpx
import pytest
from fixture_site import ACCENTED_TEXT, COMMENT_IDS, FAULT_PATHS, HUGE_BYTES, FaultSite
from lxml import html


def _get(site: FaultSite, path: str, **kwargs: object) -> httpx.Response:
    kwargs.setdefault("timeout", 10)
    return httpx.get(site.url.rstrip("/") + path, follow_redirects=False, **kwargs)


def _comment_ids(body: bytes) -> list[str]:
    doc = html.fromstring(body)
    return [li.get("id").split("-")[1] for li in doc.xpath('//ol[@class="comment-list"]//li[starts-with(@id, "comment-")]')]


def test_home_links_every_fault(fault_site: FaultSite) -> None:
    home = _get(fault_site, "/")
    assert home.status_code == 200
    links = set(html.fromstring(home.content).xpath("//a/@href"))
    assert {fault_site.url.rstrip("/") + path for path in FAULT_PATHS} <= links
    assert fault_site.url + "loop-b/" not in links  # reached by redirect only


def test_robots_and_crawl_delay(fault_site: FaultSite) -> None:
    robots = _get(fault_site, "/robots.txt")
    assert robots.text == "User-agent: *\nDisallow: /private/\n"
    fault_site.set_crawl_delay(2)
    assert "Crawl-delay: 2\n" in _get(fault_site, "/robots.txt").text
    fault_site.set_crawl_delay(0.5)
    assert "Crawl-delay: 0.5\n" in _get(fault_site, "/robots.txt").text


def test_request_log_records_method_path_time_and_agent(fault_site: FaultSite) -> None:
    before = time.monotonic()
    _get(fault_site, "/gone/?x=1", headers={"User-Agent": "backlint-test/1.0"})
    httpx.head(fault_site.url + "forbidden/")
    first, second = fault_site.requests
    assert (first.method, first.path, first.user_agent) == ("GET", "/gone/?x=1", "backlint-test/1.0")
    assert second.method == "HEAD" and second.path == "/forbidden/"
    assert before <= first.time <= second.time
    assert "/private/secret/" not in fault_site.paths()


def test_slow_page_outlasts_a_short_read_timeout(fault_site: FaultSite) -> None:
    started = time.monotonic()
    with pytest.raises(httpx.ReadTimeout):
        _get(fault_site, "/slow/", timeout=httpx.Timeout(5.0, read=1.0))
    assert 0.9 <= time.monotonic() - started < 2.5


def test_status_faults(fault_site: FaultSite) -> None:
    assert [_get(fault_site, "/error-500/").status_code for _ in range(3)] == [500, 500, 500]
    assert _get(fault_site, "/forbidden/").status_code == 403
    assert _get(fault_site, "/gone/").status_code == 404
    assert _get(fault_site, "/no-such-page/").status_code == 404


def test_flaky_succeeds_on_the_third_try(fault_site: FaultSite) -> None:
    answers = [_get(fault_site, "/flaky/") for _ in range(3)]
    assert [a.status_code for a in answers] == [500, 500, 200]
    assert _comment_ids(answers[2].content) == COMMENT_IDS["/flaky/"]


def test_rate_limited_once_then_ok(fault_site: FaultSite) -> None:
    first = _get(fault_site, "/rate-limited/")
    assert first.status_code == 429 and first.headers["retry-after"] == "1"
    second = _get(fault_site, "/rate-limited/")
    assert second.status_code == 200 and _comment_ids(second.content) == COMMENT_IDS["/rate-limited/"]


def test_redirect_loop(fault_site: FaultSite) -> None:
    a = _get(fault_site, "/loop-a/")
    assert a.status_code == 301 and a.headers["location"] == fault_site.url + "loop-b/"
    assert _get(fault_site, "/loop-b/").headers["location"] == fault_site.url + "loop-a/"
    with httpx.Client(follow_redirects=True, max_redirects=5) as client, pytest.raises(httpx.TooManyRedirects):
        client.get(fault_site.url + "loop-a/")


def test_huge_page_is_streamed_without_length(fault_site: FaultSite) -> None:
    with httpx.stream("GET", fault_site.url + "huge/", timeout=10) as response:
        assert response.status_code == 200
        assert "content-length" not in response.headers
        assert response.headers["transfer-encoding"] == "chunked"
        total = sum(len(chunk) for chunk in response.iter_raw())
    assert total == HUGE_BYTES
    # A client that stops early does not disturb the server.
    with httpx.stream("GET", fault_site.url + "huge/", timeout=10) as response:
        next(response.iter_raw())
    assert _get(fault_site, "/gone/").status_code == 404


def test_latin1_page_header_right_meta_wrong(fault_site: FaultSite) -> None:
    page = _get(fault_site, "/latin1/")
    assert page.headers["content-type"] == "text/html; charset=ISO-8859-1"
    assert b'<meta charset="utf-8" />' in page.content
    assert "café – naïve".encode("cp1252") in page.content
    with pytest.raises(UnicodeDecodeError):
        page.content.decode("utf-8")
    # The WHATWG decoder for the "iso-8859-1" label is windows-1252: byte 0x96 is "–".
    assert ACCENTED_TEXT in page.content.decode("cp1252")


def test_nocharset_page_declares_nothing(fault_site: FaultSite) -> None:
    page = _get(fault_site, "/nocharset/")
    assert page.headers["content-type"] == "text/html"
    assert b"<meta charset" not in page.content.lower() and b"charset=" not in page.content.lower()
    assert ACCENTED_TEXT in page.content.decode("cp1252")
    assert _comment_ids(page.content) == COMMENT_IDS["/nocharset/"]


def test_non_html_files(fault_site: FaultSite) -> None:
    pdf = _get(fault_site, "/file.pdf")
    assert pdf.headers["content-type"] == "application/pdf" and pdf.content.startswith(b"%PDF-")
    png = _get(fault_site, "/image.png")
    assert png.headers["content-type"] == "image/png" and png.content.startswith(b"\x89PNG\r\n\x1a\n")


def test_malformed_page_still_holds_two_comments(fault_site: FaultSite) -> None:
    page = _get(fault_site, "/malformed/")
    assert page.status_code == 200
    assert not page.content.rstrip().endswith(b"</html>")
    assert _comment_ids(page.content) == COMMENT_IDS["/malformed/"]


def test_paged_post_has_three_comment_pages(fault_site: FaultSite) -> None:
    pages = [_get(fault_site, f"/paged-post/comment-page-{n}/") for n in (1, 2, 3)]
    ids = [_comment_ids(p.content) for p in pages]
    assert [len(i) for i in ids] == [10, 10, 5]
    assert sum(ids, []) == COMMENT_IDS["/paged-post/"]
    assert _comment_ids(_get(fault_site, "/paged-post/").content) == ids[2]
    past = _get(fault_site, "/paged-post/comment-page-4/")
    assert past.status_code == 200 and _comment_ids(past.content) == []
    nav = html.fromstring(pages[0].content).xpath('//nav[contains(@class, "comments-pagination")]//a/@href')
    assert fault_site.url + "paged-post/comment-page-2/#comments" in nav


def test_hello_world_has_every_item_type(fault_site: FaultSite) -> None:
    doc = html.fromstring(_get(fault_site, "/hello-world/").content)
    classes = [li.get("class").split()[0] for li in doc.xpath('//ol[@class="comment-list"]//li')]
    assert classes == ["comment", "comment", "trackback", "pingback"]
    assert _comment_ids(_get(fault_site, "/hello-world/").content) == COMMENT_IDS["/hello-world/"]
