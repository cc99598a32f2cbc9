"""Ping verification: reading a source page (pure) and fetching sources from real servers.

The fetch tests start a small "other people's blogs" server on 127.0.0.1 with one
behaviour per path (see :class:`SourceSite`) and verify pings whose sources live there.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from backlint.errors import FetchError
from backlint.records import PingCheck
from backlint.settings import Settings
from crawler.fetch import FetchResult
from crawler.verify import (
    PingToVerify,
    analyse_source,
    header_noindex,
    match_key,
    ping_status,
    target_variants,
    verify_pings_sync,
)

POST = "https://blog.example/hello-world/"
VARIANTS = target_variants(POST)
SOURCE = "https://other-blog.example/2024/03/a-post-i-liked/"


# -- realistic pages ------------------------------------------------------------------

def wordpress_post(body: str, *, title: str = "A post I liked \u2013 Other Blog", head: str = "",
                   sidebar: str = "", footer: str = "", site: str = "https://other-blog.example") -> str:
    """A classic WordPress theme's single-post page around ``body``, on the blog at ``site``."""
    return f"""<!DOCTYPE html>
<html lang="en-US"><head><meta charset="UTF-8" />
<meta name="viewport" content="width=device-width, initial-scale=1" />
<title>{title}</title>
{head}
<link rel="pingback" href="{site}/xmlrpc.php">
</head>
<body class="post-template-default single single-post postid-88 single-format-standard">
<div id="page" class="site">
<header id="masthead" class="site-header" role="banner">
  <p class="site-title"><a href="{site}/" rel="home">Other Blog</a></p>
  <nav id="site-navigation" class="main-navigation"><ul class="menu">
    <li><a href="{site}/about/">About</a></li>
    <li><a href="{site}/contact/">Contact</a></li></ul></nav>
</header>
<div id="content" class="site-content">
<main id="main" class="site-main">
<article id="post-88" class="post-88 post type-post status-publish format-standard hentry">
  <header class="entry-header"><h1 class="entry-title">A post I liked</h1>
    <div class="entry-meta"><a href="{site}/2024/03/a-post-i-liked/">March 3, 2024</a></div>
  </header>
  <div class="entry-content">{body}</div>
  <footer class="entry-footer"><a href="{site}/category/links/" rel="category tag">Links</a></footer>
</article>
<div id="comments" class="comments-area"><ol class="comment-list">
  <li id="comment-5" class="comment even thread-even depth-1"><article id="div-comment-5" class="comment-body">
    <footer class="comment-meta"><div class="comment-author vcard"><b class="fn">
      <a href="https://reader.example/" class="url" rel="ugc external nofollow">A Reader</a></b></div></footer>
    <div class="comment-content"><p>Nice list.</p></div></article></li>
</ol></div>
</main>
<aside id="secondary" class="widget-area">{sidebar}
  <section class="widget widget_recent_entries"><h2>Recent</h2><ul>
    <li><a href="{site}/2024/02/older/">Older post</a></li></ul></section>
</aside>
</div>
<footer id="colophon" class="site-footer"><div class="site-info">
  <a href="https://wordpress.org/">Proudly powered by WordPress</a>{footer}</div></footer>
</div></body></html>"""


def link_farm(ours: str) -> str:
    """A link-farm page: 300 links to other sites in a list, ours in the footer."""
    items = "\n".join(f'<li><a href="https://site{n}.example/">Best site {n}</a></li>' for n in range(300))
    return f"""<html><head><title>Web Directory</title></head><body>
<div class="container"><h1>Web Directory</h1><ul class="links">{items}</ul></div>
<div class="footer">Partners: {ours}</div></body></html>"""


def test_blog_post_linking_in_its_content_with_nofollow():
    page = wordpress_post('<p>I enjoyed <a href="https://blog.example/hello-world/" rel="nofollow">'
                          'Hello <em>world</em></a> this week, and <a href="https://third.example/x">this</a>.</p>')
    found = analyse_source(page, SOURCE, VARIANTS, blog_name="Other Blog")
    assert found == {
        "links_to_target": True,
        "link_url": "https://blog.example/hello-world/",
        "rel": ("nofollow",),
        "anchor": "Hello world",
        "placement": "content",
        # ours, third.example, reader.example (a comment) and wordpress.org (the footer)
        "outbound_links": 4,
        "noindex": False,
        "title": "A post I liked \u2013 Other Blog",
        "title_equals_blog_name": False,
    }
    # Every field a PingCheck takes from the page, and nothing else.
    PingCheck(source_url=SOURCE, target_url=POST, status="alive", **found)


def test_link_farm_with_ours_in_the_footer():
    found = analyse_source(link_farm('<a href="http://blog.example/hello-world">hello world</a>'),
                           "https://directory.example/page/7/", VARIANTS, blog_name="Web Directory")
    assert (found["links_to_target"], found["placement"], found["outbound_links"]) == (True, "footer", 301)
    assert (found["link_url"], found["anchor"], found["rel"]) == ("http://blog.example/hello-world", "hello world", ())
    assert found["title_equals_blog_name"] is True


def test_page_without_our_link():
    found = analyse_source(wordpress_post('<p>Links: <a href="https://blog.example/hello-world-2/">close</a>, '
                                          '<a href="https://blog.example/">home</a>.</p>'),
                           SOURCE, VARIANTS, blog_name="Other Blog")
    assert (found["links_to_target"], found["link_url"], found["rel"], found["anchor"], found["placement"]) == (
        False, None, (), "", "unknown")
    assert found["outbound_links"] == 4


@pytest.mark.parametrize("href", [
    "https://blog.example/hello-world/",
    "http://blog.example/hello-world/",
    "https://www.blog.example/hello-world/",
    "http://www.blog.example/hello-world",
    "HTTPS://Blog.Example/hello-world",
    "https://blog.example:443/hello-world/",
    "https://blog.example/hello-world/comment-page-2/",
    "https://blog.example/hello-world/comment-page-2/#comment-17",
    "https://blog.example/hello-world/#respond",
    "https://blog.example/hello-world/#comment-3",
    "https://blog.example/hello-world/?cpage=2",
    "https://blog.example/hello-world/?utm_source=twitter",
    "https://blog.example/hello%2Dworld/",
    "  https://blog.example/hello-world/\n",
])
def test_a_link_to_any_variant_of_our_url_counts(href):
    found = analyse_source(wordpress_post(f'<p><a href="{href}">it</a></p>'), SOURCE, VARIANTS)
    assert found["links_to_target"] is True and found["placement"] == "content"
    assert found["link_url"] == href.strip()


@pytest.mark.parametrize("href", [
    "https://blog.example/hello-world-2/",
    "https://blog.example/hello/",
    "https://blog.example/hello-world/feed/",
    "https://blog.example/",
    "https://blog.example.spam.example/hello-world/",
    "https://notblog.example/hello-world/",
    "https://spam.example/?u=https://blog.example/hello-world/",
    "/hello-world/",
    "mailto:hello-world@blog.example",
    "#hello-world",
])
def test_links_that_only_look_like_ours_do_not_count(href):
    found = analyse_source(wordpress_post(f'<p><a href="{href}">it</a></p>'), SOURCE, VARIANTS)
    assert found["links_to_target"] is False


def test_percent_encoding_differences_match():
    variants = target_variants("https://blog.example/caf\u00e9-cr\u00e8me/")
    for href in ("https://blog.example/caf%C3%A9-cr%C3%A8me/", "https://blog.example/caf%c3%a9-cr%c3%a8me",
                 "https://blog.example/caf\u00e9-cr\u00e8me/"):
        assert analyse_source(f'<a href="{href}">x</a>', SOURCE, variants)["links_to_target"], href


def test_relative_href_on_our_own_host_and_base_href():
    # A self-pingback: one of our posts linking to another with a relative href.
    own = analyse_source('<article><a href="../hello-world/">earlier</a></article>',
                         "https://blog.example/other-post/", VARIANTS)
    assert (own["links_to_target"], own["link_url"], own["outbound_links"]) == (True, "../hello-world/", 0)
    based = analyse_source('<head><base href="https://blog.example/"></head><a href="hello-world/">x</a>',
                           SOURCE, VARIANTS)
    assert based["links_to_target"] is True


def test_short_link_counts_when_the_post_id_is_known():
    variants = target_variants(POST, post_id=42)
    assert "https://blog.example/?p=42" in variants and "http://www.blog.example/?p=42" in variants
    page = '<p><a href="http://www.blog.example/?p=42">short</a></p>'
    assert analyse_source(page, SOURCE, variants)["links_to_target"] is True
    assert analyse_source(page, SOURCE, VARIANTS)["links_to_target"] is False
    assert analyse_source('<a href="https://blog.example/?p=421">x</a>', SOURCE, variants)["links_to_target"] is False


def test_target_variants_are_normalised_and_distinct():
    assert target_variants("https://Blog.Example/hello-world/") == VARIANTS
    assert len(VARIANTS) == len(set(VARIANTS)) == 8
    assert {match_key(v) for v in VARIANTS} == {"blog.example/hello-world"}
    assert target_variants("https://blog.example:8443/p/")[0] == "https://blog.example:8443/p/"
    assert target_variants("mailto:a@b.example") == []


@pytest.mark.parametrize(("where", "expected"), [
    ('<div id="comments"><ol class="comment-list"><li id="comment-9" class="pingback">'
     '<div class="comment-content"><p>{a}</p></div></li></ol></div>', "comment"),
    ('<aside class="widget widget_links"><ul><li>{a}</li></ul></aside>', "sidebar"),
    ('<div id="sidebar"><div class="box">{a}</div></div>', "sidebar"),
    ('<nav><ul class="menu"><li>{a}</li></ul></nav>', "nav"),
    ('<nav>{a}</nav>', "nav"),
    ('<header>{a}</header>', "header"),
    ('<footer>{a}</footer>', "footer"),
    ('<div role="contentinfo">{a}</div>', "footer"),
    ('<article><footer class="entry-footer">{a}</footer></article>', "content"),
    ('<div class="post-content"><aside>{a}</aside></div>', "content"),
    ('<main><div><p>{a}</p></div></main>', "content"),
    ('<div><p>{a}</p></div>', "unknown"),
])
def test_placement(where, expected):
    anchor = '<a href="https://blog.example/hello-world/">x</a>'
    page = f"<html><body>{where.format(a=anchor)}</body></html>"
    assert analyse_source(page, SOURCE, VARIANTS)["placement"] == expected


def test_the_most_editorial_of_two_links_is_reported():
    page = wordpress_post('<p><a href="https://blog.example/hello-world/" rel="ugc">in the text</a></p>',
                          footer=' <a href="https://blog.example/hello-world/">in the footer</a>')
    found = analyse_source(page, SOURCE, VARIANTS)
    assert (found["placement"], found["anchor"], found["rel"]) == ("content", "in the text", ("ugc",))


def test_image_link_anchor_is_its_alt_text():
    found = analyse_source('<a href="https://blog.example/hello-world/"><img src="b.png" alt=" Our  badge "></a>',
                           SOURCE, VARIANTS)
    assert found["anchor"] == "Our badge"


@pytest.mark.parametrize(("meta", "expected"), [
    ('<meta name="robots" content="noindex, follow">', True),
    ('<meta name="ROBOTS" content="NOINDEX">', True),
    ('<meta name="googlebot" content="noindex">', True),
    ('<meta name="robots" content="none">', True),
    ('<meta name="robots" content="index, follow, max-image-preview:large">', False),
    ('<meta name="description" content="noindex">', False),
    ("", False),
])
def test_noindex(meta, expected):
    assert analyse_source(wordpress_post("<p>x</p>", head=meta), SOURCE, VARIANTS)["noindex"] is expected


def test_x_robots_tag_header():
    assert header_noindex("noindex") and header_noindex("googlebot: noindex, nofollow")
    assert not header_noindex("noarchive") and not header_noindex(None) and not header_noindex("")


@pytest.mark.parametrize(("title", "blog_name", "expected"), [
    ("Cheap SEO Links", "Cheap SEO Links", True),
    ("  cheap  seo\nlinks ", "Cheap SEO  Links", True),
    ("Cheap SEO Links \u2013 Best backlinks", "Cheap SEO Links", False),
    ("A post I liked \u2013 Other Blog", "Other Blog", False),
    ("", "", False),
    ("Other Blog", "", False),
])
def test_title_equals_blog_name(title, blog_name, expected):
    found = analyse_source(wordpress_post("<p>x</p>", title=title), SOURCE, VARIANTS, blog_name=blog_name)
    assert found["title"] == " ".join(title.split())
    assert found["title_equals_blog_name"] is expected


@pytest.mark.parametrize("html", ["", "   ", "<<<>>>", "\x00\x00", "<?xml version='1.0' encoding='latin-1'?><a href='x'>",
                                  "<a href='http://[::1'>broken</a>", "<a href='https://blog.example/hello-world/'"])
def test_broken_pages_never_raise(html):
    found = analyse_source(html, SOURCE, VARIANTS)
    assert set(found) == {"links_to_target", "link_url", "rel", "anchor", "placement", "outbound_links",
                          "noindex", "title", "title_equals_blog_name"}


@hypothesis_settings(max_examples=200, deadline=None)
@given(st.text(), st.text(max_size=30))
def test_analyse_source_never_raises(html, source):
    found = analyse_source(html, source, VARIANTS, blog_name=source)
    assert isinstance(found["links_to_target"], bool) and found["outbound_links"] >= 0


# -- outcomes as statuses (pure) --------------------------------------------------------

def failed(message: str, kind: str, status: int | None = None, attempts: int = 1) -> FetchResult:
    return FetchResult(url=SOURCE, status=status, attempts=attempts,
                       error=FetchError(message, url=SOURCE, kind=kind, status=status, attempts=attempts))


def test_a_host_that_does_not_exist_is_dead_a_resolver_failure_is_not():
    gone = failed("connection failed: [Errno -2] Name or service not known", "connect")
    assert ping_status(gone) == ("dead", "the host does not exist: connection failed: "
                                         "[Errno -2] Name or service not known")
    flaky = failed("connection failed: [Errno -3] Temporary failure in name resolution", "connect", attempts=2)
    assert ping_status(flaky) == ("unreachable", "connection failed: [Errno -3] Temporary failure in "
                                                 "name resolution (after 2 attempts)")


def test_redirect_trouble_is_unreachable():
    assert ping_status(failed("more than 5 redirects", "too-many-redirects", 301))[0] == "unreachable"
    assert ping_status(failed("redirect loop back to x", "redirect-loop", 302))[0] == "unreachable"


# -- fetching sources from real servers -----------------------------------------------------

FAST = Settings(delay=0, retry_backoff=0.05, max_retries=1, read_timeout=1.0, connect_timeout=2.0)

def linking_page(site: str) -> str:
    return wordpress_post('<p>Go read <a href="https://blog.example/hello-world/" rel="nofollow">this post</a>.</p>',
                          site=site)


def no_link_page(site: str) -> str:
    return wordpress_post('<p>Nothing about it here, but <a href="https://third.example/">this</a>.</p>', site=site)


class _SourceHandler(BaseHTTPRequestHandler):
    """One behaviour per path; every request is logged on the server."""

    protocol_version = "HTTP/1.1"
    server: _SourceServer

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        """Quiet: requests are kept in :attr:`SourceSite.requests`."""

    def do_GET(self) -> None:  # noqa: N802
        site = self.server.site
        path = self.path
        site.log(path)
        try:
            self._route(site, path)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (a read timeout)

    def _send(self, status: int, body: str | bytes, content_type: str = "text/html; charset=UTF-8",
              **headers: str) -> None:
        data = body.encode("utf-8") if isinstance(body, str) else body
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        for name, value in headers.items():
            self.send_header(name.replace("_", "-"), value)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _route(self, site: SourceSite, path: str) -> None:  # noqa: C901 (a flat table)
        if path == "/robots.txt":
            self._send(200, "User-agent: *\nDisallow: /private/\n", "text/plain")
        elif path in ("/links/", "/shared/"):
            self._send(200, linking_page(site.url))
        elif path == "/no-link/":
            self._send(200, no_link_page(site.url))
        elif path == "/noindex/":
            self._send(200, linking_page(site.url), X_Robots_Tag="noindex")
        elif path == "/moved/":
            self._send(301, "", Location="/links/")
        elif path == "/gone/":
            self._send(404, "<h1>Not Found</h1>")
        elif path == "/forbidden/":
            self._send(403, "<h1>Forbidden</h1>")
        elif path == "/busy/":
            self._send(429, "<h1>Too Many Requests</h1>", Retry_After="1")
        elif path == "/error/":
            self._send(500, "<h1>Internal Server Error</h1>")
        elif path == "/slow/":
            site.stopping.wait(3.0)
            self._send(200, linking_page(site.url))
        elif path == "/paper.pdf":
            self._send(200, b"%PDF-1.4\n%%EOF\n", "application/pdf")
        else:  # /private/… included: robots.txt forbids it, a request here is a test failure
            self._send(200, linking_page(site.url))


class _SourceServer(ThreadingHTTPServer):
    daemon_threads = True
    site: SourceSite

    def handle_error(self, request: object, client_address: object) -> None:
        """A client hanging up on a slow page is routine."""


class SourceSite:
    """Other people's pages on a free port of 127.0.0.1, served from a background thread."""

    def __init__(self) -> None:
        self.stopping = threading.Event()
        self._lock = threading.Lock()
        self.requests: list[tuple[str, float]] = []
        self.httpd = _SourceServer(("127.0.0.1", 0), _SourceHandler)
        self.httpd.site = self
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05},
                                       daemon=True)

    def log(self, path: str) -> None:
        with self._lock:
            self.requests.append((path, time.monotonic()))

    def paths(self) -> list[str]:
        with self._lock:
            return [path for path, _ in self.requests]

    def __enter__(self) -> SourceSite:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stopping.set()
        self.httpd.shutdown()
        self.thread.join()
        self.httpd.server_close()


@pytest.fixture
def source_site() -> Iterator[SourceSite]:
    with SourceSite() as site:
        yield site


def closed_port() -> int:
    """A port on 127.0.0.1 nothing listens on: connecting is refused."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def ping(key: str, source: str, blog_name: str = "Other Blog") -> PingToVerify:
    return PingToVerify(item_key=key, source_url=source, post_url=POST, blog_name=blog_name)


def test_verify_pings_against_real_servers(source_site):
    base = source_site.url
    port = closed_port()
    refused = f"http://127.0.0.1:{port}/2024/a-post/"
    pings = [ping("links", f"{base}/links/"), ping("no-link", f"{base}/no-link/"),
             ping("gone", f"{base}/gone/"), ping("forbidden", f"{base}/forbidden/"),
             ping("error", f"{base}/error/"), ping("slow", f"{base}/slow/"),
             ping("moved", f"{base}/moved/"), ping("private", f"{base}/private/page/"),
             ping("pdf", f"{base}/paper.pdf"), ping("noindex", f"{base}/noindex/"),
             ping("shared-1", f"{base}/shared/"), ping("shared-2", f"{base}/shared/#again", "Web Directory"),
             ping("refused", refused), ping("not-web", "ftp://files.example/x")]
    seen_progress: list[tuple[int, int]] = []
    started = time.monotonic()
    results = verify_pings_sync(pings, FAST, progress=lambda done, total: seen_progress.append((done, total)))
    elapsed = time.monotonic() - started
    checks = dict(results)
    assert sorted(checks) == sorted(p.item_key for p in pings) and len(results) == len(pings)
    summary = {key: (c.status, c.http_status, c.links_to_target) for key, c in checks.items()}
    assert summary == {
        "links": ("alive", 200, True),
        "no-link": ("alive", 200, False),
        "gone": ("dead", 404, False),
        "forbidden": ("blocked", 403, False),
        "error": ("unreachable", 500, False),
        "slow": ("unreachable", None, False),
        "moved": ("alive", 200, True),
        "private": ("blocked", None, False),
        "pdf": ("alive", 200, False),
        "noindex": ("alive", 200, True),
        "shared-1": ("alive", 200, True),
        "shared-2": ("alive", 200, True),
        "refused": ("unreachable", None, False),
        "not-web": ("dead", None, False),
    }

    linked = checks["links"]
    assert (linked.source_url, linked.target_url) == (f"{base}/links/", POST)
    assert (linked.link_url, linked.rel, linked.anchor, linked.placement) == (
        "https://blog.example/hello-world/", ("nofollow",), "this post", "content")
    assert (linked.noindex, linked.title, linked.error) == (False, "A post I liked \u2013 Other Blog", None)
    assert linked.outbound_links == 3 and linked.checked_at.endswith("+00:00")   # ours, a commenter, wordpress.org
    assert checks["no-link"].outbound_links == 3 and checks["no-link"].error is None
    assert checks["noindex"].noindex is True
    assert checks["gone"].error == "HTTP 404"
    assert checks["forbidden"].error == "HTTP 403: the site refuses the crawler"
    assert checks["error"].error == "HTTP 500 from the server (after 2 attempts)"
    assert checks["slow"].error == "timed out (ReadTimeout) (after 2 attempts)"
    assert checks["private"].error == f"robots.txt disallows {base}/private/page/ for our User-Agent"
    assert checks["pdf"].error == "not an HTML page (application/pdf): its links cannot be read"
    assert checks["refused"].error.startswith("connection failed: ")
    assert checks["refused"].error.endswith(
        f"(after 2 attempts) (on http://127.0.0.1:{port}/robots.txt; the page itself was not requested)")
    assert checks["not-web"].error == "not a web address: 'ftp://files.example/x'"
    # One page, two pings: each gets its own title comparison.
    assert checks["shared-1"].title_equals_blog_name is False and checks["shared-2"].title == linked.title

    paths = source_site.paths()
    assert paths.count("/robots.txt") == 1            # once per host
    assert paths.count("/shared/") == 1               # one source URL, one fetch
    assert "/private/page/" not in paths              # robots.txt obeyed
    assert paths.count("/error/") == 2 and paths.count("/slow/") == 2 and paths.count("/gone/") == 1
    assert paths.count("/links/") == 2                # /links/ itself and /moved/ → /links/
    assert seen_progress[-1] == (len(pings), len(pings))
    assert [done for done, _ in seen_progress] == sorted(done for done, _ in seen_progress)
    assert elapsed < 20


def test_429_with_retry_after_is_retried_then_blocked(source_site):
    results = verify_pings_sync([ping("busy", f"{source_site.url}/busy/")], FAST)
    assert len(results) == 1
    key, check = results[0]
    assert (key, check.status, check.http_status, check.links_to_target) == ("busy", "blocked", 429, False)
    assert check.error == "HTTP 429: the site refuses the crawler (after 2 attempts)"
    times = [t for path, t in source_site.requests if path == "/busy/"]
    assert len(times) == 2 and times[1] - times[0] >= 0.9   # Retry-After: 1 honoured


def test_should_stop_leaves_the_rest_unchecked(source_site):
    pings = [ping(f"p{n}", f"{source_site.url}/links/?n={n}") for n in range(5)]
    assert verify_pings_sync(pings, FAST, should_stop=lambda: True) == []
    assert source_site.paths() == []
