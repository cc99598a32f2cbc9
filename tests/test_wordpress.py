"""The crawler against a real WordPress: it must find exactly what WordPress shows.

The blog is Debian's ``wordpress`` package on http://127.0.0.1:8086/, set up and seeded
through WordPress itself by ``tests/wordpress/install.sh`` (comments with
``wp_new_comment``, trackbacks POSTed to ``<permalink>trackback/``, pingbacks through
XML-RPC ``pingback.ping``; see ``tests/wordpress/README.md``). The ground truth comes from
WordPress too: ``tests/wordpress/expected.php`` prints every ``wp_comments`` row with its
status and the links its text shows after WordPress's display filters.

For a classic and a block theme the test crawls the blog into a fresh SQLite store and
compares, item by item: the set of ids, each type, author URL, parent, post and the URLs
(and ``rel``) of the links in the text. Pending, spam, trashed items and those on
private or trashed posts must not be found.

``BACKLINT_TEST_WP_URL`` points the test at another WordPress set up the same way.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
from collections import Counter
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path
from typing import Any

import httpx
import pytest

from backlint.settings import load_settings
from backlint.store import Store
from backlint.urls import normalize_url
from crawler.crawl import crawl_site

pytestmark = pytest.mark.wordpress

DEFAULT_WP_URL = "http://127.0.0.1:8086/"
WP_URL = os.environ.get("BACKLINT_TEST_WP_URL") or DEFAULT_WP_URL
WP_SCRIPTS = Path(__file__).parent / "wordpress"
INSTALL_SCRIPT = WP_SCRIPTS / "install.sh"

# A classic theme and a block theme: their comment markup has little in common.
THEMES = ("twentytwentyone", "twentytwentythree")
# Classic themes list pings with the core walker's short form (``short_ping``): the
# sender's name and link, no text. Twenty Twenty-Three prints a ping's text like a
# comment's. A link only in a ping's text is therefore shown by one theme only.
PING_TEXT_SHOWN = {"twentytwentyone": False, "twentytwentythree": True}

_COMMENT_PAGE_SUFFIX = re.compile(r"comment-page-\d+/?$")


def _answers_as_wordpress(url: str) -> bool:
    """Whether ``url`` is up and is a WordPress (it advertises its REST API root)."""
    try:
        response = httpx.get(url, timeout=10.0, follow_redirects=True)
    except httpx.HTTPError:
        return False
    return response.status_code == 200 and "api.w.org" in response.headers.get("link", "")


def _run(args: list[str], timeout: float) -> str:
    """Run a setup script and return its stdout; fail the test with its output if it fails."""
    try:
        done = subprocess.run(args, capture_output=True, text=True, timeout=timeout, check=False,
                              env={**os.environ, "BACKLINT_TEST_WP_URL": WP_URL})
    except (OSError, subprocess.TimeoutExpired) as exc:
        pytest.fail(f"{' '.join(args)} did not run: {exc}")
    if done.returncode != 0:
        pytest.fail(f"{' '.join(args)} exited {done.returncode}:\n{done.stdout[-3000:]}\n"
                    f"{done.stderr[-3000:]}")
    return done.stdout


@pytest.fixture(scope="module")
def wordpress() -> Iterator[str]:
    """The URL of the seeded test blog, set up first when this machine can.

    Never skips: a missing WordPress is a failure with the command that fixes it.
    """
    if not _answers_as_wordpress(WP_URL):
        if WP_URL != DEFAULT_WP_URL or os.geteuid() != 0:
            pytest.fail(f"no WordPress answers at {WP_URL}. Set it up, as root, with: "
                        f"bash {INSTALL_SCRIPT}  (see tests/wordpress/README.md)")
        _run(["bash", str(INSTALL_SCRIPT)], timeout=280)
        if not _answers_as_wordpress(WP_URL):
            pytest.fail(f"{INSTALL_SCRIPT} ran but no WordPress answers at {WP_URL}")
    original_theme = _run(["php", "-r", "require $argv[1] . '/lib.php'; backlint_prepare_request();"
                           " require_once BACKLINT_WP_LOAD; echo get_stylesheet();",
                           str(WP_SCRIPTS)], timeout=60).strip()
    yield WP_URL
    _run(["bash", str(WP_SCRIPTS / "theme.sh"), original_theme], timeout=60)


def ground_truth() -> list[dict[str, Any]]:
    """Every comment row, from WordPress itself (tests/wordpress/expected.php)."""
    return json.loads(_run(["php", str(WP_SCRIPTS / "expected.php")], timeout=60))["items"]


def _post_url(url: str | None) -> str | None:
    """The normalised permalink an item belongs to."""
    # An item found on <permalink>comment-page-2/ still belongs to <permalink>.
    url = normalize_url(url or "")
    return None if url is None else _COMMENT_PAGE_SUFFIX.sub("", url)


def _rel(tokens: list[str] | None) -> tuple[str, ...]:
    """``rel`` tokens in a comparable form; no attribute and an empty one are alike."""
    return tuple(sorted(t.lower() for t in tokens or []))


def expected_view(item: dict[str, Any], theme: str) -> dict[str, Any]:
    """What a visitor sees of one item, in the crawler's terms (URLs normalised)."""
    shows_text = item["type"] == "comment" or PING_TEXT_SHOWN[theme]
    text_links = {}
    for link in item["body_links"] if shows_text else []:
        url = normalize_url(link["href"], base=item["post_url"])
        if url is not None:  # mailto: and the like are not links to a site
            text_links[url] = _rel(link["rel"])
    return {
        "type": item["type"],
        "author_url": normalize_url(item["author_url"] or ""),
        "parent_id": item["parent_id"],
        "post_url": _post_url(item["post_url"]),
        "text_links": text_links,
    }


def found_view(item: dict[str, Any]) -> dict[str, Any]:
    """The same view of an item the crawler stored."""
    text_links = {}
    for link in item["links"]:
        url = normalize_url(link["url"] or "")
        if url is not None and not link["is_author_link"]:
            text_links[url] = _rel(link["rel"])
    return {
        "type": item["type"],
        "author_url": normalize_url(item["author_url"] or ""),
        "parent_id": item["parent_id"] or None,
        "post_url": _post_url(item["post_url"]),
        "text_links": text_links,
    }


def crawl(url: str, tmp_path: Path) -> tuple[Any, list[dict[str, Any]]]:
    """Crawl ``url`` into a fresh store, as fast as loopback allows; the summary and items."""
    settings = load_settings(env={}, overrides={"db": str(tmp_path / "wp.db"), "delay": 0,
                                                "max_pages": 500})
    summary = crawl_site(url, settings)
    with closing(Store(settings.db)) as store:
        return summary, store.list_items(summary.audit_id)


def test_seed_covers_every_case(wordpress: str) -> None:
    """The ground truth holds what makes the crawl test mean something."""
    truth = ground_truth()
    visible = [i for i in truth if i["visible"]]
    hidden_statuses = Counter(i["approved"] for i in truth if not i["visible"])
    visible_types = Counter(i["type"] for i in visible)

    assert visible_types["trackback"] >= 2 and visible_types["pingback"] >= 2
    assert {"0", "spam", "trash", "post-trashed"} <= set(hidden_statuses)
    assert any(i["approved"] == "1" and not i["visible"] for i in truth)  # on a private post
    assert max(i["page"] for i in visible) >= 3  # comment paging
    by_id = {i["id"]: i for i in truth}

    def depth(item: dict[str, Any]) -> int:
        return 1 if item["parent_id"] is None else 1 + depth(by_id[item["parent_id"]])

    assert max(depth(i) for i in visible) >= 3
    assert any(i["author_url"] for i in visible) and any(not i["author_url"] for i in visible)
    assert any(link["rel"] == [] for i in visible for link in i["body_links"])


@pytest.mark.parametrize("theme", THEMES)
def test_crawl_finds_exactly_what_wordpress_shows(wordpress: str, theme: str,
                                                  tmp_path: Path) -> None:
    _run(["bash", str(WP_SCRIPTS / "theme.sh"), theme], timeout=60)
    truth = ground_truth()
    summary, items = crawl(wordpress, tmp_path)

    assert summary.status == "finished", (summary.status, summary.failures)
    found_ids = [i["site_item_id"] for i in items]
    duplicates = sorted(i for i, n in Counter(found_ids).items() if n > 1)
    assert not duplicates, f"items stored more than once: {duplicates}"

    hidden = {i["id"]: i["approved"] for i in truth if not i["visible"]}
    leaked = {i: hidden[i] for i in found_ids if i in hidden}
    assert not leaked, f"items WordPress does not show were found (id: status): {leaked}"

    expected = {i["id"]: expected_view(i, theme) for i in truth if i["visible"]}
    found = {i["site_item_id"]: found_view(i) for i in items}
    assert sorted(found, key=int) == sorted(expected, key=int), (
        f"missing: {sorted(set(expected) - set(found), key=int)}, "
        f"unexpected: {sorted(set(found) - set(expected), key=int)}")
    wrong = {i: {"expected": expected[i], "found": found[i]}
             for i in expected if expected[i] != found[i]}
    assert not wrong, json.dumps(wrong, indent=1, sort_keys=True)
