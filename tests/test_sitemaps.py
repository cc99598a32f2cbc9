"""Sitemaps as WordPress, Yoast and the wild write them, and hostile ones."""

from __future__ import annotations

import doctest
import gzip
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import crawler.discover.sitemaps
import crawler.parse.safexml
from crawler.discover.sitemaps import Sitemap, parse_sitemap
from crawler.parse.safexml import MAX_XML_BYTES, gunzip_capped

FIXTURES = Path(__file__).parent / "fixtures" / "discovery"
SITE = "https://blog.example"

BILLION_LAUGHS = b"""<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<url><loc>https://blog.example/&lol9;</loc></url>
<url><loc>https://blog.example/hello-world/</loc></url>
</urlset>
"""


def read(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def test_wordpress_sitemap_index() -> None:
    sitemap = parse_sitemap(read("wp-sitemap.xml"), f"{SITE}/wp-sitemap.xml")
    assert sitemap == Sitemap(sitemaps=[
        f"{SITE}/wp-sitemap-posts-post-1.xml",
        f"{SITE}/wp-sitemap-posts-page-1.xml",
        f"{SITE}/wp-sitemap-taxonomies-category-1.xml",
        f"{SITE}/wp-sitemap-users-1.xml",
    ])


def test_wordpress_posts_sitemap_keeps_lastmod() -> None:
    sitemap = parse_sitemap(read("wp-sitemap-posts-post-1.xml"), f"{SITE}/wp-sitemap-posts-post-1.xml")
    assert sitemap.pages == [
        f"{SITE}/2024/02/01/pingbacks-and-trackbacks/",
        f"{SITE}/2024/01/15/hello-world/",
        f"{SITE}/2023/12/24/caf%C3%A9-notes/",
    ]
    assert sitemap.lastmod == {
        f"{SITE}/2024/02/01/pingbacks-and-trackbacks/": "2024-02-01T08:00:00+00:00",
        f"{SITE}/2024/01/15/hello-world/": "2024-01-20T11:00:00+00:00",
        f"{SITE}/2023/12/24/caf%C3%A9-notes/": "2023-12-24T18:30:00+00:00",
    }
    assert sitemap.sitemaps == []
    assert sitemap.errors == []


def test_gzipped_yoast_index() -> None:
    body = gzip.compress(read("sitemap_index.xml"), mtime=0)
    assert body[:2] == b"\x1f\x8b"
    sitemap = parse_sitemap(body, f"{SITE}/sitemap_index.xml.gz")
    assert sitemap == Sitemap(
        sitemaps=[f"{SITE}/post-sitemap.xml", f"{SITE}/page-sitemap.xml", f"{SITE}/category-sitemap.xml"],
        lastmod={
            f"{SITE}/post-sitemap.xml": "2024-02-01T08:00:00+00:00",
            f"{SITE}/page-sitemap.xml": "2023-11-20T12:30:45+00:00",
            f"{SITE}/category-sitemap.xml": "2024-02-01T08:00:00+00:00",
        },
    )


def test_yoast_post_sitemap_images_are_not_pages() -> None:
    sitemap = parse_sitemap(read("post-sitemap.xml"), f"{SITE}/post-sitemap.xml")
    assert sitemap.pages == [
        f"{SITE}/",
        f"{SITE}/2024/01/15/hello-world/",
        f"{SITE}/2024/02/01/pingbacks-and-trackbacks/",
    ]
    assert f"{SITE}/" not in sitemap.lastmod
    assert sitemap.errors == []


def test_no_namespace_whitespace_relative_and_duplicate_locs() -> None:
    body = (b"\xef\xbb\xbf\n  <?xml version='1.0' encoding='UTF-8'?>\n<urlset>\n"
            b"  <url>\n    <loc>\n\t https://blog.example/a/ \n    </loc>\n  </url>\n"
            b"  <url><loc>/b/?utm_source=feed</loc><lastmod> 2024-01-01 </lastmod></url>\n"
            b"  <url><loc>https://BLOG.example:443/a/</loc></url>\n"
            b"  <url><loc>mailto:admin@blog.example</loc></url>\n"
            b"  <url><loc></loc></url>\n"
            b"</urlset>\n")
    sitemap = parse_sitemap(body, f"{SITE}/sitemap.xml")
    assert sitemap == Sitemap(
        pages=[f"{SITE}/a/", f"{SITE}/b/"],
        lastmod={f"{SITE}/b/": "2024-01-01"},
        errors=["2 <loc> value(s) are not http(s) URLs"],
    )


def test_plain_text_sitemap() -> None:
    body = (b"\xef\xbb\xbfhttps://blog.example/one/\r\n\r\n"
            b"   https://blog.example/two/  \n"
            b"not a url\n"
            b"https://blog.example/one/\n")
    assert parse_sitemap(body, f"{SITE}/sitemap.txt") == Sitemap(
        pages=[f"{SITE}/one/", f"{SITE}/two/"],
        errors=["1 line(s) are not http(s) URLs"],
    )


def test_malformed_xml_yields_what_could_be_read() -> None:
    body = (b'<?xml version="1.0" encoding="UTF-8"?>\n'
            b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
            b'<url><loc>https://blog.example/one/</loc></url>\n'
            b'<url><loc>https://blog.example/two/</loc>\n'
            b'<url><loc>https://blog.example/three/</loc></url>\n')
    sitemap = parse_sitemap(body, f"{SITE}/sitemap.xml")
    assert sitemap.pages == [f"{SITE}/one/", f"{SITE}/two/", f"{SITE}/three/"]
    assert sitemap.errors
    assert all(message.startswith("line ") for message in sitemap.errors)


def test_html_error_page_is_not_a_sitemap() -> None:
    body = b"<!DOCTYPE html><html><body><a href='https://blog.example/x/'>x</a></body></html>"
    assert parse_sitemap(body, f"{SITE}/sitemap.xml") == Sitemap(
        errors=["not a sitemap: the root element is <html>"])


def test_empty_and_non_bytes_bodies() -> None:
    assert parse_sitemap(b"", f"{SITE}/sitemap.xml") == Sitemap(errors=["document is empty"])
    assert parse_sitemap(b"\xef\xbb\xbf  \n", f"{SITE}/sitemap.xml") == Sitemap(errors=["document is empty"])
    assert parse_sitemap(b"<", f"{SITE}/sitemap.xml").pages == []
    assert parse_sitemap("text", f"{SITE}/sitemap.xml") == Sitemap(  # type: ignore[arg-type]
        errors=["sitemap body is not bytes"])


def test_feed_accepted_as_sitemap() -> None:
    sitemap = parse_sitemap(read("feed-rss2.xml"), f"{SITE}/feed/")
    assert sitemap.pages == [
        f"{SITE}/2024/02/01/pingbacks-and-trackbacks/",
        f"{SITE}/2024/01/15/hello-world/",
        f"{SITE}/2023/12/24/caf%C3%A9-notes/",
    ]
    assert sitemap.lastmod[f"{SITE}/2024/01/15/hello-world/"] == "2024-01-15T10:20:30+00:00"


def test_utf16_sitemap() -> None:
    text = ('<?xml version="1.0" encoding="UTF-16"?>'
            '<urlset><url><loc>https://blog.example/caf\u00e9/</loc></url></urlset>')
    sitemap = parse_sitemap(text.encode("utf-16"), f"{SITE}/sitemap.xml")
    assert sitemap == Sitemap(pages=[f"{SITE}/caf%C3%A9/"])


# --- hostile documents ----------------------------------------------------------


def test_billion_laughs_is_not_expanded() -> None:
    sitemap = parse_sitemap(BILLION_LAUGHS, f"{SITE}/sitemap.xml")
    assert sitemap.pages == [f"{SITE}/", f"{SITE}/hello-world/"]
    assert "lol" not in "".join(sitemap.pages)
    assert sitemap.errors[0] == "ignored a DOCTYPE with inline declarations: entities are never expanded"


def test_billion_laughs_in_utf16_is_not_expanded() -> None:
    body = BILLION_LAUGHS.decode().replace('encoding="UTF-8"', 'encoding="UTF-16"').encode("utf-16")
    sitemap = parse_sitemap(body, f"{SITE}/sitemap.xml")
    assert sitemap.pages == [f"{SITE}/", f"{SITE}/hello-world/"]


def test_external_entity_is_never_read(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOPSECRET", encoding="utf-8")
    for doctype in (
        f'<!DOCTYPE urlset [<!ENTITY xxe SYSTEM "file://{secret}">]>',
        f'<!DOCTYPE urlset [<!ENTITY % remote SYSTEM "file://{secret}"> %remote;]>',
        '<!DOCTYPE urlset SYSTEM "http://127.0.0.1:9/evil.dtd">',
    ):
        body = (f'<?xml version="1.0"?>{doctype}<urlset><url><loc>https://blog.example/&xxe;</loc></url>'
                '<url><loc>https://blog.example/ok/</loc></url></urlset>').encode()
        sitemap = parse_sitemap(body, f"{SITE}/sitemap.xml")
        assert sitemap.pages == [f"{SITE}/", f"{SITE}/ok/"]
        assert "TOPSECRET" not in repr(sitemap)


def test_gzip_bomb_is_capped() -> None:
    # ~60 KB of gzip that inflates past the 50 MB the Sitemaps protocol allows.
    inflated = (b"<urlset><url><loc>https://blog.example/first/</loc></url>"
                + b" " * (MAX_XML_BYTES + 10 * 1024 * 1024)
                + b"<url><loc>https://blog.example/beyond-the-cap/</loc></url></urlset>")
    body = gzip.compress(inflated, compresslevel=9, mtime=0)
    assert len(body) < 100_000
    sitemap = parse_sitemap(body, f"{SITE}/sitemap.xml.gz")
    assert sitemap.pages == [f"{SITE}/first/"]
    assert sitemap.errors[0] == (f"gzip data decompresses to more than {MAX_XML_BYTES} bytes; "
                                 f"only the first {MAX_XML_BYTES} were read")


def test_gunzip_capped_reports_truncated_and_corrupt_streams() -> None:
    data = gzip.compress(b"x" * 1000, mtime=0)
    assert gunzip_capped(data, limit=10) == (b"x" * 10, [
        "gzip data decompresses to more than 10 bytes; only the first 10 were read"])
    assert gunzip_capped(data[:-4]) == (b"x" * 1000, ["gzip data ends early; reading what was decompressed"])
    assert gunzip_capped(data[:5]) == (b"", ["gzip data ends early; reading what was decompressed"])
    header = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff"
    out, errors = gunzip_capped(header + b"\xff\xff garbage")
    assert out == b""
    assert errors[0].startswith("gzip data is corrupt: ")
    # A stream found corrupt at its end (a bad CRC) still yields what came before.
    text = "\n".join(f"https://blog.example/{i * 7919 % 100003}/" for i in range(100_000)).encode()
    big = gzip.compress(text, mtime=0)
    assert len(big) > 3 * 64 * 1024
    out, errors = gunzip_capped(big[:-8] + bytes([big[-8] ^ 0xFF]) + big[-7:])
    assert len(out) > 64 * 1024 and text.startswith(out)
    assert errors[0].startswith("gzip data is corrupt: ")


def test_truncated_gzip_sitemap_yields_its_beginning() -> None:
    body = gzip.compress(read("wp-sitemap-posts-post-1.xml"), mtime=0)
    whole = parse_sitemap(body, f"{SITE}/sitemap.xml.gz").pages
    assert len(whole) == 3
    for cut in range(20, len(body) - 8, 7):
        sitemap = parse_sitemap(body[:cut], f"{SITE}/sitemap.xml.gz")
        # Only complete entries are kept: never a URL cut in the middle.
        assert sitemap.pages == whole[:len(sitemap.pages)]
        assert sitemap.errors[0] == "gzip data ends early; reading what was decompressed"
    assert parse_sitemap(body[:-20], f"{SITE}/sitemap.xml.gz").pages == whole[:2]


def test_deeply_nested_document() -> None:
    body = b"<urlset>" + b"<x>" * 5000 + b"<url><loc>https://blog.example/deep/</loc></url>" + b"</x>" * 5000
    sitemap = parse_sitemap(body + b"</urlset>", f"{SITE}/sitemap.xml")
    assert isinstance(sitemap.pages, list)
    assert sitemap.errors


@pytest.mark.parametrize("module", [crawler.discover.sitemaps, crawler.parse.safexml])
def test_docstring_examples(module: object) -> None:
    results = doctest.testmod(module)
    assert results.attempted > 0
    assert results.failed == 0


@settings(max_examples=300, deadline=None)
@given(body=st.binary())
def test_never_raises_on_arbitrary_bytes(body: bytes) -> None:
    for data in (body, b"\x1f\x8b" + body, gzip.compress(body, mtime=0), b"<urlset>" + body):
        sitemap = parse_sitemap(data, f"{SITE}/sitemap.xml")
        assert all(p.startswith(("http://", "https://")) for p in sitemap.pages + sitemap.sitemaps)


@settings(max_examples=200, deadline=None)
@given(locs=st.lists(st.text()), kind=st.sampled_from(["urlset", "sitemapindex"]))
def test_never_raises_on_arbitrary_loc_text(locs: list[str], kind: str) -> None:
    entry = "url" if kind == "urlset" else "sitemap"
    body = f"<{kind}>" + "".join(f"<{entry}><loc>{loc}</loc></{entry}>" for loc in locs) + f"</{kind}>"
    sitemap = parse_sitemap(body.encode("utf-8", errors="surrogatepass"), f"{SITE}/sitemap.xml")
    assert isinstance(sitemap.errors, list)
