"""WordPress comment lists as core and real themes print them.

The fixtures under ``tests/fixtures/markup/`` reproduce what WordPress outputs:
``Walker_Comment::html5_comment()`` / ``ping()`` in twentytwentyone, the twentyten
callback (xhtml, ``<div id="comment-N">`` inside ``<li id="li-comment-N">``), the block
theme comment template (twentytwentythree), and the wpDiscuz plugin's list. The
``wp-real-*`` files are pages a real WordPress rendered, with its own ground truth
(``tests/wordpress/save_fixtures.sh``).
"""

from __future__ import annotations

import json
import logging
import re
from pathlib import Path

import pytest

from backlint.records import Item, Link
from backlint.urls import normalize_url
from crawler.parse import extract_items, parse_page

MARKUP = Path(__file__).parent / "fixtures" / "markup"

CLASSIC_URL = "https://blog.example/2024/03/hello-world/comment-page-2/"
CLASSIC_POST = "https://blog.example/2024/03/hello-world/"
AUTHOR_REL = ("ugc", "external", "nofollow")


def fixture(name: str) -> bytes:
    return (MARKUP / name).read_bytes()


def wp_item(**fields) -> Item:
    return Item(source="html", engine="wordpress", **fields)


@pytest.fixture(autouse=True)
def no_stage_failures(caplog):
    """Fail a test when a parse stage raised: parse_page() hides it to never raise."""
    caplog.set_level(logging.DEBUG, logger="crawler.parse")
    yield
    failures = [r for r in caplog.records if r.name.startswith("crawler.parse") and r.exc_info]
    assert not failures, [(r.getMessage(), repr(r.exc_info[1])) for r in failures]


# --- twentytwentyone (classic, html5) -------------------------------------------------

@pytest.fixture
def classic():
    return parse_page(fixture("wp_twentytwentyone_page2.html"), CLASSIC_URL)


def test_classic_theme_items_are_exactly_the_comment_list(classic):
    assert classic.engine == "wordpress"
    assert classic.items == [
        wp_item(
            type="comment", post_url=CLASSIC_POST, site_item_id="12",
            author_name="Alice Walker", author_url="https://alice.example/",
            date="2024-03-05T10:22:33+00:00",
            text="Great write-up. I tried the same with this tool and it worked.\n"
                 "Second paragraph, with a mail link and an in-page link.",
            parent_id=None,
            links=[
                Link("https://alice.example/", "Alice Walker", AUTHOR_REL, True),
                # utm_source dropped by normalisation; mailto: and "#comment-13" skipped.
                Link("https://tools.example/thing", "this tool", ("nofollow", "ugc")),
            ],
        ),
        wp_item(
            type="comment", post_url=CLASSIC_POST, site_item_id="13",
            author_name="Blog Admin", author_url="https://blog.example/",
            date="2024-03-05T11:00:00+00:00", text="Thanks, Alice!", parent_id="12",
            links=[Link("https://blog.example/", "Blog Admin", ("ugc",), True)],
        ),
        wp_item(
            type="comment", post_url=CLASSIC_POST, site_item_id="15",
            author_name="Carol", author_url=None,
            date="2024-03-06T08:05:00+00:00", text="Agreed — see https://carol.example/notes/",
            parent_id="13",
            links=[Link("https://carol.example/notes/", "https://carol.example/notes/", ("nofollow", "ugc"))],
        ),
        # Core's ping() prints "Pingback:" for trackbacks too: the class tells them apart.
        wp_item(
            type="trackback", post_url=CLASSIC_POST, site_item_id="14",
            author_name="Other Blog", author_url="https://other.example/2024/03/05/a-response/",
            date=None, text="", parent_id=None,
            links=[Link("https://other.example/2024/03/05/a-response/", "Other Blog", AUTHOR_REL, True)],
        ),
        wp_item(
            type="pingback", post_url=CLASSIC_POST, site_item_id="16",
            author_name="Links of the week – Friend's Blog",
            author_url="https://friend.example/links-of-the-week/",
            date=None, text="", parent_id=None,
            links=[Link("https://friend.example/links-of-the-week/", "Links of the week – Friend's Blog",
                        AUTHOR_REL, True)],
        ),
        wp_item(
            type="comment", post_url=CLASSIC_POST, site_item_id="17",
            author_name="buy cheap pills online", author_url="http://cheap-pills.example/buy",
            date="2024-03-07T03:14:15+00:00",
            text="Great post, thanks for sharing! [url=http://cheap-pills.example/]cheap pills[/url]",
            parent_id=None,
            # BBCode is text on the page, not a link; grading reads it from the text.
            links=[Link("http://cheap-pills.example/buy", "buy cheap pills online", AUTHOR_REL, True)],
        ),
    ]


def test_classic_theme_recent_comment_widgets_are_ignored(classic):
    authors = {item.author_name for item in classic.items}
    assert "Widget Spammer" not in authors and "Top Commenter" not in authors
    assert "99" not in {item.site_item_id for item in classic.items}
    # ...while their links are still page links, for in-site link following.
    assert "https://widget-spam.example/top" in classic.links


def test_classic_theme_comment_pagination(classic):
    # Page 1 by its comment-page URL; page 3 is the default page: the bare post URL.
    assert classic.comment_pages == [
        "https://blog.example/2024/03/hello-world/comment-page-1/",
        CLASSIC_POST,
    ]


def test_classic_theme_page_facts(classic):
    assert classic.title == "Hello world! – Example Blog"
    assert classic.canonical == CLASSIC_URL
    assert classic.pingback_endpoint == "https://blog.example/xmlrpc.php"
    assert classic.rest_root == "https://blog.example/wp-json/"
    assert classic.feeds == [
        "https://blog.example/feed/",
        "https://blog.example/comments/feed/",
        "https://blog.example/2024/03/hello-world/feed/",
    ]
    assert classic.noindex is False
    assert classic.js_comments is None


def test_classic_theme_page_links_are_absolute_normalised_and_unique(classic):
    assert classic.links[:4] == [
        "https://blog.example/",
        "https://blog.example/about/",
        "https://blog.example/contact/",
        "https://blog.example/author/admin/",
    ]
    assert len(classic.links) == len(set(classic.links))
    # The reply links (?replytocom=N) are the page itself once normalised.
    assert not any("replytocom" in url for url in classic.links)
    assert "https://tools.example/thing" in classic.links


def test_extract_items_is_parse_page_items():
    assert extract_items(fixture("wp_twentytwentyone_page2.html"), CLASSIC_URL) == \
        parse_page(fixture("wp_twentytwentyone_page2.html"), CLASSIC_URL).items


# --- twentyten (xhtml, ISO-8859-1, ?p=N&cpage=N permalinks) --------------------------------

OLD_URL = "http://old.example/?p=12&cpage=2"
OLD_POST = "http://old.example/?p=12"


@pytest.fixture
def xhtml():
    return parse_page(fixture("wp_twentyten_xhtml.html"), OLD_URL)


def test_xhtml_theme_items(xhtml):
    assert xhtml.items == [
        wp_item(
            type="comment", post_url=OLD_POST, site_item_id="5",
            author_name="Bob Müller", author_url="http://bob.example/caf%C3%A9",
            date=None,  # the theme prints "May 3, 2010 at 9:15 pm", no datetime attribute
            text="Best café in town: Café Central.\nLine one\nline two",
            parent_id=None,
            links=[
                Link("http://bob.example/caf%C3%A9", "Bob Müller", ("external", "nofollow", "ugc"), True),
                Link("http://www.xn--caf-dma.example/", "Café Central", ("nofollow", "ugc")),
            ],
        ),
        wp_item(
            type="comment", post_url=OLD_POST, site_item_id="6",
            author_name="Anonymous coward", author_url=None, date=None,
            text="Pas sûr, café crème.",  # raw ISO-8859-1 bytes, decoded per <meta>
            parent_id="5", links=[],
        ),
        # twentyten prints pings as <li class="post pingback"> with no id and the
        # author link inside the "Pingback:" paragraph: no text, no excerpt.
        wp_item(
            type="pingback", post_url=OLD_POST, site_item_id=None,
            author_name="Coffee roundup", author_url="http://coffee.example/roundup",
            date=None, text="", parent_id=None,
            links=[Link("http://coffee.example/roundup", "Coffee roundup", ("external", "nofollow", "ugc"), True)],
        ),
        wp_item(
            type="comment", post_url=OLD_POST, site_item_id="8",
            author_name="SEO Agency", author_url="http://seo-agency.example/", date=None,
            text="Nice blog! Visit http://seo-agency.example/offer for more.",
            parent_id=None,
            # A bare URL the theme did not make clickable stays text: it is no link on the page.
            links=[Link("http://seo-agency.example/", "SEO Agency", ("external", "nofollow", "ugc"), True)],
        ),
    ]


def test_xhtml_theme_edit_links_are_not_item_links(xhtml):
    for item in xhtml.items:
        assert not any("wp-admin" in link.url for link in item.links)
    assert all("(Edit)" not in item.text for item in xhtml.items)


def test_xhtml_theme_page_facts_and_pagination(xhtml):
    assert xhtml.comment_pages == ["http://old.example/?cpage=1&p=12"]
    assert xhtml.noindex is True
    assert xhtml.title == "Café notes | Old Blog"
    assert xhtml.pingback_endpoint == "http://old.example/xmlrpc.php"
    assert xhtml.feeds == ["http://old.example/?feed=rss2", "http://old.example/?feed=rss2&p=12"]
    assert xhtml.rest_root is None and xhtml.canonical is None


# --- twentytwentythree (block theme) -------------------------------------------------------

BLOCK_URL = "https://blocks.example/block-party/comment-page-2/"
BLOCK_POST = "https://blocks.example/block-party/"
BLOCK_AUTHOR_REL = ("external", "nofollow", "ugc")


@pytest.fixture
def block():
    return parse_page(fixture("wp_twentytwentythree_block.html"), BLOCK_URL)


def test_block_theme_items(block):
    assert block.items == [
        wp_item(
            type="comment", post_url=BLOCK_POST, site_item_id="21",
            author_name="Dana", author_url="https://dana.example/",
            date="2024-04-01T08:00:00+00:00", text="Blocks are the future.\nQuote me.", parent_id=None,
            links=[
                Link("https://dana.example/", "Dana", BLOCK_AUTHOR_REL, True),
                Link("https://blocks-fan.example/why", "the future", ("nofollow", "ugc")),
            ],
        ),
        wp_item(
            type="comment", post_url=BLOCK_POST, site_item_id="22",
            author_name="admin", author_url=None,
            date="2024-04-01T09:30:00+00:00", text="Thank you!", parent_id="21", links=[],
        ),
        # Block themes show pings like comments: the trackback's blog name and excerpt.
        wp_item(
            type="trackback", post_url=BLOCK_POST, site_item_id="23",
            author_name="Other Blocks Weblog", author_url="https://other-blocks.example/2024/04/reply/",
            date="2024-04-02T12:00:00+00:00",
            text="A reply to Block party\nI wrote about this at length…", parent_id=None,
            links=[Link("https://other-blocks.example/2024/04/reply/", "Other Blocks Weblog",
                        BLOCK_AUTHOR_REL, True)],
        ),
        wp_item(
            type="pingback", post_url=BLOCK_POST, site_item_id="24",
            author_name="Weekly links #17", author_url="https://links.example/weekly-17/",
            date="2024-04-03T07:45:10+00:00", text="[…] Block party is worth a read […]", parent_id=None,
            links=[Link("https://links.example/weekly-17/", "Weekly links #17", BLOCK_AUTHOR_REL, True)],
        ),
        wp_item(
            type="comment", post_url=BLOCK_POST, site_item_id="25",
            author_name="best online casino", author_url="https://best-casino.example/bonus",
            date="2024-04-04T02:02:02+00:00", text="Nice article. free slots poker", parent_id=None,
            links=[
                Link("https://best-casino.example/bonus", "best online casino", BLOCK_AUTHOR_REL, True),
                # A body link that lost its rel (a plugin stripped it): rel stays empty.
                Link("https://best-casino.example/slots", "free slots", ()),
                Link("https://best-casino.example/poker", "poker", ("nofollow", "ugc")),
            ],
        ),
    ]


def test_block_theme_latest_comments_block_is_ignored(block):
    assert "Latest Spammer" not in {item.author_name for item in block.items}


def test_block_theme_pagination_and_facts(block):
    assert block.comment_pages == ["https://blocks.example/block-party/comment-page-1/"]
    assert block.canonical == BLOCK_URL
    assert block.rest_root == "https://blocks.example/wp-json/"
    assert block.pingback_endpoint is None  # block themes print no <link rel="pingback">
    assert block.title == "Block party – Blocks Blog"


def test_block_theme_nested_template_lists_are_threaded_too():
    # Some versions nest replies in <ol class="wp-block-comment-template"> rather than a bare <ol>.
    html = """<div class="wp-block-comments"><ol class="wp-block-comment-template">
      <li id="comment-1" class="comment even thread-even depth-1">
        <div class="wp-block-comment-author-name">Ann</div>
        <div class="wp-block-comment-content"><p>Top</p></div>
        <ol class="wp-block-comment-template">
          <li id="comment-2" class="comment odd alt depth-2">
            <div class="wp-block-comment-author-name"><a rel="external nofollow ugc" href="https://ben.example/">Ben</a></div>
            <div class="wp-block-comment-content"><p>Reply</p></div>
            <ol class="wp-block-comment-template">
              <li id="comment-3" class="pingback even depth-3">
                <div class="wp-block-comment-author-name"><a href="https://c.example/p">C</a></div>
              </li>
            </ol>
          </li>
        </ol>
      </li></ol></div>"""
    items = extract_items(html, "https://b.example/post/")
    assert [(i.site_item_id, i.type, i.parent_id, i.author_name, i.text) for i in items] == [
        ("1", "comment", None, "Ann", "Top"),
        ("2", "comment", "1", "Ben", "Reply"),
        ("3", "pingback", "2", "C", ""),
    ]


# --- wpDiscuz --------------------------------------------------------------------------

def test_wpdiscuz_list_is_read_as_wordpress():
    page = parse_page(fixture("wp_wpdiscuz.html"), "https://trail.example/best-hiking-boots/")
    post = "https://trail.example/best-hiking-boots/"
    assert page.engine == "wordpress"
    assert page.js_comments is None  # the thread is in the HTML, not loaded by AJAX
    assert page.items == [
        wp_item(
            type="comment", post_url=post, site_item_id="40", author_name="Jo",
            author_url="https://jo-hikes.example/", date=None,
            text="The second pair gave me blisters. Try merino socks.", parent_id=None,
            links=[Link("https://jo-hikes.example/", "Jo", AUTHOR_REL, True),
                   Link("https://socks.example/merino", "merino socks", ("nofollow", "ugc"))],
        ),
        wp_item(
            type="comment", post_url=post, site_item_id="41", author_name="Trail Talk",
            author_url=None, date=None, text="Noted, thanks!", parent_id="40", links=[],
        ),
        wp_item(
            type="pingback", post_url=post, site_item_id="42", author_name="Boots roundup – Gear Blog",
            author_url="https://gear.example/boots-roundup/", date=None,
            text="[…] see Trail Talk’s test […]", parent_id=None,
            links=[Link("https://gear.example/boots-roundup/", "Boots roundup – Gear Blog", AUTHOR_REL, True)],
        ),
    ]


def test_wpdiscuz_thread_loaded_by_ajax_is_reported():
    html = ('<div id="comments"><div id="wpdcom" class="wpd-default"><div class="wpd-thread-list">'
            '<div class="wpdiscuz-comment-pagination"></div></div></div></div>')
    page = parse_page(html, "https://trail.example/post/")
    assert page.items == [] and page.js_comments == "wpDiscuz"


# --- other shapes WordPress prints -------------------------------------------------------

def test_style_div_lists():
    # wp_list_comments(['style' => 'div']): the item is the div itself.
    html = """<div id="comments"><div class="commentlist">
      <div id="comment-7" class="comment even thread-even depth-1">
        <div class="comment-author vcard"><cite class="fn"><a href="https://d.example/" rel="external nofollow ugc"
          class="url">Dee</a></cite> <span class="says">says:</span></div>
        <div class="comment-meta commentmetadata"><a href="https://b.example/p/#comment-7">May 1, 2020</a></div>
        <p>Plain old div.</p>
        <div class="reply"><a class="comment-reply-link" href="/p/?replytocom=7#respond">Reply</a></div>
      </div></div></div>"""
    [item] = extract_items(html, "https://b.example/p/")
    assert (item.site_item_id, item.author_name, item.author_url, item.text) == \
        ("7", "Dee", "https://d.example/", "Plain old div.")
    assert [link.url for link in item.links] == ["https://d.example/"]


def test_kubrick_style_items_without_classes():
    # The pre-2.7 default theme: <li class="alt" id="comment-N"> with a bare <cite>.
    html = """<ol class="commentlist">
      <li class="alt" id="comment-3"><cite><a href='http://old.example/' rel='external nofollow' class='url'>Old
        Timer</a></cite> Says:<br /><small class="commentmetadata"><a href="#comment-3">June 1st, 2006</a></small>
        <p>First paragraph.</p><p>Second.</p></li>
      <li id="comment-4"><cite>No Link</cite> Says:<p>Hi</p></li></ol>"""
    items = extract_items(html, "http://old.example/2006/06/post/")
    assert [(i.site_item_id, i.author_name, i.author_url, i.text) for i in items] == [
        ("3", "Old Timer", "http://old.example/", "First paragraph.\nSecond."),
        ("4", "No Link", None, "Hi"),
    ]


def test_older_theme_div_id_inside_li_without_id():
    html = """<ol class="commentlist"><li class="comment even thread-even depth-1">
      <div id="comment-9"><div class="comment-author vcard"><cite class="fn">Eve</cite></div>
      <div class="comment-body"><p>Inner div carries the id.</p></div></div></li></ol>"""
    [item] = extract_items(html, "https://b.example/p/")
    assert (item.site_item_id, item.author_name, item.text) == ("9", "Eve", "Inner div carries the id.")


def test_type_comes_from_the_class_never_from_the_label():
    html = """<ol class="comment-list">
      <li id="comment-1" class="trackback even depth-1"><div class="comment-body">Pingback:
        <a href="https://t.example/" class="url">T</a></div></li>
      <li id="comment-2" class="comment odd depth-1"><article class="comment-body">
        <b class="fn">Trackback: not really</b><div class="comment-content"><p>Pingback: me</p></div></article></li>
    </ol>"""
    assert [(i.type, i.author_name) for i in extract_items(html, "https://b.example/p/")] == [
        ("trackback", "T"), ("comment", "Trackback: not really"),
    ]


def test_a_comment_list_outside_the_comments_section_is_not_read():
    # Comment-like markup outside any comment list (a theme's testimonials) is not an item.
    html = '<div class="testimonials"><li id="comment-5" class="comment"><b class="fn">X</b></li></div>'
    page = parse_page(html, "https://b.example/p/")
    assert page.items == [] and page.engine == ""


def test_empty_comment_list_is_still_recognised_as_wordpress():
    html = ('<div id="comments" class="comments-area"><div id="respond" class="comment-respond">'
            '<form action="https://b.example/wp-comments-post.php" id="commentform"></form></div></div>')
    page = parse_page(html, "https://b.example/p/comment-page-9/")
    assert page.items == [] and page.engine == "wordpress"


def test_post_url_drops_comment_page_suffix_and_cpage():
    html = ('<ol class="comment-list"><li id="comment-1" class="comment depth-1"><b class="fn">A</b>'
            '<div class="comment-content">x</div></li></ol>')
    assert extract_items(html, "https://b.example/p/comment-page-3/")[0].post_url == "https://b.example/p/"
    assert extract_items(html, "https://b.example/?p=5&cpage=3")[0].post_url == "https://b.example/?p=5"
    assert extract_items(html, "HTTPS://B.Example:443/p/?cpage=2#comments")[0].post_url == "https://b.example/p/"


def test_comment_page_links_to_other_posts_are_not_this_posts_pages():
    html = ('<a href="/p/comment-page-1/">1</a> <a href="/other/comment-page-2/">x</a>'
            ' <a href="/p/?cpage=4#comments">4</a> <a href="/p/comment-page-2/">self</a>')
    page = parse_page(html, "https://b.example/p/comment-page-2/")
    assert page.comment_pages == ["https://b.example/p/comment-page-1/", "https://b.example/p/?cpage=4"]


def test_reply_and_edit_controls_inside_the_body_are_not_the_commenters():
    # Some themes print the controls inside .comment-content.
    html = """<ol class="comment-list"><li id="comment-4" class="comment even depth-1"><article class="comment-body">
      <b class="fn">Fay</b><div class="comment-content"><p>My <a href="https://fay.example/" rel="nofollow ugc">site</a>.</p>
      <span class="edit-link"><a class="comment-edit-link" href="https://b.example/wp-admin/comment.php?c=4">Edit</a></span>
      <div class="reply"><a rel="nofollow" class="comment-reply-link" href="https://b.example/p/?replytocom=4#respond">Reply</a></div>
      <a class="comment-reply-login" href="https://b.example/wp-login.php">Log in to Reply</a></div></article></li></ol>"""
    [item] = extract_items(html, "https://b.example/p/")
    assert item.text == "My site."
    assert item.links == [Link("https://fay.example/", "site", ("nofollow", "ugc"))]


def test_theme_specific_list_names_are_found_by_comment_class_depth():
    html = """<section class="discussion"><ol class="thread">
      <li id="comment-31" class="comment even thread-even depth-1"><div class="comment-author vcard">
        <cite class="fn">Gil</cite></div><div class="comment-content"><p>Own list name.</p></div></li></ol></section>
      <aside class="widget"><ul><li id="comment-32" class="comment depth-1"><cite class="fn">W</cite></li></ul></aside>"""
    assert [(i.site_item_id, i.author_name, i.text) for i in extract_items(html, "https://b.example/p/")] == [
        ("31", "Gil", "Own list name.")]


def test_the_default_comment_page_is_not_listed_as_another_page():
    # WordPress 6 at the bare post URL (newest page first, 2 pages): the canonical URL and
    # every permalink name the page's own comment-page-2/ URL.
    html = """<head><link rel="canonical" href="https://b.example/p/comment-page-2/#comments" /></head>
      <ol class="wp-block-comment-template"><li id="comment-9" class="comment even thread-even depth-1">
      <div class="wp-block-comment-author-name">Ida</div>
      <div class="wp-block-comment-date"><time datetime="2024-01-01T00:00:00+00:00"><a
        href="https://b.example/p/comment-page-2/#comment-9">January 1, 2024</a></time></div></li></ol>
      <div class="wp-block-comments-pagination"><a href="https://b.example/p/comment-page-1/#comments"
        class="wp-block-comments-pagination-previous">Older Comments</a></div>"""
    page = parse_page(html, "https://b.example/p/")
    assert page.comment_pages == ["https://b.example/p/comment-page-1/"]
    assert page.items[0].post_url == "https://b.example/p/"


# --- HTML a real WordPress rendered (tests/wordpress/save_fixtures.sh) ---------------------

REAL_EXPECTED = json.loads((MARKUP / "wp-real-expected.json").read_text(encoding="utf-8"))


def _shown_on(file_name: str, url: str) -> list[dict]:
    """The visible items a saved page shows, per wp-real-expected.json's note."""
    items = [i for i in REAL_EXPECTED["items"] if i["visible"] and url.startswith(i["post_url"])]
    page = re.search(r"-page(\d+)\.html$", file_name)
    number = int(page.group(1)) if page else max((i["page"] for i in items), default=1)
    return [i for i in items if i["page"] == number]


@pytest.mark.parametrize("file_name, url", sorted(REAL_EXPECTED["files"].items()))
def test_real_wordpress_pages_yield_exactly_what_wordpress_shows(file_name, url):
    page = parse_page(fixture(file_name), url)
    expected = _shown_on(file_name, url)
    short_pings = "twentytwentyone" in file_name  # classic themes print pings without their text
    assert page.engine == "wordpress"
    assert sorted(item.site_item_id for item in page.items) == sorted(i["id"] for i in expected)
    # Other pages of the same post only (the bare post URL being its default page), never
    # this page under another name.
    post = normalize_url(expected[0]["post_url"])
    numbers = {i["page"] for i in REAL_EXPECTED["items"] if i["visible"] and normalize_url(i["post_url"]) == post}
    this = {i["page"] for i in expected}
    assert set(page.comment_pages) <= {f"{post}comment-page-{n}/" for n in numbers - this} | {post}
    assert bool(page.comment_pages) == (len(numbers) > 1)
    by_id = {item.site_item_id: item for item in page.items}
    for want in expected:
        got = by_id[want["id"]]
        assert (got.type, got.parent_id, got.author_name, got.post_url) == \
            (want["type"], want["parent_id"], want["author_name"], normalize_url(want["post_url"]))
        assert got.author_url == (normalize_url(want["author_url"]) if want["author_url"] else None)
        if short_pings and got.type != "comment":
            assert got.text == "" and [link.is_author_link for link in got.links] == [True]
            continue
        # mailto: links are shown but are not web links: the parser leaves them out.
        web_links = [b for b in want["body_links"] if normalize_url(b["href"], want["post_url"])]
        assert [(link.url, link.anchor, link.rel) for link in got.links if not link.is_author_link] == [
            (normalize_url(b["href"], want["post_url"]), b["anchor"], tuple(r.lower() for r in b["rel"]))
            for b in web_links
        ]
