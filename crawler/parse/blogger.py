"""Blogger (Blogspot) comments, threaded and classic layouts.

Threaded layout (every current Blogger theme)::

    <li class="comment" id="c1234567890">
      <div class="comment-block">
        <div class="comment-header">
          <cite class="user"><a href="AUTHOR" rel="nofollow">Name</a></cite>
          <span class="datetime secondary-text"><a rel="nofollow" href="POST?showComment=MS#c1234567890">…</a></span>
        </div>
        <p class="comment-content">Text</p>
        <span class="comment-actions secondary-text">Reply / Delete</span>
      </div>
      <div class="comment-replies"> … nested <li class="comment" id="c…"> … </div>
    </li>

Classic layout: ``<dl id="comments-block">`` with ``<dt class="comment-author" id="c…">``,
``<dd class="comment-body">`` and ``<dd class="comment-footer">`` siblings.

Blogger prints no machine-readable date, but every comment permalink carries
``showComment=<milliseconds since the epoch>``: that is the comment's time.
"""

from __future__ import annotations

import re
from datetime import datetime, timezone

from lxml import etree

from backlint.records import Item

from .assemble import make_item
from .context import PageContext
from .document import Owner, Region, classes_of, inline_text, is_sidebar, iter_own

ENGINE = "blogger"

_ITEM_ID = re.compile(r"^c(\d+)$")
_SHOW_COMMENT = re.compile(r"[?&]showComment=(\d{10,16})")
_SAID = re.compile(r"\s+said\W*$", re.I)

# "c" followed by digits only, on the cheap attribute axis.
_THREADED = etree.XPath(
    "//@id[starts-with(., 'c') and string-length(.) > 1 and translate(substring(., 2), '0123456789', '') = '']"
    "/parent::li"
)
_CLASSIC = etree.XPath(
    "//@id[. = 'comments-block']/parent::dl/dt[starts-with(@id, 'c') or .//a[@name]]"
)
_RECOGNISE = etree.XPath("boolean(//@id[. = 'comment-holder' or . = 'comments-block'])")
_NAMED_ANCHOR = etree.XPath(".//a[@name]/@name")
_CLASSIC_BODY = etree.XPath("following-sibling::dd[1][contains(@class, 'comment-body')]")
_CLASSIC_FOOTER = etree.XPath("following-sibling::dd[position() <= 2][contains(@class, 'comment-footer')]")
_ROLE_BY_CLASS = {"comment-content": "content", "datetime": "stamp", "comment-timestamp": "stamp"}


def _everywhere(element: etree._Element) -> bool:
    return True


def recognises(ctx: PageContext) -> bool:
    """Tell whether the page has Blogger's comment containers."""
    return bool(_RECOGNISE(ctx.root))


def extract(ctx: PageContext) -> list[Item]:
    """Return the comments of a Blogger post page.

    Example:
        >>> from crawler.parse import parse_page
        >>> page = parse_page('<li class="comment" id="c42"><div class="comment-block"><cite class="user">Ann</cite>'
        ...                   '<p class="comment-content">Hi</p></div></li>', "https://x.blogspot.com/2020/01/p.html")
        >>> [(i.engine, i.site_item_id, i.author_name, i.text) for i in page.items]
        [('blogger', '42', 'Ann', 'Hi')]

    Args:
        ctx: the parsed page.

    Returns:
        The comments in page order, replies carrying their parent's id.
    """
    region = Region(_everywhere, is_sidebar)
    threaded = [li for li in _THREADED(ctx.root)
                if _ITEM_ID.match(li.get("id") or "") and "comment" in classes_of(li) and region.accepts(li)]
    if threaded:
        return _threaded_items(ctx, threaded)
    return _classic_items(ctx, [dt for dt in _CLASSIC(ctx.root) if region.accepts(dt)])


def _threaded_items(ctx: PageContext, roots: list[etree._Element]) -> list[Item]:
    nested = frozenset(roots)
    owner = Owner(nested)
    items = []
    for li in roots:
        own = _own_roles(li, nested)
        user = own.get("user")
        content = own.get("content")
        stamp = own.get("stamp")
        parent = owner.parent_of(li)
        items.append(make_item(
            ctx,
            engine=ENGINE,
            type_="comment",
            site_item_id=_item_id(li),
            author_name=inline_text(user) if user is not None else "",
            author_anchor=_link_in(user),
            date=_date_from_permalinks(list(stamp.iter("a"))) if stamp is not None else None,
            bodies=[content] if content is not None else [],
            parent_id=_item_id(parent) if parent is not None else None,
        ))
    return items


def _item_id(root: etree._Element) -> str:
    match = _ITEM_ID.match(root.get("id") or "")
    # extract() keeps as roots only the elements whose id matches.
    assert match is not None
    return match.group(1)


def _own_roles(li: etree._Element, nested: frozenset) -> dict[str, etree._Element]:
    found: dict[str, etree._Element] = {}
    for el in iter_own(li, nested):
        classes = classes_of(el)
        if el.tag == "cite" and "user" in classes:
            found.setdefault("user", el)
        for token in classes:
            role = _ROLE_BY_CLASS.get(token)
            if role is not None:
                found.setdefault(role, el)
    return found


def _classic_items(ctx: PageContext, terms: list[etree._Element]) -> list[Item]:
    items = []
    for dt in terms:
        match = _ITEM_ID.match(dt.get("id") or "")
        if match is None:
            named = [n for n in _NAMED_ANCHOR(dt) if _ITEM_ID.match(n)]
            match = _ITEM_ID.match(named[0]) if named else None
        anchor = _link_in(dt)
        name = inline_text(anchor) if anchor is not None else _SAID.sub("", inline_text(dt))
        bodies = _CLASSIC_BODY(dt)
        footers = _CLASSIC_FOOTER(dt)
        permalinks = [a for footer in footers for a in footer.iter("a")]
        items.append(make_item(
            ctx,
            engine=ENGINE,
            type_="comment",
            site_item_id=match.group(1) if match else None,
            author_name=name,
            author_anchor=anchor,
            date=_date_from_permalinks(permalinks),
            bodies=bodies,
            parent_id=None,
        ))
    return items


def _link_in(element: etree._Element | None) -> etree._Element | None:
    if element is None:
        return None
    if element.tag == "a" and element.get("href"):
        return element
    for anchor in element.iter("a"):
        if anchor.get("href"):
            return anchor
    return None


def _date_from_permalinks(anchors: list[etree._Element]) -> str | None:
    for anchor in anchors:
        match = _SHOW_COMMENT.search(anchor.get("href") or "")
        if match:
            return showcomment_date(match.group(1))
    return None


def showcomment_date(millis: str) -> str | None:
    """Return the ISO 8601 UTC time of a Blogger ``showComment`` value.

    Example:
        >>> showcomment_date("1580033580000")
        '2020-01-26T10:13:00+00:00'
    """
    try:
        moment = datetime.fromtimestamp(int(millis) / 1000, tz=timezone.utc)
    except (ValueError, OverflowError, OSError):
        return None
    return moment.isoformat(timespec="seconds")
