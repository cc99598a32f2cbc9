"""Movable Type and Typepad: ``#comments`` with ``div.comment``, ``#trackbacks`` with ``div.trackback``.

Movable Type 4+ default templates::

    <div class="comment" id="comment-123"><div class="inner">
      <div class="comment-header"><div class="asset-meta"><span class="byline">
        <span class="vcard author"><a class="fn url" href="AUTHOR" rel="nofollow">Name</a></span>
        | <a href="…#comment-123"><abbr class="published" title="2010-01-05T10:22:33-08:00">…</abbr></a>
      </span></div></div>
      <div class="comment-content"><p>Text</p></div>
    </div></div>

    <div class="trackback" id="ping-67"><div class="inner">
      <div class="trackback-header"><div class="asset-meta">
        <a href="SOURCE">Title</a> from Blog name on <a href="#ping-67">date</a>
      </div></div>
      <div class="trackback-content"><p>Excerpt <a href="SOURCE">Read More</a></p></div>
    </div></div>

Typepad and Movable Type 3 put the author in ``<p class="comment-footer">Posted by:
<a href="AUTHOR">Name</a> | <a href="PERMALINK">date</a></p>`` and use long hex ids.
"""

from __future__ import annotations

import re

from lxml import etree

from backlint.records import Item

from .assemble import clean_value, make_item
from .context import PageContext
from .document import Region, any_class, class_test, classes_of, inline_text, is_widget

ENGINE = "movabletype"

_COMMENT_ID = re.compile(r"^comment-([0-9A-Za-z]+)$")
_PING_ID = re.compile(r"^(?:ping|trackback)-([0-9A-Za-z]+)$")
# "Posted by: Name |" in the footer when the commenter left no URL (MT3, Typepad).
_POSTED_BY = re.compile(r"^\W*(?:posted|written)\s+by\s*:?\s*(.+?)\s*(?:\||$)", re.I)

_ITEMS = etree.XPath(
    "//@id[starts-with(., 'comment-') or starts-with(., 'ping-') or starts-with(., 'trackback-')]/parent::div"
)
_SECTION_IDS = frozenset({"comments", "comments-content", "trackbacks", "pings"})
_SECTION_CLASSES = frozenset({"comments", "comments-content", "trackbacks", "trackbacks-content"})
_VCARD_NAME = etree.XPath(f".//*[{class_test('vcard')}]")
_FN = etree.XPath(f".//*[{class_test('fn')}]")
_FOOTER = etree.XPath(f".//*[{any_class('comment-footer', 'trackback-footer', 'asset-meta', 'byline', 'trackback-header')}]")
_COMMENT_BODY = etree.XPath(f".//*[{any_class('comment-content', 'comment-body', 'comment-text')}]")
_PING_BODY = etree.XPath(f".//*[{any_class('trackback-content', 'trackback-body')}]")
_DATE = etree.XPath(".//time/@datetime | .//abbr[@title][" + any_class("published", "dtstart", "updated") + "]/@title")


def extract(ctx: PageContext) -> list[Item]:
    """Return the comments and trackbacks of a Movable Type or Typepad entry page.

    Example:
        >>> from crawler.parse import parse_page
        >>> page = parse_page('<div id="trackbacks"><div class="trackback" id="ping-9"><div class="trackback-header">'
        ...                   '<a href="https://o.example/x">Their post</a> from Blog</div></div></div>',
        ...                   "https://mt.example/2010/01/entry.html")
        >>> [(i.type, i.site_item_id, i.author_name, i.author_url) for i in page.items]
        [('trackback', '9', 'Their post', 'https://o.example/x')]

    Args:
        ctx: the parsed page.

    Returns:
        Comments and trackbacks in page order.
    """
    items = []
    seen: set[tuple[str, str]] = set()
    region = Region(_is_section, is_widget)
    for element in _ITEMS(ctx.root):
        ident = element.get("id") or ""
        classes = classes_of(element)
        match = _COMMENT_ID.match(ident) if "comment" in classes else None
        type_ = "comment"
        if match is None:
            match = _PING_ID.match(ident) if "trackback" in classes else None
            type_ = "trackback"
        if match is None or (type_, match.group(1)) in seen or not region.accepts(element):
            continue
        seen.add((type_, match.group(1)))
        items.append(_read(ctx, element, type_, match.group(1)))
    return items


def _is_section(element: etree._Element) -> bool:
    return element.get("id") in _SECTION_IDS or bool(classes_of(element) & _SECTION_CLASSES)


def _read(ctx: PageContext, element: etree._Element, type_: str, number: str) -> Item:
    name, anchor = _comment_author(element) if type_ == "comment" else _ping_source(ctx, element)
    bodies = (_COMMENT_BODY if type_ == "comment" else _PING_BODY)(element)[:1]
    dates = _DATE(element)
    return make_item(
        ctx,
        engine=ENGINE,
        type_=type_,
        site_item_id=number,
        author_name=name,
        author_anchor=anchor,
        date=clean_value(dates[0]) if dates else None,
        bodies=bodies,
        parent_id=None,
    )


def _comment_author(element: etree._Element) -> tuple[str, etree._Element | None]:
    vcards = _VCARD_NAME(element)
    if vcards:
        fns = _FN(vcards[0])
        name_el = fns[0] if fns else vcards[0]
        anchor = name_el if name_el.tag == "a" else next(
            (a for a in name_el.iter("a") if a.get("href")), None)
        return inline_text(name_el), anchor
    for footer in _FOOTER(element):
        # The author link comes first in the footer line; the permalink after it.
        anchors = [a for a in footer.iter("a") if a.get("href")]
        if anchors and not _is_permalink(anchors[0]):
            return inline_text(anchors[0]), anchors[0]
        match = _POSTED_BY.match(inline_text(footer))
        if match:
            return match.group(1), None
    return "", None


def _is_permalink(anchor: etree._Element) -> bool:
    href = anchor.get("href") or ""
    return href.startswith("#") or "#comment-" in href or "#ping-" in href


def _ping_source(ctx: PageContext, element: etree._Element) -> tuple[str, etree._Element | None]:
    # The source is the first link that leaves this entry (not the "#ping-N" permalink).
    for footer in _FOOTER(element):
        for anchor in footer.iter("a"):
            url = ctx.urls.absolute(anchor.get("href"))
            if url is not None and url not in (ctx.page_url, ctx.post_url):
                return inline_text(anchor), anchor
    return "", None
