"""Verify trackbacks and pingbacks: fetch each source page and look for our link.

WordPress never verifies a trackback (``wp-trackback.php`` stores whatever URL was
POSTed) and verifies a pingback only once, when it arrives (DOMAIN.md §2). So a ping
"backlink" may never have existed, or may be gone. Fetching each source again tells
what no backlink index can: does the page exist, does it link to our post (under any
of the URLs that reach it), with which ``rel`` and anchor, where on the page, among
how many other links, and does it ask not to be indexed.

Two layers, as everywhere in backlint:

* :func:`analyse_source` and :func:`target_variants` are pure: HTML and URLs in,
  the page's facts out. They never raise.
* :func:`verify_pings` (async) and :func:`verify_pings_sync` fetch the sources with
  the crawler's polite :class:`~crawler.fetch.Fetcher` — the same delay, concurrency,
  retries and User-Agent as a crawl, and each source host's ``robots.txt`` obeyed
  (RFC 9309) — and turn every outcome into a :class:`~backlint.records.PingCheck`.

Example:
    >>> page = ('<html><head><title>Links I liked</title></head><body><article>'
    ...         '<p>Read <a href="http://www.blog.example/hello/#comment-3" rel="nofollow">'
    ...         'this post</a>.</p></article></body></html>')
    >>> found = analyse_source(page, "https://other.example/likes/",
    ...                        target_variants("https://blog.example/hello/"))
    >>> found["links_to_target"], found["anchor"], found["rel"], found["placement"]
    (True, 'this post', ('nofollow',), 'content')
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import AsyncIterator, Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit

from lxml import etree

from backlint.errors import BlockedError, DeadError
from backlint.records import PingCheck
from backlint.settings import Settings
from backlint.urls import host_of, normalize_url, site_hosts
from crawler.fetch import Fetcher, FetchResult
from crawler.parse.document import WIDGET_CLASSES, classes_of, collapse, inline_text, parse_document
from crawler.parse.links import UrlResolver, rel_tokens
from crawler.robots import RobotsByOrigin

#: Where a link can sit on a page, best first: when a page links to us more than once,
#: the most editorial placement is the one reported.
PLACEMENTS = ("content", "comment", "unknown", "header", "nav", "sidebar", "footer")

#: Media types read as HTML; any other body (PDF, image, plain text) holds no links.
HTML_TYPES = frozenset({"text/html", "application/xhtml+xml", ""})

# WordPress's comment pagination and "paged" comment queries (DOMAIN.md §2): the same
# post, another page of its comments.
_COMMENT_PAGE_SUFFIX = re.compile(r"/comment-page-\d+/?$")
_COMMENT_PAGE_PARAMS = frozenset({"cpage"})

# Region markers by class token, id and ARIA role. A class, id or role names a region
# on purpose, so the nearest one to the link decides.
_COMMENT_CLASSES = frozenset({
    "comment-list", "commentlist", "comments", "comments-area", "comment", "comment-body",
    "comment-content", "pingback", "trackback", "wp-block-comments", "wp-block-comment-template",
    "comment-block", "comments-content",
})
_COMMENT_IDS = frozenset({"comments", "respond"})
_CONTENT_CLASSES = frozenset({
    "entry-content", "post-content", "entry", "hentry", "post-body", "article-content",
    "article-body", "single-content", "wp-block-post-content", "blog-post", "post-entry",
})
_CONTENT_IDS = frozenset({"content", "primary", "main", "main-content"})
_SIDEBAR_CLASSES = WIDGET_CLASSES | frozenset({"blogroll", "widget_links", "widget_text"})
_SIDEBAR_IDS = frozenset({"sidebar", "secondary", "blogroll"})
_FOOTER_CLASSES = frozenset({"footer", "site-footer", "page-footer", "footer-widgets", "site-info",
                             "colophon", "footer-links", "wp-block-template-part-footer"})
_FOOTER_IDS = frozenset({"footer", "colophon", "site-footer"})
_HEADER_CLASSES = frozenset({"header", "site-header", "masthead", "page-header-site"})
_HEADER_IDS = frozenset({"header", "masthead", "site-header"})
_NAV_CLASSES = frozenset({"nav", "navigation", "navbar", "menu", "main-navigation", "nav-menu",
                          "main-menu", "breadcrumbs", "breadcrumb"})
_NAV_IDS = frozenset({"nav", "navigation", "site-navigation", "menu"})
_ROLES = {"main": "content", "article": "content", "complementary": "sidebar",
          "contentinfo": "footer", "banner": "header", "navigation": "nav"}
# Elements that name a region by their tag alone. <header>, <footer>, <aside> and
# <nav> are also used *inside* an article or a comment (its byline, its meta, a pull
# quote), so they only count when no content or comment region encloses them.
_STRONG_TAGS = {"article": "content", "main": "content"}
_WEAK_TAGS = {"header": "header", "footer": "footer", "aside": "sidebar", "nav": "nav"}

_NOINDEX_NAMES = frozenset({"robots", "googlebot", "bingbot"})
_NOINDEX_WORDS = frozenset({"noindex", "none"})
# "Name or service not known" (glibc), "nodename nor servname" (BSD, macOS), "No address
# associated with hostname" (Android bionic and glibc for hosts with no A record):
# the name does not exist, so the page cannot. "Temporary failure" is a resolver that
# could not answer: that is unreachable, not dead.
_DNS_GONE = re.compile(r"Name or service not known|nodename nor servname|No address associated"
                       r"|getaddrinfo failed|Name does not resolve", re.I)


# -- the pure part: URLs and one page ---------------------------------------------------

def target_variants(post_url: str, *, post_id: str | int | None = None) -> list[str]:
    """Return the URLs that all reach one post, normalised, original first.

    ``http``/``https``, ``www``/bare host, with and without the trailing slash; with
    ``post_id``, WordPress's ``?p=ID`` short link on each of those hosts as well. Other
    ways of writing the same URL (``comment-page-N/``, ``#comment-5``, ``#respond``,
    percent-encoding, relative hrefs) are recognised when a page's links are compared,
    by :func:`analyse_source`.

    Example:
        >>> target_variants("https://blog.example/hello/")  # doctest: +NORMALIZE_WHITESPACE
        ['https://blog.example/hello/', 'https://blog.example/hello', 'https://www.blog.example/hello/',
         'https://www.blog.example/hello', 'http://blog.example/hello/', 'http://blog.example/hello',
         'http://www.blog.example/hello/', 'http://www.blog.example/hello']
        >>> target_variants("https://blog.example/", post_id=7)[-1]
        'http://www.blog.example/?p=7'

    Args:
        post_url: the post the ping was left on.
        post_id: the post's WordPress ID, when known.

    Returns:
        Distinct normalised URLs; empty when ``post_url`` is not an http(s) URL.
    """
    base = normalize_url(post_url)
    if base is None:
        return []
    parts = urlsplit(base)
    original = parts.hostname or ""
    hosts = [original] + sorted(site_hosts(base) - {original})
    port = f":{parts.port}" if parts.port else ""
    schemes = [parts.scheme] + [s for s in ("https", "http") if s != parts.scheme]
    path = parts.path
    paths = [path] if path == "/" else [path, path.rstrip("/") if path.endswith("/") else path + "/"]
    query = f"?{parts.query}" if parts.query else ""
    found: list[str] = []
    for scheme in schemes:
        for host in hosts:
            candidates = [f"{scheme}://{host}{port}{p}{query}" for p in paths]
            if post_id is not None:
                candidates.append(f"{scheme}://{host}{port}/?p={post_id}")
            for candidate in candidates:
                url = normalize_url(candidate)
                if url and url not in found:
                    found.append(url)
    return found


def match_key(url: str | None) -> str | None:
    """Return the form of a URL under which all its variants compare equal.

    Scheme, ``www.``, the trailing slash, the fragment, a ``comment-page-N/`` suffix and
    a ``cpage`` query are dropped; percent-encoding and the query's order are made
    canonical by :func:`~backlint.urls.normalize_url`.

    Example:
        >>> match_key("HTTP://WWW.Blog.Example/caf%c3%a9/comment-page-2/#respond")
        'blog.example/caf%C3%A9'
        >>> match_key("https://blog.example/caf\\u00e9")
        'blog.example/caf%C3%A9'
        >>> match_key("mailto:me@blog.example") is None
        True
    """
    url = normalize_url(url or "")
    return None if url is None else _key_of_normal(url)


def _key_of_normal(url: str) -> str:
    """:func:`match_key` of a URL already normalised (every href the resolver returns)."""
    parts = urlsplit(url)
    host = parts.netloc.removeprefix("www.")
    path = _COMMENT_PAGE_SUFFIX.sub("", parts.path).rstrip("/")
    query = parts.query
    if query:
        query = urlencode([(k, v) for k, v in parse_qsl(query, keep_blank_values=True)
                           if k.lower() not in _COMMENT_PAGE_PARAMS])
    return f"{host}{path}?{query}" if query else f"{host}{path}"


def _empty_analysis() -> dict[str, Any]:
    return {"links_to_target": False, "link_url": None, "rel": (), "anchor": "",
            "placement": "unknown", "outbound_links": 0, "noindex": False, "title": "",
            "title_equals_blog_name": False}


def analyse_source(html: str, source_url: str, target_urls: Sequence[str],
                   blog_name: str = "") -> dict[str, Any]:
    """Read from a ping's source page what verifying the ping needs.

    Example:
        >>> found = analyse_source(
        ...     '<title>SEO Blog</title><div class="sidebar"><a href="https://blog.example/a/">x</a></div>'
        ...     '<a href="https://shop.example/">buy</a>',
        ...     "https://seo.example/p/", ["https://blog.example/a/"], blog_name="seo  blog")
        >>> found["placement"], found["outbound_links"], found["title_equals_blog_name"]
        ('sidebar', 2, True)

    Args:
        html: the page as text (a malformed page yields what can be read).
        source_url: the page's URL, for relative hrefs and to tell outbound links.
        target_urls: our post's URLs (:func:`target_variants`).
        blog_name: the sending blog's name (a trackback's ``blog_name``, the ping's
            author name), to compare with the page title.

    Returns:
        The :class:`~backlint.records.PingCheck` fields that come from the page:
        ``links_to_target``, ``link_url``, ``rel``, ``anchor``, ``placement``,
        ``outbound_links``, ``noindex``, ``title``, ``title_equals_blog_name``.
    """
    found = _empty_analysis()
    try:
        root = parse_document(html or "")
        if root is None:
            return found
        title = page_title(root)
        found["title"] = title
        found["title_equals_blog_name"] = title_is_blog_name(title, blog_name)
        found["noindex"] = meta_noindex(root)
        found.update(_scan_links(root, source_url, target_urls))
    except Exception:  # noqa: BLE001 - a hostile page must not stop verification: keep what was read
        return found
    return found


def page_title(root: etree._Element) -> str:
    """Return the page's ``<title>`` on one line (the head's, else the first anywhere)."""
    element = root.find("head/title")
    if element is None:
        element = root.find(".//title")
    return inline_text(element) if element is not None else ""


def title_is_blog_name(title: str, blog_name: str) -> bool:
    """Tell whether a title is nothing but the blog's name (case and spaces ignored).

    Example:
        >>> title_is_blog_name("Best  SEO Tips", "best seo tips"), title_is_blog_name("Post – Blog", "Blog")
        (True, False)
    """
    squeezed = "".join(title.split()).casefold()
    return bool(squeezed) and squeezed == "".join(blog_name.split()).casefold()


def meta_noindex(root: etree._Element) -> bool:
    """Tell whether a ``<meta name="robots|googlebot">`` says ``noindex`` (or ``none``)."""
    for meta in root.iter("meta"):
        if (meta.get("name") or "").strip().lower() in _NOINDEX_NAMES:
            words = re.split(r"[\s,]+", (meta.get("content") or "").lower())
            if _NOINDEX_WORDS.intersection(words):
                return True
    return False


def header_noindex(value: str | None) -> bool:
    """Tell whether an ``X-Robots-Tag`` header says ``noindex`` (or ``none``).

    Example:
        >>> header_noindex("googlebot: noindex, nofollow"), header_noindex("noarchive")
        (True, False)
    """
    if not value:
        return False
    words = re.split(r"[\s,:]+", value.lower())
    return bool(_NOINDEX_WORDS.intersection(words))


def _scan_links(root: etree._Element, source_url: str, target_urls: Sequence[str]) -> dict[str, Any]:
    targets = {key for key in map(match_key, target_urls) if key}
    base_element = root.find("head/base")
    base = normalize_url(base_element.get("href") or "", base=source_url) if base_element is not None else None
    urls = UrlResolver(base or source_url)
    own_hosts = site_hosts(source_url)
    outbound = 0
    best: tuple[int, etree._Element, str] | None = None
    for anchor in root.iter("a"):
        href = anchor.get("href")
        url = urls.absolute(href)
        if url is None:
            continue
        if host_of(url) not in own_hosts:
            outbound += 1
        if targets and _key_of_normal(url) in targets:
            placement = placement_of(anchor)
            rank = PLACEMENTS.index(placement)
            if best is None or rank < best[0]:
                best = (rank, anchor, placement)
    found: dict[str, Any] = {"outbound_links": outbound}
    if best is not None:
        _, anchor, placement = best
        found.update(links_to_target=True, link_url=collapse(anchor.get("href") or ""),
                     rel=rel_tokens(anchor), anchor=_anchor_text(anchor), placement=placement)
    return found


def _anchor_text(anchor: etree._Element) -> str:
    text = inline_text(anchor)
    if text:
        return text
    # An image link: its alt text is its anchor, as search engines read it.
    for image in anchor.iter("img"):
        alt = collapse(image.get("alt") or "")
        if alt:
            return alt
    return ""


def placement_of(anchor: etree._Element) -> str:
    """Return where on its page a link sits.

    The nearest enclosing region named by a class, id, ARIA role, ``<article>`` or
    ``<main>`` decides: ``content``, ``comment``, ``sidebar``, ``footer``, ``header`` or
    ``nav``. A bare ``<header>``, ``<footer>``, ``<aside>`` or ``<nav>`` element decides
    only when no content or comment region encloses it: inside an article it is the
    article's byline or meta, not the site's. Otherwise ``unknown``.

    Example:
        >>> root = parse_document('<article><footer><a href="/x">x</a></footer></article>'
        ...                       '<footer><a href="/y">y</a></footer>')
        >>> [placement_of(a) for a in root.iter("a")]
        ['content', 'footer']
    """
    weak: str | None = None
    for element in anchor.iterancestors():
        tag = element.tag if isinstance(element.tag, str) else ""
        if tag in ("body", "html"):
            break
        region = _named_region(element, tag)
        if region is not None:
            return region
        if weak is None and tag in _WEAK_TAGS:
            weak = _WEAK_TAGS[tag]
    return weak or "unknown"


def _named_region(element: etree._Element, tag: str) -> str | None:
    classes = classes_of(element)
    ident = (element.get("id") or "").lower()
    if classes & _COMMENT_CLASSES or ident in _COMMENT_IDS or ident.startswith("comment-"):
        return "comment"
    role = (element.get("role") or "").lower()
    if role in _ROLES:
        return _ROLES[role]
    if tag in _STRONG_TAGS or classes & _CONTENT_CLASSES or ident in _CONTENT_IDS:
        return "content"
    if classes & _SIDEBAR_CLASSES or ident in _SIDEBAR_IDS:
        return "sidebar"
    if classes & _FOOTER_CLASSES or ident in _FOOTER_IDS:
        return "footer"
    if classes & _HEADER_CLASSES or ident in _HEADER_IDS:
        return "header"
    if classes & _NAV_CLASSES or ident in _NAV_IDS:
        return "nav"
    return None


# -- outcomes: a fetch result as a ping status ------------------------------------------

def ping_status(result: FetchResult) -> tuple[str, str | None]:
    """Return the ping status a fetch result means, and the error to record with it.

    ``alive`` for a 2xx answer (the error then notes a body that could not be read as
    HTML); ``dead`` for 404, 410 and other final 4xx, and for a host name that does not
    exist; ``blocked`` for 401, 403 and 429 after retries (the page may exist, DOMAIN.md
    §2); ``unreachable`` for timeouts, refused or reset connections, 5xx after retries
    and redirect trouble.

    Example:
        >>> ping_status(FetchResult(url="https://x.example/", status=200, content_type="text/html"))
        ('alive', None)
        >>> ping_status(FetchResult(url="https://x.example/", status=410, error=DeadError(
        ...     "HTTP 410", url="https://x.example/", kind="http-410", status=410)))
        ('dead', 'HTTP 410')
    """
    error = result.error
    if error is None or result.ok:
        if result.status is None or not 200 <= result.status < 300:
            return "unreachable", f"HTTP {result.status}: no page in the answer"
        if result.content_type not in HTML_TYPES:
            return "alive", _not_html(result)
        if result.truncated:
            return "alive", f"{error}: a link further down would not be seen"
        return "alive", None
    attempts = _attempts(result)
    if isinstance(error, BlockedError):
        return "blocked", f"{error}{attempts}"
    if isinstance(error, DeadError):
        return "dead", str(error)
    if error.kind == "not-parsed-type" and result.status is not None and 200 <= result.status < 300:
        return "alive", _not_html(result)
    if error.kind == "connect" and _DNS_GONE.search(str(error)):
        return "dead", f"the host does not exist: {error}"
    return "unreachable", f"{error}{attempts}"


def _not_html(result: FetchResult) -> str:
    return f"not an HTML page ({result.content_type}): its links cannot be read"


def _attempts(result: FetchResult) -> str:
    return f" (after {result.attempts} attempts)" if result.attempts > 1 else ""


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


# -- fetching ---------------------------------------------------------------------------

@dataclass(frozen=True)
class PingToVerify:
    """One trackback or pingback to verify.

    Example:
        >>> ping = PingToVerify("tb-42", "https://other.example/p/", "https://blog.example/hello/",
        ...                     blog_name="Other Blog")
        >>> ping.source_url
        'https://other.example/p/'

    Attributes:
        item_key: the item's stable key in the store.
        source_url: the page that claims to link to us (the ping's author URL).
        post_url: our post the ping was left on.
        blog_name: the sending blog's name (trackback ``blog_name`` or author name).
        post_id: our post's WordPress ID, when known (its ``?p=ID`` short link counts).
    """

    item_key: str
    source_url: str
    post_url: str
    blog_name: str = ""
    post_id: str | None = None


@dataclass
class _Source:
    """One source page and the pings that name it: fetched once, analysed per ping."""

    url: str
    pings: list[PingToVerify]


class _Verifier:
    """State of one verification run: the fetcher and each origin's robots.txt."""

    def __init__(self, settings: Settings, fetcher: Fetcher) -> None:
        self.settings = settings
        self.fetcher = fetcher
        self.robots = RobotsByOrigin(fetcher, settings.user_agent, settings.respect_robots)

    async def check(self, source: _Source) -> list[tuple[str, PingCheck]]:
        """Fetch one source (robots.txt permitting) and return a check for each of its pings."""
        url = normalize_url(source.url)
        if url is None:
            return self._all(source, status="dead", error=f"not a web address: {source.url!r}")
        robots, robots_failure = await self.robots.get(url)
        if robots_failure is not None:
            # ping_status gives dead (no such host), unreachable (no answer, 5xx) or
            # blocked (429): what the host said, not what a page would have said.
            status, error = ping_status(robots_failure)
            return self._all(source, status=status,
                             error=f"{error} (on {robots_failure.url}; the page itself was not requested)")
        if not robots.can_fetch(url, self.settings.user_agent):
            return self._all(source, status="blocked",
                             error=f"robots.txt disallows {url} for our User-Agent")
        result = await self.fetcher.fetch(url)
        status, error = ping_status(result)
        base: dict[str, Any] = dict(status=status, http_status=result.status, error=error)
        if status != "alive" or result.content_type not in HTML_TYPES or result.text is None:
            return self._all(source, **base)
        page_url = result.final_url or url
        page_noindex = header_noindex(result.headers.get("x-robots-tag"))
        checks = []
        for ping in source.pings:
            found = analyse_source(result.text, page_url, target_variants(ping.post_url, post_id=ping.post_id),
                                   ping.blog_name)
            found["noindex"] = found["noindex"] or page_noindex
            checks.append((ping.item_key, PingCheck(source_url=ping.source_url, target_url=ping.post_url,
                                                    checked_at=_now(), **base, **found)))
        return checks

    def failed(self, source: _Source, error: str) -> list[tuple[str, PingCheck]]:
        """Checks saying that a source could not be checked, and why."""
        return self._all(source, status="unreachable", error=error)

    def _all(self, source: _Source, **fields: Any) -> list[tuple[str, PingCheck]]:
        checked_at = _now()
        return [(ping.item_key, PingCheck(source_url=ping.source_url, target_url=ping.post_url,
                                          checked_at=checked_at, **fields))
                for ping in source.pings]


def group_by_source(pings: Iterable[PingToVerify]) -> list[_Source]:
    """Group pings by their normalised source URL, so each page is fetched once.

    The groups come host by host in turn (first-seen order within a host): with many
    pings from one site, the workers do not all queue behind that host's delay and
    concurrency cap while other hosts wait.

    Example:
        >>> pings = [PingToVerify(k, u, "https://blog.example/p/") for k, u in (
        ...     ("1", "https://a.example/x"), ("2", "https://a.example/y"), ("3", "https://a.example/x#z"),
        ...     ("4", "https://b.example/x"))]
        >>> [(s.url, [p.item_key for p in s.pings]) for s in group_by_source(pings)]
        [('https://a.example/x', ['1', '3']), ('https://b.example/x', ['4']), ('https://a.example/y', ['2'])]
    """
    groups: dict[str, _Source] = {}
    for ping in pings:
        key = normalize_url(ping.source_url) or ping.source_url
        if key not in groups:
            groups[key] = _Source(url=ping.source_url, pings=[])
        groups[key].pings.append(ping)
    by_host: dict[str, list[_Source]] = {}
    for key, source in groups.items():
        by_host.setdefault(host_of(key), []).append(source)
    lanes = list(by_host.values())
    return [lane[i] for i in range(max(map(len, lanes), default=0)) for lane in lanes if i < len(lane)]


async def verify_pings(pings: Iterable[PingToVerify], settings: Settings, *,
                       progress: Callable[[int, int], None] | None = None,
                       should_stop: Callable[[], bool] | None = None,
                       fetcher: Fetcher | None = None) -> AsyncIterator[tuple[str, PingCheck]]:
    """Fetch each ping's source page and yield ``(item_key, PingCheck)`` as checks finish.

    Sources are fetched with the crawler's polite fetcher: the per-host delay,
    concurrency caps and retries of ``settings``, each host's robots.txt read once and
    obeyed. A source URL named by several pings is fetched once.

    Example:
        >>> async def main(pings, settings):                          # doctest: +SKIP
        ...     async for key, check in verify_pings(pings, settings):
        ...         print(key, check.status, check.links_to_target)

    Args:
        pings: the trackbacks and pingbacks to verify.
        settings: the crawl settings (delay, concurrency, timeouts, retries, robots).
        progress: called with ``(pings checked, pings in all)`` after each source.
        should_stop: polled before each fetch; when it returns ``True`` no new source
            is fetched and the pings not yet checked are left out of the results.
        fetcher: a fetcher to use instead of a new one (tests); it is not closed.

    Yields:
        ``(item_key, PingCheck)`` pairs, in the order the checks finish.
    """
    sources = group_by_source(pings)
    if not sources:
        return
    total = sum(len(source.pings) for source in sources)
    stop = should_stop or (lambda: False)
    own_fetcher = fetcher is None
    active = fetcher or Fetcher(settings)
    verifier = _Verifier(settings, active)
    queue: asyncio.Queue[_Source] = asyncio.Queue()
    for source in sources:
        queue.put_nowait(source)
    done: asyncio.Queue[list[tuple[str, PingCheck]] | None] = asyncio.Queue()

    async def worker() -> None:
        try:
            while not queue.empty() and not stop():
                source = queue.get_nowait()
                try:
                    checks = await verifier.check(source)
                except Exception as exc:  # noqa: BLE001 - a bug must not end the run: it becomes a row
                    checks = verifier.failed(source, f"internal error while checking: "
                                                     f"{type(exc).__name__}: {exc}")
                await done.put(checks)
        finally:
            await done.put(None)

    workers = [asyncio.create_task(worker()) for _ in range(max(1, min(settings.concurrency, len(sources))))]
    checked = 0
    try:
        running = len(workers)
        while running:
            batch = await done.get()
            if batch is None:
                running -= 1
                continue
            checked += len(batch)
            if progress is not None:
                progress(checked, total)
            for pair in batch:
                yield pair
    finally:
        for task in workers:
            task.cancel()
        await asyncio.gather(*workers, return_exceptions=True)
        if own_fetcher:
            await active.aclose()


def verify_pings_sync(pings: Iterable[PingToVerify], settings: Settings, *,
                      progress: Callable[[int, int], None] | None = None,
                      should_stop: Callable[[], bool] | None = None) -> list[tuple[str, PingCheck]]:
    """Run :func:`verify_pings` to the end and return every ``(item_key, PingCheck)``.

    Example:
        >>> checks = verify_pings_sync([], Settings())
        >>> checks
        []

    Args:
        pings: the trackbacks and pingbacks to verify.
        settings: the crawl settings.
        progress: called with ``(pings checked, pings in all)``.
        should_stop: polled before each fetch (an interrupt handler sets it).

    Returns:
        The checks, in the order they finished.
    """
    async def collect() -> list[tuple[str, PingCheck]]:
        return [pair async for pair in verify_pings(pings, settings, progress=progress,
                                                    should_stop=should_stop)]

    return asyncio.run(collect())


def verify_audit(db: str, audit_id: int | None, settings: Settings, *,
                 progress: Callable[[int, int], None] | None = None,
                 should_stop: Callable[[], bool] | None = None) -> dict[str, int]:
    """Verify every trackback and pingback of an audit and store the checks.

    Args:
        db: the store path.
        audit_id: the audit; ``None`` for the newest.
        settings: politeness and timeouts for fetching the sources.
        progress: called with ``(pings checked, pings in all)``.
        should_stop: polled before each fetch.

    Returns:
        Counts of the checks by status (``alive``, ``dead``, ``blocked``, ``unreachable``)
        and ``no_link`` for live sources that do not link to us.
    """
    from backlint.store import Store
    from backlint.store.grades import save_ping_check

    store = Store(db)
    try:
        if audit_id is None:
            audit_id = store.newest_audit_id()
        rows = store.conn.execute(
            "SELECT id, item_key, author_url, post_url, author_name FROM items WHERE audit_id = ?"
            " AND type IN ('trackback', 'pingback') AND author_url IS NOT NULL", (audit_id,)).fetchall()
        ids = {row["item_key"]: row["id"] for row in rows}
        pings = [PingToVerify(row["item_key"], row["author_url"], row["post_url"], blog_name=row["author_name"])
                 for row in rows]
        checks = verify_pings_sync(pings, settings, progress=progress, should_stop=should_stop)
        counts: dict[str, int] = {}
        with store.transaction() as conn:
            for key, check in checks:
                counts[check.status] = counts.get(check.status, 0) + 1
                if check.status == "alive" and not check.links_to_target and check.error is None:
                    counts["no_link"] = counts.get("no_link", 0) + 1
                save_ping_check(conn, audit_id, ids[key], check)
        counts["checked"] = len(checks)
        return counts
    finally:
        store.close()


__all__ = ["PingToVerify", "analyse_source", "header_noindex", "match_key", "meta_noindex",
           "page_title", "ping_status", "placement_of", "target_variants", "title_is_blog_name",
           "verify_audit", "verify_pings", "verify_pings_sync"]
