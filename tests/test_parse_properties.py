"""Properties of the HTML parser that must hold for any input, however broken."""

from __future__ import annotations

import logging
from contextlib import contextmanager
from urllib.parse import urlsplit

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from backlint.records import ITEM_TYPES, ParsedPage
from backlint.urls import fast_normalize, normalize_url
from crawler.parse import parse_page
from crawler.parse.links import UrlResolver

PAGE_URL = "https://blog.example/2024/01/post/comment-page-2/"

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


class _Records(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@contextmanager
def no_stage_failures():
    """Fail when a parse stage raised and was caught.

    parse_page() turns any exception into an empty result (it must never raise), so a
    bug would otherwise show only as missing items. A failed stage logs at DEBUG.
    """
    logger = logging.getLogger("crawler.parse")
    handler = _Records()
    level = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)
    try:
        yield
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)
    failures = [r for r in handler.records if r.exc_info]
    assert not failures, [(r.getMessage(), repr(r.exc_info[1])) for r in failures]


def parse(html, page_url: str = PAGE_URL) -> ParsedPage:
    with no_stage_failures():
        return parse_page(html, page_url)


def assert_well_formed(page: ParsedPage, *, parents_on_page: bool = True) -> None:
    """The invariants every parse result keeps.

    ``parents_on_page``: a reply nested in the markup has its parent on the same page;
    wpDiscuz writes the parent's id into the reply's own id, so its parent may be on
    another page.
    """
    assert isinstance(page, ParsedPage)
    ids = {item.site_item_id for item in page.items}
    for item in page.items:
        assert item.type in ITEM_TYPES
        assert item.source == "html"
        assert item.engine == page.engine != ""
        assert "\x00" not in item.text and "\x00" not in item.author_name
        assert item.parent_id is None or item.parent_id != item.site_item_id
        if parents_on_page:
            assert item.parent_id is None or item.parent_id in ids
        for link in item.links:
            assert_absolute_http(link.url)
            assert link.rel == tuple(r.lower() for r in link.rel)
        if item.author_url is not None:
            assert item.links[0].is_author_link and item.links[0].url == item.author_url
        assert sum(link.is_author_link for link in item.links) <= 1
    for url in [*page.links, *page.comment_pages, *page.feeds,
                *(u for u in (page.canonical, page.rest_root, page.pingback_endpoint) if u)]:
        assert_absolute_http(url)
        assert normalize_url(url) == url
    assert len(page.links) == len(set(page.links))


def assert_absolute_http(url: str) -> None:
    parts = urlsplit(url)
    assert parts.scheme in ("http", "https") and parts.hostname, url


@SETTINGS
@given(st.binary(max_size=4000))
def test_never_raises_on_arbitrary_bytes(data):
    assert_well_formed(parse(data))


# Lone surrogates are in neither st.text() nor valid UTF-8: add them on purpose.
_TEXT = st.one_of(
    st.text(max_size=2000),
    st.lists(st.one_of(st.text(max_size=20), st.sampled_from(["\ud800", "\udfff", "\x00", "<?xml ?>"]))).map("".join),
)


@SETTINGS
@given(_TEXT)
def test_never_raises_on_arbitrary_text(text):
    assert_well_formed(parse(text))


# Tag soup made of the pieces comment markup is made of, opened and closed at random.
_HREFS = st.one_of(
    st.sampled_from(["https://a.example/x", "/rel/path", "../up", "//proto.example/", "#frag", "mailto:a@b",
                     "javascript:alert(1)", "http://[::1", "https://xn--caf-dma.example/", "?cpage=3",
                     "comment-page-4/", "http://%zz/", " https://sp.example/ a ", "", "HTTP://UP.EXAMPLE:80/A"]),
    st.text(max_size=30),
)
_OPEN_TAGS = st.one_of(
    st.sampled_from([
        '<div id="comments">', '<ol class="comment-list">', '<ol class="commentlist">', '<ol class="children">',
        '<div class="wp-block-comments">', '<ol class="wp-block-comment-template">', '<ol>', '<ul>',
        '<section class="widget">', '<article class="comment-body">', '<div class="comment-content">',
        '<footer class="comment-meta">', '<div class="comment-author vcard">', '<b class="fn">', '<cite>',
        '<div class="reply">', '<p>', '<div class="comment-body">', '<dl id="comments-block">',
        '<div class="comment-block">', '<p class="comment-content">', '<cite class="user">',
        '<div itemscope itemtype="https://schema.org/Comment">', '<span itemprop="author">',
        '<div itemprop="text">', '<div id="trackbacks">', '<div class="trackback" id="ping-3">',
        '<section class="comments">', '<article class="comment">', '<div id="wpdcom">', '<svg>', '<table>',
        '<script>', '<style>', '<template>', '<div class="indented">', '<li class="post pingback">',
    ]),
    st.builds(lambda n, kind, depth: f'<li id="comment-{n}" class="{kind} even depth-{depth}">',
              st.integers(0, 30), st.sampled_from(ITEM_TYPES + ("", "odd")), st.integers(1, 5)),
    st.builds(lambda n: f'<div id="comment-{n}" class="comment depth-1">', st.integers(0, 30)),
    st.builds(lambda n, p: f'<div id="wpd-comm-{n}_{p}" class="comment wpd-comment depth-1">',
              st.integers(0, 30), st.integers(0, 30)),
    st.builds(lambda n: f'<li class="comment" id="c{n}">', st.integers(0, 10**19)),
    st.builds(lambda n: f'<div class="comment" id="comment-{n}">', st.text("0123456789abcdef", max_size=12)),
    st.builds(lambda href, rel: f'<a href="{href}" rel="{rel}" class="url">',
              _HREFS, st.sampled_from(["", "nofollow ugc", "EXTERNAL NoFollow", "ugc ugc"])),
    st.builds(lambda d: f'<time datetime="{d}">', st.text(max_size=25)),
    st.builds(lambda ms: f'<span class="datetime"><a href="?showComment={ms}#c1">', st.integers(0, 10**17)),
)
_CLOSE_TAGS = st.sampled_from(["</li>", "</ol>", "</div>", "</a>", "</p>", "</b>", "</cite>", "</article>",
                               "</section>", "</time>", "</span>", "</script>", "</ul>", "</dl>", "</table>"])
_TEXTS = st.one_of(
    st.text(max_size=40),
    st.sampled_from(["Pingback:", "says:", "[url=http://spam.example/]cheap[/url]", "see https://bare.example/x.",
                     "[url]https://bb.example[/url]", "&nbsp;&amp;&#8230;&#0;", "<!-- c -->", "<br>", "\n\t",
                     '<script type="application/ld+json">{"@type":"Comment","text":"j","author":{"url":"/u"}}</script>',
                     '<div id="disqus_thread"></div>', "<base href='https://base.example/dir/'>",
                     '<link rel="canonical" href="/c">', '<meta name="robots" content="noindex">']),
)


@SETTINGS
@given(st.lists(st.one_of(_OPEN_TAGS, _CLOSE_TAGS, _TEXTS), max_size=80).map("".join),
       st.sampled_from([PAGE_URL, "http://old.example/?p=1&cpage=2", "https://b.example", "not a url", ""]))
def test_tag_soup_yields_well_formed_items(html, page_url):
    assert_well_formed(parse(html, page_url), parents_on_page="wpd-comm-" not in html)


@SETTINGS
@given(st.lists(st.one_of(_OPEN_TAGS, _CLOSE_TAGS, _TEXTS), max_size=60).map("".join))
def test_parsing_is_deterministic_and_bytes_match_text(html):
    # Without a <meta charset>, bytes are read as UTF-8: the same page as the text.
    first = parse(html)
    assert parse(html) == first
    assert parse(html.encode("utf-8")) == first


# --- URL resolution shortcuts agree with backlint.urls.normalize_url ---------------------------------

_LABEL = st.text("abcdefghijklmnopqrstuvwxyzABCDEF0123456789-", min_size=1, max_size=12)
_SEGMENT = st.one_of(st.text("abcXYZ019-._~%!$&'()*+,;=:@", max_size=8), st.sampled_from([".", "..", ""]))
_URLS = st.builds(
    lambda scheme, labels, port, segments, query: (
        f"{scheme}://{'.'.join(labels)}{port}" + ("/" + "/".join(segments) if segments is not None else "") + query
    ),
    st.sampled_from(["http", "https", "HTTP", "ftp"]),
    st.lists(_LABEL, min_size=1, max_size=4),
    st.sampled_from(["", ":80", ":443", ":8080"]),
    st.one_of(st.none(), st.lists(_SEGMENT, max_size=5)),
    st.one_of(st.just(""), st.builds(lambda k, v: f"?{k}={v}", st.sampled_from(["p", "utm_source", "replytocom",
                                                                                "A", "x y"]),
                                     st.text("ab1-._~%+", max_size=6))),
)


@settings(max_examples=400, deadline=None)
@given(_URLS)
def test_fast_normalize_agrees_with_normalize_url(url):
    fast = fast_normalize(url)
    assert fast is None or fast == normalize_url(url)


@settings(max_examples=300, deadline=None)
@given(st.one_of(_URLS, st.builds(lambda segments: "/" + "/".join(segments), st.lists(_SEGMENT, max_size=4)),
                 st.text(max_size=20).filter(lambda s: not any(c in s for c in "\t\n\r#"))),
       st.sampled_from(["https://blog.example/2024/01/post/", "http://old.example/?p=1", "https://b.example/a/b"]))
def test_resolver_agrees_with_normalize_url(href, base):
    if not href.strip():
        expected = None
    elif href.strip().startswith(("http://", "https://")):
        # Absolute URLs are normalised on their own (urljoin would drop an empty ";").
        expected = normalize_url(href)
    else:
        expected = normalize_url(href, base)
    assert UrlResolver(base).absolute(href) == expected
