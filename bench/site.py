"""A large WordPress-style site for crawl benchmarks: generate it once, serve it fast.

Generate (deterministic for a given seed; 2,000 posts and 40,000 items take a few
seconds)::

    python bench/site.py generate --posts 2000 --comments 40000 --out bench/out/site

Serve it on 127.0.0.1 (prints ``serving http://127.0.0.1:P/`` and stays up)::

    python bench/site.py serve bench/out/site --port 8765

Measure the server itself (an httpx client at full speed, then at 150 req/s)::

    python bench/site.py measure bench/out/site

The site has the demo blog's markup (:mod:`backlint.demo.markup`): every post page is
60–130 KB like a real WordPress page (theme chrome, inline CSS and JS, sidebar
widgets), comments are paginated 50 top-level items a page, newest page first, and
``robots.txt`` points at ``/wp-sitemap.xml`` whose sub-sitemaps hold at most 2,000
URLs. ``manifest.json`` in the output folder records what a complete crawl must find.

Generated pages hold the origin ``http://bench-origin.invalid``; the server replaces
it with its own origin when it first reads a file, so one generated site can be
served on any port.

From Python (import the file as ``bench.site`` from the repository root; a bare
``import site`` would be the standard library's)::

    from bench.site import generate, serve_in_thread, serve_in_subprocess
    generate("bench/out/site", posts=200, comments=4000)
    url, stop = serve_in_subprocess("bench/out/site")   # or serve_in_thread(...)
    ...
    stop()
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import os
import random
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path

from backlint.demo import markup

#: Placeholder origin written into generated pages; ``.invalid`` never resolves (RFC 2606).
ORIGIN = "http://bench-origin.invalid"
COMMENTS_PER_PAGE = 50  # WordPress's default "top level comments per page"
POSTS_PER_PAGE = 10
SITEMAP_MAX_URLS = 2000  # WordPress core's wp_sitemaps_get_max_urls() default
PAGE_MIN_BYTES = 60_000
PAGE_MAX_BYTES = 130_000
SITE_TITLE = "Allotment Diaries"
SITE_TAGLINE = "Notes from a city allotment: vegetables, fruit, soil and weather"

_START = datetime(2015, 1, 1, 9, 0, tzinfo=timezone.utc)

# --- Text banks ------------------------------------------------------------------------------

_TOPICS = ["tomatoes", "runner beans", "garlic", "raspberries", "compost", "leeks", "potatoes", "squash",
           "broad beans", "rhubarb", "onions", "carrots", "brassicas", "strawberries", "green manure", "courgettes",
           "the polytunnel", "slugs", "leaf mould", "seed saving", "asparagus", "kale", "sweetcorn", "chillies"]
_TITLE_FORMS = ["Growing {t} on heavy clay", "What went wrong with my {t} this year", "A beginner's guide to {t}",
                "{T} in a wet summer", "Five lessons from {t}", "Saving money on {t}", "Why I gave up on {t}",
                "{T}: sowing, spacing and harvest", "Winter jobs: {t}", "Trying no-dig {t}"]
_SENTENCES = [
    "The soil on our plot is heavy clay, so everything starts with compost and patience.",
    "I sowed the first batch indoors in March and hardened them off over two weeks in April.",
    "A late frost caught the early plantings, which taught me to keep fleece close at hand.",
    "Spacing matters more than the seed packet suggests when the summer turns out wet.",
    "The neighbouring plot holder swears by comfrey tea, and his results are hard to argue with.",
    "Watering deeply twice a week beats a daily sprinkle, because the roots learn to go down.",
    "Netting kept the pigeons off, but the slugs found a way under it within a fortnight.",
    "We harvested more than we could eat, so the freezer and the neighbours did well.",
    "Next year I will rotate the beds properly instead of planting wherever there is space.",
    "A thick mulch of leaf mould kept the weeds down and the moisture in through July.",
    "The variety trial was not scientific, but two rows side by side tell you a lot.",
    "Record keeping is dull until the winter, when the notebook becomes the most useful tool I own.",
    "Raised beds warm up faster in spring, which gives the early sowings a head start.",
    "The water butts were empty by the end of June, so I fitted a second gutter on the shed.",
    "Saving seed from the best plants is free and slowly adapts the crop to the plot.",
]
_FIRST = ["Anna", "Ben", "Chloe", "Dev", "Ellie", "Farid", "Grace", "Harry", "Isla", "Jack", "Kiran", "Lucy",
          "Mo", "Nina", "Owen", "Priya", "Quinn", "Rosa", "Sam", "Tariq", "Uma", "Vic", "Will", "Yusuf", "Zara"]
_LAST = ["Allen", "Brooks", "Clarke", "Dunn", "Evans", "Fox", "Green", "Hughes", "Iqbal", "Jones", "Khan",
         "Lewis", "Moss", "Nash", "Owen", "Patel", "Reid", "Shaw", "Turner", "Walsh"]
_GENUINE_TEXT = [
    "Same problem here with {t} last year. The fleece trick saved the second sowing.",
    "Thanks for this, I am trying {t} for the first time and this answered most of my questions.",
    "Have you tried interplanting {t} with something taller? It worked well for us on a windy site.",
    "Our {t} did much better once we added grit to the clay. Worth a try.",
    "Lovely write-up. Which variety of {t} would you grow again?",
    "I keep a spreadsheet of sowing dates for {t}, happy to share it if anyone is interested.",
]
_SPAM_TEXT = [
    "Great post, thanks for sharing! I will bookmark your blog and check back later for more.",
    "Best online casino bonus 2024, 200 free spins! [url=http://{d}/]casino bonus[/url]",
    "Buy cheap viagra online without prescription <a href=\"http://{d}/buy\" rel=\"nofollow ugc\">viagra</a> "
    "<a href=\"http://{d}/cialis\" rel=\"nofollow ugc\">cialis</a> <a href=\"http://{d}/rx\" rel=\"nofollow ugc\">pharmacy</a>",
    "Need cash fast? Payday loans with instant approval: http://{d}/apply",
    "Wow, this article is nice, my younger sister is analyzing such things, thus I am going to let know her.",
]
_SPAM_DOMAINS = ["cheap-rx-store.xyz", "lucky-casino-bonus.top", "fast-payday-loans.icu", "essay-helper.online",
                 "crypto-signals-pro.site", "198.51.100.23", "seo-links-fast.xyz", "replica-bags.shop"]
_BLOG_HOSTS = ["{f}{l}.blogspot.com", "www.{f}-{l}.co.uk", "{f}grows.wordpress.com", "{l}-allotment.net"]


@dataclass
class _Item:
    id: int
    type: str
    parent: int
    author: str
    url: str
    date: datetime
    text: str


@dataclass
class GenerateStats:
    """What :func:`generate` wrote.

    Example:
        >>> GenerateStats(posts=1, comments=2, html_pages=3, files=5, bytes=1000, seconds=0.1).posts
        1
    """

    posts: int
    comments: int
    html_pages: int
    files: int
    bytes: int
    seconds: float


def _slugify(text: str) -> str:
    return "-".join("".join(ch if ch.isalnum() else " " for ch in text.lower()).split())


def _split_counts(total: int, parts: int, rng: random.Random) -> list[int]:
    """Spread ``total`` over ``parts`` with a long tail (a few posts get most comments)."""
    # Capped so that no single post takes more than a few hundred items.
    weights = [min(rng.paretovariate(1.1), 25.0) for _ in range(parts)]
    scale = total / sum(weights)
    exact = [w * scale for w in weights]
    counts = [int(x) for x in exact]
    by_remainder = sorted(range(parts), key=lambda i: exact[i] - counts[i], reverse=True)
    for i in by_remainder[: total - sum(counts)]:
        counts[i] += 1
    return counts


def _person(rng: random.Random) -> tuple[str, str]:
    first, last = rng.choice(_FIRST), rng.choice(_LAST)
    url = ""
    if rng.random() < 0.6:
        url = "https://" + rng.choice(_BLOG_HOSTS).format(f=first.lower(), l=last.lower()) + "/"
    return f"{first} {last}", url


def _items_for_post(count: int, post_date: datetime, topic: str, first_id: int,
                    rng: random.Random) -> list[_Item]:
    items: list[_Item] = []
    depth: dict[int, int] = {}
    when = post_date
    for n in range(count):
        when += timedelta(minutes=rng.randint(5, 3000))
        roll = rng.random()
        item_id = first_id + n
        if roll < 0.07:
            host = rng.choice(_BLOG_HOSTS).format(f=rng.choice(_FIRST).lower(), l=rng.choice(_LAST).lower())
            items.append(_Item(item_id, "pingback", 0, f"Round-up: {topic} &#8211; {host}",
                               f"https://{host}/{when:%Y/%m}/round-up/", when, ""))
        elif roll < 0.12:
            domain = rng.choice(_SPAM_DOMAINS)
            items.append(_Item(item_id, "trackback", 0, domain.split(".")[0].replace("-", " ").title(),
                               f"http://{domain}/{n}/", when, "<strong>Trackback</strong>\n\n[&#8230;] more here [&#8230;]"))
        elif roll < 0.30:
            domain = rng.choice(_SPAM_DOMAINS)
            text = rng.choice(_SPAM_TEXT).format(d=domain)
            items.append(_Item(item_id, "comment", 0, domain.split(".")[0].replace("-", " ").title(),
                               f"http://{domain}/", when, text))
        else:
            name, url = _person(rng)
            parents = [i for i in items if i.type == "comment" and depth[i.id] < 3]
            parent = rng.choice(parents) if parents and rng.random() < 0.2 else None
            text = " ".join([rng.choice(_GENUINE_TEXT).format(t=topic)] + rng.sample(_SENTENCES, rng.randint(0, 3)))
            items.append(_Item(item_id, "comment", parent.id if parent else 0, name, url, when, text))
        depth[item_id] = depth[items[-1].parent] + 1 if items[-1].parent else 1
    return items


# --- Padding: the inline CSS and JS real WordPress pages carry ---------------------------------

_BLOCKS = ["archives", "audio", "button", "buttons", "calendar", "categories", "code", "columns", "cover", "embed",
           "file", "gallery", "group", "heading", "image", "latest-comments", "latest-posts", "list", "media-text",
           "navigation", "paragraph", "pullquote", "quote", "search", "separator", "social-links", "spacer",
           "table", "tag-cloud", "verse", "video", "post-title", "post-date", "post-excerpt", "site-logo"]


def _padding_pool(rng: random.Random, size: int = 160_000) -> list[str]:
    """Lines of block-library style CSS, about ``size`` bytes in all."""
    lines: list[str] = []
    total = 0
    n = 0
    while total < size:
        block = _BLOCKS[n % len(_BLOCKS)]
        line = (f".wp-block-{block}{'.is-style-' + str(n) if n >= len(_BLOCKS) else ''}"
                f"{{margin:{rng.randint(0, 40)}px {rng.randint(0, 40)}px;padding:calc(var(--wp--style--block-gap,"
                f"{rng.randint(1, 3)}em)*{rng.randint(1, 9)/10});font-size:var(--wp--preset--font-size--"
                f"{rng.choice(['small', 'medium', 'large', 'x-large'])});color:#{rng.randrange(16**6):06x};"
                f"border-radius:{rng.randint(0, 12)}px}}\n")
        lines.append(line)
        total += len(line)
        n += 1
    return lines


def _padding(pool: list[str], needed: int) -> str:
    if needed <= 200:
        return ""
    out: list[str] = []
    size = 0
    for line in pool:
        if size + len(line) > needed:
            break
        out.append(line)
        size += len(line)
    return "<style id='wp-block-library-inline-css'>\n" + "".join(out) + "</style>\n"


# --- Pages -----------------------------------------------------------------------------------


@dataclass
class _Post:
    index: int
    id: int
    slug: str
    title: str
    date: datetime
    topic: str
    body: str
    items: list[_Item]


def _widgets(posts: list[_Post], recent: list[tuple[str, str, str, str]]) -> str:
    months = sorted({(p.date.year, p.date.month) for p in posts}, reverse=True)[:36]
    return "\n\t\t".join([
        markup.search_widget(ORIGIN),
        markup.link_list_widget("recent-posts-2", "widget_recent_entries", "Recent Posts",
                                [(p.title, f"{ORIGIN}/{p.slug}/") for p in posts[-5:][::-1]]),
        markup.recent_comments_widget(recent, ORIGIN),
        markup.link_list_widget("archives-2", "widget_archive", "Archives",
                                [(f"{markup.MONTHS[m - 1]} {y}", f"{ORIGIN}/{y}/{m:02d}/") for y, m in months]),
        markup.link_list_widget("categories-2", "widget_categories", "Categories",
                                [(t.title(), f"{ORIGIN}/category/{_slugify(t)}/") for t in _TOPICS]),
    ])


def _site_info() -> markup.SiteInfo:
    return markup.SiteInfo(url=ORIGIN, title=SITE_TITLE, tagline=SITE_TAGLINE,
                           menu=(("Home", f"{ORIGIN}/"), ("About", f"{ORIGIN}/about/")))


def _padded_page(html_args: dict[str, object], pool: list[str], target: int) -> str:
    page = markup.page_html(_site_info(), **html_args)
    padding = _padding(pool, target - len(page))
    if padding:
        page = markup.page_html(_site_info(), extra_head=padding, **html_args)
    return page


def _post_pages(post: _Post, widgets: str, pool: list[str], rng: random.Random) -> dict[str, str]:
    """Return ``{relative path: html}`` for a post's bare URL and its other comment pages."""
    permalink = f"{ORIGIN}/{post.slug}/"
    children: dict[int, list[_Item]] = {}
    for item in post.items:
        children.setdefault(item.parent, []).append(item)

    def node(item: _Item) -> markup.CommentNode:
        return markup.CommentNode(id=item.id, type=item.type, author=item.author, author_url=item.url,
                                  date=item.date, text=item.text, children=[node(c) for c in children.get(item.id, [])])

    top = children.get(0, [])
    total_pages = max(1, math.ceil(len(top) / COMMENTS_PER_PAGE))
    pages: dict[str, str] = {}
    for number in range(1, total_pages + 1):
        shown = top[(number - 1) * COMMENTS_PER_PAGE: number * COMMENTS_PER_PAGE]
        items_html = markup.comment_list_html([node(i) for i in shown], site_url=ORIGIN, post_id=post.id,
                                              post_permalink=permalink, page_url=f"{permalink}comment-page-{number}/")
        comments = markup.comments_area_html(
            count=len(post.items), list_html=items_html,
            pagination_html=markup.comments_pagination_html(permalink, number, total_pages),
            form_html=markup.comment_form_html(ORIGIN, post.id))
        last = number == total_pages
        canonical = permalink if last else f"{permalink}comment-page-{number}/#comments"
        main = (f'<article id="post-{post.id}" class="post-{post.id} post type-post status-publish format-standard hentry entry">'
                f'<header class="entry-header alignwide"><h1 class="entry-title">{post.title}</h1></header>'
                f'<div class="entry-content">{post.body}</div></article>\n{comments}')
        head = (f'<link rel="pingback" href="{ORIGIN}/xmlrpc.php">\n<link rel="canonical" href="{canonical}" />\n'
                f"<link rel='shortlink' href='{ORIGIN}/?p={post.id}' />\n")
        html = _padded_page({"title": f"{post.title} \u2013 {SITE_TITLE}", "head_links": head, "main": main,
                             "widgets": widgets, "body_class": f"post-template-default single single-post postid-{post.id}"},
                            pool, rng.randint(PAGE_MIN_BYTES + 500, PAGE_MAX_BYTES))
        pages[f"{post.slug}/" if last else f"{post.slug}/comment-page-{number}/"] = html
    return pages


def _index_pages(posts: list[_Post], widgets: str, pool: list[str], rng: random.Random) -> dict[str, str]:
    newest = posts[::-1]
    total = math.ceil(len(newest) / POSTS_PER_PAGE)
    pages = {}
    for number in range(1, total + 1):
        shown = newest[(number - 1) * POSTS_PER_PAGE: number * POSTS_PER_PAGE]
        entries = "".join(
            f'<article class="post-{p.id} post type-post entry"><h2 class="entry-title"><a href="{ORIGIN}/{p.slug}/">'
            f'{p.title}</a></h2><div class="entry-content"><p>{p.body[3:200]}&hellip;</p></div>'
            f'<footer class="entry-footer"><a href="{ORIGIN}/{p.slug}/#comments">{len(p.items)} Comments</a></footer></article>\n'
            for p in shown)
        nav = ""
        if number < total:
            nav += f'<div class="nav-previous"><a href="{ORIGIN}/page/{number + 1}/">Older posts</a></div>'
        if number > 1:
            nav += f'<div class="nav-next"><a href="{ORIGIN}/{"page/" + str(number - 1) + "/" if number > 2 else ""}">Newer posts</a></div>'
        main = entries + f'<nav class="navigation pagination"><div class="nav-links">{nav}</div></nav>'
        html = _padded_page({"title": SITE_TITLE, "head_links": "", "main": main, "widgets": widgets,
                             "body_class": "home blog"}, pool, rng.randint(PAGE_MIN_BYTES + 500, PAGE_MAX_BYTES))
        pages["" if number == 1 else f"page/{number}/"] = html
    return pages


def _sitemaps(posts: list[_Post]) -> dict[str, str]:
    ns = "http://www.sitemaps.org/schemas/sitemap/0.9"
    chunks = [posts[i:i + SITEMAP_MAX_URLS] for i in range(0, len(posts), SITEMAP_MAX_URLS)]
    files = {}
    for n, chunk in enumerate(chunks, start=1):
        urls = "".join(f"<url><loc>{ORIGIN}/{p.slug}/</loc><lastmod>{markup.iso(p.date)}</lastmod></url>" for p in chunk)
        files[f"wp-sitemap-posts-post-{n}.xml"] = f'<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="{ns}">{urls}</urlset>\n'
    index = "".join(f"<sitemap><loc>{ORIGIN}/{name}</loc></sitemap>" for name in files)
    files["wp-sitemap.xml"] = f'<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="{ns}">{index}</sitemapindex>\n'
    files["robots.txt"] = f"User-agent: *\nDisallow: /wp-admin/\nAllow: /wp-admin/admin-ajax.php\n\nSitemap: {ORIGIN}/wp-sitemap.xml\n"
    return files


def _make_posts(count: int, comments: int, rng: random.Random) -> list[_Post]:
    counts = _split_counts(comments, count, rng)
    posts = []
    next_id = 1
    used: set[str] = set()
    for index in range(count):
        topic = _TOPICS[index % len(_TOPICS)]
        title = rng.choice(_TITLE_FORMS).format(t=topic, T=topic[0].upper() + topic[1:])
        slug = _slugify(title)
        if slug in used:
            slug = f"{slug}-{index}"
        used.add(slug)
        date = _START + timedelta(hours=31 * index + rng.randint(0, 20))
        paragraphs = ["<p>" + " ".join(rng.sample(_SENTENCES, rng.randint(3, 6))) + "</p>" for _ in range(rng.randint(4, 9))]
        items = _items_for_post(counts[index], date, topic, next_id, rng)
        next_id += len(items)
        posts.append(_Post(index, 10 + 3 * index, slug, title, date, topic, "\n".join(paragraphs), items))
    return posts


def generate(out_dir: str | os.PathLike[str], *, posts: int = 2000, comments: int = 40000, seed: int = 1) -> GenerateStats:
    """Write the benchmark site to ``out_dir`` (created; existing files are overwritten).

    Args:
        out_dir: the folder to write.
        posts: how many posts.
        comments: how many public items (comments, trackbacks, pingbacks) in all.
        seed: the random seed; the same arguments always give the same files.

    Returns:
        A :class:`GenerateStats` summary (also written, with per-post page counts, to
        ``manifest.json``).
    """
    started = time.perf_counter()
    rng = random.Random(seed)
    pool = _padding_pool(rng)
    all_posts = _make_posts(posts, comments, rng)
    all_items = [(item, post) for post in all_posts for item in post.items]
    recent_items = sorted(all_items, key=lambda pair: pair[0].date)[-5:][::-1]
    recent = [(i.author, i.url, p.title, f"{ORIGIN}/{p.slug}/#comment-{i.id}") for i, p in recent_items]
    widgets = _widgets(all_posts, recent)
    root = Path(out_dir)
    files: dict[str, str] = {}
    last_pages: dict[str, int] = {}
    for post in all_posts:
        pages = _post_pages(post, widgets, pool, rng)
        last_pages[post.slug] = len(pages)
        for rel, html in pages.items():
            files[rel + "index.html"] = html
    for rel, html in _index_pages(all_posts, widgets, pool, rng).items():
        files[rel + "index.html"] = html
    files.update(_sitemaps(all_posts))
    by_type: dict[str, int] = {}
    for item, _ in all_items:
        by_type[item.type] = by_type.get(item.type, 0) + 1
    total_bytes = 0
    html_pages = 0
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        payload = text.encode("utf-8")
        path.write_bytes(payload)
        total_bytes += len(payload)
        html_pages += rel.endswith(".html")
    stats = GenerateStats(posts=posts, comments=len(all_items), html_pages=html_pages, files=len(files) + 1,
                          bytes=total_bytes, seconds=round(time.perf_counter() - started, 3))
    manifest = {**asdict(stats), "seed": seed, "origin_placeholder": ORIGIN, "items_by_type": by_type,
                "comments_per_page": COMMENTS_PER_PAGE, "last_comment_page": last_pages}
    (root / "manifest.json").write_text(json.dumps(manifest, indent=1, sort_keys=True), encoding="utf-8")
    return stats


# --- Serving ---------------------------------------------------------------------------------

_TYPES = {".html": "text/html; charset=UTF-8", ".xml": "application/xml; charset=UTF-8",
          ".txt": "text/plain; charset=utf-8", ".json": "application/json"}
_REASONS = {200: "OK", 301: "Moved Permanently", 400: "Bad Request", 404: "Not Found", 405: "Method Not Allowed"}


class _Files:
    """Maps request paths to response bytes, reading each file once and caching it."""

    def __init__(self, root: Path, origin: str) -> None:
        self.root = root.resolve()
        self.origin = origin.encode("ascii")
        self.cache: dict[str, tuple[int, bytes, bytes]] = {}
        manifest = self.root / "manifest.json"
        self.last_pages: dict[str, int] = (json.loads(manifest.read_text("utf-8")).get("last_comment_page", {})
                                           if manifest.exists() else {})

    def lookup(self, path: str) -> tuple[int, bytes, bytes]:
        """Return ``(status, extra header lines, body)`` for a GET of ``path``."""
        cached = self.cache.get(path)
        if cached is None:
            cached = self._load(path)
            if len(self.cache) < 100_000:
                self.cache[path] = cached
        return cached

    def _file_for(self, path: str) -> Path | None:
        if not path.startswith("/") or ".." in path or "\x00" in path or "\\" in path:
            return None
        rel = path.lstrip("/")
        if rel == "" or rel.endswith("/"):
            parts = rel.rstrip("/").split("/")
            # /post/comment-page-N/ for the last page is the post's own file (newest first).
            if len(parts) == 2 and parts[1].startswith("comment-page-") and \
                    parts[1] == f"comment-page-{self.last_pages.get(parts[0], -1)}":
                rel = parts[0] + "/"
            rel += "index.html"
        candidate = self.root / rel
        return candidate if candidate.is_file() else None

    def _load(self, path: str) -> tuple[int, bytes, bytes]:
        found = self._file_for(path)
        if found is None:
            if not path.endswith("/") and self._file_for(path + "/"):
                return 301, b"Location: " + self.origin + path.encode("utf-8") + b"/\r\n", b""
            return 404, b"Content-Type: text/html; charset=UTF-8\r\n", b"<h1>Not Found</h1>"
        body = found.read_bytes().replace(ORIGIN.encode("ascii"), self.origin)
        content_type = _TYPES.get(found.suffix, "application/octet-stream")
        return 200, f"Content-Type: {content_type}\r\n".encode("ascii"), body


class _HTTPProtocol(asyncio.Protocol):
    """A minimal HTTP/1.1 server connection: GET and HEAD, keep-alive, pipelining."""

    def __init__(self, files: _Files) -> None:
        self.files = files
        self.buffer = bytearray()
        self.transport: asyncio.Transport | None = None
        self.skip = 0

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport  # type: ignore[assignment]

    def pause_writing(self) -> None:
        # Stop reading requests while the client is slow to read responses.
        self.transport.pause_reading()

    def resume_writing(self) -> None:
        self.transport.resume_reading()

    def data_received(self, data: bytes) -> None:
        self.buffer += data
        while self.transport is not None and not self.transport.is_closing():
            if self.skip:
                dropped = min(self.skip, len(self.buffer))
                del self.buffer[:dropped]
                self.skip -= dropped
                if self.skip:
                    return
            end = self.buffer.find(b"\r\n\r\n")
            if end < 0:
                if len(self.buffer) > 65536:
                    self.transport.close()
                return
            head = bytes(self.buffer[:end])
            del self.buffer[:end + 4]
            self._respond(head)

    def _respond(self, head: bytes) -> None:
        lines = head.split(b"\r\n")
        try:
            method, target, version = lines[0].split(b" ")
        except ValueError:
            self._write(400, b"", b"", keep_alive=False, with_body=True)
            return
        headers = {}
        for line in lines[1:]:
            name, _, value = line.partition(b":")
            headers[name.strip().lower()] = value.strip().lower()
        length = headers.get(b"content-length", b"0")
        self.skip = int(length) if length.isdigit() else 0
        connection = headers.get(b"connection", b"")
        keep_alive = b"close" not in connection if version == b"HTTP/1.1" else b"keep-alive" in connection
        if method not in (b"GET", b"HEAD"):
            self._write(405, b"Allow: GET, HEAD\r\n", b"", keep_alive=keep_alive, with_body=True)
            return
        path = target.split(b"?", 1)[0].decode("utf-8", "replace")
        status, extra, body = self.files.lookup(path)
        self._write(status, extra, body, keep_alive=keep_alive, with_body=method == b"GET")

    def _write(self, status: int, extra: bytes, body: bytes, *, keep_alive: bool, with_body: bool) -> None:
        head = (f"HTTP/1.1 {status} {_REASONS[status]}\r\nServer: bench-site\r\n"
                f"Content-Length: {len(body)}\r\n").encode("ascii") + extra
        if not keep_alive:
            head += b"Connection: close\r\n"
        self.transport.writelines([head, b"\r\n", body] if with_body else [head, b"\r\n"])
        if not keep_alive:
            self.transport.close()


async def _start(root: str | os.PathLike[str], host: str, port: int) -> tuple[asyncio.Server, str]:
    loop = asyncio.get_running_loop()
    holder: dict[str, _Files] = {}
    server = await loop.create_server(lambda: _HTTPProtocol(holder["files"]), host, port, reuse_address=True)
    bound = server.sockets[0].getsockname()[1]
    origin = f"http://{host}:{bound}"
    holder["files"] = _Files(Path(root), origin)
    return server, origin + "/"


def serve(root: str | os.PathLike[str], host: str = "127.0.0.1", port: int = 8765) -> None:
    """Serve ``root`` until interrupted; prints ``serving <url>`` once listening."""

    async def main() -> None:
        server, url = await _start(root, host, port)
        print(f"serving {url}", flush=True)
        async with server:
            await server.serve_forever()

    try:
        asyncio.run(main())
    except KeyboardInterrupt:
        pass


def serve_in_thread(root: str | os.PathLike[str], port: int = 0) -> tuple[str, Callable[[], None]]:
    """Serve ``root`` from a background thread of this process.

    Args:
        root: a folder written by :func:`generate`.
        port: the port; 0 picks a free one.

    Returns:
        ``(url, stop)``: the home URL and a function that stops the server.
    """
    loop = asyncio.new_event_loop()
    ready = threading.Event()
    state: dict[str, object] = {}

    def run() -> None:
        asyncio.set_event_loop(loop)
        server, url = loop.run_until_complete(_start(root, "127.0.0.1", port))
        state.update(server=server, url=url)
        ready.set()
        loop.run_forever()
        server.close()
        loop.run_until_complete(server.wait_closed())
        loop.close()

    thread = threading.Thread(target=run, name="bench-site", daemon=True)
    thread.start()
    ready.wait(10)

    def stop() -> None:
        loop.call_soon_threadsafe(loop.stop)
        thread.join(10)

    return str(state["url"]), stop


def serve_in_subprocess(root: str | os.PathLike[str], port: int = 0) -> tuple[str, Callable[[], None], int]:
    """Serve ``root`` from a child process (its CPU is then measured apart from the crawler's).

    Returns:
        ``(url, stop, pid)``.
    """
    process = subprocess.Popen([sys.executable, os.path.abspath(__file__), "serve", str(root), "--port", str(port)],
                               stdout=subprocess.PIPE, text=True)
    line = process.stdout.readline().strip()
    if not line.startswith("serving "):
        process.kill()
        raise RuntimeError(f"bench site did not start: {line!r}")

    def stop() -> None:
        process.terminate()
        process.wait(10)
        process.stdout.close()

    return line.split(" ", 1)[1], stop, process.pid


# --- Measuring -------------------------------------------------------------------------------


def _cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


async def _client_loop(url: str, paths: list[str], seconds: float, rate: float | None, concurrency: int) -> tuple[int, int]:
    import httpx

    done = 0
    received = 0
    deadline = time.perf_counter() + seconds
    interval = concurrency / rate if rate else 0.0
    async with httpx.AsyncClient(base_url=url, limits=httpx.Limits(max_connections=concurrency)) as client:

        async def worker(offset: int) -> None:
            nonlocal done, received
            n = offset
            next_at = time.perf_counter()
            while time.perf_counter() < deadline:
                response = await client.get(paths[n % len(paths)])
                received += len(response.content)
                done += 1
                n += concurrency
                if interval:
                    next_at += interval
                    await asyncio.sleep(max(0.0, next_at - time.perf_counter()))

        await asyncio.gather(*(worker(i) for i in range(concurrency)))
    return done, received


async def _raw_client_loop(url: str, paths: list[str], seconds: float, concurrency: int) -> tuple[int, int]:
    """A bare keep-alive HTTP/1.1 client on asyncio streams: shows what the server can do
    when the client is not the bottleneck."""
    host, port = url.split("//", 1)[1].rstrip("/").split(":")
    done = 0
    received = 0
    deadline = time.perf_counter() + seconds

    async def worker(offset: int) -> None:
        nonlocal done, received
        reader, writer = await asyncio.open_connection(host, int(port))
        n = offset
        while time.perf_counter() < deadline:
            writer.write(f"GET {paths[n % len(paths)]} HTTP/1.1\r\nHost: {host}\r\n\r\n".encode("ascii"))
            head = await reader.readuntil(b"\r\n\r\n")
            length = int(head.lower().split(b"content-length:", 1)[1].split(b"\r\n", 1)[0])
            received += len(await reader.readexactly(length))
            done += 1
            n += concurrency
        writer.close()

    await asyncio.gather(*(worker(i) for i in range(concurrency)))
    return done, received


def _client_process(url: str, paths: list[str], seconds: float, rate: float | None, concurrency: int) -> tuple[int, int]:
    return asyncio.run(_client_loop(url, paths, seconds, rate, concurrency))


def _run_clients(url: str, paths: list[str], seconds: float, rate: float | None, clients: int) -> tuple[int, int]:
    """Run ``clients`` httpx client processes at once (one Python process tops out near 300 req/s)."""
    from concurrent.futures import ProcessPoolExecutor

    per_rate = rate / clients if rate else None
    with ProcessPoolExecutor(clients) as pool:
        futures = [pool.submit(_client_process, url, paths[i::clients], seconds, per_rate, 8) for i in range(clients)]
        results = [future.result() for future in futures]
    return sum(r[0] for r in results), sum(r[1] for r in results)


def measure(root: str | os.PathLike[str], seconds: float = 10.0, clients: int = 3) -> dict[str, float]:
    """Measure the server in a child process; print and return req/s, MB/s and its CPU use.

    Three phases: httpx clients at full speed (several processes, since one tops out
    near 300 req/s), one httpx client held at 150 req/s, and a bare asyncio client.

    Args:
        root: a folder written by :func:`generate`.
        seconds: how long each phase lasts.
        clients: client processes for the full-speed phase.
    """
    manifest = json.loads((Path(root) / "manifest.json").read_text("utf-8"))
    paths = [f"/{slug}/" for slug in manifest["last_comment_page"]]
    url, stop, pid = serve_in_subprocess(root)
    try:
        asyncio.run(_client_loop(url, paths, 2.0, None, 8))  # warm the file cache
        figures: dict[str, float] = {}
        phases = ((f"httpx full speed, {clients} clients", None, clients), ("httpx 150 req/s", 150.0, 1),
                  ("raw client full speed", None, 0))
        for label, rate, n_clients in phases:
            cpu_before, wall_before = _cpu_seconds(pid), time.perf_counter()
            if n_clients:
                done, received = _run_clients(url, paths, seconds, rate, n_clients)
            else:
                done, received = asyncio.run(_raw_client_loop(url, paths, seconds, 8))
            wall = time.perf_counter() - wall_before
            cpu = _cpu_seconds(pid) - cpu_before
            figures[f"{label}: req/s"] = round(done / wall, 1)
            figures[f"{label}: MB/s"] = round(received / wall / 1e6, 1)
            figures[f"{label}: server CPU % of one core"] = round(100 * cpu / wall, 1)
        for name, value in figures.items():
            print(f"{name:54} {value}")
        return figures
    finally:
        stop()


def main(argv: list[str] | None = None) -> None:
    """Command line: ``generate``, ``serve`` and ``measure``."""
    parser = argparse.ArgumentParser(prog="bench/site.py", description=__doc__.split("\n", 1)[0])
    commands = parser.add_subparsers(dest="command", required=True)
    gen = commands.add_parser("generate", help="write the site")
    gen.add_argument("--posts", type=int, default=2000)
    gen.add_argument("--comments", type=int, default=40000)
    gen.add_argument("--seed", type=int, default=1)
    gen.add_argument("--out", required=True)
    srv = commands.add_parser("serve", help="serve a generated site on 127.0.0.1")
    srv.add_argument("dir")
    srv.add_argument("--port", type=int, default=8765)
    mea = commands.add_parser("measure", help="measure the server's throughput and CPU")
    mea.add_argument("dir")
    mea.add_argument("--seconds", type=float, default=10.0)
    mea.add_argument("--clients", type=int, default=3, help="client processes for the full-speed phase")
    args = parser.parse_args(argv)
    if args.command == "generate":
        stats = generate(args.out, posts=args.posts, comments=args.comments, seed=args.seed)
        print(f"wrote {stats.html_pages} pages ({stats.bytes / 1e6:.1f} MB), {stats.comments} items "
              f"for {stats.posts} posts in {stats.seconds:.1f} s to {args.out}")
    elif args.command == "serve":
        serve(args.dir, port=args.port)
    else:
        measure(args.dir, seconds=args.seconds, clients=args.clients)


if __name__ == "__main__":
    main()
