"""What every engine is handed: the parsed tree and the page's URLs."""

from __future__ import annotations

from dataclasses import dataclass

from lxml import etree

from .links import UrlResolver


@dataclass(frozen=True)
class PageContext:
    """One parsed page, as the engines see it.

    Example:
        >>> from crawler.parse.document import parse_document
        >>> ctx = PageContext(root=parse_document("<p>x</p>"), page_url="https://b.example/p/comment-page-2/",
        ...                   post_url="https://b.example/p/", urls=UrlResolver("https://b.example/p/comment-page-2/"))
        >>> ctx.urls.absolute("../")
        'https://b.example/p/'

    Attributes:
        root: the document's root element.
        page_url: the normalised URL the page was fetched from.
        post_url: ``page_url`` without its comment-page suffix: the post every item belongs to.
        urls: resolves the page's hrefs (against ``<base href>`` when the page sets one).
    """

    root: etree._Element
    page_url: str
    post_url: str
    urls: UrlResolver
