"""The importers' shared toolkit: byte sources, dates, delimiters, and what each format gained."""

from __future__ import annotations

import io
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from backlint.dates import iso_date, parse_date, wordpress_date
from backlint.errors import ImportFormatError
from crawler.importers import backlinks, labelled
from crawler.importers.labelled import read_labelled_csv
from crawler.importers.toolkit import ByteSource, sniff_delimiters
from crawler.importers.wxr import read_wxr

DATA = b"author,content,label\nRen\xc3\xa9,Tr\xc3\xa8s bien,ham\n"


class Pipe(io.RawIOBase):
    """An upload: a few bytes at each read, no seeking."""

    def __init__(self, data: bytes, piece: int = 7) -> None:
        self._data = io.BytesIO(data)
        self._piece = piece

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        chunk = self._data.read(min(len(buffer), self._piece))
        buffer[:len(chunk)] = chunk
        return len(chunk)


def source(obj) -> ByteSource:
    return ByteSource(obj, reader="read_test", read_once="can be read once")


@pytest.mark.parametrize("make", [
    pytest.param(lambda path: path, id="path"),
    pytest.param(lambda path: DATA, id="bytes"),
    pytest.param(lambda path: io.BytesIO(b"ignored" + DATA), id="file-from-its-position"),
])
def test_every_pass_starts_at_the_beginning(make, tmp_path: Path) -> None:
    path = tmp_path / "data.csv"
    path.write_bytes(DATA)
    obj = make(path)
    if isinstance(obj, io.BytesIO):
        obj.read(len(b"ignored"))
    bytes_source = source(obj)
    assert bytes_source.head(6) == b"author" and bytes_source.rewindable
    assert b"".join(bytes_source.look(5)) == b"".join(bytes_source.chunks(4)) == DATA
    with bytes_source.open() as stream:
        assert stream.read() == DATA
    assert b"".join(bytes_source.chunks(1000)) == DATA
    if not isinstance(obj, (bytes, Path)):
        assert not obj.closed  # the caller's file stays the caller's


def test_a_stream_that_cannot_seek_gives_back_what_was_looked_at_once() -> None:
    pipe = source(Pipe(DATA))
    assert not pipe.rewindable
    assert pipe.head(10) == DATA[:10]  # read exactly, though the pipe hands out 7 bytes at a time
    assert b"".join(pipe.look(3))[:12] == DATA[:12]  # a second look sees the same start
    assert b"".join(pipe.chunks(5)) == DATA
    with pytest.raises(ValueError, match="read once"):
        list(pipe.chunks(5))


def test_wrong_objects_and_missing_files() -> None:
    with pytest.raises(TypeError, match="read_test needs a binary file"):
        source(io.StringIO("x"))
    with pytest.raises(TypeError, match="not int"):
        source(3)
    with pytest.raises(ImportFormatError, match="cannot read"):
        source("/no/such/file").head(5)
    with pytest.raises(FileNotFoundError):  # backlinks let the OSError through
        ByteSource("/no/such/file", reader="x", read_once="", report_unreadable=False).head(5)


def test_a_labelled_csv_from_a_pipe_is_sniffed_from_its_whole_start() -> None:
    # A character cut between two reads of a pipe used to make the sample look like
    # Windows-1252: the first read was taken for the whole file.
    labelled_file = read_labelled_csv(Pipe(DATA, piece=25))
    assert [row.author for row in labelled_file.rows()] == ["René"]


def test_every_importer_takes_bytes() -> None:
    assert [row.content for row in read_labelled_csv(DATA).rows()] == ["Très bien"]
    export = (b'<?xml version="1.0" encoding="UTF-8" ?><rss version="2.0" '
              b'xmlns:wp="http://wordpress.org/export/1.2/"><channel><link>https://blog.example</link>'
              b"<item><link>https://blog.example/p/</link><wp:comment><wp:comment_id>5</wp:comment_id>"
              b"</wp:comment></item></channel></rss>")
    assert [c.comment_id for c in read_wxr(export).comments()] == ["5"]


@pytest.mark.parametrize(("value", "parsed"), [
    ("3/1/2024", date(2024, 3, 1)),
    ("12/31/2023 23:59:58", datetime(2023, 12, 31, 23, 59, 58)),
    ("2024-03-01", date(2024, 3, 1)),
    ("2024-03-01T10:00:00Z", datetime(2024, 3, 1, 10, tzinfo=timezone.utc)),
    ("2024-05-31T23:59:00+02:00", datetime(2024, 5, 31, 23, 59, tzinfo=timezone(timedelta(hours=2)))),
    ("20240531", datetime(2024, 5, 31)),
    ("2024/5/31 10:00 PM", date(2024, 5, 31)),
    ("5/31/2024 25:00", date(2024, 5, 31)),  # no such hour: the day is still read
    ("31.05.2024", date(2024, 5, 31)),
    ("Sept 1, 2023", date(2023, 9, 1)),
    ("1 May 2024", date(2024, 5, 1)),
    ("31/5/2024", None),  # day first with slashes is never guessed
    ("2024-02-30", None),
    ("2024-03-01Z", None),
    ("yesterday", None),
    ("  ", None),
])
def test_parse_date(value: str, parsed) -> None:
    assert parse_date(value) == parsed


def test_each_format_reads_every_form_in_its_own_shape() -> None:
    # Labelled files keep the time and zone given, backlink exports keep the day.
    assert labelled.parse_date("31.05.2024") == backlinks.parse_date("31.05.2024") == "2024-05-31"
    assert labelled.parse_date("May 31, 2024") == "2024-05-31"
    assert labelled.parse_date("2024-05-31T10:00:00Z") == "2024-05-31T10:00:00+00:00"
    assert backlinks.parse_date("2024-05-31T10:00:00Z") == "2024-05-31"
    assert backlinks.parse_date("20240531") == "2024-05-31"


def test_iso_and_wordpress_dates() -> None:
    assert iso_date(" 2024-01-16 ") == "2024-01-16" and iso_date("2024-01-17T00:00:00+02:00") == \
        "2024-01-17T00:00:00+02:00"
    assert wordpress_date("2024-03-01 10:00:00", gmt=True) == "2024-03-01T10:00:00+00:00"
    assert wordpress_date("2024-03-01 10:00:00", gmt=False) == "2024-03-01T10:00:00"
    # A date that names its zone keeps it, in an export as in a REST answer.
    assert wordpress_date("2024-03-01T10:00:00+01:00", gmt=True) == "2024-03-01T10:00:00+01:00"
    assert wordpress_date("0000-00-00 00:00:00", gmt=True) is None and wordpress_date(None, gmt=True) is None


def test_sniff_delimiters_ties_go_to_the_first_candidate() -> None:
    assert sniff_delimiters("a;b,c") == [",", ";"]
    assert sniff_delimiters("a;b,c", ("\t", ";", ",")) == [";", ","]
    assert sniff_delimiters("a\tb\tc;d") == ["\t", ";"]
    assert sniff_delimiters("content") == [","]
