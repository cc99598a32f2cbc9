"""A small WordPress-style site on 127.0.0.1 with one fault at each documented path.

Crawl tests point the crawler at it and assert on what it fetched (every request is
logged) and what it reported. The markup is WordPress's (from :mod:`backlint.demo.markup`).

=========================  ===============================================================
path                       behaviour
=========================  ===============================================================
``/``                      home page linking every path below (``/private/secret/`` too)
                           except ``/loop-b/``, which is reached by redirect only
``/robots.txt``            ``Disallow: /private/``; ``Crawl-delay: N`` when set
``/private/secret/``       a page robots.txt forbids: it must never be requested
``/hello-world/``          a post with two comments (one a reply), a trackback, a pingback
``/paged-post/``           25 top-level comments, 10 a page: ``comment-page-1/`` … ``-3/``;
                           the bare URL shows page 3 (newest first); later pages are empty
``/slow/``                 answers after ``slow_seconds`` (3 s): longer than a 1 s read timeout
``/error-500/``            always 500
``/flaky/``                500 for the first two requests, then 200 with two comments
``/rate-limited/``         429 with ``Retry-After: 1`` the first time, then 200 with two comments
``/forbidden/``            always 403
``/gone/``                 always 404
``/loop-a/``, ``/loop-b/``  301 to each other, forever
``/huge/``                 200 with a 20 MB HTML body, streamed chunked (no Content-Length)
``/latin1/``               windows-1252 bytes; the header says ``charset=ISO-8859-1`` (right:
                           per the WHATWG Encoding Standard that label *means* windows-1252)
                           and a ``<meta charset="utf-8">`` says UTF-8 (wrong; the header
                           wins). One comment reads "café – naïve" (the dash is byte 0x96)
``/nocharset/``            the same bytes with ``Content-Type: text/html`` and no meta
                           charset: a reader must fall back to windows-1252
``/file.pdf``              a small PDF (``application/pdf``)
``/image.png``             a 1×1 PNG (``image/png``)
``/malformed/``            truncated, badly nested HTML that still holds two comments
anything else              404
=========================  ===============================================================

Example:
    >>> import httpx
    >>> with FaultSite() as site:
    ...     status = httpx.get(site.url + "error-500/").status_code
    ...     paths = site.paths()
    >>> status, paths
    (500, ['/error-500/'])
"""

from __future__ import annotations

import re
import sys
import threading
import time
from datetime import datetime, timedelta, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import NamedTuple

from backlint.demo import markup

SLOW_SECONDS = 3.0
HUGE_BYTES = 20 * 1024 * 1024
#: The comment every encoding page carries, as a reader must decode it.
ACCENTED_TEXT = "café – naïve"

#: The ``comment-N`` IDs each page lists, for crawl tests to compare with.
COMMENT_IDS: dict[str, list[str]] = {
    "/hello-world/": ["11", "12", "13", "14"],
    "/paged-post/": [str(n) for n in range(200, 225)],
    "/flaky/": ["31", "32"],
    "/rate-limited/": ["41", "42"],
    "/latin1/": ["51"],
    "/nocharset/": ["61"],
    "/malformed/": ["71", "72"],
}

FAULT_PATHS = ("/hello-world/", "/paged-post/", "/slow/", "/error-500/", "/flaky/", "/rate-limited/",
               "/forbidden/", "/gone/", "/loop-a/", "/huge/", "/latin1/", "/nocharset/", "/file.pdf",
               "/image.png", "/malformed/", "/private/secret/")

# A valid 1x1 transparent PNG and a minimal one-page PDF.
PNG_BYTES = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c"
    "6360000002000154a24f5d0000000049454e44ae426082")
PDF_BYTES = (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
             b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n")

_BASE_DATE = datetime(2024, 3, 1, 12, 0, tzinfo=timezone.utc)


class RequestRecord(NamedTuple):
    """One request the fixture site received.

    Example:
        >>> RequestRecord("GET", "/flaky/", 12.5, "backlint/0.1").path
        '/flaky/'
    """

    method: str
    path: str
    time: float
    user_agent: str


def _node(item_id: int, author: str, url: str, text: str, *, kind: str = "comment",
          children: list[markup.CommentNode] | None = None) -> markup.CommentNode:
    return markup.CommentNode(id=item_id, type=kind, author=author, author_url=url,
                              date=_BASE_DATE + timedelta(hours=item_id), text=text, children=children or [])


def _post_page(site_url: str, slug: str, title: str, nodes: list[markup.CommentNode], *,
               count: int | None = None, page: int = 1, pages: int = 1, post_id: int = 5) -> str:
    permalink = f"{site_url}/{slug}/"
    items = markup.comment_list_html(nodes, site_url=site_url, post_id=post_id, post_permalink=permalink,
                                     page_url=f"{permalink}comment-page-{page}/")
    comments = markup.comments_area_html(
        count=count if count is not None else len(nodes), list_html=items,
        pagination_html=markup.comments_pagination_html(permalink, page, pages) if nodes else "",
        form_html=markup.comment_form_html(site_url, post_id))
    main = (f'<article id="post-{post_id}" class="post-{post_id} post type-post status-publish hentry entry">'
            f'<header class="entry-header"><h1 class="entry-title">{markup.esc_html(title)}</h1></header>'
            f'<div class="entry-content"><p>A test post called {markup.esc_html(title)}.</p></div></article>\n{comments}')
    info = markup.SiteInfo(url=site_url, title="Fixture Blog", tagline="A site with faults")
    head = f'<link rel="canonical" href="{permalink}" />\n<link rel="pingback" href="{site_url}/xmlrpc.php">\n'
    return markup.page_html(info, title=f"{title} \u2013 Fixture Blog", body_class=f"single postid-{post_id}",
                            head_links=head, main=main, widgets="")


def _two_comments(first_id: int) -> list[markup.CommentNode]:
    return [_node(first_id, "Ann Reader", "https://ann-reader.example/", "First comment, made it through."),
            _node(first_id + 1, "Cheap Pills", "http://pills.example/", 'Buy <a href="http://pills.example/buy" '
                  'rel="nofollow ugc">pills</a> now.')]


def _paged_nodes() -> list[markup.CommentNode]:
    return [_node(200 + n, f"Reader {n + 1}", f"https://reader{n + 1}.example/", f"Comment number {n + 1}.")
            for n in range(25)]


def _home(site_url: str) -> str:
    links = "".join(f'<li><a href="{site_url}{path}">{path}</a></li>\n' for path in FAULT_PATHS)
    info = markup.SiteInfo(url=site_url, title="Fixture Blog", tagline="A site with faults")
    main = f'<article class="page"><h1 class="entry-title">Index</h1><ul class="fault-list">\n{links}</ul></article>'
    return markup.page_html(info, title="Fixture Blog", body_class="home blog", head_links="", main=main, widgets="")


def _encoded_page(site_url: str, slug: str, item_id: int, meta_charset: bool) -> bytes:
    nodes = [_node(item_id, "Zoë Müller", "https://zoe.example/", ACCENTED_TEXT)]
    page = _post_page(site_url, slug, "Encodings", nodes)
    page = page.replace('<meta charset="UTF-8" />', '<meta charset="utf-8" />' if meta_charset else "")
    return page.encode("cp1252")


def _malformed(site_url: str) -> bytes:
    # Unclosed <p>, a stray </div>, an unquoted attribute, a missing </ol> and the
    # document cut off inside a tag: what a truncated transfer or a broken theme yields.
    return (f"""<html><head><title>Malformed</title>
<body><div id="content"><p>Broken markup ahead</div></div>
<ol class="comment-list">
<li id="comment-71" class="comment even thread-even depth-1"><article id="div-comment-71" class=comment-body>
<footer class="comment-meta"><div class="comment-author vcard"><b class="fn"><a href="https://first.example/" class="url" rel="ugc external nofollow">First Person</a></b></div>
<div class="comment-metadata"><a href="{site_url}/malformed/#comment-71"><time datetime="2024-03-02T10:00:00+00:00">March 2, 2024</time></a></div></footer>
<div class="comment-content"><p>Still readable <b>despite <i>bad nesting</b></i>
</article>
<li id="comment-72" class="comment odd alt thread-odd thread-alt depth-1"><article id="div-comment-72" class="comment-body">
<footer class="comment-meta"><div class="comment-author vcard"><b class="fn"><a href="https://second.example/" class="url" rel="ugc external nofollow">Second Person</a></b></div></footer>
<div class="comment-content"><p>Second comment, see <a href="https://second.example/post" rel="nofollow ugc">my post</a>
</article></li>
<div class="widget"><a href="{site_url}/" class""").encode("utf-8")


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True
    server: _FixtureHTTPServer

    def version_string(self) -> str:
        return "Apache"

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        """Quiet: the request log is kept in :attr:`FaultSite.requests` instead."""

    def do_HEAD(self) -> None:  # noqa: N802
        self._handle(with_body=False)

    def do_GET(self) -> None:  # noqa: N802
        self._handle(with_body=True)

    def _handle(self, *, with_body: bool) -> None:
        site = self.server.site
        site._record(self.command, self.path, self.headers.get("User-Agent", ""))
        path = self.path.split("?", 1)[0]
        try:
            self._route(site, path, with_body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (a read timeout, a size limit): nothing to do

    def _send(self, status: int, body: bytes, content_type: str = "text/html; charset=UTF-8",
              headers: tuple[tuple[str, str], ...] = (), with_body: bool = True) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        for name, value in headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if with_body:
            self.wfile.write(body)

    def _html(self, status: int, text: str, with_body: bool, headers: tuple[tuple[str, str], ...] = ()) -> None:
        self._send(status, text.encode("utf-8"), headers=headers, with_body=with_body)

    def _route(self, site: FaultSite, path: str, with_body: bool) -> None:  # noqa: C901 (a flat table)
        url = site.url.rstrip("/")
        if path == "/":
            self._html(200, _home(url), with_body)
        elif path == "/robots.txt":
            delay = site.crawl_delay
            text = "User-agent: *\nDisallow: /private/\n" + (f"Crawl-delay: {delay:g}\n" if delay is not None else "")
            self._send(200, text.encode("ascii"), "text/plain; charset=utf-8", with_body=with_body)
        elif path.startswith("/private/"):
            self._html(200, _post_page(url, "private/secret", "Secret", []), with_body)
        elif path == "/hello-world/":
            nodes = [_node(11, "Ann Reader", "https://ann-reader.example/", "Lovely post.",
                           children=[_node(12, "Fixture Author", "", "Thank you, Ann.")]),
                     _node(13, "Other Blog \u2013 a trackback", "https://other-blog.example/2024/03/link/", "", kind="trackback"),
                     _node(14, "Linking Post \u2013 Somewhere", "https://somewhere.example/linking-post/", "", kind="pingback")]
            self._html(200, _post_page(url, "hello-world", "Hello world", nodes, count=4), with_body)
        elif path == "/paged-post/" or path.startswith("/paged-post/comment-page-"):
            self._paged(url, path, with_body)
        elif path == "/slow/":
            site._stopping.wait(site.slow_seconds)
            self._html(200, _post_page(url, "slow", "Slow", _two_comments(21)), with_body)
        elif path == "/error-500/":
            self._html(500, "<h1>Internal Server Error</h1>", with_body)
        elif path == "/flaky/":
            if site._count(path) <= 2:
                self._html(500, "<h1>Internal Server Error</h1>", with_body)
            else:
                self._html(200, _post_page(url, "flaky", "Flaky", _two_comments(31)), with_body)
        elif path == "/rate-limited/":
            if site._count(path) == 1:
                self._html(429, "<h1>Too Many Requests</h1>", with_body, (("Retry-After", "1"),))
            else:
                self._html(200, _post_page(url, "rate-limited", "Rate limited", _two_comments(41)), with_body)
        elif path == "/forbidden/":
            self._html(403, "<h1>Forbidden</h1>", with_body)
        elif path in ("/loop-a/", "/loop-b/"):
            target = "/loop-b/" if path == "/loop-a/" else "/loop-a/"
            self._send(301, b"", headers=(("Location", f"{url}{target}"),), with_body=with_body)
        elif path == "/huge/":
            self._huge(with_body)
        elif path == "/latin1/":
            self._send(200, _encoded_page(url, "latin1", 51, meta_charset=True), "text/html; charset=ISO-8859-1",
                       with_body=with_body)
        elif path == "/nocharset/":
            self._send(200, _encoded_page(url, "nocharset", 61, meta_charset=False), "text/html", with_body=with_body)
        elif path == "/file.pdf":
            self._send(200, PDF_BYTES, "application/pdf", with_body=with_body)
        elif path == "/image.png":
            self._send(200, PNG_BYTES, "image/png", with_body=with_body)
        elif path == "/malformed/":
            self._send(200, _malformed(url), with_body=with_body)
        else:
            self._html(404, "<h1>Not Found</h1>", with_body)

    def _paged(self, url: str, path: str, with_body: bool) -> None:
        nodes = _paged_nodes()
        pages = 3
        match = re.fullmatch(r"/paged-post/comment-page-(\d+)/", path)
        page = pages if path == "/paged-post/" else int(match.group(1)) if match else 0
        if page < 1:
            self._html(404, "<h1>Not Found</h1>", with_body)
            return
        shown = nodes[(page - 1) * 10: page * 10]
        self._html(200, _post_page(url, "paged-post", "Paged post", shown, count=len(nodes), page=page, pages=pages),
                   with_body)

    def _huge(self, with_body: bool) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=UTF-8")
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        if not with_body:
            return
        head = b"<!doctype html><html><head><title>Huge</title></head><body>"
        filler = b"<p>" + b"All work and no play makes a very large page. " * 20 + b"</p>\n"
        chunk = filler * (65536 // len(filler))
        sent = 0
        self._chunk(head)
        sent += len(head)
        while sent + len(chunk) < HUGE_BYTES:
            self._chunk(chunk)
            sent += len(chunk)
        tail = b"</body></html>"
        self._chunk(b" " * (HUGE_BYTES - sent - len(tail)) + tail)
        self.wfile.write(b"0\r\n\r\n")

    def _chunk(self, payload: bytes) -> None:
        self.wfile.write(f"{len(payload):x}\r\n".encode("ascii") + payload + b"\r\n")


class _FixtureHTTPServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        # A client that hangs up mid-request is routine, not worth a traceback.
        if isinstance(sys.exc_info()[1], (ConnectionError, TimeoutError)):
            return
        super().handle_error(request, client_address)
    site: FaultSite


class FaultSite:
    """The fault fixture site, served on a free port of 127.0.0.1 in a background thread.

    Example:
        >>> with FaultSite(crawl_delay=2) as site:
        ...     import httpx
        ...     httpx.get(site.url + "robots.txt").text.splitlines()[-1]
        'Crawl-delay: 2'

    Args:
        crawl_delay: the ``Crawl-delay`` robots.txt states, or ``None`` for none.
        slow_seconds: how long ``/slow/`` takes to answer.
    """

    def __init__(self, *, crawl_delay: float | None = None, slow_seconds: float = SLOW_SECONDS) -> None:
        self.crawl_delay = crawl_delay
        self.slow_seconds = slow_seconds
        self._lock = threading.Lock()
        self._log: list[RequestRecord] = []
        self._counts: dict[str, int] = {}
        self._stopping = threading.Event()
        self._httpd = _FixtureHTTPServer(("127.0.0.1", 0), _Handler)
        self._httpd.site = self
        host, port = self._httpd.server_address[:2]
        self.url = f"http://{host}:{port}/"
        self._thread: threading.Thread | None = None

    @property
    def requests(self) -> list[RequestRecord]:
        """Every request so far, oldest first (a copy, safe to keep)."""
        with self._lock:
            return list(self._log)

    def paths(self) -> list[str]:
        """The requested paths (with query strings), oldest first."""
        return [record.path for record in self.requests]

    def set_crawl_delay(self, seconds: float | None) -> None:
        """Change the ``Crawl-delay`` that ``/robots.txt`` states (``None`` removes it)."""
        self.crawl_delay = seconds

    def _record(self, method: str, path: str, user_agent: str) -> None:
        with self._lock:
            self._log.append(RequestRecord(method, path, time.monotonic(), user_agent))

    def _count(self, path: str) -> int:
        with self._lock:
            self._counts[path] = self._counts.get(path, 0) + 1
            return self._counts[path]

    def start(self) -> FaultSite:
        """Serve in a daemon thread."""
        if self._thread is None:
            self._thread = threading.Thread(target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05},
                                            name="fault-site", daemon=True)
            self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving; a request still sleeping in ``/slow/`` is woken up."""
        self._stopping.set()
        if self._thread is not None:
            self._httpd.shutdown()
            self._thread.join()
            self._thread = None
        self._httpd.server_close()

    def __enter__(self) -> FaultSite:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()
