"""WordPress REST answers: posts, comments (with pings when authenticated), errors."""

from __future__ import annotations

import doctest
import json
from pathlib import Path
from typing import Any

import httpx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import crawler.discover.rest
from backlint.records import Item, Link
from crawler.discover.rest import (
    html_text_and_links,
    parse_rest_comments,
    parse_rest_comments_checked,
    parse_rest_posts,
    rest_error,
    rest_total_pages,
)

FIXTURES = Path(__file__).parent / "fixtures" / "discovery"
SITE = "https://blog.example"
HELLO = f"{SITE}/2024/01/15/hello-world/"
PINGS = f"{SITE}/2024/02/01/pingbacks-and-trackbacks/"

FORBIDDEN = (b'{"code":"rest_forbidden_param","message":"Query parameter not permitted: type",'
             b'"data":{"status":401}}')


def read(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def comment(**fields: Any) -> dict[str, Any]:
    """One comment object as ``/wp/v2/comments`` returns it, with overrides."""
    base: dict[str, Any] = {
        "id": 3, "post": 1, "parent": 0, "author": 0, "author_name": "Ann Reader",
        "author_url": "https://ann.example/", "date": "2024-01-16T08:05:00",
        "date_gmt": "2024-01-16T07:05:00", "content": {"rendered": "<p>Thanks.</p>\n"},
        "link": f"{HELLO}#comment-3", "status": "approved", "type": "comment",
    }
    base.update(fields)
    return base


def test_public_comments() -> None:
    assert parse_rest_comments(read("rest-comments.json")) == [
        Item(type="comment", post_url=HELLO, site_item_id="61", author_name="Cheap Pills Online",
             # normalize_url drops tracking parameters, as everywhere else.
             author_url="https://cheap-pills.example/buy", date="2024-02-01T09:15:00+00:00",
             text="Great post, thanks for sharing! Visit cheap-pills.example", parent_id=None,
             source="rest", engine="wordpress", links=[
                 Link(url="https://cheap-pills.example/buy", anchor="Cheap Pills Online", rel=(),
                      is_author_link=True),
                 Link(url="https://cheap-pills.example/", anchor="cheap-pills.example", rel=("nofollow", "ugc")),
             ]),
        Item(type="comment", post_url=HELLO, site_item_id="4", author_name="Bob", author_url=None,
             date="2024-01-16T08:00:00+00:00", text="Agreed with Ann.\nSee also my café notes & more.",
             parent_id="3", source="rest", engine="wordpress", links=[
                 Link(url=f"{SITE}/2023/12/24/caf%C3%A9-notes/", anchor="my café notes",
                      rel=("nofollow", "ugc")),
             ]),
        Item(type="comment", post_url=HELLO, site_item_id="3", author_name="Ann Reader",
             author_url="https://ann.example/", date="2024-01-16T07:05:00+00:00", text="Thanks, this helped.",
             parent_id=None, source="rest", engine="wordpress", links=[
                 Link(url="https://ann.example/", anchor="Ann Reader", rel=(), is_author_link=True),
             ]),
    ]


def test_authenticated_answer_keeps_pingbacks_and_trackbacks() -> None:
    items, error = parse_rest_comments_checked(read("rest-comments-pings.json"))
    assert error is None
    assert items == [
        Item(type="trackback", post_url=PINGS, site_item_id="59", author_name="Replica Watches Daily",
             author_url="http://replica-watches.example/2024/02/best-deals/", date="2024-02-01T08:40:00+00:00",
             text="Best replica deals\nCheap watches, see our list of the best deals\u2026",
             source="rest", engine="wordpress", links=[
                 Link(url="http://replica-watches.example/2024/02/best-deals/", anchor="Replica Watches Daily",
                      is_author_link=True),
             ]),
        Item(type="pingback", post_url=PINGS, site_item_id="58",
             author_name="Other Blog \u2013 Links we liked",
             author_url="https://other.example/links-we-liked/", date="2024-02-01T08:30:12+00:00",
             text="[\u2026] read more at Example Blog [\u2026]", source="rest", engine="wordpress", links=[
                 Link(url="https://other.example/links-we-liked/", anchor="Other Blog \u2013 Links we liked",
                      is_author_link=True),
             ]),
    ]
    # A ping's author link is the claim "this page links to you" (DOMAIN.md §1).
    assert [items[0].link_direction(link) for link in items[0].links] == ["inbound"]


def test_rest_posts() -> None:
    assert parse_rest_posts(read("rest-posts.json")) == [PINGS, HELLO]
    assert parse_rest_posts(json.loads(read("rest-posts.json"))) == [PINGS, HELLO]
    assert parse_rest_posts([{"link": HELLO}, {"link": HELLO}, {"id": 5}, "x", {"link": 7}]) == [HELLO]
    assert parse_rest_posts(FORBIDDEN) == []
    assert parse_rest_posts(b"<html>") == []


@pytest.mark.parametrize(("raw_type", "expected"), [
    (None, "comment"), ("", "comment"), ("comment", "comment"), ("pingback", "pingback"),
    ("trackback", "trackback"), ("Pingback", "pingback"), ("review", "comment"), (7, "comment"),
])
def test_type_mapping(raw_type: object, expected: str) -> None:
    entry = comment(type=raw_type)
    if raw_type is None:
        del entry["type"]
    assert [item.type for item in parse_rest_comments([entry])] == [expected]


def test_private_notes_are_skipped_silently() -> None:
    assert parse_rest_comments_checked([comment(type="note"), comment(type=" Note "), comment(id=4)]) == (
        parse_rest_comments([comment(id=4)]), None)


@pytest.mark.parametrize(("fields", "check"), [
    ({"parent": 0}, lambda item: item.parent_id is None),
    ({"parent": 12}, lambda item: item.parent_id == "12"),
    ({"parent": "12"}, lambda item: item.parent_id == "12"),
    ({"parent": -1}, lambda item: item.parent_id is None),
    ({"author_url": ""}, lambda item: item.author_url is None and item.links == []),
    ({"author_url": "http://"}, lambda item: item.author_url is None),
    ({"author_url": None}, lambda item: item.author_url is None),
    ({"date_gmt": "2024-01-16T07:05:00Z"}, lambda item: item.date == "2024-01-16T07:05:00+00:00"),
    ({"date_gmt": None}, lambda item: item.date == "2024-01-16T08:05:00"),  # local time, no offset guessed
    ({"date_gmt": "garbage", "date": "also garbage"}, lambda item: item.date is None),
    ({"content": {"rendered": ""}}, lambda item: item.text == ""),
    ({"content": "not an object"}, lambda item: item.text == ""),
    ({"author_name": "  Cheap\n  Pills &amp; Co "}, lambda item: item.author_name == "Cheap Pills & Co"),
    ({"link": f"{HELLO}?cpage=4#comment-3"}, lambda item: item.post_url == HELLO),
])
def test_field_mapping(fields: dict[str, Any], check: Any) -> None:
    items = parse_rest_comments([comment(**fields)])
    assert len(items) == 1
    assert check(items[0])


def test_entries_without_id_or_link_are_reported() -> None:
    items, error = parse_rest_comments_checked([
        comment(id=0), comment(link=None), comment(link="javascript:void(0)"), "text", comment(id=9),
    ])
    assert [item.site_item_id for item in items] == ["9"]
    assert error == "skipped 4 entries without a usable id or link"
    assert parse_rest_comments_checked([comment(id=None)])[1] == "skipped 1 entry without a usable id or link"


def test_malformed_answers() -> None:
    assert parse_rest_comments(b"[{") == []
    items, error = parse_rest_comments_checked(b"[{")
    assert items == []
    assert error == "REST answer is not JSON: Expecting property name enclosed in double quotes at line 1 column 3"
    assert parse_rest_comments_checked(b"\xff\xfe[]") == (
        [], "REST answer is not UTF-8: invalid start byte at byte 0")
    assert parse_rest_comments_checked(b'{"id": 1}') == ([], "expected a JSON list of comments, got dict")
    assert parse_rest_comments_checked(FORBIDDEN) == (
        [], "rest_forbidden_param (HTTP 401): Query parameter not permitted: type")
    # A BOM before the JSON (stray plugin output) is tolerated.
    assert parse_rest_comments_checked(b"\xef\xbb\xbf[]") == ([], None)
    assert parse_rest_comments_checked("[]") == ([], None)


def test_rest_error() -> None:
    assert rest_error(FORBIDDEN) == "rest_forbidden_param (HTTP 401): Query parameter not permitted: type"
    assert rest_error({"code": "rest_no_route", "message": "No route was found matching the URL and "
                       "request method."}) == "rest_no_route: No route was found matching the URL and request method."
    assert rest_error({"code": "x", "message": "m", "data": {"status": True}}) == "x: m"
    assert rest_error(read("rest-comments.json")) is None
    assert rest_error({"code": "", "message": "m"}) is None
    assert rest_error({"id": 1}) is None
    assert rest_error(b"not json") is None
    assert rest_error(None) is None


def test_rest_total_pages() -> None:
    assert rest_total_pages({"X-WP-Total": "61", "X-WP-TotalPages": "7"}) == 7
    assert rest_total_pages({"x-wp-totalpages": " 3 "}) == 3
    assert rest_total_pages(httpx.Headers({"X-WP-TotalPages": "2"})) == 2
    assert rest_total_pages({"X-WP-TotalPages": 0}) == 0
    assert rest_total_pages({"X-WP-TotalPages": "many"}) is None
    assert rest_total_pages({"X-WP-TotalPages": "-1"}) is None
    assert rest_total_pages({"X-WP-TotalPages": "9" * 40}) is None
    assert rest_total_pages({}) is None
    assert rest_total_pages(None) is None  # type: ignore[arg-type]


def test_html_text_and_links() -> None:
    fragment = ('<p>Hello <b>there</b>,<br />\nvisit <a href="https://spam.example/?utm_source=x" '
                'rel="Nofollow UGC External">cheap   pills</a> or <a href="/about/">our page</a>.</p>\n'
                '<blockquote>quoted</blockquote><script>alert(1)</script><!-- hidden -->'
                '<a href="javascript:alert(1)">js</a><a href="mailto:a@b.example">mail</a><a>no href</a>')
    text, links = html_text_and_links(fragment, base=f"{HELLO}#comment-3")
    assert text == "Hello there,\nvisit cheap pills or our page.\nquoted\njsmailno href"
    assert links == [
        Link(url="https://spam.example/", anchor="cheap pills", rel=("nofollow", "ugc", "external")),
        Link(url=f"{SITE}/about/", anchor="our page"),
    ]
    assert html_text_and_links("", base=HELLO) == ("", [])
    assert html_text_and_links("\x00\x01 plain \x0b text", base=HELLO) == ("plain text", [])


def test_docstring_examples() -> None:
    results = doctest.testmod(crawler.discover.rest)
    assert results.attempted > 0
    assert results.failed == 0


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4),
    max_leaves=20,
)
comment_like = st.fixed_dictionaries({}, optional={
    key: json_values | st.text() for key in
    ("id", "parent", "author_name", "author_url", "date_gmt", "date", "type", "link")
} | {"content": st.fixed_dictionaries({"rendered": st.text()}) | json_values})


@settings(max_examples=300, deadline=None)
@given(body=st.binary())
def test_never_raises_on_arbitrary_bytes(body: bytes) -> None:
    assert parse_rest_comments(body) == parse_rest_comments_checked(body)[0]
    parse_rest_posts(body)
    rest_error(body)


@settings(max_examples=300, deadline=None)
@given(entries=st.lists(comment_like, max_size=5), value=json_values)
def test_never_raises_on_arbitrary_json(entries: list[dict[str, Any]], value: Any) -> None:
    items, _ = parse_rest_comments_checked(entries)
    assert all(item.type in ("comment", "pingback", "trackback") for item in items)
    assert all(item.links[0].is_author_link for item in items if item.author_url)
    parse_rest_comments_checked(json.dumps(value))
    parse_rest_posts([value])
    rest_error(value)
    rest_total_pages({"X-WP-TotalPages": value} if isinstance(value, str) else {})


@settings(max_examples=200, deadline=None)
@given(fragment=st.text(), base=st.text())
def test_html_never_raises(fragment: str, base: str) -> None:
    text, links = html_text_and_links(fragment, base=base)
    assert isinstance(text, str)
    assert all(link.url.startswith(("http://", "https://")) for link in links)
