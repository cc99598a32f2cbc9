"""The other engines (Blogger, Movable Type/Typepad, microdata, JSON-LD, generic), the
JavaScript-embed detector, page facts, decoding, and the package's own doctests."""

from __future__ import annotations

import codecs
import doctest
import importlib
import logging
from pathlib import Path

import pytest

from backlint.records import Item, Link
from crawler.parse import parse_page

MARKUP = Path(__file__).parent / "fixtures" / "markup"


def fixture(name: str) -> bytes:
    return (MARKUP / name).read_bytes()


@pytest.fixture(autouse=True)
def no_stage_failures(caplog):
    """Fail a test when a parse stage raised: parse_page() hides it to never raise."""
    caplog.set_level(logging.DEBUG, logger="crawler.parse")
    yield
    failures = [r for r in caplog.records if r.name.startswith("crawler.parse") and r.exc_info]
    assert not failures, [(r.getMessage(), repr(r.exc_info[1])) for r in failures]


# --- Blogger -------------------------------------------------------------------------------

BLOGGER_POST = "https://yarnlog.blogspot.com/2020/01/knitting-in-winter.html"


def test_blogger_threaded_comments():
    page = parse_page(fixture("blogger_threaded.html"), BLOGGER_POST)
    assert page.engine == "blogger"

    def item(**fields) -> Item:
        return Item(type="comment", post_url=BLOGGER_POST, source="html", engine="blogger", **fields)

    assert page.items == [
        item(site_item_id="3333333333333333333", author_name="Margaret",
             author_url="https://www.blogger.com/profile/01234567890123456789",
             date="2020-01-26T10:13:00+00:00",  # from showComment=1580033580000
             text="Lovely pattern! I used merino for mine.", parent_id=None,
             links=[Link("https://www.blogger.com/profile/01234567890123456789", "Margaret", ("nofollow",), True),
                    Link("https://wool.example/merino", "merino", ("nofollow",))]),
        item(site_item_id="4444444444444444444", author_name="Yarn Log",
             author_url="https://www.blogger.com/profile/09876543210987654321",
             date="2020-01-26T12:00:00+00:00", text="Thank you Margaret!",
             parent_id="3333333333333333333",
             links=[Link("https://www.blogger.com/profile/09876543210987654321", "Yarn Log", ("nofollow",), True)]),
        item(site_item_id="5555555555555555555", author_name="Fast Loans Online",
             author_url="http://loans-fast.example/", date="2020-01-27T04:40:00+00:00",
             text="Nice post.\nGet a loan today: http://loans-fast.example/apply", parent_id=None,
             # The URL in the text is not clickable on the page: it stays text.
             links=[Link("http://loans-fast.example/", "Fast Loans Online", ("nofollow",), True)]),
        item(site_item_id="6666666666666666666", author_name="Anonymous", author_url=None,
             date="2020-01-28T08:26:40+00:00", text="Where is the pattern?", parent_id=None, links=[]),
    ]
    assert page.canonical == BLOGGER_POST
    assert "https://yarnlog.blogspot.com/feeds/posts/default" in page.feeds


def test_blogger_classic_layout_and_comment_pages():
    html = """<div id="comments"><dl id="comments-block">
      <dt class="comment-author" id="c111"><a name="c111"></a><a href="http://zed.example/" rel="nofollow">Zed</a> said...</dt>
      <dd class="comment-body"><p>Old style.</p></dd>
      <dd class="comment-footer"><span class="comment-timestamp"><a href="https://b.blogspot.com/2009/01/p.html?showComment=1231000000000#c111" title="comment permalink">1/3/09</a></span></dd>
      <dt class="comment-author" id="c222"><a name="c222"></a>Anonymous said...</dt>
      <dd class="comment-body"><p>No link.</p></dd>
    </dl><a href="https://b.blogspot.com/2009/01/p.html?commentPage=2">Newer</a></div>"""
    page = parse_page(html, "https://b.blogspot.com/2009/01/p.html")
    assert [(i.site_item_id, i.author_name, i.author_url, i.date, i.text) for i in page.items] == [
        ("111", "Zed", "http://zed.example/", "2009-01-03T16:26:40+00:00", "Old style."),
        ("222", "Anonymous", None, None, "No link."),
    ]
    assert page.comment_pages == ["https://b.blogspot.com/2009/01/p.html?commentPage=2"]


# --- Movable Type / Typepad ----------------------------------------------------------------

MT_ENTRY = "http://mt.example/blog/2010/01/static-publishing.html"


def test_movable_type_comments_and_trackbacks():
    page = parse_page(fixture("movabletype_entry.html"), MT_ENTRY)
    assert page.engine == "movabletype"

    def item(**fields) -> Item:
        return Item(post_url=MT_ENTRY, source="html", engine="movabletype", parent_id=None, **fields)

    assert page.items == [
        item(type="trackback", site_item_id="67", author_name="Why static wins",
             author_url="http://static-fan.example/2010/01/why-static.html", date="2010-01-06T08:00:00-08:00",
             text="Field Notes makes a case for static publishing... Read More",
             links=[Link("http://static-fan.example/2010/01/why-static.html", "Why static wins", (), True),
                    Link("http://static-fan.example/2010/01/why-static.html", "Read More", ())]),
        item(type="comment", site_item_id="123", author_name="Erin", author_url="http://erin.example/",
             date="2010-01-05T10:22:33-08:00", text="Agreed. Rebuilds are the price, see the docs.",
             links=[Link("http://erin.example/", "Erin", ("nofollow",), True),
                    Link("http://docs.example/rebuild", "the docs", ("nofollow",))]),
        item(type="comment", site_item_id="124", author_name="Frank", author_url=None,
             date="2010-01-07T18:30:00-08:00", text="Dynamic is fine too.", links=[]),
    ]
    # The sidebar's "Recent Comments" widget holds a div.comment#comment-7: not an item.
    assert "7" not in {i.site_item_id for i in page.items}


def test_typepad_comments_with_hex_ids_and_footer_author():
    html = """<div class="comments" id="comments"><div class="comments-content" id="comments-content">
      <a id="c6a00d8341c4fe353ef0120a5e9d6e0970c"></a>
      <div class="comment font-entrybody" id="comment-6a00d8341c4fe353ef0120a5e9d6e0970c">
        <div class="comment-content font-entrybody" id="comment-6a00d8341c4fe353ef0120a5e9d6e0970c-content">
          <span id="comment-6a00d8341c4fe353ef0120a5e9d6e0970c-content"><p>Typepad text.</p></span></div>
        <p class="comment-footer font-entryfooter">Posted by: <a rel="nofollow" target="_blank"
          href="http://gus.example">Gus</a> | <a rel="nofollow"
          href="https://t.typepad.com/b/2010/01/p.html?cid=6a00d8341c4fe353ef0120a5e9d6e0970c#comment-6a00d8341c4fe353ef0120a5e9d6e0970c">January 05, 2010 at 10:22 AM</a></p>
      </div>
      <div class="comment font-entrybody" id="comment-6a00d8341c4fe353ef0120a5e9d6e0970d">
        <div class="comment-content font-entrybody"><p>Anonymous one.</p></div>
        <p class="comment-footer font-entryfooter">Posted by: Hana | <a rel="nofollow"
          href="https://t.typepad.com/b/2010/01/p.html#comment-6a00d8341c4fe353ef0120a5e9d6e0970d">January 06, 2010</a></p>
      </div></div></div>"""
    page = parse_page(html, "https://t.typepad.com/b/2010/01/p.html")
    assert page.engine == "movabletype"
    assert [(i.site_item_id, i.author_name, i.author_url, i.text) for i in page.items] == [
        ("6a00d8341c4fe353ef0120a5e9d6e0970c", "Gus", "http://gus.example/", "Typepad text."),
        ("6a00d8341c4fe353ef0120a5e9d6e0970d", "Hana", None, "Anonymous one."),
    ]


# --- microdata, JSON-LD, generic ---------------------------------------------------------------

def test_schema_org_comment_microdata():
    post = "https://devnotes.example/posts/rust-lifetimes/"
    page = parse_page(fixture("microdata_comments.html"), post)
    assert page.engine == "microdata"
    assert page.items == [
        Item(type="comment", post_url=post, site_item_id="301", author_name="Gina",
             author_url="https://gina.example/", date="2023-11-02T14:05:00Z",
             text="Clear explanation.\nThe book chapter helps too.", parent_id=None, engine="microdata",
             links=[Link("https://gina.example/", "Gina", ("external", "nofollow", "ugc"), True),
                    Link("https://doc.rust-lang.org/book/ch10-03-lifetime-syntax.html", "book chapter",
                         ("nofollow", "ugc"))]),
        Item(type="comment", post_url=post, site_item_id="302", author_name="Hal", author_url=None,
             date="2023-11-03T09:00:00Z", text="Thanks!", parent_id="301", engine="microdata", links=[]),
        Item(type="trackback", post_url=post, site_item_id="303", author_name="Rust Weekly #12",
             author_url="https://aggregator.example/rust-weekly-12", date="2023-11-04",
             text="Linked from this week's issue.", parent_id=None, engine="microdata",
             links=[Link("https://aggregator.example/rust-weekly-12", "Rust Weekly #12", (), True)]),
    ]
    assert page.feeds == ["https://devnotes.example/index.xml"]


def test_json_ld_comments_with_replies():
    html = """<script type="application/ld+json">{"@context": "https://schema.org", "@type": "BlogPosting",
      "comment": [{"@type": "Comment", "@id": "https://j.example/p/#comment-8", "text": "Top level\\nsecond line",
        "dateCreated": "2024-02-01T10:00:00Z", "author": {"@type": "Person", "name": "Ida", "url": "https://ida.example"},
        "comment": {"@type": "Comment", "@id": "https://j.example/p/#comment-9",
                    "text": "<p>Reply with <a href='https://link.example/x' rel='nofollow'>a link</a></p>",
                    "author": "Jon"}}]}</script>
      <script type="application/ld+json">{not json</script>"""
    page = parse_page(html, "https://j.example/p/")
    assert page.engine == "jsonld"
    assert page.items == [
        Item(type="comment", post_url="https://j.example/p/", site_item_id="8", author_name="Ida",
             author_url="https://ida.example/", date="2024-02-01T10:00:00Z", text="Top level\nsecond line",
             engine="jsonld", links=[Link("https://ida.example/", "Ida", (), True)]),
        Item(type="comment", post_url="https://j.example/p/", site_item_id="9", author_name="Jon",
             author_url=None, date=None, text="Reply with a link", parent_id="8", engine="jsonld",
             links=[Link("https://link.example/x", "a link", ("nofollow",))]),
    ]


def test_generic_comment_section_drupal():
    post = "https://drupal.example/node/17"
    page = parse_page(fixture("generic_drupal.html"), post)
    assert page.engine == "generic"
    assert page.items == [
        Item(type="comment", post_url=post, site_item_id="41", author_name="Ivy (not verified)",
             author_url="https://ivy.example/garden", date="2023-11-14T22:13:20Z",
             text="Nice tomatoes! Mine are at my garden.", parent_id=None, engine="generic",
             links=[Link("https://ivy.example/garden", "Ivy (not verified)", ("nofollow",), True),
                    Link("https://ivy.example/tomatoes", "my garden", ("nofollow",))]),
        # Drupal threads a reply as <div class="indented"> after its parent.
        Item(type="comment", post_url=post, site_item_id="42", author_name="admin", author_url=None,
             date="2023-11-15T08:00:00Z", text="Thanks Ivy.", parent_id="41", engine="generic", links=[]),
    ]


def test_generic_needs_a_comments_section():
    html = '<div class="comment"><span class="author">Not</span><div class="content">a comment list</div></div>'
    assert parse_page(html, "https://x.example/").items == []


# --- JavaScript comment systems ------------------------------------------------------------

def test_disqus_page_reports_the_embed_and_no_items():
    page = parse_page(fixture("wp_disqus.html"), "https://news.example/election-night-live/")
    assert page.items == []
    assert page.js_comments == "Disqus"
    assert page.engine == ""
    assert page.rest_root == "https://news.example/wp-json/"


@pytest.mark.parametrize("snippet, name", [
    ('<div id="disqus_thread"></div>', "Disqus"),
    ("<script>var disqus_shortname = 'x';</script>", "Disqus"),
    ('<div class="fb-comments" data-href="https://x.example/p" data-numposts="5"></div>', "Facebook comments"),
    ('<div id="commento"></div><script defer src="https://cdn.commento.io/js/commento.js"></script>', "Commento"),
    ('<hyvor-talk-comments website-id="1" page-id="p"></hyvor-talk-comments>', "Hyvor Talk"),
    ("<div id='remark42'></div><script>var remark_config = {host: 'https://r.example'}</script>", "Remark42"),
    ('<script src="https://giscus.app/client.js" data-repo="a/b" async></script>', "Giscus"),
    ('<script src="https://utteranc.es/client.js" repo="a/b" async></script>', "utterances"),
    ("<script>var idcomments_acct = 'abc';</script><span id='IDCommentsPostTitle'></span>", "IntenseDebate"),
    ('<script data-isso="//comments.example/" src="//comments.example/js/embed.min.js"></script>'
     '<section id="isso-thread"></section>', "Isso"),
    ('<div id="cusdis_thread" data-app-id="x"></div>', "Cusdis"),
    ('<div id="discourse-comments"></div><script>DiscourseEmbed = {discourseUrl: "x"};</script>', "Discourse"),
])
def test_comment_embeds_are_named(snippet, name):
    assert parse_page(f"<html><body><p>Post.</p>{snippet}</body></html>", "https://x.example/p").js_comments == name


def test_prose_about_an_embed_is_not_an_embed():
    html = ("<p>We moved away from Disqus (disqus.com/embed.js, #disqus_thread) and "
            "giscus.app/client.js last year.</p><pre>&lt;div id=\"disqus_thread\"&gt;</pre>")
    assert parse_page(html, "https://x.example/p").js_comments is None


# --- page facts and input handling -----------------------------------------------------------

def test_base_href_and_relative_links():
    html = ('<head><base href="https://cdn.example/site/"><title>T</title>'
            '<link rel="canonical" href="page.html"></head><body><a href="a/b">x</a><a href="/root">y</a>'
            '<a href="//other.example/z">z</a><a href="javascript:void(0)">j</a><a href="mailto:a@b.example">m</a>'
            '<a href="#top">t</a><a>no href</a></body>')
    page = parse_page(html, "https://www.example/p/")
    assert page.canonical == "https://cdn.example/site/page.html"
    assert page.links == ["https://cdn.example/site/a/b", "https://cdn.example/root", "https://other.example/z"]


def test_title_skips_inline_svg_titles_and_robots_none_means_noindex():
    html = ('<body><svg><title>icon</title></svg></body><head><title> Real  title </title>'
            '<meta name="googlebot" content="none"></head>')
    page = parse_page(html, "https://x.example/")
    assert page.title == "Real title"
    assert page.noindex is True


@pytest.mark.parametrize("data, expected", [
    (b'<meta charset="windows-1251"><title>\xcf\xf0\xe8\xe2\xe5\xf2</title>', "Привет"),
    (b'<meta http-equiv="Content-Type" content="text/html; charset=shift_jis"><title>\x93\xfa\x96\x7b</title>',
     "日本"),
    (b'<meta charset="iso-8859-1"><title>caf\xe9</title>', "café"),
    (b'<meta charset="iso-8859-1"><title>\x93quoted\x94</title>', "\u201cquoted\u201d"),  # WHATWG: windows-1252
    (b'<meta charset="utf-7"><title>+AGEAYgBj-</title>', "+AGEAYgBj-"),  # UTF-7 is never honoured
    (b'<meta charset="no-such-codec"><title>caf\xc3\xa9</title>', "café"),
    (codecs.BOM_UTF16_LE + "<title>Grüße</title>".encode("utf-16-le"), "Grüße"),
    (codecs.BOM_UTF8 + "<title>naïve</title>".encode("utf-8"), "naïve"),
    (b"<title>bad \xff byte</title>", "bad \ufffd byte"),
    (b'<?xml version="1.0" encoding="iso-8859-15"?><html><head><title>\xa4uro</title></head></html>', "€uro"),
])
def test_bytes_are_decoded_like_a_browser(data, expected):
    assert parse_page(data, "https://x.example/").title == expected


def test_str_with_xml_declaration_and_nul_bytes_parses():
    html = '<?xml version="1.0" encoding="utf-8"?><html><head><title>A\x00B</title></head></html>'
    assert parse_page(html, "https://x.example/").title == "A\ufffdB"


@pytest.mark.parametrize("junk", ["", "   \n\t", b"", b"\x00\x00", "<!-- only a comment -->", "<",
                                  "<!DOCTYPE html>", "<html", b"\xff\xfe\xfd", "&#xD800;&#0;"])
def test_degenerate_input_gives_an_empty_page(junk):
    page = parse_page(junk, "https://x.example/")
    assert page.items == [] and page.engine == "" and page.js_comments is None


def test_non_http_page_url_does_not_raise():
    page = parse_page('<ol class="comment-list"><li id="comment-1" class="comment depth-1"><b class="fn">'
                      '<a href="https://a.example/">A</a></b><div class="comment-content">x</div></li></ol>',
                      "not a url")
    assert [(i.site_item_id, i.author_url) for i in page.items] == [("1", "https://a.example/")]


# --- the package's docstring examples ---------------------------------------------------------

PARSE_MODULES = ["crawler.parse", "crawler.parse.assemble", "crawler.parse.blogger", "crawler.parse.context",
                 "crawler.parse.document", "crawler.parse.generic", "crawler.parse.jsembeds",
                 "crawler.parse.links", "crawler.parse.microdata", "crawler.parse.movabletype",
                 "crawler.parse.page", "crawler.parse.wordpress"]


@pytest.mark.parametrize("name", PARSE_MODULES)
def test_docstring_examples(name):
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert result.failed == 0
    assert result.attempted > 0


def test_scripts_styles_and_html_comments_are_not_comment_text():
    html = """<section id="comments"><article class="comment" id="comment-5"><span class="author">Kai</span>
      <div class="comment-content"><p>Visible<!-- hidden note --> text<script>var x = "not text";</script>
      <style>.x{color:red}</style> goes on.</p><p>Second&nbsp;&nbsp;line</p></div></article></section>"""
    [item] = parse_page(html, "https://x.example/p/").items
    assert item.text == "Visible text goes on.\nSecond line"
