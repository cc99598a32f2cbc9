"""Writing grades, and what is kept beside them: ping checks, models, link summaries.

A grading run (:func:`grading.engine.grade_audit`) replaces an audit's grades at once.
Whichever process grades a chunk of items spools its rows to a scratch file of its own
(:func:`spool_grade_rows`); :class:`GradeSpool` notes where each chunk lies, and
:func:`replacing_grades` copies them into the store in one transaction, beside the
domains' grades and the site's recommendations, so a grading never leaves half its
rows.

The other writes here are functions of a connection, so that each joins the
transaction its caller holds (``with store.transaction() as conn``).

Example:
    >>> from backlint.store import Store
    >>> store = Store(":memory:")
    >>> site_id = store.ensure_site("https://blog.example/")
    >>> audit_id = store.start_audit(site_id, "https://blog.example/", {})
    >>> spool = GradeSpool(None)
    >>> spool.note(spool_grade_rows(spool.directory, [], []))
    >>> with replacing_grades(store, audit_id, spool) as grades:
    ...     grades.domain_identities([(audit_id, "spam.example", 40.0, "[]")])
    ...     grades.copy_spooled()
    ...     grades.domains([])
    ...     grades.site_recommendations([])
    ...     grades.grading({"weights": {}}, {"items": 0})
    >>> spool.remove()
    >>> tuple(store.conn.execute("SELECT domain, points FROM domain_identity").fetchone())
    ('spam.example', 40.0)
    >>> store.close()
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from backlint.records import PingCheck
from backlint.store.keys import now_iso
from backlint.store.store import Store

# -- a grading run ------------------------------------------------------------------------------


class GradeSpool:
    """Item and link rows held in scratch SQLite files until the run writes them all at once.

    Whichever process grades a chunk of items writes its rows to its own file (the
    parent's connection to the store is never shared), so the rows need not travel back;
    the parent notes where each chunk's rows lie. The files take no lock on the store,
    which others keep writing meanwhile; the final copy is an ``INSERT … SELECT`` a chunk,
    in SQLite and in the items' order.
    """

    def __init__(self, beside: str | None) -> None:
        # Beside the store: its disk has room for a copy of the grades (a temporary
        # directory may be memory).
        self.directory = tempfile.mkdtemp(prefix=".backlint-grading-", dir=beside)
        self.chunks: list[tuple[str, int, int, int, int]] = []  # file, first/last item row, first/last link row
        self.items = self.links = 0

    def note(self, span: tuple[str, int, int, int, int]) -> None:
        """Note where the next chunk's rows lie (:func:`spool_grade_rows`' answer)."""
        self.chunks.append(span)
        self.items += span[2] - span[1] + 1
        self.links += span[4] - span[3] + 1

    @contextmanager
    def attached(self, conn: Any) -> Iterator[dict[str, str]]:
        """Attach the files to the store's connection (outside a transaction); yield their
        schema names by file."""
        _close_spool()  # this process's own file, when it graded chunks itself
        names: dict[str, str] = {}
        try:
            for path in dict.fromkeys(chunk[0] for chunk in self.chunks):
                names[path] = f"grading_rows_{len(names)}"
                conn.execute(f"ATTACH DATABASE ? AS {names[path]}", (path,))
            yield names
        finally:
            for name in names.values():
                conn.execute(f"DETACH DATABASE {name}")

    def copy_into(self, conn: Any, names: dict[str, str]) -> None:
        """Copy the spooled rows into the store's tables, in the order of the items."""
        for path, first_item, last_item, first_link, last_link in self.chunks:
            conn.execute(f"INSERT INTO item_grades SELECT * FROM {names[path]}.items WHERE rowid BETWEEN ? AND ?",
                         (first_item, last_item))
            conn.execute(f"INSERT INTO link_grades SELECT * FROM {names[path]}.links WHERE rowid BETWEEN ? AND ?",
                         (first_link, last_link))

    def remove(self) -> None:
        """Delete the files."""
        _close_spool()
        shutil.rmtree(self.directory, ignore_errors=True)


# This process's scratch file for the run whose spool directory is named: (directory, connection, path,
# item rows written, link rows written).
_OWN_SPOOL: list[Any] | None = None


def spool_grade_rows(directory: str, item_rows: list[tuple], link_rows: list[tuple]
                     ) -> tuple[str, int, int, int, int]:
    """Write a chunk's rows to this process's scratch file in ``directory``.

    Args:
        directory: the run's :attr:`GradeSpool.directory`.
        item_rows: rows of ``item_grades``, in its columns' order.
        link_rows: rows of ``link_grades``, in its columns' order.

    Returns:
        ``(file, first item row, last item row, first link row, last link row)``, for
        :meth:`GradeSpool.note`.
    """
    global _OWN_SPOOL
    if _OWN_SPOOL is None or _OWN_SPOOL[0] != directory:
        _close_spool()
        path = os.path.join(directory, f"rows-{os.getpid()}.db")
        conn = sqlite3.connect(path, isolation_level=None)
        # Scratch rows, rewritten if the run fails: no journal, no waiting for the disk.
        conn.execute("PRAGMA journal_mode=OFF")
        conn.execute("PRAGMA synchronous=OFF")
        # No column types: values reach the store exactly as given, under its own affinities.
        conn.execute("CREATE TABLE items (audit_id, item_id, score, band, reasons, recommendation, why)")
        conn.execute("CREATE TABLE links (audit_id, link_id, score, band, link_reasons, recommendation)")
        _OWN_SPOOL = [directory, conn, path, 0, 0]
    _, conn, path, items, links = _OWN_SPOOL
    conn.execute("BEGIN")
    conn.executemany("INSERT INTO items VALUES (?, ?, ?, ?, ?, ?, ?)", item_rows)
    conn.executemany("INSERT INTO links VALUES (?, ?, ?, ?, ?, ?)", link_rows)
    conn.execute("COMMIT")
    _OWN_SPOOL[3] += len(item_rows)
    _OWN_SPOOL[4] += len(link_rows)
    return path, items + 1, items + len(item_rows), links + 1, links + len(link_rows)


def _close_spool() -> None:
    global _OWN_SPOOL
    if _OWN_SPOOL is not None:
        _OWN_SPOOL[1].close()
        _OWN_SPOOL = None


class GradesWrite:
    """The writes of one grading, inside the transaction :func:`replacing_grades` holds.

    The caller makes them in this order: :meth:`domain_identities`, :meth:`copy_spooled`,
    :meth:`domains`, :meth:`site_recommendations`, :meth:`grading`.
    """

    def __init__(self, conn: sqlite3.Connection, audit_id: int, spool: GradeSpool,
                 names: dict[str, str]) -> None:
        self.conn = conn
        self.audit_id = audit_id
        self._spool = spool
        self._names = names

    def domain_identities(self, rows: Iterable[tuple]) -> None:
        """Store what each domain's name says: ``(audit_id, domain, points, reasons JSON)`` rows."""
        self.conn.executemany("INSERT INTO domain_identity VALUES (?, ?, ?, ?)", rows)

    def copy_spooled(self) -> None:
        """Copy the spooled item and link grades into the store, in the order of the items."""
        self._spool.copy_into(self.conn, self._names)

    def domains(self, rows: Iterable[tuple]) -> None:
        """Store the domains' grades: rows of ``domain_grades``, in its columns' order."""
        self.conn.executemany("INSERT INTO domain_grades VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)

    def site_recommendations(self, recommendations: Iterable[dict[str, str]]) -> None:
        """Store what the site should change: ``{action, why, evidence}`` each."""
        self.conn.executemany("INSERT INTO site_recommendations VALUES (?, ?, ?, ?)",
                              ((self.audit_id, r["action"], r["why"], r["evidence"]) for r in recommendations))

    def grading(self, rules: dict[str, Any], counts: dict[str, Any], model_id: int | None = None) -> None:
        """Record the run itself: the rules in force, its figures, the learned model used."""
        self.conn.execute("INSERT INTO gradings (audit_id, created_at, rules, model_id, counts) VALUES (?, ?, ?, ?, ?)",
                          (self.audit_id, now_iso(), json.dumps(rules), model_id, json.dumps(counts)))


@contextmanager
def replacing_grades(store: Store, audit_id: int, spool: GradeSpool) -> Iterator[GradesWrite]:
    """Replace an audit's grades in one transaction, committed when the block ends.

    The spool's files are attached to the store's connection first (SQLite attaches
    outside a transaction), then the audit's previous grades are deleted; the block
    writes the new ones through the :class:`GradesWrite` it is given. If it raises,
    nothing changes.

    Args:
        store: the open store (its connection must hold no transaction).
        audit_id: the audit graded.
        spool: where the run's item and link rows lie.
    """
    with spool.attached(store.conn) as names, store.transaction() as conn:
        for table in ("item_grades", "link_grades", "domain_grades", "domain_identity",
                      "site_recommendations"):
            conn.execute(f"DELETE FROM {table} WHERE audit_id = ?", (audit_id,))
        yield GradesWrite(conn, audit_id, spool, names)


# -- beside the grades --------------------------------------------------------------------------

def set_item_recommendation(conn: sqlite3.Connection, audit_id: int, item_id: int, recommendation: str,
                            why: str) -> None:
    """Rewrite the plan's recommendation for one graded item (after the user decided on it)."""
    conn.execute("UPDATE item_grades SET recommendation = ?, why = ? WHERE audit_id = ? AND item_id = ?",
                 (recommendation, why, audit_id, item_id))


def set_domain_recommendation(conn: sqlite3.Connection, audit_id: int, domain: str, direction: str,
                              recommendation: str, why: str, guarded: bool) -> None:
    """Rewrite the plan's recommendation for one graded domain in one direction."""
    conn.execute("UPDATE domain_grades SET recommendation = ?, why = ?, guarded = ?"
                 " WHERE audit_id = ? AND domain = ? AND direction = ?",
                 (recommendation, why, int(guarded), audit_id, domain, direction))


def save_ping_check(conn: sqlite3.Connection, audit_id: int, item_id: int, check: PingCheck) -> None:
    """Store what checking one ping's source page found; it replaces the item's earlier check.

    Example:
        >>> from backlint.records import Item
        >>> from backlint.store import Store
        >>> store = Store(":memory:")
        >>> audit_id = store.start_audit(store.ensure_site("https://b.example/"), "https://b.example/", {})
        >>> store.save_items(audit_id, None, [Item(type="pingback", post_url="https://b.example/p/",
        ...                                        author_url="https://a.example/", site_item_id="7")])
        1
        >>> check = PingCheck("https://a.example/", "https://b.example/p/", "dead")
        >>> save_ping_check(store.conn, audit_id, 1, check)
        >>> tuple(store.conn.execute("SELECT item_id, status, rel FROM ping_checks").fetchone())
        (1, 'dead', '')
        >>> store.close()
    """
    conn.execute(
        "INSERT OR REPLACE INTO ping_checks VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (audit_id, item_id, check.source_url, check.target_url, check.status, check.http_status,
         int(check.links_to_target), check.link_url, " ".join(check.rel), check.anchor,
         check.placement, check.outbound_links, int(check.noindex), check.title,
         int(check.title_equals_blog_name), check.error, check.checked_at))


def save_model(conn: sqlite3.Connection, site_id: int, labels: int, metrics: dict[str, Any], blob: bytes) -> int:
    """Store a site's learned comment model (the newest is used); return its id.

    Args:
        conn: the store's connection.
        site_id: the site whose labels it learned from.
        labels: how many labels.
        metrics: how well it did, as JSON-ready figures.
        blob: the model's bytes (JSON header and numpy arrays; never pickle).
    """
    cur = conn.execute("INSERT INTO models (site_id, created_at, labels, metrics, blob) VALUES (?, ?, ?, ?, ?)",
                       (site_id, now_iso(), labels, json.dumps(metrics), blob))
    # A successful INSERT sets lastrowid (sqlite3's Cursor.lastrowid).
    assert cur.lastrowid is not None
    return cur.lastrowid


def keep_audit_summary(conn: sqlite3.Connection, audit_id: int, name: str, stamp: str, rows: list) -> None:
    """Keep an audit's summary ``name`` (its JSON-ready ``rows``) under ``stamp``, replacing
    the one kept before."""
    conn.execute("INSERT OR REPLACE INTO audit_summaries (audit_id, name, stamp, data) VALUES (?, ?, ?, ?)",
                 (audit_id, name, stamp, json.dumps(rows)))


__all__ = ["GradeSpool", "GradesWrite", "keep_audit_summary", "replacing_grades", "save_model", "save_ping_check",
           "set_domain_recommendation", "set_item_recommendation", "spool_grade_rows"]
