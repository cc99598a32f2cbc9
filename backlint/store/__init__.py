"""The SQLite store: sites, audits, pages, items, links, referring domains, the fetch log.

One file (``--db``, default ``backlint.db``) in WAL mode, so the dashboard can read
while a crawl writes. During a crawl every write goes through one :class:`Writer`
thread, which batches them into transactions; everything else opens a
:class:`Store` and reads. Writes are upserts on natural keys, so re-running or
resuming a crawl never duplicates a row:

- an item is identified by ``item_key``: ``id:<site id>`` when the site shows its
  own id (WordPress ``comment-N``), else a hash of post, type, author and text. The
  same comment in two audits has the same ``item_key``.
- a link by (item, URL, author-or-text, anchor).

The schema carries a version (table ``schema_version``); :data:`MIGRATIONS` lists
the steps from one version to the next and :meth:`Store.__init__` applies the missing
ones.

Example:
    >>> store = Store(":memory:")
    >>> site_id = store.ensure_site("https://blog.example/")
    >>> audit_id = store.start_audit(site_id, "https://blog.example/", {})
    >>> store.save_items(audit_id, "https://blog.example/post/",
    ...                  [Item(type="comment", post_url="https://blog.example/post/",
    ...                        site_item_id="7", author_name="Ann")])
    1
    >>> [i["site_item_id"] for i in store.list_items(audit_id)]
    ['7']
"""

from __future__ import annotations

import hashlib
import json
import os
import queue
import sqlite3
import threading
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future
from contextlib import contextmanager
from datetime import datetime, timezone
from typing import Any

from backlint.errors import StoreError
from backlint.records import INBOUND, Item
from backlint.urls import host_of, registrable_domain

SCHEMA_VERSION = 3

MIGRATIONS: dict[int, str] = {
    1: """
CREATE TABLE sites (
    id          INTEGER PRIMARY KEY,
    url         TEXT NOT NULL UNIQUE,     -- normalised start URL of the site
    host        TEXT NOT NULL,
    created_at  TEXT NOT NULL
);
CREATE TABLE audits (
    id           INTEGER PRIMARY KEY,
    site_id      INTEGER NOT NULL REFERENCES sites(id),
    kind         TEXT NOT NULL DEFAULT 'crawl',   -- crawl | import
    start_url    TEXT NOT NULL,
    started_at   TEXT NOT NULL,
    finished_at  TEXT,
    status       TEXT NOT NULL DEFAULT 'running', -- running | finished | interrupted | failed
    settings     TEXT NOT NULL DEFAULT '{}',      -- JSON: the settings the audit ran with
    counts       TEXT NOT NULL DEFAULT '{}',      -- JSON: the final summary's figures
    notices      TEXT NOT NULL DEFAULT '[]'       -- JSON: things the user must know (JS comments, ...)
);
CREATE TABLE pages (
    id            INTEGER PRIMARY KEY,
    audit_id      INTEGER NOT NULL REFERENCES audits(id),
    url           TEXT NOT NULL,
    kind          TEXT NOT NULL,                  -- html | sitemap | feed | rest | robots
    status        INTEGER,
    content_type  TEXT,
    engine        TEXT,                           -- comment engine recognised on the page
    items_found   INTEGER NOT NULL DEFAULT 0,
    js_comments   TEXT,                           -- e.g. 'Disqus' when comments load by script
    fetched_at    TEXT NOT NULL,
    UNIQUE (audit_id, url)
);
CREATE TABLE items (
    id            INTEGER PRIMARY KEY,
    audit_id      INTEGER NOT NULL REFERENCES audits(id),
    item_key      TEXT NOT NULL,                  -- stable across audits, see module docstring
    type          TEXT NOT NULL CHECK (type IN ('comment', 'trackback', 'pingback', 'backlink')),
    site_item_id  TEXT,
    post_url      TEXT NOT NULL,
    author_name   TEXT NOT NULL DEFAULT '',
    author_url    TEXT,
    date          TEXT,
    text          TEXT NOT NULL DEFAULT '',       -- plain text, never HTML
    parent_id     TEXT,
    sources       TEXT NOT NULL,                  -- comma-separated: html, rest, feed, wxr, csv, or a backlink tool
    engine        TEXT NOT NULL DEFAULT '',
    page_url      TEXT,                           -- where it was first seen
    status        TEXT,                           -- approved | pending | spam | trash | post-trashed (exports); NULL = shown publicly
    author_email  TEXT,                           -- personal data: 'sha256:<hex>' unless the user keeps it
    author_ip     TEXT,                           -- personal data: 'sha256:<hex>' unless the user keeps it
    extra         TEXT,                           -- JSON: what an import carried besides (tool metrics, plugin verdicts)
    UNIQUE (audit_id, item_key)
);
CREATE INDEX items_post ON items (audit_id, post_url);
CREATE TABLE links (
    id              INTEGER PRIMARY KEY,
    audit_id        INTEGER NOT NULL REFERENCES audits(id),
    item_id         INTEGER NOT NULL REFERENCES items(id),
    url             TEXT NOT NULL,
    anchor          TEXT NOT NULL DEFAULT '',
    rel             TEXT,                         -- space-separated; NULL = unknown (REST)
    is_author_link  INTEGER NOT NULL,
    direction       TEXT NOT NULL CHECK (direction IN ('inbound', 'outbound_ugc')),
    domain          TEXT NOT NULL,                -- registrable domain (Public Suffix List)
    host            TEXT NOT NULL,
    UNIQUE (item_id, url, is_author_link, anchor)
);
CREATE INDEX links_audit_domain ON links (audit_id, domain);
CREATE TABLE referring_domains (
    audit_id   INTEGER NOT NULL REFERENCES audits(id),
    domain     TEXT NOT NULL,
    direction  TEXT NOT NULL,
    items      INTEGER NOT NULL,
    links      INTEGER NOT NULL,
    PRIMARY KEY (audit_id, domain, direction)
);
CREATE TABLE fetch_log (
    id             INTEGER PRIMARY KEY,
    audit_id       INTEGER NOT NULL REFERENCES audits(id),
    url            TEXT NOT NULL,
    kind           TEXT NOT NULL,                 -- what the URL was fetched as
    status         INTEGER,
    outcome        TEXT NOT NULL,                 -- ok | blocked | dead | skipped | error
    error_class    TEXT,
    error_kind     TEXT,                          -- timeout, connect, http-500, redirect-loop, ...
    error_message  TEXT,
    attempts       INTEGER NOT NULL,
    elapsed_ms     REAL NOT NULL,
    fetched_at     TEXT NOT NULL
);
CREATE INDEX fetch_log_audit ON fetch_log (audit_id, outcome);
CREATE TABLE frontier (                          -- the crawl queue, kept so --resume can go on
    audit_id  INTEGER NOT NULL REFERENCES audits(id),
    url       TEXT NOT NULL,
    kind      TEXT NOT NULL,
    depth     INTEGER NOT NULL,
    done      INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (audit_id, url)
) WITHOUT ROWID;
""",
    2: """
CREATE TABLE ping_checks (                      -- backlint verify: each ping's source page fetched
    audit_id                INTEGER NOT NULL REFERENCES audits(id),
    item_id                 INTEGER NOT NULL REFERENCES items(id),
    source_url              TEXT NOT NULL,
    target_url              TEXT NOT NULL,
    status                  TEXT NOT NULL,        -- alive | dead | blocked | unreachable
    http_status             INTEGER,
    links_to_target         INTEGER NOT NULL,
    link_url                TEXT,
    rel                     TEXT,
    anchor                  TEXT,
    placement               TEXT,
    outbound_links          INTEGER,
    noindex                 INTEGER,
    title                   TEXT,
    title_equals_blog_name  INTEGER,
    error                   TEXT,
    checked_at              TEXT NOT NULL,
    PRIMARY KEY (audit_id, item_id)
);
CREATE TABLE gradings (                         -- one row per `backlint grade` run of an audit
    id          INTEGER PRIMARY KEY,
    audit_id    INTEGER NOT NULL REFERENCES audits(id),
    created_at  TEXT NOT NULL,
    rules       TEXT NOT NULL,                    -- JSON: the rules in force
    model_id    INTEGER,                          -- the learned model used, if any
    counts      TEXT NOT NULL DEFAULT '{}'
);
CREATE TABLE domain_identity (                  -- what a domain's name alone says (per audit)
    audit_id  INTEGER NOT NULL REFERENCES audits(id),
    domain    TEXT NOT NULL,
    points    REAL NOT NULL,
    reasons   TEXT NOT NULL,                      -- JSON list of {signal, points, evidence}
    PRIMARY KEY (audit_id, domain)
);
CREATE TABLE item_grades (
    audit_id        INTEGER NOT NULL REFERENCES audits(id),
    item_id         INTEGER NOT NULL REFERENCES items(id),
    score           INTEGER NOT NULL,
    band            TEXT NOT NULL,
    reasons         TEXT NOT NULL,                -- JSON list of {signal, points, evidence}
    recommendation  TEXT NOT NULL,
    why             TEXT NOT NULL,
    PRIMARY KEY (audit_id, item_id)
);
CREATE TABLE link_grades (                      -- reasons: the item's, the link domain's, and these
    audit_id        INTEGER NOT NULL REFERENCES audits(id),
    link_id         INTEGER NOT NULL REFERENCES links(id),
    score           INTEGER NOT NULL,
    band            TEXT NOT NULL,
    link_reasons    TEXT,                         -- JSON: reasons about this link only (hygiene)
    recommendation  TEXT NOT NULL,
    PRIMARY KEY (audit_id, link_id)
);
CREATE TABLE domain_grades (
    audit_id        INTEGER NOT NULL REFERENCES audits(id),
    domain          TEXT NOT NULL,
    direction       TEXT NOT NULL,
    score           INTEGER NOT NULL,
    band            TEXT NOT NULL,
    reasons         TEXT NOT NULL,
    drivers         TEXT NOT NULL,                -- JSON: the item ids that drove the grade
    items           INTEGER NOT NULL,
    links           INTEGER NOT NULL,
    recommendation  TEXT NOT NULL,
    why             TEXT NOT NULL,
    guarded         INTEGER NOT NULL DEFAULT 0,   -- never proposed for disavow
    PRIMARY KEY (audit_id, domain, direction)
);
CREATE INDEX domain_grades_band ON domain_grades (audit_id, band, score);
CREATE TABLE site_recommendations (
    audit_id  INTEGER NOT NULL REFERENCES audits(id),
    action    TEXT NOT NULL,
    why       TEXT NOT NULL,
    evidence  TEXT NOT NULL DEFAULT ''
);
CREATE TABLE labels (                           -- spam/ham labels a site already has
    site_id     INTEGER NOT NULL REFERENCES sites(id),
    item_key    TEXT NOT NULL,
    label       TEXT NOT NULL CHECK (label IN ('spam', 'ham')),
    source      TEXT NOT NULL,                    -- csv | wxr | dashboard
    author      TEXT NOT NULL DEFAULT '',
    author_url  TEXT,
    text        TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL,
    PRIMARY KEY (site_id, item_key, source)
);
CREATE TABLE disavow_files (                   -- disavow files a user already uploaded to Google
    id           INTEGER PRIMARY KEY,
    site_id      INTEGER NOT NULL REFERENCES sites(id),
    name         TEXT NOT NULL,
    sha256       TEXT NOT NULL,
    imported_at  TEXT NOT NULL,
    content      TEXT NOT NULL,
    entries      INTEGER NOT NULL,
    errors       INTEGER NOT NULL,
    UNIQUE (site_id, sha256)
);
CREATE TABLE overrides (                       -- the user's decisions; they survive re-grading
    site_id     INTEGER NOT NULL REFERENCES sites(id),
    subject     TEXT NOT NULL CHECK (subject IN ('domain', 'item')),
    key         TEXT NOT NULL,                    -- a registrable domain, or an item_key
    action      TEXT NOT NULL CHECK (action IN ('keep', 'spam', 'disavow', 'allowlist')),
    note        TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL,
    PRIMARY KEY (site_id, subject, key)
);
CREATE TABLE store_secrets (                    -- the salt that hashes e-mails and IPs in this store
    name   TEXT PRIMARY KEY,
    value  BLOB NOT NULL
);
CREATE TABLE models (                           -- learned comment models, newest used
    id          INTEGER PRIMARY KEY,
    site_id     INTEGER NOT NULL REFERENCES sites(id),
    created_at  TEXT NOT NULL,
    labels      INTEGER NOT NULL,
    metrics     TEXT NOT NULL,
    blob        BLOB NOT NULL                     -- JSON header + numpy arrays; never pickle
);
""",
    3: """
CREATE TABLE audit_summaries (                  -- the dashboard's aggregates of an audit's links
    audit_id  INTEGER NOT NULL REFERENCES audits(id),
    name      TEXT NOT NULL,
    stamp     TEXT NOT NULL,                    -- the grading and crawl state they were computed from
    data      TEXT NOT NULL,                    -- JSON records
    PRIMARY KEY (audit_id, name)
);
-- Worst-first pages, band and recommendation counts of items without sorting or reading every row.
CREATE INDEX item_grades_score ON item_grades (audit_id, score, item_id);
CREATE INDEX item_grades_band ON item_grades (audit_id, band, score);
CREATE INDEX item_grades_recommendation ON item_grades (audit_id, recommendation);
""",
}


def now_iso() -> str:
    """The current UTC time as ISO 8601 with seconds."""
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def item_key(item: Item) -> str:
    """Return the identity of an item, stable across audits and sources.

    Example:
        >>> item_key(Item(type="comment", post_url="https://b.example/p/", site_item_id="12"))
        'id:12'
    """
    if item.site_item_id:
        return f"id:{item.site_item_id}"
    raw = "\x1f".join((item.post_url, item.type, item.author_name, item.author_url or "",
                       " ".join(item.text.split())))
    return "h:" + hashlib.sha1(raw.encode("utf-8", "replace")).hexdigest()


def hashed_tag(hex_digest: str | None) -> str | None:
    """How a hashed e-mail or IP is stored: ``sha256:<hex>`` (``None`` stays ``None``)."""
    return f"sha256:{hex_digest}" if hex_digest else None


def _connect(path: str) -> sqlite3.Connection:
    try:
        # Autocommit mode: transactions are explicit (Store.transaction, the Writer's batches).
        conn = sqlite3.connect(path, check_same_thread=False, timeout=30, isolation_level=None)
        conn.row_factory = sqlite3.Row
        if path != ":memory:":
            conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=NORMAL")
        conn.execute("PRAGMA foreign_keys=ON")
    except sqlite3.Error as exc:
        raise StoreError(f"cannot open the store {path}: {exc}") from None
    return conn


class Store:
    """A connection to the store, with the queries backlint needs.

    Each write commits on its own unless it runs inside :meth:`transaction` (or on
    the :class:`Writer`, which commits in batches).

    Example:
        >>> store = Store(":memory:")
        >>> store.schema_version() == SCHEMA_VERSION
        True
    """

    def __init__(self, path: str) -> None:
        self.path = str(path)
        self.conn = _connect(self.path)
        self._migrate()

    def close(self) -> None:
        """Close the connection."""
        self.conn.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """Commit what the block writes, or roll it back if it raises."""
        self.conn.execute("BEGIN")
        try:
            yield self.conn
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        else:
            self.commit()

    def commit(self) -> None:
        """Commit the open transaction, if any, translating SQLite errors."""
        try:
            if self.conn.in_transaction:
                self.conn.execute("COMMIT")
        except sqlite3.Error as exc:
            raise StoreError(f"cannot write to the store {self.path}: {exc}") from None

    # -- schema ---------------------------------------------------------------------

    def schema_version(self) -> int:
        """The schema version of this file."""
        row = self.conn.execute("SELECT max(version) FROM schema_version").fetchone()
        return int(row[0] or 0)

    def _migrate(self) -> None:
        try:
            self.conn.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
            current = self.schema_version()
            if current > SCHEMA_VERSION:
                raise StoreError(f"{self.path} was written by a newer backlint "
                                 f"(schema {current}, this one knows {SCHEMA_VERSION})")
            for version in range(current + 1, SCHEMA_VERSION + 1):
                self.conn.executescript("BEGIN;" + MIGRATIONS[version]
                                        + f"INSERT INTO schema_version VALUES ({version}); COMMIT;")
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{self.path} is not a backlint store: {exc}") from None

    # -- sites and audits -----------------------------------------------------------

    def ensure_site(self, url: str) -> int:
        """Return the id of the site at ``url`` (normalised), creating it if new."""
        self.conn.execute("INSERT INTO sites (url, host, created_at) VALUES (?, ?, ?) "
                          "ON CONFLICT(url) DO NOTHING", (url, host_of(url), now_iso()))
        row = self.conn.execute("SELECT id FROM sites WHERE url = ?", (url,)).fetchone()
        return int(row[0])

    def start_audit(self, site_id: int, start_url: str, settings: dict[str, Any],
                    kind: str = "crawl") -> int:
        """Create a new audit of a site and return its id."""
        cur = self.conn.execute(
            "INSERT INTO audits (site_id, kind, start_url, started_at, settings) VALUES (?, ?, ?, ?, ?)",
            (site_id, kind, start_url, now_iso(), json.dumps(settings, sort_keys=True)))
        return int(cur.lastrowid)

    def last_audit(self, site_id: int) -> sqlite3.Row | None:
        """The newest audit of a site, or ``None``."""
        return self.conn.execute("SELECT * FROM audits WHERE site_id = ? ORDER BY id DESC LIMIT 1",
                                 (site_id,)).fetchone()

    def reopen_audit(self, audit_id: int) -> None:
        """Mark an audit as running again (``--resume``)."""
        self.conn.execute("UPDATE audits SET status = 'running', finished_at = NULL WHERE id = ?",
                          (audit_id,))

    def finish_audit(self, audit_id: int, status: str, counts: dict[str, Any],
                     notices: list[str]) -> None:
        """Close an audit with its final status, figures and notices."""
        self.conn.execute(
            "UPDATE audits SET status = ?, finished_at = ?, counts = ?, notices = ? WHERE id = ?",
            (status, now_iso(), json.dumps(counts, sort_keys=True), json.dumps(notices), audit_id))

    def audit(self, audit_id: int) -> sqlite3.Row | None:
        """One audit row joined with its site's URL."""
        return self.conn.execute(
            "SELECT audits.*, sites.url AS site_url FROM audits JOIN sites ON sites.id = site_id "
            "WHERE audits.id = ?", (audit_id,)).fetchone()

    def audits(self) -> list[sqlite3.Row]:
        """Every audit, newest first, with its site's URL."""
        return self.conn.execute(
            "SELECT audits.*, sites.url AS site_url FROM audits JOIN sites ON sites.id = site_id "
            "ORDER BY audits.id DESC").fetchall()

    def site_by_url(self, url: str) -> sqlite3.Row | None:
        """The site stored for a normalised URL, or ``None``."""
        return self.conn.execute("SELECT * FROM sites WHERE url = ?", (url,)).fetchone()

    # -- crawl records --------------------------------------------------------------

    def record_page(self, audit_id: int, url: str, kind: str, status: int | None,
                    content_type: str | None, engine: str = "", items_found: int = 0,
                    js_comments: str | None = None) -> None:
        """Upsert one fetched page of an audit."""
        self.conn.execute(
            "INSERT INTO pages (audit_id, url, kind, status, content_type, engine, items_found,"
            " js_comments, fetched_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
            "ON CONFLICT(audit_id, url) DO UPDATE SET status = excluded.status,"
            " content_type = excluded.content_type, engine = excluded.engine,"
            " items_found = excluded.items_found, js_comments = excluded.js_comments,"
            " fetched_at = excluded.fetched_at",
            (audit_id, url, kind, status, content_type, engine, items_found, js_comments, now_iso()))

    def log_fetch(self, audit_id: int, url: str, kind: str, status: int | None, outcome: str,
                  error: BaseException | None, attempts: int, elapsed: float) -> None:
        """Append one row to the fetch log."""
        self.conn.execute(
            "INSERT INTO fetch_log (audit_id, url, kind, status, outcome, error_class, error_kind,"
            " error_message, attempts, elapsed_ms, fetched_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (audit_id, url, kind, status, outcome,
             type(error).__name__ if error else None, getattr(error, "kind", None),
             str(error) if error else None, attempts, round(elapsed * 1000, 1), now_iso()))

    def save_items(self, audit_id: int, page_url: str | None, items: Iterable[Item]) -> int:
        """Upsert items and their links; return how many items were given.

        When an item is already stored (seen on another comment page, or via REST),
        missing fields are filled in and its ``sources`` grow; nothing is duplicated.
        """
        count = 0
        for item in items:
            count += 1
            key = item_key(item)
            row = self.conn.execute(
                "INSERT INTO items (audit_id, item_key, type, site_item_id, post_url, author_name,"
                " author_url, date, text, parent_id, sources, engine, page_url, status, author_email,"
                " author_ip, extra)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                " ON CONFLICT(audit_id, item_key) DO UPDATE SET"
                "  author_url = coalesce(items.author_url, excluded.author_url),"
                # Only a source that knows the moderation state (the site's own REST with a
                # password) sets these; the latest such reading wins.
                "  status = coalesce(excluded.status, items.status),"
                "  author_email = coalesce(excluded.author_email, items.author_email),"
                "  author_ip = coalesce(excluded.author_ip, items.author_ip),"
                "  extra = coalesce(excluded.extra, items.extra),"
                "  date = coalesce(items.date, excluded.date),"
                "  parent_id = coalesce(items.parent_id, excluded.parent_id),"
                "  author_name = CASE WHEN items.author_name = '' THEN excluded.author_name"
                "                ELSE items.author_name END,"
                "  text = CASE WHEN items.text = '' THEN excluded.text ELSE items.text END,"
                "  type = CASE WHEN instr(items.sources, 'html') THEN items.type ELSE excluded.type END,"
                "  sources = CASE WHEN instr(items.sources, excluded.sources) THEN items.sources"
                "            ELSE items.sources || ',' || excluded.sources END"
                " RETURNING id",
                (audit_id, key, item.type, item.site_item_id, item.post_url, item.author_name,
                 item.author_url, item.date, item.text, item.parent_id, item.source, item.engine,
                 page_url, item.status, item.author_email, item.author_ip,
                 json.dumps(item.extra, ensure_ascii=False, default=str) if item.extra else None)).fetchone()
            item_id = row[0]
            for link in item.links:
                # REST answers and exports say nothing of rel: NULL is "unknown", not "none".
                rel = None if item.source == "rest" or link.rel is None else " ".join(link.rel)
                self.conn.execute(
                    "INSERT INTO links (audit_id, item_id, url, anchor, rel, is_author_link,"
                    " direction, domain, host) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
                    " ON CONFLICT(item_id, url, is_author_link, anchor) DO UPDATE SET"
                    "  rel = coalesce(links.rel, excluded.rel)",
                    (audit_id, item_id, link.url, link.anchor, rel, int(link.is_author_link),
                     item.link_direction(link), registrable_domain(link.url), host_of(link.url)))
        return count

    def refresh_referring_domains(self, audit_id: int) -> None:
        """Recompute the referring domains of an audit from its links."""
        self.conn.execute("DELETE FROM referring_domains WHERE audit_id = ?", (audit_id,))
        self.conn.execute(
            "INSERT INTO referring_domains (audit_id, domain, direction, items, links)"
            " SELECT audit_id, domain, direction, count(DISTINCT item_id), count(*) FROM links"
            " WHERE audit_id = ? AND domain != '' GROUP BY domain, direction", (audit_id,))

    # -- personal data -------------------------------------------------------------------

    def personal_salt(self) -> bytes:
        """This store's salt for hashing commenters' e-mails and IPs (made on first use).

        A per-store salt: the same e-mail hashes alike within a store (so one spammer's
        comments group) but cannot be looked up against another store's hashes.
        """
        row = self.conn.execute("SELECT value FROM store_secrets WHERE name = 'salt'").fetchone()
        if row is None:
            value = os.urandom(16)
            self.conn.execute("INSERT INTO store_secrets VALUES ('salt', ?)", (value,))
            return value
        return bytes(row[0])

    # -- the user's overrides ---------------------------------------------------------

    def set_override(self, site_id: int, subject: str, key: str, action: str, note: str = "") -> None:
        """Record the user's decision on a domain or an item (``keep``, ``spam``, ``disavow``,
        ``allowlist``); it replaces an earlier one and survives re-grading."""
        self.conn.execute(
            "INSERT INTO overrides (site_id, subject, key, action, note, created_at) VALUES (?, ?, ?, ?, ?, ?)"
            " ON CONFLICT(site_id, subject, key) DO UPDATE SET action = excluded.action, note = excluded.note,"
            " created_at = excluded.created_at", (site_id, subject, key, action, note, now_iso()))

    def clear_override(self, site_id: int, subject: str, key: str) -> None:
        """Forget the user's decision: the grade's recommendation applies again."""
        self.conn.execute("DELETE FROM overrides WHERE site_id = ? AND subject = ? AND key = ?",
                          (site_id, subject, key))

    def overrides(self, site_id: int) -> dict[tuple[str, str], sqlite3.Row]:
        """The user's decisions for a site, by ``(subject, key)``."""
        return {(r["subject"], r["key"]): r for r in self.conn.execute(
            "SELECT * FROM overrides WHERE site_id = ?", (site_id,))}

    # -- the frontier (for --resume) ------------------------------------------------

    def frontier_add(self, audit_id: int, entries: Iterable[tuple[str, str, int]]) -> None:
        """Remember queued URLs: ``(url, kind, depth)``."""
        self.conn.executemany(
            "INSERT INTO frontier (audit_id, url, kind, depth) VALUES (?, ?, ?, ?)"
            " ON CONFLICT DO NOTHING", ((audit_id, u, k, d) for u, k, d in entries))

    def frontier_done(self, audit_id: int, url: str) -> None:
        """Mark a queued URL as fetched."""
        self.conn.execute("UPDATE frontier SET done = 1 WHERE audit_id = ? AND url = ?",
                          (audit_id, url))

    def frontier(self, audit_id: int) -> list[sqlite3.Row]:
        """Every URL queued in an audit, with ``done`` 0 or 1."""
        return self.conn.execute("SELECT url, kind, depth, done FROM frontier WHERE audit_id = ?",
                                 (audit_id,)).fetchall()

    # -- reads ----------------------------------------------------------------------

    def list_items(self, audit_id: int) -> list[dict[str, Any]]:
        """Every item of an audit as plain data, each with its ``links``.

        Example:
            >>> Store(":memory:").list_items(1)
            []
        """
        items: dict[int, dict[str, Any]] = {}
        for row in self.conn.execute(
                "SELECT id, item_key, type, site_item_id, post_url, author_name, author_url, date,"
                " text, parent_id, sources, engine, page_url, status FROM items WHERE audit_id = ?"
                " ORDER BY id", (audit_id,)):
            data = dict(row)
            data["sources"] = data["sources"].split(",")
            data["links"] = []
            items[data.pop("id")] = data
        for row in self.conn.execute(
                "SELECT item_id, url, anchor, rel, is_author_link, direction, domain FROM links"
                " WHERE audit_id = ? ORDER BY id", (audit_id,)):
            link = dict(row)
            link["rel"] = None if link["rel"] is None else link["rel"].split()
            link["is_author_link"] = bool(link["is_author_link"])
            items[link.pop("item_id")]["links"].append(link)
        return list(items.values())

    def counts(self, audit_id: int) -> dict[str, Any]:
        """The figures of an audit's summary, computed in SQL."""
        q = self.conn.execute
        pages_by_kind = dict(q("SELECT kind, count(*) FROM fetch_log WHERE audit_id = ?"
                               " GROUP BY kind", (audit_id,)).fetchall())
        items_by_type = dict(q("SELECT type, count(*) FROM items WHERE audit_id = ? GROUP BY type",
                               (audit_id,)).fetchall())
        links_by_direction = dict(q("SELECT direction, count(*) FROM links WHERE audit_id = ?"
                                    " GROUP BY direction", (audit_id,)).fetchall())
        domains = dict(q("SELECT direction, count(*) FROM referring_domains WHERE audit_id = ?"
                         " GROUP BY direction", (audit_id,)).fetchall())
        domains_total = q("SELECT count(DISTINCT domain) FROM referring_domains WHERE audit_id = ?",
                          (audit_id,)).fetchone()[0]
        outcomes = dict(q("SELECT outcome, count(*) FROM fetch_log WHERE audit_id = ?"
                          " GROUP BY outcome", (audit_id,)).fetchall())
        missing_ugc = q("SELECT count(*) FROM links WHERE audit_id = ? AND direction = 'outbound_ugc'"
                        " AND rel IS NOT NULL AND ' ' || rel || ' ' NOT LIKE '% ugc %'"
                        " AND ' ' || rel || ' ' NOT LIKE '% nofollow %'", (audit_id,)).fetchone()[0]
        return {
            "fetches": sum(pages_by_kind.values()),
            "fetches_by_kind": pages_by_kind,
            "outcomes": outcomes,
            "items_by_type": {t: items_by_type.get(t, 0) for t in ("comment", "trackback", "pingback")},
            "links_by_direction": {d: links_by_direction.get(d, 0) for d in (INBOUND, "outbound_ugc")},
            "referring_domains": domains_total,
            "referring_domains_by_direction": {d: domains.get(d, 0) for d in (INBOUND, "outbound_ugc")},
            "outbound_links_without_ugc_or_nofollow": missing_ugc,
            "html_pages": q("SELECT count(*) FROM pages WHERE audit_id = ? AND kind = 'html'",
                            (audit_id,)).fetchone()[0],
        }

    def failures(self, audit_id: int) -> list[sqlite3.Row]:
        """Failed fetches grouped by outcome and cause, with a count and example URLs."""
        return self.conn.execute(
            "SELECT outcome, coalesce(error_kind, outcome) AS cause, count(*) AS n,"
            " group_concat(url, char(10)) AS urls, max(error_message) AS message"
            " FROM fetch_log WHERE audit_id = ? AND outcome != 'ok'"
            " GROUP BY outcome, cause ORDER BY n DESC, cause", (audit_id,)).fetchall()


class Writer:
    """The one thread that writes to the store during a crawl.

    Callers hand it work with :meth:`submit` (a function of a :class:`Store`); it runs
    the queued calls in order and commits them in batches, so the crawl loop never
    waits on the disk. :meth:`flush` waits until everything submitted is written.

    Example:
        >>> with Writer(":memory:") as writer:
        ...     site = writer.call(lambda s: s.ensure_site("https://b.example/"))
        >>> site
        1
    """

    BATCH = 500

    def __init__(self, path: str) -> None:
        self.path = str(path)
        self._jobs: queue.Queue[tuple[Callable[[Store], Any], Future] | None] = queue.Queue()
        self._error: BaseException | None = None
        self._ready = threading.Event()
        self._thread = threading.Thread(target=self._run, name="backlint-store-writer", daemon=True)
        self._thread.start()
        self._ready.wait()
        if self._error:
            raise self._error

    def __enter__(self) -> Writer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def submit(self, fn: Callable[[Store], Any]) -> Future:
        """Queue ``fn(store)``; return a future of its result."""
        if self._error is not None:
            raise StoreError(f"the store writer stopped: {self._error}")
        future: Future = Future()
        self._jobs.put((fn, future))
        return future

    def call(self, fn: Callable[[Store], Any]) -> Any:
        """Run ``fn(store)`` on the writer thread, wait for it, return its result."""
        return self.submit(fn).result()

    def flush(self) -> None:
        """Wait until every submitted write is committed."""
        self.call(lambda store: None)

    def close(self) -> None:
        """Write what is queued, then stop the thread."""
        if self._thread.is_alive():
            self._jobs.put(None)
            self._thread.join()
        if self._error is not None:
            raise StoreError(f"the store writer stopped: {self._error}")

    def _run(self) -> None:
        try:
            store = Store(self.path)
        except BaseException as exc:  # reported by __init__
            self._error = exc
            self._ready.set()
            return
        self._ready.set()
        stop = False
        try:
            while not stop:
                batch = [self._jobs.get()]
                while len(batch) < self.BATCH:
                    try:
                        batch.append(self._jobs.get_nowait())
                    except queue.Empty:
                        break
                done: list[tuple[Future, Any]] = []
                store.conn.execute("BEGIN")
                for job in batch:
                    if job is None:
                        stop = True
                        continue
                    fn, future = job
                    # A savepoint per job: one failing write is undone alone and its error
                    # goes to its caller; the rest of the batch is kept.
                    store.conn.execute("SAVEPOINT job")
                    try:
                        done.append((future, fn(store)))
                    except Exception as exc:
                        store.conn.execute("ROLLBACK TO job")
                        future.set_exception(exc)
                    store.conn.execute("RELEASE job")
                store.commit()
                for future, value in done:
                    future.set_result(value)
        except BaseException as exc:
            self._error = exc
        finally:
            store.close()
