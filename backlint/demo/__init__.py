"""A local demo site: "The Brew Shed", a small WordPress blog that backlint can crawl.

``backlint demo`` serves it on 127.0.0.1 and audits it; tests use it as a realistic
target whose correct answer is known. It reproduces WordPress 6.5 with the Twenty
Twenty-One theme: markup, comment pagination, feeds, sitemaps, REST API, headers.

Modules:

* :mod:`backlint.demo.data`: the content as Python data. ``POSTS``, ``PAGES``,
  ``CATEGORIES`` and ``ITEMS`` (every comment, trackback and pingback with ``id``,
  ``type``, ``status`` — ``approved``/``hold``/``spam``/``trash`` —, ``parent_id``,
  ``author``, ``author_url``, ``author_email``, ``author_ip``, ``date`` and ``content``),
  plus :func:`expected_public_items`, what a perfect crawl must find.
* :mod:`backlint.demo.site`: ``render(path_and_query, base_url) -> Response(status,
  headers, body)``, a pure function; its docstring lists every URL served;
  ``respond(host, path_and_query, base_url)`` picks a source site by ``Host`` first.
* :mod:`backlint.demo.server`: ``DemoServer(host="127.0.0.1", port=0)``, threaded and
  quiet; a context manager, or ``.start()``/``.stop()``, or ``.serve_forever()``;
  ``.url`` is the home URL with a trailing slash.
* :mod:`backlint.demo.markup`: WordPress's comment-list and theme markup as pure
  functions, shared with the benchmark and test fixture sites.
* :mod:`backlint.demo.sources`: the other sites the pings came from, played by the
  same server by ``Host`` header (genuine blogs, a scraper, trackback spam, a link
  farm, a dead page, a refusing host): :func:`source_hosts`, :func:`resolve_entries`
  (the ``resolve`` setting that routes them to the server) and
  :func:`expected_ping_checks` (what ``backlint verify`` must find).

Example:
    >>> import httpx
    >>> with DemoServer() as server:
    ...     page = httpx.get(server.url + "my-house-pale-ale-recipe/comment-page-1/")
    ...     expected = expected_public_items(server.url)
    >>> page.status_code, len(expected)
    (200, 140)
"""

from backlint.demo.data import ExpectedItem, expected_public_items
from backlint.demo.server import DemoServer
from backlint.demo.site import Response, render, respond
from backlint.demo.sources import expected_ping_checks, resolve_entries, source_hosts

__all__ = ["DemoServer", "ExpectedItem", "Response", "expected_ping_checks", "expected_public_items", "render",
           "resolve_entries", "respond", "source_hosts"]
