"""Backlink exports users bring: Search Console, Ahrefs, Semrush, Moz, Majestic, any CSV.

Every row of these files is an *inbound claim*: a page that, according to the tool,
links to the user's site (DOMAIN.md §1). :func:`read_backlinks` recognises the file
from its header and :meth:`BacklinkFile.rows` streams it back as
:class:`BacklinkRow` records, one per row, or an :class:`ImportProblem` for a row
that cannot be read, in file order. Nothing here touches the network or the store.

What is recognised (DOMAIN.md §4; column names compared without case, spaces or
punctuation, so ``Source url``, ``source_url`` and ``SourceURL`` are one name):

============================  =====================================================
``format``                    recognised by
============================  =====================================================
``ahrefs``                    ``Referring page URL``
``semrush``                   ``Source url`` with ``Page ascore`` (older files:
                              ``Page score``, ``Page trust score``)
``semrush-audit``             ``Source url`` with ``Toxicity score`` / ``Toxic score``
                              / ``Toxic markers`` (Backlink Audit)
``moz``                       ``URL`` with ``Spam Score``, ``Page Authority`` or
                              ``Domain Authority``, after any preamble lines
``majestic``                  ``Source URL`` with ``FlagNoFollow``, ``SourceTrustFlow``,
                              ``SourceCitationFlow`` or a ``Source … Date`` column
``search-console-links``      ``Linking page`` (*Latest links*, *More sample links*)
``search-console-top-sites``  ``Site`` with ``Linking pages`` (*Top linking sites*)
``generic``                   a source column: ``source_url``, ``url``, ``source``,
                              ``referring page url``, ``linking page``, ``backlink`` …
============================  =====================================================

Search Console's *Top linking sites* names sites, not pages: each row is imported at
domain level, as ``source_url = http://<site>/``, with :attr:`BacklinkFile.domain_level`
set and a note saying so; such a row cannot be verified page by page. A Search
Console ZIP is read member by member: the link lists (*Latest links*, *More sample
links*) are imported; *Top linking sites* only when the archive holds no link list;
other tables (*Top linked pages*, *Top linking text*) are skipped with a note.

How values are read:

- **Text**: the encoding comes from the byte-order mark (UTF-8, UTF-16 LE/BE; Ahrefs'
  default export is UTF-16 LE, tab-separated); without one, UTF-16 is recognised by
  its zero bytes and anything else is read as UTF-8. A line with bytes that are not
  valid in that encoding is reported (``undecodable bytes``), not guessed at.
- **Delimiter**: ``,``, ``;`` or tab, sniffed from the header line. Fields may be
  quoted and span lines. Rows whose quoting is broken (Majestic writes some) are
  recovered when splitting the line on the delimiter gives the header's field count;
  otherwise they are reported with their line number.
- **Dates** (``first_seen``, ``last_seen``) become ISO dates (``YYYY-MM-DD``) from:
  ``YYYY-MM-DD`` with or without a time (``T`` or space, any zone), ``YYYY/MM/DD``,
  ``M/D/YYYY`` (the US order: ``5/31/2024``; a first number above 12 is *not*
  taken as a day, because a file mixing both orders would be misread silently),
  ``DD.MM.YYYY`` (dots mean day first), and month names (``May 31, 2024``,
  ``31 May 2024``), and the other forms of ISO 8601 (``20240531``), as
  :func:`backlint.dates.parse_date` reads them. Anything else gives
  ``None`` and counts a ``date not understood`` warning.
- **Booleans** (``Nofollow``, ``Lost link``, Majestic flags): ``true/false``,
  ``TRUE/FALSE``, ``yes/no``, ``1/0``, ``y/n``, ``+/-``, ``x``.
- **rel**: from ``Nofollow``/``UGC``/``Sponsored`` flags and from a ``rel``-like column
  (``nofollow ugc``, ``follow``, ``dofollow``); ``None`` when the file has neither.
- **lost**: a boolean column, or a date column (Ahrefs ``Lost``: a date means lost,
  empty means live); ``None`` when the file does not say.
- **Metrics**: the tools' numbers (Domain rating, UR, Page ascore, Spam Score, Domain
  Authority, Trust Flow, Citation Flow, traffic, link counts …) and flags
  (sitewide, image, frame …, as ``0``/``1``) under snake_case names; ``1,234``,
  ``12,5`` and ``45%`` are read as numbers. Other text columns are not kept.
- A row with no source URL, or one that is not http(s), is reported; a source
  written without a scheme (``example.com/page``, as Moz writes them) is read as
  ``http://`` and counted in the ``scheme assumed`` warning. Rows whose fields are all
  empty are passed over like blank lines.

Memory stays bounded whatever the file's size: bytes are decoded in chunks, one
record is held at a time, a line longer than :data:`MAX_LINE_CHARS` is reported and
skipped, a quoted field may span at most :data:`MAX_RECORD_LINES` lines, and a ZIP
may expand to at most :data:`MAX_ZIP_BYTES` bytes in at most :data:`MAX_ZIP_MEMBERS`
members.
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import dataclasses
import math
import os
import re
import zipfile
import zlib
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from typing import IO, BinaryIO

from backlint.dates import parse_date as read_date
from backlint.decode import sniff_file
from backlint.errors import ImportFormatError
from backlint.urls import normalize_absolute, normalize_loose_url
from crawler.importers.toolkit import ByteSource, read_exactly, sniff_delimiters

#: A line longer than this (in characters) is reported and skipped: it is not a row
#: of any export, and holding it would let one file take unbounded memory.
MAX_LINE_CHARS = 1 << 20
#: A quoted field may span this many physical lines (Ahrefs' context columns can
#: hold line breaks); an unclosed quote is given up on after that.
MAX_RECORD_LINES = 100
#: The header must start within this many bytes and lines (Moz writes a preamble).
HEAD_BYTES = 1 << 20
MAX_PREAMBLE_LINES = 100
#: ZIP guards against archive bombs: total bytes read out of members, member count.
MAX_ZIP_BYTES = 2 * 1024**3
MAX_ZIP_MEMBERS = 1000
#: How much of a bad line an :class:`ImportProblem` keeps.
RAW_CHARS = 2000

_CHUNK_BYTES = 1 << 18
# Ties go to the tab: Ahrefs' default export is tab-separated.
_DELIMITERS = ("\t", ";", ",")
_TEXT_MEMBER_SUFFIXES = (".csv", ".tsv", ".txt")

# Problem reasons: short and stable, so summaries group by them.
NO_SOURCE = "no source URL"
BAD_SOURCE = "invalid source URL"
FIELD_COUNT = "wrong field count"
UNDECODABLE = "undecodable bytes"
LINE_TOO_LONG = "line too long"
ZIP_LIMIT = "ZIP size limit reached"
ZIP_DAMAGED = "damaged ZIP member"

# Warnings: the row was imported, but something in it was read with a guess or dropped.
SCHEME_ASSUMED = "scheme assumed (http://)"
DATE_NOT_UNDERSTOOD = "date not understood"
TARGET_NOT_UNDERSTOOD = "target URL not understood"
QUOTING_RECOVERED = "recovered from broken quoting"
LINE_BREAK_JOINED = "row joined across a line break"
DOMAIN_LEVEL = "domain-level row (site, not page)"

# Undecodable bytes are replaced by this lone surrogate, which strict UTF-8 and
# UTF-16 decoding can never produce otherwise: finding it in a line means the line
# held bytes that are not text in the file's encoding.
_UNDECODABLE_MARK = "\udcff"
_MARKED = re.compile("[\ud800-\udfff]")


def _mark_undecodable(error: UnicodeError) -> tuple[str, int]:
    # Registered for decoding only; codecs hands an error handler the base type.
    if not isinstance(error, UnicodeDecodeError):
        raise error
    return _UNDECODABLE_MARK, error.end


_ERRORS = "backlint-mark-undecodable"
codecs.register_error(_ERRORS, _mark_undecodable)


@dataclass(frozen=True)
class BacklinkRow:
    """One link from a backlink export: a page that, per the tool, links to the site.

    Example:
        >>> row = BacklinkRow(line=2, source_url="https://blog.example/post/",
        ...                   target_url="https://mysite.example/", anchor="my site",
        ...                   rel=("nofollow",), metrics={"domain_rating": 12})
        >>> row.source_url, row.rel, row.lost
        ('https://blog.example/post/', ('nofollow',), None)

    Attributes:
        line: the 1-based physical line of the file where the row starts.
        source_url: the linking page, normalised (:func:`backlint.urls.normalize_url`).
        target_url: the page linked to, normalised, or ``None`` when not given.
        anchor: the anchor text, whitespace collapsed (``""`` when not given).
        rel: the link's ``rel`` values (``nofollow``, ``ugc``, ``sponsored`` …), ``()``
            for a followed link, ``None`` when the file does not say.
        first_seen: ISO date the tool first saw the link, or ``None``.
        last_seen: ISO date the tool last saw (crawled) it, or ``None``.
        source_title: the linking page's title, when given.
        http_code: the HTTP status the tool got for the linking page, when given.
        lost: ``True`` when the tool reports the link gone, ``False`` when live,
            ``None`` when the file does not say.
        metrics: the tool's numbers for the link or its page, by snake_case name.
    """

    line: int
    source_url: str
    target_url: str | None = None
    anchor: str = ""
    rel: tuple[str, ...] | None = None
    first_seen: str | None = None
    last_seen: str | None = None
    source_title: str = ""
    http_code: int | None = None
    lost: bool | None = None
    # Left out of the hash (a dict has none) so that rows can go in sets.
    metrics: dict[str, int | float] = field(default_factory=dict, hash=False)


@dataclass(frozen=True)
class ImportProblem:
    """A row that could not be read; the rows after it still are.

    Example:
        >>> ImportProblem(7, "invalid source URL", "mailto:x@example.com,Anchor")
        ImportProblem(line=7, reason='invalid source URL', raw='mailto:x@example.com,Anchor', detail='', member='')

    Attributes:
        line: the 1-based physical line where the row starts.
        reason: a short, stable cause (``no source URL``, ``invalid source URL``,
            ``wrong field count``, ``undecodable bytes``, ``line too long`` …).
        raw: the line as read (undecodable bytes shown as U+FFFD), cut to
            :data:`RAW_CHARS` characters.
        detail: more about this row (``expected 30 fields, found 28``).
        member: the ZIP member the row is in, ``""`` for a plain file.
    """

    line: int
    reason: str
    raw: str
    detail: str = ""
    member: str = ""


@dataclass
class ImportSummary:
    """Counters filled while :meth:`BacklinkFile.rows` is iterated.

    ``rows_read == imported + sum(skipped.values())`` holds at every step.

    Example:
        >>> summary = ImportSummary(rows_read=3, imported=2, skipped=Counter({"no source URL": 1}))
        >>> summary.skipped_total
        1

    Attributes:
        rows_read: data rows met (blank lines, preamble and header not counted).
        imported: rows returned as :class:`BacklinkRow`.
        skipped: rows returned as :class:`ImportProblem`, by reason.
        warnings: imported rows where something was guessed or dropped, by kind
            (``date not understood``, ``scheme assumed (http://)`` …).
    """

    rows_read: int = 0
    imported: int = 0
    skipped: Counter[str] = field(default_factory=Counter)
    warnings: Counter[str] = field(default_factory=Counter)

    @property
    def skipped_total(self) -> int:
        """Return how many rows were skipped, whatever the reason."""
        return sum(self.skipped.values())


# --------------------------------------------------------------------------- formats

def _key(name: str) -> str:
    """Return a column name reduced for comparison: lower case, letters and digits only.

    Example:
        >>> _key(" Source_URL "), _key("Referring page HTTP code")
        ('sourceurl', 'referringpagehttpcode')
    """
    return re.sub(r"[^0-9a-z]+", "", name.lower())


# Column aliases shared by every format, most specific first: the first alias the
# header has wins. Keys are ``_key`` forms.
_FIELD_ALIASES: dict[str, tuple[str, ...]] = {
    "source": ("referringpageurl", "sourceurl", "linkingpage", "url", "source", "referringpage",
               "referringurl", "sourcepage", "sourcepageurl", "linkingurl", "linkingpageurl",
               "backlink", "backlinkurl", "fromurl", "from", "pageurl"),
    "target": ("targeturl", "target", "targetpage", "linkedpage", "linkurl", "destinationurl",
               "destination", "tourl", "to"),
    "anchor": ("anchor", "anchortext", "linkanchor", "linktext"),
    "rel": ("rel", "linkrel", "relattribute", "relattributes", "linkattributes", "linktype"),
    "first_seen": ("firstseen", "sourcefirstfounddate", "datefirstseen", "firstfound", "firstindexed",
                   "firstindexeddate", "discovered", "datefound", "found", "firstcrawled", "date"),
    "last_seen": ("lastseen", "sourcecrawldate", "lastcrawled", "datelastseen", "lastcheck",
                  "lastchecked", "lastvisited"),
    "title": ("referringpagetitle", "sourcetitle", "title", "pagetitle"),
    "http_code": ("referringpagehttpcode", "httpcode", "httpstatuscode", "httpstatus", "statuscode"),
    "lost": ("lost", "lostlink", "datelost", "daylost", "flagdeleted", "loststatus", "islost"),
}

# rel flags: (rel value, column aliases, the column says "followed" rather than the flag).
_FLAG_COLUMNS: tuple[tuple[str, tuple[str, ...], bool], ...] = (
    ("nofollow", ("nofollow", "flagnofollow", "isnofollow"), False),
    ("nofollow", ("dofollow", "isdofollow", "follow"), True),
    ("ugc", ("ugc", "flagugc", "isugc"), False),
    ("sponsored", ("sponsored", "flagsponsored", "issponsored"), False),
)

# Metric columns (``_key`` form) and the name each is kept under.
_METRIC_COLUMNS: dict[str, str] = {
    # Ahrefs
    "domainrating": "domain_rating", "dr": "domain_rating", "ur": "url_rating",
    "urlrating": "url_rating", "domaintraffic": "domain_traffic", "pagetraffic": "page_traffic",
    "traffic": "page_traffic", "referringdomains": "referring_domains",
    "linkeddomains": "linked_domains", "externallinks": "external_links",
    "externallinkscount": "external_links", "internallinks": "internal_links",
    "internallinkscount": "internal_links", "keywords": "keywords",
    "linksingroup": "links_in_group", "isspam": "is_spam",
    # Semrush backlinks and Backlink Audit
    "pageascore": "page_ascore", "pagescore": "page_score", "pagetrustscore": "page_trust_score",
    "domainascore": "domain_ascore", "authorityscore": "authority_score",
    "toxicityscore": "toxicity_score", "toxicscore": "toxicity_score", "sitewide": "sitewide",
    "image": "image", "frame": "frame", "form": "form", "newlink": "new_link",
    # Moz
    "spamscore": "spam_score", "pageauthority": "page_authority",
    "domainauthority": "domain_authority",
    "numberofdomainslinkingtopage": "domains_linking_to_page",
    "numberofdomainslinkingtodomain": "domains_linking_to_domain",
    # Majestic
    "sourcetrustflow": "source_trust_flow", "sourcecitationflow": "source_citation_flow",
    "targettrustflow": "target_trust_flow", "targetcitationflow": "target_citation_flow",
    "flagimagelink": "image", "flagredirect": "redirect", "flagframe": "frame",
    "flagoldcrawl": "old_crawl", "flagalttext": "alt_text", "flagmention": "mention",
    # Search Console, Top linking sites
    "linkingpages": "linking_pages", "targetpages": "target_pages",
}
#: Metrics that are yes/no flags in the file, kept as 0 or 1.
_FLAG_METRICS = frozenset({"is_spam", "sitewide", "image", "frame", "form", "new_link", "redirect",
                           "old_crawl", "alt_text", "mention"})


@dataclass(frozen=True)
class _Format:
    """How one kind of export is recognised and what its error message promises."""

    name: str
    label: str
    expects: str
    # Every group must meet the header in at least one column.
    required: tuple[frozenset[str], ...]
    # Field aliases that replace the shared ones for this format.
    overrides: tuple[tuple[str, tuple[str, ...]], ...] = ()
    domain_level: bool = False

    def matches(self, keys: frozenset[str]) -> bool:
        return all(group & keys for group in self.required)


# In the order they are tried: the most specific signatures first, generic last.
FORMATS: tuple[_Format, ...] = (
    _Format("semrush-audit", "Semrush backlink audit",
            "Source url, Source title, Target url, Anchor, Toxicity score, First seen, Last seen",
            (frozenset({"sourceurl"}), frozenset({"toxicityscore", "toxicscore", "toxicmarkers"}))),
    _Format("majestic", "Majestic backlinks",
            "Target URL, Source URL, Anchor Text, Source Crawl Date, Source First Found Date, "
            "FlagNoFollow, SourceTrustFlow, SourceCitationFlow",
            (frozenset({"sourceurl"}),
             frozenset({"flagnofollow", "sourcetrustflow", "sourcecitationflow", "sourcecrawldate",
                        "sourcefirstfounddate"}))),
    _Format("semrush", "Semrush backlinks",
            "Page ascore (older: Page score), Source title, Source url, Target url, Anchor, Nofollow, "
            "First seen, Last seen, Lost link",
            (frozenset({"sourceurl"}), frozenset({"pageascore", "pagescore", "pagetrustscore"}))),
    _Format("ahrefs", "Ahrefs backlinks",
            "Referring page title, Referring page URL, Domain rating, Target URL, Anchor, Nofollow, "
            "UGC, Sponsored, First seen, Last seen, Lost",
            (frozenset({"referringpageurl"}),)),
    _Format("moz", "Moz Link Explorer",
            "URL, Title, Anchor Text, Spam Score, Page Authority, Domain Authority, Target URL",
            (frozenset({"url"}), frozenset({"spamscore", "pageauthority", "domainauthority"}))),
    _Format("search-console-top-sites", "Search Console, Top linking sites",
            "Site, Linking pages, Target pages",
            (frozenset({"site"}), frozenset({"linkingpages"})),
            overrides=(("source", ("site",)),), domain_level=True),
    _Format("search-console-links", "Search Console, Latest links / More sample links",
            "Linking page, Last crawled",
            (frozenset({"linkingpage"}),)),
    _Format("generic", "any CSV",
            "source_url (or url, source, referring page url); optional target_url, anchor, "
            "rel or nofollow, first_seen",
            (frozenset(_FIELD_ALIASES["source"]),)),
)


def _format_for(keys: frozenset[str]) -> _Format | None:
    return next((fmt for fmt in FORMATS if fmt.matches(keys)), None)


@dataclass(frozen=True)
class _Layout:
    """Where each field is in a row of one file (column indexes, ``None`` when absent)."""

    width: int
    source: int
    target: int | None
    anchor: int | None
    rel: int | None
    first_seen: int | None
    last_seen: int | None
    title: int | None
    http_code: int | None
    lost: int | None
    flags: tuple[tuple[str, int, bool], ...]
    metrics: tuple[tuple[int, str], ...]
    domain_level: bool

    @property
    def says_rel(self) -> bool:
        return self.rel is not None or bool(self.flags)


def _layout(names: tuple[str, ...], fmt: _Format) -> _Layout:
    """Map a header onto the fields of :class:`BacklinkRow` for format ``fmt``."""
    keys = [_key(name) for name in names]
    first: dict[str, int] = {}
    for index, key in enumerate(keys):
        first.setdefault(key, index)
    aliases = {**_FIELD_ALIASES, **dict(fmt.overrides)}

    def column(field_name: str) -> int | None:
        return next((first[a] for a in aliases[field_name] if a in first), None)

    flags = tuple((token, first[alias], inverted)
                  for token, column_aliases, inverted in _FLAG_COLUMNS
                  for alias in column_aliases if alias in first)
    metrics: dict[str, int] = {}
    for index, key in enumerate(keys):
        name = _METRIC_COLUMNS.get(key)
        if name and name not in metrics:
            metrics[name] = index
    source = column("source")
    assert source is not None  # every format's signature includes a source column
    return _Layout(
        width=len(names), source=source, target=column("target"), anchor=column("anchor"),
        rel=column("rel"), first_seen=column("first_seen"), last_seen=column("last_seen"),
        title=column("title"), http_code=column("http_code"), lost=column("lost"),
        flags=_dedupe_flags(flags),
        metrics=tuple((index, name) for name, index in metrics.items()),
        domain_level=fmt.domain_level,
    )


def _dedupe_flags(flags: tuple[tuple[str, int, bool], ...]) -> tuple[tuple[str, int, bool], ...]:
    # One column per rel value: a file with both "Nofollow" and "FlagNoFollow" uses the first.
    seen: set[str] = set()
    kept = []
    for token, index, inverted in flags:
        if token not in seen:
            seen.add(token)
            kept.append((token, index, inverted))
    return tuple(kept)


def _expected_columns() -> str:
    return "\n".join(f"  {fmt.label} ({fmt.name}): {fmt.expects}" for fmt in FORMATS)


# --------------------------------------------------------------------------- values

_BOOLEANS = {
    "true": True, "false": False, "yes": True, "no": False, "1": True, "0": False,
    "y": True, "n": False, "+": True, "-": False, "x": True, "t": True, "f": False,
}
_THOUSANDS = re.compile(r"-?\d{1,3}(?:,\d{3})+(?:\.\d+)?")
_DECIMAL_COMMA = re.compile(r"-?\d+,\d+")
_REL_SPLIT = re.compile(r"[\s,;|/]+")
_REL_VALUES = frozenset({"nofollow", "ugc", "sponsored", "noopener", "noreferrer", "external"})
_FOLLOWED = frozenset({"follow", "dofollow", "do-follow", "followed"})


@lru_cache(maxsize=8192)
def parse_date(value: str) -> str | None:
    """Return ``value`` as an ISO date, or ``None`` when it is not a date read here.

    The forms read are listed in the module docstring.

    Example:
        >>> [parse_date(v) for v in ("2024-05-31T10:00:00Z", "5/31/2024", "31.05.2024",
        ...                          "May 31, 2024", "31/5/2024", "")]
        ['2024-05-31', '2024-05-31', '2024-05-31', '2024-05-31', None, None]

    Args:
        value: a cell as found in the file.

    Returns:
        ``YYYY-MM-DD``, or ``None`` for an empty or unreadable value.
    """
    parsed = read_date(value)
    if parsed is None:
        return None
    # The day as the file writes it, whatever the zone: a tool's date is a day.
    return (parsed.date() if isinstance(parsed, datetime) else parsed).isoformat()


def parse_bool(value: str) -> bool | None:
    """Return the truth of a flag cell, or ``None`` when it is empty or not a boolean.

    Example:
        >>> parse_bool("TRUE"), parse_bool("false"), parse_bool("+"), parse_bool(""), parse_bool("maybe")
        (True, False, True, None, None)
    """
    return _BOOLEANS.get(value.strip().lower())


def parse_number(value: str) -> int | float | None:
    """Return a metric cell as a number, or ``None`` when it holds none.

    Example:
        >>> parse_number("42"), parse_number("1,234"), parse_number("12,5"), parse_number("45%")
        (42, 1234, 12.5, 45)
        >>> parse_number("-"), parse_number("n/a"), parse_number("nan")
        (None, None, None)
    """
    text = value.strip()
    if not text:
        return None
    number = _plain_number(text)
    if number is not None:
        return number
    text = text.rstrip("%").replace("\u00a0", "").replace(" ", "")
    if _THOUSANDS.fullmatch(text):
        text = text.replace(",", "")
    elif _DECIMAL_COMMA.fullmatch(text):
        text = text.replace(",", ".")
    return _plain_number(text)


def _plain_number(text: str) -> int | float | None:
    try:
        return int(text)
    except ValueError:
        pass
    try:
        number = float(text)
    except ValueError:
        return None
    return number if math.isfinite(number) else None


def parse_rel(value: str) -> tuple[str, ...] | None:
    """Return the rel values a rel-like cell names, ``()`` for followed, ``None`` if unknown.

    Example:
        >>> parse_rel("nofollow, UGC"), parse_rel("dofollow"), parse_rel(""), parse_rel("image")
        (('nofollow', 'ugc'), (), (), None)
    """
    tokens = [t for t in _REL_SPLIT.split(value.strip().lower()) if t]
    if not tokens:
        return ()
    values = tuple(dict.fromkeys(t for t in tokens if t in _REL_VALUES))
    if values or any(t in _FOLLOWED for t in tokens):
        return values
    return None


def _collapse(text: str) -> str:
    return " ".join(text.split())


# --------------------------------------------------------------------------- rows

def _cell(fields: list[str], index: int | None) -> str:
    return fields[index].strip() if index is not None else ""


def _row_from_fields(fields: list[str], line: int, layout: _Layout,
                     warnings: Counter[str]) -> BacklinkRow | ImportProblem:
    """Build one :class:`BacklinkRow` from a record's fields, or say why it cannot be."""
    raw_source = fields[layout.source].strip()
    if not raw_source:
        return ImportProblem(line, NO_SOURCE, _raw(fields))
    if layout.domain_level:
        source = normalize_loose_url(raw_source)
        warnings[DOMAIN_LEVEL] += 1
    else:
        source = normalize_absolute(raw_source)
        if source is None:
            source = normalize_loose_url(raw_source)  # Moz and hand-made lists write "example.com/page"
            if source is not None:
                warnings[SCHEME_ASSUMED] += 1
    if source is None:
        return ImportProblem(line, BAD_SOURCE, _raw(fields), detail=raw_source[:200])

    target = None
    raw_target = _cell(fields, layout.target)
    if raw_target:
        target = normalize_loose_url(raw_target)
        if target is None:
            warnings[TARGET_NOT_UNDERSTOOD] += 1
    return BacklinkRow(
        line=line,
        source_url=source,
        target_url=target,
        anchor=_collapse(_cell(fields, layout.anchor)),
        rel=_rel_of(fields, layout),
        first_seen=_date_cell(fields, layout.first_seen, warnings),
        last_seen=_date_cell(fields, layout.last_seen, warnings),
        source_title=_collapse(_cell(fields, layout.title)),
        http_code=_http_code(_cell(fields, layout.http_code)),
        lost=_lost(fields, layout.lost),
        metrics=_metrics(fields, layout.metrics),
    )


def _date_cell(fields: list[str], index: int | None, warnings: Counter[str]) -> str | None:
    value = _cell(fields, index)
    if not value:
        return None
    parsed = parse_date(value)
    if parsed is None:
        warnings[DATE_NOT_UNDERSTOOD] += 1
    return parsed


def _rel_of(fields: list[str], layout: _Layout) -> tuple[str, ...] | None:
    if not layout.says_rel:
        return None
    from_column = parse_rel(fields[layout.rel]) if layout.rel is not None else None
    flagged = []
    known = from_column is not None
    for token, index, inverted in layout.flags:
        value = parse_bool(fields[index])
        if value is None:
            continue
        known = True
        if value != inverted:
            flagged.append(token)
    if not known:
        return None
    return tuple(dict.fromkeys([*(from_column or ()), *flagged]))


def _http_code(value: str) -> int | None:
    number = _plain_number(value) if value else None
    if isinstance(number, float) and number.is_integer():
        number = int(number)
    return number if isinstance(number, int) and 100 <= number <= 599 else None


def _lost(fields: list[str], index: int | None) -> bool | None:
    if index is None:
        return None
    value = fields[index].strip()
    if not value:
        return False  # the column exists: an empty cell is the tool saying "live"
    flag = parse_bool(value)
    # Ahrefs writes the date the link was lost; any other text is a lost status.
    return True if flag is None else flag


def _metrics(fields: list[str], columns: tuple[tuple[int, str], ...]) -> dict[str, int | float]:
    metrics: dict[str, int | float] = {}
    for index, name in columns:
        if name in _FLAG_METRICS:
            flag = parse_bool(fields[index])
            number: int | float | None = None if flag is None else int(flag)
        else:
            number = parse_number(fields[index])
        if number is not None:
            metrics[name] = number
    return metrics


def _raw(fields_or_text: list[str] | str) -> str:
    text = fields_or_text if isinstance(fields_or_text, str) else ",".join(fields_or_text)
    return _MARKED.sub("\ufffd", text[:RAW_CHARS])


# --------------------------------------------------------------------------- lines

class _TooLong:
    """Stands for a physical line longer than :data:`MAX_LINE_CHARS` (its text is dropped)."""

    def __repr__(self) -> str:
        return "<line too long>"


_TOO_LONG = _TooLong()
_Line = str | _TooLong


def _physical_lines(chunks: Iterable[bytes], codec: str, *, flush: bool = True) -> Iterator[_Line]:
    """Decode ``chunks`` incrementally and yield physical lines without their line break.

    Lines break at ``\\n`` (``\\r\\n`` too); a file with bare ``\\r`` breaks only
    (old Mac) is split at ``\\r``. A line longer than :data:`MAX_LINE_CHARS` comes out
    as one ``_TOO_LONG`` marker.

    Args:
        chunks: the file's bytes, after any byte-order mark.
        codec: the codec to decode with.
        flush: yield the last line even without a line break (``False`` when
            ``chunks`` is only the beginning of the file).
    """
    decoder = codecs.getincrementaldecoder(codec)(errors=_ERRORS)
    newline: str | None = None
    pending = ""
    skipping = False

    def split(text: str) -> Iterator[_Line]:
        nonlocal newline, pending, skipping
        if newline is None and ("\n" in text or "\r" in text):
            newline = "\n" if "\n" in text else "\r"
        if newline is None:
            pending += text
        else:
            if skipping:
                at = text.find(newline)
                if at < 0:
                    return
                text, skipping = text[at + 1:], False
            parts = (pending + text).split(newline)
            pending = parts.pop()
            for part in parts:
                yield part[:-1] if part.endswith("\r") else part
        if len(pending) > MAX_LINE_CHARS:
            # Drop what is held and the rest of the line up to the next break.
            pending, skipping, newline = "", True, newline or "\n"
            yield _TOO_LONG

    for chunk in chunks:
        yield from split(decoder.decode(chunk))
    if flush:
        yield from split(decoder.decode(b"", True))
        if pending and not skipping:
            yield pending[:-1] if pending.endswith("\r") else pending


class _LineFeed:
    """Numbered physical lines with push-back, so a record can look ahead and give lines back."""

    def __init__(self, lines: Iterator[_Line]) -> None:
        self._lines = lines
        self._number = 0
        self._back: list[tuple[int, _Line]] = []

    def take(self) -> tuple[int, _Line] | None:
        if self._back:
            return self._back.pop()
        line = next(self._lines, None)
        if line is None:
            return None
        self._number += 1
        return self._number, line

    def push_back(self, items: Sequence[tuple[int, _Line]]) -> None:
        self._back.extend(reversed(items))


# --------------------------------------------------------------------------- records

def _fits(fields: list[str], width: int) -> bool:
    # A trailing delimiter (an empty extra field) is common and harmless.
    return len(fields) == width or (len(fields) > width and not any(f.strip() for f in fields[width:]))


def _csv_first_record(lines: list[str], delimiter: str) -> tuple[list[str], int]:
    """Return the first CSV record in ``lines`` and how many of them it used."""
    if len(lines) == 1:
        try:
            return next(csv.reader(lines, delimiter=delimiter, strict=False), []), 1
        except csv.Error:
            return [], 1
    # Across lines, quoting must be exact (strict): a stray quote that happens to
    # close an unclosed one several rows down must not swallow the rows between.
    reader = csv.reader([line + "\n" for line in lines], delimiter=delimiter, strict=True)
    try:
        fields = next(reader)
    except (csv.Error, StopIteration):
        return [], 1
    return fields, max(reader.line_num, 1)


def _recover_broken_quoting(text: str, delimiter: str, width: int) -> list[str] | None:
    """Return the fields of a line whose quoting is broken, when they can be told apart."""
    parts = text.split(delimiter)
    if _fits(parts, width):
        return [_unquote(part) for part in parts[:width]]
    stripped = text.strip()
    if len(stripped) > 1 and stripped[0] == stripped[-1] == '"':
        parts = stripped[1:-1].split(f'"{delimiter}"')
        if _fits(parts, width):
            return [part.replace('""', '"') for part in parts[:width]]
    return None


def _unquote(part: str) -> str:
    part = part.strip()
    if len(part) > 1 and part[0] == part[-1] == '"':
        return part[1:-1].replace('""', '"')
    return part.strip('"')


@dataclass
class _Record:
    line: int
    fields: list[str] | None
    text: str
    warning: str = ""
    problem: str = ""
    detail: str = ""


def _next_record(feed: _LineFeed, first: tuple[int, str], delimiter: str, width: int) -> _Record:
    """Read the record that starts at ``first``, looking ahead when a quoted field spans lines."""
    number, text = first
    if _MARKED.search(text):
        return _Record(number, None, text, problem=UNDECODABLE)
    if '"' not in text:
        fields = text.split(delimiter)
        if _fits(fields, width):
            return _Record(number, fields[:width], text)
        return _join_line_breaks(feed, first, fields, delimiter, width)

    lines = [first]
    quotes, size = text.count('"'), len(text)
    # An odd number of quotes leaves a quoted field open: it continues on the next line.
    while quotes % 2 and len(lines) < MAX_RECORD_LINES and size < MAX_LINE_CHARS:
        following = feed.take()
        if following is None:
            break
        if isinstance(following[1], _TooLong) or _MARKED.search(following[1]):
            feed.push_back([following])
            break
        lines.append((following[0], following[1]))
        quotes += following[1].count('"')
        size += len(following[1])
    fields, used = _csv_first_record([line for _, line in lines], delimiter)
    feed.push_back(lines[used:])
    if _fits(fields, width):
        return _Record(number, fields[:width], text)
    # Not a record with a multi-line field after all: give the lines back and try
    # the first line on its own.
    feed.push_back(lines[1:used])
    if used > 1:
        fields, _ = _csv_first_record([text], delimiter)
        if _fits(fields, width):
            return _Record(number, fields[:width], text)
    recovered = _recover_broken_quoting(text, delimiter, width)
    if recovered is not None:
        return _Record(number, recovered, text, warning=QUOTING_RECOVERED)
    return _Record(number, None, text, problem=FIELD_COUNT,
                   detail=f"expected {width} fields, found {len(fields)}")


def _join_line_breaks(feed: _LineFeed, first: tuple[int, str], fields: list[str],
                      delimiter: str, width: int) -> _Record:
    """Join lines split by a bare line break inside a field, when that gives a whole row."""
    number, text = first
    joined = [first]
    merged = fields
    while len(merged) < width and len(joined) < 5:
        following = feed.take()
        if following is None:
            break
        line = following[1]
        if isinstance(line, _TooLong) or '"' in line or _MARKED.search(line):
            feed.push_back([following])
            break
        joined.append((following[0], line))
        more = line.split(delimiter)
        merged = merged[:-1] + [merged[-1] + "\n" + more[0]] + more[1:]
    if len(joined) > 1 and _fits(merged, width):
        return _Record(number, merged[:width], text, warning=LINE_BREAK_JOINED)
    feed.push_back(joined[1:])
    return _Record(number, None, text, problem=FIELD_COUNT,
                   detail=f"expected {width} fields, found {len(fields)}")


# --------------------------------------------------------------------------- header

@dataclass(frozen=True)
class _Plan:
    """How to read one stream: its encoding, where its header is, what it holds."""

    codec: str
    bom: int
    header_line: int
    delimiter: str
    header: tuple[str, ...]
    format: _Format
    layout: _Layout


def _split_header(text: str, delimiter: str) -> tuple[str, ...]:
    fields, _ = _csv_first_record([text], delimiter)
    return tuple(f.strip().lstrip("\ufeff").strip().strip('"').strip() for f in fields)


def _plan(head: bytes, at_eof: bool, name: str) -> _Plan:
    """Find the header in the first bytes of a file and decide how to read the rest.

    Raises:
        ImportFormatError: no known header in the first :data:`MAX_PREAMBLE_LINES`
            lines; the message lists the columns found and what each format expects.
    """
    # Backlink tools export Unicode only: a byte that is not is reported, not guessed at.
    codec, bom, _ = sniff_file(head, legacy=False, complete=at_eof)
    lines = _physical_lines([head[bom:]], codec, flush=at_eof)
    first_seen: tuple[str, ...] | None = None
    for number, line in enumerate(lines, start=1):
        if number > MAX_PREAMBLE_LINES:
            break
        if isinstance(line, _TooLong) or not line.strip():
            continue
        candidates = sniff_delimiters(line, _DELIMITERS)
        for delimiter in candidates:
            names = _split_header(line, delimiter)
            fmt = _format_for(frozenset(_key(n) for n in names))
            if fmt is not None:
                return _Plan(codec, bom, number, delimiter, names, fmt, _layout(names, fmt))
        if first_seen is None:
            first_seen = _split_header(line, candidates[0])
    prefix = f"{name}: " if name else ""
    if first_seen is None:
        raise ImportFormatError(f"{prefix}the file holds no header line (it is empty or not text).")
    found = ", ".join(_shown(n) for n in first_seen[:30]) + (" …" if len(first_seen) > 30 else "")
    raise ImportFormatError(
        f"{prefix}not a backlink export backlint knows.\n"
        f"Columns found: {found}\n"
        f"Expected one of:\n{_expected_columns()}"
    )


def _shown(name: str) -> str:
    name = _MARKED.sub("\ufffd", name)
    name = "".join(c if c.isprintable() else "\ufffd" for c in name)
    return repr(name[:60] + ("…" if len(name) > 60 else ""))


# --------------------------------------------------------------------------- sources

def _source_of(obj: str | os.PathLike[str] | bytes | BinaryIO) -> ByteSource:
    """The file handed to :func:`read_backlinks`, opened again for each reading."""
    return ByteSource(obj, reader="read_backlinks", read_once="this stream cannot be rewound: its rows can be read once",
                      read_once_error=RuntimeError, report_unreadable=False)


@contextlib.contextmanager
def _open_zip(source: ByteSource) -> Iterator[zipfile.ZipFile]:
    if not source.rewindable:
        raise ImportFormatError("a ZIP archive must be given as a file, not a pipe")
    with source.open() as stream, zipfile.ZipFile(stream) as archive:
        yield archive


def _chunks(stream: IO[bytes], skip: int) -> Iterator[bytes]:
    if skip:
        stream.read(skip)
    while chunk := stream.read(_CHUNK_BYTES):
        yield chunk


class _ZipLimitReached(Exception):
    """More bytes came out of the archive than :data:`MAX_ZIP_BYTES` allows."""


class _Budget:
    """Counts the bytes read out of a ZIP's members, across members."""

    def __init__(self) -> None:
        self.used = 0

    def chunks(self, stream: IO[bytes], skip: int) -> Iterator[bytes]:
        for chunk in _chunks(stream, skip):
            self.used += len(chunk)
            if self.used > MAX_ZIP_BYTES:
                raise _ZipLimitReached
            yield chunk


_ZIP_ERRORS = (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, RuntimeError,
               ValueError, EOFError, OSError, zlib.error)


# --------------------------------------------------------------------------- the file

class BacklinkFile:
    """A backlink export whose format is known and whose rows can be streamed.

    Made by :func:`read_backlinks`; reading the rows is what reads the file, and
    :attr:`summary` counts as they come.

    Example:
        >>> import io
        >>> data = "\\ufeffsource_url;anchor;first_seen\\nhttps://a.example/p;hi;5/31/2024\\nnot a url;x;\\n"
        >>> backlinks = read_backlinks(io.BytesIO(data.encode("utf-8")), name="links.csv")
        >>> backlinks.format, backlinks.delimiter, backlinks.header
        ('generic', ';', ('source_url', 'anchor', 'first_seen'))
        >>> for row in backlinks.rows():
        ...     print(row.line, getattr(row, "source_url", None) or row.reason)
        2 https://a.example/p
        3 invalid source URL
        >>> backlinks.summary.imported, dict(backlinks.summary.skipped)
        (1, {'invalid source URL': 1})

    Attributes:
        name: the file's name, for messages.
        format: ``ahrefs``, ``semrush``, ``semrush-audit``, ``moz``, ``majestic``,
            ``search-console-links``, ``search-console-top-sites`` or ``generic``
            (for a ZIP, the format of the first member read).
        header: the header's column names as found.
        header_line: the physical line the header is on (after any preamble).
        delimiter: the field delimiter sniffed from the header.
        encoding: the codec the text is read with (``utf-8``, ``utf-16-le`` …).
        domain_level: ``True`` when rows name sites, not pages (Search Console's
            Top linking sites): each ``source_url`` is a site's home page.
        members: for a ZIP, ``(member, format or None)`` for each text member, in
            archive order; ``None`` marks a member not read.
        notes: what the reader decided that a user should know.
        summary: rows read, imported and skipped, filled while :meth:`rows` runs.
    """

    def __init__(self, source: ByteSource, name: str, plans: list[tuple[str, _Plan]],
                 members: tuple[tuple[str, str | None], ...] = (), notes: tuple[str, ...] = ()) -> None:
        self._source = source
        self._plans = plans
        first = plans[0][1]
        self.name = name
        self.format = first.format.name
        self.header = first.header
        self.header_line = first.header_line
        self.delimiter = first.delimiter
        self.encoding = first.codec
        self.domain_level = first.layout.domain_level
        self.members = members
        self.notes = notes + ((
            "Search Console's Top linking sites names sites, not pages: each site is imported "
            "as http://<site>/ (domain level) and cannot be verified page by page.",
        ) if self.domain_level else ())
        self.summary = ImportSummary()

    def __repr__(self) -> str:
        return f"<BacklinkFile {self.name!r} format={self.format!r}>"

    def rows(self) -> Iterator[BacklinkRow | ImportProblem]:
        """Yield every row of the file in order, as a record or a problem.

        Each call reads the file again from the start and resets :attr:`summary`
        (a pipe can be read once only).

        Yields:
            :class:`BacklinkRow` for each row read, :class:`ImportProblem` for each
            row that could not be.

        Raises:
            RuntimeError: the file was given as a pipe and its rows were read already.
        """
        self.summary = ImportSummary()
        if not self.members:
            with self._source.open() as stream:
                yield from self._stream_rows(_chunks(stream, self._plans[0][1].bom), self._plans[0][1], "")
            return
        yield from self._zip_rows()

    def _zip_rows(self) -> Iterator[BacklinkRow | ImportProblem]:
        budget = _Budget()
        try:
            with _open_zip(self._source) as archive:
                for member, plan in self._plans:
                    try:
                        with archive.open(member) as stream:
                            yield from self._stream_rows(budget.chunks(stream, plan.bom), plan, member)
                    except _ZipLimitReached:
                        yield self._problem(ImportProblem(
                            0, ZIP_LIMIT, "", detail=f"more than {MAX_ZIP_BYTES} bytes uncompressed; "
                                                     "the rest of the archive was not read", member=member))
                        return
                    except _ZIP_ERRORS as error:
                        yield self._problem(ImportProblem(0, ZIP_DAMAGED, "", detail=str(error)[:200],
                                                          member=member))
        except _ZIP_ERRORS as error:
            yield self._problem(ImportProblem(0, ZIP_DAMAGED, "", detail=str(error)[:200]))

    def _problem(self, problem: ImportProblem) -> ImportProblem:
        self.summary.rows_read += 1
        self.summary.skipped[problem.reason] += 1
        return problem

    def _stream_rows(self, chunks: Iterator[bytes], plan: _Plan,
                     member: str) -> Iterator[BacklinkRow | ImportProblem]:
        feed = _LineFeed(_physical_lines(chunks, plan.codec))
        while (taken := feed.take()) is not None and taken[0] < plan.header_line:
            pass
        summary, layout, width = self.summary, plan.layout, plan.layout.width
        while (taken := feed.take()) is not None:
            number, line = taken
            if isinstance(line, _TooLong):
                yield self._problem(ImportProblem(number, LINE_TOO_LONG, "",
                                                  detail=f"over {MAX_LINE_CHARS} characters", member=member))
                continue
            if not line.strip():
                continue
            record = _next_record(feed, (number, line), plan.delimiter, width)
            if record.fields is None:
                yield self._problem(ImportProblem(number, record.problem, _raw(record.text),
                                                  detail=record.detail, member=member))
                continue
            if not any(f.strip() for f in record.fields):
                continue  # a row of empty fields ("",,,): like a blank line
            result = _row_from_fields(record.fields, number, layout, summary.warnings)
            if isinstance(result, ImportProblem):
                yield self._problem(dataclasses.replace(result, member=member))
                continue
            if record.warning:
                summary.warnings[record.warning] += 1
            summary.rows_read += 1
            summary.imported += 1
            yield result


def read_backlinks(path_or_binary_file: str | os.PathLike[str] | bytes | BinaryIO, *,
                   name: str = "") -> BacklinkFile:
    """Recognise a backlink export from its header; its rows are read by :meth:`BacklinkFile.rows`.

    Only the beginning of the file is read here (up to :data:`HEAD_BYTES`; for a
    ZIP, the beginning of each text member).

    Example:
        >>> import io
        >>> tsv = "Referring page URL\\tTarget URL\\tAnchor\\tNofollow\\n" \\
        ...       "https://a.example/p\\thttps://me.example/\\tme\\ttrue\\n"
        >>> backlinks = read_backlinks(io.BytesIO(codecs.BOM_UTF16_LE + tsv.encode("utf-16-le")))
        >>> backlinks.format, backlinks.encoding
        ('ahrefs', 'utf-16-le')
        >>> [(r.source_url, r.rel) for r in backlinks.rows()]
        [('https://a.example/p', ('nofollow',))]

    Args:
        path_or_binary_file: a path, the file's bytes, or a file opened in binary
            mode (read from its current position; a pipe can be read once only).
        name: the file's name for messages (defaults to the path's base name).

    Returns:
        A :class:`BacklinkFile`.

    Raises:
        ImportFormatError: the file (or every member of a ZIP) is not a backlink
            export known here; the message lists the columns found and, per format,
            the columns it expects.
        OSError: the path cannot be opened.
        TypeError: ``path_or_binary_file`` is a text file or another kind of object.
    """
    source = _source_of(path_or_binary_file)
    if not name and source.path is not None:
        name = os.path.basename(source.path)
    head = source.head(HEAD_BYTES)
    at_eof = len(head) < HEAD_BYTES
    if head[:4] in (b"PK\x03\x04", b"PK\x05\x06"):
        return _read_zip(source, name)
    return BacklinkFile(source, name, [("", _plan(head, at_eof, name))])


def _read_zip(source: ByteSource, name: str) -> BacklinkFile:
    """Plan the reading of a ZIP (Search Console's export): which members hold links."""
    prefix = f"{name}: " if name else ""
    try:
        with _open_zip(source) as archive:
            infos = archive.infolist()
            if len(infos) > MAX_ZIP_MEMBERS:
                raise ImportFormatError(f"{prefix}the ZIP holds {len(infos)} members; "
                                        f"at most {MAX_ZIP_MEMBERS} are read")
            names = {info.filename for info in infos}
            if "[Content_Types].xml" in names and any(n.startswith("xl/") for n in names):
                raise ImportFormatError(f"{prefix}an Excel workbook: export the sheet as CSV and import that")
            texts = [info for info in infos if _is_text_member(info)]
            declared = sum(info.file_size for info in texts)
            if declared > MAX_ZIP_BYTES:
                raise ImportFormatError(f"{prefix}the ZIP would expand to {declared} bytes; "
                                        f"the limit is {MAX_ZIP_BYTES}")
            planned, refused = _plan_members(archive, texts)
    except _ZIP_ERRORS as error:
        raise ImportFormatError(f"{prefix}not a readable ZIP archive ({str(error)[:200]})") from None
    page_level = [(m, p) for m, p in planned if not p.layout.domain_level]
    chosen = page_level or planned
    if not chosen:
        detail = "\n".join(f"  {member}: {reason}" for member, reason in refused) or "  (no CSV member)"
        raise ImportFormatError(f"{prefix}no member of the ZIP is a backlink list:\n{detail}\n"
                                f"Expected one of:\n{_expected_columns()}")
    chosen_names = {m for m, _ in chosen}
    members = tuple((info.filename, next((p.format.name for m, p in chosen if m == info.filename), None))
                    for info in texts)
    notes = tuple(f"{m}: not read ({reason})" for m, reason in refused)
    notes += tuple(f"{m}: not read (sites only; the archive has page-level link lists)"
                   for m, p in planned if m not in chosen_names)
    return BacklinkFile(source, name, chosen, members=members, notes=notes)


def _is_text_member(info: zipfile.ZipInfo) -> bool:
    base = info.filename.rsplit("/", 1)[-1]
    return (not info.is_dir() and not info.filename.startswith("__MACOSX/") and not base.startswith(".")
            and base.lower().endswith(_TEXT_MEMBER_SUFFIXES))


def _plan_members(archive: zipfile.ZipFile,
                  infos: list[zipfile.ZipInfo]) -> tuple[list[tuple[str, _Plan]], list[tuple[str, str]]]:
    planned: list[tuple[str, _Plan]] = []
    refused: list[tuple[str, str]] = []
    for info in infos:
        if info.flag_bits & 0x1:
            refused.append((info.filename, "encrypted"))
            continue
        try:
            with archive.open(info) as stream:
                head = read_exactly(stream, HEAD_BYTES)
        except _ZIP_ERRORS as error:
            refused.append((info.filename, f"damaged ({str(error)[:100]})"))
            continue
        try:
            planned.append((info.filename, _plan(head, len(head) < HEAD_BYTES, info.filename)))
        except ImportFormatError as error:
            first_line = str(error).split("\n")[1:2]
            refused.append((info.filename, first_line[0] if first_line else "no header"))
    return planned, refused
