"""A polite async fetcher on httpx.

Politeness is on by default (see :class:`backlint.settings.Settings`): an identifying
User-Agent, a delay between two requests to one host (the robots.txt Crawl-delay wins
when larger), a cap on requests in flight per host and overall, retries with
exponential backoff on connection errors, timeouts, 5xx and 429 (``Retry-After``
honoured, RFC 9110 §10.2.3), a cap on redirects and on body size.

:meth:`Fetcher.fetch` never raises for anything the site does: every outcome is a
:class:`FetchResult`, whose ``error`` (a :class:`~backlint.errors.FetchError`) says what
went wrong. The crawl loop stores it as a fetch-log row and goes on.

Example:
    >>> async def main(settings):                                    # doctest: +SKIP
    ...     async with Fetcher(settings) as fetcher:
    ...         result = await fetcher.fetch("https://blog.example/")
    ...         return result.status, result.outcome
"""

from __future__ import annotations

import asyncio
import email.utils
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, urlsplit

import httpx

from backlint.decode import decode
from backlint.errors import BlockedError, DeadError, FetchError
from backlint.settings import Settings
from backlint.urls import host_of, normalize_url

#: Media types whose bodies are read and parsed; anything else is logged and skipped.
PARSED_TYPES = ("text/html", "application/xhtml+xml", "text/xml", "application/xml",
                "application/rss+xml", "application/atom+xml", "application/json",
                "text/plain", "application/x-gzip", "application/gzip")

RETRY_STATUSES = frozenset({429, 500, 502, 503, 504, 520, 521, 522, 523, 524})
#: 401/403/429 mean "not for you": the page may well exist (DOMAIN.md §2).
BLOCKED_STATUSES = frozenset({401, 403, 429})

#: Largest error body read when the caller asks for it (a server's reason, not a page).
ERROR_BODY_MAX = 65536
_DEFAULT_PORTS = {"http": 80, "https": 443}


@dataclass
class FetchResult:
    """The outcome of fetching one URL.

    Example:
        >>> r = FetchResult(url="https://blog.example/", status=200, content_type="text/html")
        >>> r.ok, r.outcome
        (True, 'ok')

    Attributes:
        url: the URL asked for.
        final_url: the URL after redirects.
        status: the last HTTP status, ``None`` when no response arrived.
        content_type: the media type, lower-cased, without parameters.
        body: the body bytes (empty when not read: not parsed, or an error).
        text: the body decoded (HTML, XML, JSON and plain text only).
        encoding: the charset used to decode ``text``.
        headers: the last response's headers, names lower-cased.
        attempts: requests made, retries included.
        elapsed: seconds from the first attempt to the end.
        truncated: the body was larger than ``body_max_bytes`` and was cut there.
        error: what went wrong, or ``None``.
    """

    url: str
    status: int | None = None
    final_url: str = ""
    content_type: str = ""
    body: bytes = b""
    text: str | None = None
    encoding: str | None = None
    headers: dict[str, str] = field(default_factory=dict)
    attempts: int = 0
    elapsed: float = 0.0
    truncated: bool = False
    error: FetchError | None = None

    @property
    def ok(self) -> bool:
        """True when a 2xx body of a parsed type arrived (a cut body still counts)."""
        return self.error is None or (self.truncated and self.error.kind == "too-large")

    @property
    def outcome(self) -> str:
        """``ok``, ``blocked``, ``dead``, ``skipped`` or ``error`` — how the fetch log groups it."""
        if self.error is None:
            return "ok"
        if isinstance(self.error, BlockedError):
            return "blocked"
        if isinstance(self.error, DeadError):
            return "dead"
        if self.error.kind in ("not-parsed-type", "off-site-redirect", "robots-disallowed"):
            return "skipped"
        return "error"


@dataclass(frozen=True)
class Credentials:
    """HTTP Basic credentials and the one place they may be sent.

    The fetcher sends them only on requests whose URL lies under ``scope`` (same
    scheme, host and port, path below the scope's), checked on every hop: a
    redirect elsewhere, even on the same host, is followed without them.

    Example:
        >>> c = Credentials("editor", "abcd efgh ijkl", scope="https://blog.example/wp-json/")
        >>> c.applies_to("https://blog.example/wp-json/wp/v2/comments?page=2")
        True
        >>> c.applies_to("https://blog.example/wp-login.php"), c.applies_to("http://blog.example/wp-json/")
        (False, False)
        >>> c
        Credentials(user='editor', scope='https://blog.example/wp-json/')

    Attributes:
        user: the user name.
        password: the password (left out of ``repr``, so it is never logged).
        scope: a URL prefix: a REST root such as ``https://blog.example/wp-json/``,
            or ``https://blog.example/?rest_route=/`` on sites without pretty permalinks.
    """

    user: str
    password: str = field(repr=False)
    scope: str

    def applies_to(self, url: str) -> bool:
        """Whether a request to ``url`` may carry these credentials."""
        return url_in_scope(url, self.scope)

    def auth(self) -> httpx.BasicAuth:
        """The httpx auth object (RFC 7617 Basic)."""
        return httpx.BasicAuth(self.user, self.password)


def _origin(parts) -> tuple[str, str, int | None] | None:
    try:
        port = parts.port or _DEFAULT_PORTS.get(parts.scheme.lower())
    except ValueError:  # a port that is not a number
        return None
    return parts.scheme.lower(), (parts.hostname or "").lower(), port


def url_in_scope(url: str, scope: str) -> bool:
    """Whether ``url`` lies under the URL prefix ``scope`` (same origin, path below).

    A scope with ``?rest_route=`` (WordPress without pretty permalinks) covers the
    same path with any ``rest_route`` query. Bad input is simply out of scope.

    Example:
        >>> url_in_scope("https://b.example/wp-json/wp/v2/comments", "https://b.example/wp-json/")
        True
        >>> url_in_scope("https://b.example.evil/wp-json/", "https://b.example/wp-json/")
        False
        >>> url_in_scope("https://b.example/?rest_route=/wp/v2/comments&page=2", "https://b.example/?rest_route=/")
        True
    """
    try:
        target, root = urlsplit(url), urlsplit(scope)
    except ValueError:
        return False
    origin = _origin(target)
    if origin is None or not origin[1] or origin != _origin(root):
        return False
    root_route = dict(parse_qsl(root.query)).get("rest_route")
    if root_route is not None:
        route = dict(parse_qsl(target.query)).get("rest_route")
        return (target.path or "/") == (root.path or "/") and route is not None \
            and route.startswith(root_route)
    prefix = root.path if root.path.endswith("/") else root.path + "/"
    return target.path == prefix.rstrip("/") or target.path.startswith(prefix)


class HostThrottle:
    """Spaces the starts of requests to one host and caps how many are in flight.

    A 429 or 503 makes the host's delay grow (doubling, up to 60 s) so the crawl
    slows down for that host instead of hammering it; it never shrinks below the
    configured delay.
    """

    def __init__(self, delay: float, concurrency: int) -> None:
        self.delay = delay
        self.semaphore = asyncio.Semaphore(concurrency)
        self._lock = asyncio.Lock()
        self._last_start = float("-inf")

    async def wait_turn(self) -> None:
        """Sleep until this host may receive the next request."""
        async with self._lock:
            # The delay is read here, not when the previous request started, so a
            # Crawl-delay learnt from robots.txt applies from the very next request.
            now = time.monotonic()
            start = max(now, self._last_start + self.delay)
            self._last_start = start
        if start > now:
            await asyncio.sleep(start - now)

    def back_off(self) -> None:
        """The host asked us to slow down: double its delay (at least 1 s, at most 60 s)."""
        self.delay = min(60.0, max(1.0, self.delay * 2))


def parse_retry_after(value: str | None, now: float | None = None) -> float | None:
    """Return the seconds a ``Retry-After`` header asks for (RFC 9110 §10.2.3), or ``None``.

    Example:
        >>> parse_retry_after("3")
        3.0
        >>> parse_retry_after("soon") is None
        True
    """
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when is None:
        return None
    now = time.time() if now is None else now
    return max(0.0, when.timestamp() - now)


async def _drain(response: httpx.Response, limit: int = 65536) -> None:
    """Read a small unwanted body (a redirect, an error page) so the connection can be reused.

    An unread body makes httpx close the connection; a large one is not worth reading.
    """
    size = 0
    try:
        async for chunk in response.aiter_raw():
            size += len(chunk)
            if size > limit:
                break
    except httpx.StreamError:  # already read (in-memory responses): nothing to drain
        pass


async def _read_limited(response: httpx.Response, limit: int) -> bytes:
    """The first ``limit`` bytes of a body (decompressed)."""
    chunks: list[bytes] = []
    size = 0
    async for chunk in response.aiter_bytes():
        chunks.append(chunk)
        size += len(chunk)
        if size >= limit:
            break
    return b"".join(chunks)[:limit]


def _media_type(value: str) -> tuple[str, str | None]:
    media, _, params = value.partition(";")
    charset = None
    for param in params.split(";"):
        key, _, val = param.partition("=")
        if key.strip().lower() == "charset":
            charset = val.strip().strip("\"'") or None
    return media.strip().lower(), charset


def _is_markup(media: str) -> bool:
    # JSON and plain text hold no <meta charset> (a JSON string may quote one).
    return not media.endswith("json") and media != "text/plain"


class Fetcher:
    """Fetch URLs politely; one instance per crawl.

    Example:
        >>> fetcher = Fetcher(Settings(delay=0))                     # doctest: +SKIP
        >>> result = await fetcher.fetch("http://127.0.0.1:8080/")   # doctest: +SKIP

    Args:
        settings: timeouts, delays, caps and the User-Agent.
        allowed_hosts: when given, a redirect to a host outside it is not followed
            (the result is ``skipped`` with kind ``off-site-redirect``).
        transport: an httpx transport, for unit tests (``httpx.MockTransport``).
        sleep: the coroutine used to wait between retries, replaceable in tests.
    """

    def __init__(self, settings: Settings, *, allowed_hosts: frozenset[str] | None = None,
                 transport: httpx.AsyncBaseTransport | None = None,
                 sleep: Callable[[float], Awaitable[object]] | None = None) -> None:
        self.settings = settings
        self.allowed_hosts = allowed_hosts
        self._global = asyncio.Semaphore(settings.concurrency)
        self._hosts: dict[str, HostThrottle] = {}
        self._sleep = sleep or asyncio.sleep
        self._resolve = {host.strip().lower(): target.strip() for host, _, target in
                         (entry.partition("=") for entry in settings.resolve)}
        self._client = httpx.AsyncClient(
            headers={"User-Agent": settings.user_agent,
                     "Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,"
                               "application/json;q=0.8,*/*;q=0.5",
                     "Accept-Encoding": "gzip, deflate"},
            timeout=httpx.Timeout(settings.read_timeout, connect=settings.connect_timeout),
            limits=httpx.Limits(max_connections=settings.concurrency,
                                max_keepalive_connections=settings.concurrency),
            follow_redirects=False,
            transport=transport,
            trust_env=False,
        )

    async def __aenter__(self) -> Fetcher:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        """Close the connection pool."""
        await self._client.aclose()

    def throttle(self, host: str) -> HostThrottle:
        """Return (creating it on first use) the throttle of ``host``."""
        if host not in self._hosts:
            self._hosts[host] = HostThrottle(self.settings.delay, self.settings.per_host_concurrency)
        return self._hosts[host]

    def set_crawl_delay(self, host: str, seconds: float | None) -> None:
        """Apply a robots.txt Crawl-delay: the larger of it and the configured delay wins."""
        if seconds is not None and seconds > 0:
            throttle = self.throttle(host)
            throttle.delay = max(throttle.delay, min(float(seconds), 60.0))

    async def fetch(self, url: str, *, headers: dict[str, str] | None = None,
                    credentials: Credentials | None = None,
                    error_body: bool = False) -> FetchResult:
        """Fetch ``url``, following redirects and retrying as the settings say.

        Never raises for network or HTTP trouble; returns a :class:`FetchResult`
        whose ``error`` tells what went wrong.

        Args:
            url: the URL.
            headers: extra request headers.
            credentials: sent only on the hops whose URL is in their scope.
            error_body: on a 4xx/5xx answer, read up to :data:`ERROR_BODY_MAX` bytes
                of the body into ``body`` and ``text`` (the server's reason).
        """
        started = time.monotonic()
        result = FetchResult(url=url, final_url=url)
        current = url
        seen = {url}
        hops = 0
        while True:
            response_url = current
            # Decided per hop, from the URL asked for: a redirect out of the scope
            # (another host, another path, plain http) goes on without the credentials.
            auth = credentials if credentials is not None and credentials.applies_to(current) else None
            await self._attempt_with_retries(current, result, headers, auth, error_body)
            if result.error is not None or result.status is None or result.status not in (
                    301, 302, 303, 307, 308):
                break
            location = result.headers.get("location")
            target = normalize_url(location, base=response_url) if location else None
            if target is None:
                result.error = FetchError(f"redirect without a usable Location ({location!r})",
                                          url=url, kind="bad-redirect", status=result.status,
                                          attempts=result.attempts)
                break
            if target in seen:
                result.error = FetchError(f"redirect loop back to {target}", url=url,
                                          kind="redirect-loop", status=result.status,
                                          attempts=result.attempts)
                break
            hops += 1
            if hops > self.settings.max_redirects:
                result.error = FetchError(f"more than {self.settings.max_redirects} redirects",
                                          url=url, kind="too-many-redirects",
                                          status=result.status, attempts=result.attempts)
                break
            if self.allowed_hosts is not None and host_of(target) not in self.allowed_hosts:
                result.final_url = target
                result.error = FetchError(f"redirects off the site to {target}", url=url,
                                          kind="off-site-redirect", status=result.status,
                                          attempts=result.attempts)
                break
            seen.add(target)
            current = target
            result.final_url = target
        result.elapsed = time.monotonic() - started
        return result

    async def _attempt_with_retries(self, url: str, result: FetchResult,
                                    headers: dict[str, str] | None,
                                    auth: Credentials | None = None,
                                    error_body: bool = False) -> None:
        settings = self.settings
        host = host_of(url)
        throttle = self.throttle(host)
        retries = 0
        while True:
            result.attempts += 1
            result.error = None
            retry_wait: float | None = None
            async with throttle.semaphore, self._global:
                await throttle.wait_turn()
                try:
                    await self._one_request(url, result, headers, auth, error_body)
                except httpx.TimeoutException as exc:
                    result.status = None
                    result.error = FetchError(f"timed out ({type(exc).__name__})", url=url,
                                              kind="timeout", attempts=result.attempts)
                except httpx.TooManyRedirects as exc:  # pragma: no cover - redirects are manual
                    result.error = FetchError(str(exc), url=url, kind="too-many-redirects",
                                              attempts=result.attempts)
                except (httpx.ConnectError, httpx.RemoteProtocolError, httpx.ReadError,
                        httpx.WriteError, httpx.PoolTimeout, httpx.ProxyError) as exc:
                    result.status = None
                    result.error = FetchError(f"connection failed: {exc or type(exc).__name__}",
                                              url=url, kind="connect", attempts=result.attempts)
                except httpx.HTTPError as exc:
                    result.status = None
                    result.error = FetchError(f"HTTP error: {exc or type(exc).__name__}", url=url,
                                              kind="http", attempts=result.attempts)
            status = result.status
            retryable = (result.error is not None and result.error.kind in ("timeout", "connect")) \
                or (status in RETRY_STATUSES)
            if not retryable or retries >= settings.max_retries:
                break
            if status in (429, 503):
                throttle.back_off()
                retry_wait = parse_retry_after(result.headers.get("retry-after"))
                if retry_wait is not None and retry_wait > settings.retry_after_max:
                    break
            if retry_wait is None:
                retry_wait = settings.retry_backoff * (2 ** retries)
            retries += 1
            await self._sleep(retry_wait)
        self._classify_status(url, result)

    def _classify_status(self, url: str, result: FetchResult) -> None:
        status = result.status
        if result.error is not None or status is None:
            if result.error is not None:
                result.error.attempts = result.attempts
            return
        if status in BLOCKED_STATUSES:
            result.error = BlockedError(f"HTTP {status}: the site refuses the crawler", url=url,
                                        kind=f"http-{status}", status=status,
                                        attempts=result.attempts)
        elif 400 <= status < 500:
            result.error = DeadError(f"HTTP {status}", url=url, kind=f"http-{status}",
                                     status=status, attempts=result.attempts)
        elif status >= 500:
            result.error = FetchError(f"HTTP {status} from the server", url=url,
                                      kind=f"http-{status}", status=status,
                                      attempts=result.attempts)

    async def _one_request(self, url: str, result: FetchResult,
                           headers: dict[str, str] | None,
                           auth: Credentials | None = None,
                           error_body: bool = False) -> None:
        settings = self.settings
        target = self._resolve.get(host_of(url))
        if target is not None:
            # --resolve: connect to ADDR:PORT, tell the server which host we meant.
            parts = httpx.URL(url)
            headers = {**(headers or {}), "Host": parts.netloc.decode("ascii")}
            addr, _, port = target.rpartition(":")
            url = str(parts.copy_with(host=addr, port=int(port)))
        async with self._client.stream("GET", url, headers=headers,
                                       auth=auth.auth() if auth is not None else None) as response:
            result.status = response.status_code
            result.headers = {k.lower(): v for k, v in response.headers.items()}
            result.body, result.text, result.truncated = b"", None, False
            media, charset = _media_type(response.headers.get("content-type", ""))
            result.content_type = media
            if response.status_code >= 400 and error_body:
                result.body = await _read_limited(response, ERROR_BODY_MAX)
                result.text, result.encoding, _ = decode(result.body, charset, markup=_is_markup(media))
                return
            if response.status_code in (301, 302, 303, 307, 308) or response.status_code >= 400:
                await _drain(response)
                return
            if media and not media.startswith(PARSED_TYPES) and not media.endswith(("+xml", "+json")):
                result.error = FetchError(f"not parsed: content type {media}", url=url,
                                          kind="not-parsed-type", status=response.status_code,
                                          attempts=result.attempts)
                return
            chunks: list[bytes] = []
            size = 0
            async for chunk in response.aiter_bytes():
                chunks.append(chunk)
                size += len(chunk)
                if size > settings.body_max_bytes:
                    result.truncated = True
                    break
            body = b"".join(chunks)[: settings.body_max_bytes]
        result.body = body
        result.text, result.encoding, _ = decode(body, charset, markup=_is_markup(media))
        if result.truncated:
            result.error = FetchError(
                f"body larger than {settings.body_max_bytes:,} bytes; read the first part only",
                url=url, kind="too-large", status=result.status, attempts=result.attempts)

