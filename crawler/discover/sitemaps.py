"""Sitemaps: the list of a site's pages, and of its other sitemaps.

Reads every form the Sitemaps protocol (sitemaps.org) and the wild allow: a
``<urlset>`` of pages, a ``<sitemapindex>`` of sitemaps (WordPress's own
``/wp-sitemap.xml`` and Yoast's ``/sitemap_index.xml`` are indexes), gzip-compressed
files (``.xml.gz``, detected by content, not by name), plain-text files with one URL a
line, and RSS or Atom feeds, which the protocol also accepts as sitemaps.

:func:`parse_sitemap` is a pure function of ``(body, url)`` and never raises: a
malformed file yields the URLs that could be read, and ``Sitemap.errors`` says what
was wrong. Which of the URLs belong to the audited site is the caller's decision.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lxml import etree

from backlint.urls import normalize_url
from crawler.discover.feeds import parse_feed
from crawler.parse.safexml import children, localname, parse_xml, prepare, text_of

#: Root elements that make a document a feed (RSS 2.0, RSS 1.0/RDF, Atom).
_FEED_ROOTS = frozenset({"rss", "RDF", "feed"})
# The closing tag of a sitemap entry, with or without a namespace prefix.
_ENTRY_END = re.compile(rb"</(?:[A-Za-z_][\w.-]*:)?(?:url|sitemap)\s*>")


@dataclass
class Sitemap:
    """What one sitemap file lists.

    Example:
        >>> body = (b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        ...         b'<url><loc>https://blog.example/hello-world/</loc>'
        ...         b'<lastmod>2024-01-15T10:20:30+00:00</lastmod></url></urlset>')
        >>> sitemap = parse_sitemap(body, "https://blog.example/wp-sitemap-posts-post-1.xml")
        >>> sitemap.pages
        ['https://blog.example/hello-world/']
        >>> sitemap.lastmod
        {'https://blog.example/hello-world/': '2024-01-15T10:20:30+00:00'}

    Attributes:
        pages: page URLs (``<urlset><url><loc>``), normalised, in file order,
            without duplicates.
        sitemaps: child sitemap URLs (``<sitemapindex><sitemap><loc>``), same rules.
        lastmod: the ``<lastmod>`` of a page or child sitemap, keyed by its URL,
            as written (W3C Datetime); URLs without one are absent. Kept apart from
            ``pages`` so that the common case stays a plain list of URLs.
        errors: what was wrong with the file, as short messages (empty when clean).
    """

    pages: list[str] = field(default_factory=list)
    sitemaps: list[str] = field(default_factory=list)
    lastmod: dict[str, str] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)


def parse_sitemap(body: bytes, url: str) -> Sitemap:
    """Read a sitemap, sitemap index, text sitemap or feed.

    Args:
        body: the response body, gzip-compressed or not.
        url: the sitemap's URL; relative ``<loc>`` values are resolved against it.

    Returns:
        The pages and sitemaps it lists; never raises.
    """
    if not isinstance(body, (bytes, bytearray)):
        return Sitemap(errors=["sitemap body is not bytes"])
    data, errors, truncated = prepare(bytes(body))
    if truncated:
        data = _cut_after_last_entry(data)
    if not data.strip():
        sitemap = Sitemap(errors=["document is empty"])
    elif not data.startswith(b"<") and not _looks_utf16(data):
        sitemap = _parse_text_sitemap(data)
    else:
        sitemap = _parse_xml_sitemap(data, url)
    sitemap.errors[:0] = errors
    return sitemap


def _cut_after_last_entry(data: bytes) -> bytes:
    # A cut-short document ends mid-entry, often mid-URL: "https://blog.example/hel".
    # Keeping only complete entries avoids inventing a page that does not exist.
    if not data.startswith(b"<"):
        return data.rpartition(b"\n")[0]
    ends = list(_ENTRY_END.finditer(data))
    return data[:ends[-1].end()] if ends else b""


def _looks_utf16(data: bytes) -> bool:
    # A UTF-16 document starts with a byte order mark or with "<" and a NUL byte.
    return data[:2] in (b"\xff\xfe", b"\xfe\xff", b"<\x00", b"\x00<")


def _parse_text_sitemap(data: bytes) -> Sitemap:
    # The protocol's text format: UTF-8, one absolute URL per line, nothing else.
    sitemap = Sitemap()
    seen: set[str] = set()
    text = data.decode("utf-8", errors="replace")
    rejected = 0
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        # Each line must be a full URL: a relative reading of "not found" is no page.
        page = normalize_url(line)
        if page is None:
            rejected += 1
        elif page not in seen:
            seen.add(page)
            sitemap.pages.append(page)
    if rejected:
        sitemap.errors.append(f"{rejected} line(s) are not http(s) URLs")
    return sitemap


def _parse_xml_sitemap(data: bytes, url: str) -> Sitemap:
    root, errors = parse_xml(data, base_url=url)
    sitemap = Sitemap(errors=errors)
    if root is None:
        return sitemap
    if localname(root) in _FEED_ROOTS:
        return _feed_as_sitemap(data, url)
    rejected = 0
    # A sitemap may list 50,000 URLs: membership is checked in a set, not the list.
    seen: set[tuple[str, str]] = set()
    # Entries are matched by the parent of <loc>, in any namespace or none, so a
    # sitemap with a wrong namespace or a mangled root still yields its URLs, and
    # <image:loc> inside <image:image> is never mistaken for a page.
    for entry in root.iter(etree.Element):
        kind = localname(entry)
        if kind not in ("url", "sitemap"):
            continue
        locs = children(entry, "loc")
        if not locs:
            continue
        target = sitemap.pages if kind == "url" else sitemap.sitemaps
        # Whitespace around a URL is common (pretty-printed files) and never meaningful.
        location = normalize_url(text_of(locs[0]).strip(), base=url)
        if location is None:
            rejected += 1
            continue
        if (kind, location) not in seen:
            seen.add((kind, location))
            target.append(location)
        lastmod = _lastmod(entry)
        if lastmod:
            sitemap.lastmod.setdefault(location, lastmod)
    if rejected:
        sitemap.errors.append(f"{rejected} <loc> value(s) are not http(s) URLs")
    if not sitemap.pages and not sitemap.sitemaps and localname(root) not in ("urlset", "sitemapindex"):
        sitemap.errors.append(f"not a sitemap: the root element is <{localname(root)}>")
    return sitemap


def _lastmod(entry: etree._Element) -> str | None:
    found = children(entry, "lastmod")
    if not found:
        return None
    return text_of(found[0]).strip() or None


def _feed_as_sitemap(data: bytes, url: str) -> Sitemap:
    # The Sitemaps protocol accepts RSS 2.0 and Atom 1.0 feeds as sitemaps: each
    # entry's link is a page, its date the page's last modification.
    feed = parse_feed(data, url)
    sitemap = Sitemap(errors=list(feed.errors))
    seen: set[str] = set()
    for entry in feed.entries:
        if entry.link and entry.link not in seen:
            seen.add(entry.link)
            sitemap.pages.append(entry.link)
            if entry.published:
                sitemap.lastmod[entry.link] = entry.published
    return sitemap
