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

Example:
    >>> from grading.rules import load_rules
    >>> ctx = Context(rules=load_rules())
    >>> grade_item(ItemFacts(key="id:1", type="comment", text="Thanks!"), ctx, {}).band
    'low'
"""

from __future__ import annotations

import dataclasses
import json
import multiprocessing
import os
import time
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from backlint.errors import BacklintError
from crawler.store import Store, now_iso
from crawler.urls import registrable_domain
from grading.core import (SIGNALS, AuditStats, DomainFacts, Grade, ItemFacts, LinkFacts,
                          PingCheck, Reason, band_of, combine)
from grading.rules import Rules, load_rules

#: Actions, in the words the cleanup plan uses.
KEEP, MONITOR, REVIEW, SPAM, DISAVOW, VERIFY, ADD_UGC, DELETE_PINGS = (
    "keep", "monitor", "review", "delete or mark spam", "disavow domain", "verify the link",
    'add rel="ugc nofollow"', "delete the pings (fake claim)")


@dataclass
class Context:
    """What a signal may consult besides its subject.

    Attributes:
        rules: weights, thresholds, word lists.
        stats: facts about the whole audit (behaviour signals).
        ping_checks: item key → what verifying the ping found.
        model: the site's learned comment model, or ``None``.
        weighted: the signals in force with their weights, by subject (filled on first use).
    """

    rules: Rules
    stats: AuditStats = field(default_factory=AuditStats)
    ping_checks: dict[str, PingCheck] = field(default_factory=dict)
    model: Any = None
    weighted: dict[str, list[tuple[Any, float]]] = field(default_factory=dict, repr=False)


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
        if hit is not None and hit.strength > 0:
            strength = hit.strength if hit.strength < 1.0 else 1.0
            reasons.append(Reason(sig.name, round(weight * strength, 2), hit.evidence))
    return reasons


def domain_identity(domain: str, hosts: Iterable[str], ctx: Context) -> list[Reason]:
    """The reasons a domain's name alone gives (each domain is judged once an audit)."""
    return run_signals(signals_for(ctx, "domain"), DomainFacts(domain, tuple(sorted(hosts))), ctx)


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
    # The strongest evidence of each identity signal across the domains it links to.
    best: dict[str, Reason] = {}
    for link in item.links:
        if not link.domain or link.domain in ctx.stats.site_domains:
            continue
        if link.domain not in identity:
            identity[link.domain] = domain_identity(link.domain, [link.host], ctx)
        for reason in identity[link.domain]:
            if reason.signal not in best or reason.points > best[reason.signal].points:
                best[reason.signal] = reason
    return list(best.values())


# -- reading the audit ----------------------------------------------------------------------

def load_items(store: Store, audit_id: int) -> tuple[list[ItemFacts], dict[str, int], dict[int, list]]:
    """Read an audit's items with their links.

    Returns:
        ``(items, item_id by key, links by item id)`` where each link row is
        ``(link_id, LinkFacts)``.
    """
    links: dict[int, list] = defaultdict(list)
    for row in store.conn.execute(
            "SELECT id, item_id, url, host, domain, anchor, rel, is_author_link, direction FROM links"
            " WHERE audit_id = ? ORDER BY item_id, is_author_link DESC, id", (audit_id,)):
        rel = None if row[6] is None else tuple(row[6].split())
        links[row[1]].append((row[0], LinkFacts(row[2], row[3], row[4], row[5], rel, bool(row[7]), row[8])))
    items: list[ItemFacts] = []
    ids: dict[str, int] = {}
    for row in store.conn.execute(
            "SELECT id, item_key, type, author_name, author_url, text, date, post_url, site_item_id"
            " FROM items WHERE audit_id = ? ORDER BY id", (audit_id,)):
        facts = ItemFacts(key=row[1], type=row[2], author_name=row[3], author_url=row[4], text=row[5],
                          date=row[6], post_url=row[7], site_id=row[8],
                          links=tuple(link for _, link in links.get(row[0], ())))
        items.append(facts)
        ids[facts.key] = row[0]
    return items, ids, links


def load_ping_checks(store: Store, audit_id: int) -> dict[str, PingCheck]:
    """The stored ping checks of an audit, by item key."""
    checks: dict[str, PingCheck] = {}
    for row in store.conn.execute(
            "SELECT items.item_key, p.* FROM ping_checks p JOIN items ON items.id = p.item_id"
            " WHERE p.audit_id = ?", (audit_id,)):
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
    audit = store.audit(audit_id)
    if audit is None:
        raise BacklintError(f"no audit {audit_id} in {store.path}")
    return frozenset({registrable_domain(audit["site_url"])})


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
        audit_id = audit_id or _newest_audit(store)
        audit = store.audit(audit_id)
        if audit is None:
            raise BacklintError(f"no audit {audit_id} in {db}")
        site_domains = site_domains_of(store, audit_id)
        overrides = store.overrides(audit["site_id"])
        allowed = {key for (subject, key), row in overrides.items()
                   if subject == "domain" and row["action"] == "allowlist"}
        if allowed:
            rules = dataclasses.replace(rules, allowlist=rules.allowlist | allowed,
                                        blocklist=rules.blocklist - allowed)
        items, item_ids, link_rows = load_items(store, audit_id)
        ctx = Context(rules=rules, ping_checks=load_ping_checks(store, audit_id))
        from grading.signals.behaviour import audit_stats

        ctx.stats = audit_stats(items, site_domains=site_domains, site_name="",
                                burst_window_seconds=int(rules.param("behaviour.burst.window_seconds", 600)))
        model_used = None
        if use_model:
            ctx.model, model_used = _model_for(store, audit["site_id"])
            if ctx.model is not None:
                ctx.model = _BatchedModel(ctx.model, items)

        hosts: dict[str, set[str]] = defaultdict(set)
        for item in items:
            for link in item.links:
                hosts[link.domain].add(link.host)
        identity = {d: domain_identity(d, h, ctx) for d, h in hosts.items() if d and d not in site_domains}

        state = _SliceState(items, item_ids, link_rows, ctx, identity, plan=_Plan(
            rules, site_domains, ctx.ping_checks, overrides), audit_id=audit_id)
        writes, item_grades = _grade_items(state)
        plan = state.plan
        domain_rows = _grade_domains(store, audit_id, items, item_grades, identity, ctx, plan)
        writes.domains = domain_rows
        site_recs = plan.for_site(items, item_grades, writes.links, store, audit_id)
        _store(store, audit_id, rules, model_used, identity, writes, site_recs)
        return _summary(store, audit_id, model_used, len(ctx.ping_checks), time.monotonic() - started,
                        site_recs)
    finally:
        store.close()


@dataclass
class _SliceState:
    """What grading a run of items needs; shared with worker processes by fork."""

    items: list[ItemFacts]
    item_ids: dict[str, int]
    link_rows: dict[int, list]
    ctx: Context
    identity: dict[str, list[Reason]]
    plan: _Plan
    audit_id: int


_STATE: _SliceState | None = None  # set in the parent just before the workers fork

#: Below this many items, worker processes cost more than they save.
PARALLEL_MIN_ITEMS = 20_000


def _grade_items(state: _SliceState) -> tuple[_Writes, dict[str, Grade]]:
    """Grade every item and link, in worker processes when the audit is large.

    Grading is pure CPU work on data already in memory: forked workers (one a core)
    inherit it without copying and send back only the rows to store.
    """
    global _STATE
    n = len(state.items)
    workers = min(os.cpu_count() or 1, 8)
    if n < PARALLEL_MIN_ITEMS or workers < 2 or "fork" not in multiprocessing.get_all_start_methods():
        results = [_grade_slice(state, 0, n)]
    else:
        _STATE = state
        try:
            step = -(-n // (workers * 2))
            bounds = [(start, min(n, start + step)) for start in range(0, n, step)]
            with multiprocessing.get_context("fork").Pool(workers) as pool:
                results = pool.starmap(_grade_slice_in_worker, bounds)
        finally:
            _STATE = None
    writes = _Writes()
    grades: dict[str, Grade] = {}
    for item_rows, link_out, item_bands in results:
        writes.items.extend(item_rows)
        writes.links.extend(link_out)
        for key, score, band in item_bands:
            grades[key] = Grade(score, band)
    return writes, grades


def _grade_slice_in_worker(start: int, end: int) -> tuple[list, list, list]:
    assert _STATE is not None
    return _grade_slice(_STATE, start, end)


def _grade_slice(state: _SliceState, start: int, end: int) -> tuple[list, list, list]:
    ctx, identity, plan, audit_id = state.ctx, state.identity, state.plan, state.audit_id
    rules = ctx.rules
    link_signals = signals_for(ctx, "link")
    identity_points = {d: sum(r.points for r in rs) for d, rs in identity.items()}
    item_rows: list[tuple] = []
    link_out: list[tuple] = []
    bands: list[tuple[str, int, str]] = []
    for item in state.items[start:end]:
        reasons = item_reasons(item, ctx)
        grade = _guarded_grade(combine(reasons + _linked_identity(item, ctx, identity)), item.author_domain, rules)
        rec, why = plan.for_item(item, grade)
        item_id = state.item_ids[item.key]
        item_rows.append((audit_id, item_id, grade.score, grade.band, _reasons_json(grade.reasons), rec, why))
        bands.append((item.key, grade.score, grade.band))
        own_points = sum(r.points for r in reasons)
        for link_id, link in state.link_rows.get(item_id, ()):
            # A link's grade: its item's own reasons, its domain's identity, its own
            # signals. Only the last are stored with it; the rest are the item's and the
            # domain's, stored once each (so a million links stay cheap).
            extra = run_signals(link_signals, link, ctx) if link_signals else []
            if link.domain in rules.allowlist:
                score = 0
            else:
                total = own_points + identity_points.get(link.domain, 0.0) + sum(r.points for r in extra)
                score = int(round(min(100.0, max(0.0, total))))
            band = band_of(score)
            link_out.append((audit_id, link_id, score, band, _reasons_json(extra) if extra else None,
                             ADD_UGC if any(r.signal.startswith("hygiene.") for r in extra)
                             else (SPAM if band == "high" and link.direction != "inbound" else KEEP)))
    return item_rows, link_out, bands


class _BatchedModel:
    """Wraps a comment model so each item's probability is computed once, in one batch."""

    def __init__(self, model: Any, items: list[ItemFacts]) -> None:
        self.model = model
        probabilities = model.spam_probabilities(items) if items else []
        self._by_key = {item.key: float(p) for item, p in zip(items, probabilities)}

    def __getattr__(self, name: str) -> Any:
        return getattr(self.model, name)

    def spam_probability(self, item: ItemFacts) -> float:
        found = self._by_key.get(item.key)
        return self.model.spam_probability(item) if found is None else found


def _newest_audit(store: Store) -> int:
    row = store.conn.execute("SELECT max(id) FROM audits").fetchone()
    if row[0] is None:
        raise BacklintError(f"no audits in {store.path}: run `backlint crawl URL` or `backlint import` first")
    return int(row[0])


def _guarded_grade(grade: Grade, domain: str, rules: Rules) -> Grade:
    if domain and domain in rules.allowlist:
        return Grade(0, "low", (Reason("allowlist", 0.0, f"{domain} is on your allowlist"),))
    return grade


def _reasons_json(reasons: Iterable[Reason]) -> str:
    return json.dumps([{"signal": r.signal, "points": round(r.points, 1), "evidence": r.evidence}
                       for r in reasons], ensure_ascii=False)


@dataclass
class _Writes:
    items: list[tuple] = field(default_factory=list)
    links: list[tuple] = field(default_factory=list)
    domains: list[tuple] = field(default_factory=list)


def _grade_domains(store: Store, audit_id: int, items: list[ItemFacts], item_grades: dict[str, Grade],
                   identity: dict[str, list[Reason]], ctx: Context, plan: _Plan) -> list[tuple]:
    by_domain: dict[tuple[str, str], dict[str, Any]] = {}
    for item in items:
        grade = item_grades[item.key]
        for link in item.links:
            if not link.domain:
                continue
            entry = by_domain.setdefault((link.domain, link.direction),
                                         {"items": {}, "links": 0, "pings": []})
            entry["links"] += 1
            entry["items"][item.key] = (grade.score, grade.band, item)
            if link.direction == "inbound":
                entry["pings"].append(item.key)
    behaviour = [(s, w) for s, w in signals_for(ctx, "domain") if not s.name.startswith("domain.")]
    weight = ctx.rules.weight("domain.item_grades")
    rows = []
    for (domain, direction), entry in by_domain.items():
        graded = sorted(entry["items"].values(), key=lambda t: -t[0])
        reasons = list(identity.get(domain, [])) + run_signals(behaviour, DomainFacts(domain), ctx)
        if graded and weight > 0:
            top = graded[:3]
            mean_top = sum(score for score, _, _ in top) / len(top)
            bands = defaultdict(int)
            for _, band, _ in graded:
                bands[band] += 1
            worst = top[0][2]
            evidence = (f"its {len(graded)} item(s): " + ", ".join(f"{bands[b]} {b.title()}"
                        for b in ("high", "medium", "low") if bands[b])
                        + f"; worst {top[0][0]}: {worst.type} #{worst.site_id or worst.key}"
                          f" by {worst.author_name!r}")
            reasons.append(Reason("domain.item_grades", round(weight * mean_top / 100, 2), evidence))
        grade = _guarded_grade(combine(reasons), domain, ctx.rules)
        drivers = [t[2].site_id or t[2].key for t in graded[:5]]
        rec, why, guarded = plan.for_domain(domain, direction, grade, entry["pings"])
        rows.append((audit_id, domain, direction, grade.score, grade.band, _reasons_json(grade.reasons),
                     json.dumps(drivers), len(graded), entry["links"], rec, why, int(guarded)))
    return rows


def _yours(override: Any) -> str:
    note = f": {override['note']}" if override["note"] else ""
    return f"your decision ({override['created_at'][:10]}){note}"


def _fake(check: PingCheck) -> bool:
    """The source was read whole and holds no link to us (a PDF or a cut page proves nothing)."""
    return check.status == "alive" and not check.links_to_target and check.error is None


class _Plan:
    """The recommendations: what to do with each item, link, domain and the site."""

    def __init__(self, rules: Rules, site_domains: frozenset[str], checks: dict[str, PingCheck],
                 overrides: dict[tuple[str, str], Any] | None = None) -> None:
        self.rules = rules
        self.site_domains = site_domains
        self.checks = checks
        self.overrides = overrides or {}

    def for_item(self, item: ItemFacts, grade: Grade) -> tuple[str, str]:
        override = self.overrides.get(("item", item.key))
        if override is not None and override["action"] in ("keep", "spam"):
            return (KEEP if override["action"] == "keep" else SPAM), _yours(override)
        return self._item_advice(item, grade)

    def _item_advice(self, item: ItemFacts, grade: Grade) -> tuple[str, str]:
        if grade.reasons and grade.reasons[0].signal == "allowlist":
            return KEEP, grade.reasons[0].evidence
        if item.type in ("trackback", "pingback"):
            check = self.checks.get(item.key)
            if check is not None and _fake(check):
                return SPAM, f"fake {item.type}: {check.source_url} does not link to this post"
            if check is not None and check.status == "dead":
                return SPAM, f"the {item.type}'s source is gone ({check.http_status or check.error})"
        if grade.band == "high":
            return SPAM, f"High risk ({grade.score}): {grade.reasons[0].evidence}"
        if grade.band == "medium":
            return REVIEW, f"Medium risk ({grade.score}): {grade.reasons[0].evidence}"
        return KEEP, f"Low risk ({grade.score})"

    def for_domain(self, domain: str, direction: str, grade: Grade,
                   ping_keys: list[str]) -> tuple[str, str, bool]:
        guarded = self.rules.is_guarded(domain, self.site_domains)
        override = self.overrides.get(("domain", domain))
        if override is not None and override["action"] in ("keep", "spam", "disavow"):
            action = override["action"]
            if action == "disavow" and direction != "inbound":
                return (SPAM, "you chose disavow, but disavow only acts on links to your site; these are "
                              "links on your pages: delete or mark spam their comments", guarded)
            if action == "disavow" and domain in self.site_domains:
                return KEEP, "your own site is never disavowed", True
            return {"keep": KEEP, "spam": SPAM, "disavow": DISAVOW}[action], _yours(override), guarded
        return self._domain_advice(domain, direction, grade, ping_keys, guarded)

    def _domain_advice(self, domain: str, direction: str, grade: Grade, ping_keys: list[str],
                       guarded: bool) -> tuple[str, str, bool]:
        if domain in self.site_domains:
            return KEEP, "your own site", True
        if domain in self.rules.allowlist:
            return KEEP, f"{domain} is on your allowlist", True
        if direction != "inbound":
            # DOMAIN.md §1: outbound UGC is the commenter's backlink; disavow cannot touch it.
            if grade.band == "high":
                return SPAM, "High risk outbound comment links: delete or mark spam its comments (never disavow)", guarded
            if grade.band == "medium":
                return REVIEW, "Medium risk: review its comments", guarded
            return KEEP, "Low risk", guarded
        checks = [self.checks[k] for k in ping_keys if k in self.checks]
        exists = [c for c in checks if c.links_to_target]
        fake = [c for c in checks if _fake(c)]
        if grade.band == "high":
            if exists and guarded:
                return KEEP, "High risk, but guarded (gov/edu, a major platform or allowlisted): never disavowed", True
            if exists:
                return DISAVOW, f"High risk ({grade.score}) and the link exists on {exists[0].source_url}", False
            if fake and len(fake) == len(checks):
                return DELETE_PINGS, "no source links to you: a fake claim, nothing to disavow", guarded
            return VERIFY, "High risk, but the link is not verified: run `backlint verify`", guarded
        if fake and len(fake) == len(checks):
            return DELETE_PINGS, "no source links to you: a fake claim, nothing to disavow", guarded
        if grade.band == "medium":
            return MONITOR, f"Medium risk ({grade.score})", guarded
        return KEEP, f"Low risk ({grade.score})", guarded

    def for_site(self, items: list[ItemFacts], grades: dict[str, Grade], link_rows: list[tuple],
                 store: Store, audit_id: int) -> list[dict[str, str]]:
        recs: list[dict[str, str]] = []
        missing = sum(1 for row in link_rows if row[5] == ADD_UGC)
        if missing:
            recs.append({"action": 'add rel="ugc nofollow" to comment links',
                         "why": f"{missing} outbound comment link(s) carry neither ugc nor nofollow: they pass "
                                f"ranking credit to commenters, spam included",
                         "evidence": "a theme or plugin removed WordPress's default rel"})
        pings = [i for i in items if i.type in ("trackback", "pingback")]
        bad_pings = [i for i in pings if grades[i.key].band == "high"
                     or (i.key in self.checks and _fake(self.checks[i.key]))]
        if len(pings) >= 3 and len(bad_pings) * 3 >= len(pings):
            recs.append({"action": "close trackbacks and pingbacks on old posts",
                         "why": f"{len(bad_pings)} of {len(pings)} pings are spam or fake claims",
                         "evidence": "Settings → Discussion → 'Allow link notifications from other blogs'; "
                                     "or close comments on posts older than N days"})
        linked_spam = [i for i in items if i.type == "comment" and grades[i.key].band == "high"
                       and any(not link.is_author_link for link in i.links)]
        if len(linked_spam) >= 3:
            recs.append({"action": "hold comments with links for moderation",
                         "why": f"{len(linked_spam)} High-risk comments carry links in their text",
                         "evidence": "Settings → Discussion → hold a comment if it contains 1 or more links"})
        spam = sum(1 for g in grades.values() if g.band == "high")
        if items and spam * 5 >= len(items) and spam >= 5:
            recs.append({"action": "use an anti-spam plugin or approve first comments by hand",
                         "why": f"{spam} of {len(items)} published items are High risk",
                         "evidence": "Settings → Discussion → 'Comment author must have a previously "
                                     "approved comment'"})
        return recs


def _store(store: Store, audit_id: int, rules: Rules, model_used: str | None,
           identity: dict[str, list[Reason]], writes: _Writes, site_recs: list[dict[str, str]]) -> None:
    with store.transaction() as conn:
        for table in ("item_grades", "link_grades", "domain_grades", "domain_identity",
                      "site_recommendations"):
            conn.execute(f"DELETE FROM {table} WHERE audit_id = ?", (audit_id,))
        conn.executemany("INSERT INTO domain_identity VALUES (?, ?, ?, ?)",
                         ((audit_id, d, sum(r.points for r in rs), _reasons_json(rs))
                          for d, rs in identity.items()))
        conn.executemany("INSERT INTO item_grades VALUES (?, ?, ?, ?, ?, ?, ?)", writes.items)
        conn.executemany("INSERT INTO link_grades VALUES (?, ?, ?, ?, ?, ?)", writes.links)
        conn.executemany("INSERT INTO domain_grades VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                         writes.domains)
        conn.executemany("INSERT INTO site_recommendations VALUES (?, ?, ?, ?)",
                         ((audit_id, r["action"], r["why"], r["evidence"]) for r in site_recs))
        conn.execute("INSERT INTO gradings (audit_id, created_at, rules, model_id, counts) VALUES (?, ?, ?, ?, ?)",
                     (audit_id, now_iso(), json.dumps(rules.to_dict()), None,
                      json.dumps({"items": len(writes.items), "links": len(writes.links),
                                  "domains": len(writes.domains), "model": model_used})))


def _summary(store: Store, audit_id: int, model_used: str | None, pings: int, elapsed: float,
             site_recs: list[dict[str, str]]) -> GradingSummary:
    q = store.conn.execute
    items = dict(q("SELECT band, count(*) FROM item_grades WHERE audit_id = ? GROUP BY band", (audit_id,)).fetchall())
    links = dict(q("SELECT band, count(*) FROM link_grades WHERE audit_id = ? GROUP BY band", (audit_id,)).fetchall())
    domains: dict[str, dict[str, int]] = {}
    for direction, band, n in q("SELECT direction, band, count(*) FROM domain_grades WHERE audit_id = ?"
                                " GROUP BY direction, band", (audit_id,)):
        domains.setdefault(direction, {})[band] = n
    recs = dict(q("SELECT recommendation, count(*) FROM domain_grades WHERE audit_id = ? GROUP BY 1",
                  (audit_id,)).fetchall())
    for rec, n in q("SELECT recommendation, count(*) FROM item_grades WHERE audit_id = ? GROUP BY 1",
                    (audit_id,)):
        recs[f"items: {rec}"] = n
    return GradingSummary(audit_id=audit_id, items_by_band=items, domains_by_band=domains,
                          links_by_band=links, recommendations=recs, site_recommendations=site_recs,
                          model_used=model_used, pings_checked=pings, elapsed=elapsed)


__all__ = ["Context", "GradingSummary", "domain_identity", "grade_audit", "grade_item", "item_reasons"]
