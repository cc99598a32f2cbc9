"""The demo blog as Python data: posts, categories and every item they received.

"The Brew Shed" is a small home-brewing blog on WordPress: twelve posts and 164
comments, trackbacks and pingbacks in every moderation state. Everything here is
deterministic (no randomness), so tests can pin what a crawl must find.

What is in it, by design:

* genuine readers, some linking their own blog, with the author's replies nested
  under them (up to three levels);
* spam that slipped past moderation and is shown (pharma, casino, loans, essays,
  crypto; keyword author names; BBCode; three or more links; generic praise; the same
  text from several domains; a punycode host, an IP-literal host, a URL shortener);
* spam, pending and trashed items, which WordPress never shows to a visitor; they
  are kept here with their status because a WordPress export contains them;
* genuine and template trackbacks, verified pingbacks (three from the blog's own
  posts, three from a site that scrapes it);
* two commenters whose links lost ``nofollow``/``ugc`` (a "dofollow" plugin the
  owner configured for them): an outbound-hygiene fault an audit must report.

Example:
    >>> post = post_by_slug("my-house-pale-ale-recipe")
    >>> len([i for i in ITEMS if i.post_id == post.id and i.is_public and i.parent_id == 0])
    29
    >>> ITEMS[0].id, ITEMS[0].type
    (2, 'comment')
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime, timezone
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

from backlint.demo import markup
from backlint.demo.posts import ABOUT_PAGE, CATEGORIES_DATA, POSTS_DATA
from backlint.demo.threads import THREADS, Entry
from backlint.records import Link

SITE_TITLE = "The Brew Shed"
SITE_TAGLINE = "Small-batch home brewing from a garden shed in West Yorkshire"
#: The blog's only user, author of every post.
OWNER_ID = 1
OWNER_LOGIN = "martin"
OWNER_NAME = "Martin Hale"
#: Settings > Discussion: "Break comments into pages with 10 top level comments per page
#: and the last page displayed by default"; "older comments at the top of each page".
COMMENTS_PER_PAGE = 10
#: Settings > Reading: "Blog pages show at most 10 posts".
POSTS_PER_PAGE = 10
#: Settings > Reading: "Syndication feeds show the most recent 10 items".
FEED_ITEMS = 10

#: Moderation states, named as the REST API names them.
STATUSES = ("approved", "hold", "spam", "trash")
#: ``wp:comment_approved`` in a WordPress export (WXR) for each state.
WXR_APPROVED = {"approved": "1", "hold": "0", "spam": "spam", "trash": "trash"}

#: Commenters the owner whitelisted in a "dofollow" plugin: their author link and the
#: links in their text are printed without ``nofollow``/``ugc``. One is a regular
#: reader; the other is an affiliate spammer who looked like one.
DOFOLLOW_AUTHORS = frozenset({"Dave Okafor", "Best Homebrew Kits"})


@dataclass(frozen=True)
class Category:
    """A post category.

    Example:
        >>> CATEGORIES[0].path
        '/category/beginners/'
    """

    id: int
    slug: str
    name: str
    description: str

    @property
    def path(self) -> str:
        return f"/category/{self.slug}/"


@dataclass(frozen=True)
class Post:
    """A published post or page.

    Example:
        >>> POSTS[0].path
        '/brew-in-a-bag-my-first-all-grain-day/'

    Attributes:
        id: ``ID`` (sparse, as on a real site where revisions and media take IDs too).
        slug: ``post_name``; the permalink is ``/<slug>/``.
        title: ``post_title`` (may hold entities such as ``&amp;``).
        date: publication time, UTC.
        categories: category slugs (empty for pages).
        excerpt: the hand-written excerpt.
        content: ``post_content``; ``{site}`` stands for the home URL.
        type: ``post`` or ``page``.
    """

    id: int
    slug: str
    title: str
    date: datetime
    categories: tuple[str, ...]
    excerpt: str
    content: str
    type: str = "post"

    @property
    def path(self) -> str:
        return f"/{self.slug}/"


@dataclass(frozen=True)
class DemoItem:
    """One comment, trackback or pingback as it sits in ``wp_comments``.

    Example:
        >>> item = next(i for i in ITEMS if i.type == "pingback" and i.author_url.startswith("/"))
        >>> item.resolved_author_url("http://127.0.0.1:8000/").startswith("http://127.0.0.1:8000/")
        True

    Attributes:
        id: ``comment_ID``, assigned in date order from 2 (WordPress's sample comment,
            ID 1, was deleted).
        post_id: ``comment_post_ID``.
        type: ``comment``, ``trackback`` or ``pingback``.
        status: ``approved``, ``hold`` (pending), ``spam`` or ``trash``.
        parent_id: ``comment_parent`` (0 for a top-level item).
        author: ``comment_author``; for pings the source's title or blog name.
        author_url: ``comment_author_url``; a leading ``/`` means on this blog.
        author_email: ``comment_author_email`` (empty for pings).
        author_ip: ``comment_author_IP`` (documentation ranges only).
        date: ``comment_date_gmt``.
        content: ``comment_content`` as stored; ``{site}`` stands for the home URL.
        user_id: ``user_id``: the owner's ID for his replies, else 0.
        dofollow: the "dofollow" plugin strips ``rel`` from this item's links.
    """

    id: int
    post_id: int
    type: str
    status: str
    parent_id: int
    author: str
    author_url: str
    author_email: str
    author_ip: str
    date: datetime
    content: str
    user_id: int = 0
    dofollow: bool = False

    @property
    def is_public(self) -> bool:
        """Shown to visitors: only approved items are."""
        return self.status == "approved"

    @property
    def wxr_approved(self) -> str:
        """``wp:comment_approved`` as a WordPress export writes it."""
        return WXR_APPROVED[self.status]

    def resolved_author_url(self, base_url: str) -> str:
        """Return the author URL, absolute against the site's home URL."""
        if self.author_url.startswith("/"):
            return urljoin(base_url, self.author_url)
        return self.author_url

    def resolved_content(self, base_url: str) -> str:
        """Return the stored text with ``{site}`` replaced by the home URL."""
        return self.content.replace("{site}", base_url.rstrip("/"))


@dataclass(frozen=True)
class ExpectedItem:
    """What a perfect crawl of the demo's HTML must report for one public item.

    Example:
        >>> first = expected_public_items("http://127.0.0.1:8000/")[0]
        >>> first.type, first.author_name, first.links[0].is_author_link
        ('comment', 'Sarah Whitcombe', True)

    Attributes:
        site_item_id: the ``comment-N`` number, as a string.
        type: ``comment``, ``trackback`` or ``pingback``.
        post_url: the post's permalink (no comment-page suffix).
        author_name: the displayed name.
        author_url: the author link's target, absolute, or ``None`` when not linked.
        parent_id: the parent's ``site_item_id``, or ``None``.
        date: ISO 8601 with offset, as in ``<time datetime>``; ``None`` for pings
            (their markup shows no date).
        text: the visible text, whitespace collapsed; ``""`` for pings, whose text
            Twenty Twenty-One does not show.
        link_urls: the URLs of the links in the text, in order.
        links: the author link (when any) then the text's links, with anchor and rel.
    """

    site_item_id: str
    type: str
    post_url: str
    author_name: str
    author_url: str | None
    parent_id: str | None
    date: str | None
    text: str
    link_urls: tuple[str, ...]
    links: tuple[Link, ...]


def _utc(text: str) -> datetime:
    return datetime.strptime(text, "%Y-%m-%d %H:%M").replace(tzinfo=timezone.utc)


def _digest(text: str) -> int:
    # md5 is a stable spread of names over a few numbers here, not security.
    return int(hashlib.md5(text.encode("utf-8")).hexdigest()[:8], 16)


def _email_for(entry: Entry) -> str:
    if entry.email or entry.type != "comment":
        return entry.email
    local = ".".join(entry.author.lower().split()) or "anon"
    local = "".join(ch for ch in local if ch.isascii() and (ch.isalnum() or ch == ".")) or "reader"
    host = (urlsplit(entry.author_url).hostname or "").removeprefix("www.")
    if not host or host == "bit.ly" or host.endswith((".blogspot.com", ".wordpress.com")):
        host = "mail.example"
    return f"{local}@{host}"


def _ip_for(entry: Entry, email: str) -> str:
    if entry.ip:
        return entry.ip
    # Pings come from the source's server, comments from the commenter: one stable
    # address per source host or per e-mail.
    seed = (urlsplit(entry.author_url).hostname or "") if entry.type != "comment" else email
    return f"198.51.100.{2 + _digest(seed) % 250}"


def _build_posts() -> tuple[Post, ...]:
    return tuple(
        Post(id=pid, slug=slug, title=title, date=_utc(when), categories=cats, excerpt=excerpt, content=content)
        for pid, slug, title, when, cats, excerpt, content in POSTS_DATA
    )


def _build_items(posts: tuple[Post, ...]) -> tuple[DemoItem, ...]:
    post_ids = {post.slug: post.id for post in posts}
    entries = [(entry, post_ids[slug]) for slug, thread in THREADS.items() for entry in thread]
    # WordPress numbers comments in the order they arrive, across the whole site.
    ordered = sorted(enumerate(entries), key=lambda pair: (_utc(pair[1][0].when), pair[0]))
    ids = {entry.key: 2 + position for position, (_, (entry, _)) in enumerate(ordered)}
    items = []
    for _, (entry, post_id) in ordered:
        email = _email_for(entry)
        items.append(DemoItem(
            id=ids[entry.key], post_id=post_id, type=entry.type, status=entry.status,
            parent_id=ids[entry.parent] if entry.parent else 0, author=entry.author,
            author_url=entry.author_url, author_email=email, author_ip=_ip_for(entry, email),
            date=_utc(entry.when), content=entry.content, user_id=OWNER_ID if entry.by_owner else 0,
            dofollow=entry.author in DOFOLLOW_AUTHORS,
        ))
    _check(items)
    return tuple(items)


def _check(items: list[DemoItem]) -> None:
    """Refuse data that WordPress could not have produced."""
    by_id = {item.id: item for item in items}
    for item in items:
        if item.status not in STATUSES or item.type not in ("comment", "trackback", "pingback"):
            raise ValueError(f"item {item.id}: bad status or type")
        if item.parent_id:
            parent = by_id[item.parent_id]
            if parent.post_id != item.post_id or parent.date >= item.date:
                raise ValueError(f"item {item.id}: parent {parent.id} is on another post or newer")
            if item.is_public and not parent.is_public:
                raise ValueError(f"item {item.id}: a public reply to a hidden parent")


POSTS: tuple[Post, ...] = _build_posts()
PAGES: tuple[Post, ...] = (
    Post(id=ABOUT_PAGE[0], slug=ABOUT_PAGE[1], title=ABOUT_PAGE[2], date=_utc(ABOUT_PAGE[3]),
         categories=(), excerpt="", content=ABOUT_PAGE[4], type="page"),
)
CATEGORIES: tuple[Category, ...] = tuple(
    Category(id=3 + n, slug=slug, name=name, description=description)
    for n, (slug, name, description) in enumerate(CATEGORIES_DATA)
)
ITEMS: tuple[DemoItem, ...] = _build_items(POSTS)


def post_by_slug(slug: str) -> Post | None:
    """Return the post or page with this slug, or ``None``."""
    return next((post for post in POSTS + PAGES if post.slug == slug), None)


def post_by_id(post_id: int) -> Post | None:
    """Return the post or page with this ID, or ``None``."""
    return next((post for post in POSTS + PAGES if post.id == post_id), None)


def post_of(item: DemoItem) -> Post:
    """Return the post or page an item is on.

    Example:
        >>> post_of(ITEMS[0]).id == ITEMS[0].post_id
        True
    """
    post = post_by_id(item.post_id)
    # Every bundled item is on a bundled post or page.
    assert post is not None, f"demo item {item.id} is on no post"
    return post


def public_items(post_id: int | None = None) -> list[DemoItem]:
    """Return approved items, oldest first, of one post or of the whole site."""
    return [item for item in ITEMS if item.is_public and (post_id is None or item.post_id == post_id)]


class _AnchorCollector(HTMLParser):
    """Collect ``(href, anchor text, rel)`` of every ``<a href>`` in a fragment."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[tuple[str, str, tuple[str, ...]]] = []
        self._open: tuple[str, tuple[str, ...]] | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            values = dict(attrs)
            self._open = (values.get("href") or "", tuple((values.get("rel") or "").lower().split()))
            self._text = []

    def handle_data(self, data: str) -> None:
        if self._open:
            self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self._open:
            anchor = " ".join("".join(self._text).split())
            self.links.append((self._open[0], anchor, self._open[1]))
            self._open = None


def _body_links(fragment: str) -> list[Link]:
    collector = _AnchorCollector()
    collector.feed(fragment)
    collector.close()
    return [Link(url=href, anchor=anchor, rel=rel) for href, anchor, rel in collector.links]


def expected_public_items(base_url: str) -> list[ExpectedItem]:
    """Return what a perfect crawl of the demo served at ``base_url`` must find.

    Every approved item of every post, oldest first, as its HTML shows it: pending,
    spam and trashed items are absent; ping texts are not shown, so pings have no
    text and no text links.

    Args:
        base_url: the demo's home URL, e.g. ``DemoServer.url``.

    Returns:
        One :class:`ExpectedItem` per public item.
    """
    site_url = base_url.rstrip("/")
    expected = []
    for item in public_items():
        post = post_of(item)
        author_url = item.resolved_author_url(base_url) or None
        links: list[Link] = []
        if author_url:
            rel = markup.author_rel(author_url, site_url, dofollow=item.dofollow)
            links.append(Link(url=author_url, anchor=_display(item.author),
                              rel=rel, is_author_link=True))
        body: list[Link] = []
        text = ""
        if item.type == "comment":
            fragment = markup.comment_text_html(item.resolved_content(base_url), site_url, dofollow=item.dofollow)
            body = _body_links(fragment)
            text = markup.plain_text(fragment)
        expected.append(ExpectedItem(
            site_item_id=str(item.id), type=item.type, post_url=f"{site_url}{post.path}",
            author_name=_display(item.author), author_url=author_url,
            parent_id=str(item.parent_id) if item.parent_id else None,
            date=markup.iso(item.date) if item.type == "comment" else None,
            text=text, link_urls=tuple(link.url for link in body), links=tuple(links + body),
        ))
    return expected


def _display(name: str) -> str:
    """Return a stored name as a reader sees it (entities such as ``&#8211;`` decoded)."""
    return markup.plain_text(name)
