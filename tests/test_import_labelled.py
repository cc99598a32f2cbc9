"""Labelled comment CSVs: header forms, labels, dates, bad rows by line, encodings, real data."""

from __future__ import annotations

import codecs
import io
import tracemalloc
from pathlib import Path

import pytest

from backlint.errors import ImportFormatError
from crawler.importers.labelled import LabelledRow, parse_date, parse_label, read_labelled_csv

YOUTUBE = Path(__file__).resolve().parents[2] / "shared" / "data" / "youtube-spam-dev"

SAMPLE = (
    "author,author_url,content,date,label\n"
    "Ann,https://ann.example/blog,Thanks for the tips!,2024-03-01T10:00:00+00:00,ham\n"
    'Pill Shop,http://pills.example/,"Buy [url=http://pills.example/]pills[/url], cheap",3/2/2024,spam\n'
    'Bob,,"Two lines:\n""quoted"" and all",,\n'
    "Eve,eve.example,Great post,2024-03-04,SPAM\n"
)


def rows_of(data: bytes | str, encoding: str = "utf-8"):
    raw = data.encode(encoding) if isinstance(data, str) else data
    labelled = read_labelled_csv(io.BytesIO(raw))
    return list(labelled.rows()), labelled


def test_the_documented_format() -> None:
    rows, labelled = rows_of(SAMPLE)
    assert rows == [
        LabelledRow(2, "Ann", "https://ann.example/blog", "Thanks for the tips!", "2024-03-01T10:00:00+00:00",
                    "ham"),
        LabelledRow(3, "Pill Shop", "http://pills.example/", "Buy [url=http://pills.example/]pills[/url], cheap",
                    "2024-03-02", "spam"),
        # Empty label: to grade. A quoted cell spans two lines; the next row starts on line 6.
        LabelledRow(4, "Bob", None, 'Two lines:\n"quoted" and all', None, None),
        # A bare host name as author URL gets http://.
        LabelledRow(6, "Eve", "http://eve.example/", "Great post", "2024-03-04", "spam"),
    ]
    assert (labelled.delimiter, labelled.encoding, labelled.ignored_columns) == (",", "utf-8", [])
    assert labelled.problems == []


@pytest.mark.parametrize(("header", "delimiter"), [
    ("LABEL;Content;AUTHOR", ";"),
    ("label\tcontent\tauthor", "\t"),
    ('"Label","Comment","Name"', ","),
    ("label , text , author name", ","),
])
def test_any_order_case_delimiter_and_alias(header: str, delimiter: str) -> None:
    data = "\ufeff" + header + "\n" + delimiter.join(["spam", "Buy now", "Bot"]) + "\n"
    rows, labelled = rows_of(data)
    assert rows == [LabelledRow(2, "Bot", None, "Buy now", None, "spam")]
    assert labelled.delimiter == delimiter and labelled.encoding == "utf-8-sig"


def test_excel_separator_line() -> None:
    rows, labelled = rows_of("sep=;\r\ncontent;label\r\nHello;0\r\n")
    assert labelled.delimiter == ";"
    assert rows == [LabelledRow(3, "", None, "Hello", None, "ham")]


@pytest.mark.parametrize(("value", "label"), [
    ("spam", "spam"), ("SPAM", "spam"), ("1", "spam"), ("true", "spam"), ("Yes", "spam"),
    ("ham", "ham"), ("0", "ham"), ("False", "ham"), ("no", "ham"), ("not  spam", "ham"),
    ("", None), ("   ", None),
    ("maybe", False), ("2", False), ("spam?", False),
])
def test_labels(value: str, label: str | None | bool) -> None:
    assert parse_label(value) == label


@pytest.mark.parametrize(("value", "iso"), [
    ("2013-11-07T06:20:48", "2013-11-07T06:20:48"),
    ("2024-03-01 10:00:00", "2024-03-01T10:00:00"),
    ("2024-03-01T10:00:00Z", "2024-03-01T10:00:00+00:00"),
    ("2024-03-01", "2024-03-01"),
    ("3/1/2024", "2024-03-01"),
    ("12/31/2023 23:59:58", "2023-12-31T23:59:58"),
    ("31/12/2023", None),
    ("yesterday", None),
])
def test_dates(value: str, iso: str | None) -> None:
    assert parse_date(value) == iso


def test_bad_rows_are_reported_by_line_and_the_rest_is_read() -> None:
    data = (
        "content,label,date,author_url\n"              # 1
        "Fine,ham,,\n"                                  # 2
        ",spam,,\n"                                     # 3: no content
        "Odd,perhaps,,\n"                               # 4: unknown label
        "Too,many,cells,here,really\n"                  # 5: more cells than the header
        "Kept,spam,not a date,https://ok.example\n"     # 6: date left empty
        "Kept too,,2024-01-01,javascript:alert(1)\n"    # 7: URL left empty
        "\n"                                            # 8: blank
        "Last,0,,\n"                                    # 9
    )
    rows, labelled = rows_of(data)
    assert [(r.line, r.content, r.label, r.date, r.author_url) for r in rows] == [
        (2, "Fine", "ham", None, None),
        (6, "Kept", "spam", None, "https://ok.example/"),
        (7, "Kept too", None, "2024-01-01", None),
        (9, "Last", "ham", None, None),
    ]
    assert labelled.problems == [
        (3, "no content; left out"),
        (4, "unknown label 'perhaps': expected spam, ham (or 1, 0, true, false, yes, no), or empty to grade; "
            "left out"),
        (5, "5 cells where the header has 4: a delimiter inside a cell that is not quoted? Left out"),
        (6, "date 'not a date' not understood (ISO 8601 or M/D/YYYY); left empty"),
        (7, "author_url 'javascript:alert(1)' is not an http(s) URL; left empty"),
    ]
    assert labelled.problem_count == 5


def test_an_unclosed_quote_is_reported_not_swallowed_silently() -> None:
    lines = ["content,label", "Fine,ham", '"Broken quote,spam'] + [f"row {n},ham" for n in range(60)]
    rows, labelled = rows_of("\n".join(lines) + "\n")
    assert [r.content for r in rows] == ["Fine"]
    assert labelled.problems == [(3, "row runs from line 3 to line 63: a quote that is never closed? "
                                     "Left out; check the quoting there")]


def test_a_huge_cell_is_reported_and_reading_goes_on() -> None:
    data = 'content,label\n"' + "x" * 200_000 + '",spam\nAfter,ham\n'
    rows, labelled = rows_of(data)
    assert [(r.line, r.content) for r in rows] == [(3, "After")]
    [(line, reason)] = labelled.problems
    assert line == 2 and "field larger than field limit" in reason


@pytest.mark.parametrize(("data", "found"), [
    ("source_url,target_url,anchor\nhttps://a.example/,https://b.example/,x\n",
     "'source_url', 'target_url', 'anchor'"),
    ("Referring page URL\tAnchor\tContent\n", "'Referring page URL', 'Anchor', 'Content'"),
    ("Great post!,spam\nBuy pills,spam\n", "'Great post!', 'spam'"),  # no header row at all
])
def test_an_unknown_header_says_what_was_found_and_what_is_expected(data: str, found: str) -> None:
    with pytest.raises(ImportFormatError) as raised:
        read_labelled_csv(io.BytesIO(data.encode()))
    message = str(raised.value)
    assert message.startswith("not a labelled comment CSV: no ")
    assert f"Found the header {found};" in message
    assert "expected columns content and label, optionally author, author_url and date" in message


def test_an_empty_file() -> None:
    with pytest.raises(ImportFormatError, match="the file is empty"):
        read_labelled_csv(io.BytesIO(b"\n\n"))


def test_a_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ImportFormatError, match="cannot read"):
        read_labelled_csv(tmp_path / "nothing.csv")


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "cp1252"])
def test_encodings(encoding: str) -> None:
    data = "author;content;label\nRené;Très bien – merci;ham\n"
    rows, labelled = rows_of(data, encoding)
    assert rows == [LabelledRow(2, "René", None, "Très bien – merci", None, "ham")]
    assert codecs.lookup(labelled.encoding).name == codecs.lookup(encoding).name


class OneWayStream(io.RawIOBase):
    """An upload: small pieces, no seeking."""

    def __init__(self, data: bytes) -> None:
        self._data = io.BytesIO(data)

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        piece = self._data.read(min(len(buffer), 50))
        buffer[:len(piece)] = piece
        return len(piece)


def test_sources(tmp_path: Path) -> None:
    path = tmp_path / "labels.csv"
    path.write_text(SAMPLE)
    from_path = read_labelled_csv(path)
    # A path (and a file that can seek) is read again on each call.
    assert list(from_path.rows()) == list(from_path.rows()) == rows_of(SAMPLE)[0]
    stream = read_labelled_csv(OneWayStream(SAMPLE.encode()))
    assert list(stream.rows()) == rows_of(SAMPLE)[0]
    with pytest.raises(ValueError, match="read once"):
        list(stream.rows())
    handle = io.BytesIO(SAMPLE.encode())
    assert len(list(read_labelled_csv(handle).rows())) == 4
    assert not handle.closed  # the caller's file stays the caller's


def test_the_youtube_spam_collection_reads_as_it_is() -> None:
    labelled = read_labelled_csv(YOUTUBE / "Youtube01-Psy.csv")
    rows = list(labelled.rows())
    assert labelled.ignored_columns == ["COMMENT_ID"]
    assert labelled.columns == {"author": 1, "date": 2, "content": 3, "label": 4}
    assert (len(rows), sum(r.label == "spam" for r in rows), sum(r.label == "ham" for r in rows)) == (350, 175, 175)
    assert rows[0] == LabelledRow(2, "Julius NM", None,
                                  "Huh, anyway check out this you[tube] channel: kobyoshi02",
                                  "2013-11-07T06:20:48", "spam")
    assert labelled.problems == []


def test_100k_rows_stream_in_bounded_memory(tmp_path: Path) -> None:
    path = tmp_path / "big.csv"
    with path.open("w", encoding="utf-8") as out:
        out.write("author,content,label,date\n")
        for n in range(100_000):
            out.write(f'User {n},"Comment number {n}, with a comma",{"spam" if n % 3 else "ham"},2024-03-01\n')
    labelled = read_labelled_csv(path)
    tracemalloc.start()
    try:
        count = spam = 0
        for row in labelled.rows():
            count += 1
            spam += row.label == "spam"
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert (count, spam) == (100_000, 66_666)
    assert peak < 5_000_000  # the file is 5 MB: no row list is kept


def test_imported_markup_is_stored_as_text_with_its_links(tmp_path: Path) -> None:
    """A comment handed over as markup is stored as the text a reader sees, with its links:
    the ``<a href>`` with its anchor and ``rel``, a bare URL with ``rel`` unknown."""
    import sqlite3

    from crawler.importers.run import import_file

    path = tmp_path / "labelled.csv"
    path.write_text("author,author_url,content,date,label\n"
                    'Ann,https://ann.example/,"Cheap <a href=""http://pills.example/buy"" rel=""nofollow"">pills'
                    '</a> &amp; more<br />see www.deals.example/x!",2024-05-01,spam\n', encoding="utf-8")
    db = str(tmp_path / "l.db")
    import_file(db, str(path), "https://blog.example/")
    conn = sqlite3.connect(db)
    try:
        text = conn.execute("SELECT text FROM items").fetchone()[0]
        links = conn.execute("SELECT url, anchor, rel, is_author_link FROM links ORDER BY is_author_link DESC, id"
                             ).fetchall()
        label = conn.execute("SELECT text FROM labels").fetchone()[0]
    finally:
        conn.close()
    assert text == "Cheap pills & more\nsee www.deals.example/x!" == label
    assert links == [("https://ann.example/", "Ann", None, 1), ("http://pills.example/buy", "pills", "nofollow", 0),
                     ("http://www.deals.example/x", "www.deals.example/x", None, 0)]
