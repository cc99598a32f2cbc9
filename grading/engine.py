"""Grade an audit: read its facts from the store, run the signals, write the grades.

:func:`grade_audit` is the one entry point (``backlint grade`` and the dashboard call
it). The work is linear in links: each referring domain's name is judged once, each
item once, and a link's grade reuses both:

- **item** = its content, behaviour, ping-verification and learned-model signals,
  plus the identity of the domains it links to;
- **link** = its item's non-identity reasons + its own domain's identity + link
  signals (outbound hygiene);
- **domain** (per direction) = its identity + domain behaviour signals + how its items
  were graded (``domain.item_grades``), naming the items that drove it.

Recommendations follow DOMAIN.md §1: outbound UGC is deleted or marked spam, never
disavowed; an inbound claim is disavowed only when the link exists, the domain is
High and not guarded; a claim whose source does not link to us is a fake ping to
delete, with nothing to disavow.

A run reads the audit once, a chunk of items at a time, and counts the audit
statistics, then grades in three passes: the domains' identities, the items with their
links, the domains per direction. A large audit (a million links) runs each pass in
forked worker processes, one a core, which inherit the run. Reading an object writes to
it (its reference count), which copies its page into the reader, so the items are not
kept as objects: a child process makes them for the statistics while the parent reads
the next rows, and the rows stay in the parent, one marshalled bytes object a chunk
(:class:`_Chunks`), which workers read without copying. Each worker makes the items of
the chunks it grades, writes their rows to a scratch file of its own (:mod:`backlint.store.grades`) and sends back
only where they lie, the items' scores and a few counts. Domains are split between the
workers by name, so each gathers its domains' items with no merging, while the parent
copies the items' and links' rows into the store. The store is written in one
transaction at the end, so a grading never leaves half its rows and holds the write
lock for the copy only. The cyclic garbage collector is paused meanwhile
(:func:`_collector_paused`).

Example:
    >>> from grading.rules import load_rules
    >>> ctx = Context(rules=load_rules())
    >>> grade_item(ItemFacts(key="id:1", type="comment", text="Thanks!"), ctx, {}).band
    'low'
"""

from __future__ import annotations

import functools
import gc
import itertools
import json
import marshal
import multiprocessing
import os
import threading
import time
import traceback
from array import array
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from operator import itemgetter
from typing import Any

from backlint.errors import BacklintError
from backlint.records import PingCheck
from backlint.store import Store
from backlint.store.grades import GradeSpool, replacing_grades, spool_grade_rows
from backlint.urls import registrable_domain
from grading.core import (
    BAND_OF_SCORE,
    SIGNALS,
    AuditStats,
    Context,
    DomainFacts,
    Grade,
    ItemFacts,
    LinkFacts,
    Reason,
    combine,
)
from grading.plan import ADD_UGC, KEEP, SPAM, Plan, is_fake_claim
from grading.rules import Rules, load_rules, with_allowlisted
from grading.summary import LinkCounts, keep_summary, month_of, site_name_of, summary_stamp

#: Below this many items, worker processes cost more than they save.
PARALLEL_MIN_ITEMS = 20_000
#: Items a worker grades per task: enough that a task's overhead is small, few enough
#: that the workers finish together.
CHUNK_ITEMS = 4_000
#: Most worker processes, whatever the number of cores.
MAX_WORKERS = 8


@dataclass
class GradingSummary:
    """What a grading run produced (figures for the command line and the dashboard)."""

    audit_id: int
    items_by_band: dict[str, int]
    domains_by_band: dict[str, dict[str, int]]
    links_by_band: dict[str, int]
    recommendations: dict[str, int]
    site_recommendations: list[dict[str, str]]
    model_used: str | None
    pings_checked: int
    elapsed: float


def _signals(subject: str, rules: Rules) -> list[tuple[Any, float]]:
    """The signals of a subject that the rules weigh, each with its weight (looked up once)."""
    _load_signals()
    return [(s, rules.weight(s.name)) for s in SIGNALS.values()
            if s.subject == subject and rules.weight(s.name) > 0]


def _load_signals() -> None:
    # Importing the signal modules registers them; the model's signal lives with the model.
    import grading.signals  # noqa: F401
    try:
        import grading.model  # noqa: F401
    except ImportError:  # scikit-learn missing: the rules alone grade
        pass


def signals_for(ctx: Context, subject: str) -> list[tuple[Any, float]]:
    """The weighted signals of a subject for this context's rules, computed once per context."""
    if subject not in ctx.weighted:
        ctx.weighted[subject] = _signals(subject, ctx.rules)
    return ctx.weighted[subject]


def run_signals(signals: list[tuple[Any, float]], facts: Any, ctx: Context) -> list[Reason]:
    """Run weighted signals on one subject and return a :class:`Reason` for each that fired."""
    reasons = []
    for sig, weight in signals:
        hit = sig.fn(facts, ctx)
        if hit is not None:
            strength = hit.strength
            if strength > 0:
                reasons.append(Reason(sig.name, round(weight * (strength if strength < 1.0 else 1.0), 2),
                                      hit.evidence))
    return reasons


def domain_identity(domain: str, hosts: Iterable[str], ctx: Context) -> list[Reason]:
    """The reasons a domain's name alone gives (each domain is judged once an audit).

    Its behaviour across the audit (``behaviour.*`` domain signals) is not part of it: that
    counts in the domain's own grade, and reaches an item only through the item's own
    signals (``behaviour.author_domain_pattern``), so no reason is counted twice.
    """
    return run_signals(domain_signals(ctx, named=True), DomainFacts(domain, tuple(sorted(hosts))), ctx)


def domain_signals(ctx: Context, named: bool) -> list[tuple[Any, float]]:
    """The weighted domain signals that read a domain's name (``domain.*``), or the rest:
    those that read its behaviour across the audit."""
    key = "domain:name" if named else "domain:behaviour"
    if key not in ctx.weighted:
        ctx.weighted[key] = [(s, w) for s, w in signals_for(ctx, "domain") if s.name.startswith("domain.") == named]
    return ctx.weighted[key]


def grade_item(item: ItemFacts, ctx: Context, identity: dict[str, list[Reason]]) -> Grade:
    """Grade one item: its own signals plus the identity of the domains it links to.

    Args:
        item: the item.
        ctx: rules, audit statistics, ping checks, model.
        identity: domain → identity reasons (from :func:`domain_identity`); domains
            missing from it are judged here.
    """
    return combine(item_reasons(item, ctx) + _linked_identity(item, ctx, identity))


def item_reasons(item: ItemFacts, ctx: Context) -> list[Reason]:
    """The item's own reasons (content, behaviour, pings, model), without domain identity."""
    return run_signals(signals_for(ctx, "item"), item, ctx)


def _linked_identity(item: ItemFacts, ctx: Context, identity: dict[str, list[Reason]]) -> list[Reason]:
    # The strongest evidence of each identity signal across the domains it links to. Most
    # items link to one domain (their author link's): its reasons are the answer as they are.
    site_domains = ctx.stats.site_domains
    first, first_reasons = "", []
    best: dict[str, Reason] | None = None
    for link in item.links:
        domain = link.domain
        if not domain or domain == first or domain in site_domains:
            continue
        reasons = identity.get(domain)
        if reasons is None:
            reasons = identity[domain] = domain_identity(domain, [link.host], ctx)
        if not first:
            first, first_reasons = domain, reasons
            continue
        if best is None:
            best = {reason.signal: reason for reason in first_reasons}
        for reason in reasons:
            held = best.get(reason.signal)
            if held is None or reason.points > held.points:
                best[reason.signal] = reason
    return list(first_reasons) if best is None else list(best.values())


# -- reading the audit ----------------------------------------------------------------------

@dataclass
class AuditItems:
    """An audit's items as grading reads them, in store order.

    The links are also listed one after another, item after item, each item's in the
    order of its ``links``: their store ids, their items, and which (domain, direction)
    they link to.

    Example:
        >>> link = LinkFacts("https://a.example/", "a.example", "a.example", is_author_link=True)
        >>> audit = AuditItems([ItemFacts(key="id:1", type="comment", links=(link,))], array("q", [7]),
        ...                    array("q", [70]), {"a.example": {"a.example"}}, [("a.example", "outbound_ugc")],
        ...                    array("i", [0]), array("i", [0]))
        >>> audit.item_ids[0], audit.link_ids[0], audit.entries[audit.link_entries[0]]
        (7, 70, ('a.example', 'outbound_ugc'))

    Attributes:
        items: the items, each with its links (author link first); empty when only
            the rest was read (grading keeps no items: see :class:`_Chunks`).
        item_ids: the store id of each item: ``item_ids[i]`` is the ``i``-th item's.
        link_ids: each link's store id.
        hosts: every linked registrable domain with the hosts seen under it, in the
            order the items first link to them.
        entries: every (domain, direction) linked to, in the order the items first link
            to them.
        link_entries: each link's place in ``entries``.
        link_items: each link's item's place among the items.
    """

    items: list[ItemFacts] = field(default_factory=list)
    item_ids: array = field(default_factory=lambda: array("q"))
    link_ids: array = field(default_factory=lambda: array("q"))
    hosts: dict[str, set[str]] = field(default_factory=dict)
    entries: list[tuple[str, str]] = field(default_factory=list)
    link_entries: array = field(default_factory=lambda: array("i"))
    link_items: array = field(default_factory=lambda: array("i"))
    _entry_of: dict[tuple[str, str], int] = field(default_factory=dict, repr=False, compare=False)

    def add_rows(self, rows: Rows) -> None:
        """Note the next chunk's items and links, from their rows (not their items)."""
        item_rows, link_rows = rows
        first = len(self.item_ids)
        place = {row[0]: first + n for n, row in enumerate(item_rows)}
        self.item_ids.extend([row[0] for row in item_rows])
        hosts, entries, entry_of = self.hosts, self.entries, self._entry_of
        link_ids, link_items, link_entries = self.link_ids, self.link_items, self.link_entries
        for link_id, item_id, _, host, domain, _, _, _, direction in link_rows:
            index = place.get(item_id)
            if index is None:  # its item is another audit's (a store written wrong): never read
                continue
            link_ids.append(link_id)
            link_items.append(index)
            seen = hosts.get(domain)
            if seen is None:
                hosts[domain] = {host}
            else:
                seen.add(host)
            entry = entry_of.get((domain, direction))
            if entry is None:
                entry = entry_of[domain, direction] = len(entries)
                entries.append((domain, direction))
            link_entries.append(entry)


_ITEM_IDS_SQL = "SELECT id FROM items WHERE id BETWEEN ? AND ? AND +audit_id = ? ORDER BY id"
_ITEMS_SQL = ("SELECT id, item_key, type, author_name, author_url, text, date, post_url, site_item_id"
              " FROM items WHERE id BETWEEN ? AND ? AND +audit_id = ? ORDER BY id")
# By their items' ids (an index), so a chunk of items finds its links wherever the store put
# them; each item's author link first, then the others as stored.
_LINKS_SQL = ("SELECT id, item_id, url, host, domain, anchor, rel, is_author_link, direction FROM links"
              " WHERE item_id BETWEEN ? AND ? AND +audit_id = ? ORDER BY item_id, is_author_link = 0, id")

#: A chunk of an audit as the store holds it: its item rows (:data:`_ITEMS_SQL`) and their
#: links' rows (:data:`_LINKS_SQL`).
Rows = tuple[list[tuple], list[tuple]]


def load_items(store: Store, audit_id: int) -> AuditItems:
    """Read an audit's items with their links, a chunk of :data:`CHUNK_ITEMS` items at a time."""
    audit = AuditItems()
    ids = _item_ids(store.conn, audit_id)
    for start in range(0, len(ids), CHUNK_ITEMS):
        rows = _chunk_rows(store.conn, audit_id, ids, start)
        audit.add_rows(rows)
        audit.items.extend(item for _, item, _ in _items_of(rows))
    return audit


def _item_ids(conn: Any, audit_id: int) -> array:
    """The ids of an audit's items, in store order.

    An audit's rows are written together, so its id range holds few others, which
    ``audit_id`` filters out.
    """
    return array("q", [row[0] for row in _rows(conn, _ITEM_IDS_SQL, _id_range(conn, "items", audit_id), audit_id)])


def _chunk_rows(conn: Any, audit_id: int, ids: array, start: int) -> Rows:
    """The rows of the :data:`CHUNK_ITEMS` items from ``ids[start]`` on, and of their links."""
    span = (ids[start], ids[min(len(ids), start + CHUNK_ITEMS) - 1])
    return _rows(conn, _ITEMS_SQL, span, audit_id).fetchall(), _rows(conn, _LINKS_SQL, span, audit_id).fetchall()


def _items_of(rows: Rows) -> Iterator[tuple[int, ItemFacts, tuple[int, ...]]]:
    """The items of a chunk's rows, in store order, each with its store id and its links' ids.

    Grading reads each item once and drops it (it keeps the rows), so values that repeat
    across rows, such as domains and hosts, are not looked up to keep one copy each: that
    would cost more than it saves.
    """
    item_rows, link_rows = rows
    rels: dict[str, tuple[str, ...]] = {}
    at, count = 0, len(link_rows)
    for row in item_rows:
        item_id = row[0]
        while at < count and link_rows[at][1] < item_id:  # another audit's item (see AuditItems.add_rows)
            at += 1
        first = at
        while at < count and link_rows[at][1] == item_id:
            at += 1
        links, link_ids = [], []
        for link_id, _, url, host, domain, anchor, rel, is_author, direction in link_rows[first:at]:
            if rel is not None:
                rel_values = rels.get(rel)
                if rel_values is None:
                    rel_values = rels[rel] = tuple(rel.split())
                rel = rel_values
            links.append(LinkFacts(url, host, domain, anchor, rel, bool(is_author), direction))
            link_ids.append(link_id)
        yield item_id, ItemFacts(key=row[1], type=row[2], author_name=row[3], author_url=row[4], text=row[5],
                                 date=row[6], post_url=row[7], site_id=row[8], links=tuple(links)), tuple(link_ids)


def _id_range(conn: Any, table: str, audit_id: int) -> tuple[int, int]:
    low, high = conn.execute(f"SELECT min(id), max(id) FROM {table} WHERE audit_id = ?", (audit_id,)).fetchone()
    return (0, -1) if low is None else (low, high)


def _rows(conn: Any, sql: str, id_range: tuple[int, int], audit_id: int) -> Any:
    cursor = conn.cursor()
    cursor.row_factory = None  # plain tuples: a million rows
    return cursor.execute(sql, (*id_range, audit_id))


def load_ping_checks(store: Store, audit_id: int, item_ids: Iterable[int] | None = None) -> dict[str, PingCheck]:
    """The stored ping checks of an audit (or of its items ``item_ids``), by item key."""
    checks: dict[str, PingCheck] = {}
    sql = ("SELECT items.item_key, p.* FROM ping_checks p JOIN items ON items.id = p.item_id"
           " WHERE p.audit_id = ?")
    rows: Iterable[Any]
    if item_ids is None:
        rows = store.conn.execute(sql, (audit_id,))
    else:
        rows = (row for item_id in dict.fromkeys(item_ids)
                for row in store.conn.execute(sql + " AND p.item_id = ?", (audit_id, item_id)))
    for row in rows:
        data = dict(row)
        checks[data.pop("item_key")] = PingCheck(
            source_url=data["source_url"], target_url=data["target_url"], status=data["status"],
            http_status=data["http_status"], links_to_target=bool(data["links_to_target"]),
            link_url=data["link_url"], rel=tuple((data["rel"] or "").split()), anchor=data["anchor"] or "",
            placement=data["placement"] or "unknown", outbound_links=data["outbound_links"] or 0,
            noindex=bool(data["noindex"]), title=data["title"] or "",
            title_equals_blog_name=bool(data["title_equals_blog_name"]), error=data["error"],
            checked_at=data["checked_at"])
    return checks


def site_domains_of(store: Store, audit_id: int) -> frozenset[str]:
    """The audited site's registrable domains (its host and ``www`` twin)."""
    return frozenset({registrable_domain(store.require_audit(audit_id)["site_url"])})


def _model_for(store: Store, site_id: int) -> tuple[Any, str | None]:
    row = store.conn.execute("SELECT id, blob, labels, created_at FROM models WHERE site_id = ?"
                             " ORDER BY id DESC LIMIT 1", (site_id,)).fetchone()
    if row is None:
        return None, None
    from grading.model import CommentModel

    return CommentModel.from_bytes(row["blob"]), f"model {row['id']} ({row['labels']} labels, {row['created_at']})"


# -- the run ----------------------------------------------------------------------------------

def grade_audit(db: str, audit_id: int | None = None, rules: Rules | None = None,
                use_model: bool = True) -> GradingSummary:
    """Grade an audit and store item, link and domain grades with recommendations.

    Ping verification is a separate step (:func:`crawler.verify` via ``backlint
    verify``); the stored checks are used here.

    Args:
        db: the store path.
        audit_id: the audit; ``None`` for the newest.
        rules: the rules; ``None`` for the defaults.
        use_model: use the site's learned model when one is stored.

    Raises:
        BacklintError: no such audit.
    """
    started = time.monotonic()
    rules = rules or load_rules()
    store = Store(db)
    try:
        # One run at a time in this process (the dashboard may grade in threads): the
        # run's JSON memos are keyed by the ids of its objects.
        with _RUN_LOCK, _collector_paused():
            try:
                return _grade(store, audit_id or store.newest_audit_id(), rules, use_model, started)
            finally:
                _HEADS.clear()
                _KNOWN_JSON.clear()
    finally:
        store.close()


def _grade(store: Store, audit_id: int, rules: Rules, use_model: bool, started: float) -> GradingSummary:
    audit = store.require_audit(audit_id)
    site_domains = site_domains_of(store, audit_id)
    overrides = store.overrides(audit["site_id"])
    rules = with_allowlisted(rules, overrides)
    ctx = Context(rules=rules, ping_checks=load_ping_checks(store, audit_id))
    model, model_used = _model_for(store, audit["site_id"]) if use_model else (None, None)
    ids = _item_ids(store.conn, audit_id)
    workers = _workers_for(len(ids))
    audit_items, chunks = AuditItems(), _Chunks()
    reading = chunks.read(store.conn, audit_id, ids, audit_items)
    statistics = functools.partial(_statistics, site_domains=site_domains, model=model, burst_window_seconds=int(
        rules.param("behaviour.burst.window_seconds", 600)))
    # With workers, a child makes the items for the statistics while this process reads
    # the next rows: the two overlap, and the child's memory, scattered by a million
    # short-lived objects, is not left behind for the workers to copy. Once it has read
    # them all, this process judges the domains' names (pass 1), which need no statistics.
    judge = functools.partial(_judge_names, audit_items, ctx, site_domains, audit_id)
    if workers:
        (ctx.stats, probabilities), (identity, identity_points, identity_rows) = _in_child(
            statistics, reading, meanwhile=judge)
    else:
        ctx.stats, probabilities = statistics(reading)
        identity, identity_points, identity_rows = judge()
    if model is not None:
        ctx.model = _BatchedModel(model, probabilities)
    for subject in ("domain", "item", "link"):
        for sig, _ in signals_for(ctx, subject):  # looked up once, and prepared, before the workers fork
            if workers and sig.prepare is not None:
                sig.prepare(ctx)
    run = _Run(audit_id, audit_items, ctx, Plan(rules, site_domains, ctx.ping_checks, overrides),
               identity=identity, identity_points=identity_points, site_name=site_name_of(audit["site_url"]),
               chunks=chunks)
    spool = GradeSpool(os.path.dirname(os.path.abspath(store.path)) if store.path != ":memory:" else None)
    run.spool_directory = spool.directory
    with _shared(run):
        try:
            with _workers(workers) as pool:  # forked now: the workers inherit the identities
                tally, scores = _grade_all_items(run, pool, spool)
                site_recs = run.plan.for_site(tally)
                parts = max(1, workers)
                graded = _map(pool, _grade_domain_part, [(part, parts, bytes(scores)) for part in range(parts)])
                # The store is written while the workers grade the domains; their rows come last.
                domain_rows = _write(store, audit_id, rules, model_used, identity_rows, spool, graded, site_recs)
            keep_summary(store.conn, audit_id, summary_stamp(store.conn, store.audit(audit_id)), tally.links.rows())
        finally:
            spool.remove()
    return _summary(audit_id, tally, domain_rows, model_used, len(ctx.ping_checks),
                    time.monotonic() - started, site_recs)


def _judge_names(audit: AuditItems, ctx: Context, site_domains: frozenset[str], audit_id: int
                 ) -> tuple[dict[str, list[Reason]], dict[str, float], list[tuple]]:
    """Pass 1: judge what each linked domain's name says, the site's own excepted.

    Returns:
        ``(domain → reasons, domain → their points, the rows to store)``.
    """
    site = frozenset(d.lower() for d in site_domains)
    identity: dict[str, list[Reason]] = {}
    points_of: dict[str, float] = {}
    rows = []
    for domain, hosts in audit.hosts.items():
        if not domain or domain in site:
            continue
        reasons = domain_identity(domain, hosts, ctx)
        parts = []
        for reason in reasons:
            part = _KNOWN_JSON[id(reason)] = _reason_json(reason)
            parts.append(part)
        identity[domain] = reasons
        points_of[domain] = points = sum(r.points for r in reasons)
        rows.append((audit_id, domain, points, "[" + ", ".join(parts) + "]"))
    return identity, points_of, rows


def _grade_all_items(run: _Run, pool: Any, spool: GradeSpool) -> tuple[_Tally, bytearray]:
    """Grade every item and link, spooling the rows; return the counts and each item's score."""
    tally = _Tally()
    scores = bytearray(len(run.audit.item_ids))
    for start, span, chunk_scores, chunk_tally in _map(pool, _grade_chunk, list(range(len(run.chunks.rows)))):
        spool.note(span)
        scores[start:start + len(chunk_scores)] = chunk_scores
        tally.add(chunk_tally)
    return tally, scores


# -- sharing the run with worker processes ------------------------------------------------------

class _Chunks:
    """An audit's rows kept for the grading workers: one marshalled bytes object a chunk.

    Forked workers inherit the parent's memory, but reading an object writes its
    reference count, which copies its page into the reader: items kept as objects would
    end up copied into every worker, half a gigabyte each for a million links. A bytes
    object is read without being written, so the rows stay shared; each worker makes the
    items of the chunks it grades (:meth:`items`). The few facts a domain's grade names
    of its items are kept apart (:attr:`labels`).

    Attributes:
        rows: each chunk's rows (:data:`Rows`), marshalled.
        starts: the place of each chunk's first item among the audit's items.
        labels: what a domain's grade names of each item.
    """

    def __init__(self) -> None:
        self.rows: list[bytes] = []
        self.starts: list[int] = []
        self.labels = _Labels()

    def read(self, conn: Any, audit_id: int, ids: array, audit: AuditItems) -> Iterator[bytes]:
        """Read the rows of the audit's items ``ids`` into these chunks and ``audit``,
        yielding each chunk as it is kept; all are complete once the last is yielded."""
        for start in range(0, len(ids), CHUNK_ITEMS):
            rows = _chunk_rows(conn, audit_id, ids, start)
            audit.add_rows(rows)
            self.labels.add(rows[0])
            self.rows.append(marshal.dumps(rows))
            self.starts.append(start)
            yield self.rows[-1]
        self.labels.seal()

    def items(self, chunk: int) -> list[tuple[int, ItemFacts, tuple[int, ...]]]:
        """The items of one chunk, each with its store id and its links' store ids."""
        return list(_items_of(marshal.loads(self.rows[chunk])))


def _statistics(chunks: Iterable[bytes], site_domains: frozenset[str], burst_window_seconds: int,
                model: Any = None) -> tuple[AuditStats, dict[str, float] | None]:
    """The audit statistics of the items of marshalled chunks of rows, and each item's spam
    probability (by key) when a model is given.

    The statistics read each item once, as it is made; only a model, which scores the
    items in one batch, needs them all at once.
    """
    from grading.signals.behaviour import audit_stats

    kept: list[ItemFacts] = []

    def items() -> Iterator[ItemFacts]:
        for rows in chunks:
            for _, item, _ in _items_of(marshal.loads(rows)):
                if model is not None:
                    kept.append(item)
                yield item

    stats = audit_stats(items(), site_domains=site_domains, site_name="", burst_window_seconds=burst_window_seconds)
    return stats, None if model is None else _BatchedModel.probabilities(model, kept)


def _in_child(fn: Callable[[Iterator[bytes]], Any], values: Iterable[bytes],
              meanwhile: Callable[[], Any]) -> tuple[Any, Any]:
    """Return ``fn(values)`` computed in a forked child process, the values sent to it as
    they come: the child works on one while this process makes the next. Once all are
    sent, this process calls ``meanwhile()`` while the child finishes; its answer comes
    second.

    What ``fn`` returns comes back pickled, or what it raised is raised here.

    Raises:
        BacklintError: the child ended without an answer (killed, out of memory).
    """
    context = multiprocessing.get_context("fork")
    to_child, inbox = context.Pipe(duplex=False)
    answer, to_parent = context.Pipe(duplex=False)
    child = context.Process(target=_child_main, args=(fn, to_child, to_parent), daemon=True)
    child.start()
    to_child.close()
    to_parent.close()
    try:
        try:
            for value in values:
                inbox.send_bytes(value)
            inbox.send_bytes(b"")  # no more
            inbox.close()
            done_meanwhile = meanwhile()
            failed, result = answer.recv()
        except (BrokenPipeError, EOFError):
            child.join()
            raise BacklintError(
                f"the process reading the audit ended unexpectedly (exit code {child.exitcode})") from None
    finally:
        inbox.close()
        answer.close()
        if child.is_alive():
            child.terminate()
        child.join()
    if failed:
        raise result
    return result, done_meanwhile


def _child_main(fn: Callable[[Iterator[bytes]], Any], receive: Any, send: Any) -> None:
    """The child's side of :func:`_in_child`: ``fn`` over the values received, its answer sent."""

    def received() -> Iterator[bytes]:
        while value := receive.recv_bytes():
            yield value

    try:
        answer: tuple[bool, Any] = (False, fn(received()))
    except BaseException as exc:  # whatever it is, the parent raises it
        exc.add_note("raised in the process reading the audit:\n" + "".join(traceback.format_tb(exc.__traceback__)))
        answer = (True, exc)
    try:
        send.send(answer)
    except Exception as exc:  # the answer does not pickle: say so, with the child's traceback
        detail = "".join(traceback.format_exception(answer[1])) if answer[0] else repr(exc)
        send.send((True, RuntimeError(f"the process reading the audit could not answer: {detail}")))


class _Labels:
    """What a domain's grade names of its items — key, the number shown, type, author name —
    packed in one string with the offsets where each ends, so that workers read them
    without touching an object an item.

    Example:
        >>> labels = _Labels()
        >>> labels.add([(7, "id:1", "comment", "Ann", None, "", None, "", "41"),
        ...             (9, "id:2", "pingback", "", None, "", None, "", None)])
        >>> labels.seal()
        >>> labels.shown(0), labels.author_name(0), labels.key(1), labels.shown(1), labels.type(1)
        ('41', 'Ann', 'id:2', 'id:2', 'pingback')
    """

    def __init__(self) -> None:
        self.text = ""
        self.ends = array("q")  # four an item: key, shown, type, author name
        self._pieces: list[str] = []

    def add(self, item_rows: list[tuple]) -> None:
        """Add the labels of a chunk's items, from their rows (:data:`_ITEMS_SQL`)."""
        values = [value for row in item_rows for value in (row[1], row[8] or row[1], row[2], row[3])]
        sums = itertools.accumulate(map(len, values), initial=self.ends[-1] if self.ends else 0)
        next(sums)  # the initial value: where the last chunk ended
        self.ends.extend(sums)
        self._pieces.append("".join(values))

    def seal(self) -> None:
        """Pack what was added (before any lookup)."""
        self.text = "".join(self._pieces)
        self._pieces = []

    def _field(self, at: int) -> str:
        return self.text[self.ends[at - 1] if at else 0:self.ends[at]]

    def key(self, index: int) -> str:
        """The item's ``item_key``."""
        return self._field(4 * index)

    def shown(self, index: int) -> str:
        """The item's number on its site, else its key."""
        return self._field(4 * index + 1)

    def type(self, index: int) -> str:
        """``comment``, ``trackback`` or ``pingback``."""
        return self._field(4 * index + 2)

    def author_name(self, index: int) -> str:
        """The item's author name."""
        return self._field(4 * index + 3)


@dataclass
class _Run:
    """What grading needs, the audit's rows included: set in the parent, inherited by forked workers."""

    audit_id: int
    audit: AuditItems
    ctx: Context
    plan: Plan
    identity: dict[str, list[Reason]] = field(default_factory=dict)
    identity_points: dict[str, float] = field(default_factory=dict)
    chunks: _Chunks = field(default_factory=_Chunks)
    spool_directory: str = ""
    site_name: str = ""  # the audited site's name, for the anchor classes of the link summary


_RUN: _Run | None = None  # the run in progress; workers fork with it
_RUN_LOCK = threading.Lock()  # held by a whole run (see grade_audit)


@contextmanager
def _shared(run: _Run) -> Iterator[_Run]:
    """Make ``run`` the run in progress (the caller holds :data:`_RUN_LOCK`)."""
    global _RUN
    _RUN = run
    try:
        yield run
    finally:
        _RUN = None


def _current() -> _Run:
    assert _RUN is not None, "no grading run in progress"
    return _RUN


def _workers_for(items: int) -> int:
    """Worker processes for an audit: none below :data:`PARALLEL_MIN_ITEMS` or without fork."""
    workers = min(os.cpu_count() or 1, MAX_WORKERS)
    if items < PARALLEL_MIN_ITEMS or workers < 2 or "fork" not in multiprocessing.get_all_start_methods():
        return 0
    return workers


@contextmanager
def _workers(count: int) -> Iterator[Any]:
    """A pool of ``count`` forked workers, or ``None`` to work in this process."""
    if not count:
        yield None
        return
    with multiprocessing.get_context("fork").Pool(count) as pool:
        yield pool


def _map(pool: Any, fn: Callable[[Any], Any], tasks: list[Any]) -> Iterator[Any]:
    """``fn`` over the tasks, in order: in the pool's workers as they free up, or here
    as the results are read."""
    if pool is None:
        return map(fn, tasks)
    return pool.imap(fn, tasks)


_COLLECTOR_LOCK = threading.Lock()
_COLLECTOR_HOLDERS = 0
_COLLECTOR_WAS_ON = False


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector for a run.

    Reading an audit creates millions of lasting objects; the collector would walk them
    again and again as they pile up (a third of the reading time) and, in forked workers,
    write to every object's header, copying the memory they otherwise share with the
    parent. Grading makes no cycles worth collecting. Runs in several threads share the
    pause: the last to end turns the collector back on, if it was on.
    """
    global _COLLECTOR_HOLDERS, _COLLECTOR_WAS_ON
    with _COLLECTOR_LOCK:
        if _COLLECTOR_HOLDERS == 0:
            _COLLECTOR_WAS_ON = gc.isenabled()
            gc.disable()
        _COLLECTOR_HOLDERS += 1
    try:
        yield
    finally:
        with _COLLECTOR_LOCK:
            _COLLECTOR_HOLDERS -= 1
            if _COLLECTOR_HOLDERS == 0 and _COLLECTOR_WAS_ON:
                gc.enable()


# -- pass 2: items and their links --------------------------------------------------------------

@dataclass
class _Tally:
    """Counts over graded items and links, summed chunk by chunk (site advice, the summary)."""

    items: int = 0
    missing_rel: int = 0
    pings: int = 0
    bad_pings: int = 0
    linked_spam: int = 0
    item_bands: Counter = field(default_factory=Counter)
    link_bands: Counter = field(default_factory=Counter)
    item_advice: Counter = field(default_factory=Counter)
    links: LinkCounts = field(default_factory=lambda: LinkCounts(""))

    def add(self, other: _Tally) -> None:
        """Add another chunk's counts to these."""
        self.items += other.items
        self.missing_rel += other.missing_rel
        self.pings += other.pings
        self.bad_pings += other.bad_pings
        self.linked_spam += other.linked_spam
        self.item_bands.update(other.item_bands)
        self.link_bands.update(other.link_bands)
        self.item_advice.update(other.item_advice)
        self.links.merge(other.links)


def _grade_chunk(chunk: int) -> tuple[int, tuple[str, int, int, int, int], bytes, _Tally]:
    """Grade the items of one chunk and their links, spooling the rows in this process.

    Returns:
        ``(the place of its first item, where the rows lie, item scores, counts)``.
    """
    run = _current()
    ctx, plan, audit_id, identity = run.ctx, run.plan, run.audit_id, run.identity
    start, read = run.chunks.starts[chunk], run.chunks.items(chunk)
    rules, checks = ctx.rules, ctx.ping_checks
    allowlist, identity_points = rules.allowlist, run.identity_points
    item_signals, link_signals = signals_for(ctx, "item"), signals_for(ctx, "link")
    band_at = BAND_OF_SCORE
    item_rows: list[tuple] = []
    link_rows: list[tuple] = []
    scores = bytearray(len(read))
    tally = _Tally(items=len(read), links=LinkCounts(run.site_name))
    count_link = tally.links.add
    item_bands: dict[str, int] = {}
    item_advice: dict[str, int] = {}
    link_bands: dict[str, int] = {}
    for index, (item_id, item, link_ids) in enumerate(read):
        reasons = run_signals(item_signals, item, ctx)
        grade = combine(reasons + _linked_identity(item, ctx, identity))
        if allowlist:
            grade = _guarded_grade(grade, item.author_domain, rules)
        score, band = grade.score, grade.band
        rec, why = plan.for_item(item, grade)
        item_rows.append((audit_id, item_id, score, band, _reasons_json(grade.reasons), rec, why))
        scores[index] = score
        item_bands[band] = item_bands.get(band, 0) + 1
        item_advice[rec] = item_advice.get(rec, 0) + 1
        if item.type in ("trackback", "pingback"):
            tally.pings += 1
            check = checks.get(item.key)
            if band == "high" or (check is not None and is_fake_claim(check)):
                tally.bad_pings += 1
        elif band == "high" and item.type == "comment" and any(not link.is_author_link for link in item.links):
            tally.linked_spam += 1
        own_points = sum(r.points for r in reasons)
        month = month_of(item.date)
        for link, link_id in zip(item.links, link_ids):
            # A link's grade: its item's own reasons, its domain's identity, its own
            # signals. Only the last are stored with it; the rest are the item's and the
            # domain's, stored once each (so a million links stay cheap).
            extra = run_signals(link_signals, link, ctx) if link_signals else None
            if link.domain in allowlist:
                link_score = 0
            else:
                total = own_points + identity_points.get(link.domain, 0.0)
                if extra:
                    total += sum(r.points for r in extra)
                link_score = int(round(min(100.0, max(0.0, total))))
            link_band = band_at[link_score]
            if extra and any(r.signal.startswith("hygiene.") for r in extra):
                link_rec = ADD_UGC
                tally.missing_rel += 1
            else:
                link_rec = SPAM if link_band == "high" and link.direction != "inbound" else KEEP
            link_rows.append((audit_id, link_id, link_score, link_band,
                              _reasons_json(extra) if extra else None, link_rec))
            link_bands[link_band] = link_bands.get(link_band, 0) + 1
            count_link(item, link, link_band, month)
    tally.item_bands.update(item_bands)
    tally.item_advice.update(item_advice)
    tally.link_bands.update(link_bands)
    return start, spool_grade_rows(run.spool_directory, item_rows, link_rows), bytes(scores), tally


class _BatchedModel:
    """Wraps a comment model with each item's probability computed beforehand, in one batch
    (:meth:`probabilities`)."""

    def __init__(self, model: Any, by_key: dict[str, float]) -> None:
        self.model = model
        self._by_key = by_key

    @staticmethod
    def probabilities(model: Any, items: list[ItemFacts]) -> dict[str, float]:
        """Each item's spam probability, by key, computed in one batch."""
        probabilities = model.spam_probabilities(items) if items else []
        return {item.key: float(p) for item, p in zip(items, probabilities)}

    def __getattr__(self, name: str) -> Any:
        return getattr(self.model, name)

    def spam_probability(self, item: ItemFacts) -> float:
        found = self._by_key.get(item.key)
        return self.model.spam_probability(item) if found is None else found


def _guarded_grade(grade: Grade, domain: str, rules: Rules) -> Grade:
    if domain and domain in rules.allowlist:
        return Grade(0, "low", (Reason("allowlist", 0.0, f"{domain} is on your allowlist"),))
    return grade


_encode_string: Callable[[str], str] = json.encoder.encode_basestring
_encode_ascii: Callable[[str], str] = json.encoder.encode_basestring_ascii

#: The start of a reason's JSON, up to its evidence, by (signal, points): few pairs recur.
_HEADS: dict[tuple[str, float], str] = {}
#: Most heads remembered (strengths on a scale make new points now and then).
MAX_HEADS = 100_000
_INFINITY = float("inf")


#: The JSON of each domain identity reason, by the reason's ``id()``, for the run: every
#: item linking to a domain repeats its reasons. ``run.identity`` holds those reasons for
#: the whole run, so no other object can take their ids; cleared when the run ends.
_KNOWN_JSON: dict[int, str] = {}


def _reasons_json(reasons: Iterable[Reason]) -> str:
    """The reasons as JSON: byte for byte ``json.dumps`` of each reason's ``{"signal",
    "points" (one decimal), "evidence"}`` with Unicode unescaped, built from pieces
    (a million rows a run)."""
    known = _KNOWN_JSON
    return "[" + ", ".join([known.get(id(reason)) or _reason_json(reason) for reason in reasons]) + "]"


def _reason_json(reason: Reason) -> str:
    signal, points, evidence = reason.signal, reason.points, reason.evidence
    # Only finite positive floats share a head: as keys 1 == 1.0 and 0.0 == -0.0, yet their JSON differs.
    if type(points) is float and 0.0 < points < _INFINITY and type(signal) is str and type(evidence) is str:
        head = _HEADS.get((signal, points))
        if head is None:
            head = f'{{"signal": {_encode_string(signal)}, "points": {round(points, 1)!r}, "evidence": '
            if len(_HEADS) < MAX_HEADS:
                _HEADS[(signal, points)] = head
        return head + _encode_string(evidence) + "}"
    return json.dumps({"signal": signal, "points": round(points, 1), "evidence": evidence}, ensure_ascii=False)


def _strings_json(values: list[Any]) -> str:
    """``json.dumps(values)`` for a short list of strings (ASCII-escaped, as its default)."""
    if all(type(v) is str for v in values):
        return "[" + ", ".join(map(_encode_ascii, values)) + "]"
    return json.dumps(values)


# -- pass 3: domains, per direction -------------------------------------------------------------

#: How many of a domain's worst items its grade names (``drivers``); the first three score it.
DRIVERS = 5


def _grade_domain_part(task: tuple[int, int, bytes]) -> list[tuple[int, tuple]]:
    """Grade the domains of one part (every ``parts``-th domain of the audit).

    Each worker gathers its own domains' items from the list of links, so no domain is
    split between workers, and reads what each domain's grade names of its items from
    :class:`_Labels` (a forked worker copies every object it touches). Returns
    ``(place, row)`` pairs: where the domain and direction first appear among the audit's links, the order the
    rows are stored in.
    """
    part, parts, scores = task
    run = _current()
    ctx, rules, audit, labels = run.ctx, run.ctx.rules, run.audit, run.chunks.labels
    place_of = {domain: n for n, domain in enumerate(audit.hosts)}
    mine = bytes(domain != "" and place_of[domain] % parts == part for domain, _ in audit.entries)
    linked: dict[int, list[int]] = {}  # entry → the index of the item of each link to it
    for entry, index in zip(audit.link_entries, audit.link_items):
        if mine[entry]:
            found = linked.get(entry)
            if found is None:
                linked[entry] = [index]
            else:
                found.append(index)
    weight = rules.weight("domain.item_grades")
    behaviour = domain_signals(ctx, named=False)
    behaviour_of: dict[str, list[Reason]] = {}
    rows = []
    for entry, indices in linked.items():
        domain, direction = audit.entries[entry]
        graded = list(dict.fromkeys(indices))  # each item once, in the audit's order
        worst = sorted(graded, key=lambda i: -scores[i])[:DRIVERS]  # ties keep that order
        if domain not in behaviour_of:
            behaviour_of[domain] = run_signals(behaviour, DomainFacts(domain), ctx)
        reasons = list(run.identity.get(domain, [])) + behaviour_of[domain]
        if weight > 0:
            reasons.append(_item_grades_reason(graded, worst, scores, labels, weight))
        grade = _guarded_grade(combine(reasons), domain, rules)
        drivers = [labels.shown(i) for i in worst]
        pings = [labels.key(i) for i in indices] if direction == "inbound" else []
        rec, why, guarded = run.plan.for_domain(domain, direction, grade, pings)
        rows.append((entry, (run.audit_id, domain, direction, grade.score, grade.band, _reasons_json(grade.reasons),
                             _strings_json(drivers), len(graded), len(indices), rec, why, int(guarded))))
    return rows


def _item_grades_reason(graded: list[int], worst: list[int], scores: bytes, labels: _Labels,
                        weight: float) -> Reason:
    """``domain.item_grades``: the mean of its three worst items' scores, the worst named."""
    top = [scores[i] for i in worst[:3]]
    bands = Counter(BAND_OF_SCORE[scores[i]] for i in graded)
    first = worst[0]
    evidence = (f"its {len(graded)} item(s): " + ", ".join(f"{bands[b]} {b.title()}"
                for b in ("high", "medium", "low") if bands[b])
                + f"; worst {top[0]}: {labels.type(first)} #{labels.shown(first)} by {labels.author_name(first)!r}")
    return Reason("domain.item_grades", round(weight * (sum(top) / len(top)) / 100, 2), evidence)


# -- storing ------------------------------------------------------------------------------------

def _write(store: Store, audit_id: int, rules: Rules, model_used: str | None, identity_rows: list[tuple],
           spool: GradeSpool, graded_domains: Iterable[list[tuple[int, tuple]]],
           site_recs: list[dict[str, str]]) -> list[tuple]:
    """Replace the audit's grades in one transaction; return the domain rows written.

    ``graded_domains`` is read last: the parts of domain rows as the workers finish them,
    each row with the place its domain and direction first appear among the links.
    """
    with replacing_grades(store, audit_id, spool) as grades:
        grades.domain_identities(identity_rows)
        grades.copy_spooled()
        domain_rows = [row for _, row in sorted((r for part in graded_domains for r in part), key=itemgetter(0))]
        grades.domains(domain_rows)
        grades.site_recommendations(site_recs)
        grades.grading(rules.to_dict(), {"items": spool.items, "links": spool.links,
                                         "domains": len(domain_rows), "model": model_used})
    return domain_rows


def _summary(audit_id: int, tally: _Tally, domain_rows: list[tuple], model_used: str | None, pings: int,
             elapsed: float, site_recs: list[dict[str, str]]) -> GradingSummary:
    """The figures of the rows just written, ordered as the store would group them."""
    domains: dict[str, dict[str, int]] = {}
    for (direction, band), n in sorted(Counter((row[2], row[4]) for row in domain_rows).items()):
        domains.setdefault(direction, {})[band] = n
    recs = dict(sorted(Counter(row[9] for row in domain_rows).items()))
    for rec, n in sorted(tally.item_advice.items()):
        recs[f"items: {rec}"] = n
    return GradingSummary(audit_id=audit_id, items_by_band=_present(tally.item_bands), domains_by_band=domains,
                          links_by_band=_present(tally.link_bands), recommendations=recs,
                          site_recommendations=site_recs, model_used=model_used, pings_checked=pings,
                          elapsed=elapsed)


def _present(counts: Counter) -> dict[str, int]:
    return {key: n for key, n in sorted(counts.items()) if n}


__all__ = ["AuditItems", "Context", "GradingSummary", "domain_identity", "grade_audit", "grade_item",
           "item_reasons", "load_items"]
