"""Crawls of real servers on 127.0.0.1: the fault fixture site and the demo blog."""

from __future__ import annotations

import itertools
import sqlite3
import subprocess
import sys
from collections import Counter
from contextlib import closing

import pytest
from click.testing import CliRunner
from fixture_site import ACCENTED_TEXT, COMMENT_IDS, FaultSite

from backlint.cli import cli
from backlint.demo.server import DemoServer
from backlint.settings import load_settings
from backlint.store import Store
from crawler.crawl import comment_page_number, crawl_site, next_comment_page, rest_url


def fast_settings(tmp_path, **overrides):
    values = {"db": str(tmp_path / "crawl.db"), "delay": 0, "read_timeout": 1.0, "max_retries": 2,
              "retry_backoff": 0.05, "body_max_bytes": 2_000_000, "concurrency": 4,
              "per_host_concurrency": 4}
    values.update(overrides)
    return load_settings(env={}, overrides=values)


def log_rows(db, audit_id):
    with closing(sqlite3.connect(db)) as conn:
        conn.row_factory = sqlite3.Row
        return {r["url"].split("/", 3)[3]: dict(r) for r in conn.execute(
            "SELECT * FROM fetch_log WHERE audit_id = ?", (audit_id,))}


def stored_items(db, audit_id):
    with closing(Store(db)) as store:
        return store.list_items(audit_id)


def ids_by_post(items):
    found: dict[str, set[str]] = {}
    for item in items:
        path = "/" + item["post_url"].split("/", 3)[3]
        found.setdefault(path, set()).add(item["site_item_id"])
    return found


@pytest.fixture(scope="module")
def fault_crawl(tmp_path_factory):
    """One crawl of the fault site, shared by the tests that read its results."""
    with FaultSite() as site:
        settings = fast_settings(tmp_path_factory.mktemp("fault"))
        summary = crawl_site(site.url, settings)
        yield site, settings, summary


def test_fault_site_crawl_finishes_and_records_each_fault(fault_crawl):
    site, settings, summary = fault_crawl
    assert summary.status == "finished"
    log = log_rows(settings.db, summary.audit_id)
    expect = {
        "slow/": ("error", "timeout"),
        "error-500/": ("error", "http-500"),
        "forbidden/": ("blocked", "http-403"),
        "gone/": ("dead", "http-404"),
        "loop-a/": ("error", "redirect-loop"),
        "huge/": ("error", "too-large"),  # cut at the size cap; what was read is parsed
        "private/secret/": ("skipped", "robots-disallowed"),
        "flaky/": ("ok", None),
        "rate-limited/": ("ok", None),
    }
    got = {path: (log[path]["outcome"], log[path]["error_kind"]) for path in expect}
    assert got == expect
    # Links to files by their extension are not fetched at all.
    assert "file.pdf" not in log and "/file.pdf" not in site.paths() and "/image.png" not in site.paths()
    assert log["error-500/"]["attempts"] == 3 and log["flaky/"]["attempts"] == 3
    assert log["rate-limited/"]["attempts"] == 2
    kinds = {(f["outcome"], f["kind"]) for f in summary.failures}
    assert {("error", "timeout"), ("blocked", "http-403"), ("dead", "http-404"),
            ("error", "redirect-loop")} <= kinds


def test_robots_disallowed_page_is_never_requested(fault_crawl):
    site, _, _ = fault_crawl
    paths = site.paths()
    assert "/robots.txt" in paths
    assert not [p for p in paths if p.startswith("/private/")]


def test_every_item_found_exactly_once(fault_crawl):
    _, settings, summary = fault_crawl
    items = stored_items(settings.db, summary.audit_id)
    keys = Counter(i["item_key"] for i in items)
    assert max(keys.values()) == 1
    found = ids_by_post(items)
    assert {path: found.get(path, set()) for path in COMMENT_IDS} == \
        {path: set(ids) for path, ids in COMMENT_IDS.items()}


def test_no_page_is_fetched_twice(fault_crawl):
    site, _, _ = fault_crawl
    retried = {"/error-500/": 3, "/flaky/": 3, "/rate-limited/": 2, "/slow/": 3}
    counts = Counter(site.paths())
    assert {p: n for p, n in counts.items() if n > 1 and p not in retried} == {}
    assert {p: counts[p] for p in retried} == retried


def test_wrong_and_missing_charsets_decode(fault_crawl):
    _, settings, summary = fault_crawl
    texts = {i["site_item_id"]: i["text"] for i in stored_items(settings.db, summary.audit_id)}
    assert ACCENTED_TEXT in texts["51"] and ACCENTED_TEXT in texts["61"]


def test_types_directions_and_rel(fault_crawl):
    _, settings, summary = fault_crawl
    items = {i["site_item_id"]: i for i in stored_items(settings.db, summary.audit_id)}
    assert (items["13"]["type"], items["14"]["type"], items["11"]["type"]) == ("trackback", "pingback", "comment")
    assert items["12"]["parent_id"] == "11"
    ping_link = items["14"]["links"][0]
    assert ping_link["is_author_link"] and ping_link["direction"] == "inbound"
    assert all(link["direction"] == "outbound_ugc" for link in items["11"]["links"])
    assert summary.counts["items_by_type"]["trackback"] >= 1


def test_summary_counts_match_the_store(fault_crawl):
    _, settings, summary = fault_crawl
    items = stored_items(settings.db, summary.audit_id)
    assert sum(summary.counts["items_by_type"].values()) == len(items)
    assert sum(summary.counts["links_by_direction"].values()) == sum(len(i["links"]) for i in items)


def test_crawl_delay_from_robots_spaces_requests(fault_site, tmp_path):
    fault_site.set_crawl_delay(0.3)
    summary = crawl_site(fault_site.url, fast_settings(tmp_path, max_pages=4, concurrency=4))
    times = sorted(r.time for r in fault_site.requests)
    assert summary.status == "limited" and len(times) >= 4
    # Lower bounds (politeness, not speed) on every span of k requests: k × 0.3 s. The
    # times are taken by the server's threads, which a busy machine may run late: one
    # request noted 0.13 s late shortens one gap and lengthens the next. So each span may
    # fall short by ``jitter``, never by more; without the delay they would all be near 0.
    jitter = 0.2
    for i, j in itertools.combinations(range(len(times)), 2):
        assert times[j] - times[i] >= (j - i) * 0.3 - jitter, (i, j, times)


def test_resume_goes_on_without_refetching_or_duplicating(fault_site, tmp_path):
    settings = fast_settings(tmp_path, max_pages=6)
    first = crawl_site(fault_site.url, settings)
    assert first.status == "limited" and first.queued_left > 0
    fetched_first = Counter(fault_site.paths())
    settings = fast_settings(tmp_path, max_pages=1000)
    second = crawl_site(fault_site.url, settings, resume=True)
    assert second.status == "finished" and second.audit_id == first.audit_id
    fetched_second = Counter(fault_site.paths()) - fetched_first
    assert not set(fetched_first) & set(fetched_second) - {"/robots.txt"}
    items = stored_items(settings.db, second.audit_id)
    assert max(Counter(i["item_key"] for i in items).values()) == 1
    assert ids_by_post(items)["/paged-post/"] == set(COMMENT_IDS["/paged-post/"])


def test_stop_request_interrupts_cleanly_and_resume_completes(fault_site, tmp_path):
    settings = fast_settings(tmp_path)
    calls = Counter()

    def stop_after_three():
        calls["n"] += 1
        return calls["n"] > 3

    first = crawl_site(fault_site.url, settings, should_stop=stop_after_three)
    assert first.status == "interrupted"
    with closing(sqlite3.connect(settings.db)) as conn:
        assert conn.execute("SELECT status FROM audits").fetchone()[0] == "interrupted"
    second = crawl_site(fault_site.url, settings, resume=True)
    assert second.status == "finished"
    found = ids_by_post(stored_items(settings.db, second.audit_id))
    assert found["/hello-world/"] == set(COMMENT_IDS["/hello-world/"])


def test_recrawl_is_a_new_audit_with_the_same_item_keys(fault_site, tmp_path):
    settings = fast_settings(tmp_path, include=(r"/hello-world/",))
    a = crawl_site(fault_site.url, settings)
    b = crawl_site(fault_site.url, settings)
    assert a.audit_id != b.audit_id
    keys = [{i["item_key"] for i in stored_items(settings.db, x.audit_id)} for x in (a, b)]
    assert keys[0] == keys[1] and len(keys[0]) == 4


def test_include_and_exclude_patterns(fault_site, tmp_path):
    summary = crawl_site(fault_site.url, fast_settings(tmp_path, exclude=(r"/paged-post/",)))
    assert not [p for p in fault_site.paths() if p.startswith("/paged-post/")]
    assert summary.status == "finished"


def test_unreachable_site_is_a_summary_not_a_crash(tmp_path):
    import socket
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    summary = crawl_site(f"http://127.0.0.1:{port}/", fast_settings(tmp_path, max_retries=1))
    assert summary.status == "finished"
    # RFC 9309 §2.3.1.4: robots.txt unreachable means "assume complete disallow".
    assert {(f["outcome"], f["kind"]) for f in summary.failures} == {
        ("error", "connect"), ("skipped", "robots-disallowed")}


def test_demo_blog_crawl_finds_exactly_the_public_items(tmp_path):
    from backlint.demo.data import expected_public_items

    with DemoServer() as server:
        settings = fast_settings(tmp_path)
        summary = crawl_site(server.url, settings)
        expected = expected_public_items(server.url)
    items = stored_items(settings.db, summary.audit_id)
    got = {i["site_item_id"]: (i["type"], i["post_url"], i["author_name"], i["author_url"], i["parent_id"])
           for i in items}
    want = {e.site_item_id: (e.type, e.post_url, e.author_name, e.author_url, e.parent_id) for e in expected}
    assert got == want
    got_links = {i["site_item_id"]: [(link["url"], link["anchor"], tuple(link["rel"]), link["is_author_link"])
                                     for link in i["links"]] for i in items}
    want_links = {e.site_item_id: [(link.url, link.anchor, link.rel, link.is_author_link) for link in e.links]
                  for e in expected}
    assert got_links == want_links
    assert summary.counts["outbound_links_without_ugc_or_nofollow"] > 0
    assert summary.failures == [] or all(f["outcome"] == "skipped" for f in summary.failures)


def test_cli_crawl_prints_the_summary(fault_site, tmp_path):
    db = str(tmp_path / "cli.db")
    result = CliRunner().invoke(cli, ["crawl", fault_site.url, "--db", db, "--delay", "0",
                                      "--timeout", "1", "--include", "/hello-world/", "--quiet"])
    assert result.exit_code == 0, result.output
    assert "comments 2 · trackbacks 1 · pingbacks 1" in result.output
    assert "inbound claims 2" in result.output and f"Store: {db}" in result.output


@pytest.mark.parametrize("args,message", [
    (["crawl", "not a url"], "Error: not an http(s) URL"),
    (["crawl", "http://127.0.0.1:9/", "--concurrency", "0"], "Error: concurrency must be at least 1"),
    (["audits", "--db", "/nonexistent/x.db"], "Error: no store at /nonexistent/x.db"),
])
def test_cli_errors_are_one_line(args, message):
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 1 and message in result.output and "Traceback" not in result.output


def test_cli_help_shows_examples():
    for args in (["--help"], ["crawl", "--help"], ["demo", "--help"], ["audits", "--help"]):
        result = CliRunner().invoke(cli, args)
        assert result.exit_code == 0 and "Example:" in result.output


def test_console_command_runs_the_demo(tmp_path):
    result = subprocess.run([sys.executable, "-m", "backlint", "demo", "--db", str(tmp_path / "d.db"), "-q"],
                            capture_output=True, text=True, timeout=240)
    assert result.returncode == 0, result.stderr
    assert "Items" in result.stdout and "finished" in result.stdout and "Traceback" not in result.stderr


def test_comment_page_helpers():
    assert comment_page_number("https://b.example/p/comment-page-4/") == 4
    assert next_comment_page("https://b.example/p/comment-page-4/") == "https://b.example/p/comment-page-5/"
    assert next_comment_page("https://b.example/?p=3&cpage=2") == "https://b.example/?cpage=3&p=3"
    assert next_comment_page("https://b.example/p/") is None
    assert rest_url("https://b.example/wp-json/", "wp/v2/comments", per_page=100, page=1) == \
        "https://b.example/wp-json/wp/v2/comments?page=1&per_page=100"


def test_javascript_comments_are_reported_not_counted_as_none(tmp_path):
    import functools
    import shutil
    import threading
    from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
    from pathlib import Path

    root = tmp_path / "site"
    (root / "post").mkdir(parents=True)
    shutil.copy(Path(__file__).parent / "fixtures" / "markup" / "wp_disqus.html", root / "post" / "index.html")
    (root / "index.html").write_text('<html><body><a href="/post/">A post</a></body></html>')

    class Quiet(SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(root)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        summary = crawl_site(f"http://127.0.0.1:{server.server_port}/", fast_settings(tmp_path))
    finally:
        server.shutdown()
        server.server_close()
    assert any("loaded by Disqus" in notice and "backlint import" in notice for notice in summary.notices)
    with closing(sqlite3.connect(str(tmp_path / "crawl.db"))) as conn:
        assert conn.execute("SELECT js_comments FROM pages WHERE url LIKE '%/post/'").fetchone()[0] == "Disqus"
