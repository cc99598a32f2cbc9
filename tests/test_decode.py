"""The one charset policy (backlint.decode): pages, feeds and the files users hand over."""

from __future__ import annotations

import asyncio
import codecs
import threading
from contextlib import closing
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx
import pytest
from fixture_site import _node, _post_page

import backlint.decode as decoding
from backlint.decode import Decoded, FileEncoding, decode, sniff_file, web_codec
from backlint.settings import Settings, load_settings
from backlint.store import Store
from crawler.crawl import crawl_site
from crawler.fetch import Fetcher
from crawler.parse import parse_page

UTF7_SCRIPT = "+ADw-script+AD4-alert(1)+ADw-/script+AD4-"  # "<script>alert(1)</script>" in UTF-7

JAPANESE = ("東京の小さな喫茶店で、私たちは毎朝コーヒーを飲みながら新聞を読んでいます。店主は三十年前にこの店を開き、"
            "今でも自分で豆を焙煎しています。常連のお客さんは窓際の席が好きで、雨の日には静かな音楽が流れます。")
RUSSIAN = ("Вчера вечером мы гуляли по набережной и долго разговаривали о новой книге. Автор пишет просто и "
           "честно, без лишних украшений, и поэтому читать её легко. Особенно мне понравилась глава о детстве.")
CHINESE = ("我们昨天在公园里散步，看到很多人在湖边钓鱼。天气很好，阳光温暖，孩子们在草地上玩耍。附近的小店卖茶和点心，"
           "老板说这里的绿茶是从南方山区运来的。我们买了一些带回家，准备周末和朋友一起品尝。")
BULGARIAN = ("Миналата седмица посетихме малко село в планината, където хората все още пекат хляб в каменни пещи. "
             "Домакинята ни разказа за старите обичаи и ни почерпи с домашно сирене и мед.")
FRENCH = ("Hier soir, nous avons dîné dans un petit café près de la rivière. Le serveur était très aimable et la "
          "crème brûlée était délicieuse. Après le repas, nous avons flâné le long des quais jusqu'à minuit.")


def page(text: str, title: str = "Notes") -> str:
    """A small page: ASCII markup around one paragraph, no charset declared."""
    return (f'<!DOCTYPE html>\n<html>\n<head>\n<title>{title}</title>\n<link rel="stylesheet" href="/style.css">\n'
            f'</head>\n<body>\n<header class="site-header"><a href="/">Home</a> | <a href="/about/">About</a></header>\n'
            f'<main id="main"><article class="post"><h1 class="entry-title">Post</h1>\n'
            f'<div class="entry-content"><p>{text}</p></div></article></main>\n'
            f'<footer class="site-footer"><p>Powered by a blog engine</p></footer>\n</body>\n</html>\n')


# --- the transport and in-document declarations -----------------------------------------------

def test_a_utf7_header_is_refused():
    body = f"<p>Nice post {UTF7_SCRIPT} thanks</p>".encode("ascii")
    decoded = decode(body, "utf-7")
    assert "<script>" not in decoded.text
    assert decoded == Decoded(body.decode("ascii"), "utf-8", "utf-8")


def test_a_utf7_meta_is_refused():
    decoded = decode(f'<meta charset="UTF-7"><p>{UTF7_SCRIPT}</p>'.encode("ascii"))
    assert "<script>" not in decoded.text and decoded.encoding == "utf-8"


@pytest.mark.parametrize("meta", ['<meta charset=utf-16>', '<meta charset="UTF-16LE">',
                                  '<meta http-equiv="Content-Type" content="text/html; charset=utf-16">'])
def test_meta_utf16_on_ascii_compatible_bytes_means_utf8(meta):
    html = f"<html><head>{meta}<title>Grüße</title></head><body><p>Hello</p></body></html>"
    assert decode(html.encode("utf-8")) == Decoded(html, "utf-8", "meta")
    assert parse_page(html.encode("utf-8"), "https://x.example/").title == "Grüße"


def test_a_utf16_header_counts_only_when_the_bytes_are_utf16():
    ascii_page = b"<p>Hello, world</p>"
    assert decode(ascii_page, "utf-16") == Decoded("<p>Hello, world</p>", "utf-8", "utf-8")
    assert decode(ascii_page, "utf-32").encoding == "utf-8"
    for codec in ("utf-16-le", "utf-16-be"):
        assert decode("<p>Grüße</p>".encode(codec), "utf-16") == Decoded("<p>Grüße</p>", codec, "header")
    # A named byte order that the zero bytes contradict is not the page's.
    assert decode("<p>Hi</p>".encode("utf-16-be"), "utf-16le").source == "utf-8"


def test_the_bom_wins_over_a_lying_header_and_meta():
    html = '<meta charset="koi8-r"><p>Grüße</p>'
    assert decode(codecs.BOM_UTF8 + html.encode("utf-8"), "iso-8859-1") == Decoded(html, "utf-8", "bom")
    assert decode(codecs.BOM_UTF16_LE + html.encode("utf-16-le"), "utf-8") == Decoded(html, "utf-16-le", "bom")
    assert decode(codecs.BOM_UTF16_BE + html.encode("utf-16-be"), "shift_jis").encoding == "utf-16-be"


def test_the_header_wins_over_the_meta():
    html = '<meta charset="utf-8"><p>Привет</p>'
    assert decode(html.encode("cp1251"), "windows-1251") == Decoded(html, "cp1251", "header")


@pytest.mark.parametrize("header, body, expected", [
    ("utf-8", page(RUSSIAN).encode("cp1251"), "cp1251"),
    ("utf-8", page(FRENCH).encode("cp1252"), "cp1252"),
    ("shift_jis", page(FRENCH + " \u2013 fin").encode("utf-8"), "utf-8"),
])
def test_a_lying_header_is_skipped_when_the_bytes_do_not_decode(header, body, expected):
    decoded = decode(body, header)
    assert decoded.encoding == expected and decoded.source in ("utf-8", "detected")
    assert decoded.text == body.decode(expected)


def test_a_lying_meta_is_skipped_when_the_bytes_do_not_decode():
    html = '<meta charset="utf-8"><title>café – naïve</title>'
    assert decode(html.encode("cp1252")).text == html


def test_labels_are_read_as_the_whatwg_table_says():
    assert [web_codec(label) for label in ("latin1", "US-ASCII", "iso-8859-9", "gb2312", "x-sjis", "ks_c_5601-1987",
                                           "big5", "tis-620", "x-mac-cyrillic", "iso-8859-8-i")] == [
        "cp1252", "cp1252", "cp1254", "gb18030", "cp932", "cp949", "big5hkscs", "cp874", "mac-cyrillic", "iso8859-8"]
    # Not web encodings: UTF-7, the WHATWG "replacement" labels, Python-only codecs.
    assert [web_codec(label) for label in ("utf-7", "iso-2022-kr", "hz-gb-2312", "rot13", "unicode_escape",
                                           "x-user-defined", "")] == [None] * 7


def test_iso_8859_1_means_windows_1252():
    decoded = decode(b'<meta charset="iso-8859-1"><p>\x93quoted\x94 \x80 5</p>')
    assert decoded.text.endswith("<p>\u201cquoted\u201d \u20ac 5</p>") and decoded.encoding == "cp1252"


def test_a_meta_inside_a_comment_does_not_count():
    html = '<!-- <meta charset="koi8-r"> --><meta charset="windows-1251"><p>Привет, мир</p>'
    assert decode(html.encode("cp1251")) == Decoded(html, "cp1251", "meta")


# --- undeclared pages ------------------------------------------------------------------------

@pytest.mark.parametrize("text, encoding, expected", [
    (JAPANESE, "shift_jis", "cp932"),   # WHATWG's Shift_JIS is windows-31j
    (RUSSIAN, "koi8-r", "koi8-r"),
    (CHINESE, "gbk", "gb18030"),        # WHATWG's GBK decoder is gb18030's
    (BULGARIAN, "cp1251", "cp1251"),
    (RUSSIAN, "cp1251", "cp1251"),
], ids=["shift_jis", "koi8-r", "gbk", "cp1251-bulgarian", "cp1251-russian"])
def test_undeclared_legacy_pages_are_detected(text, encoding, expected):
    html = page(text, title=text[:12])
    data = html.encode(encoding)
    assert decode(data) == Decoded(html, expected, "detected")
    assert parse_page(data, "https://x.example/").title == text[:12]


def test_a_latin_page_read_alike_in_several_code_pages_is_windows_1252():
    # "à", "û" differ between windows-1252 and windows-1250; the rest reads alike.
    html = page(FRENCH)
    assert decode(html.encode("cp1252")) == Decoded(html, "cp1252", "detected")


def test_a_few_legacy_bytes_in_a_large_ascii_page_are_still_detected(monkeypatch):
    samples = []
    real = decoding._detect

    def spy(sample, fits, tried):
        samples.append(sample)
        return real(sample, fits, tried)

    monkeypatch.setattr(decoding, "_detect", spy)
    filler = "".join(f'<li class="menu-item"><a href="/archive/{n}/">Archive {n}</a></li>\n' for n in range(1500))
    html = page(f"</p><ul>{filler}</ul><p>{RUSSIAN}</p><ul>{filler}</ul><p>")
    data = html.encode("cp1251")
    assert len(data) > 100_000
    assert decode(data) == Decoded(html, "cp1251", "detected")
    assert samples == [RUSSIAN.encode("cp1251")]  # only the non-ASCII text is judged


def test_ascii_and_short_input_never_reach_charset_normalizer(monkeypatch):
    import charset_normalizer

    def refuse(*args, **kwargs):
        raise AssertionError("charset-normalizer was called")

    monkeypatch.setattr(charset_normalizer, "from_bytes", refuse)
    assert decode(page("plain ascii " * 5000).encode("ascii")).source == "utf-8"
    assert decode(page("café – naïve").encode("cp1252")) == Decoded(page("café – naïve"), "cp1252", "fallback")
    assert sniff_file(b"author;content;label\nRen\xe9;Tr\xe8s bien \x96 merci;ham\n").encoding == "cp1252"


def test_a_detected_encoding_must_decode_every_byte(monkeypatch):
    import charset_normalizer

    class Match:
        def __init__(self, encoding):
            self.encoding, self.chaos, self.coherence, self.could_be_from_charset = encoding, 0.0, 0.5, [encoding]

    # windows-1251 has no byte 0x98 (KOI8-R's "≤"): the first answer does not fit the page, the second does.
    monkeypatch.setattr(charset_normalizer, "from_bytes", lambda *a, **k: [Match("cp1251"), Match("koi8_r")])
    html = page(RUSSIAN + " x \u2264 y")
    assert b"\x98" in html.encode("koi8-r")
    assert decode(html.encode("koi8-r")) == Decoded(html, "koi8-r", "detected")


def test_a_utf8_page_with_a_stray_byte_stays_utf8():
    html = page(RUSSIAN)
    data = html.encode("utf-8").replace("Автор".encode(), b"\xc0\xe2\xf2\xee\xf0", 1)  # one word in cp1251
    decoded = decode(data)
    assert decoded.encoding == "utf-8" and decoded.source == "fallback"
    assert decoded.text == html.replace("Автор", "\ufffd" * 5, 1)
    assert decode(data, "utf-8").encoding == "utf-8"


def test_a_declared_legacy_page_with_a_bad_byte_keeps_its_encoding():
    html = page(JAPANESE)
    data = html.encode("shift_jis")
    at = data.index("東".encode("shift_jis"))
    damaged = data[:at] + b"\x82?" + data[at + 2:]  # "?" cannot end a Shift_JIS character
    assert decode(damaged, "Shift_JIS") == Decoded(html.replace("東", "\ufffd?", 1), "cp932", "fallback")
    # A Shift_JIS header on a windows-1252 page: many bytes pair up as Shift_JIS, some
    # do not, and detection finds the encoding that fits every byte.
    assert decode(page(FRENCH).encode("cp1252"), "shift_jis") == Decoded(page(FRENCH), "cp1252", "detected")


def test_bytes_that_are_no_text_become_replacement_characters():
    assert decode(b"<title>bad \xff byte</title>") == Decoded("<title>bad \ufffd byte</title>", "utf-8", "fallback")


def test_plain_text_is_not_searched_for_a_meta():
    body = b'{"content": "<meta charset=koi8-r> \xd0\x9f\xd1\x80\xd0\xb8"}'
    assert decode(body, markup=False) == Decoded(body.decode("utf-8"), "utf-8", "utf-8")
    assert decode(body).encoding == "koi8-r"  # KOI8-R decodes any byte: a body is markup or it is not


# --- files users hand over -------------------------------------------------------------------

AHREFS_TSV = "Referring page URL\tAnchor\tFirst seen\nhttps://café.example/ü\tGrüße\t2024-05-01\n"


@pytest.mark.parametrize("data, expected", [
    (codecs.BOM_UTF16_LE + AHREFS_TSV.encode("utf-16-le"), FileEncoding("utf-16-le", 2, "bom")),
    (AHREFS_TSV.encode("utf-16-le"), FileEncoding("utf-16-le", 0, "nul-bytes")),
    (codecs.BOM_UTF16_BE + AHREFS_TSV.encode("utf-16-be"), FileEncoding("utf-16-be", 2, "bom")),
    (AHREFS_TSV.encode("utf-16-be"), FileEncoding("utf-16-be", 0, "nul-bytes")),
    (codecs.BOM_UTF8 + AHREFS_TSV.encode("utf-8"), FileEncoding("utf-8", 3, "bom")),
    (AHREFS_TSV.encode("utf-8"), FileEncoding("utf-8", 0, "utf-8")),
    (AHREFS_TSV.encode("cp1252"), FileEncoding("cp1252", 0, "fallback")),
    (("author;content;label\n" + f"Иван;{RUSSIAN};spam\n" * 3).encode("cp1251"), FileEncoding("cp1251", 0, "detected")),
])
def test_sniff_file(data, expected):
    found = sniff_file(data, complete=True)
    assert found == expected
    assert data.decode(found.from_start).lstrip("\ufeff").startswith(("Referring", "author"))


def test_sniff_file_reads_a_cut_head():
    data = ("url,anchor\n" + "https://a.example/,Grüße\n" * 10).encode("utf-8")
    head = data[:data.index("ü".encode()) + 1]  # ends inside "ü"
    assert sniff_file(head) == FileEncoding("utf-8", 0, "utf-8")
    assert sniff_file(head, complete=True).encoding == "cp1252"
    assert FileEncoding("utf-8", 0, "utf-8").decode_head(head).endswith("Gr")


def test_sniff_file_unicode_only():
    assert sniff_file(b"url,anchor\nhttps://a.example/,caf\xe9\n", legacy=False) == FileEncoding("utf-8", 0, "fallback")


def test_sniff_file_takes_a_declared_encoding_that_fits():
    data = "url;anchor\nhttps://a.example/;Привет\n".encode("koi8-r")
    assert sniff_file(data, "koi8-r") == FileEncoding("koi8-r", 0, "declared")
    assert sniff_file(data, "utf-7").source != "declared"
    assert sniff_file(b"url,anchor\n", "utf-16") == FileEncoding("utf-8", 0, "utf-8")


# --- through the fetcher and the crawl, on 127.0.0.1 --------------------------------------------

class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _Server

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        """Quiet."""

    def do_GET(self) -> None:  # noqa: N802
        if self.path == "/":
            body = self.server.page
            content_type = "text/html; charset=utf-7"
        else:
            body, content_type = b"<h1>Not Found</h1>", "text/html; charset=utf-8"
        self.send_response(200 if self.path == "/" else 404)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    page: bytes


@pytest.fixture
def utf7_site():
    server = _Server(("127.0.0.1", 0), _Handler)
    url = f"http://127.0.0.1:{server.server_address[1]}"
    nodes = [_node(81, "Mallory", "https://mallory.example/", "COMMENT")]
    # Valid UTF-7 (ASCII, and no "+" but the comment's), so that a reader honouring the
    # header would turn the comment into a script; the page's own <meta charset="UTF-8">
    # is what is left once the header is refused.
    html = _post_page(url, "utf7", "UTF-7", nodes).replace("+", "&#43;")
    server.page = html.replace("COMMENT", f"Nice post {UTF7_SCRIPT} thanks").encode("ascii", "xmlcharrefreplace")
    assert "<script>alert(1)</script>" in server.page.decode("utf-7")
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield url
    finally:
        server.shutdown()
        thread.join()
        server.server_close()


def _fetched(content_type: str, body: bytes):
    async def go():
        transport = httpx.MockTransport(lambda request: httpx.Response(
            200, headers={"content-type": content_type}, content=body))
        async with Fetcher(Settings(delay=0), transport=transport) as fetcher:
            return await fetcher.fetch("http://site.test/")

    return asyncio.run(go())


@pytest.mark.parametrize("content_type, body, text", [
    ("text/html; charset=utf-7", f"<p>{UTF7_SCRIPT}</p>".encode(), f"<p>{UTF7_SCRIPT}</p>"),
    ("text/html", b"<meta charset=utf-16><p>Hello!</p>", "<meta charset=utf-16><p>Hello!</p>"),  # even length
    ("text/html", page(JAPANESE).encode("shift_jis"), page(JAPANESE)),
    ("text/html", page(RUSSIAN).encode("koi8-r"), page(RUSSIAN)),
    ("text/html; charset=iso-8859-1", codecs.BOM_UTF8 + "<p>Grüße</p>".encode(), "<p>Grüße</p>"),
    ("text/html; charset=utf-8", page(BULGARIAN).encode("cp1251"), page(BULGARIAN)),
], ids=["utf-7-header", "meta-utf-16", "shift_jis", "koi8-r", "bom-over-header", "lying-header"])
def test_the_fetcher_decodes_by_the_policy(content_type, body, text):
    assert _fetched(content_type, body).text == text


def test_a_utf7_page_through_the_fetcher_and_the_crawl(utf7_site, tmp_path):
    async def fetch():
        async with Fetcher(Settings(delay=0)) as fetcher:
            return await fetcher.fetch(utf7_site + "/")

    result = asyncio.run(fetch())
    assert result.outcome == "ok" and result.encoding == "utf-8"
    assert "<script>alert(1)" not in result.text and UTF7_SCRIPT in result.text

    settings = load_settings(env={}, overrides={"db": str(tmp_path / "crawl.db"), "delay": 0, "max_retries": 0,
                                                "read_timeout": 2.0})
    summary = crawl_site(utf7_site + "/", settings)
    with closing(Store(settings.db)) as store:
        items = {i["site_item_id"]: i for i in store.list_items(summary.audit_id)}
    assert items["81"]["text"] == f"Nice post {UTF7_SCRIPT} thanks"


def test_an_undeclared_french_page_is_windows_1252_not_a_baltic_code_page() -> None:
    # charset-normalizer scores the Baltic reading ("Crčme") a little less chaotic than
    # the right one; windows-1252, the web's default, wins among near-equals.
    text = "Crème brûlée à la café, déjà vu, naïveté"
    page = f"<html><body><h1>{text}</h1><p>{text}</p></body></html>"
    decoded = decode(page.encode("cp1252"))
    assert (decoded.encoding, decoded.text) == ("cp1252", page)
