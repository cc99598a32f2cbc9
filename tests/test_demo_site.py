"""The demo blog, served for real on 127.0.0.1 and read back with httpx and lxml."""

from __future__ import annotations

import socket
from collections import Counter
from collections.abc import Iterator

import httpx
import pytest
from lxml import etree, html
from protego import Protego

from backlint.demo import DemoServer, data, expected_public_items, render
from backlint.demo.site import comment_page_count, top_level_items
from backlint.urls import host_of

PALE_ALE = "my-house-pale-ale-recipe"
KEGGING = "kegging-vs-bottling-two-years-in"


@pytest.fixture(scope="module")
def demo() -> Iterator[DemoServer]:
    with DemoServer() as server:
        yield server


@pytest.fixture(scope="module")
def client(demo: DemoServer) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=demo.url, follow_redirects=False, timeout=10) as session:
        yield session


def _tree(response: httpx.Response) -> html.HtmlElement:
    return html.fromstring(response.content)


def _listed_ids(doc: html.HtmlElement) -> list[int]:
    """IDs of the items inside the post's comment list (never the widgets)."""
    return [int(li.get("id").split("-")[1]) for li in doc.xpath('//ol[@class="comment-list"]//li[starts-with(@id, "comment-")]')]


def _all_comment_pages(client: httpx.Client, slug: str) -> list[httpx.Response]:
    post = data.post_by_slug(slug)
    return [client.get(f"/{slug}/comment-page-{n}/") for n in range(1, comment_page_count(post.id) + 1)]


# --- The data --------------------------------------------------------------------------------


def test_content_is_a_realistic_small_blog() -> None:
    assert len(data.POSTS) == 12
    assert 140 <= len(data.ITEMS) <= 180
    kinds = Counter((item.type, item.status) for item in data.ITEMS)
    for kind in [("comment", "approved"), ("comment", "hold"), ("comment", "spam"), ("comment", "trash"),
                 ("trackback", "approved"), ("trackback", "spam"), ("pingback", "approved")]:
        assert kinds[kind] > 0, kind
    for post in data.POSTS:
        body = html.fromstring(post.content).text_content()
        assert 1000 <= len(body) <= 3200, post.slug
    # IDs follow arrival order, like WordPress's auto-increment.
    assert [item.id for item in sorted(data.ITEMS, key=lambda i: i.date)] == sorted(i.id for i in data.ITEMS)
    # Two posts need comment pagination (10 top-level items a page).
    assert sorted(comment_page_count(p.id) for p in data.POSTS)[-2:] == [2, 3]


def test_spam_features_are_present() -> None:
    public = [item for item in data.ITEMS if item.is_public]
    urls = " ".join(item.author_url for item in public)
    assert ".xyz/" in urls and ".top/" in urls and "blogspot.com" in urls
    assert "http://203.0.113." in urls and "xn--" in urls and "bit.ly/" in urls
    assert any("[url=" in item.content for item in public)
    praise = [item for item in data.ITEMS if item.content.startswith("Great post, thanks for sharing!")]
    assert len({item.author_url for item in praise}) >= 4
    assert any(item.dofollow and item.author == "Best Homebrew Kits" for item in public)


def test_expected_items_describe_public_items_only() -> None:
    expected = expected_public_items("http://127.0.0.1:9/")
    assert {e.site_item_id for e in expected} == {str(i.id) for i in data.ITEMS if i.is_public}
    pings = [e for e in expected if e.type != "comment"]
    assert pings and all(e.text == "" and e.link_urls == () for e in pings)
    self_pings = [e for e in pings if e.author_url.startswith("http://127.0.0.1:9/")]
    assert len(self_pings) == 3 and all(e.links[0].rel == ("ugc",) for e in self_pings)
    followed = [e for e in expected if e.links and not {"nofollow", "ugc"} & set(e.links[0].rel)]
    assert {e.author_name for e in followed} == {"Dave Okafor", "Best Homebrew Kits"}


def test_render_is_deterministic_and_uses_the_base_url() -> None:
    first = render(f"/{PALE_ALE}/", "http://127.0.0.1:1234/")
    again = render.__wrapped__(f"/{PALE_ALE}/", "http://127.0.0.1:1234/")
    assert first == again
    other = render(f"/{PALE_ALE}/", "http://127.0.0.1:4321/").body.decode()
    assert "127.0.0.1:1234" not in other and "http://127.0.0.1:4321/my-house-pale-ale-recipe/" in other


# --- HTML pages ------------------------------------------------------------------------------


def test_home_page_links_every_post_and_advertises_the_api(client: httpx.Client, demo: DemoServer) -> None:
    home = client.get("/")
    assert home.status_code == 200
    assert home.headers["content-type"] == "text/html; charset=UTF-8"
    assert f'<{demo.url}wp-json/>; rel="https://api.w.org/"' in home.headers.get_list("link")
    doc = _tree(home)
    assert doc.xpath('//link[@rel="https://api.w.org/"]/@href') == [f"{demo.url}wp-json/"]
    older = client.get("/page/2/")
    assert older.status_code == 200
    links = set(doc.xpath("//a/@href")) | set(_tree(older).xpath("//a/@href"))
    assert {f"{demo.url}{p.slug}/" for p in data.POSTS} <= links
    assert client.get("/page/3/").status_code == 404


def test_post_page_has_wordpress_markup(client: httpx.Client, demo: DemoServer) -> None:
    page = client.get("/brew-in-a-bag-my-first-all-grain-day/")
    assert page.status_code == 200
    assert page.headers["x-pingback"] == f"{demo.url}xmlrpc.php"
    doc = _tree(page)
    assert doc.xpath('//link[@rel="pingback"]/@href') == [f"{demo.url}xmlrpc.php"]
    assert doc.xpath('//link[@rel="canonical"]/@href') == [f"{demo.url}brew-in-a-bag-my-first-all-grain-day/"]
    first = doc.xpath('//li[@id="comment-2"]')[0]
    assert first.get("class") == "comment even thread-even depth-1 parent"
    assert first.xpath('./article[@id="div-comment-2"][@class="comment-body"]')
    author = first.xpath('.//div[@class="comment-author vcard"]/b[@class="fn"]/a[@class="url"]')[0]
    assert author.get("rel") == "ugc external nofollow"
    assert first.xpath('./article//div[@class="comment-metadata"]//time/@datetime') == ["2024-01-13T18:22:00+00:00"]
    assert first.xpath('.//div[@class="reply"]/a[@class="comment-reply-link"]')
    reply = first.xpath('./ol[@class="children"]/li')[0]
    assert "bypostauthor" in reply.get("class") and "depth-2" in reply.get("class")
    ping = doc.xpath('//li[contains(@class, "pingback")]')[0]
    assert ping.xpath('./div[@class="comment-body"]/a[@class="url"]/@rel') == ["ugc external nofollow"]
    assert ping.xpath('./div[@class="comment-body"]/text()')[0].strip() == "Pingback:"
    # The Recent Comments widget repeats commenters' links outside the comment list.
    widget = doc.xpath('//section[contains(@class, "widget_recent_comments")]//li[@class="recentcomments"]')
    assert len(widget) == 5 and widget[0].xpath('.//a/@href')[-1].startswith(demo.url)


def test_every_public_item_is_listed_as_expected(client: httpx.Client, demo: DemoServer) -> None:
    found: dict[str, dict[str, object]] = {}
    for post in data.POSTS:
        for page in _all_comment_pages(client, post.slug):
            doc = _tree(page)
            for li in doc.xpath('//ol[@class="comment-list"]//li[starts-with(@id, "comment-")]'):
                item_id = li.get("id").split("-")[1]
                parent = li.getparent().getparent()
                found[item_id] = {
                    "type": li.get("class").split()[0],
                    "author_url": (li.xpath('./*[contains(@class, "comment-body")]//a[@class="url"]/@href') or [None])[0],
                    "parent_id": parent.get("id").split("-")[1] if parent.tag == "li" else None,
                    "links": tuple(li.xpath('./article/div[@class="comment-content"]//a/@href')),
                    "post_url": doc.xpath('//link[@rel="shortlink"]/@href')[0],
                }
    expected = expected_public_items(demo.url)
    assert set(found) == {e.site_item_id for e in expected}
    for item in expected:
        got = found[item.site_item_id]
        assert got["type"] == item.type
        assert got["author_url"] == item.author_url
        assert got["parent_id"] == item.parent_id
        assert got["links"] == item.link_urls


def test_comment_pagination_is_newest_page_first(client: httpx.Client, demo: DemoServer) -> None:
    post = data.post_by_slug(PALE_ALE)
    pages = _all_comment_pages(client, PALE_ALE)
    assert len(pages) == 3 and all(p.status_code == 200 for p in pages)
    top_ids = [item.id for item in top_level_items(post.id)]
    for number, page in enumerate(pages, start=1):
        doc = _tree(page)
        tops = [int(li.get("id").split("-")[1]) for li in doc.xpath('//ol[@class="comment-list"]/li')]
        assert tops == top_ids[(number - 1) * 10: number * 10]
        assert doc.xpath('//nav[contains(@class, "comments-pagination")]')
    bare = client.get(f"/{PALE_ALE}/")
    assert _listed_ids(_tree(bare)) == _listed_ids(_tree(pages[-1]))
    # Every approved item of the post is on exactly one page.
    listed = [i for p in pages for i in _listed_ids(_tree(p))]
    assert sorted(listed) == sorted(item.id for item in data.public_items(post.id))
    first_nav = _tree(pages[0]).xpath('//nav[contains(@class, "comments-pagination")]//a/@href')
    assert f"{demo.url}{PALE_ALE}/comment-page-2/#comments" in first_nav
    assert f"{demo.url}{PALE_ALE}/#comments" in first_nav  # the last page is the bare URL
    assert len(_all_comment_pages(client, KEGGING)) == 2


def test_comment_page_past_the_end_is_empty_but_ok(client: httpx.Client, demo: DemoServer) -> None:
    past = client.get(f"/{PALE_ALE}/comment-page-9/")
    assert past.status_code == 200
    doc = _tree(past)
    assert doc.xpath('//ol[@class="comment-list"]') == []
    assert doc.xpath('//div[@id="respond"]')
    assert doc.xpath('//link[@rel="canonical"]/@href') == [f"{demo.url}{PALE_ALE}/comment-page-9/#comments"]
    assert client.get(f"/{PALE_ALE}/comment-page-0/").status_code == 404


def test_hidden_items_appear_nowhere(client: httpx.Client) -> None:
    hidden = [item for item in data.ITEMS if not item.is_public]
    assert {item.status for item in hidden} == {"hold", "spam", "trash"}
    bodies = [r.text for post in data.POSTS for r in _all_comment_pages(client, post.slug)]
    bodies += [client.get(path).text for path in ("/", "/comments/feed/", f"/{PALE_ALE}/feed/",
                                                   "/wp-json/wp/v2/comments?per_page=100",
                                                   "/wp-json/wp/v2/comments?per_page=100&page=2")]
    everything = "\n".join(bodies)
    public_urls = {item.author_url for item in data.ITEMS if item.is_public}
    for item in hidden:
        assert f'id="comment-{item.id}"' not in everything
        assert f"#comment-{item.id}<" not in everything and f'#comment-{item.id}"' not in everything
        if item.author_url not in public_urls:
            assert item.author_url not in everything, item.author_url


def test_redirects_and_errors(client: httpx.Client, demo: DemoServer) -> None:
    assert client.get(f"/{PALE_ALE}/?cpage=2").headers["location"] == f"{demo.url}{PALE_ALE}/comment-page-2/"
    assert client.get(f"/{PALE_ALE}").status_code == 301
    assert client.get("/?p=42").headers["location"] == f"{demo.url}{PALE_ALE}/"
    assert client.get(f"/{PALE_ALE}/trackback/").status_code == 302
    assert client.get("/wp-admin/").status_code == 302
    assert client.get("/xmlrpc.php").status_code == 405
    missing = client.get("/no-such-thing/")
    assert missing.status_code == 404 and "Nothing here" in missing.text
    assert client.head(f"/{PALE_ALE}/").headers["content-length"] == str(len(client.get(f"/{PALE_ALE}/").content))
    assert client.post("/wp-comments-post.php", data={"comment": "hi"}).status_code == 405


def test_archives_and_pages(client: httpx.Client, demo: DemoServer) -> None:
    recipes = _tree(client.get("/category/recipes/"))
    titles = recipes.xpath('//h2[contains(@class, "entry-title")]/a/@href')
    assert f"{demo.url}{PALE_ALE}/" in titles and len(titles) == 4
    assert client.get("/2024/04/").status_code == 200
    assert client.get("/author/martin/").status_code == 200
    about = client.get("/about/")
    assert about.status_code == 200 and "x-pingback" not in about.headers
    assert _tree(about).xpath('//div[@id="comments"]') == []
    assert client.get("/category/nothing/").status_code == 404


# --- Discovery files -------------------------------------------------------------------------


def test_robots_and_sitemaps(client: httpx.Client, demo: DemoServer) -> None:
    robots = client.get("/robots.txt")
    assert robots.status_code == 200 and robots.headers["content-type"].startswith("text/plain")
    rules = Protego.parse(robots.text)
    assert not rules.can_fetch(f"{demo.url}wp-admin/", "backlint")
    assert rules.can_fetch(f"{demo.url}{PALE_ALE}/", "backlint")
    assert list(rules.sitemaps) == [f"{demo.url}wp-sitemap.xml"]
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    index = etree.fromstring(client.get("/wp-sitemap.xml").content)
    subs = index.xpath("//s:sitemap/s:loc/text()", namespaces=ns)
    assert f"{demo.url}wp-sitemap-posts-post-1.xml" in subs and len(subs) == 4
    locs = []
    for sub in subs:
        urlset = etree.fromstring(client.get(sub).content)
        locs += urlset.xpath("//s:url/s:loc/text()", namespaces=ns)
    post_locs = [loc for loc in locs if loc.removeprefix(demo.url).strip("/") in {p.slug for p in data.POSTS}]
    assert len(post_locs) == 12
    assert all(client.get(loc).status_code == 200 for loc in locs)


def test_feeds_are_rss_without_author_urls(client: httpx.Client, demo: DemoServer) -> None:
    posts = etree.fromstring(client.get("/feed/").content)
    assert posts.tag == "rss" and len(posts.xpath("//item")) == 10
    comments_feed = client.get("/comments/feed/")
    assert comments_feed.headers["content-type"].startswith("application/rss+xml")
    feed = etree.fromstring(comments_feed.content)
    items = feed.xpath("//item")
    assert len(items) == 10
    newest = sorted(data.public_items(), key=lambda i: i.date, reverse=True)[:10]
    assert [i.findtext("guid").split("#comment-")[1] for i in items] == [str(i.id) for i in newest]
    allowed = {"title", "link", "{http://purl.org/dc/elements/1.1/}creator", "pubDate", "guid", "description",
               "{http://purl.org/rss/1.0/modules/content/}encoded"}
    assert {child.tag for item in items for child in item} == allowed
    per_post = etree.fromstring(client.get(f"/{PALE_ALE}/feed/").content)
    assert per_post.findtext("channel/title").startswith("Comments on: My house pale ale")
    assert all(f"/{PALE_ALE}/comment-page-" in link for link in per_post.xpath("//item/link/text()"))


# --- REST API --------------------------------------------------------------------------------


def test_rest_comments_public_behaviour(client: httpx.Client, demo: DemoServer) -> None:
    public_comments = [i for i in data.public_items() if i.type == "comment"]
    first = client.get("/wp-json/wp/v2/comments")
    assert first.status_code == 200
    assert first.headers["x-wp-total"] == str(len(public_comments))
    assert first.headers["x-wp-totalpages"] == str(-(-len(public_comments) // 10))
    assert len(first.json()) == 10 and all(c["type"] == "comment" for c in first.json())
    assert 'rel="next"' in " ".join(first.headers.get_list("link"))
    seen = []
    for page in range(1, 3):
        batch = client.get("/wp-json/wp/v2/comments", params={"per_page": 100, "page": page}).json()
        seen += batch
    assert sorted(c["id"] for c in seen) == sorted(i.id for i in public_comments)
    assert {c["author_url"] for c in seen} == {i.resolved_author_url(demo.url) for i in public_comments}
    assert client.get("/wp-json/wp/v2/comments", params={"per_page": 100, "page": 5}).json() == []
    pale = data.post_by_slug(PALE_ALE)
    one_post = client.get("/wp-json/wp/v2/comments", params={"post": pale.id, "per_page": 100}).json()
    assert {c["post"] for c in one_post} == {pale.id}
    assert one_post[0]["link"].startswith(f"{demo.url}{PALE_ALE}/comment-page-")
    same = client.get("/", params={"rest_route": "/wp/v2/comments", "post": pale.id, "per_page": 100}).json()
    assert same == one_post


def test_rest_refuses_what_only_editors_may_ask(client: httpx.Client) -> None:
    for params in ({"type": "pingback"}, {"type": "trackback"}, {"status": "hold"}, {"status": "spam"}):
        refused = client.get("/wp-json/wp/v2/comments", params=params)
        assert refused.status_code == 401
        assert refused.json()["code"] == "rest_forbidden_param"
    assert client.get("/wp-json/wp/v2/comments", params={"context": "edit"}).json()["code"] == "rest_forbidden_context"
    assert client.get("/wp-json/wp/v2/comments", params={"per_page": 0}).status_code == 400
    hidden = next(i for i in data.ITEMS if i.status == "spam")
    assert client.get(f"/wp-json/wp/v2/comments/{hidden.id}").status_code == 401


def test_rest_posts(client: httpx.Client, demo: DemoServer) -> None:
    posts = client.get("/wp-json/wp/v2/posts", params={"per_page": 5})
    assert posts.headers["x-wp-total"] == "12" and posts.headers["x-wp-totalpages"] == "3"
    assert posts.json()[0]["link"] == f"{demo.url}autumn-brown-ale-for-bonfire-night/"
    assert client.get("/wp-json/wp/v2/posts", params={"page": 99}).json()["code"] == "rest_post_invalid_page_number"
    assert client.get("/wp-json/wp/v2/posts/42").json()["slug"] == PALE_ALE
    root = client.get("/wp-json/").json()
    assert "wp/v2" in root["namespaces"] and root["url"] == demo.url.rstrip("/")


def test_server_is_quiet_and_threaded(capfd: pytest.CaptureFixture[str]) -> None:
    with DemoServer() as server:
        host, port = server.url.split("//")[1].rstrip("/").split(":")
        # An idle connection holds one handler thread; other requests still get answers.
        with socket.create_connection((host, int(port))) as idle, httpx.Client(base_url=server.url) as session:
            idle.sendall(b"GET / HTTP/1.1\r\n")
            for _ in range(3):
                assert session.get("/", timeout=5).status_code == 200
    captured = capfd.readouterr()
    assert captured.err == "" and captured.out == ""
    started = DemoServer().start()
    try:
        assert httpx.get(started.url + "robots.txt").status_code == 200
    finally:
        started.stop()
    with pytest.raises(httpx.ConnectError):
        httpx.get(started.url + "robots.txt", timeout=2)


# --- The other sites: the pings' sources, played by the same server --------------------------


def _get_as(client: httpx.Client, host: str, path: str) -> httpx.Response:
    """GET ``path`` from the demo server as if it were ``host`` (what a resolve entry does)."""
    return client.get(path, headers={"Host": host})


def _links(doc: html.HtmlElement, xpath: str = "//a[@href]") -> list[html.HtmlElement]:
    return doc.xpath(xpath)


def test_every_ping_source_host_is_played_and_resolved() -> None:
    from backlint.demo.sources import SITES, resolve_entries, source_hosts
    from backlint.settings import load_settings

    named = {host_of(item.author_url) for item in data.ITEMS
             if item.type != "comment" and not item.author_url.startswith("/")}
    assert set(source_hosts()) == named == {site.host for site in SITES}
    # Pending and spam pings count too: a WordPress export brings them to verify.
    hidden = {host_of(i.author_url) for i in data.ITEMS if i.type != "comment" and not i.is_public}
    assert hidden and hidden <= set(source_hosts())
    entries = resolve_entries("http://127.0.0.1:54321/")
    assert entries == tuple(f"{host}=127.0.0.1:54321" for host in sorted(named))
    assert load_settings(env={}, overrides={"resolve": entries}).resolve == entries


def test_source_pages_answer_by_host_header(client: httpx.Client, demo: DemoServer) -> None:
    from backlint.demo.sources import PAGES

    page = _get_as(client, "hopnotes.net", "/2024/01/five-first-brew-days/")
    assert page.status_code == 200 and page.headers["content-type"] == "text/html; charset=UTF-8"
    doc = _tree(page)
    assert doc.findtext(".//title") == "Five first brew days worth reading \u2013 Hop Notes"
    ours = _links(doc, f'//div[@class="entry-content"]//a[@href="{demo.url}brew-in-a-bag-my-first-all-grain-day/"]')
    assert [(a.text_content(), a.get("rel")) for a in ours] == [("goes all-grain with a stockpot and a curtain", None)]
    # The blogroll links our home page, which is not the post the ping claims.
    assert _links(doc, f'//aside[@id="secondary"]//a[@href="{demo.url}"]')
    cider = _tree(_get_as(client, "www.thecidershed.co.uk", "/2024/06/cheap-cider-experiments/"))
    assert [a.get("rel") for a in _links(cider, f'//a[@href="{demo.url}supermarket-juice-cider/"]')] == ["nofollow"]
    blogger = _tree(_get_as(client, "barleyandbrine.blogspot.com", "/2024/02/reading-water-reports.html"))
    assert _links(blogger, f'//div[contains(@class, "post-body")]//a[@href="{demo.url}water-chemistry-without-the-headache/"]')
    scraped = _tree(_get_as(client, "brewing-news-today.xyz", "/supermarket-juice-cider/"))
    assert "Not everyone wants to spend a Saturday mashing grain" in scraped.text_content()
    assert _links(scraped, f'//div[@class="entry-content"]//a[@href="{demo.url}supermarket-juice-cider/"]')
    # Trackback spam claims a link its page does not have.
    for url, page_spec in PAGES.items():
        source = httpx.URL(url)
        answer = _get_as(client, source.raw_host.decode(), source.raw_path.decode())
        assert answer.status_code == 200, url
        hrefs = [a.get("href") for a in _links(_tree(answer))]
        assert any(href.startswith(demo.url) for href in hrefs) == ("{link}" in "".join(page_spec.paragraphs)), url
    farm = _tree(_get_as(client, "203.0.113.88", "/loans/fast-loans.html"))
    hrefs = [a.get("href") for a in _links(farm)]
    assert len([h for h in hrefs if not h.startswith("http://203.0.113.88")]) >= 300
    assert [a.text for a in _links(farm, "//footer//a")][1] == "homebrew kegging guide"
    assert _links(farm, f'//footer//a[@href="{demo.url}kegging-vs-bottling-two-years-in/"]')
    assert _get_as(client, "aoifebrews.ie", "/wild-yeast-apples/").status_code == 404
    assert _get_as(client, "aoifebrews.ie", "/").status_code == 200
    for path in ("/2024/09/sauerbier/", "/robots.txt", "/"):
        assert _get_as(client, "www.hausbrauer-juergen.de", path).status_code == 403
    assert _get_as(client, "hopnotes.net", "/no-such-post/").status_code == 404
    assert _get_as(client, "HopNotes.net:80", "/2024/10/bonfire-night-beers/").status_code == 200


def test_absolute_form_target_names_the_site(demo: DemoServer) -> None:
    host, port = demo.url.split("//")[1].rstrip("/").split(":")
    with socket.create_connection((host, int(port)), timeout=5) as conn:
        # RFC 9112 §3.2.2: the host in an absolute-form target wins over the Host header.
        conn.sendall(f"GET http://hopnotes.net/2024/10/bonfire-night-beers/ HTTP/1.1\r\nHost: {host}:{port}\r\n"
                     "Connection: close\r\n\r\n".encode())
        answer = b""
        while chunk := conn.recv(65536):
            answer += chunk
    assert answer.startswith(b"HTTP/1.1 200") and b"<title>Bonfire Night beer ideas &#8211; Hop Notes</title>" in answer


def test_source_robots_txt(client: httpx.Client) -> None:
    allowed = _get_as(client, "hopnotes.net", "/robots.txt")
    assert allowed.status_code == 200 and allowed.headers["content-type"].startswith("text/plain")
    assert Protego.parse(allowed.text).can_fetch("http://hopnotes.net/2024/01/five-first-brew-days/", "backlint")
    blogger = Protego.parse(_get_as(client, "barleyandbrine.blogspot.com", "/robots.txt").text)
    assert blogger.can_fetch("http://barleyandbrine.blogspot.com/2024/02/reading-water-reports.html", "backlint")
    hiding = Protego.parse(_get_as(client, "xn--sino-bonus-yqi7r.xyz", "/robots.txt").text)
    assert not hiding.can_fetch("http://xn--sino-bonus-yqi7r.xyz/free-spins/", "backlint")
    assert _get_as(client, "203.0.113.88", "/robots.txt").status_code == 404


def test_the_blog_itself_is_unchanged_whatever_its_host(client: httpx.Client, demo: DemoServer) -> None:
    port = demo.url.rstrip("/").rsplit(":", 1)[1]
    for path in ("/", f"/{PALE_ALE}/comment-page-2/", "/robots.txt", "/wp-json/wp/v2/comments?post=42"):
        want = render(path, demo.url)
        for host in (f"127.0.0.1:{port}", f"localhost:{port}", "localhost"):
            got = _get_as(client, host, path)
            assert (got.status_code, got.content) == (want.status, want.body), (host, path)
            assert got.headers.get_list("link") == want.header_values("Link")


def test_source_rendering_is_deterministic() -> None:
    from backlint.demo.sources import render_source

    args = ("203.0.113.88", "/loans/fast-loans.html", "http://127.0.0.1:1234/")
    assert render_source(*args) == render_source.__wrapped__(*args)
    assert b"http://127.0.0.1:1234/kegging-vs-bottling-two-years-in/" in render_source(*args)[2]


def test_expected_ping_checks_cover_every_outcome() -> None:
    from backlint.demo.sources import expected_ping_checks

    public = expected_ping_checks()
    assert set(public) == {str(i.id) for i in data.ITEMS if i.type != "comment" and i.is_public}
    assert set(public.values()) == {("alive", True), ("alive", False), ("dead", False), ("blocked", False)}
    everything = expected_ping_checks(include_hidden=True)
    assert set(everything) - set(public) == {str(i.id) for i in data.ITEMS if i.type != "comment" and not i.is_public}
    assert all(everything[k] == ("alive", False) for k in set(everything) - set(public))


@pytest.fixture
def no_dns(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Refuse every name lookup but loopback's, and record the names asked for."""
    asked: list[str] = []
    real = socket.getaddrinfo

    def guarded(host, *args, **kwargs):
        name = host.decode() if isinstance(host, bytes) else str(host)
        asked.append(name)
        if name not in ("127.0.0.1", "localhost", "::1"):
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return real(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", guarded)
    return asked


def test_no_dns_guard_catches_a_source_without_a_resolve_entry(no_dns: list[str]) -> None:
    from backlint.settings import Settings
    from crawler.verify import PingToVerify, verify_pings_sync

    ping = PingToVerify("x", "http://hopnotes.net/2024/01/five-first-brew-days/", "http://127.0.0.1:9/p/")
    [(_, check)] = verify_pings_sync([ping], Settings(delay=0, max_retries=0, read_timeout=2))
    assert "hopnotes.net" in no_dns and check.status == "dead"


def test_crawl_then_verify_finds_what_each_source_does(tmp_path, no_dns: list[str]) -> None:
    from backlint.demo.sources import expected_link, expected_ping_checks, resolve_entries
    from backlint.settings import load_settings
    from backlint.store import Store
    from crawler.crawl import crawl_site
    from crawler.verify import verify_audit

    with DemoServer() as server:
        settings = load_settings(env={}, overrides={
            "db": str(tmp_path / "demo.db"), "delay": 0, "max_retries": 0, "read_timeout": 5, "concurrency": 4,
            "per_host_concurrency": 4, "resolve": resolve_entries(server.url)})
        summary = crawl_site(server.url, settings)
        counts = verify_audit(settings.db, summary.audit_id, settings)
    store = Store(settings.db)
    try:
        rows = [dict(row) for row in store.conn.execute(
            "SELECT i.site_item_id, c.* FROM ping_checks c JOIN items i ON i.id = c.item_id WHERE c.audit_id = ?",
            (summary.audit_id,))]
    finally:
        store.close()
    got = {row["site_item_id"]: (row["status"], bool(row["links_to_target"])) for row in rows}
    assert got == expected_ping_checks()
    assert counts["checked"] == len(rows) and counts["no_link"] == 1
    by_id = {str(item.id): item for item in data.ITEMS}
    for row in rows:
        link = expected_link(by_id[row["site_item_id"]], server.url)
        found = (row["anchor"], tuple(row["rel"].split()), row["placement"]) if row["links_to_target"] else None
        assert found == link, row["source_url"]
    statuses = {row["site_item_id"]: row["http_status"] for row in rows}
    assert sorted(statuses.values(), key=str).count(200) == len(rows) - 3
    assert {s for s in statuses.values() if s != 200} == {403, 404, None}  # None: robots.txt said no
    farm = next(row for row in rows if row["source_url"].startswith("http://203.0.113.88/"))
    assert farm["outbound_links"] >= 300 and farm["placement"] == "footer"
    # Nothing left 127.0.0.1: every source host was routed, and no name went to DNS.
    routed = {entry.split("=", 1)[0] for entry in settings.resolve}
    assert {host_of(row["source_url"]) for row in rows} - routed == {"127.0.0.1"}
    assert set(no_dns) <= {"127.0.0.1", "localhost", "::1"}
