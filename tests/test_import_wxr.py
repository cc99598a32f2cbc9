"""WordPress exports (WXR 1.0-1.2): exact records, personal data, broken and hostile files.

The samples in ``tests/fixtures/imports/wxr/`` are written the way
``wp-admin/includes/export.php`` writes them: ``wxr-1.2-moderated.xml`` as WordPress 6.x
does (CDATA everywhere, comment meta; spam left out, as core does), and
``wxr-1.0-wordpress-2.9.xml`` as WordPress 2.9 did (plain fields, every comment
including spam, no comment meta). ``test_real_wordpress_export`` has the real
WordPress of ``tests/wordpress/`` make an export and checks it against that blog's
ground truth.
"""

from __future__ import annotations

import gc
import gzip
import hashlib
import http.server
import io
import json
import re
import subprocess
import sys
import threading
import tracemalloc
from collections.abc import Iterator
from pathlib import Path

import pytest
from test_wordpress import WP_SCRIPTS, _run, ground_truth, wordpress  # noqa: F401 - its fixture

from backlint.errors import ImportFormatError
from backlint.records import Link
from backlint.urls import normalize_url
from crawler.importers.wxr import WxrComment, plugin_verdict, read_wxr, scrub_meta

FIXTURES = Path(__file__).parent / "fixtures" / "imports" / "wxr"
WXR_12 = FIXTURES / "wxr-1.2-moderated.xml"
WXR_10 = FIXTURES / "wxr-1.0-wordpress-2.9.xml"
POST = "https://garden.example/raised-beds/"


def sha(value: str, salt: bytes = b"") -> str:
    return hashlib.sha256(salt + value.encode()).hexdigest()


def comments_of(source, **options) -> tuple[list[WxrComment], object]:
    wxr = read_wxr(source, **options)
    return list(wxr.comments()), wxr


def ids(records: list[WxrComment]) -> list[str]:
    return [record.comment_id for record in records]


# --- a WordPress 6 export ------------------------------------------------------------


def test_header_of_a_wxr_1_2_export() -> None:
    wxr = read_wxr(WXR_12)
    assert (wxr.site_url, wxr.site_title, wxr.wxr_version) == (
        "https://garden.example/", "Garden Notes & Seeds", "1.2")


def test_every_comment_of_a_wxr_1_2_export() -> None:
    records, wxr = comments_of(WXR_12)
    table = [(r.comment_id, r.type, r.status, r.post_id, r.post_status, r.parent_id, r.user_id,
              r.date_gmt, r.label, r.verdict) for r in records]
    assert table == [
        ("101", "comment", "approved", "10", "publish", None, None, "2024-03-01T10:00:00+00:00", "ham",
         "akismet: ham"),
        ("102", "comment", "approved", "10", "publish", "101", "1", "2024-03-01T11:30:00+00:00", "ham", None),
        ("103", "comment", "pending", "10", "publish", None, None, "2024-03-02T07:15:00+00:00", None,
         "akismet: error"),
        ("104", "pingback", "approved", "10", "publish", None, None, "2024-03-02T14:00:00+00:00", "ham", None),
        ("105", "trackback", "approved", "10", "publish", None, None, "2024-03-03T02:00:00+00:00", "ham", None),
        # Trashed, but its moderator reported it to Akismet as spam: a human verdict.
        ("106", "comment", "trash", "10", "publish", None, None, "2024-03-03T10:00:00+00:00", "spam",
         "akismet: spam; akismet report: spam"),
        # GMT date 0000-00-00 00:00:00: the local date, without an offset.
        ("107", "comment", "pending", "10", "publish", None, None, "2024-03-04T09:45:00", None, None),
        ("201", "comment", "post-trashed", "20", "trash", None, None, "2024-01-16T09:00:00+00:00", None, None),
    ]
    assert {r.comment_id: r.post_url for r in records} == {
        **{i: POST for i in ("101", "102", "103", "104", "105", "106", "107")},
        "201": "https://garden.example/?p=20"}
    # WooCommerce's order note is private shop data, not a comment.
    assert wxr.skipped == {"private comment type 'order_note'": 1}
    assert wxr.problems == [] and wxr.problem_count == 0


def test_a_comment_record_in_full() -> None:
    records, _ = comments_of(WXR_12)
    assert records[0] == WxrComment(
        comment_id="101", post_url=POST, post_id="10", post_status="publish", type="comment",
        status="approved", author_name="Alice", author_url="https://alice.example.com/",
        author_email_hash=sha("alice@mail.example"),  # lower-cased: one person, one hash
        author_ip_hash=sha("192.0.2.10"),
        date_gmt="2024-03-01T10:00:00+00:00",
        content_html='Beer traps worked for me.\nI kept <a href="https://alice.example.com/slugs/" '
                     'rel="nofollow ugc">a slug diary</a> all year.',
        text="Beer traps worked for me.\nI kept a slug diary all year.",
        # The export holds no markup for the author link: its rel is unknown (None).
        links=[Link("https://alice.example.com/", "Alice", None, True),
               Link("https://alice.example.com/slugs/", "a slug diary", ("nofollow", "ugc"))],
        meta={"akismet_result": "false",
              "akismet_history": 'a:2:{s:4:"time";d:1709290800.123456;s:5:"event";s:9:"check-ham";}'},
        verdict="akismet: ham", wp_type="comment", line=86)


def test_a_pingback_record_in_full() -> None:
    records, _ = comments_of(WXR_12)
    pingback = next(r for r in records if r.comment_id == "104")
    assert pingback == WxrComment(
        comment_id="104", post_url=POST, post_id="10", post_status="publish", type="pingback",
        status="approved", author_name="Other Blog \u2013 Soil matters",
        author_url="https://other.example/2024/03/soil/", author_email_hash=None,
        author_ip_hash=sha("203.0.113.7"), date_gmt="2024-03-02T14:00:00+00:00",
        content_html='[&#8230;] as <a href="https://garden.example/raised-beds/">raised beds in a wet '
                     'spring</a> shows, drainage comes first [&#8230;]',
        text="[\u2026] as raised beds in a wet spring shows, drainage comes first [\u2026]",
        links=[Link("https://other.example/2024/03/soil/", "Other Blog \u2013 Soil matters", None, True),
               Link(POST, "raised beds in a wet spring")],
        wp_type="pingback", line=145)
    item = pingback.to_item()
    assert (item.type, item.site_item_id, item.source, item.link_direction(item.links[0])) == (
        "pingback", "104", "wxr", "inbound")


def test_links_text_and_urls_as_the_page_would_show_them() -> None:
    records = {r.comment_id: r for r in comments_of(WXR_12)[0]}
    # A relative href resolves against the post; the fragment goes.
    assert records["102"].links[1] == Link("https://garden.example/about/", "our notes")
    # Tracking parameters leave the author URL; a bare URL in the text is a link, rel
    # unknown, as make_clickable() links it when WordPress shows the comment.
    assert records["103"].author_url == "https://seeds.example/shop/?ref=garden"
    assert [link.anchor for link in records["103"].links] == ["Seed Deals", "seeds", "cheap seeds", "best seeds",
                                                              "http://seeds.example/d"]
    assert records["103"].links[-1] == Link("http://seeds.example/d", "http://seeds.example/d", None)
    assert records["103"].text.endswith("http://seeds.example/d")
    # Blocks become lines; a trackback's excerpt keeps its title line.
    assert records["105"].text == "Cheap pills\nBuy now, no prescription needed"
    # "http://" alone (what old WordPress stored for "no URL") is no URL.
    assert records["107"].author_url is None and records["107"].links == []


def test_cdata_split_and_entities_in_a_comment() -> None:
    record = next(r for r in comments_of(WXR_12)[0] if r.comment_id == "107")
    # export.php writes "]]>" as "]]]]><![CDATA[>"; the stored text comes back whole.
    assert record.content_html == ("Does the CDATA end ]]> survive? Tom &amp; Jerry say <b>yes</b> "
                                   "&amp; so do I.")
    assert record.text == "Does the CDATA end ]]> survive? Tom & Jerry say yes & so do I."
    assert record.author_name == "Tom & Jerry"
    assert record.wp_type == "" and record.type == "comment"


# --- personal data -----------------------------------------------------------------------


PERSONAL = ("alice@mail.example", "Alice@Mail.example", "192.0.2.10", "owner@garden.example",
            "deals@seeds.example", "rx-deals@spam.example", "198.51.100.23", "tj@mail.example",
            "2001:db8::7", "bob@mail.example", "Mozilla/5.0", "woocommerce@garden.example")


def test_emails_and_ips_are_hashed_by_default() -> None:
    records, _ = comments_of(WXR_12)
    everything = repr(records)
    for value in PERSONAL:
        assert value not in everything
    assert all(r.author_email is None and r.author_ip is None for r in records)
    by_id = {r.comment_id: r for r in records}
    assert by_id["106"].author_email_hash == sha("rx-deals@spam.example")
    assert by_id["106"].author_ip_hash == sha("198.51.100.23")
    assert by_id["107"].author_ip_hash == sha("2001:db8::7")
    # Akismet's copy of the submission keeps what the record holds anyway, nothing more.
    assert by_id["106"].meta["akismet_as_submitted"] == (
        'a:10:{s:15:"comment_post_ID";i:10;s:14:"comment_author";s:13:"Cheap Meds 24";'
        's:18:"comment_author_url";s:22:"http://meds24.example/";s:15:"comment_content";'
        's:59:"Nice post! Buy [url=http://meds24.example/]cheap meds[/url]";s:12:"comment_type";s:0:"";'
        's:14:"comment_parent";i:0;s:4:"blog";s:22:"https://garden.example";s:9:"blog_lang";'
        's:5:"en_US";s:12:"blog_charset";s:5:"UTF-8";s:9:"permalink";'
        's:35:"https://garden.example/raised-beds/";}')


def test_salt_changes_every_hash() -> None:
    plain = {r.comment_id: r for r in comments_of(WXR_12)[0]}
    salted = {r.comment_id: r for r in comments_of(WXR_12, salt=b"audit-7")[0]}
    assert salted["101"].author_email_hash == sha("alice@mail.example", b"audit-7")
    assert salted["101"].author_email_hash != plain["101"].author_email_hash
    assert salted["101"].author_ip_hash == sha("192.0.2.10", b"audit-7")


def test_keep_personal_keeps_them_and_still_hashes() -> None:
    records = {r.comment_id: r for r in comments_of(WXR_12, keep_personal=True)[0]}
    alice = records["101"]
    assert (alice.author_email, alice.author_ip) == ("Alice@Mail.example", "192.0.2.10")
    assert alice.author_email_hash == sha("alice@mail.example")
    assert records["104"].author_email is None  # pings have no e-mail
    submitted = records["106"].meta["akismet_as_submitted"]
    assert submitted.startswith("a:18:{") and '"user_ip";s:13:"198.51.100.23"' in submitted


def test_scrub_meta_drops_what_identifies_a_commenter() -> None:
    meta = {"antispam_bee_iphash": "5f0c...", "antispam_bee_reason": "css",
            "akismet_as_submitted": ["not serialised", 'a:1:{s:7:"user_ip";s:3:"::1";}']}
    assert scrub_meta(meta) == {"antispam_bee_reason": "css", "akismet_as_submitted": ["", "a:0:{}"]}


@pytest.mark.parametrize(("meta", "verdict"), [
    ({"akismet_result": "true"}, "akismet: spam"),
    ({"akismet_result": "false", "akismet_user_result": "false"}, "akismet: ham; akismet report: ham"),
    ({"akismet_history": ['a:2:{s:4:"time";d:1.5;s:5:"event";s:10:"check-spam";}',
                          'a:2:{s:4:"time";d:2.5;s:5:"event";s:11:"recheck-ham";}']}, "akismet: ham"),
    ({"akismet_error": "1709363700"}, "akismet: error"),
    ({"antispam_bee_reason": "server"}, "antispam bee: spam (server)"),
    ({"akismet_history": "a:1:{O:8:\"stdClass\":0:{}}"}, None),  # objects are never read
    ({}, None),
])
def test_plugin_verdicts(meta: dict, verdict: str | None) -> None:
    assert plugin_verdict(meta) == verdict


@pytest.mark.parametrize(("status", "meta", "label"), [
    ("spam", {}, "spam"),
    ("approved", {"akismet_result": "true"}, "ham"),  # approved despite Akismet: a human said ham
    ("pending", {"akismet_result": "true"}, None),  # Akismet alone is not a label
    ("trash", {"akismet_user_result": "true"}, "spam"),
    ("trash", {}, None),
    ("post-trashed", {}, None),
])
def test_label_rule(status: str, meta: dict, label: str | None) -> None:
    record = WxrComment(comment_id="1", post_url=None, post_id=None, post_status="", type="comment",
                        status=status, meta=meta)
    assert record.label == label


# --- WordPress 2.9 and every WXR version ---------------------------------------------------


def test_a_wxr_1_0_export_from_wordpress_2_9() -> None:
    records, wxr = comments_of(WXR_10)
    assert (wxr.site_url, wxr.site_title, wxr.wxr_version) == ("http://oldblog.example/", "Old Blog", "1.0")
    assert [(r.comment_id, r.type, r.status, r.parent_id, r.label, r.author_url) for r in records] == [
        ("1", "comment", "approved", None, "ham", "http://wordpress.org/"),
        ("2", "comment", "spam", None, "spam", "http://pharma-spam.example/"),
        ("3", "pingback", "approved", None, "ham", "http://friendly.example/2010/04/links/"),
        ("4", "comment", "pending", "1", None, None),
    ]
    spam = records[1]
    assert spam.author_email_hash == sha("pharma@spam.example")
    assert spam.links[1:] == [Link("http://pharma-spam.example/cialis", "cialis")]
    assert records[0].text == ("Hi, this is a comment.\nTo delete a comment, just log in and view the "
                               "post's comments. There you will have the option to edit or delete them.")
    assert records[2].author_name == "Friendly Blog \u00bb Links for April"
    assert all(r.post_url == "http://oldblog.example/2010/04/hello-world/" for r in records)
    assert wxr.problems == []


@pytest.mark.parametrize("version", ["1.0", "1.1", "1.2"])
def test_every_wxr_namespace_version(version: str) -> None:
    data = WXR_12.read_bytes().replace(b"/export/1.2/", f"/export/{version}/".encode())
    data = data.replace(b"<wp:wxr_version>1.2</wp:wxr_version>", b"")
    records, wxr = comments_of(io.BytesIO(data))
    assert wxr.wxr_version == version  # from the namespace when the element is missing
    assert ids(records) == ["101", "102", "103", "104", "105", "106", "107", "201"]


# --- files as they arrive -------------------------------------------------------------------


class OneWayStream(io.RawIOBase):
    """An upload or a pipe: read in small pieces, no seeking."""

    def __init__(self, data: bytes) -> None:
        self._data = io.BytesIO(data)

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        piece = self._data.read(min(len(buffer), 777))
        buffer[:len(piece)] = piece
        return len(piece)


ALL_IDS = ["101", "102", "103", "104", "105", "106", "107", "201"]


@pytest.mark.parametrize("wrap", [
    pytest.param(lambda data, tmp: tmp, id="path"),
    pytest.param(lambda data, tmp: io.BytesIO(data), id="binary-file"),
    pytest.param(lambda data, tmp: OneWayStream(data), id="stream-that-cannot-seek"),
    pytest.param(lambda data, tmp: io.BytesIO(gzip.compress(data)), id="gzip"),
    pytest.param(lambda data, tmp: io.BytesIO(b"\xef\xbb\xbf\n\n" + data), id="bom-and-blank-lines"),
    pytest.param(lambda data, tmp: io.BytesIO(data.decode().encode("utf-16")), id="utf-16"),
])
def test_sources(wrap, tmp_path: Path) -> None:
    data = WXR_12.read_bytes()
    path = tmp_path / "export.xml"
    path.write_bytes(data)
    records, wxr = comments_of(wrap(data, path))
    assert ids(records) == ALL_IDS
    assert wxr.site_url == "https://garden.example/" and wxr.problems == []


def test_blank_lines_before_the_declaration_keep_line_numbers() -> None:
    records, _ = comments_of(io.BytesIO(b"\n\n\n" + WXR_12.read_bytes()))
    assert records[0].line == 86 + 3


def test_comments_can_be_read_twice_from_a_path_not_from_a_stream() -> None:
    wxr = read_wxr(WXR_12)
    assert ids(list(wxr.comments())) == ids(list(wxr.comments())) == ALL_IDS
    stream = read_wxr(OneWayStream(WXR_12.read_bytes()))
    assert ids(list(stream.comments())) == ALL_IDS
    with pytest.raises(ValueError, match="read once"):
        list(stream.comments())


# --- broken files ---------------------------------------------------------------------------


def test_a_truncated_file_keeps_what_was_read() -> None:
    data = WXR_12.read_bytes()
    cut = data.index(b"Soil matters")  # inside pingback 104, which starts on line 145
    records, wxr = comments_of(io.BytesIO(data[:cut]))
    assert ids(records) == ["101", "102", "103"]
    [(line, reason)] = wxr.problems
    assert line == 147
    assert reason.startswith("the file ends early, inside the comment starting on line 145, which was not "
                             "imported (")
    assert "truncated" in reason


def _comment_spans(data: bytes) -> list[tuple[str, int, int]]:
    """(comment id, offset of its start tag, offset just past its end tag), read from the bytes."""
    spans = []
    for start in re.finditer(rb"<wp:comment>", data):
        end = data.index(b"</wp:comment>", start.end()) + len(b"</wp:comment>")
        comment_id = re.search(rb"<wp:comment_id>(\d+)<", data[start.end():end]).group(1).decode()
        spans.append((comment_id, start.start(), end))
    return spans


@pytest.mark.parametrize("where", ["after its start tag", "in its content", "just before its end tag"])
def test_a_file_cut_inside_any_comment_keeps_exactly_the_complete_ones(where: str) -> None:
    # What a truncated export yields is the comments whose end tag was read: never the one
    # the bytes end inside, whatever the XML parser manages to recover of it.
    data = WXR_12.read_bytes()
    spans = _comment_spans(data)
    assert set(ALL_IDS) <= {comment_id for comment_id, _, _ in spans}
    for comment_id, start, end in spans:
        cut = {"after its start tag": start + len(b"<wp:comment>") + 1,
               "in its content": data.index(b"<wp:comment_content>", start) + 30,
               "just before its end tag": end - 3}[where]
        records, wxr = comments_of(io.BytesIO(data[:cut]))
        complete = {done for done, _, done_end in spans if done_end <= cut}
        assert ids(records) == [kept for kept in ALL_IDS if kept in complete], (comment_id, where)
        assert any("ends early" in reason and "which was not imported" in reason
                   for _, reason in wxr.problems), (comment_id, wxr.problems)


def test_a_file_cut_between_posts() -> None:
    data = WXR_12.read_bytes()
    cut = data.index(b"<item>", data.index(b"</item>")) + 3
    records, wxr = comments_of(io.BytesIO(data[:cut]))
    assert ids(records) == ["101", "102", "103", "104", "105", "106", "107"]
    assert [line for line, _ in wxr.problems] == [236]
    assert "ends early" in wxr.problems[0][1]


def test_a_truncated_gzip_keeps_what_was_read() -> None:
    packed = gzip.compress(WXR_12.read_bytes())
    records, wxr = comments_of(io.BytesIO(packed[:len(packed) * 3 // 4]))
    assert ids(records) == ALL_IDS[:len(records)] and 0 < len(records) < len(ALL_IDS)
    assert "gzip data ends early" in wxr.problems[-1][1]


def test_an_xml_error_skips_to_the_next_post() -> None:
    data = WXR_12.read_bytes().replace(b"<![CDATA[0]]></wp:comment_approved>",
                                       b"<![CDATA[0]]></wp:comment_approvd>", 1)
    records, wxr = comments_of(io.BytesIO(data))
    # The third comment (103) is broken: it and the rest of its post are lost, the
    # next post is read.
    assert ids(records) == ["101", "102", "201"]
    [(line, reason)] = wxr.problems
    assert line == 132
    assert reason == ("XML error: Opening and ending tag mismatch: comment_approved line 132 and "
                      "comment_approvd (inside the comment starting on line 123: it and the rest of the post "
                      "starting on line 56 were skipped); reading resumed at the next <item> on line 236")


def test_errors_in_every_post_are_each_reported() -> None:
    data = WXR_12.read_bytes().replace(b"<wp:comment_parent>0</wp:comment_parent>",
                                       b"<wp:comment_parent>0</wp:comment_parent", 1)
    data = data.replace(b"Mine split in the rain.]]></wp:comment_content>",
                        b"Mine split in the rain.]]></wp:comment_contents>")
    records, wxr = comments_of(io.BytesIO(data))
    assert ids(records) == []
    # libxml2 notices the missing ">" of line 98 at the next tag.
    assert [line for line, _ in wxr.problems] == [99, 272]
    assert wxr.skipped == {"private comment type 'order_note'": 1}


def test_control_characters_and_bad_utf8_are_repaired() -> None:
    data = WXR_12.read_bytes().replace(b"Beer traps", b"Beer\x0b traps\x01").replace(
        b"Mine split", b"Mine \xff split")
    records, wxr = comments_of(io.BytesIO(data))
    assert ids(records) == ALL_IDS
    by_id = {r.comment_id: r for r in records}
    assert by_id["101"].text == "Beer traps worked for me.\nI kept a slug diary all year."
    assert by_id["201"].text == "Mine \ufffd split in the rain."
    assert wxr.problems == [
        (94, "removed 2 control character(s) that XML does not allow (first on this line)"),
        (272, "replaced 1 byte sequence(s) that are not UTF-8 with U+FFFD (first on this line)"),
    ]


def test_a_comment_without_an_id_is_reported_and_the_rest_goes_on() -> None:
    data = WXR_12.read_bytes().replace(b"<wp:comment_id>103</wp:comment_id>", b"<wp:comment_id></wp:comment_id>")
    records, wxr = comments_of(io.BytesIO(data))
    assert "103" not in ids(records) and len(records) == 7
    assert wxr.problems == [(123, "comment without a valid wp:comment_id (''); not imported")]


@pytest.mark.parametrize(("data", "message"), [
    (b"", "the file is empty"),
    (b"  \n\n", "the file is empty"),
    (b"source_url,anchor\nhttps://a.example/,x\n", "the file is not XML (Start tag expected"),
    (b"Referring page URL\tAnchor\n", "it starts with 'Referring page URL\\tAnchor"),
    (b'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url/></urlset>',
     "found the root element <urlset> in namespace http://www.sitemaps.org/schemas/sitemap/0.9; expected <rss>"),
    (b'<?xml version="1.0"?><rss version="2.0"><channel><title>Feed</title><item/></channel></rss>',
     "this is an RSS feed, not a WordPress export: found <rss> without the WXR namespace"),
    (b"<!DOCTYPE html><html><body><p>Export</body></html>", "found the root element <html>"),
    (b"\x1f\x8b\x08\x00garbage", "not a WordPress export: gzip data"),
])
def test_a_file_that_is_not_an_export(data: bytes, message: str) -> None:
    with pytest.raises(ImportFormatError) as raised:
        read_wxr(io.BytesIO(data))
    assert message in str(raised.value)


def test_a_missing_file() -> None:
    with pytest.raises(ImportFormatError, match="cannot read"):
        read_wxr(FIXTURES / "no-such-export.xml")


# --- hostile files --------------------------------------------------------------------------


def _parse_measured(data: bytes) -> tuple[list[WxrComment], object, int]:
    tracemalloc.start()
    try:
        records, wxr = comments_of(io.BytesIO(data))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    return records, wxr, peak


def test_billion_laughs_expands_nothing() -> None:
    records, wxr, peak = _parse_measured((FIXTURES / "hostile-billion-laughs.xml").read_bytes())
    assert [(r.comment_id, r.author_name, r.text) for r in records] == [
        ("1", "Before", "safe text"), ("2", "Laugher", "ha ha"), ("3", "After", "more safe text")]
    assert wxr.site_title == "Laughs"
    assert "lollol" not in repr(records)
    assert peak < 5_000_000
    assert wxr.problems == [(2, "the file has a DOCTYPE declaring entities, which WordPress never writes: "
                                "it was ignored, each entity read as empty text; nothing was expanded or loaded")]


def test_external_entities_read_nothing() -> None:
    records, wxr = comments_of(FIXTURES / "hostile-external-entity.xml")
    assert [(r.comment_id, r.author_name, r.text) for r in records] == [
        ("1", "Reader", "secrets: end"), ("2", "Plain", "nothing to see")]
    assert wxr.site_title == "Victim"
    assert "root:" not in repr(records) and Path("/etc/passwd").read_text().splitlines()[0] not in repr(records)
    assert [line for line, _ in wxr.problems] == [2]


@pytest.fixture
def listener() -> Iterator[tuple[str, list[str]]]:
    """A server on 127.0.0.1 that records every request it gets (none should come)."""
    requests: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - the standard library's name
            requests.append(self.path)
            body = b'<!ENTITY leak "LEAKED-FROM-THE-NETWORK">'
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}", requests
    server.shutdown()
    server.server_close()


# A prolog comment longer than the first chunk read hides the DOCTYPE from the
# replacement: lxml's own settings are then what protects.
_LONG_PROLOG = b"<!-- " + b"x" * (1 << 20) + b" -->\n"


@pytest.mark.parametrize("hide", [False, True], ids=["doctype-replaced", "doctype-left-to-lxml"])
def test_nothing_is_fetched_from_the_network(listener, hide: bool) -> None:
    url, requests = listener
    doctype = (f'<!DOCTYPE rss SYSTEM "{url}/wxr.dtd" [\n'
               f'  <!ENTITY % remote SYSTEM "{url}/remote.ent">\n  %remote;\n'
               f'  <!ENTITY page SYSTEM "{url}/page">\n]>\n').encode()
    body = WXR_12.read_bytes().replace(b"<wp:comment_author><![CDATA[Alice]]></wp:comment_author>",
                                       b"<wp:comment_author>Alice &page;</wp:comment_author>")
    declaration, rest = body.split(b"\n", 1)
    data = declaration + b"\n" + (_LONG_PROLOG if hide else b"") + doctype + rest
    try:
        records, _ = comments_of(io.BytesIO(data))
    except ImportFormatError:
        records = []  # refusing the file is as safe as reading it without the entities
    assert requests == []
    assert "LEAKED" not in repr(records)
    if not hide:
        assert records[0].author_name == "Alice" and len(records) == len(ALL_IDS)


def test_billion_laughs_left_to_lxml_is_refused_or_unexpanded() -> None:
    laughs = (FIXTURES / "hostile-billion-laughs.xml").read_bytes()
    declaration, rest = laughs.split(b"\n", 1)
    try:
        records, wxr, peak = _parse_measured(declaration + b"\n" + _LONG_PROLOG + rest)
    except ImportFormatError as exc:
        assert "amplification" in str(exc) or "not XML" in str(exc)
        return
    assert "lollol" not in repr(records)
    assert peak < 30_000_000


def test_external_entity_left_to_lxml_reads_nothing() -> None:
    hostile = (FIXTURES / "hostile-external-entity.xml").read_bytes()
    declaration, rest = hostile.split(b"\n", 1)
    records, _ = comments_of(io.BytesIO(declaration + b"\n" + _LONG_PROLOG + rest))
    assert "root:" not in repr(records)
    assert ids(records) == ["1", "2"]


# --- a large export, bounded memory ---------------------------------------------------------

_BIG_POST = """		<item>
		<title><![CDATA[Post {n}]]></title>
		<link>https://big.example/post-{n}/</link>
		<content:encoded><![CDATA[<p>{body}</p>]]></content:encoded>
		<wp:post_id>{n}</wp:post_id>
		<wp:status><![CDATA[publish]]></wp:status>
		<wp:post_type><![CDATA[post]]></wp:post_type>
"""
_BIG_COMMENT = """		<wp:comment>
			<wp:comment_id>{id}</wp:comment_id>
			<wp:comment_author><![CDATA[Commenter {id}]]></wp:comment_author>
			<wp:comment_author_email><![CDATA[user{id}@mail.example]]></wp:comment_author_email>
			<wp:comment_author_url>https://c{id}.example/</wp:comment_author_url>
			<wp:comment_author_IP><![CDATA[198.51.100.{ip}]]></wp:comment_author_IP>
			<wp:comment_date><![CDATA[2024-03-01 11:00:00]]></wp:comment_date>
			<wp:comment_date_gmt><![CDATA[2024-03-01 10:00:00]]></wp:comment_date_gmt>
			<wp:comment_content><![CDATA[Thanks, see <a href="https://tools{k}.example/">my tools</a>. {pad}]]></wp:comment_content>
			<wp:comment_approved><![CDATA[1]]></wp:comment_approved>
			<wp:comment_type><![CDATA[comment]]></wp:comment_type>
			<wp:comment_parent>0</wp:comment_parent>
			<wp:comment_user_id>0</wp:comment_user_id>
			<wp:commentmeta>
	<wp:meta_key><![CDATA[akismet_result]]></wp:meta_key>
			<wp:meta_value><![CDATA[false]]></wp:meta_value>
			</wp:commentmeta>
		</wp:comment>
"""


@pytest.fixture(scope="module")
def big_export(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, int]:
    """A 50 MB export: 25 comments a post, one post far larger than a chunk."""
    path = tmp_path_factory.mktemp("wxr") / "big.xml"
    head = WXR_12.read_text().split("\t\t<item>", 1)[0]
    count = 0
    with path.open("w") as out:
        out.write(head)
        post = 0
        while out.tell() < 50_000_000:
            post += 1
            # Post 3 has a 3 MB body: one item may exceed the read size.
            out.write(_BIG_POST.format(n=post, body="Slugs. " * (450_000 if post == 3 else 40)))
            for k in range(25):
                count += 1
                out.write(_BIG_COMMENT.format(id=count, ip=count % 250, k=k, pad="Nice. " * (count % 40)))
            out.write("\t\t</item>\n")
        out.write("\t</channel>\n</rss>\n")
    return path, count


def test_a_50_mb_export_is_read_with_a_working_set_that_does_not_grow(big_export) -> None:
    path, expected = big_export
    wxr = read_wxr(path)
    counts: list[int] = []
    seen = 0
    tracemalloc.start()
    try:
        for record in wxr.comments():
            seen += 1
            if seen % 5_000 == 0:
                gc.collect()
                counts.append(len(gc.get_objects()))
            assert record.comment_id == str(seen)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert seen == expected and wxr.problems == []
    # Python objects alive at comment 5,000, 10,000, ...: flat (caches of URLs aside),
    # where a structure kept per comment would add 5,000 objects or more at each step.
    assert len(counts) >= 7 and max(counts) - min(counts) < 5_000, counts
    assert peak < 50_000_000


_RSS_PROBE = """
import resource, sys
from crawler.importers.wxr import read_wxr
def peak(): return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
before = peak()
count = sum(1 for _ in read_wxr(sys.argv[1]).comments())
print(count, before, peak())
"""


def test_a_50_mb_export_is_read_in_far_less_memory_than_its_size(big_export) -> None:
    path, expected = big_export
    done = subprocess.run([sys.executable, "-c", _RSS_PROBE, str(path)], capture_output=True, text=True,
                          timeout=280, check=True)
    count, before, after = map(int, done.stdout.split())
    assert count == expected
    # libxml2's memory counts here, which tracemalloc does not see. A parser holding
    # the document would need several times the file's 50 MB.
    assert after - before < 40_000_000, f"peak RSS grew by {(after - before) / 1e6:.1f} MB"


# --- the real WordPress ------------------------------------------------------------------------

_STATUS = {"1": "approved", "0": "pending", "spam": "spam", "trash": "trash", "post-trashed": "post-trashed"}


@pytest.mark.wordpress
def test_real_wordpress_export(wordpress: str, tmp_path: Path) -> None:  # noqa: F811 - the fixture
    """WordPress exports its own blog; every comment it holds comes back, exactly."""
    path = tmp_path / "export.xml"
    path.write_text(_run(["php", str(WP_SCRIPTS / "export.php")], timeout=60))
    truth = ground_truth()
    records, wxr = comments_of(path)

    assert wxr.site_url == normalize_url(wordpress) and wxr.wxr_version == "1.2"
    assert wxr.problems == [] and wxr.skipped == {}
    # Core leaves spam out of exports (export.php: comment_approved <> 'spam').
    exported = [item for item in truth if item["approved"] != "spam"]
    assert any(item["approved"] == "spam" for item in truth)
    found = {r.comment_id: (r.type, r.status, r.parent_id, r.post_url, r.author_url) for r in records}
    expected = {item["id"]: (item["type"], _STATUS[item["approved"]], item["parent_id"],
                             normalize_url(item["post_url"]), normalize_url(item["author_url"] or ""))
                for item in exported}
    assert sorted(found, key=int) == sorted(expected, key=int)
    wrong = {i: {"expected": expected[i], "found": found[i]} for i in expected if expected[i] != found[i]}
    assert not wrong, json.dumps(wrong, indent=1)
    # What a visitor is shown is what the export calls approved on a published post.
    visible = {item["id"] for item in truth if item["visible"]}
    assert visible == {r.comment_id for r in records if r.status == "approved" and r.post_status == "publish"}
    assert all(re.fullmatch(r"[0-9a-f]{64}", r.author_email_hash) for r in records if r.type == "comment")
