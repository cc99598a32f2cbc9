"""Links: resolving hrefs, reading an item's links, and recognising comment pages.

Every URL a parser returns goes through :func:`backlint.urls.normalize_url`. Pages
repeat the same hrefs (navigation, permalinks, reply links), so resolution is
memoised per page and, for absolute URLs, across pages.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from lxml import etree

from backlint.records import Link
from backlint.urls import fast_normalize, normal_origin, normalize_url

from .document import classes_of, collapse, inline_text

#: Classes of the "Reply" / "Edit" controls WordPress and others print in a comment:
#: they are the site's own links, not the commenter's.
CONTROL_CLASSES = frozenset({
    "comment-reply-link", "comment-edit-link", "edit-link", "reply", "comment-reply-login",
    "comment-reply", "comment-actions", "item-control", "wp-block-comment-reply-link",
    "wp-block-comment-edit-link", "comment-awaiting-moderation",
})

# Browsers drop tabs and newlines anywhere in a URL (WHATWG URL standard).
_URL_WHITESPACE = str.maketrans("", "", "\t\n\r")
_MISSING = object()

# BBCode as spam bots post it: [url=http://x]anchor[/url] or [url]http://x[/url].
_BBCODE = re.compile(r"\[url(?:=[\"']?([^\]\"'\s]+)[\"']?)?\](.*?)\[/url\]", re.I | re.S)
_BARE_URL = re.compile(r"https?://[^\s<>\"'\[\]{}|\\^`]+", re.I)
_TRAILING_PUNCTUATION = ".,;:!?'\""

_COMMENT_PAGE_PATH = re.compile(r"/comment-page-\d+/?$")
# Blogger's showComment=<ms> is one comment's permalink: the same page, not another one.
_POST_SUFFIX_PARAMS = frozenset({"cpage", "commentpage", "showcomment"})
_POST_SUFFIX_HINT = re.compile(r"comment-page-\d|[?&](?:cpage|commentpage|showcomment)=", re.I)
_COMMENT_PAGE_HINT = re.compile(r"comment-page-\d|[?&](?:cpage|commentpage)=\d", re.I)


def _normalize(href: str, base: str | None) -> str | None:
    # normalize_url keeps the cache across pages.
    try:
        return normalize_url(href, base)
    except Exception:  # noqa: BLE001 - a hostile href must not escape the parser
        return None


class UrlResolver:
    """Resolve the hrefs of one page to normalised absolute URLs, once each.

    Example:
        >>> urls = UrlResolver("https://blog.example/post/")
        >>> urls.absolute("../about/#team"), urls.absolute("mailto:a@b.example"), urls.absolute("#c5")
        ('https://blog.example/about/', None, None)

    Args:
        base: the URL relative hrefs resolve against (the page's, or its ``<base href>``).
    """

    def __init__(self, base: str) -> None:
        self.base = base
        self._memo: dict[str, str | None] = {}
        # A root-relative href resolves against the origin alone; only a base already
        # in normal form lets the fast path glue the two together.
        self._origin = normal_origin(base)

    def absolute(self, href: str | None) -> str | None:
        """Return the normalised absolute http(s) URL of ``href``, or ``None``.

        ``None`` for missing hrefs, fragment-only ones (``#comment-5``: this very
        page), and other schemes (``mailto:``, ``javascript:``).
        """
        if not href:
            return None
        found = self._memo.get(href, _MISSING)
        if found is _MISSING:
            found = self._memo[href] = self._resolve(href)
        return found  # type: ignore[return-value]

    def _resolve(self, href: str) -> str | None:
        cleaned = href.strip()
        if "\t" in cleaned or "\n" in cleaned or "\r" in cleaned:
            cleaned = cleaned.translate(_URL_WHITESPACE)
        # The fragment never changes the page; cutting it first lets every
        # "#comment-N" permalink to the same post share one cache entry.
        hash_at = cleaned.find("#")
        if hash_at >= 0:
            cleaned = cleaned[:hash_at]
        if not cleaned:
            return None
        if cleaned.startswith(("http://", "https://")):
            # Absolute: resolved without the base, so the cache serves every page.
            return fast_normalize(cleaned) or _normalize(cleaned, None)
        if self._origin and cleaned[0] == "/" and not cleaned.startswith("//"):
            return fast_normalize(self._origin + cleaned) or _normalize(cleaned, self.base)
        return _normalize(cleaned, self.base)


def rel_tokens(element: etree._Element) -> tuple[str, ...]:
    """Return the lower-cased ``rel`` values of a link, in document order, once each.

    Example:
        >>> from lxml import etree
        >>> rel_tokens(etree.fromstring('<a rel="External NoFollow ugc nofollow"/>'))
        ('external', 'nofollow', 'ugc')
    """
    value = element.get("rel")
    if not value:
        return ()
    return tuple(dict.fromkeys(value.lower().split()))


def is_control(anchor: etree._Element, stop: etree._Element) -> bool:
    """Tell whether ``anchor`` is a Reply/Edit control (itself or an ancestor up to ``stop``)."""
    if classes_of(anchor) & CONTROL_CLASSES:
        return True
    for ancestor in anchor.iterancestors():
        if ancestor is stop:
            return False
        if classes_of(ancestor) & CONTROL_CLASSES:
            return True
    return False


def author_link(anchor: etree._Element | None, urls: UrlResolver) -> Link | None:
    """Return the author's :class:`Link` from the author's ``<a>``, or ``None``."""
    if anchor is None:
        return None
    url = urls.absolute(anchor.get("href"))
    if url is None:
        return None
    return Link(url=url, anchor=inline_text(anchor), rel=rel_tokens(anchor), is_author_link=True)


def body_links(bodies: list[etree._Element], urls: UrlResolver) -> list[Link]:
    """Return every link shown in a comment's body: each ``<a href>``, Reply/Edit left out.

    A URL or BBCode ``[url=...]`` written as plain text is not a link on the page (it
    passes no credit and no reader can click it): it stays in the item's text, where
    grading looks for it with :func:`text_links`.

    Example:
        >>> from crawler.parse.document import parse_document
        >>> body = parse_document('<div><a href="https://a.example/" rel="nofollow ugc">A</a> '
        ...                       'and https://b.example/x.</div>').find(".//div")
        >>> [(l.url, l.anchor, l.rel) for l in body_links([body], UrlResolver("https://blog.example/"))]
        [('https://a.example/', 'A', ('nofollow', 'ugc'))]

    Args:
        bodies: the elements holding the comment text.
        urls: the page's resolver.

    Returns:
        The links, in document order.
    """
    links: list[Link] = []
    for body in bodies:
        for anchor in body.iter("a"):
            url = urls.absolute(anchor.get("href"))
            if url is None or is_control(anchor, body):
                continue
            links.append(Link(url=url, anchor=inline_text(anchor), rel=rel_tokens(anchor)))
    return links


def text_links(text: str) -> list[Link]:
    """Return the links written as plain text: BBCode first, then bare URLs.

    Example:
        >>> [(l.url, l.anchor) for l in text_links("[url=http://x.example/]cheap[/url] or http://y.example/a).")]
        [('http://x.example/', 'cheap'), ('http://y.example/a', 'http://y.example/a')]
    """
    links: list[Link] = []
    for match in _BBCODE.finditer(text):
        target, inner = match.group(1), match.group(2)
        url = _normalize(target or collapse(inner), None)
        if url is not None:
            links.append(Link(url=url, anchor=collapse(inner)))
    for raw in _BARE_URL.findall(_BBCODE.sub(" ", text)):
        visible = _trim_url(raw)
        url = _normalize(visible, None)
        if url is not None:
            links.append(Link(url=url, anchor=visible))
    return links


def _trim_url(raw: str) -> str:
    # A sentence's full stop or a closing bracket is not part of the URL it follows.
    url = raw.rstrip(_TRAILING_PUNCTUATION)
    while url.endswith(")") and url.count(")") > url.count("("):
        url = url[:-1].rstrip(_TRAILING_PUNCTUATION)
    return url


def post_url_of(url: str) -> str:
    """Return a post's URL without its comment-page suffix.

    Example:
        >>> post_url_of("https://blog.example/hello/comment-page-3/")
        'https://blog.example/hello/'
        >>> post_url_of("https://blog.example/?p=7&cpage=2")
        'https://blog.example/?p=7'

    Args:
        url: a normalised URL.

    Returns:
        The same URL without ``comment-page-N/``, ``cpage``, Blogger's ``commentPage``
        and ``showComment``, normalised.
    """
    if not _POST_SUFFIX_HINT.search(url):
        return url
    parts = urlsplit(url)
    path = _COMMENT_PAGE_PATH.sub("/", parts.path)
    query = urlencode([(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
                       if k.lower() not in _POST_SUFFIX_PARAMS])
    stripped = urlunsplit((parts.scheme, parts.netloc, path, query, ""))
    return normalize_url(stripped) or url


def is_comment_page_url(url: str) -> bool:
    """Tell whether ``url`` names a page of comments (``comment-page-N/``, ``cpage=N``, ...)."""
    return bool(_COMMENT_PAGE_HINT.search(url)) and post_url_of(url) != url
