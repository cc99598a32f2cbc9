"""Read grades back out of the store as plain data: explanations for people.

Example:
    >>> explain_domain("client.db", "cheap-pills.example")["grades"][0]["band"]  # doctest: +SKIP
    'high'
"""

from __future__ import annotations

import json
from typing import Any

from backlint.errors import BacklintError
from backlint.exports import graded_audit
from backlint.store import Store
from backlint.urls import registrable_domain


def explain_domain(db: str, domain: str, audit_id: int | None = None) -> dict[str, Any]:
    """A referring domain's grade(s) with every reason, the items behind it and the ping checks.

    Args:
        db: the store path.
        domain: a domain, host or URL (reduced to its registrable domain).
        audit_id: the audit; ``None`` for the newest graded one.

    Raises:
        BacklintError: nothing graded, or the domain is not in the audit.
    """
    name = registrable_domain(domain)
    store = Store(db)
    try:
        audit_id = audit_id or graded_audit(store)
        grades = [dict(r) for r in store.conn.execute(
            "SELECT * FROM domain_grades WHERE audit_id = ? AND domain = ? ORDER BY direction",
            (audit_id, name))]
        if not grades:
            raise BacklintError(f"{name} is not a referring domain of audit {audit_id}")
        for grade in grades:
            grade["reasons"] = json.loads(grade["reasons"])
            grade["drivers"] = json.loads(grade["drivers"])
        items = []
        for r in store.conn.execute(
                "SELECT DISTINCT i.id, i.site_item_id, i.item_key, i.type, i.author_name, i.author_url,"
                " i.post_url, i.date, i.text, g.score, g.band, g.reasons, g.recommendation, g.why"
                " FROM links l JOIN items i ON i.id = l.item_id JOIN item_grades g ON g.item_id = i.id"
                " WHERE l.audit_id = ? AND l.domain = ? ORDER BY g.score DESC, i.id", (audit_id, name)):
            row = dict(r)
            row["id"] = row.pop("site_item_id") or row["item_key"]
            row["reasons"] = json.loads(row["reasons"])
            items.append(row)
        checks = [dict(r) for r in store.conn.execute(
            "SELECT p.* FROM ping_checks p JOIN links l ON l.item_id = p.item_id AND l.is_author_link = 1"
            " WHERE p.audit_id = ? AND l.domain = ?", (audit_id, name))]
        return {"domain": name, "audit_id": audit_id, "grades": grades, "items": items,
                "ping_checks": checks}
    finally:
        store.close()
