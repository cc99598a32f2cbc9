"""Existing disavow files: parsed, checked line by line against Google's rules, written back."""

from __future__ import annotations

import codecs
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from crawler.importers import disavow as dv
from crawler.importers.disavow import DisavowEntry, parse_disavow

FIXTURES = Path(__file__).parent / "fixtures" / "imports"


def test_valid_file_entries_comments_and_byte_exact_round_trip():
    data = (FIXTURES / "disavow-valid.txt").read_bytes()
    disavow = parse_disavow(data)
    assert disavow.is_valid and disavow.errors == [] and disavow.warnings == []
    assert disavow.entries == [
        DisavowEntry("domain", "casino-bonus.example", 5, "casino link network, contacted twice"),
        DisavowEntry("domain", "pills-shop.example", 6, ""),
        DisavowEntry("url", "https://forum.example/t/123", 9, "single pages"),
        DisavowEntry("url", "http://bücher.example/seite/", 10, ""),
    ]
    assert disavow.domains == {"casino-bonus.example", "pills-shop.example"}
    assert disavow.urls == {"https://forum.example/t/123", "http://xn--bcher-kva.example/seite/"}
    assert (disavow.line_count, disavow.size_bytes) == (10, len(data))
    assert disavow.render().encode("utf-8") == data  # CRLF line ends and all


def test_text_round_trip_without_final_line_break_and_with_bom():
    for text in ("domain:a.example\nhttp://b.example/x", "\ufeff# c\ndomain:a.example\n\n\n", ""):
        assert parse_disavow(text).render() == text
        assert parse_disavow(text.encode("utf-8")).render() == text
    assert parse_disavow("\ufeffdomain:a.example\n").warnings[0].line == 1


def test_invalid_lines_reported_with_line_numbers():
    disavow = parse_disavow((FIXTURES / "disavow-invalid.txt").read_bytes())
    assert not disavow.is_valid
    assert [(p.line, p.reason, p.suggestion) for p in disavow.errors] == [
        (3, "domain: takes a domain, not a URL", "domain:spam2.example"),
        (4, "a URL must start with http:// or https://", "http://spam3.example/some/page"),
        (5, "wildcards and directory-level entries are not supported: list each URL or disavow the domain", None),
        (7, "a domain needs the domain: prefix; a URL needs http:// or https://", "domain:spam6.example"),
        (10, "text after the domain: comments must be on their own line starting with #", "domain:spam7.example"),
        (11, "directory-level entries are not supported: list each URL or disavow the domain", None),
        (12, "not UTF-8 text", None),
        (13, "invisible or control character U+200B in the line", "domain:spam10.example"),
    ]
    assert [(p.line, p.suggestion) for p in disavow.warnings] == [
        (6, "domain:spam5.example"),        # www.: covers www and below, not the site
        (8, None),                          # repeats line 2
        (9, None),                          # covered by domain:spam.example
        (14, "domain:Spam11.example"),      # Domain: in capitals
    ]
    assert disavow.warnings[1].reason == "repeats line 2"
    assert disavow.warnings[2].reason == "already covered by domain:spam.example (line 2)"
    assert [(e.kind, e.value, e.line) for e in disavow.entries] == [
        ("domain", "spam.example", 2), ("domain", "www.spam5.example", 6), ("domain", "spam.example", 8),
        ("url", "http://sub.spam.example/x", 9), ("domain", "Spam11.example", 14)]
    assert disavow.domains == {"spam.example", "www.spam5.example", "spam11.example"}


def test_render_of_an_invalid_file_is_valid_and_keeps_every_line():
    disavow = parse_disavow((FIXTURES / "disavow-invalid.txt").read_bytes())
    text = disavow.render()
    lines = text.split("\n")
    assert lines[2] == "# [invalid line 3: domain: takes a domain, not a URL] domain:http://spam2.example/page"
    assert lines[11] == "# [invalid line 12: not UTF-8 text] http://spam9.example/\ufffd\ufffd"
    assert lines[12] == ("# [invalid line 13: invisible or control character U+200B in the line] "
                         "domain:spam\ufffd10.example")
    again = parse_disavow(text)
    assert again.errors == []
    assert [(e.kind, e.key) for e in again.entries] == [(e.kind, e.key) for e in disavow.entries]
    assert again.line_count == disavow.line_count


def test_domain_entry_rules():
    def first_error(line):
        errors = parse_disavow(line + "\n").errors
        return (errors[0].reason, errors[0].suggestion) if errors else None

    assert first_error("domain:spam.example") is None
    assert first_error("domain:bücher.example") is None
    assert first_error("domain:") == ("domain: is followed by no domain", None)
    assert first_error("domain:spam.example/path") == ("domain: takes a domain without a path",
                                                       "domain:spam.example")
    assert first_error("domain:*.spam.example") == ("domain: takes no wildcard; it already covers every subdomain",
                                                    "domain:spam.example")
    assert first_error("domain:spam.example:8080") == ("domain: takes a domain without a port",
                                                       "domain:spam.example")
    assert first_error("domain:com") == ("'com' is not a domain name", None)
    assert first_error("domain:bad_name.example") == ("'bad_name.example' is not a domain name", None)
    assert first_error("site:spam.example") == ("site: is not a prefix Google reads: use domain:",
                                                "domain:spam.example")
    assert first_error("url:http://spam.example/p") == ("url: is not a prefix Google reads: write the URL alone",
                                                        "http://spam.example/p")


def test_url_entry_rules():
    def first_error(line):
        errors = parse_disavow(line + "\n").errors
        return errors[0].reason if errors else None

    assert first_error("https://spam.example/") is None
    assert first_error("http://spam.example/blog/") is None  # a trailing slash is a page, not a directory
    assert first_error("HTTP://Spam.example/p?x=1") is None
    assert first_error("ftp://spam.example/file") == "only http and https URLs can be disavowed, not ftp:"
    assert first_error("http://spam.example/a page") == ("a URL cannot contain spaces; comments must be on "
                                                         "their own line starting with #")
    assert first_error("http:spam.example") == "not a valid URL"
    assert first_error("//spam.example/p") == "a URL must start with http:// or https://"
    assert first_error("\u00a0http://spam.example/") == "invisible or control character U+00A0 in the line"


def test_comments_attach_to_the_entry_directly_below():
    disavow = parse_disavow("# one\n# two\ndomain:a.example\n# lost\n\ndomain:b.example\n#three\n"
                            "http://c.example/\n")
    assert [(e.value, e.comment) for e in disavow.entries] == [
        ("a.example", "one\ntwo"), ("b.example", ""), ("http://c.example/", "three")]


def test_size_and_line_limits():
    at_limit = "".join(f"domain:s{i}.io\n" for i in range(dv.MAX_LINES))  # 1.7 MB
    assert parse_disavow(at_limit).errors == []
    over = at_limit + "# one more line\n"
    assert [(p.line, p.reason) for p in parse_disavow(over).errors] == [
        (0, "the file has 100,001 lines; Google accepts at most 100,000")]
    big = "# " + "x" * dv.MAX_BYTES + "\ndomain:a.example\n"
    errors = parse_disavow(big.encode()).errors
    assert [(p.line, p.reason) for p in errors] == [
        (0, f"the file is {len(big):,} bytes; Google accepts at most 2 MB (2,000,000 bytes)")]


def test_utf16_file_is_reported_and_still_read():
    data = codecs.BOM_UTF16_LE + "domain:spam.example\r\n".encode("utf-16-le")
    disavow = parse_disavow(data)
    assert [(p.line, p.reason) for p in disavow.errors] == [
        (0, "the file is UTF-16; Google reads UTF-8 or ASCII: save it as UTF-8")]
    assert disavow.domains == {"spam.example"}
    assert disavow.render() == "domain:spam.example\r\n"


_entry = st.one_of(
    st.from_regex(r"domain:[a-z0-9]{1,10}(\.[a-z0-9]{1,10}){1,2}", fullmatch=True),
    st.from_regex(r"https?://[a-z0-9]{1,10}\.example(/[A-Za-z0-9._~-]{0,8}){0,3}", fullmatch=True),
)
_line = st.one_of(_entry, _entry, st.just(""), st.text(max_size=30).map(lambda t: "#" + t.replace("\n", " ")))


@settings(max_examples=200, deadline=None)
@given(lines=st.lists(_line, max_size=30), ending=st.sampled_from(["\n", "\r\n"]), final=st.booleans())
def test_valid_files_round_trip_byte_exact(lines, ending, final):
    text = ending.join(line.replace("\r", " ") for line in lines) + (ending if final and lines else "")
    data = text.encode("utf-8")
    disavow = parse_disavow(data)
    assert disavow.errors == []
    assert disavow.render().encode("utf-8") == data
    assert len(disavow.entries) == sum(1 for line in lines if line.startswith(("domain:", "http")))


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.binary(max_size=400), st.text(max_size=400)))
def test_any_input_parses_and_renders_to_a_valid_file(content):
    disavow = parse_disavow(content)
    rendered = disavow.render()
    rendered.encode("utf-8", "surrogatepass")
    again = parse_disavow(rendered)
    assert [p for p in again.errors if p.line > 0] == []
