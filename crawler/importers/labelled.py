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
``date``       when it was written: ISO 8601, ``YYYY-MM-DD HH:MM:SS``, ``M/D/YYYY``
               (with or without a time), ``DD.MM.YYYY`` or ``May 31, 2024``
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

import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from os import PathLike
from typing import BinaryIO, Literal

from backlint.dates import parse_date as read_date
from backlint.decode import sniff_file
from backlint.errors import ImportFormatError
from backlint.urls import normalize_loose_url
from crawler.importers.toolkit import ByteSource, sniff_delimiters

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
_EXCEL_SEPARATOR = re.compile(r"^sep=(.)\s*$")
_HEADER_NOISE = re.compile(r"[\s_\-]+")
_LINE_BREAK = re.compile(r"\r\n|\r|\n")


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
    _source: ByteSource | None = field(default=None, repr=False)
    _skip_lines: int = field(default=0, repr=False)

    def rows(self) -> Iterator[LabelledRow]:
        """Stream the rows that could be read, in file order.

        Each call reads the file from the start again (a stream that cannot seek is
        read once) and refills :attr:`problems`.
        """
        self.problems = []
        self.problem_count = 0
        assert self._source is not None
        # Line breaks are left to the csv module, which keeps those inside quotes.
        with io.TextIOWrapper(self._source.open(), encoding=self.encoding, errors="replace",
                              newline="") as text:
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


def read_labelled_csv(path_or_binary_file: str | PathLike[str] | bytes | BinaryIO) -> LabelledFile:
    """Open a labelled comment CSV and read its header.

    Args:
        path_or_binary_file: a path, the file's bytes, or a file opened in binary mode
            (a stream that cannot seek can be read once).

    Returns:
        The :class:`LabelledFile`, ready to stream its rows.

    Raises:
        ImportFormatError: the file cannot be read, is empty, or its header lacks
            ``content`` or ``label``.
        TypeError: ``path_or_binary_file`` is a file opened in text mode, or no path,
            bytes or file.
    """
    source = ByteSource(path_or_binary_file, reader="read_labelled_csv",
                        read_once="this CSV was given as a stream that cannot seek: it can be read once")
    sample = source.head(_SNIFF_BYTES)
    found = sniff_file(sample, complete=len(sample) < _SNIFF_BYTES)  # a short sample is the whole file
    encoding = found.from_start
    text = found.decode_head(sample)
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
        delimiter = sniff_delimiters(lines[skip])[0]
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
    return normalize_loose_url(value)


def parse_label(value: str) -> str | Literal[False] | None:
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

    The forms are those :func:`backlint.dates.parse_date` reads; a time of
    day (and its zone) is kept when the file gives one.

    Example:
        >>> parse_date("2013-11-07T06:20:48"), parse_date("3/1/2024 9:05"), parse_date("2024-03-01Z")
        ('2013-11-07T06:20:48', '2024-03-01T09:05:00', None)
    """
    parsed = read_date(value)
    return parsed.isoformat() if parsed is not None else None
