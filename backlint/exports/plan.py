"""The cleanup plan: one entry per thing to do, read from the stored recommendations."""

from __future__ import annotations

import json
from collections import Counter
from typing import Any, NamedTuple

from backlint.exports.common import graded_audit, open_store, reasons_text
from backlint.store import Store
from grading.plan import ADD_UGC, DELETE_PINGS, DISAVOW, KEEP, MONITOR, REVIEW, SPAM, VERIFY

_INBOUND_TYPES = ("trackback", "pingback", "backlink")

class PlanEntry(NamedTuple):
    """One thing to do, as a row of the cleanup plan.

    Example:
        >>> entry = PlanEntry(DISAVOW, "domain", "spam.example", "inbound", 87, "high",
        ...                   "High risk (87) and the link exists", "domain.abused_tld (+25): .xyz", "", "")
        >>> entry.action, entry.target
        ('disavow domain', 'spam.example')

    Attributes:
        action: the recommendation (``disavow domain``, ``delete or mark spam``, …) or,
            for the site, what to change in its settings.
        subject: ``domain``, the item's type (``comment``, ``trackback``, …), ``link`` or ``site``.
        target: the domain, the item's id, the link's URL or the site's URL.
        direction: ``inbound`` or ``outbound_ugc`` (DOMAIN.md §1); ``""`` for the site.
        score: 0–100, ``None`` for the site.
        band: ``high``, ``medium``, ``low``; ``""`` for the site.
        why: the recommendation's reason; ``your decision …`` for the user's overrides.
        evidence: the largest reasons with their evidence.
        author: the item's author name (items and links).
        where: the post the item is on (items and links).
    """

    action: str
    subject: str
    target: str
    direction: str
    score: int | None
    band: str
    why: str
    evidence: str
    author: str
    where: str


#: The order of the plan's groups: what acts on links to the site first, then what is
#: removed from it, then what to change, then what to check, then the user's keeps.
ACTION_ORDER = (DISAVOW, DELETE_PINGS, SPAM, ADD_UGC, "site", VERIFY, REVIEW, MONITOR, KEEP)

#: What each action means, in words a site owner reads without training.
ACTION_HELP = {
    DISAVOW: "Sites whose links to you exist and look manipulative. Ask them to remove the link; "
             "if you cannot, or Google has sent you a manual action, add them to your disavow file.",
    DELETE_PINGS: "Sites that claimed to link to you but do not. Delete their trackbacks and pingbacks; "
                  "there is nothing to disavow.",
    SPAM: "Comments and pings to remove from your site: mark them as spam (or trash) in WordPress.",
    ADD_UGC: "Links in comments that pass ranking credit to whoever posted them: your theme or a "
             "plugin removed WordPress's rel=\"ugc nofollow\"; restore it.",
    "site": "Settings to change so that less spam gets through.",
    VERIFY: "High-risk claims whose link has not been checked yet: run `backlint verify`, then grade again.",
    REVIEW: "Medium risk: read them and decide.",
    MONITOR: "Medium-risk sites linking to you: nothing to do now; look again at the next audit.",
    KEEP: "Your decisions to keep.",
}

_SUBJECT_ORDER = {"domain": 0, "comment": 1, "trackback": 1, "pingback": 1, "backlink": 1, "link": 2,
                  "site": 3}


def cleanup_plan(db: str, audit_id: int | None = None) -> list[PlanEntry]:
    """Return the cleanup plan of an audit: one entry per thing to do, grouped by action.

    Rows: every domain and every item whose recommendation is not ``keep`` (a
    ``keep`` that is the user's decision is listed too, last), every comment link
    that needs ``rel="ugc nofollow"``, and the site-level recommendations. Groups come
    in :data:`ACTION_ORDER`; inside a group domains come first, then items, links and
    the site, each by score, highest first.

    Args:
        db: the store path.
        audit_id: the audit; ``None`` for the newest graded one.

    Raises:
        BacklintError: nothing graded.
    """
    with open_store(db) as store:
        return plan_of(store, audit_id or graded_audit(store))


# The rows of the plan: anything but "keep", and a "keep" that is the user's decision (the
# engine's wording for overrides and the allowlist, grading.engine._yours).
_IN_PLAN = "(g.recommendation != 'keep' OR g.why LIKE 'your decision%' OR g.why LIKE '%on your allowlist%')"


def plan_of(store: Store, audit_id: int, per_action: int | None = None) -> list[PlanEntry]:
    """The plan's entries; with ``per_action``, only the N highest-scored domains, items and links
    of each action (a report shows no more, and a million-link audit is not read whole for it)."""
    q = store.conn.execute
    audit = store.audit(audit_id)

    def first(select: str, source: str, order: str, args: tuple) -> list[Any]:
        if per_action is None:
            return q(f"SELECT {select} FROM {source}", args).fetchall()
        found = []
        for (action,) in q(f"SELECT DISTINCT g.recommendation FROM {source}", args).fetchall():
            found += q(f"SELECT {select} FROM {source} AND g.recommendation = ? ORDER BY {order} LIMIT ?",
                       (*args, action, per_action)).fetchall()
        return found

    entries: list[PlanEntry] = []
    for r in first("g.domain, g.direction, g.score, g.band, g.reasons, g.recommendation, g.why, g.guarded",
                   f"domain_grades g WHERE g.audit_id = ? AND {_IN_PLAN}", "g.score DESC, g.domain", (audit_id,)):
        why = r["why"]
        if r["recommendation"] == DISAVOW and r["guarded"]:
            # Only a user's choice makes a guarded domain "disavow"; the file never holds one.
            why += "; guarded (gov/edu, a major platform or your own site): left out of the disavow file"
        entries.append(PlanEntry(r["recommendation"], "domain", r["domain"], r["direction"], r["score"],
                                 r["band"], why, reasons_text(r["reasons"], 3), "", ""))
    for r in first("i.site_item_id, i.item_key, i.type, i.author_name, i.post_url, g.score, g.band, g.reasons,"
                   " g.recommendation, g.why", "item_grades g JOIN items i ON i.id = g.item_id"
                   f" WHERE g.audit_id = ? AND {_IN_PLAN}", "g.score DESC, i.id", (audit_id,)):
        direction = "inbound" if r["type"] in _INBOUND_TYPES else "outbound_ugc"
        entries.append(PlanEntry(r["recommendation"], r["type"], r["site_item_id"] or r["item_key"], direction,
                                 r["score"], r["band"], r["why"], reasons_text(r["reasons"], 3),
                                 r["author_name"], r["post_url"]))
    for r in first("l.url, l.direction, i.site_item_id, i.item_key, i.type, i.author_name, i.post_url,"
                   " g.score, g.band, g.link_reasons", "link_grades g JOIN links l ON l.id = g.link_id"
                   " JOIN items i ON i.id = l.item_id WHERE g.audit_id = ? AND g.recommendation = ?",
                   "g.score DESC, l.id", (audit_id, ADD_UGC)):
        reasons = json.loads(r["link_reasons"] or "[]")
        why = reasons[0]["evidence"] if reasons else "neither ugc nor nofollow"
        entries.append(PlanEntry(ADD_UGC, "link", r["url"], r["direction"], r["score"], r["band"], why,
                                 f"in {r['type']} {r['site_item_id'] or r['item_key']}", r["author_name"],
                                 r["post_url"]))
    for r in q("SELECT action, why, evidence FROM site_recommendations WHERE audit_id = ? ORDER BY rowid",
               (audit_id,)):
        # A site recommendation references its audit (a foreign key the store enforces).
        assert audit is not None
        entries.append(PlanEntry(r["action"], "site", audit["site_url"], "", None, "", r["why"], r["evidence"],
                                 "", ""))
    entries.sort(key=_plan_order)
    return entries


def plan_counts(store: Store, audit_id: int) -> dict[str, int]:
    """How many plan entries each action has (``site`` for the site's recommendations), in SQL."""
    q = store.conn.execute
    counts: Counter = Counter()
    for sql, args in (
            (f"SELECT g.recommendation, count(*) FROM domain_grades g WHERE g.audit_id = ? AND {_IN_PLAN}"
             " GROUP BY 1", (audit_id,)),
            (f"SELECT g.recommendation, count(*) FROM item_grades g WHERE g.audit_id = ? AND {_IN_PLAN}"
             " GROUP BY 1", (audit_id,)),
            ("SELECT ?, count(*) FROM link_grades WHERE audit_id = ? AND recommendation = ?",
             (ADD_UGC, audit_id, ADD_UGC)),
            ("SELECT 'site', count(*) FROM site_recommendations WHERE audit_id = ?", (audit_id,))):
        for action, n in q(sql, args):
            counts[action] += n
    return {action: n for action, n in counts.items() if n}


def _plan_order(entry: PlanEntry) -> tuple:
    group = entry.action if entry.action in ACTION_ORDER else "site"
    # Site actions keep the engine's order (a stable sort): they differ in wording only.
    action = "" if entry.subject == "site" else entry.action
    target = (0, int(entry.target), "") if entry.target.isdigit() and entry.target.isascii() \
        else (1, 0, entry.target if entry.subject != "site" else "")  # comment 9 before comment 10
    return (ACTION_ORDER.index(group), action, _SUBJECT_ORDER.get(entry.subject, 9), -(entry.score or 0), target)
