"""Fallback for comment lists no specific engine claimed.

Most comment systems (Drupal, Ghost themes, static-site generators, hand-written
blogs) mark each comment with a ``comment`` class or a ``comment-N`` id inside a
``#comments`` / ``.comments`` section, the author in an element whose class says
``author`` or ``name``, the text in one that says ``content``, ``body`` or ``text``.
This engine reads that shape and nothing less: it needs the surrounding comments
section, so stray ``.comment`` elements elsewhere on a page are not taken for comments.
"""

from __future__ import annotations

import re

from lxml import etree

from backlint.records import Item

from .assemble import clean_value, item_type, make_item
from .context import PageContext
from .document import Owner, Region, any_class, block_text, classes_of, collapse, is_widget

ENGINE = "generic"

_ID = re.compile(r"^(?:comment|comments|cmt|c)[-_]?(\d+|[0-9a-f]{8,}|[0-9A-Za-z]{12,})$")
_SECTION_IDS = frozenset({"comments", "comment-list", "commentlist", "comments-list", "comment-section"})
_SECTION_CLASSES = frozenset({"comments", "comment-list", "commentlist", "comments-list", "comments-area",
                              "comment-section", "comments-section", "comment-thread", "comments-container"})
_ITEM_CLASSES = frozenset({"comment", "trackback", "pingback", "comment-item", "js-comment"})
_ITEMS = etree.XPath(
    "(//@class[contains(., 'comment') or contains(., 'pingback') or contains(., 'trackback')]"
    " | //@id[starts-with(., 'comment')] | //@data-comment-id)"
    "/parent::*[self::li or self::div or self::article or self::section]"
)
# Most specific first: a theme's "content" class may wrap the title and the body.
_AUTHOR = tuple(etree.XPath(f".//*[{test}]") for test in (
    any_class("comment-author", "comment-author-name", "comment__author", "comment-user", "commenter",
              "fn", "username", "user-name") + " or @itemprop='author'",
    any_class("author", "author-name", "by-author"),
))
_BODY = tuple(etree.XPath(f".//*[{test}]") for test in (
    any_class("field--name-comment-body", "comment-content", "comment-body", "comment-text", "comment_content",
              "comment-message", "comment__body", "comment__text") + " or @itemprop='text'",
    any_class("comment__content", "content", "body", "text"),
))
_DATE = etree.XPath(".//time/@datetime | .//abbr[@title][" + any_class("published", "dtstart") + "]/@title"
                    " | .//*[@itemprop='datePublished' or @itemprop='dateCreated']/@content")
_PRECEDING_ANCHOR_ID = etree.XPath("preceding-sibling::*[1][self::a][@id]/@id")


def extract(ctx: PageContext) -> list[Item]:
    """Return comments from a page that marks them with ``comment`` classes or ids.

    Example:
        >>> from crawler.parse import parse_page
        >>> page = parse_page('<section id="comments"><article class="comment" id="comment-3">'
        ...                   '<span class="author">Di</span><div class="content">Hello</div></article></section>',
        ...                   "https://b.example/p/")
        >>> [(i.engine, i.site_item_id, i.author_name, i.text) for i in page.items]
        [('generic', '3', 'Di', 'Hello')]

    Args:
        ctx: the parsed page.

    Returns:
        The items in page order, replies carrying their parent's id.
    """
    region = Region(_is_section, is_widget)
    candidates = [el for el in _ITEMS(ctx.root) if _looks_like_item(el) and region.accepts(el)]
    owner = Owner(frozenset(candidates))
    ids = {el: _item_id(el) for el in candidates}
    items = []
    for element in candidates:
        author = _first_owned(owner, element, _AUTHOR)
        body = _first_owned(owner, element, _BODY)
        if author is None and body is None:
            continue
        anchor = _author_anchor(author)
        parent = owner.parent_of(element)
        if parent is None:
            parent = _indented_parent(element, owner)
        dates = [d for d in _DATE(element) if owner.of(d.getparent()) is element]
        date = clean_value(dates[0]) if dates else None
        items.append(make_item(
            ctx,
            engine=ENGINE,
            type_=item_type(classes_of(element)),
            site_item_id=ids[element],
            author_name=collapse(block_text(author)) if author is not None else "",
            author_anchor=anchor,
            date=date,
            bodies=[body] if body is not None else [],
            parent_id=ids.get(parent) if parent is not None else None,
        ))
    return items


def _first_owned(owner: Owner, element: etree._Element,
                 searches: tuple[etree.XPath, ...]) -> etree._Element | None:
    for search in searches:
        found = owner.first(element, search(element))
        if found is not None:
            return found
    return None


def _indented_parent(element: etree._Element, owner: Owner) -> etree._Element | None:
    # Drupal threads replies as <div class="indented"> right after their parent,
    # not inside it.
    wrapper = element.getparent()
    if wrapper is None or "indented" not in classes_of(wrapper):
        return None
    for sibling in wrapper.itersiblings(preceding=True):
        if sibling in owner.roots:
            return sibling
    return None


def _is_section(element: etree._Element) -> bool:
    return element.get("id") in _SECTION_IDS or bool(classes_of(element) & _SECTION_CLASSES)


def _looks_like_item(element: etree._Element) -> bool:
    # "comment-form", "comment-respond" and friends carry an id starting with
    # "comment-" too; an item's id ends in its number.
    ident = element.get("id")
    if ident and (ident.startswith("comment-") or ident.startswith("comment_")):
        return bool(_ID.match(ident))
    return bool(classes_of(element) & _ITEM_CLASSES) or element.get("data-comment-id") is not None


def _item_id(element: etree._Element) -> str | None:
    candidates = [element.get("id"), element.get("data-comment-id"), element.get("data-id")]
    candidates.extend(str(value) for value in _PRECEDING_ANCHOR_ID(element))  # Drupal: <a id="comment-12"></a>
    for value in candidates:
        if not value:
            continue
        match = _ID.match(value.strip())
        if match:
            return match.group(1)
        if value.strip().isdigit():
            return value.strip()
    return None


def _author_anchor(author: etree._Element | None) -> etree._Element | None:
    if author is None:
        return None
    if author.tag == "a" and author.get("href"):
        return author
    for anchor in author.iter("a"):
        if anchor.get("href"):
            return anchor
    return None
