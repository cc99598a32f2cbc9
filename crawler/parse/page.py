"""What a page says about itself: title, canonical, feeds, API roots, robots, links."""

from __future__ import annotations

from dataclasses import dataclass, field

from lxml import etree

from .context import PageContext
from .document import any_class, collapse
from .links import UrlResolver, is_comment_page_url, post_url_of

_FEED_TYPES = frozenset({"application/rss+xml", "application/atom+xml", "application/rdf+xml",
                         "application/feed+json", "application/rss", "text/xml"})
_ROBOTS_NAMES = frozenset({"robots", "googlebot", "bingbot"})
# WordPress announces its REST API with this link relation (developer.wordpress.org/rest-api).
_REST_REL = "https://api.w.org/"

_TITLE = etree.XPath("(//head/title | //title[not(ancestor::svg)])[1]")
_BASE_HREF = etree.XPath("(//base[@href])[1]/@href")
_HEAD_LINKS = etree.XPath("//link[@rel and @href]")
_META_ROBOTS = etree.XPath("//meta[@name and @content]")
_ANCHOR_HREFS = etree.XPath("//a/@href")
# Pagination furniture around comment lists. Links here that lead to the bare post
# URL are its default comment page (WordPress shows the newest page there).
_PAGINATION_HREFS = etree.XPath(
    "//*[" + any_class("comment-navigation", "comments-pagination", "wp-block-comments-pagination",
                       "comment-nav", "nav-links", "navigation", "pagination", "page-numbers")
    + "]//a/@href"
)


@dataclass
class PageFacts:
    """The page-level fields of a :class:`~crawler.models.ParsedPage`.

    Example:
        >>> facts = PageFacts(title="Hello")
        >>> facts.title, facts.noindex
        ('Hello', False)
    """

    title: str = ""
    canonical: str | None = None
    feeds: list[str] = field(default_factory=list)
    rest_root: str | None = None
    pingback_endpoint: str | None = None
    noindex: bool = False


def base_url(root: etree._Element, page_url: str) -> str:
    """Return the URL relative links resolve against: ``<base href>`` if set, else the page's."""
    hrefs = _BASE_HREF(root)
    if hrefs:
        base = UrlResolver(page_url).absolute(str(hrefs[0]))
        if base:
            return base
    return page_url


def read_facts(root: etree._Element, urls: UrlResolver) -> PageFacts:
    """Read title, canonical, feeds, REST root, pingback endpoint and robots ``noindex``.

    Example:
        >>> from crawler.parse.document import parse_document
        >>> root = parse_document('<head><title> Hi </title><link rel="pingback" href="/xmlrpc.php">'
        ...                       '<meta name="robots" content="noindex, follow"></head>')
        >>> facts = read_facts(root, UrlResolver("https://b.example/p/"))
        >>> facts.title, facts.pingback_endpoint, facts.noindex
        ('Hi', 'https://b.example/xmlrpc.php', True)
    """
    facts = PageFacts()
    titles = _TITLE(root)
    if titles:
        facts.title = collapse(titles[0].xpath("string()"))
    for link in _HEAD_LINKS(root):
        rels = link.get("rel", "").lower().split()
        url = urls.absolute(link.get("href"))
        if url is None:
            continue
        if "canonical" in rels and facts.canonical is None:
            facts.canonical = url
        if "alternate" in rels and (link.get("type") or "").strip().lower() in _FEED_TYPES and url not in facts.feeds:
            facts.feeds.append(url)
        if _REST_REL in rels and facts.rest_root is None:
            facts.rest_root = url
        if "pingback" in rels and facts.pingback_endpoint is None:
            facts.pingback_endpoint = url
    for meta in _META_ROBOTS(root):
        if meta.get("name", "").strip().lower() in _ROBOTS_NAMES:
            directives = {d.strip() for d in meta.get("content", "").lower().split(",")}
            if "noindex" in directives or "none" in directives:
                facts.noindex = True
    return facts


def page_links(root: etree._Element, urls: UrlResolver) -> list[str]:
    """Return every ``<a href>`` of the page, absolute and normalised, once each, in order."""
    seen: dict[str, None] = {}
    for href in _ANCHOR_HREFS(root):
        url = urls.absolute(str(href))
        if url is not None:
            seen.setdefault(url, None)
    return list(seen)


def comment_pages(ctx: PageContext, links: list[str]) -> list[str]:
    """Return the URLs of the post's other comment pages.

    A link counts when it names a comment page (``comment-page-N/``, ``cpage=N``,
    Blogger's ``commentPage=N``) of this same post, or when it sits in pagination
    furniture and leads to the bare post URL (the default comment page) while this
    page is another one.

    Example:
        >>> from crawler.parse.document import parse_document
        >>> root = parse_document('<a href="/p/comment-page-1/#comments">1</a><a href="/q/comment-page-2/">x</a>')
        >>> urls = UrlResolver("https://b.example/p/comment-page-2/")
        >>> ctx = PageContext(root, "https://b.example/p/comment-page-2/", "https://b.example/p/", urls)
        >>> comment_pages(ctx, page_links(root, urls))
        ['https://b.example/p/comment-page-1/']

    Args:
        ctx: the page.
        links: the page's links, as :func:`page_links` returns them.

    Returns:
        The comment-page URLs in page order, then the bare post URL when it qualifies;
        never the page itself.
    """
    pages: dict[str, None] = {}
    for url in links:
        if url != ctx.page_url and is_comment_page_url(url) and post_url_of(url) == ctx.post_url:
            pages.setdefault(url, None)
    if ctx.page_url != ctx.post_url:
        for href in _PAGINATION_HREFS(ctx.root):
            if ctx.urls.absolute(str(href)) == ctx.post_url:
                pages.setdefault(ctx.post_url, None)
                break
    return list(pages)
