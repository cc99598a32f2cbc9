"""Feeds: RSS 2.0, RSS 1.0 (RDF) and Atom, read to find posts and their comments.

The crawler reads two kinds of feed. A posts feed (``/feed/``) lists posts with
the URL of their comments (RSS ``<comments>``, Atom ``rel="replies"``), the URL of
their own comment feed (``wfw:commentRss``) and often a comment count
(``slash:comments``, ``thr:total``). A comments feed (``/comments/feed/``,
``<permalink>feed/``) lists the newest approved comments, trackbacks and pingbacks,
each linked as ``<post>#comment-N`` or ``<post>comment-page-N/#comment-N``.

Comment feeds carry no author URL and no item type (DOMAIN.md §2), so their
entries are not turned into :class:`~backlint.records.Item` records: they tell the
crawler which posts have comments, and the post pages or the REST API supply the
items themselves.

:func:`parse_feed` is a pure function of ``(body, url)``, reads hostile XML safely
(:mod:`crawler.parse.safexml`) and never raises.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from urllib.parse import urljoin, urlsplit, urlunsplit

from lxml import etree

from backlint.dates import iso_date
from backlint.urls import normalize_url
from crawler.parse.safexml import collapse, localname, namespace, parse_xml, text_of

ATOM_NS = "http://www.w3.org/2005/Atom"
_ATOM_03_NS = "http://purl.org/atom/ns#"
_RSS1_NS = "http://purl.org/rss/1.0/"
_RSS09_NS = "http://my.netscape.com/rdf/simple/0.9/"
_DC_NS = "http://purl.org/dc/elements/1.1/"
_WFW_NS = "http://wellformedweb.org/CommentAPI/"
_SLASH_NS = "http://purl.org/rss/1.0/modules/slash/"
_THREAD_NS = "http://purl.org/syndication/thread/1.0"

# RSS 2.0 core elements have no namespace; RSS 1.0 and 0.90 put theirs in one.
_RSS_CORE_NS = frozenset({"", _RSS1_NS, _RSS09_NS})
_ATOM_NSS = frozenset({ATOM_NS, _ATOM_03_NS})

# WordPress links a comment as "<post>#comment-N"; Blogger as
# "<post>?showComment=<ms>#c<N>".
_WP_COMMENT_FRAGMENT = re.compile(r"comment-(\d+)")
_BLOGGER_COMMENT_FRAGMENT = re.compile(r"c(\d+)")
# WordPress comment pagination: "<permalink>comment-page-N/" (or without the final
# slash when the permalink structure has none).
_COMMENT_PAGE = re.compile(r"/comment-page-\d+(/?)$")
# Query parameters that select a page or a comment of a post, not a different post.
_COMMENT_QUERY_PARAMS = frozenset({"cpage", "showcomment"})
_TAG = re.compile(r"<[^>]*>")


@dataclass(frozen=True)
class FeedEntry:
    """One ``<item>`` or ``<entry>`` of a feed.

    Example:
        >>> FeedEntry(link="https://blog.example/hello-world/comment-page-2/",
        ...           post_url="https://blog.example/hello-world/", comment_id="12").is_comment
        True

    Attributes:
        link: the entry's page, normalised (so without the ``#comment-N``
            fragment: for a comment, the comment page that shows it).
        title: the title as plain text.
        published: ISO 8601 publication date (RSS ``pubDate``, ``dc:date``, Atom
            ``published`` or ``updated``), or ``None``.
        author: ``dc:creator``, RSS ``author`` or Atom ``author/name``.
        comments_url: where the post's comments are shown (RSS ``<comments>``,
            Atom ``rel="replies"`` of an HTML type), normalised.
        comment_feed: the post's own comment feed (``wfw:commentRss``, Atom
            ``rel="replies"`` of a feed type), normalised.
        comment_count: ``slash:comments`` or ``thr:total``/``thr:count``, when given.
        post_url: for a comment entry, the post it belongs to (no comment-page
            suffix, no ``cpage``); ``None`` for a post entry.
        comment_id: for a comment entry, the site's comment id (``"12"`` from
            ``#comment-12``); ``None`` for a post entry.
    """

    link: str | None = None
    title: str = ""
    published: str | None = None
    author: str = ""
    comments_url: str | None = None
    comment_feed: str | None = None
    comment_count: int | None = None
    post_url: str | None = None
    comment_id: str | None = None

    @property
    def is_comment(self) -> bool:
        """Whether this entry is a comment (its link names one)."""
        return self.comment_id is not None


@dataclass
class Feed:
    """A parsed feed.

    Example:
        >>> feed = parse_feed(
        ...     b'<rss version="2.0"><channel><title>Blog</title><item><title>Hello</title>'
        ...     b'<link>https://blog.example/hello-world/</link>'
        ...     b'<comments>https://blog.example/hello-world/#comments</comments>'
        ...     b'</item></channel></rss>', "https://blog.example/feed/")
        >>> feed.kind, feed.entries[0].comments_url
        ('rss2', 'https://blog.example/hello-world/')

    Attributes:
        kind: ``rss2``, ``rss1``, ``atom``, or ``""`` when the body is not a feed.
        title: the feed's title.
        link: the site or page the feed belongs to.
        entries: the items in document order.
        errors: what was wrong with the document (empty when clean).
    """

    kind: str = ""
    title: str = ""
    link: str | None = None
    entries: list[FeedEntry] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @property
    def post_urls(self) -> list[str]:
        """Every post the feed names, once, in order: a comment's post or a post's link."""
        urls: list[str] = []
        for entry in self.entries:
            url = entry.post_url if entry.is_comment else entry.link
            if url and url not in urls:
                urls.append(url)
        return urls


def parse_feed(body: bytes, url: str) -> Feed:
    """Read an RSS 2.0, RSS 1.0 or Atom feed.

    Args:
        body: the response body (gzip, BOM and leading whitespace allowed).
        url: the feed's URL; relative links are resolved against it (and against
            ``xml:base`` in Atom).

    Returns:
        The feed; never raises. A body that is not a feed gives ``kind == ""`` and
        a message in ``errors``.
    """
    if not isinstance(body, (bytes, bytearray)):
        return Feed(errors=["feed body is not bytes"])
    root, errors = parse_xml(bytes(body), base_url=url)
    if root is None:
        return Feed(errors=errors)
    name = localname(root)
    if name == "rss":
        feed = _parse_rss(root, url, kind="rss2")
    elif name == "RDF":
        feed = _parse_rss(root, url, kind="rss1")
    elif name == "feed":
        feed = _parse_atom(root, url)
    else:
        feed = Feed(errors=[f"not a feed: the root element is <{name}>"])
    feed.errors[:0] = errors
    return feed


def split_comment_link(link: str, base: str | None = None) -> tuple[str, str] | None:
    """Split a comment's link into the post URL and the comment id.

    Example:
        >>> split_comment_link("https://blog.example/hello-world/comment-page-2/#comment-12")
        ('https://blog.example/hello-world/', '12')
        >>> split_comment_link("https://blog.example/?p=1&cpage=2#comment-7")
        ('https://blog.example/?p=1', '7')
        >>> split_comment_link("https://blog.example/hello-world/") is None
        True

    Args:
        link: the comment's link as the site writes it (WordPress
            ``#comment-N``; Blogger ``?showComment=…#cN``).
        base: the URL to resolve a relative link against.

    Returns:
        ``(post_url, comment_id)``, or ``None`` when the link names no comment or
        is not an http(s) URL.
    """
    absolute = _join(link, base)
    if absolute is None:
        return None
    fragment = absolute.partition("#")[2]
    match = _WP_COMMENT_FRAGMENT.fullmatch(fragment)
    if match is None and "showcomment=" in absolute.lower():
        match = _BLOGGER_COMMENT_FRAGMENT.fullmatch(fragment)
    if match is None:
        return None
    post_url = comment_post_url(absolute)
    if post_url is None:
        return None
    return post_url, match.group(1)


def comment_post_url(link: str, base: str | None = None) -> str | None:
    """Return the post URL behind a comment or comment-page link, normalised.

    Drops the fragment, a trailing ``comment-page-N/`` and the ``cpage`` and
    ``showComment`` parameters, so every comment page of a post maps to one URL.

    Example:
        >>> comment_post_url("https://blog.example/hello-world/comment-page-3/")
        'https://blog.example/hello-world/'

    Args:
        link: the link as found.
        base: the URL to resolve a relative link against.

    Returns:
        The post URL, or ``None`` when ``link`` is not an http(s) URL.
    """
    absolute = _join(link, base)
    if absolute is None:
        return None
    try:
        parts = urlsplit(absolute)
    except ValueError:
        return None
    path = _COMMENT_PAGE.sub(r"\1", parts.path)
    query = "&".join(
        pair for pair in parts.query.split("&")
        if pair and pair.split("=", 1)[0].lower() not in _COMMENT_QUERY_PARAMS
    )
    return normalize_url(urlunsplit((parts.scheme, parts.netloc, path, query, "")))


def _join(link: str, base: str | None) -> str | None:
    link = (link or "").strip()
    if not link:
        return None
    try:
        return urljoin(base, link) if base else link
    except ValueError:
        return None


# --- RSS ---------------------------------------------------------------------


def _parse_rss(root: etree._Element, url: str, kind: str) -> Feed:
    channel = _first(root, "channel", _RSS_CORE_NS)
    feed = Feed(kind=kind)
    if channel is not None:
        feed.title = collapse(_plain(channel, "title", _RSS_CORE_NS))
        feed.link = normalize_url(_plain(channel, "link", _RSS_CORE_NS), base=url)
    # RSS 2.0 nests items in <channel>; RSS 1.0 puts them beside it.
    for item in root.iter(etree.Element):
        if localname(item) == "item" and namespace(item) in _RSS_CORE_NS:
            feed.entries.append(_rss_entry(item, url))
    return feed


def _rss_entry(item: etree._Element, url: str) -> FeedEntry:
    guid = _first(item, "guid", _RSS_CORE_NS)
    guid_text = text_of(guid).strip() if guid is not None else ""
    guid_is_link = guid is not None and guid.get("isPermaLink", "true").strip().lower() != "false"
    raw_link = (_plain(item, "link", _RSS_CORE_NS)
                or (guid_text if guid_is_link else "")
                or _atom_link(item, "alternate"))
    # A comment's <guid> ("<site>/?p=1#comment-12") names it even when <link> is odd.
    comment = split_comment_link(raw_link, url) or split_comment_link(guid_text, url)
    return FeedEntry(
        link=normalize_url(raw_link, base=url),
        title=collapse(_plain(item, "title", _RSS_CORE_NS)),
        published=_rss_date(item),
        # WordPress puts a ping's source title, entities and all, in CDATA here.
        author=collapse(html.unescape(
            _plain(item, "creator", {_DC_NS}) or _plain(item, "author", _RSS_CORE_NS))),
        comments_url=normalize_url(_plain(item, "comments", _RSS_CORE_NS), base=url),
        comment_feed=normalize_url(_plain(item, "commentrss", {_WFW_NS}, fold_case=True), base=url),
        comment_count=_count(_plain(item, "comments", {_SLASH_NS})),
        post_url=comment[0] if comment else None,
        comment_id=comment[1] if comment else None,
    )


def _rss_date(item: etree._Element) -> str | None:
    pub_date = _plain(item, "pubDate", _RSS_CORE_NS)
    if pub_date:
        # Some feeds write ISO 8601 in <pubDate>; accept it rather than lose the date.
        return _rfc822_date(pub_date) or iso_date(pub_date)
    for name, namespaces in (("date", {_DC_NS}), ("published", _ATOM_NSS), ("updated", _ATOM_NSS)):
        value = _plain(item, name, namespaces)
        if value:
            return iso_date(value)
    return None


def _atom_link(element: etree._Element, rel: str) -> str:
    # RSS items sometimes carry <atom:link rel="alternate" href="...">.
    for link in element:
        if localname(link) == "link" and namespace(link) in _ATOM_NSS:
            if (link.get("rel") or "alternate").strip().lower() == rel:
                return (link.get("href") or "").strip()
    return ""


# --- Atom --------------------------------------------------------------------


def _parse_atom(root: etree._Element, url: str) -> Feed:
    feed = Feed(kind="atom", title=_atom_text(_first(root, "title", _ATOM_NSS)))
    links = _atom_links(root, _base(root, url))
    feed.link = links.get("alternate")
    for entry in root:
        if localname(entry) == "entry" and namespace(entry) in _ATOM_NSS:
            feed.entries.append(_atom_entry(entry, url))
    return feed


def _atom_entry(entry: etree._Element, url: str) -> FeedEntry:
    base = _base(entry, url)
    links = _atom_links(entry, base)
    raw_link = links.get("raw_alternate", "")
    comment = split_comment_link(raw_link, base) if raw_link else None
    author = _first(entry, "author", _ATOM_NSS)
    published = _plain(entry, "published", _ATOM_NSS) or _plain(entry, "updated", _ATOM_NSS)
    total = _plain(entry, "total", {_THREAD_NS})
    return FeedEntry(
        link=links.get("alternate"),
        title=_atom_text(_first(entry, "title", _ATOM_NSS)),
        published=iso_date(published) if published else None,
        author=collapse(_plain(author, "name", _ATOM_NSS)) if author is not None else "",
        comments_url=links.get("replies_html"),
        comment_feed=links.get("replies_feed"),
        comment_count=_count(total) if total else _count(links.get("replies_count", "")),
        post_url=comment[0] if comment else None,
        comment_id=comment[1] if comment else None,
    )


def _atom_links(element: etree._Element, base: str) -> dict[str, str]:
    # RFC 4287 §4.2.7.2: a link without rel is rel="alternate". RFC 4685 §4 names
    # a post's comments rel="replies"; WordPress writes one with type text/html
    # (the comments on the page) and one with a feed type (the comment feed).
    found: dict[str, str] = {}
    for link in element:
        if localname(link) != "link" or namespace(link) not in _ATOM_NSS:
            continue
        href = (link.get("href") or "").strip()
        target = normalize_url(href, base=base)
        if target is None:
            continue
        rel = (link.get("rel") or "alternate").strip().lower()
        media_type = (link.get("type") or "").strip().lower()
        if rel == "alternate" and "alternate" not in found:
            found["alternate"] = target
            found["raw_alternate"] = _join(href, base) or target
        elif rel == "replies":
            key = "replies_feed" if ("xml" in media_type or "atom" in media_type) else "replies_html"
            found.setdefault(key, target)
            count = link.get(f"{{{_THREAD_NS}}}count")
            if count is not None:
                found.setdefault("replies_count", count)
    return found


def _atom_text(element: etree._Element | None) -> str:
    if element is None:
        return ""
    text = text_of(element)
    if (element.get("type") or "").strip().lower() == "html":
        # type="html" holds escaped markup: drop the tags, decode the entities.
        # The result is only ever shown as text.
        text = html.unescape(_TAG.sub(" ", text))
    return collapse(text)


def _base(element: etree._Element, url: str) -> str:
    # lxml resolves xml:base (WordPress sets it on <feed> and <content>) against the
    # document URL given at parse time.
    try:
        return element.base or url
    except ValueError:
        return url


# --- shared ------------------------------------------------------------------


def _first(element: etree._Element, name: str, namespaces: frozenset[str] | set[str],
           fold_case: bool = False) -> etree._Element | None:
    for child in element:
        child_name = localname(child)
        if fold_case:
            child_name = child_name.lower()
        if child_name == name and namespace(child) in namespaces:
            return child
    return None


def _plain(element: etree._Element, name: str, namespaces: frozenset[str] | set[str],
           fold_case: bool = False) -> str:
    child = _first(element, name, namespaces, fold_case)
    return text_of(child).strip() if child is not None else ""


def _count(value: str) -> int | None:
    # Digits only, and short: int() of a 5,000-digit string raises ValueError.
    value = value.strip()
    return int(value) if value.isascii() and value.isdigit() and len(value) <= 18 else None


def _rfc822_date(value: str) -> str | None:
    # RSS 2.0 dates are RFC 822 ("Mon, 15 Jan 2024 10:20:30 +0000").
    try:
        return parsedate_to_datetime(value).isoformat()
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
