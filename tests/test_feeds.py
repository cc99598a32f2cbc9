"""Feeds as WordPress writes them: posts, comments, Atom; and hostile ones."""

from __future__ import annotations

import doctest
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import crawler.discover.feeds
from crawler.discover.feeds import Feed, FeedEntry, comment_post_url, parse_feed, split_comment_link

FIXTURES = Path(__file__).parent / "fixtures" / "discovery"
SITE = "https://blog.example"
HELLO = f"{SITE}/2024/01/15/hello-world/"
PINGS = f"{SITE}/2024/02/01/pingbacks-and-trackbacks/"
CAFE = f"{SITE}/2023/12/24/caf%C3%A9-notes/"


def read(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def test_wordpress_rss2_posts_feed() -> None:
    feed = parse_feed(read("feed-rss2.xml"), f"{SITE}/feed/")
    assert feed == Feed(kind="rss2", title="Example Blog", link=f"{SITE}/", entries=[
        FeedEntry(link=PINGS, title="Pingbacks & trackbacks", published="2024-02-01T08:00:00+00:00",
                  author="admin", comments_url=PINGS, comment_feed=f"{PINGS}feed/", comment_count=0),
        FeedEntry(link=HELLO, title="Hello world!", published="2024-01-15T10:20:30+00:00",
                  author="admin", comments_url=HELLO, comment_feed=f"{HELLO}feed/", comment_count=61),
        # Comments closed and none received: WordPress leaves the comment elements out.
        FeedEntry(link=CAFE, title="Café notes", published="2023-12-24T18:30:00+00:00", author="editor"),
    ])
    assert feed.post_urls == [PINGS, HELLO, CAFE]
    assert not any(entry.is_comment for entry in feed.entries)


def test_wordpress_rss2_comments_feed() -> None:
    feed = parse_feed(read("comments-feed-rss2.xml"), f"{SITE}/comments/feed/")
    assert feed == Feed(kind="rss2", title="Comments for Example Blog", link=f"{SITE}/", entries=[
        FeedEntry(link=f"{HELLO}comment-page-2/", title="Comment on Hello world! by Cheap Pills Online",
                  published="2024-02-01T09:15:00+00:00", author="Cheap Pills Online",
                  post_url=HELLO, comment_id="61"),
        FeedEntry(link=PINGS, title="Comment on Pingbacks & trackbacks by Other Blog \u2013 Links we liked",
                  published="2024-02-01T08:30:12+00:00", author="Other Blog \u2013 Links we liked",
                  post_url=PINGS, comment_id="58"),
        FeedEntry(link=HELLO, title="Comment on Hello world! by Ann Reader",
                  published="2024-01-16T07:05:00+00:00", author="Ann Reader",
                  post_url=HELLO, comment_id="3"),
    ])
    # The crawler's use of a comments feed: which posts have comments.
    assert feed.post_urls == [HELLO, PINGS]
    assert all(entry.is_comment for entry in feed.entries)


def test_wordpress_atom_feed() -> None:
    feed = parse_feed(read("feed-atom.xml"), f"{SITE}/feed/atom/")
    assert feed == Feed(kind="atom", title="Example Blog", link=f"{SITE}/", entries=[
        FeedEntry(link=PINGS, title="Pingbacks & trackbacks", published="2024-02-01T08:00:00+00:00",
                  author="admin", comments_url=PINGS, comment_feed=f"{PINGS}feed/atom/", comment_count=1),
        FeedEntry(link=HELLO, title="Hello world!", published="2024-01-15T10:20:30+00:00",
                  author="admin", comments_url=HELLO, comment_feed=f"{HELLO}feed/atom/", comment_count=61),
    ])


def test_atom_comments_feed_with_relative_links_and_xml_base() -> None:
    body = b"""<?xml version="1.0" encoding="UTF-8" ?><feed
    xmlns="http://www.w3.org/2005/Atom" xml:lang="en-US"
    xmlns:thr="http://purl.org/syndication/thread/1.0" xml:base="https://blog.example/blog/">
  <title type="text">Comments on: Hello &amp; welcome</title>
  <link rel="alternate" type="text/html" href="hello/#comments" />
  <entry>
    <title>By: Ann</title>
    <link rel="alternate" href="hello/comment-page-3/#comment-7" type="text/html" />
    <author><name>Ann</name><uri>https://ann.example/</uri></author>
    <id>https://blog.example/?p=1#comment-7</id>
    <updated>2024-01-16T07:05:00Z</updated>
    <published>2024-01-16T07:05:00Z</published>
    <content type="html" xml:base="https://blog.example/blog/hello/#comment-7"><![CDATA[<p>Hi</p>]]></content>
    <thr:in-reply-to ref="https://blog.example/?p=1" href="https://blog.example/blog/hello/" type="text/html" />
  </entry>
  <entry xml:base="https://mirror.example/">
    <title type="html">By: &lt;b&gt;Bob&lt;/b&gt; &amp;amp; co</title>
    <link href="hello/?cpage=2#comment-8" />
    <updated>2024-01-17T00:00:00+02:00</updated>
  </entry>
</feed>"""
    feed = parse_feed(body, "https://blog.example/blog/hello/feed/atom/")
    assert feed == Feed(kind="atom", title="Comments on: Hello & welcome",
                        link="https://blog.example/blog/hello/", entries=[
        FeedEntry(link="https://blog.example/blog/hello/comment-page-3/", title="By: Ann",
                  published="2024-01-16T07:05:00+00:00", author="Ann",
                  post_url="https://blog.example/blog/hello/", comment_id="7"),
        FeedEntry(link="https://mirror.example/hello/?cpage=2", title="By: Bob & co",
                  published="2024-01-17T00:00:00+02:00",
                  post_url="https://mirror.example/hello/", comment_id="8"),
    ])


def test_rss1_rdf_feed() -> None:
    body = b"""<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
         xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
  <channel rdf:about="https://old.example/">
    <title>Old Blog</title>
    <link>https://old.example/</link>
    <items><rdf:Seq><rdf:li rdf:resource="https://old.example/2004/05/first.html"/></rdf:Seq></items>
  </channel>
  <item rdf:about="https://old.example/2004/05/first.html">
    <title>First</title>
    <link>https://old.example/2004/05/first.html</link>
    <dc:date>2004-05-01T12:00:00+01:00</dc:date>
    <dc:creator>Jo</dc:creator>
  </item>
</rdf:RDF>"""
    assert parse_feed(body, "https://old.example/index.rdf") == Feed(
        kind="rss1", title="Old Blog", link="https://old.example/", entries=[
            FeedEntry(link="https://old.example/2004/05/first.html", title="First",
                      published="2004-05-01T12:00:00+01:00", author="Jo"),
        ])


def test_rss_item_without_link_uses_a_permalink_guid() -> None:
    body = (b'<rss version="2.0"><channel><title>T</title>'
            b'<item><title>A</title><guid>https://blog.example/a/</guid></item>'
            b'<item><title>B</title><guid isPermaLink="false">tag:blog.example,2024:b</guid></item>'
            b'<item><title>C</title><pubDate>2024-03-01T10:00:00Z</pubDate>'
            b'<link>/c/</link></item>'
            b'<item><title>D</title><pubDate>yesterday</pubDate><slash:comments '
            b'xmlns:slash="http://purl.org/rss/1.0/modules/slash/">lots</slash:comments></item>'
            b'</channel></rss>')
    feed = parse_feed(body, f"{SITE}/feed/")
    assert feed.entries == [
        FeedEntry(link=f"{SITE}/a/", title="A"),
        FeedEntry(link=None, title="B"),
        FeedEntry(link=f"{SITE}/c/", title="C", published="2024-03-01T10:00:00+00:00"),
        FeedEntry(link=None, title="D"),
    ]
    assert feed.post_urls == [f"{SITE}/a/", f"{SITE}/c/"]


@pytest.mark.parametrize(("link", "expected"), [
    (f"{HELLO}#comment-12", (HELLO, "12")),
    (f"{HELLO}comment-page-2/#comment-12", (HELLO, "12")),
    ("https://blog.example/hello-world/comment-page-2#comment-5", ("https://blog.example/hello-world", "5")),
    ("https://blog.example/?p=1&cpage=3#comment-9", ("https://blog.example/?p=1", "9")),
    ("https://blog.example/?p=1#comment-9", ("https://blog.example/?p=1", "9")),
    ("https://blog.example/hello/?replytocom=4#comment-9", ("https://blog.example/hello/", "9")),
    ("https://x.blogspot.com/2024/01/post.html?showComment=1700000000000#c8812",
     ("https://x.blogspot.com/2024/01/post.html", "8812")),
    ("https://x.blogspot.com/2024/01/post.html#c8812", None),  # no showComment: an ordinary anchor
    (f"{HELLO}#comments", None),
    (f"{HELLO}#respond", None),
    (f"{HELLO}#comment-", None),
    (HELLO, None),
    ("mailto:someone@example.com#comment-3", None),
    ("", None),
])
def test_split_comment_link(link: str, expected: tuple[str, str] | None) -> None:
    assert split_comment_link(link) == expected


def test_split_comment_link_resolves_against_a_base() -> None:
    assert split_comment_link("/hello-world/#comment-3", base=f"{SITE}/comments/feed/") == (
        f"{SITE}/hello-world/", "3")


@pytest.mark.parametrize(("link", "expected"), [
    (f"{HELLO}comment-page-12/", HELLO),
    (f"{HELLO}comment-page-12/#comments", HELLO),
    (f"{SITE}/?p=1&cpage=2&lang=fr", f"{SITE}/?lang=fr&p=1"),
    (f"{SITE}/comment-page-2/", f"{SITE}/"),
    (f"{HELLO}comment-page-2/extra/", f"{HELLO}comment-page-2/extra/"),  # only a final segment
    ("javascript:alert(1)", None),
])
def test_comment_post_url(link: str, expected: str | None) -> None:
    assert comment_post_url(link) == expected


def test_html_page_is_not_a_feed() -> None:
    body = b"<!DOCTYPE html><html><head><title>Not found</title></head><body></body></html>"
    assert parse_feed(body, f"{SITE}/feed/") == Feed(errors=["not a feed: the root element is <html>"])


def test_empty_and_non_bytes_bodies() -> None:
    assert parse_feed(b"", f"{SITE}/feed/") == Feed(errors=["document is empty"])
    assert parse_feed(None, f"{SITE}/feed/") == Feed(errors=["feed body is not bytes"])  # type: ignore[arg-type]


def test_truncated_feed_yields_complete_items() -> None:
    body = read("comments-feed-rss2.xml")
    cut = body.index(b"Comment on Hello world! by Ann Reader")
    feed = parse_feed(body[:cut], f"{SITE}/comments/feed/")
    assert [entry.comment_id for entry in feed.entries[:2]] == ["61", "58"]
    assert feed.errors and all(message.startswith("line ") for message in feed.errors)


def test_gzipped_feed() -> None:
    import gzip

    feed = parse_feed(gzip.compress(read("feed-atom.xml"), mtime=0), f"{SITE}/feed/atom/")
    assert [entry.link for entry in feed.entries] == [PINGS, HELLO]


def test_billion_laughs_and_external_entities_in_a_feed(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOPSECRET", encoding="utf-8")
    body = f"""<?xml version="1.0"?>
<!DOCTYPE rss [
 <!ENTITY xxe SYSTEM "file://{secret}">
 <!ENTITY a "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa">
 <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
 <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
 <!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">
 <!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;">
]>
<rss version="2.0"><channel><title>T&e;</title>
<item><title>&xxe;Hello</title><link>https://blog.example/hello/</link></item>
</channel></rss>""".encode()
    feed = parse_feed(body, f"{SITE}/feed/")
    assert feed.title == "T"
    assert feed.entries == [FeedEntry(link=f"{SITE}/hello/", title="Hello")]
    assert "TOPSECRET" not in repr(feed)
    assert feed.errors[0] == "ignored a DOCTYPE with inline declarations: entities are never expanded"


def test_docstring_examples() -> None:
    results = doctest.testmod(crawler.discover.feeds)
    assert results.attempted > 0
    assert results.failed == 0


@settings(max_examples=300, deadline=None)
@given(body=st.binary())
def test_never_raises_on_arbitrary_bytes(body: bytes) -> None:
    for data in (body, b"<rss><channel><item>" + body, b'<feed xmlns="http://www.w3.org/2005/Atom">' + body):
        feed = parse_feed(data, f"{SITE}/feed/")
        assert isinstance(feed.entries, list)


@settings(max_examples=200, deadline=None)
@given(link=st.text(), guid=st.text(), date=st.text(), href=st.text(), base=st.text())
def test_never_raises_on_arbitrary_fields(link: str, guid: str, date: str, href: str, base: str) -> None:
    from xml.sax.saxutils import escape, quoteattr

    rss = (f"<rss><channel><item><link>{escape(link)}</link><guid>{escape(guid)}</guid>"
           f"<pubDate>{escape(date)}</pubDate></item></channel></rss>")
    atom = (f'<feed xmlns="http://www.w3.org/2005/Atom" xml:base={quoteattr(base)}><entry>'
            f"<link href={quoteattr(href)}/><link rel='replies' href={quoteattr(link)} thr:count='x' "
            f"xmlns:thr='http://purl.org/syndication/thread/1.0'/><published>{escape(date)}</published>"
            f"</entry></feed>")
    for text in (rss, atom):
        parse_feed(text.encode("utf-8", errors="surrogatepass"), f"{SITE}/feed/")
    split_comment_link(link, base=base or None)
    comment_post_url(href, base=base or None)


# -- the feed's encoding: the one charset policy (backlint.decode) -----------------------------

_LEGACY_FEED = """<rss version="2.0"><channel><title>{title}</title><link>https://blog.example/</link>
<item><title>{title}</title><link>https://blog.example/post/</link></item></channel></rss>"""


@pytest.mark.parametrize("title,encoding,declared", [
    ("Crème brûlée à la café, déjà vu, naïveté", "cp1252", False),  # undeclared: detected, not U+FFFD
    ("Crème brûlée à la café, déjà vu, naïveté", "iso-8859-1", True),
    ("Пирожки с капустой и чай с лимоном на даче", "koi8-r", True),
    ("日本語のブログで書いたコメントの記事です", "shift_jis", True),
    ("Comments in UTF-16, as some exporters write them", "utf-16", True),
])
def test_a_feed_in_any_encoding_reads_as_its_text(title: str, encoding: str, declared: bool) -> None:
    body = _LEGACY_FEED.format(title=title)
    if declared:
        body = f'<?xml version="1.0" encoding="{encoding}"?>\n' + body
    feed = parse_feed(body.encode(encoding), "https://blog.example/feed/")
    assert feed.title == title and [entry.title for entry in feed.entries] == [title]
    assert not any("ncoding" in error or "Invalid bytes" in error for error in feed.errors), feed.errors
