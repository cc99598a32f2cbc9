"""What a page says about itself: title, canonical, feeds, API roots, robots, links."""

from __future__ import annotations

from dataclasses import dataclass, field

from lxml import etree

from .context import PageContext
from .document import classes_of, inline_text
from .links import UrlResolver, is_comment_page_url, post_url_of

_FEED_TYPES = frozenset({"application/rss+xml", "application/atom+xml", "application/rdf+xml",
                         "application/feed+json", "application/rss", "text/xml"})
_ROBOTS_NAMES = frozenset({"robots", "googlebot", "bingbot"})
# WordPress announces its REST API with this link relation (developer.wordpress.org/rest-api).
_REST_REL = "https://api.w.org/"

_BASE_HREF = etree.XPath("(//base[@href])[1]/@href", smart_strings=False)
# Name steps, not "//*[self::title or ...]": libxml2 tests names while it walks, but
# runs a predicate on every element.
_TITLES = etree.XPath("//title")
_HEAD_LINKS = etree.XPath("//link[@rel and @href]")
_META_ROBOTS = etree.XPath("//meta[@name and @content]")
_ANCHOR_HREFS = etree.XPath("//a/@href", smart_strings=False)
_ANCHORS = etree.XPath("//a[@href]")
_PERMALINK_HREFS = etree.XPath("//a/@href[contains(., '#comment-')]", smart_strings=False)
# Pagination furniture around comment lists. Links in it that lead to the bare post
# URL are its default comment page (WordPress shows the newest page there).
_PAGINATION_CLASSES = frozenset({"comment-navigation", "comments-pagination", "wp-block-comments-pagination",
                                 "comment-nav", "nav-links", "navigation", "pagination", "page-numbers"})


@dataclass
class PageFacts:
    """The page-level fields of a :class:`~backlint.records.ParsedPage`.

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
        base = UrlResolver(page_url).absolute(hrefs[0])
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
    title = _page_title(_TITLES(root))
    if title is not None:
        facts.title = inline_text(title)
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


def _page_title(titles: list[etree._Element]) -> etree._Element | None:
    # The document's <title> is the one in <head>; an inline SVG's <title> is a tooltip.
    for title in titles:
        parent = title.getparent()
        if parent is not None and parent.tag == "head":
            return title
    for title in titles:
        if not any(ancestor.tag == "svg" for ancestor in title.iterancestors()):
            return title
    return None


def page_links(root: etree._Element, urls: UrlResolver) -> list[str]:
    """Return every ``<a href>`` of the page, absolute and normalised, once each, in order."""
    seen: dict[str, None] = {}
    for href in _ANCHOR_HREFS(root):
        url = urls.absolute(href)
        if url is not None:
            seen.setdefault(url, None)
    return list(seen)


def comment_pages(ctx: PageContext, links: list[str], canonical: str | None = None,
                  item_ids: frozenset[str] = frozenset()) -> list[str]:
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
        canonical: the page's canonical URL.
        item_ids: the ids of the items on this page. WordPress serves the default
            comment page at the bare post URL too; its canonical URL or the permalinks
            of the items shown (``comment-page-N/#comment-ID``) name the page's own
            ``comment-page-N/`` URL, which is then this page, not another.

    Returns:
        The comment-page URLs in page order, then the bare post URL when it qualifies;
        never the page itself.
    """
    pages: dict[str, None] = {}
    itself = {ctx.page_url, canonical} | _permalinked_pages(ctx, item_ids)
    for url in links:
        if url not in itself and is_comment_page_url(url) and post_url_of(url) == ctx.post_url:
            pages.setdefault(url, None)
    if ctx.page_url != ctx.post_url and ctx.post_url in links:
        for anchor in _ANCHORS(ctx.root):
            if ctx.urls.absolute(anchor.get("href")) == ctx.post_url and _in_pagination(anchor):
                pages.setdefault(ctx.post_url, None)
                break
    return list(pages)


def _permalinked_pages(ctx: PageContext, item_ids: frozenset[str]) -> set[str]:
    pages: set[str] = set()
    # Only the bare post URL is an alias of a comment page.
    if item_ids and ctx.page_url == ctx.post_url:
        for href in _PERMALINK_HREFS(ctx.root):
            if href.rsplit("#comment-", 1)[1] in item_ids:
                # No URL for a bare "#comment-5": that is this very page, already in the set.
                url = ctx.urls.absolute(href)
                if url is not None:
                    pages.add(url)
    return pages


# Pagination links sit one to three levels below their navigation block
# (a > div.nav-links > nav.comments-pagination); permalinks deep in a comment do not.
_PAGINATION_DEPTH = 3


def _in_pagination(anchor: etree._Element) -> bool:
    for depth, element in enumerate(anchor.iterancestors()):
        if depth >= _PAGINATION_DEPTH:
            return False
        if classes_of(element) & _PAGINATION_CLASSES:
            return True
    return False
