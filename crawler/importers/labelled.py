"""Labelled comment CSVs: comments someone has already judged spam or ham, or wants graded.

The format is a CSV with a header row naming these columns, in any order and any
case (a BOM, ``,`` ``;`` or tab as the delimiter, and Excel's ``sep=;`` first line
are all fine):

=============  ========================================================================
column         meaning
=============  ========================================================================
``content``    the comment's text (required; also ``comment``, ``text``, ``body``)
``label``      ``spam`` or ``ham``, empty when the row is to be graded (required;
               also ``class``, as in the YouTube Spam Collection)
``author``     the author's name (also ``name``, ``author_name``)
``author_url`` the author's website (also ``url``, ``website``)
``date``       when it was written: ISO 8601, ``YYYY-MM-DD HH:MM:SS`` or ``M/D/YYYY``
=============  ========================================================================

Labels, case-insensitive: ``spam``, ``1``, ``true``, ``yes`` mean spam; ``ham``,
``0``, ``false``, ``no``, ``not spam`` mean ham; an empty cell means "to grade"
(``None``). ``1``/``0`` are what the YouTube Spam Collection's ``CLASS`` column holds.
Other columns are ignored (and listed in :attr:`LabelledFile.ignored_columns`).

A row that cannot be read (no content, an unknown label, more cells than the header,
a quote never closed) is left out and reported with its line number; an unreadable
date or author URL is reported and left empty while the row is kept. A header
without ``content`` and ``label`` raises :class:`~backlint.errors.ImportFormatError`
saying what was found and what is expected.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from os import PathLike
from typing import BinaryIO

from backlint.errors import ImportFormatError
from backlint.urls import normalize_url

#: The columns, each with the header names that mean it (compared lower-cased, with
#: spaces, hyphens and underscores ignored).
COLUMN_ALIASES = {
    "author": ("author", "name", "authorname"),
    "author_url": ("authorurl", "url", "website"),
    "content": ("content", "comment", "text", "body"),
    "date": ("date",),
    "label": ("label", "class"),
}
REQUIRED_COLUMNS = ("content", "label")

SPAM_LABELS = frozenset({"spam", "1", "true", "yes"})
HAM_LABELS = frozenset({"ham", "0", "false", "no", "not spam"})

#: A row spanning more lines than this is taken for an unclosed quote that swallowed
#: the rows after it; a real comment is rarely this long.
MAX_ROW_LINES = 50

#: At most this many problems are listed; the rest are counted in ``problem_count``.
MAX_PROBLEMS = 1000

_SNIFF_BYTES = 64 * 1024
_DELIMITERS = (",", ";", "\t")
_EXCEL_SEPARATOR = re.compile(r"^sep=(.)\s*$")
_HEADER_NOISE = re.compile(r"[\s_\-]+")
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_US_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?)?$")


@dataclass(frozen=True)
class LabelledRow:
    """One comment of a labelled CSV.

    Example:
        >>> LabelledRow(line=2, author="Ann", author_url=None, content="Nice post!", date=None, label="spam")
        LabelledRow(line=2, author='Ann', author_url=None, content='Nice post!', date=None, label='spam')

    Attributes:
        line: the line of the file where the row starts.
        author: the author's name, or ``""``.
        author_url: the author's URL, normalised, or ``None``.
        content: the comment's text, as written.
        date: ISO 8601 (a date, or a date and time), or ``None``.
        label: ``spam``, ``ham``, or ``None`` for a row to grade.
    """

    line: int
    author: str
    author_url: str | None
    content: str
    date: str | None
    label: str | None


@dataclass
class LabelledFile:
    """A labelled CSV opened for reading; :meth:`rows` streams its rows.

    Example:
        >>> f = read_labelled_csv(io.BytesIO(b"\\xef\\xbb\\xbfLabel;Content;Author\\nspam;Buy pills;Bot\\n;Hello;Ann\\n"))
        >>> (f.delimiter, f.columns)
        (';', {'label': 0, 'content': 1, 'author': 2})
        >>> [(r.line, r.label, r.content) for r in f.rows()]
        [(2, 'spam', 'Buy pills'), (3, None, 'Hello')]

    Attributes:
        header: the header row as found.
        columns: each known column and its position.
        ignored_columns: header cells that are none of the known columns.
        delimiter: ``,``, ``;`` or a tab.
        encoding: the encoding the file was read with.
        problems: ``(line, reason)`` for rows left out or partly read (filled while
            :meth:`rows` runs; at most :data:`MAX_PROBLEMS`).
        problem_count: every problem, listed or not.
    """

    header: list[str]
    columns: dict[str, int]
    ignored_columns: list[str]
    delimiter: str
    encoding: str
    problems: list[tuple[int, str]] = field(default_factory=list)
    problem_count: int = 0
    _source: _Source | None = field(default=None, repr=False)
    _skip_lines: int = field(default=0, repr=False)

    def rows(self) -> Iterator[LabelledRow]:
        """Stream the rows that could be read, in file order.

        Each call reads the file from the start again (a stream that cannot seek is
        read once) and refills :attr:`problems`.
        """
        self.problems = []
        self.problem_count = 0
        assert self._source is not None
        with self._source.text(self.encoding) as text:
            reader = csv.reader(text, delimiter=self.delimiter)
            for _ in range(self._skip_lines):  # the sep= line and the header
                next(reader, None)
            yield from self._read(reader)

    def _read(self, reader: Iterator[list[str]]) -> Iterator[LabelledRow]:
        while True:
            start = reader.line_num + 1  # type: ignore[attr-defined]
            try:
                cells = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                self._problem(start, f"row could not be read ({exc}); left out")
                continue
            end = reader.line_num  # type: ignore[attr-defined]
            if not any(cell.strip() for cell in cells):
                continue  # blank lines between rows carry nothing
            if end - start + 1 > MAX_ROW_LINES:
                self._problem(start, f"row runs from line {start} to line {end}: a quote that is never "
                                     f"closed? Left out; check the quoting there")
                continue
            row, problems = read_row(cells, self.columns, len(self.header), start)
            for problem in problems:
                self._problem(start, problem)
            if row is not None:
                yield row

    def _problem(self, line: int, reason: str) -> None:
        self.problem_count += 1
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append((line, reason))


def read_labelled_csv(path_or_binary_file: str | PathLike[str] | BinaryIO) -> LabelledFile:
    """Open a labelled comment CSV and read its header.

    Args:
        path_or_binary_file: a path, or a file opened in binary mode.

    Returns:
        The :class:`LabelledFile`, ready to stream its rows.

    Raises:
        ImportFormatError: the file is empty, or its header lacks ``content`` or ``label``.
    """
    source = _Source(path_or_binary_file)
    sample = source.sample()
    encoding = sniff_encoding(sample)
    text = _decode_sample(sample, encoding)
    lines = _LINE_BREAK.split(text)
    skip = 0
    while skip < len(lines) and not lines[skip].strip():
        skip += 1
    if skip >= len(lines):
        raise ImportFormatError("the file is empty: a labelled CSV starts with a header such as "
                                "'author,author_url,content,date,label'")
    excel = _EXCEL_SEPARATOR.match(lines[skip])
    if excel:
        delimiter = excel.group(1)
        skip += 1
    else:
        delimiter = sniff_delimiter(lines[skip])
    # The header is re-read with the csv module so that quoted names work.
    header = next(csv.reader(io.StringIO("\n".join(lines[skip:skip + 1])), delimiter=delimiter), [])
    columns, ignored = map_columns(header)
    missing = [name for name in REQUIRED_COLUMNS if name not in columns]
    if missing:
        raise ImportFormatError(_header_message(header, missing))
    return LabelledFile(header=header, columns=columns, ignored_columns=ignored, delimiter=delimiter,
                        encoding=encoding, _source=source, _skip_lines=skip + 1)


def _header_message(header: list[str], missing: list[str]) -> str:
    found = ", ".join(repr(cell) for cell in header) or "nothing"
    expected = "; ".join(f"{name} (or {', '.join(aliases[1:])})" if len(aliases) > 1 else name
                         for name, aliases in COLUMN_ALIASES.items())
    return (f"not a labelled comment CSV: no {' and no '.join(missing)} column. Found the header "
            f"{found}; expected columns content and label, optionally author, author_url and date, "
            f"in any order and case: {expected}")


def map_columns(header: list[str]) -> tuple[dict[str, int], list[str]]:
    """Match header cells to the known columns.

    Example:
        >>> map_columns(["COMMENT_ID", "AUTHOR", "DATE", "CONTENT", "CLASS"])
        ({'author': 1, 'date': 2, 'content': 3, 'label': 4}, ['COMMENT_ID'])

    Returns:
        ``(columns, ignored)``: each known column's position (the first cell that
        names it), and the cells that name none (or repeat one).
    """
    wanted = {alias: name for name, aliases in COLUMN_ALIASES.items() for alias in aliases}
    columns: dict[str, int] = {}
    ignored: list[str] = []
    for position, cell in enumerate(header):
        key = _HEADER_NOISE.sub("", cell.strip().strip('"').lower())
        name = wanted.get(key)
        if name is None or name in columns:
            ignored.append(cell)
        else:
            columns[name] = position
    return columns, ignored


def read_row(cells: list[str], columns: dict[str, int], width: int,
             line: int) -> tuple[LabelledRow | None, list[str]]:
    """Turn one CSV row into a :class:`LabelledRow`.

    Example:
        >>> read_row(["Ann", "https://ann.example", "Nice", "3/1/2024", "HAM"],
        ...          {"author": 0, "author_url": 1, "content": 2, "date": 3, "label": 4}, 5, 7)
        (LabelledRow(line=7, author='Ann', author_url='https://ann.example/', content='Nice',
                     date='2024-03-01', label='ham'), [])

    Args:
        cells: the row's cells.
        columns: each known column's position.
        width: how many cells the header has.
        line: the line the row starts on.

    Returns:
        ``(row, problems)``: the row, or ``None`` when it cannot be used, and what
        was wrong with it.
    """
    if len(cells) > width and any(cell.strip() for cell in cells[width:]):
        return None, [f"{len(cells)} cells where the header has {width}: a delimiter inside a cell "
                      f"that is not quoted? Left out"]

    def cell(name: str) -> str:
        position = columns.get(name)
        return cells[position] if position is not None and position < len(cells) else ""

    content = cell("content")
    if not content.strip():
        return None, ["no content; left out"]
    raw_label = cell("label")
    label = parse_label(raw_label)
    if label is False:
        return None, [f"unknown label {raw_label.strip()!r}: expected spam, ham (or 1, 0, true, "
                      f"false, yes, no), or empty to grade; left out"]
    problems = []
    raw_url = cell("author_url").strip()
    author_url = author_url_of(raw_url) if raw_url else None
    if raw_url and author_url is None:
        problems.append(f"author_url {raw_url!r} is not an http(s) URL; left empty")
    raw_date = cell("date").strip()
    date = parse_date(raw_date) if raw_date else None
    if raw_date and date is None:
        problems.append(f"date {raw_date!r} not understood (ISO 8601 or M/D/YYYY); left empty")
    # Quoted cells keep the file's own line breaks (often CRLF); text uses "\n".
    content = _LINE_BREAK.sub("\n", content)
    row = LabelledRow(line=line, author=" ".join(cell("author").split()), author_url=author_url,
                      content=content, date=date, label=label)
    return row, problems


def author_url_of(value: str) -> str | None:
    """Normalise an author URL; a bare host name (``ann.example/blog``) gets ``http://``.

    Example:
        >>> author_url_of("ann.example/blog"), author_url_of("HTTPS://Ann.Example"), author_url_of("n/a")
        ('http://ann.example/blog', 'https://ann.example/', None)
    """
    url = normalize_url(value)
    if url is None and "://" not in value and " " not in value and "." in value.split("/")[0]:
        url = normalize_url("http://" + value)
    return url


def parse_label(value: str) -> str | None | bool:
    """Return ``"spam"``, ``"ham"``, ``None`` (empty: to grade) or ``False`` (not a label).

    Example:
        >>> [parse_label(v) for v in ("SPAM", " 0 ", "", "maybe")]
        ['spam', 'ham', None, False]
    """
    value = " ".join(value.split()).lower()
    if not value:
        return None
    if value in SPAM_LABELS:
        return "spam"
    if value in HAM_LABELS:
        return "ham"
    return False


def parse_date(value: str) -> str | None:
    """Return a date as ISO 8601, or ``None`` when it is not understood.

    Example:
        >>> parse_date("2013-11-07T06:20:48"), parse_date("3/1/2024 9:05"), parse_date("2024-03-01Z")
        ('2013-11-07T06:20:48', '2024-03-01T09:05:00', None)
    """
    us = _US_DATE.match(value)
    try:
        if us:
            month, day, year, hour, minute, second = us.groups()
            if hour is None:
                return datetime(int(year), int(month), int(day)).date().isoformat()
            return datetime(int(year), int(month), int(day), int(hour), int(minute),
                            int(second or 0)).isoformat()
        if len(value) == 10:
            return datetime.fromisoformat(value).date().isoformat()
        return datetime.fromisoformat(value).isoformat()
    except ValueError:
        return None


def sniff_encoding(sample: bytes) -> str:
    """Pick the encoding of a CSV from its first bytes.

    A BOM decides; otherwise UTF-8 when the sample is valid UTF-8 (a character cut
    at the sample's end is fine), else Windows-1252, what spreadsheet programs on
    Windows write.

    Example:
        >>> sniff_encoding(b"\\xef\\xbb\\xbfa,b"), sniff_encoding(b"caf\\xc3\\xa9"), sniff_encoding(b"caf\\xe9")
        ('utf-8-sig', 'utf-8', 'cp1252')
    """
    if sample.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    try:
        # Only a sample cut short may end inside a character.
        codecs.getincrementaldecoder("utf-8")().decode(sample, final=len(sample) < _SNIFF_BYTES)
    except UnicodeDecodeError:
        return "cp1252"
    return "utf-8"


def sniff_delimiter(header_line: str) -> str:
    """Pick ``,``, ``;`` or tab: the one the header line uses most (``,`` on a tie).

    Example:
        >>> sniff_delimiter("author;content;label"), sniff_delimiter("content\\tlabel"), sniff_delimiter("content")
        (';', '\\t', ',')
    """
    counts = {delimiter: header_line.count(delimiter) for delimiter in _DELIMITERS}
    best = max(_DELIMITERS, key=lambda delimiter: counts[delimiter])
    return best if counts[best] else ","


def _decode_sample(sample: bytes, encoding: str) -> str:
    return codecs.getincrementaldecoder(encoding)("replace").decode(sample, final=False)


class _Source:
    """Where the bytes come from: a path opened for each pass, or a file object."""

    def __init__(self, source: str | PathLike[str] | BinaryIO) -> None:
        self._path = None if hasattr(source, "read") else source
        self._file: BinaryIO | None = source if hasattr(source, "read") else None  # type: ignore[assignment]
        self._start: int | None = None
        self._head = b""
        self._passes = 0
        if self._file is not None:
            try:
                self._start = self._file.tell() if self._file.seekable() else None
            except (OSError, ValueError):
                self._start = None

    def sample(self) -> bytes:
        """The first bytes, to sniff the encoding and read the header."""
        if self._path is not None:
            try:
                with open(self._path, "rb") as handle:
                    return handle.read(_SNIFF_BYTES)
            except OSError as exc:
                raise ImportFormatError(f"cannot read {self._path}: {exc.strerror or exc}") from exc
        assert self._file is not None
        self._head = self._file.read(_SNIFF_BYTES)
        if self._start is not None:
            self._file.seek(self._start)
        return self._head

    def text(self, encoding: str) -> io.TextIOWrapper:
        """A text stream over the whole file (newlines left to the csv module)."""
        if self._path is not None:
            raw: BinaryIO = open(self._path, "rb")  # noqa: SIM115 - the caller closes the wrapper
        elif self._start is not None:
            assert self._file is not None
            self._file.seek(self._start)
            raw = _Unclosable(self._file)
        else:
            # A stream that cannot seek: its first bytes were read to sniff, and are
            # put back in front; it can be read once.
            self._passes += 1
            if self._passes > 1:
                raise ValueError("this CSV was given as a stream that cannot seek: it can be read once")
            assert self._file is not None
            raw = _Unclosable(_Prefixed(self._head, self._file))
        return io.TextIOWrapper(raw, encoding=encoding, errors="replace", newline="")  # type: ignore[arg-type]


class _Prefixed(io.RawIOBase):
    """Bytes already read, then the rest of a stream."""

    def __init__(self, head: bytes, rest: BinaryIO) -> None:
        self._head = head
        self._rest = rest

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        data = self._head[:len(buffer)]
        self._head = self._head[len(data):]
        if not data:
            data = self._rest.read(len(buffer))
        buffer[:len(data)] = data
        return len(data)


class _Unclosable(io.RawIOBase):
    """A caller's file, read through a wrapper whose closing must not close it."""

    def __init__(self, inner: BinaryIO | io.RawIOBase) -> None:
        self._inner = inner

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        data = self._inner.read(len(buffer))
        buffer[:len(data)] = data
        return len(data)
