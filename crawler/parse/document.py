"""Bytes or text in, one lxml tree out; and plain text read back out of that tree.

Every engine works on the tree this module builds, so a page is parsed exactly once.
libxml2's HTML parser (the one :mod:`lxml.html` wraps) is used directly through
:class:`lxml.etree.HTMLParser`: it is the fastest tolerant HTML parser Python has, and
plain ``_Element`` proxies make XPath results about twice as cheap as ``HtmlElement``
ones. BeautifulSoup is only the fallback for the rare input libxml2 rejects.
"""

from __future__ import annotations

import logging
import re
import threading
import warnings
from dataclasses import dataclass
from typing import Callable, Iterator

from lxml import etree

from backlint.decode import decode
from backlint.text import BLOCK_TAGS, INVISIBLE_TAGS

log = logging.getLogger(__name__)


_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*>")

# lxml parsers keep per-parse state and must not be shared between threads.
_local = threading.local()


def class_test(name: str) -> str:
    """Return an XPath 1.0 predicate body that is true when ``@class`` has the token ``name``.

    Example:
        >>> class_test("fn")
        "contains(concat(' ', normalize-space(@class), ' '), ' fn ')"
    """
    return f"contains(concat(' ', normalize-space(@class), ' '), ' {name} ')"


def any_class(*names: str) -> str:
    """Return an XPath predicate body true when ``@class`` has any of ``names``."""
    return " or ".join(class_test(name) for name in names)


def classes_of(element: etree._Element) -> frozenset[str]:
    """Return the set of class tokens of ``element``."""
    value = element.get("class")
    return frozenset(value.split()) if value else frozenset()


def parse_document(html: str | bytes) -> etree._Element | None:
    """Parse a page into an lxml element tree, or ``None`` when it holds no markup.

    Example:
        >>> parse_document("<p>Hello</p>").findtext(".//p")
        'Hello'

    Args:
        html: the page; bytes are decoded with :func:`backlint.decode.decode`.

    Returns:
        The root ``<html>`` element, or ``None`` for empty, whitespace-only or
        comment-only input.
    """
    text = decode(html).text if isinstance(html, (bytes, bytearray, memoryview)) else str(html)
    # The text is re-encoded as UTF-8 and the parser told so: that sidesteps lxml's
    # refusal of str input with an XML declaration, makes NUL bytes harmless, and
    # keeps a <meta charset> from making libxml2 decode the page a second time.
    data = text.encode("utf-8", errors="replace")
    try:
        root = etree.fromstring(data, _parser())
    except (etree.LxmlError, ValueError) as exc:
        log.debug("libxml2 rejected the page (%s); trying BeautifulSoup", exc)
        root = None
    if root is None and "<" in text:
        root = _soup_document(text)
    return root


def _parser() -> etree.HTMLParser:
    parser = getattr(_local, "parser", None)
    if parser is None:
        parser = _local.parser = etree.HTMLParser(
            encoding="utf-8", remove_comments=False, no_network=True, recover=True,
        )
    return parser


def _soup_document(text: str) -> etree._Element | None:
    # Imported here: BeautifulSoup is the rare fallback, its import cost stays off the
    # hot path.
    from lxml.html import soupparser

    text = _XML_DECLARATION.sub("", text, count=1)
    try:
        with warnings.catch_warnings():
            # bs4 warns about input that "looks like a URL/filename"; for a crawled page
            # that is noise, not a problem.
            warnings.simplefilter("ignore")
            return soupparser.fromstring(text, features="html.parser")
    except Exception as exc:  # noqa: BLE001 - last resort; an unreadable page yields nothing
        log.debug("BeautifulSoup could not read the page either: %s", exc)
        return None


def collapse(text: str) -> str:
    """Collapse runs of whitespace (Unicode-aware, ``&nbsp;`` included) to one space.

    Example:
        >>> collapse("  a\\n\\t b\\xa0 c ")
        'a b c'
    """
    return " ".join(text.split())


def inline_text(element: etree._Element) -> str:
    """Return an element's text on one line (for names, anchors and titles).

    Example:
        >>> inline_text(parse_document("<a href='/'> Jane <b>Doe</b> </a>").find(".//a"))
        'Jane Doe'
    """
    # The serialiser's text mode is the cheapest way to an element's text in lxml
    # (about 4x an XPath string() call); anchors and names hold no scripts.
    return collapse(etree.tostring(element, method="text", encoding=str, with_tail=False))


def block_text(elements: list[etree._Element] | etree._Element,
               skip: Callable[[etree._Element], bool] | None = None) -> str:
    """Return the visible text of ``elements`` as plain text, one line per block.

    Whitespace inside a line is collapsed, empty lines dropped, and block elements
    (``<p>``, ``<br>``, ``<li>``, ...) start new lines. Scripts, styles and HTML
    comments are left out, as is any element ``skip`` returns ``True`` for.

    Example:
        >>> root = parse_document("<div><p>Nice  post.</p><p>See <b>this</b>.</p></div>")
        >>> block_text(root.find(".//div"))
        'Nice post.\\nSee this.'

    Args:
        elements: one element or several, read in order.
        skip: a test for elements to leave out with their content (reply links, ...).

    Returns:
        Plain text; never HTML.
    """
    if not isinstance(elements, list):
        elements = [elements]
    parts: list[str] = []
    for element in elements:
        if isinstance(element.tag, str):
            _collect_text(element, parts.append, skip, 0)
        parts.append(_BREAK)
    # Source newlines are whitespace like any other; only block edges break lines.
    # (str.split() is Unicode-aware and about four times faster than a \s+ regex.)
    return "\n".join(filter(None, [" ".join(segment.split()) for segment in "".join(parts).split(_BREAK)]))


# Marks a block edge while text is gathered. NUL cannot occur in an lxml tree's text
# (libxml2 refuses it), so it never collides with page text.
_BREAK = "\x00"

# libxml2 caps nesting at 256 levels; BeautifulSoup trees (the fallback) do not, and
# Python's recursion limit must not become the parser's failure mode.
_MAX_TEXT_DEPTH = 200


def _collect_text(node: etree._Element, append: Callable[[str], None],
                  skip: Callable[[etree._Element], bool] | None, depth: int) -> None:
    # Recursion, not an explicit stack: this is the hottest loop of the parser and
    # plain recursion is the fastest traversal CPython offers. (etree.iterwalk is no
    # help: it does not visit HTML comments, so it loses the text that follows one.)
    block = node.tag in BLOCK_TAGS
    if block:
        append(_BREAK)
    if node.text:
        append(node.text)
    for child in node:
        tag = child.tag
        if isinstance(tag, str) and tag not in INVISIBLE_TAGS and not (skip is not None and skip(child)):
            if depth < _MAX_TEXT_DEPTH:
                _collect_text(child, append, skip, depth + 1)
            else:
                append(" ".join(child.itertext()))
        if child.tail:
            append(child.tail)
    if block:
        append(_BREAK)


@dataclass(frozen=True)
class Owner:
    """Tells which item of a page an element belongs to, for nested comment threads.

    Comment replies sit inside their parent's element, so "the first ``.fn`` below
    this comment" may be a reply's. ``Owner`` walks up from an element to the nearest
    item root.

    Example:
        >>> root = parse_document('<ol><li id="a"><b>A</b><ol><li id="b"><b>B</b></li></ol></li></ol>')
        >>> a, b = root.findall(".//li")
        >>> owner = Owner(frozenset([a, b]))
        >>> inline_text(owner.first(b, a.findall(".//b")))
        'B'
        >>> owner.parent_of(b) is a
        True
    """

    roots: frozenset

    def of(self, element: etree._Element) -> etree._Element | None:
        """Return the nearest item root at or above ``element``."""
        if element in self.roots:
            return element
        for ancestor in element.iterancestors():
            if ancestor in self.roots:
                return ancestor
        return None

    def first(self, root: etree._Element, elements: list) -> etree._Element | None:
        """Return the first of ``elements`` that belongs to ``root``, or ``None``."""
        for element in elements:
            if self.of(element) is root:
                return element
        return None

    def parent_of(self, root: etree._Element) -> etree._Element | None:
        """Return the item root ``root`` is nested in (the comment it replies to)."""
        for ancestor in root.iterancestors():
            if ancestor in self.roots:
                return ancestor
        return None


#: Class tokens of sidebar and footer widgets, where "recent comments" lists repeat
#: comment text that belongs to other posts.
WIDGET_CLASSES = frozenset({"widget", "widget-area", "sidebar", "widget_recent_comments",
                            "wp-block-latest-comments", "sidebar-container"})
#: Class tokens of sidebars only, for platforms that wrap *everything* in a ``widget``
#: (Blogger's ``div.widget.Blog`` holds the post and its comments).
SIDEBAR_CLASSES = frozenset({"sidebar", "widget-area", "sidebar-container"})
SIDEBAR_IDS = frozenset({"sidebar", "secondary"})


def is_widget(element: etree._Element) -> bool:
    """Tell whether ``element`` is a sidebar or footer widget (or a sidebar)."""
    return element.get("id") in SIDEBAR_IDS or bool(classes_of(element) & WIDGET_CLASSES)


def is_sidebar(element: etree._Element) -> bool:
    """Tell whether ``element`` is a sidebar (widgets inside content areas do not count)."""
    return element.get("id") in SIDEBAR_IDS or bool(classes_of(element) & SIDEBAR_CLASSES)


class Region:
    """Answers "is this element inside a comments section, and outside any widget?".

    Verdicts are memoised per ancestor, so checking every candidate of a page costs
    one visit per distinct ancestor instead of one walk to the root per candidate.

    Example:
        >>> root = parse_document('<div id="comments"><p id="a"></p></div><aside class="widget">'
        ...                       '<div id="comments"><p id="b"></p></div></aside>')
        >>> region = Region(lambda el: el.get("id") == "comments", is_widget)
        >>> [region.accepts(p) for p in root.iter("p")]
        [True, False]

    Args:
        is_section: true for an element that opens the wanted section.
        is_excluded: true for an element whose whole subtree is unwanted.
    """

    def __init__(self, is_section: Callable[[etree._Element], bool],
                 is_excluded: Callable[[etree._Element], bool]) -> None:
        self._is_section = is_section
        self._is_excluded = is_excluded
        self._memo: dict[etree._Element, tuple[bool, bool]] = {}

    def accepts(self, element: etree._Element) -> bool:
        """Return ``True`` when ``element`` is inside a section and inside no excluded element."""
        inside, excluded = self._state(element)
        return inside and not excluded

    def _state(self, element: etree._Element) -> tuple[bool, bool]:
        # Climb to the nearest memoised ancestor, then fill the memo on the way down.
        path = []
        node: etree._Element | None = element
        state = (False, False)
        while node is not None:
            known = self._memo.get(node)
            if known is not None:
                state = known
                break
            path.append(node)
            node = node.getparent()
        for node in reversed(path):
            inside, excluded = state
            state = (inside or self._is_section(node), excluded or self._is_excluded(node))
            self._memo[node] = state
        return state


def iter_own(root: etree._Element, nested: frozenset | set) -> Iterator[etree._Element]:
    """Yield the elements of one item, in document order, up to its first nested item.

    Every engine handled here prints an item's own content (author, date, text)
    before the list of its replies, so the first nested item marks where the
    item's own elements end.

    Example:
        >>> root = parse_document('<li id="a"><b>A</b><ol><li id="b"><b>B</b></li></ol></li>')
        >>> a, b = root.iter("li")
        >>> [el.tag for el in iter_own(a, {a, b})]
        ['li', 'b', 'ol']
    """
    for element in root.iter(etree.Element):
        if element in nested and element is not root:
            return
        yield element
