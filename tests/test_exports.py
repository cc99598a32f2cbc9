"""Exports end to end: a hand-built audit, pings verified on a real server, graded with fixed
weights, then the plan CSV, the disavow file and the WP-CLI script pinned byte for byte and
the HTML report checked for escaping and self-containment."""

from __future__ import annotations

import csv
import io
import re
import sqlite3
import threading
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import lxml.html
import pytest
from click.testing import CliRunner

from backlint import __version__, exports
from backlint.cli import cli
from backlint.errors import BacklintError
from backlint.exports import (csv_bytes, disavow_file, export_csv, html_report, one_line, plan_csv_bytes,
                              wp_cli_commands)
from backlint.settings import load_settings
from crawler.importers.disavow import parse_disavow
from crawler.imports import import_file
from crawler.models import Item, Link
from crawler.store import Store
from crawler.verify import verify_audit
from grading.engine import grade_audit
from grading.rules import load_rules

SITE = "http://blog.example/"
POST = "http://blog.example/hello/"
TODAY = date(2025, 1, 15)
HYPERLINK = '=HYPERLINK("http://evil.example","click")'
SCRIPT = "<script>alert(1)</script>"
LONG_NAME = "<b>" + "N" * 9993 + "</b>"

# Each "other site" by Host header; requests reach this server through the `resolve` setting.
LINKS_TO_US = f'<html><head><title>Notes</title></head><body><p><a href="{POST}">a post</a></p></body></html>'
SOURCES = {
    "linking-blog.example": LINKS_TO_US,
    "spam-links.top": LINKS_TO_US,
    "spam-network.example": LINKS_TO_US,
    "university.edu": LINKS_TO_US,
    "fake-trackback.xyz": "<html><head><title>Fake</title></head><body><p>Nothing about you.</p></body></html>",
}
PING_HOSTS = [*SOURCES, "gone-blog.example"]

# Only these signals count, so every score below is a sum one can do by hand.
WEIGHTS = {"domain.blocklisted": 100, "ping.no_link": 70, "ping.source_dead": 25, "domain.item_grades": 70,
           "hygiene.missing_ugc_nofollow": 10}
BLOCKLIST = ["spam-links.top", "spam-network.example", "payday-spam.xyz"]


class _Sources(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def do_GET(self):  # noqa: N802
        host = self.headers.get("Host", "").split(":")[0]
        body = SOURCES.get(host, "").encode()
        self.send_response(200 if body and self.path != "/robots.txt" else 404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def ping(kind, n, host, name):
    url = f"http://{host}/post/"
    return Item(type=kind, post_url=POST, site_item_id=str(n), author_name=name, author_url=url,
                engine="wordpress", links=[Link(url, name, ("external", "nofollow", "ugc"), True)])


def comment(n, name, url, text="", body_links=(), rel=("nofollow", "ugc"), status=None):
    links = [Link(url, name, ("external", "nofollow", "ugc"), True)] if url else []
    links += [Link(u, a, rel) for u, a in body_links]
    return Item(type="comment", post_url=POST, site_item_id=n, author_name=name, author_url=url, text=text,
                engine="wordpress", links=links, status=status)


ITEMS = [
    ping("pingback", 1, "linking-blog.example", "Sourdough notes"),
    ping("trackback", 2, "fake-trackback.xyz", "Fake"),
    ping("trackback", 3, "gone-blog.example", "Gone"),
    ping("trackback", 4, "spam-links.top", "Links"),
    ping("pingback", 5, "spam-network.example", "Network"),
    ping("pingback", 6, "university.edu", "Faculty blog"),
    comment("7", "Best Payday Loans", "http://payday-spam.xyz/"),
    comment("8", HYPERLINK, "http://payday-spam.xyz/b", SCRIPT),
    comment(None, LONG_NAME, "http://payday-spam.xyz/c", "no id here"),
    comment("12; rm -rf /", "Shell", "http://payday-spam.xyz/d"),
    comment("11", "Tom", None, "Which flour?", [("https://flour.example/", "this flour")], rel=()),
    comment("13", "Loyal Reader", "http://payday-spam.xyz/e"),
    comment("14", SCRIPT, "http://payday-spam.xyz/f", status="spam"),
]


@pytest.fixture(scope="module")
def sources():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Sources)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()


def rules_file(path):
    """Every known weight off except WEIGHTS: the scores stay put when signals are added."""
    lines = ["[weights]"] + [f'"{name}" = {WEIGHTS.get(name, 0)}' for name in sorted(load_rules().weights)]
    lines += ["[blocklist]", f"domains = {BLOCKLIST!r}".replace("'", '"')]
    path.write_text("\n".join(lines) + "\n")
    return load_rules(path)


@pytest.fixture(scope="module")
def audit(tmp_path_factory, sources):
    tmp = tmp_path_factory.mktemp("exports")
    db = str(tmp / "e.db")
    store = Store(db)
    site = store.ensure_site(SITE)
    audit_id = store.start_audit(site, SITE, {})
    store.save_items(audit_id, POST, ITEMS)
    store.refresh_referring_domains(audit_id)
    store.set_override(site, "item", "id:13", "keep", "a customer, really")
    store.set_override(site, "domain", "university.edu", "disavow")  # guarded: never written
    store.set_override(site, "domain", "partner.example", "allowlist")
    # Fixed dates, so the exports are fixed bytes.
    store.conn.execute("UPDATE audits SET started_at = '2025-01-10T08:00:00+00:00'")
    store.conn.execute("UPDATE overrides SET created_at = '2025-01-12T09:00:00+00:00'")
    store.close()
    settings = load_settings(env={}, overrides={
        "delay": 0, "max_retries": 0, "read_timeout": 2, "resolve": tuple(f"{h}={sources}" for h in PING_HOSTS)})
    assert verify_audit(db, audit_id, settings)["checked"] == 6
    grade_audit(db, audit_id, rules_file(tmp / "rules.toml"))
    return db, audit_id
