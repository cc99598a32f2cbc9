"""One reader of comment markup: every import of a comment gives the links WordPress shows."""

from __future__ import annotations

import csv
import io
import sqlite3
from pathlib import Path

import pytest

from backlint.text import markup_to_text, text_and_links
from crawler.discover.rest import html_text_and_links, parse_rest_comments
from crawler.importers.run import import_file

AUTHOR, AUTHOR_URL = "Seed Deals", "https://seeds.example/shop/"
CONTENT = ('Great post! <a href="https://seeds.example/a" rel="nofollow ugc">seeds</a>, see '
           "http://seeds.example/d. Or www.seeds.example/e! [url=http://meds.example/]meds[/url] "
           "<code>http://code.example/</code> &amp; (https://paren.example/x_(y))")
# What WordPress shows of CONTENT: make_clickable() links the two bare URLs and the one in
# parentheses, leaves BBCode and <code> alone; rel is unknown wherever the file has no markup.
LINKS = [
    ("https://seeds.example/shop/", AUTHOR, None, 1),
    ("https://seeds.example/a", "seeds", "nofollow ugc", 0),
    ("http://seeds.example/d", "http://seeds.example/d", None, 0),
    ("http://www.seeds.example/e", "www.seeds.example/e", None, 0),
    ("https://paren.example/x_(y)", "https://paren.example/x_(y)", None, 0),
]

WXR = """<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0" xmlns:wp="http://wordpress.org/export/1.2/"><channel>
<title>Garden</title><link>https://garden.example</link><wp:wxr_version>1.2</wp:wxr_version>
<item><link>https://garden.example/raised-beds/</link><wp:post_id>10</wp:post_id>
<wp:status><![CDATA[publish]]></wp:status>
<wp:comment><wp:comment_id>103</wp:comment_id>
<wp:comment_author><![CDATA[{author}]]></wp:comment_author>
<wp:comment_author_url>{url}</wp:comment_author_url>
<wp:comment_date_gmt><![CDATA[2024-03-02 07:15:00]]></wp:comment_date_gmt>
<wp:comment_content><![CDATA[{content}]]></wp:comment_content>
<wp:comment_approved><![CDATA[0]]></wp:comment_approved>
<wp:comment_type><![CDATA[comment]]></wp:comment_type></wp:comment>
</item></channel></rss>
"""


def stored_links(db: str) -> list[tuple[str, str, str | None, int]]:
    conn = sqlite3.connect(db)
    try:
        return conn.execute("SELECT url, anchor, rel, is_author_link FROM links ORDER BY id").fetchall()
    finally:
        conn.close()


def test_a_comment_imported_from_wxr_and_from_a_labelled_csv_has_the_same_links(tmp_path: Path) -> None:
    wxr = tmp_path / "export.xml"
    wxr.write_text(WXR.format(author=AUTHOR, url=AUTHOR_URL, content=CONTENT), encoding="utf-8")
    labelled = io.StringIO()
    writer = csv.writer(labelled)
    writer.writerow(["author", "author_url", "content", "date", "label"])
    writer.writerow([AUTHOR, AUTHOR_URL, CONTENT, "2024-03-02", "spam"])
    labelled_path = tmp_path / "labelled.csv"
    labelled_path.write_text(labelled.getvalue(), encoding="utf-8")

    assert import_file(str(tmp_path / "wxr.db"), str(wxr)).imported == 1
    assert import_file(str(tmp_path / "csv.db"), str(labelled_path), "https://garden.example/").imported == 1
    assert stored_links(str(tmp_path / "wxr.db")) == stored_links(str(tmp_path / "csv.db")) == LINKS


def test_rest_content_is_read_as_shown_without_new_links() -> None:
    # content.rendered has been through make_clickable(): its <a> are all its links.
    rendered = ('<p>See <a href="http://seeds.example/d" rel="nofollow">http://seeds.example/d</a> '
                "and <code>http://code.example/</code></p>\n")
    items = parse_rest_comments([{"id": 3, "link": "https://blog.example/hello/#comment-3",
                                  "content": {"rendered": rendered}}])
    assert [(link.url, link.anchor, link.rel) for link in items[0].links] == [
        ("http://seeds.example/d", "http://seeds.example/d", ("nofollow",))]
    assert html_text_and_links(rendered, "https://blog.example/") == text_and_links(
        rendered, base="https://blog.example/", rendered=True)
    # The same comment as stored: the <a> WordPress made is one link, not two.
    assert markup_to_text(rendered)[1] == [("http://seeds.example/d", "http://seeds.example/d", ("nofollow",))]


@pytest.mark.parametrize(("content", "links"), [
    # After a space or punctuation only: BBCode and "x=http://" stay text.
    ("Buy [url=http://pills.example/]pills[/url], cheap", []),
    ("a=http://x.example/ b", []),
    ("(http://x.example/)", [("http://x.example/", "http://x.example/")]),
    # A sentence's punctuation is not the URL's; inner punctuation followed by URL characters is.
    ("see http://x.example/a.b, http://y.example/c?d=1.", [("http://x.example/a.b", "http://x.example/a.b"),
                                                           ("http://y.example/c?d=1", "http://y.example/c?d=1")]),
    ("www.x.example: and WWW.Y.example.", [("http://www.x.example/", "www.x.example"),
                                           ("http://www.y.example/", "WWW.Y.example")]),
    # Each text run is read on its own, as make_clickable() splits on tags.
    ("<b>x</b>http://x.example/", [("http://x.example/", "http://x.example/")]),
    ("<pre>http://x.example/</pre>", []),
    # A URL inside an anchor's text, but not all of it, is a second link (WordPress nests one).
    ('<a href="http://a.example/">see http://x.example/</a>', [("http://a.example/", "see http://x.example/"),
                                                              ("http://x.example/", "http://x.example/")]),
    # Other schemes lead to no web page.
    ('<a href="mailto:ann@mail.example">mail</a> ftp://files.example/', []),
])
def test_urls_written_as_text_are_linked_as_make_clickable_links_them(content: str, links: list) -> None:
    assert [(url, anchor) for url, anchor, _ in markup_to_text(content)[1]] == links


def test_text_is_what_a_reader_sees() -> None:
    text, _ = markup_to_text("one<p>two</p>three&nbsp;&nbsp;four<script>x()</script>\n\ufefffive\x00")
    assert text == "one\ntwo\nthree four\nfive"
