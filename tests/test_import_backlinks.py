"""Backlink exports: every format from its documented header, with the quirks of the wild."""

from __future__ import annotations

import codecs
import io
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from backlint.errors import ImportFormatError
from backlint.urls import _PLAIN_URL, normalize_absolute, normalize_url
from crawler.importers import backlinks as bl
from crawler.importers.backlinks import (
    BacklinkRow,
    ImportProblem,
    parse_date,
    read_backlinks,
)

FIXTURES = Path(__file__).parent / "fixtures" / "imports"

AHREFS_HEADER = ["Referring page title", "Referring page URL", "Language", "Platform",
                 "Referring page HTTP code", "Domain rating", "Domain traffic", "Referring domains",
                 "Linked domains", "External links", "Page traffic", "Keywords", "Target URL", "Left context",
                 "Anchor", "Right context", "Type", "Content", "Nofollow", "UGC", "Sponsored", "First seen",
                 "Last seen", "Lost", "Links in group", "UR", "Is spam"]


def _all(backlinks):
    return list(backlinks.rows())


def _rows(items):
    return [item for item in items if isinstance(item, BacklinkRow)]


def _problems(items):
    return [item for item in items if isinstance(item, ImportProblem)]


def _ahrefs_row(i: int, source: str | None = None) -> list[str]:
    return [f"Post {i}", source if source is not None else f"https://blog{i % 500}.example/p/{i}/", "en", "blogs",
            "200", str(i % 90), "100", "12", "40", "55", "3", "0", "https://mysite.example/", "left", f"anchor {i}",
            "right", "text", "", "true" if i % 3 == 0 else "false", "false", "false", "2023-01-05 10:00:00",
            "2024-05-01 08:00:00", "", "1", "4.5", "false"]


def _write_ahrefs_utf16(path: Path, rows: int, bad_every: int = 0) -> None:
    """Write an Ahrefs export as Ahrefs does by default: UTF-16 LE with a BOM, tabs, quoted."""
    def line(cells):
        return "\t".join(f'"{c}"' for c in cells) + "\n"

    with path.open("wb") as out:
        out.write(codecs.BOM_UTF16_LE + line(AHREFS_HEADER).encode("utf-16-le"))
        batch = []
        for i in range(rows):
            bad = bad_every and i % bad_every == bad_every // 2
            batch.append(line(_ahrefs_row(i, source="" if bad else None)))
            if len(batch) == 5000:
                out.write("".join(batch).encode("utf-16-le"))
                batch = []
        out.write("".join(batch).encode("utf-16-le"))


# --------------------------------------------------------------------------- Ahrefs

def test_ahrefs_default_export_utf16_le_tab_separated_with_bom():
    backlinks = read_backlinks(FIXTURES / "ahrefs-utf16.tsv")
    assert (backlinks.format, backlinks.encoding, backlinks.delimiter) == ("ahrefs", "utf-16-le", "\t")
    assert backlinks.header == tuple(AHREFS_HEADER)
    items = _all(backlinks)
    assert _problems(items) == []
    # The third row's "Left context" holds a line break: that row takes lines 4 and 5.
    assert [row.line for row in items] == [2, 3, 4, 6, 7]
    assert items[0] == BacklinkRow(
        line=2, source_url="https://garden-notes.example/2024/03/raised-beds/",
        target_url="https://mysite.example/guide/", anchor="raised bed guide", rel=(),
        first_seen="2023-11-02", last_seen="2024-05-01", source_title="Raised beds: a guide", http_code=200,
        lost=False, metrics={"domain_rating": 34, "domain_traffic": 1200, "referring_domains": 85,
                             "linked_domains": 40, "external_links": 55, "page_traffic": 30, "keywords": 12,
                             "links_in_group": 1, "url_rating": 12.5, "is_spam": 0})
    spam = items[1]
    assert spam.source_url == "http://pills-shop.example/buy?id=3"  # normalised: case, port, utm_ dropped
    assert spam.rel == ("nofollow", "ugc")
    assert spam.first_seen == "2024-01-15"
    assert spam.metrics["is_spam"] == 1
    assert items[2].source_url == "https://forum.example/t/55"
    assert items[3].rel == ("sponsored",) and items[3].lost is True  # "Lost" holds the date it was lost
    assert items[4].source_url == "https://xn--bcher-kva.example/seite/"
    assert items[4].source_title == "Café über alles"
    assert items[4].http_code == 404
    assert items[4].metrics["domain_rating"] == 1234  # "1,234"
    assert "url_rating" not in items[4].metrics  # empty cell: no number, not zero
    summary = backlinks.summary
    assert (summary.rows_read, summary.imported, summary.skipped_total) == (5, 5, 0)


def test_ahrefs_utf8_csv_option():
    backlinks = read_backlinks(FIXTURES / "ahrefs-utf8.csv")
    assert (backlinks.format, backlinks.encoding, backlinks.delimiter) == ("ahrefs", "utf-8", ",")
    rows = _all(backlinks)
    assert [r.anchor for r in rows] == ['the "raised bed", guide', ""]
    assert rows[1].rel == ("nofollow",)
    assert rows[1].http_code == 301


def test_header_order_and_case_do_not_matter():
    header = ["ANCHOR", "target url", "referring_page_url", "NOFOLLOW", "first seen"]
    data = ",".join(header) + "\nhi,https://me.example/,https://a.example/x,TRUE,1/2/2024\n"
    backlinks = read_backlinks(data.encode())
    assert backlinks.format == "ahrefs"
    assert _all(backlinks) == [BacklinkRow(line=2, source_url="https://a.example/x",
                                           target_url="https://me.example/", anchor="hi", rel=("nofollow",),
                                           first_seen="2024-01-02")]


def test_utf16_without_bom_and_big_endian():
    text = "Referring page URL\tAnchor\nhttps://a.example/\tone\n"
    for data in (text.encode("utf-16-le"), codecs.BOM_UTF16_BE + text.encode("utf-16-be")):
        backlinks = read_backlinks(data)
        assert backlinks.format == "ahrefs"
        assert [(r.source_url, r.anchor) for r in backlinks.rows()] == [("https://a.example/", "one")]


# --------------------------------------------------------------------------- Semrush

def test_semrush_backlinks_true_false_booleans():
    backlinks = read_backlinks(FIXTURES / "semrush-backlinks.csv")
    assert backlinks.format == "semrush"
    good, casino = _all(backlinks)
    assert good.source_title == "Best garden tools, reviewed"
    assert (good.rel, good.lost) == ((), False)
    assert (casino.rel, casino.lost) == (("nofollow", "ugc"), True)
    assert casino.metrics == {"page_ascore": 0, "external_links": 800, "internal_links": 2, "frame": 0,
                              "form": 0, "image": 0, "sitewide": 1, "new_link": 1}


def test_semrush_older_headers_page_score_and_us_dates():
    backlinks = read_backlinks(FIXTURES / "semrush-backlinks-old.csv")
    assert backlinks.format == "semrush"
    [row] = _all(backlinks)
    assert row.metrics["page_score"] == 7 and row.metrics["page_trust_score"] == 3
    assert (row.first_seen, row.last_seen) == ("2015-06-05", "2019-12-31")
    assert row.metrics["sitewide"] == 1 and row.lost is True


def test_semrush_backlink_audit():
    backlinks = read_backlinks(FIXTURES / "semrush-audit.csv")
    assert backlinks.format == "semrush-audit"
    toxic, fine = _all(backlinks)
    assert toxic.source_url == "https://casino-bonus.example/c/"
    assert toxic.metrics == {"toxicity_score": 72, "page_ascore": 0, "domain_ascore": 2}
    assert fine.metrics["toxicity_score"] == 8


# --------------------------------------------------------------------------- Moz, Majestic

def test_moz_preamble_lines_before_the_header():
    backlinks = read_backlinks(FIXTURES / "moz-preamble.csv")
    assert (backlinks.format, backlinks.header_line) == ("moz", 5)
    first, second = _all(backlinks)
    assert first.line == 6
    # Moz writes URLs without a scheme: read as http://, and counted.
    assert first.source_url == "http://garden-notes.example/2024/03/raised-beds/"
    assert first.target_url == "http://mysite.example/guide/"
    assert first.metrics["spam_score"] == 1 and second.metrics["spam_score"] == 76  # "1%", "76%"
    assert (first.lost, second.lost) == (False, True)
    assert first.rel is None  # this Moz export says nothing of rel
    assert backlinks.summary.warnings[bl.SCHEME_ASSUMED] == 1


def test_majestic_broken_quoting_recovered_or_reported_by_line():
    backlinks = read_backlinks(FIXTURES / "majestic.csv")
    assert backlinks.format == "majestic"
    items = _all(backlinks)
    assert [(i.line, i.reason) for i in _problems(items)] == [(3, bl.FIELD_COUNT), (7, bl.FIELD_COUNT)]
    assert _problems(items)[0].detail == "expected 16 fields, found 17"
    rows = {row.line: row for row in _rows(items)}
    assert sorted(rows) == [2, 4, 5, 6, 8, 9, 11]
    assert rows[4].anchor == "unclosed anchor"  # the quote never closed: split on commas
    assert rows[5].source_url == "https://plain.example/a"  # not swallowed by row 4's open quote
    assert rows[6].anchor == '55" screen' and rows[6].metrics["image"] == 1
    assert rows[9].anchor == "first part second part"  # a bare line break inside the anchor
    assert rows[8].rel == ("nofollow",) and rows[2].rel == ()
    assert rows[2].metrics["source_trust_flow"] == 18
    assert (rows[2].first_seen, rows[2].last_seen) == ("2021-03-14", "2024-04-28")
    summary = backlinks.summary
    assert (summary.rows_read, summary.imported, dict(summary.skipped)) == (9, 7, {bl.FIELD_COUNT: 2})
    assert summary.warnings == {bl.QUOTING_RECOVERED: 1, bl.LINE_BREAK_JOINED: 1}


# --------------------------------------------------------------------------- Search Console

def test_search_console_zip_reads_the_link_lists():
    backlinks = read_backlinks(FIXTURES / "search-console-links.zip")
    assert backlinks.format == "search-console-links"
    assert backlinks.members == (("Top linking sites.csv", None), ("Latest links.csv", "search-console-links"),
                                 ("More sample links.csv", "search-console-links"),
                                 ("Top linked pages - externally.csv", None))
    assert any("Top linked pages - externally.csv: not read" in n for n in backlinks.notes)
    rows = _all(backlinks)
    assert [(r.source_url, r.last_seen) for r in rows] == [
        ("https://garden-notes.example/2024/03/raised-beds/", "2024-05-01"),
        ("https://forum.example/t/123", "2024-04-29"),
        ("https://tools-review.example/best/", None),
        ("https://www.news.example/story?id=7", None),
    ]
    assert backlinks.domain_level is False


def test_search_console_single_csv():
    backlinks = read_backlinks(FIXTURES / "search-console-latest-links.csv")
    assert backlinks.format == "search-console-links"
    assert [r.source_url for r in backlinks.rows()] == ["https://garden-notes.example/2024/03/raised-beds/",
                                                        "https://forum.example/t/123"]


def test_search_console_top_linking_sites_imported_at_domain_level():
    backlinks = read_backlinks(FIXTURES / "search-console-top-sites.csv")
    assert backlinks.format == "search-console-top-sites"
    assert backlinks.domain_level is True
    assert any("domain level" in note for note in backlinks.notes)
    rows = _all(backlinks)
    assert [(r.source_url, r.metrics) for r in rows] == [
        ("http://garden-notes.example/", {"linking_pages": 12, "target_pages": 3}),
        ("http://forum.example/", {"linking_pages": 1204, "target_pages": 2}),
    ]
    assert backlinks.summary.warnings[bl.DOMAIN_LEVEL] == 2


def test_zip_with_only_top_linking_sites_imports_them(tmp_path):
    archive = tmp_path / "sites.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.write(FIXTURES / "search-console-top-sites.csv", "Top linking sites.csv")
        z.writestr("__MACOSX/._Top linking sites.csv", b"\x00\x05junk")
    backlinks = read_backlinks(archive)
    assert backlinks.format == "search-console-top-sites" and backlinks.domain_level
    assert len(_all(backlinks)) == 2


def test_zip_without_a_link_list_is_refused(tmp_path):
    archive = tmp_path / "other.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("Top linking text.csv", "Linking text,Links\nclick here,4\n")
    with pytest.raises(ImportFormatError) as error:
        read_backlinks(archive)
    assert "no member of the ZIP is a backlink list" in str(error.value)
    assert "Top linking text.csv: Columns found: 'Linking text', 'Links'" in str(error.value)


def test_excel_workbook_is_refused_with_advice():
    data = io.BytesIO()
    with zipfile.ZipFile(data, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/workbook.xml", "<workbook/>")
    with pytest.raises(ImportFormatError, match="Excel workbook: export the sheet as CSV"):
        read_backlinks(data.getvalue(), name="links.xlsx")


def test_zip_guards_member_count_and_size(tmp_path, monkeypatch):
    archive = tmp_path / "many.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as z:
        for n in range(5):
            z.writestr(f"Latest links {n}.csv", "Linking page\n" + "".join(
                f"https://site{n}-{i}.example/\n" for i in range(2000)))
    monkeypatch.setattr(bl, "MAX_ZIP_MEMBERS", 4)
    with pytest.raises(ImportFormatError, match="5 members; at most 4"):
        read_backlinks(archive)
    monkeypatch.setattr(bl, "MAX_ZIP_MEMBERS", 1000)
    monkeypatch.setattr(bl, "MAX_ZIP_BYTES", 50_000)
    with pytest.raises(ImportFormatError, match="would expand to"):
        read_backlinks(archive)
    # Within the declared limit, what actually comes out is counted too.
    monkeypatch.setattr(bl, "MAX_ZIP_BYTES", 1_000_000)
    backlinks = read_backlinks(archive)
    monkeypatch.setattr(bl, "MAX_ZIP_BYTES", 60_000)
    items = _all(backlinks)
    assert isinstance(items[-1], ImportProblem) and items[-1].reason == bl.ZIP_LIMIT
    assert items[-1].member == "Latest links 1.csv"
    # The first member (about 52 KB) comes out whole; the second's first chunk passes the limit.
    assert len(_rows(items)) == 2000
    assert backlinks.summary.skipped == {bl.ZIP_LIMIT: 1}


def test_damaged_zip_is_a_format_error():
    data = b"PK\x03\x04" + b"\x00" * 200
    with pytest.raises(ImportFormatError, match="not a readable ZIP"):
        read_backlinks(data)


# --------------------------------------------------------------------------- generic

def test_generic_semicolon_file_with_bom_and_dates():
    backlinks = read_backlinks(FIXTURES / "generic-semicolon-bom.csv")
    assert (backlinks.format, backlinks.delimiter, backlinks.encoding) == ("generic", ";", "utf-8")
    assert backlinks.header == ("Source URL", "Target URL", "Anchor", "Nofollow", "First seen")
    a, b, c = _all(backlinks)
    assert (a.source_url, a.rel, a.first_seen) == ("https://a.example/p", ("nofollow",), "2024-05-31")
    assert (b.target_url, b.anchor, b.rel, b.first_seen) == (None, "", (), "2023-12-01")
    assert (c.anchor, c.rel, c.first_seen) == ("Über uns", None, "2023-12-31")  # empty flag: unknown


def test_generic_rel_column_and_url_alias():
    data = (b"url,rel,first_seen\n"
            b"https://a.example/,nofollow ugc,2024-01-01\n"
            b"https://b.example/,dofollow,\n"
            b"https://c.example/,,\n")
    rows = _all(read_backlinks(data))
    assert [r.rel for r in rows] == [("nofollow", "ugc"), (), ()]


def test_file_without_a_rel_column_says_nothing_of_rel():
    rows = _all(read_backlinks(b"source_url\nhttps://a.example/\n"))
    assert rows[0].rel is None and rows[0].lost is None and rows[0].target_url is None


@pytest.mark.parametrize(("value", "expected"), [
    ("2024-05-31", "2024-05-31"),
    ("2024-05-31T23:59:00+02:00", "2024-05-31"),
    ("2024-05-31 10:11:12", "2024-05-31"),
    ("2024/5/31", "2024-05-31"),
    ("5/31/2024", "2024-05-31"),
    ("5/31/2024 10:00 AM", "2024-05-31"),
    ("1/2/2024", "2024-01-02"),  # M/D/YYYY: January 2nd
    ("31.05.2024", "2024-05-31"),
    ("May 31, 2024", "2024-05-31"),
    ("31 May 2024", "2024-05-31"),
    ("Sept 1, 2023", "2023-09-01"),
    ("31/5/2024", None),  # day first with slashes: not read, never guessed
    ("2024-02-30", None),
    ("yesterday", None),
    ("", None),
])
def test_dates_read(value, expected):
    assert parse_date(value) == expected


def test_unknown_header_lists_columns_found_and_expected():
    with pytest.raises(ImportFormatError) as error:
        read_backlinks(FIXTURES / "unknown-columns.csv")
    message = str(error.value)
    assert message.startswith("unknown-columns.csv: not a backlink export backlint knows.\n")
    assert "Columns found: 'Keyword', 'Position', 'Search volume'\n" in message
    for expected in ("Ahrefs backlinks (ahrefs): Referring page title, Referring page URL",
                     "Semrush backlinks (semrush): Page ascore (older: Page score)",
                     "Semrush backlink audit (semrush-audit): Source url",
                     "Moz Link Explorer (moz): URL, Title, Anchor Text, Spam Score",
                     "Majestic backlinks (majestic): Target URL, Source URL",
                     "(search-console-links): Linking page, Last crawled",
                     "(search-console-top-sites): Site, Linking pages, Target pages",
                     "any CSV (generic): source_url (or url, source, referring page url)"):
        assert expected in message


def test_empty_file_is_a_format_error():
    with pytest.raises(ImportFormatError, match="no header line"):
        read_backlinks(b"\n\n")


def test_bad_rows_reported_with_line_numbers_while_the_rest_imports():
    data = (b"source_url,target_url,anchor,first_seen\n"                       # 1
            b"https://ok1.example/,https://mysite.example/,ok,2024-01-01\n"      # 2
            b",https://mysite.example/,no source,2024-01-01\n"                  # 3
            b"mailto:someone@example.com,https://mysite.example/,mail,\n"       # 4
            b"https://ok2.example/,https://mysite.example/,ok,not a date\n"     # 5
            b"https://ok3.example/,extra,field,2024-01-01,boom\n"               # 6
            b"https://bad-bytes.example/,https://mysite.example/,caf\xe9,\n"    # 7: Latin-1, not UTF-8
            b"\n"                                                                # 8: blank
            b",,,\n"                                                             # 9: empty fields
            b"https://ok4.example/,ftp://mysite.example/,ok,1/2/2024\n"         # 10
            b"https://ok5.example/,https://mysite.example/,trailing comma,,\n")  # 11
    backlinks = read_backlinks(data, name="bad.csv")
    items = _all(backlinks)
    assert [(p.line, p.reason) for p in _problems(items)] == [
        (3, bl.NO_SOURCE), (4, bl.BAD_SOURCE), (6, bl.FIELD_COUNT), (7, bl.UNDECODABLE)]
    assert _problems(items)[3].raw == "https://bad-bytes.example/,https://mysite.example/,caf\ufffd,"
    assert [(r.line, r.source_url) for r in _rows(items)] == [
        (2, "https://ok1.example/"), (5, "https://ok2.example/"), (10, "https://ok4.example/"),
        (11, "https://ok5.example/")]
    assert _rows(items)[1].first_seen is None
    assert _rows(items)[2].target_url is None
    summary = backlinks.summary
    assert (summary.rows_read, summary.imported) == (8, 4)
    assert summary.skipped == {bl.NO_SOURCE: 1, bl.BAD_SOURCE: 1, bl.FIELD_COUNT: 1, bl.UNDECODABLE: 1}
    assert summary.warnings == {bl.DATE_NOT_UNDERSTOOD: 1, bl.TARGET_NOT_UNDERSTOOD: 1}


def test_overlong_line_is_reported_and_skipped(monkeypatch):
    monkeypatch.setattr(bl, "MAX_LINE_CHARS", 1000)
    monkeypatch.setattr(bl, "_CHUNK_BYTES", 256)
    data = b"source_url\nhttps://a.example/\nhttps://b.example/" + b"x" * 5000 + b"\nhttps://c.example/\n"
    items = _all(read_backlinks(data))
    assert [(i.line, getattr(i, "reason", None) or i.source_url) for i in items] == [
        (2, "https://a.example/"), (3, bl.LINE_TOO_LONG), (4, "https://c.example/")]


def test_old_mac_line_breaks():
    items = _all(read_backlinks(b"source_url,anchor\rhttps://a.example/,one\rhttps://b.example/,two\r"))
    assert [(r.line, r.source_url) for r in items] == [(2, "https://a.example/"), (3, "https://b.example/")]


# --------------------------------------------------------------------------- streaming, scale

def test_100k_row_ahrefs_file_imports_with_exact_counts(tmp_path):
    path = tmp_path / "ahrefs-100k.tsv"
    _write_ahrefs_utf16(path, 100_000, bad_every=10_000)
    backlinks = read_backlinks(path)
    assert backlinks.format == "ahrefs"
    problems, last, count = [], None, 0
    for item in backlinks.rows():
        if isinstance(item, ImportProblem):
            problems.append(item)
        else:
            count += 1
            last = item
    assert [(p.line, p.reason) for p in problems] == [(i + 2, bl.NO_SOURCE) for i in range(5000, 100_000, 10_000)]
    assert count == 99_990
    assert last == BacklinkRow(
        line=100_001, source_url="https://blog499.example/p/99999/", target_url="https://mysite.example/",
        anchor="anchor 99999", rel=("nofollow",), first_seen="2023-01-05", last_seen="2024-05-01",
        source_title="Post 99999", http_code=200, lost=False,
        metrics={"domain_rating": 9, "domain_traffic": 100, "referring_domains": 12, "linked_domains": 40,
                 "external_links": 55, "page_traffic": 3, "keywords": 0, "links_in_group": 1, "url_rating": 4.5,
                 "is_spam": 0})
    summary = backlinks.summary
    assert (summary.rows_read, summary.imported, dict(summary.skipped)) == (100_000, 99_990, {bl.NO_SOURCE: 10})


class _CountingReader(io.RawIOBase):
    """A binary stream that counts the bytes read from it."""

    def __init__(self, data: bytes) -> None:
        self._data = io.BytesIO(data)
        self.bytes_read = 0

    def readable(self):
        return True

    def seekable(self):
        return True

    def seek(self, offset, whence=0):
        return self._data.seek(offset, whence)

    def tell(self):
        return self._data.tell()

    def read(self, size=-1):
        chunk = self._data.read(size)
        self.bytes_read += len(chunk)
        return chunk


def test_rows_are_streamed_not_read_all_at_once():
    data = b"source_url\n" + b"".join(b"https://site%d.example/page\n" % i for i in range(400_000))
    stream = _CountingReader(data)
    backlinks = read_backlinks(stream)
    rows = backlinks.rows()
    first = [next(rows) for _ in range(10)]
    assert first[-1].source_url == "https://site9.example/page"
    # Only the first chunks have been read (the head, then one chunk), not 11 MB.
    assert stream.bytes_read < bl.HEAD_BYTES + 2 * bl._CHUNK_BYTES < len(data)
    assert backlinks.summary.imported == 10
    rows.close()


def test_rows_can_be_read_again_and_summary_restarts():
    backlinks = read_backlinks(FIXTURES / "semrush-backlinks.csv")
    assert _all(backlinks) == _all(backlinks)
    assert len(set(_all(backlinks))) == 2  # rows are hashable, so they can be de-duplicated
    assert backlinks.summary.rows_read == 2


def test_a_pipe_is_read_once():
    class Pipe(io.RawIOBase):
        def __init__(self, data):
            self._data = io.BytesIO(data)

        def readable(self):
            return True

        def readinto(self, buffer):
            chunk = self._data.read(min(len(buffer), 7))  # a pipe hands out little at a time
            buffer[:len(chunk)] = chunk
            return len(chunk)

    backlinks = read_backlinks(Pipe(b"source_url\nhttps://a.example/\nhttps://b.example/\n"))
    assert [r.source_url for r in backlinks.rows()] == ["https://a.example/", "https://b.example/"]
    with pytest.raises(RuntimeError, match="read once"):
        list(backlinks.rows())


def test_text_mode_file_is_a_type_error(tmp_path):
    path = tmp_path / "x.csv"
    path.write_text("source_url\n")
    with path.open() as text, pytest.raises(TypeError, match="binary"):
        read_backlinks(text)


# --------------------------------------------------------------------------- properties

_HEADERS = [
    b"source_url,anchor,first_seen\n",
    "\t".join(AHREFS_HEADER).encode() + b"\n",
    codecs.BOM_UTF16_LE + "Referring page URL\tAnchor\n".encode("utf-16-le"),
    b"Linking page\n",
    b"",
]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(header=st.sampled_from(_HEADERS), body=st.binary(max_size=3000))
def test_any_bytes_give_a_format_error_or_rows_and_problems(header, body):
    try:
        backlinks = read_backlinks(header + body)
    except ImportFormatError:
        return
    items = list(backlinks.rows())
    assert all(isinstance(item, (BacklinkRow, ImportProblem)) for item in items)
    summary = backlinks.summary
    assert summary.rows_read == len(items) == summary.imported + summary.skipped_total
    for item in items:
        if isinstance(item, BacklinkRow):
            assert normalize_url(item.source_url) == item.source_url
            item.anchor.encode("utf-8")  # no lone surrogates leak out of a decoded row
        else:
            item.raw.encode("utf-8")


@settings(max_examples=300, deadline=None)
@given(st.one_of(
    st.from_regex(_PLAIN_URL, fullmatch=True),
    st.builds(lambda scheme, host, path: f"{scheme}://{host}{path}",
              st.sampled_from(["http", "https", "HTTP"]),
              st.from_regex(r"[a-zA-Z0-9.-]{1,30}", fullmatch=True),
              st.from_regex(r"(/[a-zA-Z0-9._~%-]{0,8}){0,4}", fullmatch=True)),
))
def test_already_normal_shortcut_gives_what_normalize_url_gives(url):
    assert normalize_absolute(url) == normalize_url(url)
