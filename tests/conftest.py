"""Shared fixtures: real servers on 127.0.0.1 that tests crawl."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import sqlite_leaks  # noqa: F401  (an unclosed SQLite connection fails a test on every Python)
from fixture_site import FaultSite


@pytest.fixture
def fault_site() -> Iterator[FaultSite]:
    """The fault fixture site (see ``tests/fixture_site.py``), fresh for each test.

    It has ``.url``, ``.requests`` (the request log), ``.paths()`` and
    ``.set_crawl_delay(seconds)``.
    """
    with FaultSite() as site:
        yield site
