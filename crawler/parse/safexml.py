"""Reading untrusted XML (sitemaps, feeds) without letting it hurt us.

Sitemaps and feeds come from sites we audit, some of them hostile. Three defences
stack here, so that any one failing still leaves the others:

1. A ``<!DOCTYPE>`` is cut out before parsing: no entity is ever declared, so a
   "billion laughs" has nothing to expand and an external entity nothing to read.
2. lxml runs with ``resolve_entities=False``, ``no_network=True``, ``load_dtd=False``
   and ``huge_tree=False`` (libxml2's own size, depth and amplification limits).
3. Bodies and gzip output are capped at :data:`MAX_XML_BYTES`.

Parsing uses ``recover=True``: a broken document yields what libxml2 could read, and
what was wrong is reported as plain messages rather than raised.
"""

from __future__ import annotations

import re
import zlib
from typing import NamedTuple

from lxml import etree

from backlint.decode import decode

#: The Sitemaps protocol caps a sitemap at 50 MB uncompressed; a feed never needs more.
MAX_XML_BYTES = 50 * 1024 * 1024

GZIP_MAGIC = b"\x1f\x8b"
_GZIP_CHUNK = 64 * 1024

#: At most this many parser messages are kept per document; a broken file can have
#: thousands and the first few say what is wrong.
MAX_ERRORS = 10

_UTF8_BOM = b"\xef\xbb\xbf"
# Only the prolog is searched for a DOCTYPE: it must come before the root element.
_PROLOG_SCAN = 64 * 1024
_DOCTYPE = re.compile(rb"<!DOCTYPE", re.IGNORECASE)
_INTERNAL_SUBSET_END = re.compile(rb"\]\s*>")
_WHITESPACE = re.compile(r"\s+")
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")


class Prepared(NamedTuple):
    """A body made ready for the XML parser.

    Example:
        >>> prepare(b"\\xef\\xbb\\xbf\\n  <urlset/>")
        Prepared(data=b'<urlset/>', errors=[], truncated=False)

    Attributes:
        data: the bytes to parse.
        errors: what was wrong (gzip trouble, size cap).
        truncated: ``True`` when ``data`` is only the beginning of the document.
    """

    data: bytes
    errors: list[str]
    truncated: bool


def gunzip_capped(body: bytes, limit: int = MAX_XML_BYTES) -> tuple[bytes, list[str]]:
    """Decompress a gzip body, stopping at ``limit`` bytes of output.

    A few kilobytes of gzip can expand to gigabytes (a "gzip bomb"), so no call
    may produce more than the room left and the rest is never inflated.

    Args:
        body: bytes starting with the gzip magic number.
        limit: the most output to produce.

    Returns:
        ``(data, errors)``: what could be decompressed, and messages for a
        truncated or corrupt stream.
    """
    errors: list[str] = []
    inflater = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)
    data = bytearray()
    # Input goes in by chunks so that a stream corrupt half-way still yields its
    # first half; asking for one byte more than the limit tells "at the limit"
    # from "past it".
    for start in range(0, len(body), _GZIP_CHUNK):
        try:
            data += inflater.decompress(body[start:start + _GZIP_CHUNK], limit + 1 - len(data))
        except zlib.error as exc:
            errors.append(f"gzip data is corrupt: {exc}")
            return bytes(data), errors
        if len(data) > limit:
            errors.append(f"gzip data decompresses to more than {limit} bytes; "
                          f"only the first {limit} were read")
            return bytes(data[:limit]), errors
        if inflater.eof:
            return bytes(data), errors
    errors.append("gzip data ends early; reading what was decompressed")
    return bytes(data), errors


def prepare(body: bytes) -> Prepared:
    """Undo gzip, cap the size, re-encode UTF-16 as UTF-8, drop a BOM and leading whitespace.

    Args:
        body: the raw response body.

    Returns:
        The data, what was wrong, and whether the data is cut short.
    """
    errors: list[str] = []
    if body.startswith(GZIP_MAGIC):
        body, errors = gunzip_capped(body)
    elif len(body) > MAX_XML_BYTES:
        errors.append(f"document is larger than {MAX_XML_BYTES} bytes; "
                      f"only the first {MAX_XML_BYTES} were read")
        body = body[:MAX_XML_BYTES]
    truncated = bool(errors)
    body = _as_utf8(body)
    # Whitespace before "<?xml" is a fatal error in XML, and a classic WordPress
    # fault (a plugin file that prints a blank line); it carries no content.
    body = body.removeprefix(_UTF8_BOM).lstrip(b" \t\r\n")
    return Prepared(body, errors, truncated)


def _as_utf8(body: bytes) -> bytes:
    """The document as UTF-8, its encoding read by the one charset policy (:mod:`backlint.decode`).

    UTF-8 goes on as it is (libxml2 then reports a stray byte where it stands); a
    document in UTF-16 or a legacy encoding, declared or not, is re-encoded, so that
    the DOCTYPE scan below, which reads bytes, sees it. Its declaration goes too,
    since it would name the old encoding.
    """
    decoded = decode(body)
    if decoded.encoding == "utf-8":
        return body
    return _XML_DECLARATION.sub("", decoded.text, count=1).encode("utf-8")


def strip_doctype(body: bytes) -> tuple[bytes, bool]:
    """Remove every ``<!DOCTYPE ...>`` from the prolog.

    Sitemaps and feeds never need a DTD; removing it means no entity is declared.

    Args:
        body: an XML document in an ASCII-compatible encoding.

    Returns:
        ``(body, had_internal_subset)``: the body without DOCTYPEs, and whether
        one of them declared things inline (``[...]``), which is worth reporting.
    """
    had_subset = False
    while True:
        match = _DOCTYPE.search(body, 0, _PROLOG_SCAN)
        if not match:
            return body, had_subset
        start = match.start()
        bracket = body.find(b"[", start)
        close = body.find(b">", start)
        if close == -1:
            return body[:start], had_subset
        if bracket != -1 and bracket < close:
            had_subset = True
            end = _INTERNAL_SUBSET_END.search(body, bracket)
            # An unterminated subset swallows the rest: there is no document after it.
            stop = end.end() if end else len(body)
        else:
            stop = close + 1
        body = body[:start] + body[stop:]


def parse_xml(body: bytes, base_url: str | None = None) -> tuple[etree._Element | None, list[str]]:
    """Parse untrusted XML safely and leniently.

    Args:
        body: the response body (gzip, BOM and leading whitespace allowed).
        base_url: the document's URL; ``element.base`` then resolves ``xml:base``
            against it.

    Returns:
        ``(root, errors)``: the root element (``None`` when nothing could be read)
        and what was wrong, as short messages.
    """
    data, errors, _ = prepare(body)
    data, had_subset = strip_doctype(data)
    if had_subset:
        errors.append("ignored a DOCTYPE with inline declarations: entities are never expanded")
    if not data.strip():
        errors.append("document is empty")
        return None, errors
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False,
        recover=True, remove_comments=True, remove_pis=True,
    )
    try:
        root = etree.fromstring(data, parser, base_url=base_url)
    except (etree.LxmlError, ValueError) as exc:
        errors.append(f"not XML: {exc}")
        return None, errors
    errors.extend(_parser_messages(parser))
    if root is None:
        errors.append("no element could be read")
    return root, errors


def _parser_messages(parser: etree.XMLParser) -> list[str]:
    entries = [e for e in parser.error_log if e.level >= etree.ErrorLevels.ERROR]
    messages = [f"line {e.line}: {e.message}" for e in entries[:MAX_ERRORS]]
    if len(entries) > MAX_ERRORS:
        messages.append(f"... and {len(entries) - MAX_ERRORS} more XML errors")
    return messages


def localname(element: etree._Element) -> str:
    """Return an element's tag without its namespace (``""`` for non-elements)."""
    tag = element.tag
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[-1]


def namespace(element: etree._Element) -> str:
    """Return an element's namespace URI, or ``""``."""
    tag = element.tag
    if isinstance(tag, str) and tag.startswith("{"):
        return tag[1:].split("}", 1)[0]
    return ""


def children(element: etree._Element, name: str) -> list[etree._Element]:
    """Return the child elements whose local name is ``name``, any namespace."""
    return [child for child in element if localname(child) == name]


def text_of(element: etree._Element) -> str:
    """Return an element's text content, entity references left out.

    ``itertext`` would yield an unexpanded reference as ``"&name;"``; this skips
    it and keeps the text around it.
    """
    parts = [element.text or ""]
    for child in element:
        if isinstance(child.tag, str):
            # libxml2 caps nesting depth (huge_tree=False), so recursion is bounded.
            parts.append(text_of(child))
        parts.append(child.tail or "")
    return "".join(parts)


def collapse(text: str) -> str:
    """Collapse runs of whitespace to one space and strip the ends."""
    return _WHITESPACE.sub(" ", text).strip()
