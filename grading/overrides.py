"""Apply one of your decisions to an audit's plan at once, without grading it again.

A decision to keep, mark spam or disavow changes what the plan recommends for one
domain or one item; it changes no score. So the plan is brought up to date by asking
the engine's recommendation rules (:class:`grading.plan.Plan`) again for that one
subject, from its stored grade, and writing the answer: a few rows, in milliseconds,
where grading a million-link audit again takes a minute. The result is the row a full
grading would write (the tests compare them).

An allowlist decision is different: it changes the grades themselves (an allowlisted
domain scores 0, and so do its links and the items it vouches for), so setting or
clearing one grades the audit again (:func:`grading.engine.grade_audit`).
"""

from __future__ import annotations

import json
import os

from backlint.errors import BacklintError
from backlint.store import Store
from backlint.store.grades import set_domain_recommendation, set_item_recommendation
from grading.core import Grade, ItemFacts, Reason
from grading.engine import load_ping_checks, site_domains_of
from grading.plan import Plan
from grading.rules import Rules, load_rules, with_allowlisted

#: Decisions that change grades, not only the plan: they need a full grading.
REGRADING_ACTIONS = frozenset({"allowlist"})


def rules_of_last_grading(store: Store, audit_id: int) -> Rules:
    """The rules an audit was last graded with: the default rules, with the user's
    rules file laid over them again when that file is still there."""
    last = store.conn.execute("SELECT rules FROM gradings WHERE audit_id = ? ORDER BY id DESC LIMIT 1",
                              (audit_id,)).fetchone()
    rules_file = None
    if last is not None:
        sources = json.loads(last["rules"]).get("source", [])
        if len(sources) > 1 and os.path.exists(sources[-1]):
            rules_file = sources[-1]
    return load_rules(rules_file)


def needs_grading(before: str | None, after: str | None) -> bool:
    """Whether changing a decision from ``before`` to ``after`` (``None``: no decision)
    changes grades rather than only the plan.

    Example:
        >>> needs_grading(None, "disavow"), needs_grading("allowlist", "keep"), needs_grading(None, "allowlist")
        (False, True, True)
    """
    return before in REGRADING_ACTIONS or after in REGRADING_ACTIONS


def _grade_of(row: dict) -> Grade:
    reasons = tuple(Reason(r["signal"], r["points"], r["evidence"]) for r in json.loads(row["reasons"]))
    return Grade(row["score"], row["band"], reasons)


def replan(store: Store, audit_id: int, subject: str, key: str) -> int:
    """Write the plan's recommendation for one domain or item again, as a grading would.

    Args:
        store: the open store.
        audit_id: a graded audit.
        subject: ``domain`` or ``item``.
        key: the registrable domain, or the item's ``item_key``.

    Returns:
        How many grade rows were rewritten (a domain has one per direction).

    Raises:
        BacklintError: the audit is not graded.
    """
    conn = store.conn
    audit = store.audit(audit_id)
    if audit is None or conn.execute("SELECT 1 FROM gradings WHERE audit_id = ?", (audit_id,)).fetchone() is None:
        raise BacklintError(f"audit {audit_id} is not graded: run `backlint grade --audit {audit_id}` first")
    overrides = store.overrides(audit["site_id"])
    site_domains = site_domains_of(store, audit_id)
    if subject == "item":
        rows = conn.execute("SELECT i.id, i.item_key, i.type, g.score, g.band, g.reasons FROM items i"
                            " JOIN item_grades g ON g.audit_id = i.audit_id AND g.item_id = i.id"
                            " WHERE i.audit_id = ? AND i.item_key = ?", (audit_id, key)).fetchall()
        checks = load_ping_checks(store, audit_id, [row["id"] for row in rows])
        plan = Plan(with_allowlisted(rules_of_last_grading(store, audit_id), overrides), site_domains, checks,
                     overrides)
        with store.transaction():
            for row in rows:
                rec, why = plan.for_item(ItemFacts(key=row["item_key"], type=row["type"]), _grade_of(row))
                set_item_recommendation(conn, audit_id, row["id"], rec, why)
        return len(rows)
    rows = conn.execute("SELECT direction, score, band, reasons FROM domain_grades WHERE audit_id = ? AND domain = ?",
                        (audit_id, key)).fetchall()
    pings = conn.execute("SELECT i.id, i.item_key FROM links l JOIN items i ON i.id = l.item_id"
                         " WHERE l.audit_id = ? AND l.domain = ? AND l.direction = 'inbound'"
                         " ORDER BY i.id, l.is_author_link DESC, l.id",  # the engine's order
                         (audit_id, key)).fetchall()
    checks = load_ping_checks(store, audit_id, [row["id"] for row in pings])
    plan = Plan(with_allowlisted(rules_of_last_grading(store, audit_id), overrides), site_domains, checks,
                 overrides)
    with store.transaction():
        for row in rows:
            ping_keys = [p["item_key"] for p in pings] if row["direction"] == "inbound" else []
            rec, why, guarded = plan.for_domain(key, row["direction"], _grade_of(row), ping_keys)
            set_domain_recommendation(conn, audit_id, key, row["direction"], rec, why, guarded)
    return len(rows)


__all__ = ["REGRADING_ACTIONS", "needs_grading", "replan", "rules_of_last_grading"]
