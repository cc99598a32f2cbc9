"""The connection to the store, with the queries of sites, audits, crawls, imports and the user's decisions.

Grades, and what is kept beside them, are written by :mod:`backlint.store.grades` on a
:class:`Store`'s connection.

Example:
    >>> store = Store(":memory:")
    >>> site_id = store.ensure_site("https://blog.example/")
    >>> audit_id = store.start_audit(site_id, "https://blog.example/", {})
    >>> store.set_notices(audit_id, ["comments load by script"])
    >>> store.audit(audit_id)["notices"]
    '["comments load by script"]'
    >>> store.close()
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from backlint.errors import StoreError
from backlint.records import INBOUND, Item
from backlint.store.keys import item_key, now_iso
from backlint.store.schema import migrate, schema_version
from backlint.urls import host_of, registrable_domain


def _connect(path: str) -> sqlite3.Connection:
    conn: sqlite3.Connection | None = None
    try:
        # WAL: the dashboard reads while a crawl writes.
        # Autocommit mode: transactions are explicit (Store.transaction, the Writer's batches).
        conn = sqlite3.connect(path, check_same_thread=False, timeout=30, isolation_level=None)
        conn.row_factory = sqlite3.Row
        if path != ":memory:":
            conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=NORMAL")
        conn.execute("PRAGMA foreign_keys=ON")
    except sqlite3.Error as exc:
        if conn is not None:
            # A file that is no database opens, then fails its first statement: no
            # Store will own this connection, so it is closed here.
            conn.close()
        raise StoreError(f"cannot open the store {path}: {exc}") from None
    return conn


class Store:
    """A connection to the store, with the queries backlint needs.

    Each write commits on its own unless it runs inside :meth:`transaction` (or on
    the :class:`Writer`, which commits in batches).

    Example:
        >>> from backlint.store.schema import SCHEMA_VERSION
        >>> store = Store(":memory:")
        >>> store.schema_version() == SCHEMA_VERSION
        True
        >>> store.close()
    """

    def __init__(self, path: str) -> None:
        self.path = str(path)
        self.conn = _connect(self.path)
        try:
            migrate(self.conn, self.path)
        except BaseException:
            self.conn.close()  # no Store is made, so nothing else would close it
            raise

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
        return schema_version(self.conn)

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
        # A successful INSERT sets lastrowid (sqlite3's Cursor.lastrowid).
        assert cur.lastrowid is not None
        return cur.lastrowid

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

    def set_notices(self, audit_id: int, notices: list[str]) -> None:
        """Replace the notices of an audit (the things its user must know)."""
        self.conn.execute("UPDATE audits SET notices = ? WHERE id = ?", (json.dumps(notices), audit_id))

    def audit(self, audit_id: int) -> sqlite3.Row | None:
        """One audit row joined with its site's URL."""
        return self.conn.execute(
            "SELECT audits.*, sites.url AS site_url FROM audits JOIN sites ON sites.id = site_id "
            "WHERE audits.id = ?", (audit_id,)).fetchone()

    def newest_audit_id(self) -> int:
        """The id of the newest audit, of any site.

        Raises:
            StoreError: the store holds no audit yet.
        """
        row = self.conn.execute("SELECT max(id) FROM audits").fetchone()
        if row[0] is None:
            raise StoreError(f"no audits in {self.path}: run `backlint crawl URL` or `backlint import` first")
        return int(row[0])

    def require_audit(self, audit_id: int) -> sqlite3.Row:
        """Like :meth:`audit`, for an audit that must exist (an ``--audit`` given by hand).

        Raises:
            StoreError: there is no such audit in the store.
        """
        row = self.audit(audit_id)
        if row is None:
            raise StoreError(f"no audit {audit_id} in {self.path}")
        return row

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

    # -- what imports bring besides items -------------------------------------------

    def save_labels(self, site_id: int,
                    labels: Iterable[tuple[str, str, str, str, str | None, str]]) -> None:
        """Record spam/ham labels a site already has.

        Args:
            site_id: the site.
            labels: ``(item_key, label, source, author, author_url, text)`` each; a label
                replaces the one the same source gave the same item before.
        """
        created_at = now_iso()
        self.conn.executemany(
            "INSERT OR REPLACE INTO labels (site_id, item_key, label, source, author, author_url, text,"
            " created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            ((site_id, key, label, source, author, author_url, text, created_at)
             for key, label, source, author, author_url, text in labels))

    def keep_disavow_file(self, site_id: int, name: str, sha256: str, content: str, entries: int,
                          errors: int) -> None:
        """Keep a disavow file the user already uploaded to Google, once per content.

        Args:
            site_id: the site it disavows for.
            name: the file's name.
            sha256: the hex digest of its bytes; the same file imported again is ignored.
            content: its text.
            entries: how many domains and URLs it lists.
            errors: how many of its lines could not be read.
        """
        self.conn.execute(
            "INSERT INTO disavow_files (site_id, name, sha256, imported_at, content, entries, errors)"
            " VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(site_id, sha256) DO NOTHING",
            (site_id, name, sha256, now_iso(), content, entries, errors))

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
            >>> store = Store(":memory:")
            >>> store.list_items(1)
            []
            >>> store.close()
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


__all__ = ["Store"]
