"""Turn the pieces an engine found (author, date, body elements) into an :class:`Item`."""

from __future__ import annotations

from lxml import etree

from backlint.records import Item

from .context import PageContext
from .document import block_text, classes_of
from .links import CONTROL_CLASSES, author_link, body_links


def item_type(classes: frozenset[str]) -> str:
    """Return ``pingback``, ``trackback`` or ``comment`` from an item's class tokens.

    The class is what the engine itself wrote; label text ("Pingback:") is theme
    wording and WordPress prints "Pingback:" for trackbacks too (DOMAIN.md §2).

    Example:
        >>> item_type(frozenset({"trackback", "even", "depth-1"}))
        'trackback'
    """
    if "pingback" in classes:
        return "pingback"
    if "trackback" in classes:
        return "trackback"
    return "comment"


def clean_value(value: str | None) -> str | None:
    """Return an attribute value stripped, or ``None`` when it is missing or blank.

    Example:
        >>> clean_value(" 2024-03-05T10:22:33+00:00 "), clean_value("  ")
        ('2024-03-05T10:22:33+00:00', None)
    """
    if value is None:
        return None
    return str(value).strip() or None


def is_control_element(element: etree._Element) -> bool:
    """Tell whether an element is a Reply/Edit control whose text is not the comment's."""
    return bool(classes_of(element) & CONTROL_CLASSES)


def make_item(ctx: PageContext, *, engine: str, type_: str, site_item_id: str | None,
              author_name: str, author_anchor: etree._Element | None, date: str | None,
              bodies: list[etree._Element], parent_id: str | None) -> Item:
    """Build one :class:`Item` with its text and links.

    Example:
        >>> from crawler.parse.document import parse_document
        >>> from crawler.parse.links import UrlResolver
        >>> root = parse_document('<li><a href="https://a.example/">Al</a><p>Hi</p></li>')
        >>> ctx = PageContext(root, "https://b.example/p/", "https://b.example/p/", UrlResolver("https://b.example/p/"))
        >>> item = make_item(ctx, engine="generic", type_="comment", site_item_id="1", author_name="Al",
        ...                  author_anchor=root.find(".//a"), date=None, bodies=[root.find(".//p")], parent_id=None)
        >>> item.author_url, item.text, len(item.links)
        ('https://a.example/', 'Hi', 1)

    Args:
        ctx: the page.
        engine: the engine that recognised the item.
        type_: ``comment``, ``trackback`` or ``pingback``.
        site_item_id: the site's id for the item, when shown.
        author_name: the displayed name.
        author_anchor: the ``<a>`` around the name, when there is one.
        date: an ISO date, when the page states one.
        bodies: the elements holding the text, in order.
        parent_id: the id of the item this one replies to.

    Returns:
        The item, author link first in ``links``.
    """
    text = block_text(bodies, skip=is_control_element) if bodies else ""
    first = author_link(author_anchor, ctx.urls)
    links = [first] if first is not None else []
    links.extend(body_links(bodies, ctx.urls))
    return Item(
        type=type_,
        post_url=ctx.post_url,
        site_item_id=site_item_id,
        author_name=author_name,
        author_url=first.url if first is not None else None,
        date=date,
        text=text,
        parent_id=parent_id,
        source="html",
        engine=engine,
        links=links,
    )
