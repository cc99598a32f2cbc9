"""WordPress exports (WXR 1.0, 1.1 and 1.2), read as a stream of comment records.

A WordPress export (Tools → Export, ``wp-admin/includes/export.php``) is RSS 2.0 with
a ``wp:`` namespace (``http://wordpress.org/export/1.2/``; ``1.1/`` and ``1.0/`` in
older files). Each post is an ``<item>`` with its ``<link>``, ``wp:post_id`` and
``wp:status``, followed by one ``<wp:comment>`` per comment, trackback and pingback:
id, author, e-mail, URL, IP, local and GMT dates, content, approval state, type,
parent, user id and the ``wp:commentmeta`` rows anti-spam plugins leave (DOMAIN.md §2).
Core leaves comments marked spam out of its exports; pending, trashed and
post-trashed ones are in.

:func:`read_wxr` reads the channel header at once; :meth:`WxrFile.comments` then
streams the records: the file is fed to lxml in 1 MiB chunks and every element is
cleared as soon as it has been read, so a 1 GB export needs the memory of one post.

Untrusted XML, three defences:

1. A ``<!DOCTYPE>`` in the prolog is replaced before parsing and reported (WordPress
   never writes one): the entities it declared are declared again, empty, so a
   "billion laughs" has nothing to expand, an external entity nothing to read, and
   the references to them (which a parser without a declaration would refuse) are
   read as nothing.
2. lxml runs with ``resolve_entities=False``, ``no_network=True``, ``load_dtd=False``
   and ``huge_tree=False``: even a DOCTYPE that escaped step 1 expands nothing and
   fetches nothing, and libxml2's amplification and size limits stay on.
3. Bytes that cannot be XML are repaired before parsing and reported: control
   characters (``wxr_cdata()`` writes them as they were typed) are removed, byte
   sequences that are not UTF-8 become U+FFFD.

Bad input never stops the whole import. A comment that cannot be read (no id) is
left out; an XML error skips to the next ``<item>``; a file cut short keeps what
was read before the cut. Each case is a ``(line, reason)`` in :attr:`WxrFile.problems`.
A file that is not a WordPress export raises :class:`~backlint.errors.ImportFormatError`.

Personal data: commenters' e-mail addresses and IPs are replaced by salted SHA-256
hashes (``sha256(salt + value)``, e-mails lower-cased first) unless ``keep_personal``;
the hashes still link one person's comments together. Akismet's copy of the submitted
comment (``akismet_as_submitted``) loses its e-mail, IP, user agent, referrer and
server variables, and Antispam Bee's ``antispam_bee_iphash`` is dropped.
"""

from __future__ import annotations

import codecs
import hashlib
import html
import re
import zlib
from collections import Counter
from collections.abc import Generator, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from os import PathLike
from typing import BinaryIO

from lxml import etree

from backlint.dates import wordpress_date
from backlint.errors import ImportFormatError
from backlint.records import Item, Link
from backlint.text import text_and_links
from backlint.urls import normalize_absolute, normalize_url
from crawler.discover.rest import PRIVATE_COMMENT_TYPES
from crawler.importers.toolkit import ByteSource
from crawler.parse.safexml import collapse, localname, namespace, text_of

#: ``wp:comment_approved`` values and the status names records use.
STATUS_NAMES = {"1": "approved", "0": "pending", "spam": "spam", "trash": "trash",
                "post-trashed": "post-trashed"}

#: Bytes handed to the XML parser at a time; the parser's working set stays near this.
CHUNK_SIZE = 1 << 20

#: At most this many problems are listed; the rest are counted in ``problem_count``.
MAX_PROBLEMS = 1000

#: Akismet's copy of the submitted comment keeps only these keys by default: what the
#: record itself holds (name, URL, text) and facts about the blog, never the
#: commenter's e-mail, IP, user agent, referrer or the server variables.
AKISMET_SUBMITTED_KEPT = frozenset({
    "comment_author", "comment_author_url", "comment_content", "comment_type",
    "comment_post_ID", "comment_parent", "comment_date_gmt", "blog", "blog_lang",
    "blog_charset", "permalink", "user_role", "is_test",
})

#: Comment meta that only identifies the commenter (Antispam Bee's hash of the IP).
PERSONAL_META_KEYS = frozenset({"antispam_bee_iphash"})

_WXR_NAMESPACE = re.compile(r"^https?://wordpress\.org/export/(\d+\.\d+)/$")
_MAX_ID_DIGITS = 20  # WordPress ids are unsigned 64-bit integers
_GZIP_MAGIC = b"\x1f\x8b"
_UTF8_BOM = b"\xef\xbb\xbf"
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
_XML_DECLARATION = re.compile(rb"^<\?xml[^>]*\?>")
_DECLARED_ENCODING = re.compile(rb"""^<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._-]+)["']""")
_DOCTYPE = re.compile(rb"<!DOCTYPE", re.IGNORECASE)
_INTERNAL_SUBSET_END = re.compile(rb"\]\s*>")
# General entities only: a parameter entity ("<!ENTITY % name") is not referenced
# from the document, and a name outside ASCII stays undeclared (and reported).
_ENTITY_NAME = re.compile(rb"<!ENTITY\s+([A-Za-z_][A-Za-z0-9._-]{0,100})\s")
_MAX_ENTITIES = 10_000
# C0 controls but tab, newline and carriage return: never allowed in XML 1.0, even
# in CDATA. In UTF-8 these bytes only ever stand for themselves.
_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 13))
_CONTROL_CHAR = re.compile(b"[" + re.escape(_CONTROL_BYTES) + b"]")
_ITEM_START = re.compile(rb"<item[\s>]")
# A comment's start or end tag in the raw bytes (any namespace prefix).
_COMMENT_TAG = re.compile(rb"<(/?)(?:[A-Za-z_][\w.-]*:)?comment[\s>]")
# libxml2 appends the parser's own position, which after a restart is not the file's.
_PARSER_POSITION = re.compile(r",? line \d+, column \d+\s*$")
# The elements the comments pass asks lxml for; the channel's and the post's fields.
_STREAM_TAGS = ("{*}item", "{*}comment")
_HEADER_FIELDS = frozenset({"title", "link", "wxr_version", "base_site_url", "base_blog_url"})
_ITEM_FIELDS = frozenset({"link", "post_id", "status"})


# --- records ---------------------------------------------------------------------


@dataclass
class WxrComment:
    """One comment, trackback or pingback of a WordPress export.

    Example:
        >>> c = WxrComment(comment_id="7", post_url="https://blog.example/hello/", post_id="3",
        ...                post_status="publish", type="pingback", status="approved")
        >>> (c.label, c.to_item().type, c.to_item().site_item_id)
        ('ham', 'pingback', '7')

    Attributes:
        comment_id: ``wp:comment_id``.
        post_url: the post's ``<link>``, normalised (``None`` when the item has none).
        post_id: ``wp:post_id`` of the post.
        post_status: ``wp:status`` of the post (``publish``, ``private``, ``trash``, ...).
        type: ``comment``, ``trackback`` or ``pingback`` (an empty ``wp:comment_type``
            and plugin types such as ``review`` are comments).
        status: ``approved``, ``pending``, ``spam``, ``trash``, ``post-trashed``, or the
            exported value itself when it is none of those.
        author_name: the author's name as displayed (HTML entities decoded).
        author_url: the author's URL, normalised, or ``None``.
        author_email_hash: ``sha256(salt + e-mail lower-cased)`` in hex, or ``None``.
        author_ip_hash: ``sha256(salt + IP)`` in hex, or ``None``.
        author_email: the raw e-mail, only with ``keep_personal``.
        author_ip: the raw IP, only with ``keep_personal``.
        date_gmt: ``wp:comment_date_gmt`` as ISO 8601 with ``+00:00``; when the export
            has ``0000-00-00 00:00:00`` there (old and imported rows), the local
            ``wp:comment_date`` without an offset, since the site's zone is unknown.
        content_html: ``wp:comment_content`` as exported (HTML; never render it).
        text: the content as plain text, one line per block or line break.
        links: the author link first (``is_author_link=True``, ``rel`` ``None``: an
            export holds no markup for it), then the content's links as WordPress
            shows them (:func:`backlint.text.markup_to_text`): every ``<a href>`` with
            its anchor and ``rel``, and each URL written as text, which
            ``make_clickable()`` links on the page, with ``rel`` ``None``.
        parent_id: the id of the comment this one replies to, or ``None``.
        user_id: the WordPress user who wrote it, or ``None`` for visitors.
        meta: ``wp:commentmeta`` key → value; a key exported more than once (Akismet
            writes one ``akismet_history`` row per event) maps to the list of values.
        verdict: what anti-spam plugins concluded, e.g. ``"akismet: spam"``, or ``None``
            (see :func:`plugin_verdict`).
        wp_type: ``wp:comment_type`` as exported, lower-cased.
        line: the line of the file where the comment starts.
    """

    comment_id: str
    post_url: str | None
    post_id: str | None
    post_status: str
    type: str
    status: str
    author_name: str = ""
    author_url: str | None = None
    author_email_hash: str | None = None
    author_ip_hash: str | None = None
    author_email: str | None = None
    author_ip: str | None = None
    date_gmt: str | None = None
    content_html: str = ""
    text: str = ""
    links: list[Link] = field(default_factory=list)
    parent_id: str | None = None
    user_id: str | None = None
    meta: dict[str, str | list[str]] = field(default_factory=dict)
    verdict: str | None = None
    wp_type: str = ""
    line: int = 0

    @property
    def label(self) -> str | None:
        """The moderator's judgement, for ``backlint learn``: ``spam``, ``ham`` or ``None``.

        Only human decisions become labels, never a plugin's own verdict (learning
        from Akismet would copy its mistakes):

        - ``spam`` when the status is spam, or when the comment was reported to
          Akismet as spam (``akismet_user_result`` ``true``, what marking it spam in
          wp-admin sends) and sits in the trash or the queue;
        - ``ham`` when it is approved, whatever a plugin said (approving a flagged
          comment is the clearest "not spam" there is);
        - ``None`` (to grade) for pending, trash and post-trashed items otherwise: a
          comment is trashed for many reasons besides spam.
        """
        if self.status == "spam":
            return "spam"
        if self.status == "approved":
            return "ham"
        if _last(self.meta.get("akismet_user_result")) == "true":
            return "spam"
        return None

    def to_item(self) -> Item:
        """Return the comment as a crawler :class:`~backlint.records.Item` (``source="wxr"``)."""
        return Item(type=self.type, post_url=self.post_url or "", site_item_id=self.comment_id,
                    author_name=self.author_name, author_url=self.author_url,
                    date=self.date_gmt, text=self.text, parent_id=self.parent_id,
                    source="wxr", engine="wordpress", links=list(self.links))


@dataclass
class _ItemContext:
    """The post an export's comments belong to."""

    line: int
    element: etree._Element
    post_url: str | None = None
    post_id: str | None = None
    post_status: str = ""
    read: bool = False


class WxrFile:
    """A WordPress export opened for reading; :meth:`comments` streams its records.

    Example:
        >>> import io
        >>> wxr = read_wxr(io.BytesIO(b'''<?xml version="1.0" encoding="UTF-8" ?>
        ... <rss version="2.0" xmlns:wp="http://wordpress.org/export/1.2/"><channel>
        ... <title>My Blog</title><link>https://blog.example</link>
        ... <wp:wxr_version>1.2</wp:wxr_version>
        ... <item><link>https://blog.example/hello/</link><wp:post_id>3</wp:post_id>
        ... <wp:comment><wp:comment_id>5</wp:comment_id>
        ... <wp:comment_author><![CDATA[Ann]]></wp:comment_author>
        ... <wp:comment_author_email><![CDATA[ann@mail.example]]></wp:comment_author_email>
        ... <wp:comment_approved><![CDATA[0]]></wp:comment_approved></wp:comment>
        ... </item></channel></rss>'''))
        >>> (wxr.site_url, wxr.site_title, wxr.wxr_version)
        ('https://blog.example/', 'My Blog', '1.2')
        >>> [(c.comment_id, c.status, c.author_email, len(c.author_email_hash)) for c in wxr.comments()]
        [('5', 'pending', None, 64)]

    Attributes:
        site_url: the blog's URL, normalised (``wp:base_blog_url``, else ``<link>``,
            else ``wp:base_site_url``, which on a multisite is the network's).
        site_title: the channel's ``<title>``.
        wxr_version: ``wp:wxr_version``, else the version in the namespace URI.
        problems: ``(line, reason)`` for what could not be read, in file order
            (filled while :meth:`comments` runs; at most :data:`MAX_PROBLEMS`).
        problem_count: every problem, listed or not.
        skipped: comments left out on purpose, counted by reason (private comment
            types such as WooCommerce order notes).
    """

    def __init__(self, source: ByteSource, *, keep_personal: bool, salt: bytes) -> None:
        self._source = source
        self.keep_personal = keep_personal
        self.salt = salt
        self.site_url: str | None = None
        self.site_title = ""
        self.wxr_version = ""
        self.namespaces: dict[str | None, str] = {}
        self.encoding = "UTF-8"
        self.problems: list[tuple[int, str]] = []
        self.problem_count = 0
        self.skipped: Counter[str] = Counter()

    def comments(self) -> Iterator[WxrComment]:
        """Stream every comment, trackback and pingback, in file order.

        Each call reads the file from the start again (a stream that cannot seek
        is read once) and refills :attr:`problems` and :attr:`skipped`.

        Yields:
            One :class:`WxrComment` per ``<wp:comment>`` that could be read.
        """
        self.problems = []
        self.problem_count = 0
        self.skipped = Counter()
        reader = _CommentStream(self)
        try:
            yield from reader.run(_chunks(self._source))
        finally:
            for problem in reader.finish():
                self.add_problem(*problem)
            self.problems.sort(key=lambda problem: problem[0])

    def add_problem(self, line: int, reason: str) -> None:
        """Record a problem; past :data:`MAX_PROBLEMS` it is only counted."""
        self.problem_count += 1
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append((line, reason))
        elif len(self.problems) == MAX_PROBLEMS:
            self.problems.append((line, "further problems are counted, not listed"))


def read_wxr(path_or_binary_file: str | PathLike[str] | bytes | BinaryIO, *, keep_personal: bool = False,
             salt: bytes = b"") -> WxrFile:
    """Open a WordPress export and read its header.

    Args:
        path_or_binary_file: a path, the export's bytes, or a file opened in binary
            mode (gzip allowed; a stream that cannot seek can be read once).
        keep_personal: keep commenters' raw e-mails and IPs (and Akismet's full copy
            of the submission) instead of dropping them; the hashes are computed
            either way.
        salt: prepended to e-mails and IPs before hashing, so that hashes from
            different audits cannot be matched against each other.

    Returns:
        The :class:`WxrFile`, ready to stream its comments.

    Raises:
        ImportFormatError: the file cannot be read, is not XML, or is not a WordPress export.
        TypeError: ``path_or_binary_file`` is a file opened in text mode, or no path,
            bytes or file.
    """
    wxr = WxrFile(_source_of(path_or_binary_file), keep_personal=keep_personal, salt=salt)
    _read_header(wxr)
    return wxr


# --- the byte stream ---------------------------------------------------------------


def _source_of(source: str | PathLike[str] | bytes | BinaryIO) -> ByteSource:
    return ByteSource(source, reader="read_wxr",
                      read_once="this export was given as a stream that cannot seek: it can be read once")


def _chunks(source: ByteSource, *, header: bool = False) -> Generator[bytes, None, None]:
    """Yield the bytes of one pass over the export, gzip undone.

    The header pass is a look: a stream that cannot seek keeps what it read, and the one
    comments pass replays it before reading on.
    """
    return _gunzip_if_needed(source.look(CHUNK_SIZE) if header else source.chunks(CHUNK_SIZE))


def _gunzip_if_needed(chunks: Iterator[bytes]) -> Generator[bytes, None, None]:
    """Pass bytes through, or inflate them when they start with the gzip magic number."""
    first = next(chunks, b"")
    if not first.startswith(_GZIP_MAGIC):
        if first:
            yield first
        yield from chunks
        return
    inflater = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)
    for chunk in _chain([first], chunks):
        data = chunk
        while data:
            try:
                # Output is capped per call: a few kilobytes of gzip can expand to
                # gigabytes, and only a chunk at a time may be in memory.
                out = inflater.decompress(data, CHUNK_SIZE)
            except zlib.error as exc:
                raise _GzipError(f"gzip data is corrupt: {exc}") from exc
            if out:
                yield out
            data = inflater.unconsumed_tail
        if inflater.eof:
            return
    if not inflater.eof:
        raise _GzipError("gzip data ends early")


class _GzipError(Exception):
    """The compressed stream is damaged; what was inflated before stays read."""


def _chain(*parts: Iterable[bytes]) -> Iterator[bytes]:
    for part in parts:
        yield from part


class _Cleaner:
    """Make a byte stream parseable and say what was changed, by line.

    The first chunk loses a BOM and the whitespace before ``<?xml`` (both fatal to
    libxml2, and a classic fault of plugins that print a blank line); UTF-16 is
    re-encoded as UTF-8. Then each chunk loses the control characters XML forbids,
    and, in a UTF-8 document, byte sequences that are not UTF-8 become U+FFFD.
    ``lines`` counts the newlines handed out, so parser lines map back to the file.
    """

    def __init__(self) -> None:
        self.line_offset = 0  # newlines removed before the document's first byte
        self.lines = 0
        self.encoding = "UTF-8"  # of the cleaned bytes: the declared one, or UTF-8
        self.doctype: tuple[int, bool] | None = None  # (line, declared things inline)
        self.safe_doctype = b""  # what replaced it: the same entities, declared empty
        self._started = False
        self._validate_utf8 = True
        self._utf16: codecs.IncrementalDecoder | None = None
        self._pending = b""
        self._controls = 0
        self._controls_line = 0
        self._bad_utf8 = 0
        self._bad_utf8_line = 0

    def feed(self, chunk: bytes) -> bytes:
        """Return the cleaned bytes of the next chunk (an incomplete character is held back)."""
        if not self._started:
            chunk = self._start(chunk)
        elif self._utf16 is not None:
            chunk = self._utf16.decode(chunk).encode("utf-8", "replace")
        return self._clean(self._pending + chunk, final=False)

    def finish(self) -> bytes:
        """Return what was held back, at the end of the stream."""
        if self._utf16 is not None:
            self._pending += self._utf16.decode(b"", final=True).encode("utf-8", "replace")
        return self._clean(self._pending, final=True) if self._pending else b""

    def problems(self) -> list[tuple[int, str]]:
        """What was changed, as ``(line, reason)``."""
        found = []
        if self.doctype:
            line, inline = self.doctype
            found.append((line, "the file has a DOCTYPE" + (" declaring entities" if inline else "")
                          + ", which WordPress never writes: it was ignored, each entity read as "
                          "empty text; nothing was expanded or loaded"))
        if self._controls:
            found.append((self._controls_line, f"removed {self._controls} control character(s) that XML "
                                               f"does not allow (first on this line)"))
        if self._bad_utf8:
            found.append((self._bad_utf8_line, f"replaced {self._bad_utf8} byte sequence(s) that are not "
                                               f"UTF-8 with U+FFFD (first on this line)"))
        return found

    def _start(self, chunk: bytes) -> bytes:
        self._started = True
        if chunk.startswith(_UTF16_BOMS):
            self._utf16 = codecs.getincrementaldecoder("utf-16")("replace")
            self.encoding = "UTF-8"  # what this hands to the parser
            self._validate_utf8 = False  # what the decoder hands out is valid already
            text = self._utf16.decode(chunk)
            body = text.lstrip()
            self.line_offset = text[:len(text) - len(body)].count("\n")
            # The declaration names UTF-16, which these bytes no longer are.
            chunk = _XML_DECLARATION.sub(b"", body.encode("utf-8", "replace"), count=1)
        else:
            chunk = chunk.removeprefix(_UTF8_BOM)
            stripped = chunk.lstrip(b" \t\r\n")
            self.line_offset = chunk[:len(chunk) - len(stripped)].count(b"\n")
            chunk = stripped
            declared = _DECLARED_ENCODING.match(chunk)
            if declared:
                self.encoding = declared.group(1).decode("ascii")
                self._validate_utf8 = self.encoding.lower().replace("_", "-") in ("utf-8", "utf8")
        return self._blank_doctype(chunk)

    def _blank_doctype(self, chunk: bytes) -> bytes:
        span = doctype_span(chunk)
        if span is None:
            return chunk
        start, end, inline = span
        self.doctype = (self.line_offset + 1 + chunk.count(b"\n", 0, start), inline)
        self.safe_doctype = empty_entities_doctype(chunk[start:end])
        # Newlines stay, so that every later line keeps its number.
        return chunk[:start] + self.safe_doctype + b"\n" * chunk.count(b"\n", start, end) + chunk[end:]

    def _clean(self, data: bytes, *, final: bool) -> bytes:
        cut = len(data) if final or not self._validate_utf8 else _complete_utf8_length(data)
        data, self._pending = data[:cut], data[cut:]
        if self._validate_utf8:
            data = self._repair_utf8(data)
        cleaned = data.translate(None, _CONTROL_BYTES)
        if len(cleaned) != len(data):
            if not self._controls:
                first = _CONTROL_CHAR.search(data)
                self._controls_line = self._file_line(data, first.start() if first else 0)
            self._controls += len(data) - len(cleaned)
        self.lines += cleaned.count(b"\n")
        return cleaned

    def _repair_utf8(self, data: bytes) -> bytes:
        try:
            data.decode("utf-8")
        except UnicodeDecodeError as exc:
            text = data.decode("utf-8", "replace")
            if not self._bad_utf8:
                self._bad_utf8_line = self._file_line(data, exc.start)
            # Replacement characters the file itself held are not repairs.
            self._bad_utf8 += max(1, text.count("\ufffd") - data.count("\ufffd".encode("utf-8")))
            return text.encode("utf-8")
        return data

    def _file_line(self, data: bytes, offset: int) -> int:
        return self.line_offset + self.lines + data.count(b"\n", 0, offset) + 1


def doctype_span(data: bytes) -> tuple[int, int, bool] | None:
    """Find a ``<!DOCTYPE ...>`` in a document's prolog (before the root element).

    Only the prolog is searched: ``<!DOCTYPE html>`` inside a post's content is text.

    Example:
        >>> doctype_span(b'<?xml version="1.0"?>\\n<!-- x -->\\n<!DOCTYPE r [<!ENTITY a "b">]>\\n<r>&a;</r>')
        (33, 63, True)
        >>> doctype_span(b"<rss><![CDATA[<!DOCTYPE html>]]></rss>") is None
        True

    Returns:
        ``(start, end, declares_inline)``, or ``None`` when the prolog has none.
        An internal subset that never ends runs to the end of ``data``.
    """
    position = 0
    while True:
        while position < len(data) and data[position] in b" \t\r\n":
            position += 1
        if data.startswith(b"<?", position):
            end = data.find(b"?>", position)
        elif data.startswith(b"<!--", position):
            end = data.find(b"-->", position)
        elif _DOCTYPE.match(data, position):
            return _doctype_end(data, position)
        else:
            return None  # the root element, or not XML at all
        if end < 0:
            return None
        position = end + 2 + (data[end] == ord("-"))


def empty_entities_doctype(doctype: bytes) -> bytes:
    """Return a DOCTYPE declaring the same general entities as ``doctype``, all empty.

    Example:
        >>> empty_entities_doctype(b'<!DOCTYPE r [<!ENTITY a "&b;&b;"><!ENTITY x SYSTEM "file:///etc/passwd">]>')
        b'<!DOCTYPE rss [<!ENTITY a ""><!ENTITY x "">]>'
        >>> empty_entities_doctype(b"<!DOCTYPE rss>")
        b''
    """
    names = list(dict.fromkeys(_ENTITY_NAME.findall(doctype)))[:_MAX_ENTITIES]
    if not names:
        return b""
    return b"<!DOCTYPE rss [" + b"".join(b'<!ENTITY %s "">' % name for name in names) + b"]>"


def _doctype_end(data: bytes, start: int) -> tuple[int, int, bool]:
    bracket = data.find(b"[", start)
    close = data.find(b">", start)
    if close < 0:
        return start, len(data), False
    if 0 <= bracket < close:
        end = _INTERNAL_SUBSET_END.search(data, bracket)
        return start, end.end() if end else len(data), True
    return start, close + 1, False


def _complete_utf8_length(data: bytes) -> int:
    """Return where a UTF-8 character cut by the chunk's end starts (or ``len(data)``)."""
    for back in range(1, min(4, len(data)) + 1):
        byte = data[-back]
        if byte < 0x80:
            return len(data)
        if byte >= 0xC0:  # a lead byte: does its sequence fit?
            needed = 2 if byte < 0xE0 else 3 if byte < 0xF0 else 4
            return len(data) - back if needed > back else len(data)
    return len(data)


# --- the header ------------------------------------------------------------------------


def _new_parser(tags: tuple[str, ...] | None = None) -> etree.XMLPullParser:
    # The options of crawler.parse.safexml: no entity expansion, no DTD, no network,
    # libxml2's size limits on. No recovery: a broken spot is skipped explicitly.
    return etree.XMLPullParser(events=("start", "end"), tag=tags, resolve_entities=False,
                               no_network=True, load_dtd=False, huge_tree=False,
                               remove_comments=True, remove_pis=True)


def _read_header(wxr: WxrFile) -> None:
    """Read the channel up to the first ``<item>`` and check that this is an export."""
    cleaner = _Cleaner()
    parser = _new_parser()
    header: dict[str, str] = {}
    root_seen = False
    content_seen = False
    chunks = _chunks(wxr._source, header=True)
    try:
        for chunk in _chain(chunks, [b""]):
            data = cleaner.feed(chunk) if chunk else cleaner.finish()
            content_seen = content_seen or bool(data.strip())
            if not content_seen:
                if chunk:
                    continue
                raise ImportFormatError("the file is empty: a WordPress export starts with "
                                        "'<?xml version=\"1.0\" encoding=\"UTF-8\" ?>' and <rss>")
            try:
                if chunk:
                    parser.feed(data)
                else:
                    parser.close()
            except etree.XMLSyntaxError as exc:
                _, root_seen = _header_events(parser, wxr, header, root_seen)
                if not root_seen:
                    raise ImportFormatError(_not_xml_message(exc, data, cleaner)) from exc
                break  # the comments pass reports it, and reads on after it
            finished, root_seen = _header_events(parser, wxr, header, root_seen)
            if finished or not chunk:
                break
    except _GzipError as exc:
        raise ImportFormatError(f"not a WordPress export: {exc}") from exc
    finally:
        chunks.close()
    if not root_seen:
        raise ImportFormatError("not a WordPress export: no XML element found")
    wxr.encoding = cleaner.encoding
    wxr.site_title = collapse(html.unescape(header.get("title", "")))
    wxr.site_url = next((url for key in ("base_blog_url", "link", "base_site_url")
                         if (url := normalize_url(header.get(key, "")))), None)
    wxr.wxr_version = header.get("wxr_version", "").strip() or _namespace_version(wxr.namespaces)


def _header_events(parser: etree.XMLPullParser, wxr: WxrFile, header: dict[str, str],
                   root_seen: bool) -> tuple[bool, bool]:
    """Consume the header's events; return ``(finished, root_seen)``."""
    for event, element in parser.read_events():
        name = localname(element)
        if not root_seen:
            _check_root(element)
            root_seen = True
            wxr.namespaces = dict(element.nsmap)
            continue
        parent = element.getparent()
        if event == "start":
            if name == "item":
                return True, root_seen
            if name == "channel":
                wxr.namespaces.update(element.nsmap)
            continue
        if name in ("channel", "rss"):
            return True, root_seen
        if parent is not None and localname(parent) == "channel":
            if name in _HEADER_FIELDS and name not in header:
                header[name] = text_of(element).strip()
            # A channel can list thousands of authors and terms before its posts.
            element.clear()
            while element.getprevious() is not None:
                del parent[0]
    return False, root_seen


def _check_root(root: etree._Element) -> None:
    name = localname(root) or str(root.tag)
    versions = [uri for uri in root.nsmap.values() if _WXR_NAMESPACE.match(uri or "")]
    if name == "rss" and versions:
        return
    if name == "rss":
        raise ImportFormatError(
            "this is an RSS feed, not a WordPress export: found <rss> without the WXR namespace; "
            "expected <rss> declaring xmlns:wp=\"http://wordpress.org/export/1.2/\" "
            "(1.0 and 1.1 are read too) - make the file with Tools > Export in wp-admin")
    found = f"<{name}>" + (f" in namespace {namespace(root)}" if namespace(root) else "")
    raise ImportFormatError(
        f"not a WordPress export: found the root element {found}; expected <rss> declaring "
        "xmlns:wp=\"http://wordpress.org/export/1.2/\" (WXR 1.0-1.2, made with Tools > Export in wp-admin)")


def _not_xml_message(exc: etree.XMLSyntaxError, data: bytes, cleaner: _Cleaner) -> str:
    start = data.lstrip()[:60].decode("utf-8", "replace")
    line = (exc.lineno or 1) + cleaner.line_offset
    return (f"not a WordPress export: the file is not XML ({_xml_message(exc)} at line {line}); it starts "
            f"with {start!r}; a WordPress export starts with '<?xml version=\"1.0\" encoding=\"UTF-8\" ?>' "
            "then <rss>")


def _namespace_version(namespaces: Mapping[str | None, str]) -> str:
    for uri in namespaces.values():
        match = _WXR_NAMESPACE.match(uri or "")
        if match:
            return match.group(1)
    return ""


# --- the comments pass ------------------------------------------------------------------


class _CommentStream:
    """One pass over an export: feed, read events, skip past XML errors, clear as it goes."""

    def __init__(self, wxr: WxrFile) -> None:
        self.wxr = wxr
        self.cleaner = _Cleaner()
        self.item: _ItemContext | None = None
        self.comment_line: int | None = None
        self.line_base = 0  # parser line + line_base = line in the file
        self.problems: list[tuple[int, str]] = []
        # The bytes of the last two chunks, to find where to start again after an error.
        self._window = b""
        self._window_line = 1  # file line of the window's first byte
        self._last_error: tuple[int, int] | None = None

    def run(self, chunks: Generator[bytes, None, None]) -> Iterator[WxrComment]:
        """Yield the records of one pass over ``chunks`` (the raw bytes)."""
        parser: etree.XMLPullParser | None = self._fresh_parser(b"")
        first = True
        try:
            for chunk in chunks:
                data = self.cleaner.feed(chunk)
                if first:
                    # Lines the cleaner removed before the document still count.
                    first = False
                    self.line_base = self.cleaner.line_offset
                    self._window_line = 1 + self.cleaner.line_offset
                parser = yield from self._feed(parser, data)
            parser = yield from self._feed(parser, self.cleaner.finish())
        except _GzipError as exc:
            self.wxr.add_problem(self._window_line + self._window.count(b"\n"),
                                 f"{exc}: the comments before this point were read")
            return
        finally:
            chunks.close()
        if parser is None:
            return
        try:
            parser.close()
        except etree.XMLSyntaxError as exc:
            # Closing a cut document, the parser closes what is still open itself (how much
            # of it a libxml2 release recovers varies): the comment the bytes end inside has
            # no end tag, so it is incomplete and is not imported, whatever was recovered.
            cut = self._open_comment_line()
            yield from self._drain(parser, incomplete_line=cut)
            if cut is not None:
                self.comment_line = cut
            self._report_end(exc)
            return
        yield from self._drain(parser)

    def finish(self) -> list[tuple[int, str]]:
        """What the byte cleaning changed, once the pass is over."""
        return self.cleaner.problems()

    def _fresh_parser(self, prefix: bytes) -> etree.XMLPullParser:
        parser = _new_parser(_STREAM_TAGS)
        if prefix:
            parser.feed(prefix)
        return parser

    def _feed(self, parser: etree.XMLPullParser | None,
              data: bytes) -> Generator[WxrComment, None, etree.XMLPullParser | None]:
        """Feed ``data`` (cleaned); return the parser to go on with (``None`` while skipping)."""
        if not data:
            return parser
        window_start = self._remember(data)
        if parser is None:  # skipping to the next <item> after an error
            parser, data = self._restart(window_start)
            if parser is None:
                return None
        while True:
            try:
                parser.feed(data)
            except etree.XMLSyntaxError as exc:
                yield from self._drain(parser)
                parser, data = self._recover(exc)
                if parser is None:
                    return None
                continue
            yield from self._drain(parser)
            return parser

    def _remember(self, data: bytes) -> int:
        """Append ``data`` to the window; return the offset where it starts there."""
        # Keep the previous chunk too: libxml2 reports an error where it is, which
        # can be just before the chunk that revealed it.
        if len(self._window) > CHUNK_SIZE:
            cut = len(self._window) - CHUNK_SIZE
            self._window_line += self._window.count(b"\n", 0, cut)
            self._window = self._window[cut:]
        start = len(self._window)
        self._window += data
        return start

    def _open_comment_line(self) -> int | None:
        """The line of the comment the bytes read so far end inside, if they do."""
        tags = list(_COMMENT_TAG.finditer(self._window))
        if not tags or tags[-1].group(1):
            return None
        return self._offset_line(tags[-1].start())

    def _drain(self, parser: etree.XMLPullParser,
               incomplete_line: int | None = None) -> Iterator[WxrComment]:
        """Yield the comments the parser has finished, less the one starting on ``incomplete_line``."""
        for event, element in parser.read_events():
            name = localname(element)
            if name == "item":
                if event == "start":
                    self.item = _ItemContext(line=element.sourceline + self.line_base, element=element)
                else:
                    self.item = None
                    _forget(element)
            elif _is_wxr(element):
                if event == "start":
                    self.comment_line = element.sourceline + self.line_base
                    continue
                self.comment_line = None
                complete = element.sourceline + self.line_base != incomplete_line
                record = self._comment(element) if complete else None
                _forget(element)
                if record is not None:
                    yield record

    def _comment(self, element: etree._Element) -> WxrComment | None:
        line = element.sourceline + self.line_base
        context = self.item
        if context is not None and not context.read:
            _read_item(context)
        try:
            record, problem = build_comment(element, context, line=line, wxr=self.wxr)
        except Exception as exc:  # noqa: BLE001 - one odd comment must not end the import
            self.wxr.add_problem(line, f"comment could not be read ({type(exc).__name__}: {exc}); not imported")
            return None
        if problem:
            self.wxr.add_problem(line, problem)
        return record

    def _recover(self, exc: etree.XMLSyntaxError) -> tuple[etree.XMLPullParser | None, bytes]:
        """Report an XML error and restart at the next ``<item>`` after it."""
        line = (exc.lineno or 0) + self.line_base
        column = (exc.position[1] if exc.position else 0) or 1
        where = self._where()
        restart = self._find_item(self._error_offset(line, column))
        resumed = (f"; reading resumed at the next <item> on line {self._offset_line(restart)}"
                   if restart is not None else "; no further <item> in what was read so far")
        self.wxr.add_problem(line, f"XML error: {_xml_message(exc)}{where}{resumed}")
        self._last_error = (line, column)
        self.item = None
        self.comment_line = None
        if restart is None:
            return None, b""
        return self._parser_at(restart)

    def _restart(self, window_start: int) -> tuple[etree.XMLPullParser | None, bytes]:
        # "<item" may straddle two chunks: look a few bytes back.
        found = self._find_item(max(0, window_start - 6))
        if found is None:
            return None, b""
        return self._parser_at(found)

    def _parser_at(self, offset: int) -> tuple[etree.XMLPullParser, bytes]:
        # A new document around the rest: the same encoding and namespaces, a channel,
        # then the bytes from "<item" on, all on the restart line so lines still map.
        self.line_base = self._offset_line(offset) - 1
        declarations = "".join(
            f' xmlns="{uri}"' if prefix is None else f' xmlns:{prefix}="{uri}"'
            for prefix, uri in self.wxr.namespaces.items())
        prefix = (f'<?xml version="1.0" encoding="{self.wxr.encoding}"?>'.encode("ascii")
                  + self.cleaner.safe_doctype
                  + f"<rss{declarations}><channel>".encode("ascii", "xmlcharrefreplace"))
        parser = self._fresh_parser(prefix)
        return parser, self._window[offset:]

    def _find_item(self, start: int) -> int | None:
        match = _ITEM_START.search(self._window, start)
        return match.start() if match else None

    def _error_offset(self, line: int, column: int) -> int:
        """The window offset of a parser error (its line and column), at least past the last one."""
        offset = 0
        for _ in range(max(0, line - self._window_line)):
            found = self._window.find(b"\n", offset)
            if found < 0:
                break
            offset = found + 1
        offset += column
        if self._last_error is not None and self._last_error == (line, column):
            # The same error again after a restart: go past its whole line.
            end = self._window.find(b"\n", offset)
            offset = len(self._window) if end < 0 else end + 1
        return min(offset, len(self._window))

    def _offset_line(self, offset: int) -> int:
        return self._window_line + self._window.count(b"\n", 0, offset)

    def _where(self) -> str:
        post = f"the post starting on line {self.item.line}" if self.item is not None else "its post"
        if self.comment_line is not None:
            return (f" (inside the comment starting on line {self.comment_line}: it and the rest of "
                    f"{post} were skipped)")
        if self.item is not None:
            return f" (inside {post}: its later comments were skipped)"
        return ""

    def _report_end(self, exc: etree.XMLSyntaxError) -> None:
        line = (exc.lineno or 0) + self.line_base
        if self.comment_line is not None:
            where = f", inside the comment starting on line {self.comment_line}, which was not imported"
        elif self.item is not None:
            where = f", inside the post starting on line {self.item.line}"
        else:
            where = ""
        self.wxr.add_problem(line, f"the file ends early{where} ({_xml_message(exc)}): it looks "
                                   f"truncated; everything before this point was read")


def _xml_message(exc: etree.XMLSyntaxError) -> str:
    return collapse(_PARSER_POSITION.sub("", exc.msg or str(exc)))


def _is_wxr(element: etree._Element) -> bool:
    return bool(_WXR_NAMESPACE.match(namespace(element)))


def _forget(element: etree._Element) -> None:
    """Free an element that has been read, and the siblings read before it."""
    element.clear()
    parent = element.getparent()
    if parent is not None:
        while element.getprevious() is not None:
            del parent[0]


def _read_item(context: _ItemContext) -> None:
    """Read the post's fields; WordPress writes them before the post's comments."""
    context.read = True
    for child in context.element:
        name = localname(child)
        if name not in _ITEM_FIELDS or not _is_item_field(child, name):
            continue
        value = text_of(child).strip()
        if name == "link" and context.post_url is None:
            context.post_url = _url(value)
        elif name == "post_id" and context.post_id is None:
            context.post_id = _id(value)
        elif name == "status" and not context.post_status:
            context.post_status = value


def _is_item_field(element: etree._Element, name: str) -> bool:
    # <link> and <title> are RSS's own (no namespace); the others are wp: elements.
    return (namespace(element) == "") if name in ("link", "title") else _is_wxr(element)


# --- one comment ---------------------------------------------------------------------


def build_comment(element: etree._Element, context: _ItemContext | None, *, line: int,
                  wxr: WxrFile) -> tuple[WxrComment | None, str | None]:
    """Turn one ``<wp:comment>`` element into a record.

    Args:
        element: the ``wp:comment`` element, fully parsed.
        context: the post it belongs to (``None`` outside an ``<item>``).
        line: its line in the file.
        wxr: the file being read (options, and the counter of skipped comments).

    Returns:
        ``(record, problem)``: the record or ``None`` when it cannot be read or is
        left out on purpose, and a reason to report, or ``None``.
    """
    fields, meta_rows = _comment_fields(element)
    comment_id = _id(fields.get("comment_id", ""))
    if comment_id is None:
        return None, f"comment without a valid wp:comment_id ({fields.get('comment_id', '')!r}); not imported"
    wp_type = fields.get("comment_type", "").strip().lower()
    if wp_type in PRIVATE_COMMENT_TYPES:
        wxr.skipped[f"private comment type {wp_type!r}"] += 1
        return None, None
    post_url = context.post_url if context else None
    author_name = collapse(html.unescape(fields.get("comment_author", "")))
    author_url = _url(fields.get("comment_author_url", ""))
    email = fields.get("comment_author_email", "").strip()
    ip = fields.get("comment_author_IP", "").strip()
    content = fields.get("comment_content", "")
    # The stored content, as WordPress shows it: URLs written as text become links.
    text, body_links = text_and_links(content, base=post_url or wxr.site_url)
    # The export holds no markup for the author link: its rel is unknown, not empty.
    author_link = [Link(url=author_url, anchor=author_name, rel=None,
                        is_author_link=True)] if author_url else []
    raw_meta = _meta_dict(meta_rows)
    record = WxrComment(
        comment_id=comment_id,
        post_url=post_url,
        post_id=context.post_id if context else None,
        post_status=context.post_status if context else "",
        type=wp_type if wp_type in ("pingback", "trackback") else "comment",
        status=_status(fields.get("comment_approved", "")),
        author_name=author_name,
        author_url=author_url,
        author_email_hash=personal_hash(email.lower(), wxr.salt),
        author_ip_hash=personal_hash(ip, wxr.salt),
        author_email=(email or None) if wxr.keep_personal else None,
        author_ip=(ip or None) if wxr.keep_personal else None,
        date_gmt=wordpress_date(fields.get("comment_date_gmt", ""), gmt=True)
        or wordpress_date(fields.get("comment_date", ""), gmt=False),
        content_html=content,
        text=text,
        links=author_link + body_links,
        parent_id=_id(fields.get("comment_parent", "")),
        user_id=_id(fields.get("comment_user_id", "")),
        meta=raw_meta if wxr.keep_personal else scrub_meta(raw_meta),
        verdict=plugin_verdict(raw_meta),
        wp_type=wp_type,
        line=line,
    )
    return record, None


def _comment_fields(element: etree._Element) -> tuple[dict[str, str], list[tuple[str, str]]]:
    fields: dict[str, str] = {}
    meta_rows: list[tuple[str, str]] = []
    for child in element:
        name = _local(child.tag)
        if name == "commentmeta":
            parts = {_local(part.tag): _text(part) for part in child}
            key = parts.get("meta_key", "").strip()
            if key:
                meta_rows.append((key, parts.get("meta_value", "")))
        elif name and name not in fields:
            fields[name] = _text(child)
    return fields, meta_rows


@lru_cache(maxsize=256)
def _local_name(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _local(tag: object) -> str:
    # Comments and processing instructions have a function as their tag.
    return _local_name(tag) if isinstance(tag, str) else ""


def _text(element: etree._Element) -> str:
    # Nearly every field is one text node (or CDATA section); only an element
    # holding an entity reference needs the slower walk that leaves it out.
    if len(element) == 0:
        return element.text or ""
    return text_of(element)


def _url(value: str) -> str | None:
    """Normalise a URL from the export (most are already in normal form)."""
    value = value.strip()
    if not value:
        return None
    return normalize_absolute(value)


def _status(approved: str) -> str:
    value = approved.strip().lower()
    return STATUS_NAMES.get(value, value)


def _id(text: str) -> str | None:
    """A WordPress id as a string; ``0``, empty and non-numbers are ``None``."""
    text = text.strip()
    if not (text.isascii() and text.isdigit()) or len(text) > _MAX_ID_DIGITS:
        return None
    number = int(text)
    return str(number) if number > 0 else None


def personal_hash(value: str, salt: bytes) -> str | None:
    """Return ``sha256(salt + value)`` in hex, or ``None`` for an empty value.

    Example:
        >>> personal_hash("ann@mail.example", b"s")[:12], personal_hash("", b"s")
        ('898b0963ab5c', None)
    """
    if not value:
        return None
    return hashlib.sha256(salt + value.encode("utf-8")).hexdigest()


# --- comment meta: plugin verdicts and personal data ------------------------------------


def _meta_dict(rows: list[tuple[str, str]]) -> dict[str, str | list[str]]:
    meta: dict[str, str | list[str]] = {}
    for key, value in rows:
        if key not in meta:
            meta[key] = value
            continue
        previous = meta[key]
        if isinstance(previous, list):
            previous.append(value)
        else:
            meta[key] = [previous, value]
    return meta


def _last(value: str | list[str] | None) -> str | None:
    if isinstance(value, list):
        return value[-1].strip().lower() if value else None
    return value.strip().lower() if value is not None else None


def _values(value: str | list[str] | None) -> list[str]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def scrub_meta(meta: dict[str, str | list[str]]) -> dict[str, str | list[str]]:
    """Return comment meta without the commenter's personal data.

    ``akismet_as_submitted`` keeps only :data:`AKISMET_SUBMITTED_KEPT` (a value that
    cannot be read as a PHP array is dropped whole); :data:`PERSONAL_META_KEYS` go.

    Example:
        >>> scrub_meta({"akismet_as_submitted": 'a:2:{s:14:"comment_author";s:3:"Ann";'
        ...             's:7:"user_ip";s:9:"192.0.2.1";}', "akismet_result": "false"})
        {'akismet_as_submitted': 'a:1:{s:14:"comment_author";s:3:"Ann";}', 'akismet_result': 'false'}
    """
    scrubbed: dict[str, str | list[str]] = {}
    for key, value in meta.items():
        if key in PERSONAL_META_KEYS:
            continue
        if key == "akismet_as_submitted":
            kept = [_scrub_submitted(v) for v in _values(value)]
            value = kept if isinstance(value, list) else kept[0]
        scrubbed[key] = value
    return scrubbed


def _scrub_submitted(serialized: str) -> str:
    try:
        entries = php_array_entries(serialized)
    except ValueError:
        return ""
    kept = [raw for key, raw in entries if key in AKISMET_SUBMITTED_KEPT]
    return f"a:{len(kept)}:{{{''.join(kept)}}}"


def plugin_verdict(meta: Mapping[str, str | list[str]]) -> str | None:
    """Summarise what anti-spam plugins left in a comment's meta.

    - Akismet's check (``akismet_result`` ``true``/``false``, else the latest
      check event in ``akismet_history``): ``akismet: spam`` / ``akismet: ham``, or
      ``akismet: error`` when it could not check (``akismet_error``).
    - A report to Akismet (``akismet_user_result``, set when someone marks the
      comment spam or not spam): ``akismet report: spam`` / ``akismet report: ham``.
    - Antispam Bee's reason (``antispam_bee_reason``, only on spam):
      ``antispam bee: spam (css)``.

    Example:
        >>> plugin_verdict({"akismet_result": "true", "antispam_bee_reason": "server"})
        'akismet: spam; antispam bee: spam (server)'
        >>> plugin_verdict({"akismet_history": ['a:2:{s:4:"time";d:1.5;s:5:"event";s:9:"check-ham";}']})
        'akismet: ham'
        >>> plugin_verdict({"rating": "5"}) is None
        True

    Returns:
        The parts joined by ``"; "``, or ``None`` when no plugin left a verdict.
    """
    parts = []
    akismet = _akismet_check(meta)
    if akismet:
        parts.append(f"akismet: {akismet}")
    report = {"true": "spam", "false": "ham"}.get(_last(meta.get("akismet_user_result")) or "")
    if report:
        parts.append(f"akismet report: {report}")
    reason = _last(meta.get("antispam_bee_reason"))
    if reason:
        parts.append(f"antispam bee: spam ({reason})")
    return "; ".join(parts) or None


def _akismet_check(meta: Mapping[str, str | list[str]]) -> str | None:
    result = {"true": "spam", "false": "ham"}.get(_last(meta.get("akismet_result")) or "")
    if result:
        return result
    for history in reversed(_values(meta.get("akismet_history"))):
        event = _history_event(history)
        # check-spam, recheck-ham, cron-retry-spam, webhook-ham, ...
        for outcome in ("spam", "ham"):
            if event.endswith(f"-{outcome}") and not event.startswith(("report-", "status-")):
                return outcome
    if "akismet_error" in meta:
        return "error"
    return None


def _history_event(serialized: str) -> str:
    try:
        entries = php_array_entries(serialized)
    except ValueError:
        return ""
    for key, raw in entries:
        if key == "event":
            return php_string_value(raw) or ""
    return ""


# PHP's serialize() format, as far as comment meta needs it: arrays of scalars.
_PHP_SCALAR = re.compile(rb'(?:i:-?\d+|d:[^;]*|b:[01]|N);')
_PHP_STRING = re.compile(rb's:(\d+):"')
_PHP_ARRAY = re.compile(rb"a:(\d+):\{")
_MAX_PHP_DEPTH = 16


def php_array_entries(serialized: str) -> list[tuple[str, str]]:
    """Split a PHP-serialised array into ``(key, raw entry)`` pairs.

    Each raw entry is the key and value exactly as serialised, so that an array
    can be rebuilt with entries left out. Objects are refused: this reads data and
    never instantiates anything.

    Example:
        >>> php_array_entries('a:2:{s:5:"event";s:9:"check-ham";i:0;b:1;}')
        [('event', 's:5:"event";s:9:"check-ham";'), ('0', 'i:0;b:1;')]

    Raises:
        ValueError: the text is not a serialised array of scalars and arrays.
    """
    data = serialized.strip().encode("utf-8")
    header = _PHP_ARRAY.match(data)
    if not header:
        raise ValueError("not a serialised PHP array")
    position = header.end()
    entries = []
    for _ in range(int(header.group(1))):
        start = position
        key, position = _php_value(data, position, 0)
        if not isinstance(key, (str, int)):
            raise ValueError("array key is not a string or integer")
        _, position = _php_value(data, position, 0)
        entries.append((str(key), data[start:position].decode("utf-8", "replace")))
    if data[position:position + 1] != b"}":
        raise ValueError("serialised array does not end where its count says")
    return entries


def php_string_value(raw_entry: str) -> str | None:
    """Return the string value of one raw entry from :func:`php_array_entries`."""
    data = raw_entry.encode("utf-8")
    try:
        _, position = _php_value(data, 0, 0)
        value, _ = _php_value(data, position, 0)
    except ValueError:
        return None
    return value if isinstance(value, str) else None


def _php_value(data: bytes, position: int, depth: int) -> tuple[object, int]:
    if depth > _MAX_PHP_DEPTH:
        raise ValueError("serialised value nests too deeply")
    string = _PHP_STRING.match(data, position)
    if string:
        # The length counts bytes, not characters.
        start = string.end()
        end = start + int(string.group(1))
        if data[end:end + 2] != b'";':
            raise ValueError("serialised string length does not match")
        return data[start:end].decode("utf-8", "replace"), end + 2
    scalar = _PHP_SCALAR.match(data, position)
    if scalar:
        token = scalar.group(0)[:-1]
        return (int(token[2:]) if token.startswith(b"i:") else token.decode("ascii", "replace")), scalar.end()
    array = _PHP_ARRAY.match(data, position)
    if array:
        position = array.end()
        for _ in range(2 * int(array.group(1))):
            _, position = _php_value(data, position, depth + 1)
        if data[position:position + 1] != b"}":
            raise ValueError("serialised array does not end where its count says")
        return None, position + 1
    raise ValueError(f"unsupported serialised value at byte {position}")
