"""robots.txt rules for one origin, read with Protego (RFC 9309).

A crawl asks three things of a site's ``robots.txt``: may this URL be fetched, how
long to wait between requests, and where the sitemaps are. :class:`Robots` answers
them from the file's text; :func:`robots_for_status` picks the rules RFC 9309 §2.3.1
prescribes when the file could not be read (a 404, a 503, no answer at all).

:class:`RobotsByOrigin` is the one place that fetches the files, for the crawl and the
ping verification alike: once per origin, through the fetcher it is given.
"""

from __future__ import annotations

import asyncio
import math
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

from protego import Protego

from backlint.urls import host_of, normalize_url

#: RFC 9309 §2.5: a crawler "SHOULD" stop parsing after a limit of at least 500 KiB;
#: rules past it are ignored rather than letting a huge file cost unbounded time.
MAX_ROBOTS_CHARS = 500 * 1024

_ALLOW_ALL = "allow-all"
_DISALLOW_ALL = "disallow-all"
_PARSED = "parsed"


class Robots:
    """The robots.txt rules of one origin (scheme, host and port).

    Build it with :meth:`parse`, :meth:`allow_all`, :meth:`disallow_all`, or from a
    fetch result with :func:`robots_for_status`. The rules only apply to URLs of
    the origin the file came from; choosing the right :class:`Robots` for a URL is
    the caller's job.

    Example:
        >>> robots = Robots.parse(
        ...     "User-agent: *\\nDisallow: /wp-admin/\\nAllow: /wp-admin/admin-ajax.php\\n"
        ...     "Sitemap: https://blog.example/wp-sitemap.xml\\n",
        ...     "https://blog.example/robots.txt")
        >>> robots.can_fetch("https://blog.example/wp-admin/options.php", "backlint")
        False
        >>> robots.can_fetch("https://blog.example/hello-world/", "backlint")
        True
        >>> robots.sitemaps
        ['https://blog.example/wp-sitemap.xml']

    Attributes:
        kind: ``parsed`` (rules read from a file), ``allow-all`` or ``disallow-all``.
        sitemaps: the ``Sitemap:`` URLs, absolute and normalised, in file order,
            without duplicates.
    """

    __slots__ = ("_parser", "kind", "sitemaps")

    def __init__(self, kind: str, parser: Protego | None = None,
                 sitemaps: list[str] | None = None) -> None:
        self.kind = kind
        self._parser = parser
        self.sitemaps = sitemaps or []

    def __repr__(self) -> str:
        return f"Robots(kind={self.kind!r}, sitemaps={self.sitemaps!r})"

    @classmethod
    def parse(cls, text: str | bytes, robots_url: str) -> Robots:
        """Read the rules of a ``robots.txt`` body.

        Never raises: lines that are not rules are skipped (RFC 9309 §2.3.1.5:
        crawlers MUST use the parseable rules of a file with errors), so garbage
        text yields rules that allow everything.

        Args:
            text: the body; bytes are decoded as UTF-8 (RFC 9309 §2.3 requires it),
                bad bytes replaced.
            robots_url: the URL the file was fetched from, used to resolve
                relative ``Sitemap:`` values.

        Returns:
            The rules.
        """
        text = _clean_text(text)
        try:
            parser = Protego.parse(text)
        except (ValueError, TypeError, IndexError, UnicodeError):
            # Protego is tolerant by design; this guards the promise that a hostile
            # file never stops a crawl. Unreadable rules are no rules (§2.3.1.5).
            return cls(_ALLOW_ALL)
        return cls(_PARSED, parser, _absolute_sitemaps(parser, robots_url))

    @classmethod
    def allow_all(cls) -> Robots:
        """Rules that allow everything: no file, or an "unavailable" one (§2.3.1.3)."""
        return cls(_ALLOW_ALL)

    @classmethod
    def disallow_all(cls) -> Robots:
        """Rules that forbid everything: an "unreachable" file (§2.3.1.4)."""
        return cls(_DISALLOW_ALL)

    def can_fetch(self, url: str, user_agent: str) -> bool:
        """Return whether ``user_agent`` may fetch ``url``.

        Args:
            url: an absolute URL of this origin.
            user_agent: the crawler's product token or full User-Agent string;
                Protego matches a group's name at a token boundary, case-insensitively.

        Returns:
            ``True`` when allowed.
        """
        if self._parser is None:
            return self.kind == _ALLOW_ALL
        try:
            return self._parser.can_fetch(url, user_agent)
        except (ValueError, TypeError, UnicodeError):
            # A URL Protego cannot split is not one we would fetch either.
            return False

    def crawl_delay(self, user_agent: str) -> float | None:
        """Return the ``Crawl-delay`` in seconds for ``user_agent``, or ``None``.

        ``Crawl-delay`` is not part of RFC 9309 but is widely honoured; negative,
        infinite and NaN values are treated as absent. Capping a large delay is the
        fetcher's policy, not the parser's.
        """
        if self._parser is None:
            return None
        delay = self._parser.crawl_delay(user_agent)
        if delay is None or not math.isfinite(delay) or delay < 0:
            return None
        return float(delay)


def robots_for_status(status: int | None, text: str | bytes, url: str) -> Robots:
    """Return the rules RFC 9309 §2.3.1 prescribes for a robots.txt fetch result.

    The fetcher follows redirects first (§2.3.1.2: at least five hops), then
    passes the final status here.

    Args:
        status: the final HTTP status, or ``None`` when no response arrived
            (DNS failure, refused connection, timeout).
        text: the body (ignored unless the status is 2xx).
        url: the robots.txt URL.

    Returns:
        The rules to crawl by.

    Example:
        >>> robots_for_status(404, "", "https://blog.example/robots.txt").kind
        'allow-all'
        >>> robots_for_status(503, "", "https://blog.example/robots.txt").kind
        'disallow-all'
    """
    if status is None:
        # §2.3.1.4 "Unreachable": network or server errors mean the crawler MUST
        # assume complete disallow.
        return Robots.disallow_all()
    if 200 <= status < 300:
        # §2.3.1.1 "Successful access": follow the parsable rules.
        return Robots.parse(text, url)
    if status == 429:
        # 429 is a 4xx code, but it says "come back later", not "there is no file".
        # Reading it as "unavailable" would turn a site's request to slow down into
        # permission to crawl everything, so it is treated like a server error
        # (as Google's crawlers do) until a later fetch succeeds.
        return Robots.disallow_all()
    if 400 <= status < 500:
        # §2.3.1.3 "Unavailable": 4xx, including 401 and 403, means the crawler
        # MAY access any resource on the server.
        return Robots.allow_all()
    if 300 <= status < 400:
        # §2.3.1.2: a redirect still unresolved after the fetcher's hops (more than
        # five) MAY be treated as "unavailable".
        return Robots.allow_all()
    # §2.3.1.4 "Unreachable": 5xx (and any status outside the ranges above) means
    # complete disallow.
    return Robots.disallow_all()


def _clean_text(text: str | bytes) -> str:
    if isinstance(text, bytes):
        text = text.decode("utf-8", errors="replace")
    if not isinstance(text, str):
        return ""
    # A UTF-8 byte order mark glued to the first "User-agent" line makes that line
    # unreadable and silently drops the first group; Google documents that its
    # crawlers ignore the BOM, and editors on Windows add one.
    text = text.removeprefix("\ufeff")
    if len(text) > MAX_ROBOTS_CHARS:
        # Cut at the last full line so a rule is never read half-way (§2.5).
        text = text[:MAX_ROBOTS_CHARS].rsplit("\n", 1)[0]
    return text


def _absolute_sitemaps(parser: Protego, robots_url: str) -> list[str]:
    # RFC 9309 §2.2.4 defers to the Sitemaps protocol, which wants absolute URLs;
    # relative ones still occur and are resolved against the robots.txt URL.
    found: list[str] = []
    for value in parser.sitemaps:
        url = normalize_url(value, base=robots_url)
        if url and url not in found:
            found.append(url)
    return found


class RobotsByOrigin:
    """Each origin's robots.txt, fetched once however many tasks ask for it at the same time.

    The first URL of an origin fetches ``/robots.txt`` through ``fetcher`` (its ``fetch``
    coroutine), reads the outcome as RFC 9309 §2.3.1 says with :func:`robots_for_status` and
    hands the fetcher the origin's ``Crawl-delay``; the others wait for that one fetch. With
    ``respect=False`` nothing is fetched and everything is allowed.

    Args:
        fetcher: a :class:`crawler.fetch.Fetcher` (``fetch(url)``, ``set_crawl_delay(host, delay)``).
        user_agent: the product token the rules are read for.
        respect: whether robots.txt is obeyed (the ``respect_robots`` setting).
        on_fetched: called with ``(origin, robots_url, result, robots)`` after each fetch,
            for the caller's own accounting (the crawl logs it and queues the sitemaps).

    Example:
        >>> import asyncio
        >>> rules = RobotsByOrigin(fetcher=None, user_agent="backlint", respect=False)
        >>> robots, failed = asyncio.run(rules.get("https://blog.example/post/"))
        >>> (robots.kind, failed)
        ('allow-all', None)
    """

    def __init__(self, fetcher: Any, user_agent: str, respect: bool = True,
                 on_fetched: Callable[[str, str, Any, Robots], None] | None = None) -> None:
        self.fetcher = fetcher
        self.user_agent = user_agent
        self.respect = respect
        self.on_fetched = on_fetched
        self._rules: dict[str, tuple[Robots, Any]] = {}
        self._locks: dict[str, asyncio.Lock] = {}

    async def get(self, url: str) -> tuple[Robots, Any]:
        """Return the rules of ``url``'s origin and, when they disallow everything, the failed fetch.

        The failed fetch (``None`` otherwise) lets a caller report the reason the host gave,
        which says more than "disallowed" would.
        """
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        if origin not in self._rules:
            async with self._locks.setdefault(origin, asyncio.Lock()):
                if origin not in self._rules:
                    self._rules[origin] = await self._fetch(origin)
        return self._rules[origin]

    async def _fetch(self, origin: str) -> tuple[Robots, Any]:
        robots_url = origin + "/robots.txt"
        if not self.respect:
            return Robots.allow_all(), None
        result = await self.fetcher.fetch(robots_url)
        status = result.status if result.error is None or result.status else None
        robots = robots_for_status(status, result.text or "", robots_url)
        self.fetcher.set_crawl_delay(host_of(origin), robots.crawl_delay(self.user_agent))
        if self.on_fetched is not None:
            self.on_fetched(origin, robots_url, result, robots)
        # RFC 9309 §2.3.1.4: an unreachable robots.txt (no answer, 5xx, and a 429 read the
        # same way) means "disallow everything".
        return robots, (result if robots.kind == _DISALLOW_ALL else None)
