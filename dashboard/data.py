"""Every query the dashboard pages need, aggregated in SQL; no Streamlit here.

Each function takes the store path and returns a pandas DataFrame or a small dict,
so the pages stay thin and the same figures are testable without a browser. Large
tables are paged (``limit``/``offset``) and filtered in SQL; nothing here holds a
whole audit in memory. The pages cache these calls (``st.cache_data``), keyed by
:func:`store_token`, which changes whenever the store does.

Inbound claims and outbound comment links are kept apart everywhere (DOMAIN.md §1):
a domain's grade, its table row and its recommendation carry its ``direction``.

Example:
    >>> from backlint.store import Store
    >>> import tempfile, os
    >>> path = os.path.join(tempfile.mkdtemp(), "empty.db")
    >>> Store(path).close()
    >>> audits(path).empty
    True
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

import pandas as pd

from backlint.errors import BacklintError
from backlint.records import INBOUND, ITEM_TYPES, OUTBOUND_UGC
from backlint.store import Store
from backlint.urls import registrable_domain
from grading.engine import grade_audit
from grading.health import HEALTH_WEIGHTS, HealthPart, score_and_drivers
from grading.overrides import needs_grading, replan, rules_of_last_grading
from grading.plan import ADD_UGC, KEEP, SPAM
from grading.summary import (
    ANCHOR_CLASSES,
    LINK_SUMMARY_COLUMNS,
    keep_summary,
    site_name_of,
    stored_summary,
    summarise_links,
    summary_stamp,
)

BANDS = ("high", "medium", "low")
DIRECTIONS = (INBOUND, OUTBOUND_UGC)
#: Bytes of the store mapped into memory: reads of a large audit touch much of the file.
MMAP_BYTES = 1 << 30
OVERRIDE_ACTIONS = ("keep", "spam", "disavow", "allowlist")
#: What the grading engine honours for each subject (grading/plan.py ``Plan``).
OVERRIDES_FOR = {"domain": OVERRIDE_ACTIONS, "item": ("keep", "spam")}
DOMAIN_SORTS = {"score": "g.score", "domain": "g.domain", "items": "g.items", "links": "g.links"}
#: The top-level domain of a registrable domain (its last label); IP literals apart.
TLD_SQL = ("CASE WHEN domain NOT GLOB '*[a-z]*' THEN '(ip address)'"
           " WHEN instr(domain, '.') = 0 THEN '(none)'"
           " ELSE replace(domain, rtrim(domain, replace(domain, '.', '')), '') END")


# -- plumbing -------------------------------------------------------------------------------

@contextmanager
def _store(db: str) -> Iterator[Store]:
    store = Store(db)
    try:
        store.conn.execute(f"PRAGMA mmap_size = {MMAP_BYTES}")
        yield store
    finally:
        store.close()


def _span(conn: sqlite3.Connection, table: str, audit_id: int) -> tuple[int, int]:
    """The lowest and highest row id of an audit in ``links`` or ``items``.

    An audit's rows are written together, so scanning this id range (with the audit
    tested on each row) reads them in file order; letting SQLite follow its
    ``audit_id`` index instead jumps around the file once per row, several times
    slower on a large audit. ``(0, -1)`` when the audit has none.
    """
    lo = conn.execute(f"SELECT min(id) FROM {table} WHERE audit_id = ?", (audit_id,)).fetchone()[0]
    hi = conn.execute(f"SELECT max(id) FROM {table} WHERE audit_id = ?", (audit_id,)).fetchone()[0]
    return (0, -1) if lo is None else (int(lo), int(hi))


def _frame(conn: sqlite3.Connection, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> pd.DataFrame:
    cur = conn.execute(sql, params)
    columns = [d[0] for d in cur.description]
    return pd.DataFrame.from_records(cur.fetchall(), columns=columns)


def _one(conn: sqlite3.Connection, sql: str, params: Sequence[Any] = ()) -> Any:
    return conn.execute(sql, params).fetchone()[0]


def _like(text: str) -> str:
    """A LIKE pattern matching ``text`` anywhere, with ``%`` and ``_`` taken literally."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _is_graded(store: Store, audit_id: int) -> bool:
    return store.conn.execute("SELECT 1 FROM gradings WHERE audit_id = ? LIMIT 1", (audit_id,)).fetchone() is not None


def _require_graded(store: Store, audit_id: int) -> None:
    if not _is_graded(store, audit_id):
        raise BacklintError(f"audit {audit_id} is not graded yet: grade it first")


def item_url(post_url: str | None, site_item_id: str | None) -> str:
    """Where a visitor sees an item: ``post_url#comment-ID`` (WordPress's anchor).

    Only http(s) URLs are returned, so a link built from crawled data never runs script.

    Example:
        >>> item_url("https://blog.example/post/", "42")
        'https://blog.example/post/#comment-42'
        >>> item_url("javascript:alert(1)", "42")
        ''
    """
    if not post_url or not post_url.lower().startswith(("http://", "https://")):
        return ""
    base = post_url.split("#", 1)[0]
    return f"{base}#comment-{quote(site_item_id, safe='')}" if site_item_id else base


def edit_url(site_url: str | None, site_item_id: str | None, engine: str, sources: str) -> str:
    """A WordPress item's edit screen: ``<site>/wp-admin/comment.php?action=editcomment&c=ID``.

    Empty unless the item comes from WordPress (its markup or export) with a numeric id.

    Example:
        >>> edit_url("https://blog.example/", "42", "wordpress", "html")
        'https://blog.example/wp-admin/comment.php?action=editcomment&c=42'
        >>> edit_url("https://blog.example/", "42", "blogger", "html")
        ''
    """
    wordpress = engine == "wordpress" or "wxr" in (sources or "").split(",")
    if not (wordpress and site_url and site_item_id and site_item_id.isascii() and site_item_id.isdigit()):
        return ""
    if not site_url.lower().startswith(("http://", "https://")):
        return ""
    root = site_url.split("#")[0].split("?")[0].rstrip("/")
    return f"{root}/wp-admin/comment.php?action=editcomment&c={site_item_id}"


# -- stores, sites, audits --------------------------------------------------------------------

def store_token(db: str) -> tuple:
    """A cheap fingerprint of the store that changes whenever its content does.

    The pages pass it to their cached calls, so a new grading, an override or a
    crawl in progress is seen at once.
    """
    with _store(db) as store:
        return tuple(store.conn.execute(
            "SELECT (SELECT max(id) FROM audits), (SELECT count(*) FROM audits WHERE status = 'running'),"
            " (SELECT max(id) FROM items), (SELECT max(id) FROM links), (SELECT max(id) FROM gradings),"
            " (SELECT count(*) FROM overrides), (SELECT max(created_at) FROM overrides),"
            " (SELECT max(id) FROM disavow_files)").fetchone())


def is_empty(db: str) -> bool:
    """Whether the store holds no audit at all."""
    with _store(db) as store:
        return store.conn.execute("SELECT 1 FROM audits LIMIT 1").fetchone() is None


def sites(db: str) -> pd.DataFrame:
    """Every site with its number of audits and its newest audit, newest first."""
    with _store(db) as store:
        return _frame(store.conn,
                      "SELECT s.id AS site_id, s.url AS site_url, count(a.id) AS audits,"
                      " max(a.id) AS newest_audit FROM sites s LEFT JOIN audits a ON a.site_id = s.id"
                      " GROUP BY s.id ORDER BY newest_audit DESC, s.id DESC")


def audits(db: str, site_id: int | None = None) -> pd.DataFrame:
    """Audits (of one site or all), newest first, with their item count and whether graded."""
    where, params = ("WHERE a.site_id = ?", (site_id,)) if site_id is not None else ("", ())
    with _store(db) as store:
        return _frame(store.conn,
                      "SELECT a.id AS audit_id, a.site_id, s.url AS site_url, a.kind, a.status, a.started_at,"
                      " a.finished_at, (SELECT count(*) FROM items i WHERE i.audit_id = a.id) AS items,"
                      " EXISTS (SELECT 1 FROM gradings g WHERE g.audit_id = a.id) AS graded"
                      f" FROM audits a JOIN sites s ON s.id = a.site_id {where} ORDER BY a.id DESC", params)


def audit_info(db: str, audit_id: int) -> dict[str, Any]:
    """One audit: its site, kind, status, dates, stored figures, notices, failures, graded."""
    with _store(db) as store:
        row = store.require_audit(audit_id)
        failures = _frame(store.conn,
                          "SELECT outcome, coalesce(error_kind, outcome) AS cause, count(*) AS count,"
                          " min(url) AS example FROM fetch_log WHERE audit_id = ? AND outcome != 'ok'"
                          " GROUP BY outcome, cause ORDER BY count DESC, cause", (audit_id,))
        return {"audit_id": audit_id, "site_id": row["site_id"], "site_url": row["site_url"],
                "kind": row["kind"], "status": row["status"], "start_url": row["start_url"],
                "started_at": row["started_at"], "finished_at": row["finished_at"],
                "counts": json.loads(row["counts"] or "{}"), "notices": json.loads(row["notices"] or "[]"),
                "failures": failures, "graded": _is_graded(store, audit_id)}


# -- the link summary ----------------------------------------------------------------------------

def _link_summary(store: Store, audit: sqlite3.Row) -> pd.DataFrame:
    audit_id = audit["id"]
    stamp = summary_stamp(store.conn, audit)
    kept = stored_summary(store.conn, audit_id, stamp)
    if kept is not None:
        return pd.DataFrame(kept, columns=LINK_SUMMARY_COLUMNS)
    rows = summarise_links(store.conn, audit_id, site_name_of(audit["site_url"]))
    try:
        keep_summary(store.conn, audit_id, stamp, rows)
    except sqlite3.Error:
        pass  # a read-only or busy store: the figures are right, only not kept for next time
    return pd.DataFrame(rows, columns=LINK_SUMMARY_COLUMNS)


def link_summary(db: str, audit_id: int) -> pd.DataFrame:
    """An audit's links counted by month, band, item type, direction and anchor class.

    Columns :data:`LINK_SUMMARY_COLUMNS`: ``month`` is the item's ``YYYY-MM`` or
    ``undated``; ``band`` the link's grade band or ``ungraded``; ``anchor_class``
    see :func:`anchor_class`; ``links``; ``missing_ugc`` — outbound links whose known
    ``rel`` has neither ``ugc`` nor ``nofollow``; ``known_rel`` — links whose ``rel``
    is known. Every link figure of the Overview derives from it. Grading counts it
    as it grades and keeps it in the store (:mod:`grading.summary`); an audit never
    graded, or changed since its grading, is counted here in one pass over its links
    and kept for next time once it is closed.
    """
    with _store(db) as store:
        return _link_summary(store, store.require_audit(audit_id))


# -- overview -----------------------------------------------------------------------------------

def audit_overview(db: str, audit_id: int) -> dict[str, Any]:
    """The key figures of an audit.

    Returns:
        ``referring_domains`` (distinct) and ``referring_domains_by_direction``;
        ``items`` and ``items_by_type``; ``links`` and ``links_by_direction``;
        ``bands`` — for ``domains`` (per direction), ``items`` and ``links``, the count
        per band and ``domain_shares`` per band; ``pings``, ``pings_unverified``,
        ``pings_fake`` (the source was read and holds no link to you), ``pings_dead``;
        ``missing_ugc`` (outbound comment links with neither ``ugc`` nor ``nofollow``)
        out of ``outbound_known_rel``; ``graded``.
    """
    with _store(db) as store:
        audit = store.require_audit(audit_id)
        conn = store.conn
        summary = _link_summary(store, audit)
        lo, hi = _span(conn, "items", audit_id)
        items_by_type = {t: 0 for t in ITEM_TYPES}
        items_by_type.update(dict(conn.execute(
            "SELECT type, count(*) FROM items WHERE id BETWEEN ? AND ? AND +audit_id = ? GROUP BY type",
            (lo, hi, audit_id)).fetchall()))
        pings = conn.execute(
            "SELECT count(*), sum(p.item_id IS NULL),"
            " sum(p.status = 'alive' AND p.links_to_target = 0 AND p.error IS NULL), sum(p.status = 'dead')"
            " FROM items i LEFT JOIN ping_checks p ON p.audit_id = i.audit_id AND p.item_id = i.id"
            " WHERE i.id BETWEEN ? AND ? AND +i.audit_id = ? AND i.type IN ('trackback', 'pingback')",
            (lo, hi, audit_id)).fetchone()
        graded = _is_graded(store, audit_id)
        domains_by_direction, distinct = _domain_counts(store, audit_id, graded)
        bands = _bands(store, audit_id, summary) if graded else {}
    by_direction = summary.groupby("direction")["links"].sum()
    outbound = summary[summary["direction"] == OUTBOUND_UGC]
    return {
        "audit_id": audit_id, "site_url": audit["site_url"], "status": audit["status"], "kind": audit["kind"],
        "graded": graded,
        "referring_domains": distinct, "referring_domains_by_direction": domains_by_direction,
        "items": sum(items_by_type.values()), "items_by_type": items_by_type,
        "links": int(summary["links"].sum()),
        "links_by_direction": {d: int(by_direction.get(d, 0)) for d in DIRECTIONS},
        "bands": bands,
        "pings": pings[0], "pings_unverified": pings[1] or 0, "pings_fake": pings[2] or 0,
        "pings_dead": pings[3] or 0,
        "missing_ugc": int(outbound["missing_ugc"].sum()), "outbound_known_rel": int(outbound["known_rel"].sum()),
    }


def _domain_counts(store: Store, audit_id: int, graded: bool) -> tuple[dict[str, int], int]:
    """Referring domains per direction and in all; a grading has one row per domain and direction."""
    if graded:
        sql_by, sql_all = ("SELECT direction, count(*) FROM domain_grades WHERE audit_id = ? GROUP BY 1",
                           "SELECT count(DISTINCT domain) FROM domain_grades WHERE audit_id = ?")
    else:
        sql_by, sql_all = ("SELECT direction, count(DISTINCT domain) FROM links WHERE audit_id = ?"
                           " AND domain != '' GROUP BY 1",
                           "SELECT count(DISTINCT domain) FROM links WHERE audit_id = ? AND domain != ''")
    by_direction = {d: 0 for d in DIRECTIONS}
    by_direction.update(dict(store.conn.execute(sql_by, (audit_id,)).fetchall()))
    return by_direction, _one(store.conn, sql_all, (audit_id,))


def _bands(store: Store, audit_id: int, summary: pd.DataFrame) -> dict[str, Any]:
    q = store.conn.execute
    domains = {d: {b: 0 for b in BANDS} for d in DIRECTIONS}
    for direction, band, n in q("SELECT direction, band, count(*) FROM domain_grades WHERE audit_id = ?"
                                " GROUP BY direction, band", (audit_id,)):
        domains.setdefault(direction, {b: 0 for b in BANDS})[band] = n
    items = {b: 0 for b in BANDS}
    items.update(dict(q("SELECT band, count(*) FROM item_grades WHERE audit_id = ? GROUP BY band",
                        (audit_id,)).fetchall()))
    by_band = summary.groupby("band")["links"].sum()
    links = {b: int(by_band.get(b, 0)) for b in BANDS}
    all_domains = {b: sum(domains[d][b] for d in domains) for b in BANDS}
    total = sum(all_domains.values())
    shares = {b: (all_domains[b] / total if total else 0.0) for b in BANDS}
    return {"domains": domains, "domains_all": all_domains, "domain_shares": shares,
            "items": items, "links": links}


def health_parts(db: str, audit_id: int) -> list[HealthPart]:
    """The four problems behind :func:`health_score`, counted in SQL.

    Raises:
        BacklintError: no such audit, or it is not graded yet.
    """
    with _store(db) as store:
        audit = store.require_audit(audit_id)
        _require_graded(store, audit_id)
        conn = store.conn
        inbound = conn.execute("SELECT count(*), sum(band = 'high' AND recommendation != ?) FROM domain_grades"
                               " WHERE audit_id = ? AND direction = 'inbound'", (KEEP, audit_id)).fetchone()
        lo, hi = _span(conn, "items", audit_id)
        published = "i.type = 'comment' AND (i.status IS NULL OR i.status = 'approved')"
        comments = (_one(conn, f"SELECT count(*) FROM items i WHERE i.id BETWEEN ? AND ? AND +i.audit_id = ?"
                               f" AND {published}", (lo, hi, audit_id)),
                    # Only the items recommended as spam are looked up (an index on the recommendation).
                    _one(conn, "SELECT count(*) FROM item_grades g JOIN items i ON i.id = g.item_id"
                               f" WHERE g.audit_id = ? AND g.recommendation = ? AND {published}", (audit_id, SPAM)))
        pings = conn.execute(
            "SELECT count(*), sum(p.status = 'dead' OR (p.status = 'alive' AND p.links_to_target = 0"
            " AND p.error IS NULL)) FROM items i LEFT JOIN ping_checks p ON p.audit_id = i.audit_id"
            " AND p.item_id = i.id WHERE i.id BETWEEN ? AND ? AND +i.audit_id = ?"
            " AND i.type IN ('trackback', 'pingback')", (lo, hi, audit_id)).fetchone()
        summary = _link_summary(store, audit)
    outbound = summary[summary["direction"] == OUTBOUND_UGC]
    w = HEALTH_WEIGHTS
    return [HealthPart("high_inbound", inbound[1] or 0, inbound[0], w["high_inbound"]),
            HealthPart("spam_published", comments[1] or 0, comments[0], w["spam_published"]),
            HealthPart("fake_pings", pings[1] or 0, pings[0], w["fake_pings"]),
            HealthPart("missing_ugc", int(outbound["missing_ugc"].sum()), int(outbound["known_rel"].sum()),
                       w["missing_ugc"])]


def health_score(db: str, audit_id: int) -> tuple[int, list[str]]:
    """A link-profile health score 0–100 and the three things that drive it, in plain words.

    ``score = 100 − Σ weight × √share`` over four problems (weights in
    :data:`HEALTH_WEIGHTS`, adding up to 100):

    - **High-risk inbound domains** (35): inbound referring domains graded High whose
      recommendation is not *keep* (you kept it, or it is guarded), among all inbound domains;
    - **spam comments still published** (30): comments recommended *delete or mark
      spam* that are still shown (status approved or unknown), among published comments;
    - **fake or dead pings** (20): trackbacks and pingbacks whose source was read and
      holds no link to you, or is gone, among all pings (unverified ones do not count);
    - **links missing ugc/nofollow** (15): outbound comment links with a known ``rel``
      carrying neither, among those links.

    The three drivers are the three problems costing the most points (in the order
    above when tied).

    Raises:
        BacklintError: no such audit, or it is not graded yet.
    """
    return score_and_drivers(health_parts(db, audit_id))


# -- chart data -----------------------------------------------------------------------------------

RISK_SUBJECTS = {INBOUND: "domains linking to you", OUTBOUND_UGC: "domains linked from comments"}


def risk_bands(db: str, audit_id: int) -> pd.DataFrame:
    """Count per band of inbound domains, outbound domains, items and links (``subject, band, count``)."""
    with _store(db) as store:
        audit = store.require_audit(audit_id)
        _require_graded(store, audit_id)
        bands = _bands(store, audit_id, _link_summary(store, audit))
    rows = [(RISK_SUBJECTS[d], b, n) for d in DIRECTIONS for b, n in bands["domains"][d].items()]
    rows += [("comments and pings", b, n) for b, n in bands["items"].items()]
    rows += [("links", b, n) for b, n in bands["links"].items()]
    return pd.DataFrame(rows, columns=["subject", "band", "count"])


def link_facets(db: str, audit_id: int) -> pd.DataFrame:
    """Links counted by month (of their item's date), band, item type and direction.

    ``month`` is ``YYYY-MM``, or ``undated`` when the item states no date; ``band`` is
    ``ungraded`` before grading.
    """
    summary = link_summary(db, audit_id)
    return summary.groupby(["month", "band", "type", "direction"], as_index=False)["links"].sum()


def links_over_time(facets: pd.DataFrame) -> pd.DataFrame:
    """New links per month stacked by band (``month, band, links``), dated months in order.

    Example:
        >>> f = pd.DataFrame([("2024-02", "high", "comment", "outbound_ugc", 3),
        ...                   ("2024-01", "low", "pingback", "inbound", 1)],
        ...                  columns=["month", "band", "type", "direction", "links"])
        >>> links_over_time(f)["month"].tolist()
        ['2024-01', '2024-02']
    """
    if facets.empty:
        return pd.DataFrame(columns=["month", "band", "links"])
    dated = facets[facets["month"] != "undated"]
    out = dated.groupby(["month", "band"], as_index=False)["links"].sum()
    return out.sort_values(["month", "band"]).reset_index(drop=True)


def types_and_directions(facets: pd.DataFrame) -> pd.DataFrame:
    """Links by the type of item they are in and their direction (``type, direction, links``)."""
    if facets.empty:
        return pd.DataFrame(columns=["type", "direction", "links"])
    out = facets.groupby(["type", "direction"], as_index=False)["links"].sum()
    return out.sort_values(["type", "direction"]).reset_index(drop=True)


def tld_counts(db: str, audit_id: int, limit: int = 15) -> pd.DataFrame:
    """Referring domains per top-level domain and direction (``tld, direction, domains``), largest first.

    TLDs beyond the ``limit`` largest are summed as ``(other)``.
    """
    with _store(db) as store:
        store.require_audit(audit_id)
        # A grading holds one row per domain and direction; before it, the links tell.
        source = ("domain_grades WHERE audit_id = ?" if _is_graded(store, audit_id) else
                  "(SELECT DISTINCT domain, direction FROM links WHERE audit_id = ? AND domain != '')")
        frame = _frame(store.conn, f"SELECT {TLD_SQL} AS tld, direction, count(*) AS domains FROM {source}"
                                   " GROUP BY 1, 2", (audit_id,))
    if frame.empty:
        return frame
    totals = frame.groupby("tld")["domains"].sum().sort_values(ascending=False, kind="stable")
    top = set(totals.index[:limit])
    frame["tld"] = frame["tld"].where(frame["tld"].isin(top), "(other)")
    frame = frame.groupby(["tld", "direction"], as_index=False)["domains"].sum()
    order = {t: i for i, t in enumerate(list(totals.index[:limit]) + ["(other)"])}
    return frame.sort_values(["tld", "direction"], key=lambda s: s.map(order) if s.name == "tld" else s
                             ).reset_index(drop=True)


def anchor_classes(db: str, audit_id: int) -> pd.DataFrame:
    """Links per anchor-text class and direction (``anchor_class, direction, links``).

    The classes are defined by :func:`anchor_class`.
    """
    summary = link_summary(db, audit_id)
    frame = summary.groupby(["anchor_class", "direction"], as_index=False)["links"].sum()
    return frame.sort_values(["anchor_class", "direction"],
                             key=lambda s: s.map(ANCHOR_CLASSES.index) if s.name == "anchor_class" else s
                             ).reset_index(drop=True)


def top_risky_domains(db: str, audit_id: int, limit: int = 15) -> pd.DataFrame:
    """The highest-scored referring domains (``domain, direction, score, band, items, links, recommendation``)."""
    with _store(db) as store:
        _require_graded(store, audit_id)
        return _frame(store.conn,
                      "SELECT domain, direction, score, band, items, links, recommendation FROM domain_grades"
                      " WHERE audit_id = ? ORDER BY score DESC, links DESC, domain LIMIT ?", (audit_id, limit))


# -- referring domains --------------------------------------------------------------------------------

@dataclass(frozen=True)
class DomainFilter:
    """What the referring-domains table shows.

    Example:
        >>> DomainFilter(band="high", direction="inbound").band
        'high'
    """

    band: str | None = None
    direction: str | None = None
    type: str | None = None
    tld: str | None = None
    search: str = ""


def _domain_where(audit_id: int, f: DomainFilter) -> tuple[str, list[Any]]:
    clauses = ["g.audit_id = ?"]
    params: list[int | str] = [audit_id]
    if f.band:
        clauses.append("g.band = ?")
        params.append(f.band)
    if f.direction:
        clauses.append("g.direction = ?")
        params.append(f.direction)
    if f.tld:
        clauses.append(f"({TLD_SQL.replace('domain', 'g.domain')}) = ?")
        params.append(f.tld.lower().lstrip("."))
    if f.search.strip():
        clauses.append("g.domain LIKE ? ESCAPE '\\'")
        params.append(_like(f.search.strip().lower()))
    if f.type:
        # The set of (domain, direction) with an item of the type is built once, from the items.
        clauses.append("(g.domain, g.direction) IN (SELECT l.domain, l.direction FROM items i"
                       " JOIN links l ON l.item_id = i.id WHERE i.audit_id = ? AND i.type = ?)")
        params += [audit_id, f.type]
    return " AND ".join(clauses), params


def domains(db: str, audit_id: int, flt: DomainFilter | None = None, *, sort: str = "score",
            descending: bool = True, limit: int = 50, offset: int = 0) -> tuple[pd.DataFrame, int]:
    """One page of graded referring domains and how many match the filter.

    Args:
        db: the store path.
        audit_id: a graded audit.
        flt: band, direction, item type, TLD and text filters.
        sort: ``score``, ``domain``, ``items`` or ``links``.
        descending: sort order.
        limit: rows per page.
        offset: rows to skip.

    Returns:
        ``(rows, total)``: columns ``domain, direction, score, band, items, links,
        recommendation, why, guarded, your_decision``.

    Raises:
        BacklintError: no such audit, not graded, or an unknown sort column.
    """
    flt = flt or DomainFilter()
    if sort not in DOMAIN_SORTS:
        raise BacklintError(f"cannot sort referring domains by {sort!r}: choose {', '.join(DOMAIN_SORTS)}")
    where, params = _domain_where(audit_id, flt)
    order = f"{DOMAIN_SORTS[sort]} {'DESC' if descending else 'ASC'}, g.domain, g.direction"
    with _store(db) as store:
        row = store.require_audit(audit_id)
        _require_graded(store, audit_id)
        total = _one(store.conn, f"SELECT count(*) FROM domain_grades g WHERE {where}", params)
        frame = _frame(store.conn,
                       "SELECT g.domain, g.direction, g.score, g.band, g.items, g.links, g.recommendation, g.why,"
                       " g.guarded, o.action AS your_decision FROM domain_grades g"
                       " LEFT JOIN overrides o ON o.site_id = ? AND o.subject = 'domain' AND o.key = g.domain"
                       f" WHERE {where} ORDER BY {order} LIMIT ? OFFSET ?",
                       [row["site_id"], *params, max(0, int(limit)), max(0, int(offset))])
    frame["guarded"] = frame["guarded"].astype(bool)
    return frame, total


def domain_tlds(db: str, audit_id: int) -> list[str]:
    """The TLDs of an audit's graded domains, most common first (for the TLD filter)."""
    with _store(db) as store:
        return [r[0] for r in store.conn.execute(
            f"SELECT {TLD_SQL} AS tld FROM domain_grades WHERE audit_id = ? GROUP BY 1 ORDER BY count(*) DESC, 1",
            (audit_id,))]


def domain_detail(db: str, audit_id: int, domain: str, *, limit: int = 200) -> dict[str, Any]:
    """Everything about one referring domain in an audit.

    Returns:
        ``domain``; ``grades`` — one dict per direction with ``score, band, reasons``
        (each ``{signal, points, evidence}``), ``drivers``, ``recommendation, why,
        guarded``; ``identity`` (what its name alone says); ``items`` and
        ``items_total``; ``links`` and ``links_total`` (DataFrames, up to ``limit``
        rows, worst first); ``ping_checks`` (DataFrame); ``override`` (your
        decision or ``None``); ``inbound`` (whether it claims to link to you, so it
        may be disavowed).

    Raises:
        BacklintError: no such audit, not graded, or the domain is not in it.
    """
    name = registrable_domain(domain) or domain.strip().lower()
    with _store(db) as store:
        audit = store.require_audit(audit_id)
        _require_graded(store, audit_id)
        conn = store.conn
        grades = []
        for r in conn.execute("SELECT * FROM domain_grades WHERE audit_id = ? AND domain = ? ORDER BY direction",
                              (audit_id, name)):
            grade = dict(r)
            grade["reasons"] = json.loads(grade["reasons"])
            grade["drivers"] = json.loads(grade["drivers"])
            grade["guarded"] = bool(grade["guarded"])
            grades.append(grade)
        if not grades:
            raise BacklintError(f"{name} is not a referring domain of audit {audit_id}")
        identity = conn.execute("SELECT reasons FROM domain_identity WHERE audit_id = ? AND domain = ?",
                                (audit_id, name)).fetchone()
        items_total = _one(conn, "SELECT count(DISTINCT item_id) FROM links WHERE audit_id = ? AND domain = ?",
                           (audit_id, name))
        items = _frame(conn,
                       "SELECT i.id AS item, i.site_item_id, i.type, i.author_name, i.author_url, i.post_url,"
                       " i.date, substr(i.text, 1, 500) AS text, i.status, g.score, g.band, g.recommendation,"
                       " g.why FROM items i LEFT JOIN item_grades g ON g.audit_id = i.audit_id AND g.item_id = i.id"
                       " WHERE i.id IN (SELECT item_id FROM links WHERE audit_id = ? AND domain = ?)"
                       " ORDER BY g.score DESC, i.id LIMIT ?", (audit_id, name, limit))
        links_total = _one(conn, "SELECT count(*) FROM links WHERE audit_id = ? AND domain = ?", (audit_id, name))
        links = _frame(conn,
                       "SELECT l.url, l.direction, l.anchor, l.rel, l.is_author_link, l.item_id AS item,"
                       " g.score, g.band, g.recommendation, g.link_reasons FROM links l"
                       " LEFT JOIN link_grades g ON g.audit_id = l.audit_id AND g.link_id = l.id"
                       " WHERE l.audit_id = ? AND l.domain = ? ORDER BY g.score DESC, l.id LIMIT ?",
                       (audit_id, name, limit))
        checks = _frame(conn,
                        "SELECT p.item_id AS item, p.source_url, p.status, p.http_status, p.links_to_target,"
                        " p.rel, p.anchor, p.placement, p.outbound_links, p.noindex, p.title, p.error,"
                        " p.checked_at FROM ping_checks p WHERE p.audit_id = ? AND p.item_id IN"
                        " (SELECT item_id FROM links WHERE audit_id = ? AND domain = ? AND is_author_link = 1)"
                        " ORDER BY p.item_id LIMIT ?", (audit_id, audit_id, name, limit))
        override = store.overrides(audit["site_id"]).get(("domain", name))
    links["is_author_link"] = links["is_author_link"].astype(bool)
    return {"domain": name, "audit_id": audit_id, "grades": grades,
            "identity": json.loads(identity[0]) if identity else [],
            "items": items, "items_total": items_total, "links": links, "links_total": links_total,
            "ping_checks": checks, "override": dict(override) if override is not None else None,
            "inbound": any(g["direction"] == INBOUND for g in grades)}


# -- comments and pings ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class ItemFilter:
    """What the items table shows.

    Example:
        >>> ItemFilter(type="trackback", search="casino").type
        'trackback'
    """

    band: str | None = None
    type: str | None = None
    direction: str | None = None
    recommendation: str | None = None
    domain: str | None = None
    search: str = ""  # in the author's name and URL, the text, the post's URL; or the site's id of the item


def _item_where(audit_id: int, f: ItemFilter) -> tuple[str, list[Any]]:
    clauses = ["i.audit_id = ?"]
    params: list[int | str] = [audit_id]
    if f.band:
        clauses.append("g.band = ?")
        params.append(f.band)
    if f.type:
        clauses.append("i.type = ?")
        params.append(f.type)
    if f.recommendation:
        clauses.append("g.recommendation = ?")
        params.append(f.recommendation)
    if f.direction:
        clauses.append("EXISTS (SELECT 1 FROM links l WHERE l.item_id = i.id AND l.direction = ?)")
        params.append(f.direction)
    if f.domain:
        clauses.append("i.id IN (SELECT item_id FROM links WHERE audit_id = ? AND domain = ?)")
        params += [audit_id, registrable_domain(f.domain) or f.domain.lower()]
    if f.search.strip():
        clauses.append("(i.author_name LIKE ? ESCAPE '\\' OR i.author_url LIKE ? ESCAPE '\\'"
                       " OR i.text LIKE ? ESCAPE '\\' OR i.post_url LIKE ? ESCAPE '\\' OR i.site_item_id = ?)")
        params += [_like(f.search.strip())] * 4 + [f.search.strip().lstrip("#")]
    return " AND ".join(clauses), params


def items(db: str, audit_id: int, flt: ItemFilter | None = None, *, limit: int = 50,
          offset: int = 0) -> tuple[pd.DataFrame, int]:
    """One page of an audit's comments, trackbacks, pingbacks and backlinks, worst first.

    Returns:
        ``(rows, total)``: columns ``item, site_item_id, type, author_name,
        author_url, post_url, date, status, text`` (first 300 characters), ``score,
        band, recommendation, why, links, your_decision, item_url, edit_url``. Grades
        are empty before grading (rows then come in the order found); ``item_url`` and
        ``edit_url`` see :func:`item_url` and :func:`edit_url`.
    """
    flt = flt or ItemFilter()
    where, params = _item_where(audit_id, flt)
    with _store(db) as store:
        audit = store.require_audit(audit_id)
        if _is_graded(store, audit_id):
            # Every item of a graded audit has a grade: walk the grades worst first (an index).
            source = "item_grades g JOIN items i ON i.id = g.item_id AND i.audit_id = g.audit_id"
            where = where.replace("i.audit_id = ?", "g.audit_id = ?", 1)
            order = "g.score DESC, g.item_id DESC"  # the order of the index: no sort
        else:
            source = "items i LEFT JOIN item_grades g ON g.audit_id = i.audit_id AND g.item_id = i.id"
            order = "i.id"
        count_source = source
        if source.startswith("item_grades") and not (flt.type or flt.direction or flt.domain or flt.search.strip()):
            count_source = "item_grades g"  # no filter on the items themselves: the grades' index counts
        total = _one(store.conn, f"SELECT count(*) FROM {count_source} WHERE {where}", params)
        frame = _frame(store.conn,
                       "SELECT i.id AS item, i.site_item_id, i.type, i.author_name, i.author_url, i.post_url,"
                       " i.date, i.status, substr(i.text, 1, 300) AS text, g.score, g.band, g.recommendation,"
                       " g.why, (SELECT count(*) FROM links l WHERE l.item_id = i.id) AS links, i.engine,"
                       " i.sources, (SELECT o.action FROM overrides o WHERE o.site_id = ? AND o.subject = 'item'"
                       f" AND o.key = i.item_key) AS your_decision FROM {source} WHERE {where}"
                       f" ORDER BY {order} LIMIT ? OFFSET ?",
                       [audit["site_id"], *params, max(0, int(limit)), max(0, int(offset))])
    site_url = audit["site_url"]
    frame["item_url"] = [item_url(p, s) for p, s in zip(frame["post_url"], frame["site_item_id"])]
    frame["edit_url"] = [edit_url(site_url, s, e, src) for s, e, src in
                         zip(frame["site_item_id"], frame["engine"], frame["sources"])]
    return frame.drop(columns=["engine", "sources"]), total


def item_detail(db: str, audit_id: int, item: int) -> dict[str, Any]:
    """One item with its full text, grade reasons, links and their grades, ping check, your decision.

    Args:
        item: the item's row id in the store (column ``item`` of :func:`items`).

    Raises:
        BacklintError: no such audit or item.
    """
    with _store(db) as store:
        audit = store.require_audit(audit_id)
        conn = store.conn
        row = conn.execute("SELECT i.*, g.score, g.band, g.reasons, g.recommendation, g.why FROM items i"
                           " LEFT JOIN item_grades g ON g.audit_id = i.audit_id AND g.item_id = i.id"
                           " WHERE i.audit_id = ? AND i.id = ?", (audit_id, int(item))).fetchone()
        if row is None:
            raise BacklintError(f"there is no item {item} in audit {audit_id}")
        data = dict(row)
        data["reasons"] = json.loads(data["reasons"]) if data["reasons"] else []
        data["links"] = _frame(conn,
                               "SELECT l.url, l.domain, l.direction, l.anchor, l.rel, l.is_author_link,"
                               " g.score, g.band, g.recommendation, g.link_reasons FROM links l"
                               " LEFT JOIN link_grades g ON g.audit_id = l.audit_id AND g.link_id = l.id"
                               " WHERE l.item_id = ? ORDER BY l.is_author_link DESC, l.id", (int(item),))
        check = conn.execute("SELECT * FROM ping_checks WHERE audit_id = ? AND item_id = ?",
                             (audit_id, int(item))).fetchone()
        data["ping_check"] = dict(check) if check is not None else None
        override = store.overrides(audit["site_id"]).get(("item", data["item_key"]))
        data["override"] = dict(override) if override is not None else None
    data["links"]["is_author_link"] = data["links"]["is_author_link"].astype(bool)
    data["item_url"] = item_url(data["post_url"], data["site_item_id"])
    data["edit_url"] = edit_url(audit["site_url"], data["site_item_id"], data["engine"], data["sources"])
    for personal in ("author_email", "author_ip"):
        data.pop(personal, None)  # personal data stays in the store, never on screen
    return data


# -- cleanup plan ----------------------------------------------------------------------------------------

PLAN_SUBJECTS = {
    "inbound": "domains claiming to link to you",
    "outbound_ugc": "domains linked from your comments",
    "items": "comments, trackbacks and pingbacks",
    "links": "links in comments",
}


def plan_summary(db: str, audit_id: int) -> pd.DataFrame:
    """The cleanup plan grouped by subject and action, with counts (``subject, action, count, links``).

    Subjects are :data:`PLAN_SUBJECTS` keys; ``links`` covers only the hygiene action
    (add ``rel="ugc nofollow"``); the others list every recommendation. ``links`` is
    the number of links concerned (for domains and links; empty for items).
    """
    with _store(db) as store:
        _require_graded(store, audit_id)
        return _frame(store.conn,
                      "SELECT direction AS subject, recommendation AS action, count(*) AS count, sum(links) AS links"
                      " FROM domain_grades WHERE audit_id = ? GROUP BY 1, 2"
                      " UNION ALL SELECT 'items', recommendation, count(*), NULL FROM item_grades"
                      " WHERE audit_id = ? GROUP BY 2"
                      " UNION ALL SELECT 'links', recommendation, count(*), count(*) FROM link_grades"
                      " WHERE audit_id = ? AND recommendation = ? GROUP BY 2"
                      " ORDER BY 1, 3 DESC, 2", (audit_id, audit_id, audit_id, ADD_UGC))


def site_recommendations(db: str, audit_id: int) -> pd.DataFrame:
    """What to change on the site itself (``action, why, evidence``)."""
    with _store(db) as store:
        return _frame(store.conn, "SELECT action, why, evidence FROM site_recommendations WHERE audit_id = ?"
                                  " ORDER BY rowid", (audit_id,))


def plan_entries(db: str, audit_id: int, subject: str, action: str | None = None, *, limit: int = 50,
                 offset: int = 0) -> tuple[pd.DataFrame, int]:
    """One page of the plan's entries for a subject (and action), worst first.

    Args:
        subject: ``inbound`` or ``outbound_ugc`` (domains), ``items`` or ``links``.
        action: a recommendation, or ``None`` for all.

    Returns:
        ``(rows, total)``. Domains: ``key`` (the domain), ``score, band, items,
        links, why, your_decision``; items: ``key`` (the item id), ``item_key, type,
        author_name, post_url, score, band, why, your_decision, item_url``; links:
        ``url, domain, anchor, rel, item``.
    """
    with _store(db) as store:
        audit = store.require_audit(audit_id)
        _require_graded(store, audit_id)
        action_sql, extra = ("AND {col} = ?", [action]) if action else ("", [])
        page = [max(0, int(limit)), max(0, int(offset))]
        if subject in DIRECTIONS:
            cond = action_sql.format(col="g.recommendation")
            total = _one(store.conn, f"SELECT count(*) FROM domain_grades g WHERE g.audit_id = ?"
                                     f" AND g.direction = ? {cond}", [audit_id, subject, *extra])
            frame = _frame(store.conn,
                           "SELECT g.domain AS key, g.recommendation AS action, g.score, g.band, g.items, g.links,"
                           " g.why, o.action AS your_decision FROM domain_grades g LEFT JOIN overrides o"
                           " ON o.site_id = ? AND o.subject = 'domain' AND o.key = g.domain"
                           f" WHERE g.audit_id = ? AND g.direction = ? {cond}"
                           " ORDER BY g.score DESC, g.domain LIMIT ? OFFSET ?",
                           [audit["site_id"], audit_id, subject, *extra, *page])
        elif subject == "items":
            cond = action_sql.format(col="g.recommendation")
            total = _one(store.conn, f"SELECT count(*) FROM item_grades g WHERE g.audit_id = ? {cond}",
                         [audit_id, *extra])
            frame = _frame(store.conn,
                           "SELECT i.id AS key, i.item_key, g.recommendation AS action, i.type, i.site_item_id,"
                           " i.author_name, i.post_url, g.score, g.band, g.why, o.action AS your_decision"
                           " FROM item_grades g JOIN items i ON i.id = g.item_id LEFT JOIN overrides o"
                           " ON o.site_id = ? AND o.subject = 'item' AND o.key = i.item_key"
                           f" WHERE g.audit_id = ? {cond} ORDER BY g.score DESC, g.item_id DESC LIMIT ? OFFSET ?",
                           [audit["site_id"], audit_id, *extra, *page])
            frame["item_url"] = [item_url(p, s) for p, s in zip(frame["post_url"], frame["site_item_id"])]
        elif subject == "links":
            cond = action_sql.format(col="g.recommendation")
            total = _one(store.conn, f"SELECT count(*) FROM link_grades g WHERE g.audit_id = ? {cond}",
                         [audit_id, *extra])
            frame = _frame(store.conn,
                           "SELECT l.url, l.domain, g.recommendation AS action, l.anchor, l.rel, l.item_id AS item"
                           " FROM link_grades g JOIN links l ON l.id = g.link_id"
                           f" WHERE g.audit_id = ? {cond} ORDER BY l.id LIMIT ? OFFSET ?",
                           [audit_id, *extra, *page])
        else:
            raise BacklintError(f"unknown plan subject {subject!r}: choose {', '.join(PLAN_SUBJECTS)}")
    return frame, total


# -- overrides ----------------------------------------------------------------------------------------------

def overrides(db: str, site_id: int) -> pd.DataFrame:
    """The user's decisions for a site (``subject, key, action, note, created_at``), newest first."""
    with _store(db) as store:
        return _frame(store.conn, "SELECT subject, key, action, note, created_at FROM overrides WHERE site_id = ?"
                                  " ORDER BY created_at DESC, subject, key", (site_id,))


def _override_key(store: Store, audit_id: int, subject: str, key: str | int) -> str:
    """The stored key of a subject: a registrable domain, or an item's ``item_key``."""
    if subject == "domain":
        name = registrable_domain(str(key)) or str(key).strip().lower()
        found = store.conn.execute("SELECT 1 FROM links WHERE audit_id = ? AND domain = ? LIMIT 1",
                                   (audit_id, name)).fetchone()
        if found is None:
            raise BacklintError(f"{name} is not a referring domain of audit {audit_id}")
        return name
    if subject == "item":
        row = store.conn.execute("SELECT item_key FROM items WHERE audit_id = ? AND (id = ? OR item_key = ?)",
                                 (audit_id, int(key) if str(key).isdigit() else -1, str(key))).fetchone()
        if row is None:
            raise BacklintError(f"there is no item {key} in audit {audit_id}")
        return row[0]
    raise BacklintError(f"cannot override a {subject!r}: choose domain or item")


def set_override(db: str, audit_id: int, subject: str, key: str | int, action: str, note: str = "", *,
                 regrade: bool = True) -> str:
    """Record your decision on a domain or an item; the plan shows it at once.

    Disavow is offered only for domains that claim to link to you (DOMAIN.md §1:
    disavow cannot act on links in your own comments); items take ``keep`` or ``spam``.

    Args:
        db: the store path.
        audit_id: the audit whose domain or item it is (the decision is kept for the
            site, so later audits honour it too).
        subject: ``domain`` or ``item``.
        key: a domain, or an item's row id or ``item_key``.
        action: ``keep``, ``spam``, ``disavow`` or ``allowlist``.
        note: why, in your words.
        regrade: bring the audit's plan up to date now (the plan and exports follow at
            once). Keep, spam and disavow rewrite only that domain's or item's
            recommendation (:func:`grading.overrides.replan`); an allowlist decision
            changes scores, so it grades the audit again.

    Returns:
        The stored key (the registrable domain or the ``item_key``).

    Raises:
        BacklintError: unknown subject or action, an action the subject cannot take,
            or a domain or item not in the audit.
    """
    with _store(db) as store:
        audit = store.require_audit(audit_id)
        allowed = OVERRIDES_FOR.get(subject)
        if allowed is None:
            raise BacklintError(f"cannot override a {subject!r}: choose domain or item")
        if action not in allowed:
            raise BacklintError(f"a{'n' if subject == 'item' else ''} {subject} can be set to "
                                f"{', '.join(allowed)}, not {action!r}")
        stored = _override_key(store, audit_id, subject, key)
        if subject == "domain" and action == "disavow":
            inbound = store.conn.execute("SELECT 1 FROM links WHERE audit_id = ? AND domain = ?"
                                         " AND direction = 'inbound' LIMIT 1", (audit_id, stored)).fetchone()
            if inbound is None:
                raise BacklintError(f"{stored} does not claim to link to you; disavow only acts on links to "
                                    f"your site: mark its comments spam instead")
            if stored == registrable_domain(audit["site_url"]):
                raise BacklintError(f"{stored} is your own site: it is never disavowed")
        before = store.overrides(audit["site_id"]).get((subject, stored))
        store.set_override(audit["site_id"], subject, stored, action, note.strip())
    if regrade:
        _apply(db, audit_id, subject, stored, before["action"] if before is not None else None, action)
    return stored


def clear_override(db: str, audit_id: int, subject: str, key: str | int, *, regrade: bool = True) -> str:
    """Forget your decision on a domain or item; the grade's recommendation applies again.

    Returns:
        The stored key that was cleared.
    """
    with _store(db) as store:
        audit = store.require_audit(audit_id)
        stored = _override_key(store, audit_id, subject, key)
        before = store.overrides(audit["site_id"]).get((subject, stored))
        store.clear_override(audit["site_id"], subject, stored)
    if regrade and before is not None:
        _apply(db, audit_id, subject, stored, before["action"], None)
    return stored


def _apply(db: str, audit_id: int, subject: str, key: str, before: str | None, after: str | None) -> None:
    """Bring the plan up to date with a changed decision: the one subject's
    recommendation, or a new grading when the decision changes scores."""
    with _store(db) as store:
        graded = _is_graded(store, audit_id)
        if graded and not needs_grading(before, after):
            replan(store, audit_id, subject, key)
            return
    grade(db, audit_id)


def grade(db: str, audit_id: int) -> Any:
    """Grade an audit (again) with the rules of its last grading.

    The rules file a grading used is recorded with it; when that file is still there
    it is used again, else the default rules. Grading also keeps the audit's link
    summary, so the Overview opens at once.

    Returns:
        The :class:`grading.engine.GradingSummary`.
    """
    with _store(db) as store:
        store.require_audit(audit_id)
        rules = rules_of_last_grading(store, audit_id)
    return grade_audit(db, audit_id, rules)


# -- compare two audits ---------------------------------------------------------------------------------------

def comparable_audits(db: str, audit_id: int) -> pd.DataFrame:
    """The other audits of the same site as ``audit_id`` (for Compare audits), newest first."""
    with _store(db) as store:
        audit = store.require_audit(audit_id)
    frame = audits(db, audit["site_id"])
    return frame[frame["audit_id"] != audit_id].reset_index(drop=True)


def compare_audits(db: str, old: int, new: int, *, limit: int = 200) -> dict[str, Any]:
    """New and lost referring domains and links between two audits of one site, and the health move.

    Domains are compared by ``(domain, direction)`` and links by ``(url, direction)``.

    Returns:
        ``old``, ``new``; ``new_domains`` and ``lost_domains`` (DataFrames of up to
        ``limit`` rows: ``domain, direction, links, band``) with ``new_domains_total``
        and ``lost_domains_total``; ``new_links``/``lost_links`` likewise (``url,
        domain, direction``) with totals; ``health_old``, ``health_new`` (``None``
        when that audit is not graded) and ``health_delta``.

    Raises:
        BacklintError: either audit missing, or they are of different sites.
    """
    with _store(db) as store:
        a, b = store.require_audit(old), store.require_audit(new)
        if a["site_id"] != b["site_id"]:
            raise BacklintError(f"audits {old} and {new} are of different sites ({a['site_url']} and "
                                f"{b['site_url']}): compare two audits of one site")
        conn = store.conn
        result: dict[str, Any] = {"old": old, "new": new}
        for label, x, y in (("new", new, old), ("lost", old, new)):
            diff = ("SELECT domain, direction FROM links WHERE audit_id = ? AND domain != ''"
                    " EXCEPT SELECT domain, direction FROM links WHERE audit_id = ?")
            result[f"{label}_domains_total"] = _one(conn, f"SELECT count(*) FROM ({diff})", (x, y))
            result[f"{label}_domains"] = _frame(
                conn, f"SELECT d.domain, d.direction, (SELECT count(*) FROM links l WHERE l.audit_id = ?"
                      " AND l.domain = d.domain AND l.direction = d.direction) AS links, g.band"
                      f" FROM ({diff}) d LEFT JOIN domain_grades g ON g.audit_id = ? AND g.domain = d.domain"
                      " AND g.direction = d.direction ORDER BY g.score DESC, links DESC, d.domain LIMIT ?",
                (x, x, y, x, limit))
            # The domain follows from the URL, so it does not change a link's identity.
            link_diff = ("SELECT url, domain, direction FROM links WHERE audit_id = ?"
                         " EXCEPT SELECT url, domain, direction FROM links WHERE audit_id = ?")
            result[f"{label}_links_total"] = _one(conn, f"SELECT count(*) FROM ({link_diff})", (x, y))
            result[f"{label}_links"] = _frame(conn, f"SELECT * FROM ({link_diff}) ORDER BY url LIMIT ?",
                                              (x, y, limit))
        graded = {aid: _is_graded(store, aid) for aid in (old, new)}
    result["health_old"] = health_score(db, old)[0] if graded[old] else None
    result["health_new"] = health_score(db, new)[0] if graded[new] else None
    result["health_delta"] = (result["health_new"] - result["health_old"]
                              if None not in (result["health_old"], result["health_new"]) else None)
    return result
