"""An audit's links counted the way the dashboard's Overview shows them.

Every link figure of the Overview — links by direction, risk bands, new links per
month stacked by band, anchor-text classes, outbound links missing ``ugc`` or
``nofollow`` — derives from one table: the audit's links counted by month, band, item
type, direction and anchor class (:data:`LINK_SUMMARY_COLUMNS`). Grading counts it as
it grades, for nothing more than a dictionary update per link, and keeps it in the
store (table ``audit_summaries``) stamped with the grading and the audit's closing, so
a million-link audit's Overview opens without reading its links again. An audit that
was never graded, or changed since, is counted again in one pass of SQL
(:func:`summarise_links`), which gives the same table.

Anchor texts are classified here too (:func:`anchor_class`): it is part of the count.

Example:
    >>> from grading.core import ItemFacts, LinkFacts
    >>> link = LinkFacts("https://hop-notes.net/", "hop-notes.net", "hop-notes.net", "Hop Notes", ("ugc",),
    ...                  True, "outbound_ugc")
    >>> counts = LinkCounts("brewshed")
    >>> counts.add(ItemFacts(key="id:1", type="comment", date="2024-03-02T10:00:00", links=(link,)), link, "low")
    >>> counts.rows()
    [('2024-03', 'low', 'comment', 'outbound_ugc', 'branded', 1, 0, 1)]
"""

from __future__ import annotations

import json
import re
import sqlite3
from typing import Any

from backlint.records import INBOUND, OUTBOUND_UGC
from backlint.store.grades import keep_audit_summary
from backlint.urls import registrable_domain

#: The columns of a link summary, in order.
LINK_SUMMARY_COLUMNS = ["month", "band", "type", "direction", "anchor_class", "links", "missing_ugc", "known_rel"]
#: The name of the link summary in ``audit_summaries``.
SUMMARY_NAME = "links"
ANCHOR_CLASSES = ("branded", "URL", "generic", "keyword")

# -- anchor-text classes ---------------------------------------------------------------------
#: Anchors that say nothing about the target (compared lower-cased, trimmed).
GENERIC_ANCHORS = (
    "", "article", "blog", "check it out", "check this out", "click", "click here", "continue reading",
    "details", "go", "go here", "here", "home", "home page", "homepage", "info", "learn more", "link",
    "more", "more info", "more information", "my blog", "my site", "my website", "page", "post",
    "read more", "read the rest", "read this", "see more", "site", "source", "this", "this article",
    "this link", "this page", "this post", "this site", "this website", "url", "visit", "visit site",
    "visit website", "web site", "website",
)
_GENERIC = frozenset(GENERIC_ANCHORS)
_URL_START = ("http://", "https://", "www.")
_BARE_DOMAIN = re.compile(r"[a-z0-9]\.[a-z]{2}")
_NAME_JOINERS = str.maketrans("", "", " -._")


def _anchor_facts(anchor: str) -> tuple[str, str]:
    """What an anchor says on its own: ``("URL" | "generic" | "", its compact form)``."""
    text = anchor.strip(" .,!:;»›→-\t\n").lower()
    if "." in text and (text.startswith(_URL_START) or (" " not in text and _BARE_DOMAIN.search(text))):
        return "URL", ""
    if text in _GENERIC:
        return "generic", ""
    return "", text.translate(_NAME_JOINERS)


def _domain_name(domain: str) -> str:
    """A domain's name for the branded test: its first label without hyphens."""
    return domain.split(".", 1)[0].replace("-", "")


def anchor_class(anchor: str, domain: str, direction: str = INBOUND, site_name: str = "") -> str:
    """Classify one anchor text as ``URL``, ``generic``, ``branded`` or ``keyword``.

    In order:

    - **URL** — the anchor is a URL (``http…://``, ``www.``) or a bare domain;
    - **generic** — one of :data:`GENERIC_ANCHORS` (an empty anchor, such as an image
      link, counts here: it names nothing);
    - **branded** — it contains the name of the site the link is about: the linked
      domain's first label (``hopnotes`` for ``hop-notes.net``, at least 3 characters),
      or, for a link claiming to point to you, your own site's name; case, spaces,
      hyphens, dots and underscores are ignored;
    - **keyword** — the rest (comment author names that are no site's name land here).

    Args:
        anchor: the link's visible text.
        domain: the registrable domain the link points to (for a ping: its source).
        direction: ``inbound`` or ``outbound_ugc``.
        site_name: the audited site's name (see :func:`site_name_of`).

    Example:
        >>> anchor_class("https://spam.example/page", "spam.example")
        'URL'
        >>> anchor_class("Hop Notes", "hop-notes.net")
        'branded'
        >>> anchor_class("great tips from Brew Day", "other.example", site_name="brewday")
        'branded'
        >>> anchor_class("cheap payday loans", "loans-4u.example", "outbound_ugc")
        'keyword'
        >>> anchor_class("Click here »", "spam.example")
        'generic'
    """
    return AnchorClassifier(site_name)(anchor, domain, direction)


class AnchorClassifier:
    """:func:`anchor_class` with what it learns about each anchor and domain kept.

    One instance serves one count (a grading chunk, or the SQL function
    ``anchor_class(anchor, domain, direction)`` of one pass), so each distinct anchor and
    domain is looked at once.

    Example:
        >>> AnchorClassifier("")("www.spam.example", "spam.example", "inbound")
        'URL'
    """

    def __init__(self, site_name: str) -> None:
        self.site_name = site_name if len(site_name) >= 3 else ""
        self.anchors: dict[str, tuple[str, str]] = {}
        self.names: dict[str, str] = {}

    def __call__(self, anchor: str | None, domain: str | None, direction: str | None) -> str:
        anchor, domain = anchor or "", domain or ""
        facts = self.anchors.get(anchor)
        if facts is None:
            facts = self.anchors[anchor] = _anchor_facts(anchor)
        if facts[0]:
            return facts[0]
        name = self.names.get(domain)
        if name is None:
            name = self.names[domain] = _domain_name(domain)
        compact = facts[1]
        if (len(name) >= 3 and name in compact) or (self.site_name and direction == INBOUND
                                                     and self.site_name in compact):
            return "branded"
        return "keyword"


def site_name_of(site_url: str) -> str:
    """The audited site's name for the branded-anchor test: its domain's first label.

    Example:
        >>> site_name_of("https://www.hop-notes.co.uk/blog/")
        'hopnotes'
        >>> site_name_of("http://127.0.0.1:8000/")
        ''
    """
    label = registrable_domain(site_url).split(".")[0]
    name = "".join(ch for ch in label.lower() if ch.isalnum())
    return name if any(ch.isalpha() for ch in name) else ""


# -- counting while grading ------------------------------------------------------------------
_MONTH = re.compile(r"[12][0-9][0-9][0-9]-[01][0-9]")
_HOLDS_BACK = frozenset(("ugc", "nofollow"))


def month_of(date: str | None) -> str:
    """The ``YYYY-MM`` an item was posted in, or ``undated``.

    Example:
        >>> month_of("2024-03-02T10:00:00+00:00"), month_of("02/03/2024"), month_of(None)
        ('2024-03', 'undated', 'undated')
    """
    return date[:7] if date and _MONTH.match(date) else "undated"


def missing_ugc(direction: str, rel: tuple[str, ...] | None) -> bool:
    """An outbound comment link whose known ``rel`` holds neither ``ugc`` nor ``nofollow``.

    Example:
        >>> missing_ugc("outbound_ugc", ("external",)), missing_ugc("outbound_ugc", ("UGC",))
        (True, False)
        >>> missing_ugc("outbound_ugc", None), missing_ugc("inbound", ())
        (False, False)
    """
    return direction == OUTBOUND_UGC and rel is not None and not any(r.lower() in _HOLDS_BACK for r in rel)


class LinkCounts:
    """A link summary counted link by link (in a grading worker), then merged.

    Example:
        >>> a, b = LinkCounts(""), LinkCounts("")
        >>> a.counts[("undated", "low", "comment", "inbound", "URL")] = [2, 0, 2]
        >>> b.counts[("undated", "low", "comment", "inbound", "URL")] = [1, 0, 0]
        >>> a.merge(b); a.rows()
        [('undated', 'low', 'comment', 'inbound', 'URL', 3, 0, 2)]
    """

    def __init__(self, site_name: str) -> None:
        self.classify = AnchorClassifier(site_name)
        self.counts: dict[tuple[str, str, str, str, str], list[int]] = {}
        self._missing: dict[tuple[str, tuple[str, ...]], bool] = {}  # (direction, rel) → missing_ugc

    def __getstate__(self) -> dict[str, Any]:
        # Sent back from a worker: the counts only, not the classifier's caches.
        return {"counts": self.counts, "site_name": self.classify.site_name}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.classify = AnchorClassifier(state["site_name"])
        self.counts = state["counts"]
        self._missing = {}

    def add(self, item: Any, link: Any, band: str, month: str | None = None) -> None:
        """Count one graded link of ``item`` (``month`` when the caller already has it)."""
        direction, rel = link.direction, link.rel
        key = (month or month_of(item.date), band, item.type, direction,
               self.classify(link.anchor, link.domain, direction))
        found = self.counts.get(key)
        if found is None:
            found = self.counts[key] = [0, 0, 0]
        found[0] += 1
        if rel is not None:
            found[2] += 1
            # A few rel values recur over a million links: each is judged once.
            missing = self._missing.get((direction, rel))
            if missing is None:
                missing = self._missing[direction, rel] = missing_ugc(direction, rel)
            if missing:
                found[1] += 1

    def merge(self, other: LinkCounts) -> None:
        """Add another chunk's counts to these."""
        for key, (links, missing, known) in other.counts.items():
            found = self.counts.get(key)
            if found is None:
                self.counts[key] = [links, missing, known]
            else:
                found[0] += links
                found[1] += missing
                found[2] += known

    def rows(self) -> list[tuple]:
        """The summary's rows (:data:`LINK_SUMMARY_COLUMNS`), sorted as SQL groups them."""
        return [key + tuple(values) for key, values in sorted(self.counts.items())]


# -- counting in SQL, and keeping the count ------------------------------------------------------
_MISSING_UGC_SQL = ("(l.direction = 'outbound_ugc' AND l.rel IS NOT NULL"
                    " AND ' ' || lower(l.rel) || ' ' NOT LIKE '% ugc %'"
                    " AND ' ' || lower(l.rel) || ' ' NOT LIKE '% nofollow %')")
_LINK_SUMMARY_SQL = (
    "SELECT CASE WHEN i.date GLOB '[12][0-9][0-9][0-9]-[01][0-9]*' THEN substr(i.date, 1, 7)"
    " ELSE 'undated' END AS month, coalesce(g.band, 'ungraded') AS band, i.type, l.direction,"
    " anchor_class(l.anchor, l.domain, l.direction) AS anchor_class, count(*) AS links,"
    f" sum({_MISSING_UGC_SQL}) AS missing_ugc,"
    " sum(l.rel IS NOT NULL) AS known_rel"
    " FROM links l JOIN items i ON i.id = l.item_id"
    " LEFT JOIN link_grades g ON g.audit_id = l.audit_id AND g.link_id = l.id"
    " WHERE l.id BETWEEN :lo AND :hi AND +l.audit_id = :audit GROUP BY 1, 2, 3, 4, 5")


def summarise_links(conn: sqlite3.Connection, audit_id: int, site_name: str) -> list[tuple]:
    """Count an audit's links in one pass of SQL (in file order) with their items and grades.

    Links with no grade count in the band ``ungraded``. The rows equal what
    :class:`LinkCounts` counts while grading (``rel`` is split on single spaces here,
    as the store writes it).
    """
    # Anchor classes in Python: per link it is cheaper than the same tests as SQL string
    # functions, and each distinct anchor and domain is looked at once.
    conn.create_function("anchor_class", 3, AnchorClassifier(site_name), deterministic=True)
    lo, hi = conn.execute("SELECT coalesce(min(id), 0), coalesce(max(id), -1) FROM links WHERE audit_id = ?",
                          (audit_id,)).fetchone()
    return [tuple(row) for row in conn.execute(_LINK_SUMMARY_SQL, {"lo": lo, "hi": hi, "audit": audit_id})]


def summary_stamp(conn: sqlite3.Connection, audit: Any) -> str | None:
    """What a stored summary was counted from: the audit's last grading and its closing.

    ``None`` while the audit is running: its links still change, nothing is kept. A
    resumed crawl reopens the audit and closes it again, so its stamp changes.
    """
    if audit["status"] == "running":
        return None
    grading = conn.execute("SELECT max(id) FROM gradings WHERE audit_id = ?", (audit["id"],)).fetchone()[0]
    return f"grading {grading or 0}|{audit['status']} {audit['finished_at']}"


def stored_summary(conn: sqlite3.Connection, audit_id: int, stamp: str | None) -> list[list] | None:
    """The audit's kept summary rows if they carry ``stamp``, else ``None``."""
    if stamp is None:
        return None
    row = conn.execute("SELECT data FROM audit_summaries WHERE audit_id = ? AND name = ? AND stamp = ?",
                       (audit_id, SUMMARY_NAME, stamp)).fetchone()
    return None if row is None else json.loads(row[0])


def keep_summary(conn: sqlite3.Connection, audit_id: int, stamp: str | None, rows: list[tuple]) -> None:
    """Keep an audit's summary rows under ``stamp`` (nothing is kept without one)."""
    if stamp is not None:
        keep_audit_summary(conn, audit_id, SUMMARY_NAME, stamp, rows)


__all__ = ["ANCHOR_CLASSES", "GENERIC_ANCHORS", "LINK_SUMMARY_COLUMNS", "AnchorClassifier", "LinkCounts",
           "anchor_class", "keep_summary", "missing_ugc", "month_of", "site_name_of", "stored_summary",
           "summarise_links", "summary_stamp"]
