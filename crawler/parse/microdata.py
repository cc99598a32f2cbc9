"""schema.org ``Comment`` items, as microdata and as JSON-LD.

Microdata (``itemscope itemtype="https://schema.org/Comment"``) is the markup many
themes and forums add for search engines::

    <article itemprop="comment" itemscope itemtype="https://schema.org/Comment" id="comment-5">
      <span itemprop="author" itemscope itemtype="https://schema.org/Person">
        <a itemprop="url" href="AUTHOR"><span itemprop="name">Name</span></a></span>
      <time itemprop="dateCreated" datetime="2024-01-05T10:22:33+00:00">…</time>
      <div itemprop="text"><p>Text</p></div>
    </article>

JSON-LD puts the same vocabulary in ``<script type="application/ld+json">``; replies
are ``comment`` values of their parent ``Comment``.
"""

from __future__ import annotations

import json
import re
from typing import Any, Iterator

from lxml import etree

from backlint.records import Item, Link

from .assemble import clean_value, item_type, make_item
from .context import PageContext
from .document import Owner, Region, block_text, classes_of, collapse, inline_text, is_widget, parse_document
from .links import body_links

ENGINE = "microdata"
JSONLD_ENGINE = "jsonld"

_COMMENT_TYPE = re.compile(r"^https?://schema\.org/(?:Comment|UserComments)$", re.I)
_ID_IN = re.compile(r"(?:comment[-_]?|#c)([0-9A-Za-z]+)$", re.I)
_MAX_JSON_DEPTH = 40

_SCOPES = etree.XPath("//@itemscope/..")
_PROPS = etree.XPath(".//*[@itemprop]")
_JSONLD = etree.XPath("//script[@type='application/ld+json']/text()")

_AUTHOR_PROPS = ("author", "creator")
_DATE_PROPS = ("dateCreated", "datePublished", "commentTime", "dateModified")
_TEXT_PROPS = ("text", "commentText", "description")


def extract(ctx: PageContext) -> list[Item]:
    """Return the items marked up as schema.org ``Comment`` microdata.

    Example:
        >>> from crawler.parse import parse_page
        >>> page = parse_page('<div itemscope itemtype="https://schema.org/Comment"><span itemprop="author">Bo</span>'
        ...                   '<p itemprop="text">Hi</p></div>', "https://b.example/p/")
        >>> [(i.engine, i.author_name, i.text) for i in page.items]
        [('microdata', 'Bo', 'Hi')]

    Args:
        ctx: the parsed page.

    Returns:
        The items in page order, replies carrying their parent's id.
    """
    scopes = _SCOPES(ctx.root)
    region = Region(_everywhere, is_widget)
    comments = [s for s in scopes if any(_COMMENT_TYPE.match(t) for t in s.get("itemtype", "").split())
                and region.accepts(s)]
    if not comments:
        return []
    scope_owner = Owner(frozenset(scopes))
    comment_owner = Owner(frozenset(comments))
    ids = {element: _element_id(element) for element in comments}
    items = []
    for element in comments:
        props = _properties(element, scope_owner)
        name, anchor = _author(props)
        bodies = _first(props, _TEXT_PROPS)
        parent = comment_owner.parent_of(element)
        items.append(make_item(
            ctx,
            engine=ENGINE,
            type_=item_type(classes_of(element)),
            site_item_id=ids[element],
            author_name=name,
            author_anchor=anchor,
            date=_date(_first(props, _DATE_PROPS)),
            bodies=bodies[:1],
            parent_id=ids[parent] if parent is not None else None,
        ))
    return items


def _everywhere(element: etree._Element) -> bool:
    return True


def _properties(scope: etree._Element, owner: Owner) -> dict[str, list[etree._Element]]:
    # A property belongs to the nearest itemscope above it; the element that opens a
    # nested scope (itemprop="author" itemscope) belongs to the outer one.
    props: dict[str, list[etree._Element]] = {}
    for element in _PROPS(scope):
        holder = owner.parent_of(element) if element.get("itemscope") is not None else owner.of(element)
        if holder is scope:
            for name in element.get("itemprop", "").split():
                props.setdefault(name, []).append(element)
    return props


def _first(props: dict[str, list[etree._Element]], names: tuple[str, ...]) -> list[etree._Element]:
    for name in names:
        if name in props:
            return props[name]
    return []


def _author(props: dict[str, list[etree._Element]]) -> tuple[str, etree._Element | None]:
    authors = _first(props, _AUTHOR_PROPS)
    if not authors:
        return "", None
    author = authors[0]
    if author.get("itemscope") is not None:
        names = author.xpath(".//*[@itemprop='name']")
        urls = author.xpath(".//*[@itemprop='url'][@href]") or author.xpath(".//a[@href]")
        name = _value(names[0]) if names else inline_text(author)
        return name, urls[0] if urls else None
    anchor = author if author.tag == "a" and author.get("href") else next(
        (a for a in author.iter("a") if a.get("href")), None)
    return inline_text(author), anchor


def _value(element: etree._Element) -> str:
    # microdata: a value comes from @content / @datetime when present, else the text.
    for attribute in ("content", "datetime"):
        value = element.get(attribute)
        if value:
            return collapse(value)
    return inline_text(element)


def _date(elements: list[etree._Element]) -> str | None:
    return clean_value(_value(elements[0])) if elements else None


def _element_id(element: etree._Element) -> str | None:
    for value in (element.get("id"), element.get("itemid"), element.get("data-comment-id")):
        if value:
            match = _ID_IN.search(value.strip())
            if match:
                return match.group(1)
            if value.strip().isdigit():
                return value.strip()
    return None


def extract_jsonld(ctx: PageContext) -> list[Item]:
    """Return the schema.org ``Comment`` objects of the page's JSON-LD blocks.

    Example:
        >>> from crawler.parse import parse_page
        >>> page = parse_page('<script type="application/ld+json">{"@type": "Comment", "text": "Hi",'
        ...                   ' "author": {"name": "Cy", "url": "https://c.example/"}}</script>', "https://b.example/p/")
        >>> [(i.engine, i.author_name, i.author_url, i.text) for i in page.items]
        [('jsonld', 'Cy', 'https://c.example/', 'Hi')]

    Args:
        ctx: the parsed page.

    Returns:
        The comments in the order the blocks list them, replies with their parent's id.
    """
    items: list[Item] = []
    for block in _JSONLD(ctx.root):
        try:
            data = json.loads(str(block))
        except (ValueError, RecursionError):
            continue
        for comment, parent in _comments_in(data, None, 0):
            items.append(_jsonld_item(ctx, comment, parent))
    return items


def _comments_in(node: Any, parent: dict | None, depth: int) -> Iterator[tuple[dict, dict | None]]:
    if depth > _MAX_JSON_DEPTH:
        return
    if isinstance(node, list):
        for value in node:
            yield from _comments_in(value, parent, depth + 1)
        return
    if not isinstance(node, dict):
        return
    types = node.get("@type")
    types = types if isinstance(types, list) else [types]
    is_comment = any(t in ("Comment", "UserComments") for t in types if isinstance(t, str))
    if is_comment:
        yield node, parent
    for key, value in node.items():
        if isinstance(value, (dict, list)):
            yield from _comments_in(value, node if is_comment else parent, depth + 1)


def _jsonld_item(ctx: PageContext, comment: dict, parent: dict | None) -> Item:
    name, url = _jsonld_author(comment.get("author") or comment.get("creator"))
    text_value = comment.get("text") or comment.get("commentText") or comment.get("description")
    text_value = text_value if isinstance(text_value, str) else ""
    links: list[Link] = []
    author_url = ctx.urls.absolute(url) if url else None
    if author_url:
        links.append(Link(url=author_url, anchor=name, is_author_link=True))
    if "<" in text_value:
        # Some plugins put the rendered HTML in "text": read it as HTML, never keep it.
        fragment = parse_document(text_value)
        text = block_text(fragment) if fragment is not None else collapse(text_value)
        links.extend(body_links([fragment], ctx.urls) if fragment is not None else [])
    else:
        text = "\n".join(line for line in (collapse(part) for part in text_value.split("\n")) if line)
    return Item(
        type="comment",
        post_url=ctx.post_url,
        site_item_id=_jsonld_id(comment),
        author_name=name,
        author_url=author_url,
        date=_string(comment.get("dateCreated") or comment.get("datePublished")) or None,
        text=text,
        parent_id=_jsonld_id(parent) if parent is not None else None,
        source="html",
        engine=JSONLD_ENGINE,
        links=links,
    )


def _jsonld_author(author: Any) -> tuple[str, str | None]:
    if isinstance(author, list):
        author = author[0] if author else None
    if isinstance(author, dict):
        return _string(author.get("name")), _string(author.get("url")) or None
    return _string(author), None


def _jsonld_id(comment: dict) -> str | None:
    for key in ("@id", "url", "identifier"):
        value = comment.get(key)
        if isinstance(value, (str, int)) and not isinstance(value, bool):
            value = str(value).strip()
            match = _ID_IN.search(value)
            if match:
                return match.group(1)
            if value.isdigit():
                return value
    return None


def _string(value: Any) -> str:
    return collapse(value) if isinstance(value, str) else ""
