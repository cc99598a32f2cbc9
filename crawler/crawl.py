"""The crawl loop: discover → fetch → parse → store, for one site.

:func:`crawl_site` is the one entry point; the command line and the dashboard call it.
It finds pages in this order (earlier sources are cheaper and more complete):

1. ``robots.txt`` — Disallow and Crawl-delay obeyed, ``Sitemap:`` lines read;
2. sitemaps (indexes, gzip, WordPress's ``/wp-sitemap.xml``);
3. the feeds the home page advertises (``/feed/``, ``/comments/feed/``);
4. the WordPress REST API when advertised (post list, and ``/wp/v2/comments``,
   whose answers carry each comment's ``author_url``); with a WordPress Application
   Password (``wp_user``/``wp_app_password``) also every comment, trackback and
   pingback of every status, with its moderation state (see :func:`moderation_listing_url`);
5. links between pages of the site, up to ``max_depth`` hops, as the fallback;

and on every post page it follows the comment pagination to the last page, stopping
at the first page with no items. URLs are normalised before they are queued, so no
page is fetched twice; the queue is kept in the store, so ``resume=True`` goes on
where an interrupted crawl stopped.

Example:
    >>> from backlint.settings import load_settings                  # doctest: +SKIP
    >>> summary = crawl_site("https://blog.example/", load_settings())  # doctest: +SKIP
    >>> summary.counts["items_by_type"]                              # doctest: +SKIP
    {'comment': 120, 'trackback': 4, 'pingback': 9}
"""

from __future__ import annotations

import asyncio
import itertools
import multiprocessing
import re
import time
from collections import Counter
from collections.abc import Callable
from concurrent.futures import BrokenExecutor, Executor, ProcessPoolExecutor, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from backlint.errors import ConfigError, FetchError
from backlint.records import Item
from backlint.settings import Settings
from backlint.store import Store, Writer, hashed_tag
from backlint.urls import host_of, normalize_url, site_hosts
from crawler.discover.feeds import parse_feed
from crawler.discover.rest import parse_rest_comments_checked, parse_rest_posts, rest_error, rest_total_pages
from crawler.discover.sitemaps import parse_sitemap
from crawler.fetch import Credentials, Fetcher, FetchResult
from crawler.importers.wxr import personal_hash
from crawler.parse import parse_page
from crawler.robots import Robots, RobotsByOrigin

# Queue priorities: discovery documents first, then post pages, then pages found by links.
PRIORITY = {"robots": 0, "sitemap": 1, "sitemap-probe": 1, "feed": 2, "rest-posts": 2,
            "rest-comments": 2, "rest-moderation": 2, "comment-page": 3, "post": 3, "html": 4}
#: Queue kinds whose answers are REST comment listings; ``rest-moderation`` is the
#: listing asked for with the Application Password.
_REST_KINDS = ("rest-posts", "rest-comments", "rest-moderation")
_MODERATION_ROUTE = "wp/v2/comments"

# Paths that never hold comments and that WordPress sites link to from every page.
_SKIP_PATH = re.compile(
    r"/(wp-admin|wp-login\.php|wp-json|xmlrpc\.php|wp-includes|wp-content|feed|trackback|"
    r"wp-comments-post\.php|cgi-bin)(/|$)|"
    r"\.(jpe?g|png|gif|webp|svg|ico|css|js|pdf|zip|gz|tgz|mp3|mp4|mov|avi|woff2?|ttf|eot|xml|"
    r"json|txt|docx?|xlsx?|pptx?)$", re.I)
_SKIP_QUERY = frozenset({"s", "share", "like", "action", "print", "replytocom", "attachment_id",
                         "preview", "amp"})
_COMMENT_PAGE = re.compile(r"/comment-page-(\d+)/?$")


@dataclass
class Progress:
    """Live figures handed to the ``progress`` callback after each fetch."""

    done: int = 0
    queued: int = 0
    items: int = 0
    errors: int = 0


@dataclass
class CrawlSummary:
    """What a crawl found and what failed.

    Attributes:
        audit_id: the audit the crawl wrote to.
        site_url: the site's normalised URL.
        status: ``finished``, ``interrupted`` (Ctrl-C or a stop request) or
            ``limited`` (``max_pages`` reached with URLs still queued).
        counts: figures from :meth:`backlint.store.Store.counts`.
        failures: failed fetches grouped by outcome and cause: dicts with ``outcome``,
            ``kind``, ``count``, ``message`` and ``examples`` (up to 3 URLs).
        notices: what the user must know (comments loaded by JavaScript, a sitemap
            that could not be read, ...).
        elapsed: seconds the crawl took.
        queued_left: URLs still queued (``resume=True`` fetches them).
    """

    audit_id: int
    site_url: str
    status: str
    counts: dict[str, Any]
    failures: list[dict[str, Any]] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    elapsed: float = 0.0
    queued_left: int = 0


def crawl_site(url: str, settings: Settings, *, resume: bool = False,
               progress: Callable[[Progress], None] | None = None,
               should_stop: Callable[[], bool] | None = None) -> CrawlSummary:
    """Crawl one site into the store and return the summary.

    Args:
        url: the site's home page (or any page: the crawl stays on its host and its
            ``www``/non-``www`` twin).
        settings: politeness, limits, and the store path (``settings.db``).
        resume: go on with the site's last audit instead of starting a new one:
            pages already fetched are not fetched again, items are not duplicated.
        progress: called with live :class:`Progress` after each fetch.
        should_stop: polled between fetches; returning ``True`` stops the crawl
            cleanly, as Ctrl-C does.

    Returns:
        The :class:`CrawlSummary`; the audit is closed in the store either way.

    Raises:
        ConfigError: ``url`` is not an http(s) URL.
        StoreError: the store cannot be opened or written.
    """
    start = normalize_url(url)
    if start is None:
        raise ConfigError(f"not an http(s) URL: {url!r}")
    crawler = _Crawl(start, settings, resume=resume, progress=progress, should_stop=should_stop)
    return asyncio.run(crawler.run())


def comment_page_number(url: str) -> int | None:
    """Return N for a ``…/comment-page-N/`` or ``?cpage=N`` URL, else ``None``.

    Example:
        >>> comment_page_number("https://b.example/post/comment-page-3/")
        3
        >>> comment_page_number("https://b.example/?p=4&cpage=2")
        2
    """
    parts = urlsplit(url)
    match = _COMMENT_PAGE.search(parts.path)
    if match:
        return int(match.group(1))
    for key, value in parse_qsl(parts.query):
        if key == "cpage" and value.isdigit():
            return int(value)
    return None


def next_comment_page(url: str) -> str | None:
    """Return the URL of the comment page after ``url``, or ``None`` if it is not one."""
    number = comment_page_number(url)
    if number is None:
        return None
    parts = urlsplit(url)
    if _COMMENT_PAGE.search(parts.path):
        path = _COMMENT_PAGE.sub(f"/comment-page-{number + 1}/", parts.path)
        return urlunsplit(parts._replace(path=path))
    query = [(k, str(number + 1) if k == "cpage" else v) for k, v in parse_qsl(parts.query)]
    return normalize_url(urlunsplit(parts._replace(query=urlencode(query))))


def moderation_listing_url(root: str) -> str | None:
    """The one REST listing of every comment, of every type and status, with e-mails and IPs.

    WordPress's comments controller passes ``status`` and ``type`` (each one
    ``sanitize_key``-ed string, so no comma lists) to ``WP_Comment_Query``, where
    ``status=any`` drops the status filter (approved, hold, spam, trash and
    post-trashed alike) and ``type=all`` the type filter: one paginated listing
    instead of one per status and type. ``context=edit`` adds ``author_email`` and
    ``author_ip`` and needs a user who can moderate comments.

    Example:
        >>> moderation_listing_url("https://b.example/wp-json/")
        'https://b.example/wp-json/wp/v2/comments?context=edit&page=1&per_page=100&status=any&type=all'
    """
    return rest_url(root, _MODERATION_ROUTE, context="edit", per_page=100, page=1, status="any",
                    type="all")


def moderation_scope(url: str) -> str | None:
    """The REST root a :func:`moderation_listing_url` (or a later page of it) was built on.

    The credentials of that listing are sent under this root only.

    Example:
        >>> moderation_scope("https://b.example/blog/wp-json/wp/v2/comments?page=2")
        'https://b.example/blog/wp-json/'
        >>> moderation_scope("https://b.example/?page=2&rest_route=/wp/v2/comments")
        'https://b.example/?rest_route=/'
        >>> moderation_scope("https://b.example/wp-json/wp/v2/posts") is None
        True
    """
    parts = urlsplit(url)
    if dict(parse_qsl(parts.query)).get("rest_route") == "/" + _MODERATION_ROUTE:
        return urlunsplit(parts._replace(query="rest_route=/", fragment=""))
    if parts.path.endswith("/" + _MODERATION_ROUTE):
        root = parts.path[: -len(_MODERATION_ROUTE)]
        return urlunsplit(parts._replace(path=root, query="", fragment=""))
    return None


def protect_personal(items: list[Item], salt: bytes, keep: bool) -> list[Item]:
    """Replace each item's e-mail and IP by ``sha256:`` + hex of ``salt`` + value, unless ``keep``.

    The hashes are the ones a WordPress export import stores (e-mails lower-cased
    first), so one commenter's items still link up across audits of the same store.

    Example:
        >>> item = Item(type="comment", post_url="https://b.example/p/", author_email="Ann@Mail.example")
        >>> protect_personal([item], b"salt", keep=False)[0].author_email[:19]
        'sha256:f213e57ce442'
    """
    if keep:
        return items
    for item in items:
        if item.author_email:
            item.author_email = hashed_tag(personal_hash(item.author_email.lower(), salt))
        if item.author_ip:
            item.author_ip = hashed_tag(personal_hash(item.author_ip, salt))
    return items


def moderation_refused_notice(result: FetchResult) -> str:
    """The notice for a moderation listing WordPress refused (401/403), with its reason."""
    reason = rest_error(result.body) or f"HTTP {result.status} without a WordPress error message"
    # context=edit needs moderate_comments on top of edit_posts (an Editor or an Administrator).
    return (f"The WordPress user could not list comments: {reason.rstrip('.')}; check the application "
            f"password and that the user can edit posts and moderate comments (an Editor or an "
            f"Administrator). Only what the public sees was crawled.")


def rest_url(root: str, route: str, **params: Any) -> str | None:
    """Build a WordPress REST URL from the advertised root (pretty or ``?rest_route=``).

    Example:
        >>> rest_url("https://b.example/wp-json/", "wp/v2/comments", page=2)
        'https://b.example/wp-json/wp/v2/comments?page=2'
        >>> rest_url("https://b.example/?rest_route=/", "wp/v2/posts", page=1)
        'https://b.example/?page=1&rest_route=/wp/v2/posts'
    """
    parts = urlsplit(root)
    query = dict(parse_qsl(parts.query))
    if "rest_route" in query:
        query["rest_route"] = "/" + route
        query.update({k: str(v) for k, v in params.items()})
        return normalize_url(urlunsplit(parts._replace(query=urlencode(query, safe="/"))))
    path = parts.path.rstrip("/") + "/" + route
    return normalize_url(urlunsplit(parts._replace(path=path, query=urlencode(params))))


class _Crawl:
    """State of one running crawl (one instance per :func:`crawl_site` call)."""

    def __init__(self, start: str, settings: Settings, *, resume: bool,
                 progress: Callable[[Progress], None] | None,
                 should_stop: Callable[[], bool] | None) -> None:
        self.start = start
        self.settings = settings
        self.resume = resume
        self.progress_cb = progress
        self.should_stop = should_stop or (lambda: False)
        parts = urlsplit(start)
        self.site_url = urlunsplit((parts.scheme, parts.netloc, "/", "", ""))
        self.hosts = site_hosts(start)
        self.include = [re.compile(p) for p in settings.include]
        self.exclude = [re.compile(p) for p in settings.exclude]
        self.seen: set[str] = set()
        self.queue: asyncio.PriorityQueue = asyncio.PriorityQueue()
        self.counter = itertools.count()
        self.progress = Progress()
        self.fetch_budget = settings.max_pages
        self.notices: list[str] = []
        self.js_pages: Counter[str] = Counter()
        self.discovered: set[str] = set()  # discovery documents already queued (REST, feeds)
        self.wp_auth = bool(settings.wp_user and settings.wp_app_password)
        self.salt = b""  # the store's salt for e-mail and IP hashes, read when needed
        self.stopped = False
        self.limited = False
        self.left = 0  # URLs taken off the queue but not fetched (stop or max_pages)

    # -- setup and teardown -----------------------------------------------------------

    async def run(self) -> CrawlSummary:
        started = time.monotonic()
        self.writer = Writer(self.settings.db)
        try:
            self.audit_id, frontier = self.writer.call(self._open_audit)
            for row in frontier:
                self.seen.add(row["url"])
                if not row["done"]:
                    self._put(row["url"], row["kind"], row["depth"])
                elif row["kind"] in _REST_KINDS + ("feed",):
                    self.discovered.add(row["url"])
            if self.wp_auth and not self.settings.keep_personal:
                self.salt = self.writer.call(lambda store: store.personal_salt())
            self.fetcher = Fetcher(self.settings, allowed_hosts=self.hosts)
            self.robots = RobotsByOrigin(self.fetcher, self.settings.user_agent, self.settings.respect_robots,
                                         on_fetched=self._robots_fetched)
            self.pool = _parse_pool(self.settings.parse_processes)
            try:
                if not self.seen and self.queue.empty():
                    self.enqueue(self.start, "post", 0)
                workers = [asyncio.create_task(self.worker())
                           for _ in range(self.settings.concurrency)]
                try:
                    await self.queue.join()
                except asyncio.CancelledError:
                    self.stopped = True
                finally:
                    for task in workers:
                        task.cancel()
                    await asyncio.gather(*workers, return_exceptions=True)
            finally:
                await self.fetcher.aclose()
                self.pool.shutdown(wait=True, cancel_futures=True)
            return self._finish(time.monotonic() - started)
        finally:
            self.writer.close()

    def _open_audit(self, store: Store) -> tuple[int, list[Any]]:
        site_id = store.ensure_site(self.site_url)
        last = store.last_audit(site_id) if self.resume else None
        if last is None:
            return store.start_audit(site_id, self.start, self.settings.to_dict()), []
        audit_id = int(last["id"])
        store.reopen_audit(audit_id)
        return audit_id, [dict(row) for row in store.frontier(audit_id)]

    def _finish(self, elapsed: float) -> CrawlSummary:
        for engine, pages in sorted(self.js_pages.items()):
            self.notices.append(
                f"Comments on {pages} page(s) are loaded by {engine} with JavaScript and are not in "
                f"the HTML: export them from {engine} and use `backlint import`.")
        left = self.left + self.queue.qsize()
        status = "interrupted" if self.stopped else ("limited" if left or self.limited else "finished")
        if status == "limited":
            self.notices.append(f"Stopped at max_pages={self.settings.max_pages} with {left} URL(s) "
                                f"still queued; `backlint crawl --resume` goes on.")

        def close(store: Store) -> tuple[dict[str, Any], list[Any]]:
            store.refresh_referring_domains(self.audit_id)
            counts = store.counts(self.audit_id)
            counts["queued_left"] = left
            store.finish_audit(self.audit_id, status, counts, self.notices)
            return counts, [dict(r) for r in store.failures(self.audit_id)]

        counts, failures = self.writer.call(close)
        grouped = [{"outcome": f["outcome"], "kind": f["cause"], "count": f["n"],
                    "message": f["message"], "examples": f["urls"].split("\n")[:3]}
                   for f in failures]
        return CrawlSummary(audit_id=self.audit_id, site_url=self.site_url, status=status,
                            counts=counts, failures=grouped, notices=self.notices,
                            elapsed=elapsed, queued_left=left)

    # -- the queue ----------------------------------------------------------------------

    def _put(self, url: str, kind: str, depth: int) -> None:
        self.queue.put_nowait((PRIORITY.get(kind, 4), next(self.counter), url, kind, depth))
        self.progress.queued += 1

    def enqueue(self, url: str | None, kind: str, depth: int) -> bool:
        """Queue ``url`` once (normalised, on the site, allowed by the filters)."""
        if url is None or url in self.seen:
            return False
        if host_of(url) not in self.hosts:
            return False
        if kind in ("html", "post") and url != self.start and not self._wanted(url):
            return False
        self.seen.add(url)
        self._put(url, kind, depth)
        audit_id = self.audit_id
        self.writer.submit(lambda s: s.frontier_add(audit_id, [(url, kind, depth)]))
        return True

    def _wanted(self, url: str) -> bool:
        parts = urlsplit(url)
        if _SKIP_PATH.search(parts.path):
            return False
        if any(k in _SKIP_QUERY for k, _ in parse_qsl(parts.query)):
            return False
        if self.include and not any(p.search(url) for p in self.include):
            return False
        return not any(p.search(url) for p in self.exclude)

    async def worker(self) -> None:
        while True:
            _, _, url, kind, depth = await self.queue.get()
            try:
                # A URL not fetched stays in the frontier as not done: --resume fetches it.
                if self.stopped or self.should_stop():
                    self.stopped = True
                    self.left += 1
                elif self.fetch_budget <= 0:
                    self.limited = True
                    self.left += 1
                else:
                    self.fetch_budget -= 1
                    await self.visit(url, kind, depth)
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # a bug must not end the crawl; it becomes a log row
                self._log(url, kind, None, "error", FetchError(
                    f"internal error while processing: {type(exc).__name__}: {exc}",
                    url=url, kind="internal"), 0, 0.0)
            finally:
                self.queue.task_done()

    # -- visiting one URL ------------------------------------------------------------------

    async def visit(self, url: str, kind: str, depth: int) -> None:
        if kind != "robots":
            robots = await self.robots_for(url)
            if not robots.can_fetch(url, self.settings.user_agent):
                self._log(url, kind, None, "skipped", FetchError(
                    "disallowed by robots.txt", url=url, kind="robots-disallowed"), 0, 0.0)
                self._done(url)
                return
        if kind == "rest-moderation":
            result = await self._fetch_moderation(url)
            if result is None:
                return
        else:
            result = await self.fetcher.fetch(url)
        outcome, error = result.outcome, result.error
        if result.ok and result.status is not None:
            try:
                problem = await self.process(url, kind, depth, result)
            except Exception as exc:  # parse trouble stays in the log, the crawl goes on
                problem = FetchError(f"could not read the {kind} document: {type(exc).__name__}: {exc}",
                                     url=url, kind="parse-error", status=result.status)
            if problem is not None:
                outcome, error = "error", problem
        elif kind == "sitemap-probe" and result.status == 404:
            outcome, error = "skipped", FetchError("no sitemap at this address", url=url,
                                                   kind="no-sitemap", status=404)
        self._log(url, kind, result.status, outcome, error, result.attempts, result.elapsed)
        self._done(url)

    async def _fetch_moderation(self, url: str) -> FetchResult | None:
        """Fetch a page of the moderation listing with the Application Password.

        Returns ``None`` (the URL logged as skipped) when no password is set, which
        happens when a crawl that had one is resumed without it.
        """
        scope = moderation_scope(url)
        if not self.wp_auth or scope is None:
            self._log(url, "rest-moderation", None, "skipped", FetchError(
                "listing every comment needs --wp-user and --wp-app-password", url=url,
                kind="no-credentials"), 0, 0.0)
            self._done(url)
            return None
        credentials = Credentials(self.settings.wp_user, self.settings.wp_app_password, scope=scope)
        result = await self.fetcher.fetch(url, credentials=credentials, error_body=True)
        if result.status in (401, 403):
            notice = moderation_refused_notice(result)
            if notice not in self.notices:
                self.notices.append(notice)
        return result

    def _done(self, url: str) -> None:
        audit_id = self.audit_id
        self.writer.submit(lambda s: s.frontier_done(audit_id, url))
        self.progress.done += 1
        self.progress.queued = self.queue.qsize()
        if self.progress_cb is not None:
            self.progress_cb(self.progress)

    def _log(self, url: str, kind: str, status: int | None, outcome: str,
             error: BaseException | None, attempts: int, elapsed: float) -> None:
        if outcome in ("error", "blocked", "dead"):
            self.progress.errors += 1
        audit_id = self.audit_id
        self.writer.submit(lambda s: s.log_fetch(audit_id, url, kind, status, outcome, error,
                                                 attempts, elapsed))

    async def robots_for(self, url: str) -> Robots:
        """Return the robots.txt rules of ``url``'s origin, fetched once per origin."""
        robots, _ = await self.robots.get(url)
        return robots

    def _robots_fetched(self, origin: str, robots_url: str, result: FetchResult, robots: Robots) -> None:
        """Count and log a robots.txt fetch, and queue the sitemaps it names (or the usual ones)."""
        self.fetch_budget -= 1
        self.seen.add(robots_url)
        outcome = result.outcome
        error = result.error
        if result.status == 404:
            outcome, error = "skipped", FetchError("no robots.txt: everything allowed",
                                                   url=robots_url, kind="no-robots", status=404)
        self._log(robots_url, "robots", result.status, outcome, error, result.attempts,
                  result.elapsed)
        if self.settings.use_sitemaps:
            sitemaps = robots.sitemaps
            for sitemap in sitemaps:
                self.enqueue(sitemap, "sitemap", 0)
            if not sitemaps and origin == f"{urlsplit(self.start).scheme}://{urlsplit(self.start).netloc}":
                self.enqueue(normalize_url(origin + "/wp-sitemap.xml"), "sitemap-probe", 0)
                self.enqueue(normalize_url(origin + "/sitemap.xml"), "sitemap-probe", 0)

    async def process(self, url: str, kind: str, depth: int,
                      result: FetchResult) -> FetchError | None:
        """Parse a fetched document, store what it holds and queue what it points to.

        Returns:
            An error to log in place of the fetch's own (a parse problem), or ``None``.
        """
        final = normalize_url(result.final_url) or url
        if final != url:
            self.seen.add(final)
        body = result.body
        if kind in ("sitemap", "sitemap-probe"):
            sitemap = parse_sitemap(body, final)
            for page in sitemap.pages:
                self.enqueue(page, "post", 1)
            for child in sitemap.sitemaps:
                self.enqueue(child, "sitemap", depth)
            self._record(final, "sitemap", result)
            if sitemap.errors:
                return FetchError("; ".join(sitemap.errors)[:500], url=url, kind="bad-sitemap",
                                  status=result.status)
            return None
        if kind == "feed":
            feed = parse_feed(body, final)
            for post in feed.post_urls:
                self.enqueue(normalize_url(post), "post", 1)
            self._record(final, "feed", result)
            if feed.errors:
                return FetchError("; ".join(feed.errors)[:500], url=url, kind="bad-feed",
                                  status=result.status)
            return None
        if kind in _REST_KINDS:
            return self._process_rest(url, final, kind, result)
        if not _looks_like_html(result):
            self._record(final, "other", result)
            return None
        try:
            parsed = await asyncio.get_running_loop().run_in_executor(
                self.pool, parse_page, result.text or "", final)
        except BrokenExecutor:
            # A parse process died (killed, out of memory): go on parsing in threads.
            self.pool.shutdown(wait=False, cancel_futures=True)
            self.pool = _parse_pool(0)
            parsed = await asyncio.get_running_loop().run_in_executor(
                self.pool, parse_page, result.text or "", final)
        self._after_html(kind, final, depth, result, parsed)
        return None

    def _after_html(self, kind: str, final: str, depth: int, result: FetchResult, parsed) -> None:
        audit_id = self.audit_id
        items = parsed.items
        if items:
            self.writer.submit(lambda s: s.save_items(audit_id, final, items))
            self.progress.items += len(items)
        if parsed.js_comments:
            self.js_pages[parsed.js_comments] += 1
        self._record(final, "html", result, engine=parsed.engine, items=len(items),
                     js=parsed.js_comments)
        if parsed.canonical and host_of(parsed.canonical) in self.hosts:
            self.seen.add(parsed.canonical)
        # Comment pagination is followed whatever the depth: it is the same post. Only
        # the parser's pagination links count: a comment's permalink on the bare post
        # URL points at the comment page the post URL already shows.
        for page in parsed.comment_pages:
            self.enqueue(page, "comment-page", depth)
        if kind == "comment-page" and items:
            # Themes without numbered navigation: go on until a page shows no items
            # (WordPress answers pages past the end with 200 and no comments).
            self.enqueue(next_comment_page(final), "comment-page", depth)
        self._discover_from_head(parsed, result, depth)
        if depth < self.settings.max_depth:
            for link in parsed.links:
                if comment_page_number(link) is None:
                    self.enqueue(link, "html", depth + 1)

    def _discover_from_head(self, parsed, result: FetchResult, depth: int) -> None:
        # Feeds advertised on the start page (the site's feeds) are read; a post's own
        # comment feed repeats what its page shows.
        if self.settings.use_feeds and depth == 0:
            for feed in parsed.feeds:
                if feed not in self.discovered and host_of(feed) in self.hosts:
                    self.discovered.add(feed)
                    self.enqueue(feed, "feed", 0)
        root = parsed.rest_root or _rest_root_from_link_header(result.headers.get("link", ""),
                                                               result.final_url)
        if self.settings.use_rest and root and host_of(root) in self.hosts:
            for route, kind in (("wp/v2/posts", "rest-posts"), ("wp/v2/pages", "rest-posts"),
                                ("wp/v2/comments", "rest-comments")):
                first = rest_url(root, route, per_page=100, page=1)
                if first and first not in self.discovered:
                    self.discovered.add(first)
                    self.enqueue(first, kind, 0)
            listing = moderation_listing_url(root) if self.wp_auth else None
            if listing and listing not in self.discovered:
                self.discovered.add(listing)
                self.enqueue(listing, "rest-moderation", 0)

    def _process_rest(self, url: str, final: str, kind: str,
                      result: FetchResult) -> FetchError | None:
        audit_id = self.audit_id
        self._record(final, "rest", result)
        if kind == "rest-posts":
            for link in parse_rest_posts(result.body):
                self.enqueue(normalize_url(link), "post", 1)
            error = None
        else:
            moderation = kind == "rest-moderation"
            items, message = parse_rest_comments_checked(result.body, edit_context=moderation)
            if moderation:
                items = protect_personal(items, self.salt, self.settings.keep_personal)
            if items:
                self.writer.submit(lambda s: s.save_items(audit_id, final, items))
                self.progress.items += len(items)
                # Posts of hidden items may be private or trashed: a visitor's 404 there
                # says nothing. The public listings, sitemaps and links find the rest.
                for item in items if not moderation else ():
                    self.enqueue(item.post_url, "post", 1)
            error = FetchError(message, url=url, kind="bad-rest-answer",
                               status=result.status) if message else None
        query = dict(parse_qsl(urlsplit(url).query))
        if query.get("page") == "1":
            total = rest_total_pages(result.headers) or 1
            for page in range(2, total + 1):
                query["page"] = str(page)
                next_url = normalize_url(urlunsplit(urlsplit(url)._replace(
                    query=urlencode(query, safe="/"))))
                self.enqueue(next_url, kind, 0)
        return error

    def _record(self, url: str, kind: str, result: FetchResult, *, engine: str = "",
                items: int = 0, js: str | None = None) -> None:
        audit_id = self.audit_id
        status, ctype = result.status, result.content_type
        self.writer.submit(lambda s: s.record_page(audit_id, url, kind, status, ctype,
                                                   engine, items, js))


def _parse_pool(processes: int) -> Executor:
    """The executor that runs :func:`parse_page`.

    Parsing is pure CPU work; in a process of its own it runs on another core while
    this process fetches and stores. ``spawn`` rather than ``fork``: the store's writer
    thread is running, and forking a process with threads is unsafe.
    """
    if processes > 0:
        return ProcessPoolExecutor(max_workers=processes, mp_context=multiprocessing.get_context("spawn"))
    return ThreadPoolExecutor(max_workers=1, thread_name_prefix="backlint-parse")


def _looks_like_html(result: FetchResult) -> bool:
    ctype = result.content_type
    if "html" in ctype:
        return True
    if ctype in ("", "text/plain"):
        return (result.text or "").lstrip()[:200].lower().startswith(("<!doctype html", "<html"))
    return False


_LINK_REST = re.compile(r"<([^>]+)>\s*;\s*rel=\"?https://api\.w\.org/\"?", re.I)


def _rest_root_from_link_header(value: str, base: str) -> str | None:
    """The REST root from a ``Link: <…/wp-json/>; rel="https://api.w.org/"`` header."""
    match = _LINK_REST.search(value or "")
    return normalize_url(match.group(1), base=base) if match else None
