"""Parse one HTML page into comments, trackbacks, pingbacks and page facts.

A pure function of ``(html, page_url)``: no network, no clock, no state between
calls. The page is parsed once (libxml2 through lxml) and handed to the engines in
order of precision; the first that finds items wins:

1. :mod:`~crawler.parse.wordpress` (classic and block themes)
2. :mod:`~crawler.parse.blogger`
3. :mod:`~crawler.parse.movabletype` (Movable Type, Typepad)
4. :mod:`~crawler.parse.microdata` (schema.org ``Comment`` microdata, then JSON-LD)
5. :mod:`~crawler.parse.generic` (``comment`` classes and ids inside a comments section)

Independently, :mod:`~crawler.parse.jsembeds` names a JavaScript comment system
(Disqus, ...) whose comments are not in the HTML at all.

:func:`parse_page` never raises: a malformed page yields what could be read.
"""

from __future__ import annotations

import logging
from typing import Callable, TypeVar

from backlint.records import Item, ParsedPage
from backlint.urls import normalize_url

from . import blogger, generic, jsembeds, microdata, movabletype, wordpress
from .context import PageContext
from .document import parse_document
from .links import UrlResolver, post_url_of
from .page import base_url, comment_pages, page_links, read_facts

__all__ = ["ENGINES", "extract_items", "parse_page"]

log = logging.getLogger(__name__)

Extractor = Callable[[PageContext], list[Item]]

#: ``(engine name, extractor)`` in the order they are tried.
ENGINES: tuple[tuple[str, Extractor], ...] = (
    (wordpress.ENGINE, wordpress.extract),
    (blogger.ENGINE, blogger.extract),
    (movabletype.ENGINE, movabletype.extract),
    (microdata.ENGINE, microdata.extract),
    (microdata.JSONLD_ENGINE, microdata.extract_jsonld),
    (generic.ENGINE, generic.extract),
)

# Engines recognisable by their furniture even when a page shows no item (an empty
# post, or a comment page past the end).
_RECOGNISERS: tuple[tuple[str, Callable[[PageContext], bool]], ...] = (
    (wordpress.ENGINE, wordpress.recognises),
    (blogger.ENGINE, blogger.recognises),
)

T = TypeVar("T")


def parse_page(html: str | bytes, page_url: str) -> ParsedPage:
    """Read everything backlint needs from one HTML page.

    Example:
        >>> page = parse_page(
        ...     '<title>Hello</title><ol class="comment-list"><li id="comment-3" class="comment even depth-1">'
        ...     '<article id="div-comment-3" class="comment-body"><footer class="comment-meta">'
        ...     '<div class="comment-author vcard"><b class="fn"><a href="https://ann.example/" '
        ...     'rel="external nofollow ugc" class="url">Ann</a></b></div></footer>'
        ...     '<div class="comment-content"><p>Nice!</p></div></article></li></ol>',
        ...     "https://blog.example/hello/comment-page-2/")
        >>> page.engine, page.title, page.items[0].post_url, page.items[0].author_url, page.items[0].text
        ('wordpress', 'Hello', 'https://blog.example/hello/', 'https://ann.example/', 'Nice!')

    Args:
        html: the page body; bytes are decoded as a browser would (:func:`backlint.decode.decode`).
        page_url: the URL the page was fetched from (after redirects).

    Returns:
        The page's items and facts. An unreadable page gives an empty
        :class:`~backlint.records.ParsedPage`, never an exception.
    """
    try:
        return _parse(html, page_url)
    except Exception:  # noqa: BLE001 - the promise is "never raises"; each stage already guards itself
        log.debug("giving up on %s", page_url, exc_info=True)
        return ParsedPage()


def extract_items(html: str | bytes, page_url: str) -> list[Item]:
    """Return only the items of a page (see :func:`parse_page`).

    Example:
        >>> extract_items("<p>No comments here.</p>", "https://blog.example/p/")
        []
    """
    return parse_page(html, page_url).items


def _parse(html: str | bytes, page_url: str) -> ParsedPage:
    root = parse_document(html)
    if root is None:
        return ParsedPage()
    url = _safely(lambda: normalize_url(page_url), None, "page URL") or str(page_url or "")
    urls = UrlResolver(_safely(lambda: base_url(root, url), url, "base URL"))
    ctx = PageContext(root=root, page_url=url, post_url=_safely(lambda: post_url_of(url), url, "post URL"),
                      urls=urls)
    facts = _safely(lambda: read_facts(root, urls), None, "page facts")
    links: list[str] = _safely(lambda: page_links(root, urls), [], "links")
    engine, items = _items(ctx)
    page = ParsedPage(
        items=items,
        engine=engine,
        comment_pages=_safely(lambda: comment_pages(ctx, links, facts.canonical if facts else None,
                                                    frozenset(i.site_item_id for i in items if i.site_item_id)),
                              [], "comment pages"),
        links=links,
        js_comments=_safely(lambda: jsembeds.detect(root), None, "comment embeds"),
    )
    if facts is not None:
        page.title = facts.title
        page.canonical = facts.canonical
        page.feeds = facts.feeds
        page.rest_root = facts.rest_root
        page.pingback_endpoint = facts.pingback_endpoint
        page.noindex = facts.noindex
    return page


def _items(ctx: PageContext) -> tuple[str, list[Item]]:
    for name, extractor in ENGINES:
        items: list[Item] = _safely(lambda: extractor(ctx), [], name)
        if items:
            return name, _tidy(items)
    for name, recognises in _RECOGNISERS:
        if _safely(lambda: recognises(ctx), False, name):
            return name, []
    return "", []


def _tidy(items: list[Item]) -> list[Item]:
    # Broken markup can repeat an item (the same id twice, even nested in itself):
    # keep the first, and never let an item reply to itself.
    seen: set[tuple[str, str]] = set()
    kept = []
    for item in items:
        if item.site_item_id is not None:
            key = (item.type, item.site_item_id)
            if key in seen:
                continue
            seen.add(key)
        if item.parent_id is not None and item.parent_id == item.site_item_id:
            item.parent_id = None
        kept.append(item)
    return kept


def _safely(step: Callable[[], T], default: T, what: str) -> T:
    # One failing stage (an engine tripping over odd markup) must not cost the page
    # the others' results.
    try:
        return step()
    except Exception:  # noqa: BLE001 - see above; logged for whoever debugs a page
        log.debug("parse stage %r failed", what, exc_info=True)
        return default
