"""A comment's markup as plain text and its links: the one reader of comment HTML.

Comments reach backlint as markup in one of two states, and both are read here so that
every source of the same comment gives the same text and the same links:

- **as stored** (``rendered=False``, the default): a WordPress export's
  ``wp:comment_content``, a labelled file's content column. When WordPress shows such a
  comment, ``make_clickable()`` (``wp-includes/formatting.php``, on the ``comment_text``
  filter) turns the URLs written as text into links; so does this reader, with their
  ``rel`` unknown (``None``): WordPress's own ``rel="nofollow"`` there depends on the
  site's filters.
- **as shown** (``rendered=True``): the REST API's ``content.rendered``, which is the
  ``comment_text`` filter's output, ``make_clickable()`` already applied. Its ``<a>``
  are all the links there are, as on a crawled page.

Example:
    >>> text, links = markup_to_text('Visit <a href="http://a.example/" rel="nofollow">my shop</a><br />or www.b.example!')
    >>> text.splitlines()
    ['Visit my shop', 'or www.b.example!']
    >>> links
    [('http://a.example/', 'my shop', ('nofollow',)), ('http://www.b.example/', 'www.b.example', None)]
"""

from __future__ import annotations

import re

from lxml import etree
from lxml import html as lxml_html

from backlint.records import Link
from backlint.urls import normalize_loose_url, normalize_url

#: Elements whose start and end break a line of the text (HTML renders them as blocks).
BLOCK_TAGS = frozenset({
    "address", "article", "aside", "blockquote", "br", "dd", "div", "dl", "dt", "figcaption",
    "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "ol", "p",
    "pre", "section", "table", "tr", "ul",
})
#: Elements whose content is never shown.
INVISIBLE_TAGS = frozenset({"script", "style", "noscript", "template", "head", "title"})
# make_clickable() leaves the text inside these as it is (and inside script and style).
_UNCLICKABLE_TAGS = frozenset({"code", "pre"})

# make_clickable()'s URL pattern, read on the text a reader sees: a scheme of up to 20
# word characters after whitespace or punctuation, then URL characters; punctuation
# belongs to the URL only when a URL character follows it (the sentence's full stop
# does not), and one closing parenthesis is looked at separately (see _clickable_urls).
# Its bytes \x80-\xff are every character outside ASCII here, whitespace aside.
_URL_CHARACTER = r"""[^\s\x00-\x1f\x7f!"'),.:;<>?\\^`{|}]"""
_CLICKABLE_URL = re.compile(
    r"(?<=[\s(<.,;:!?])([A-Za-z0-9_]{1,20}+://(?=\S{1,2000}\s)"
    rf"{_URL_CHARACTER}*+(?:['.,;:!?)]{_URL_CHARACTER}++)*)(\)?)")
# Its www./ftp. pattern: after whitespace, with these characters; one trailing
# . , ; : or ) is left out of the link.
_CLICKABLE_HOST = re.compile(r"""(?<=\s)((?:www|ftp)\.[^\s\x00-\x1f\x7f!"'()*<>\\^`{|}]+)""", re.IGNORECASE)
_HOST_TRAILING = ".,;:)"

# Code points lxml refuses in a tree (C0 controls but tab, newline and return, the two
# non-characters), and lone surrogates, which no encoder writes: what bad input leaves.
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_SURROGATE = re.compile("[\ud800-\udfff]")
_SPACES = re.compile(r"[^\S\n]+")
# libxml2 stops nesting near 256 levels; the walk stops well before Python's recursion limit.
_MAX_DEPTH = 200

_Found = tuple[str, str, "tuple[str, ...] | None"]


class _Reader:
    """Gather the text runs and links of one comment, in document order."""

    def __init__(self, base: str | None, clickable: bool) -> None:
        self.base = base
        self.clickable = clickable
        self.parts: list[str] = []
        # (href, anchor, rel); an <a> keeps its place from its start tag, None until read.
        self.links: list[_Found | None] = []
        self.unclickable = 0
        self.whole_anchor: str | None = None

    def text(self, data: str | None) -> None:
        if not data:
            return
        self.parts.append(data)
        if self.clickable and not self.unclickable:
            self.links.extend(link for link in _clickable_urls(data) if link[0] != self.whole_anchor)

    def element(self, element: etree._Element, depth: int) -> None:
        tag = element.tag
        if not isinstance(tag, str) or tag in INVISIBLE_TAGS:
            return  # an HTML comment, a script: its tail is read by the caller
        if depth > _MAX_DEPTH:
            self.text(" ".join(element.itertext()))
            return
        block = tag in BLOCK_TAGS
        if block:
            self.parts.append("\n")
        if tag == "a":
            self.anchor(element, depth)
        else:
            unclickable = tag in _UNCLICKABLE_TAGS
            self.unclickable += unclickable
            self.children(element, depth)
            self.unclickable -= unclickable
        if block:
            self.parts.append("\n")

    def children(self, element: etree._Element, depth: int) -> None:
        self.text(element.text)
        for child in element:
            self.element(child, depth + 1)
            self.text(child.tail)

    def anchor(self, element: etree._Element, depth: int) -> None:
        slot = len(self.links)
        self.links.append(None)
        # The anchor as a crawled page gives it: all its text on one line.
        anchor = " ".join(element.text_content().split())
        outer = self.whole_anchor
        # make_clickable() links a URL inside an <a> too, but takes the link back when
        # the URL is all the anchor holds: <a href="u">u</a> is one link.
        self.whole_anchor = anchor
        self.children(element, depth)
        self.whole_anchor = outer
        href = self.href(element.get("href"))
        if href is not None:
            self.links[slot] = (href, anchor, tuple((element.get("rel") or "").lower().split()))

    def href(self, value: str | None) -> str | None:
        if not value:
            return None
        if self.base:
            # Relative hrefs resolve against the page the comment is shown on.
            return normalize_url(value, base=self.base)
        return value


def _clickable_urls(data: str) -> list[_Found]:
    """The URLs ``make_clickable()`` would link in one run of text, in order."""
    if "://" not in data and "." not in data:
        return []
    padded = f" {data} "  # as make_clickable() pads each piece
    found: list[tuple[int, _Found]] = []
    for match in _CLICKABLE_URL.finditer(padded):
        url, closing = match.group(1), match.group(2)
        if closing and "(" in url:
            url += closing
        # Parentheses belong to the URL only in pairs.
        while url.count("(") < url.count(")"):
            url = url[:url.rindex(")")]
        found.append((match.start(), (url, url, None)))
    # A URL's own "www." follows its "//", never a space: the two patterns never overlap.
    for match in _CLICKABLE_HOST.finditer(padded):
        host = match.group(1)
        if host[-1] in _HOST_TRAILING:
            host = host[:-1]
        found.append((match.start(), (host, host, None)))
    found.sort(key=lambda pair: pair[0])
    return [link for _, link in found]


def _plain(text: str) -> str:
    lines = (_SPACES.sub(" ", line).strip() for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


def _read(content: str, base: str | None, clickable: bool) -> tuple[str, list[_Found]]:
    reader = _Reader(base, clickable)
    if "<" not in content and "&" not in content:
        # Most comments are plain text: nothing to parse.
        reader.text(content)
    else:
        try:
            root = lxml_html.fragment_fromstring(content, create_parent="div")
        except (etree.LxmlError, ValueError):  # nothing lxml can build a tree from
            reader.text(content)
        else:
            reader.children(root, 0)
    return _plain("".join(reader.parts)), [link for link in reader.links if link is not None]


def markup_to_text(content: str, *, base: str | None = None,
                   rendered: bool = False) -> tuple[str, list[tuple[str, str, tuple[str, ...] | None]]]:
    """Turn a comment's markup into plain text and its links.

    Entities are unescaped, tags dropped, and the text keeps one line per line of the
    markup and per block (``<p>``, ``<br />``, ``<li>``, ...), whitespace collapsed
    inside lines; scripts and styles are left out. Each ``<a href>`` is kept with its
    anchor and lower-cased ``rel``. Unless ``rendered``, the URLs written as text
    (``http://…``, ``www.…``) become links too, with ``rel`` unknown (``None``), as
    ``make_clickable()`` links them when WordPress shows the comment: after a space
    or punctuation (``[url=http://…]`` stays text), never inside ``<code>`` or
    ``<pre>``, a sentence's closing punctuation left out.

    Example:
        >>> markup_to_text('<p>See <a href="/x" rel="UGC">this</a> or http://b.example/a.</p>',
        ...                base="https://blog.example/post/")
        ('See this or http://b.example/a.', [('https://blog.example/x', 'this', ('ugc',)), ('http://b.example/a', 'http://b.example/a', None)])
        >>> markup_to_text('See <a href="/x">this</a> or http://b.example/a.', base="https://blog.example/",
        ...                rendered=True)[1]
        [('https://blog.example/x', 'this', ())]

    Args:
        content: the comment's content as handed over.
        base: the URL of the page the comment is shown on: relative hrefs resolve
            against it. Without one an href is taken as written (``www.…`` as
            ``http://www.…``, a relative path as no link).
        rendered: the markup is what WordPress shows (REST's ``content.rendered``):
            its URLs written as text were not made links, and are not here.

    Returns:
        The plain text and the links ``(url, anchor, rel)`` in the order they appear,
        URLs normalised (links that are no web address are left out). Markup that
        cannot be read yields what could be read; it never raises.
    """
    # A byte-order mark inside text (spreadsheets and scrapers leave them) shows as nothing.
    content = _XML_ILLEGAL.sub("", _SURROGATE.sub("\ufffd", (content or "").replace("\ufeff", "")))
    text, links = _read(content, base or None, not rendered)
    found = []
    for href, anchor, rel in links:
        normal = normalize_loose_url(href)
        if normal is not None:
            found.append((normal, anchor, rel))
    return text, found


def text_and_links(content: str, *, base: str | None = None, rendered: bool = False) -> tuple[str, list[Link]]:
    """Like :func:`markup_to_text`, the links as :class:`~backlint.records.Link` records.

    Example:
        >>> text_and_links("Nice!\\n\\nSee https://a.example/x")
        ('Nice!\\nSee https://a.example/x', [Link(url='https://a.example/x', anchor='https://a.example/x', rel=None, is_author_link=False)])
    """
    text, found = markup_to_text(content, base=base, rendered=rendered)
    return text, [Link(url=url, anchor=anchor, rel=rel) for url, anchor, rel in found]


__all__ = ["BLOCK_TAGS", "INVISIBLE_TAGS", "markup_to_text", "text_and_links"]
