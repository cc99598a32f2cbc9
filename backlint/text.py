"""A comment's markup as plain text and its links, for comments handed over as HTML.

Labelled comment files and exports carry a comment's content as its markup (``<a href>``,
``<br />``, entities) or as text with bare URLs. Both become the plain text a reader sees
and the links in it, the way WordPress shows them: a URL written as text is a link too.

Example:
    >>> text, links = markup_to_text('Visit <a href="http://a.example/" rel="nofollow">my shop</a><br />or www.b.example!')
    >>> text.splitlines()
    ['Visit my shop', 'or www.b.example!']
    >>> links
    [('http://a.example/', 'my shop', ('nofollow',)), ('http://www.b.example/', 'www.b.example', None)]
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from backlint.urls import normalize_url

_BARE_URL = re.compile(r"(?:https?://|www\.)[^\s<>\"']+", re.IGNORECASE)
_TRAILING = ".,;:!?)]}'\"\u00bb\u2026"
_SPACES = re.compile(r"[^\S\n]+")
_BREAK_TAGS = frozenset({"br", "p", "div", "li"})


class _CommentHTML(HTMLParser):
    """Collect the plain text and the ``<a href>`` links of a comment's markup."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.links: list[tuple[str, str, tuple[str, ...]]] = []
        self._open: tuple[str, tuple[str, ...], int] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BREAK_TAGS:
            self.parts.append("\n")
        if tag == "a":
            values = dict(attrs)
            rel = tuple((values.get("rel") or "").lower().split())
            self._open = (values.get("href") or "", rel, len(self.parts))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag == "a":
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self._open is not None:
            href, rel, start = self._open
            self.links.append((href, " ".join("".join(self.parts[start:]).split()), rel))
            self._open = None

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def _plain(text: str) -> str:
    lines = (_SPACES.sub(" ", line).strip() for line in text.replace("\ufeff", "").split("\n"))
    return "\n".join(line for line in lines if line)


def markup_to_text(content: str) -> tuple[str, list[tuple[str, str, tuple[str, ...] | None]]]:
    """Turn a comment's markup into plain text and its links.

    Entities are unescaped, tags dropped (``<br />`` becomes a line break), and each
    ``<a href>`` kept with its anchor and ``rel``. URLs written as bare text (``http://…``
    or ``www.…``) become links too, with ``rel`` unknown (``None``): the page that showed
    them made them clickable, as WordPress does with URLs in a comment's text.

    Args:
        content: the comment's content as handed over.

    Returns:
        The plain text and the links ``(url, anchor, rel)`` in the order they appear,
        URLs normalised (links that are no web address are left out). Markup that
        cannot be read yields what could be read; it never raises.
    """
    parser = _CommentHTML()
    try:
        parser.feed(content or "")
        parser.close()
    except (AssertionError, ValueError):  # html.parser's last-resort errors on broken markup
        pass
    text = _plain("".join(parser.parts))
    links: list[tuple[str, str, tuple[str, ...] | None]] = list(parser.links)
    anchored = {anchor for _, anchor, _ in parser.links}
    for match in _BARE_URL.finditer(text):
        url = match.group(0).rstrip(_TRAILING)
        if url not in anchored:  # an <a> whose visible text is its own URL is one link
            links.append((url, url, None))
    found = []
    for href, anchor, rel in links:
        normal = normalize_url(href if "//" in href else f"http://{href}")
        if normal is not None:
            found.append((normal, anchor, rel))
    return text, found


__all__ = ["markup_to_text"]
