"""The built-in demo: the bundled demo blog crawled, its pings verified, everything graded.

One function for the command line (``backlint demo``) and the dashboard (which opens on
the demo audit when its store is empty). The demo server also plays the sites that sent
the blog's trackbacks and pingbacks; the ``resolve`` setting routes those hosts to it, so
nothing leaves 127.0.0.1.

Example:
    >>> result = run_demo("demo.db")                                  # doctest: +SKIP
    >>> result.grading.items_by_band["high"] > 0                       # doctest: +SKIP
    True
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from backlint.settings import Settings, load_settings


@dataclass
class DemoResult:
    """What :func:`run_demo` did: the crawl summary, the ping checks, the grading summary."""

    crawl: Any
    pings: dict[str, int]
    grading: Any
    url: str


def run_demo(db: str, settings: Settings | None = None, *,
             progress: Callable[[Any], None] | None = None,
             on_server: Callable[[str], None] | None = None) -> DemoResult:
    """Serve the demo blog, crawl it into ``db``, verify its pings and grade the audit.

    Args:
        db: the store to write.
        settings: crawl settings; the politeness delay is 0 by default (our own local
            demo) and ``resolve`` is set to route the demo's ping sources to the server.
        progress: the crawl's progress callback.
        on_server: called with the demo blog's URL once it is served.
    """
    from backlint.demo.server import DemoServer
    from backlint.demo.sources import resolve_entries
    from crawler.crawl import crawl_site
    from crawler.verify import verify_audit
    from grading.engine import grade_audit

    settings = settings or load_settings(env={}, overrides={"delay": 0})
    with DemoServer() as server:
        if on_server is not None:
            on_server(server.url)
        settings = dataclasses.replace(settings, db=db, resolve=tuple(settings.resolve) + resolve_entries(server.url))
        crawl = crawl_site(server.url, settings, progress=progress)
        pings = verify_audit(db, crawl.audit_id, settings)
    grading = grade_audit(db, crawl.audit_id)
    return DemoResult(crawl=crawl, pings=pings, grading=grading, url=server.url)
