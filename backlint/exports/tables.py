"""CSV tables of a graded audit: domains, items, links and the cleanup plan (UTF-8 with a BOM)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator
from typing import Any

from backlint.errors import BacklintError
from backlint.exports.common import graded_audit, neutralise, open_store, reasons_text
from backlint.exports.plan import plan_of
from backlint.store import Store

COLUMNS = {
    "domains": ["domain", "direction", "score", "band", "reasons", "recommendation", "why", "items",
                "links", "driven_by", "guarded"],
    "items": ["item_id", "type", "author_name", "author_url", "post_url", "date", "text", "score", "band",
              "reasons", "recommendation", "why"],
    "links": ["url", "domain", "direction", "anchor", "rel", "author_link", "item_id", "item_type", "score",
              "band", "reasons", "recommendation"],
    "plan": ["action", "subject", "target", "direction", "score", "band", "why", "evidence", "author",
             "where"],
}


def _rows(store: Store, what: str, audit_id: int) -> Iterator[list[Any]]:
    q = store.conn.execute
    if what == "domains":
        for r in q("SELECT * FROM domain_grades WHERE audit_id = ? ORDER BY score DESC, domain", (audit_id,)):
            yield [r["domain"], r["direction"], r["score"], r["band"], reasons_text(r["reasons"]),
                   r["recommendation"], r["why"], r["items"], r["links"],
                   " ".join(str(d) for d in json.loads(r["drivers"])), "yes" if r["guarded"] else ""]
    elif what == "items":
        for r in q("SELECT i.site_item_id, i.item_key, i.type, i.author_name, i.author_url, i.post_url, i.date,"
                   " i.text, g.score, g.band, g.reasons, g.recommendation, g.why FROM item_grades g"
                   " JOIN items i ON i.id = g.item_id WHERE g.audit_id = ? ORDER BY g.score DESC, i.id",
                   (audit_id,)):
            yield [r["site_item_id"] or r["item_key"], r["type"], r["author_name"], r["author_url"] or "",
                   r["post_url"], r["date"] or "", r["text"], r["score"], r["band"], reasons_text(r["reasons"]),
                   r["recommendation"], r["why"]]
    elif what == "links":
        for r in q("SELECT l.url, l.domain, l.direction, l.anchor, l.rel, l.is_author_link, i.site_item_id,"
                   " i.item_key, i.type, g.score, g.band, g.link_reasons, g.recommendation FROM link_grades g"
                   " JOIN links l ON l.id = g.link_id JOIN items i ON i.id = l.item_id"
                   " WHERE g.audit_id = ? ORDER BY g.score DESC, l.id", (audit_id,)):
            yield [r["url"], r["domain"], r["direction"], r["anchor"], "" if r["rel"] is None else r["rel"],
                   "yes" if r["is_author_link"] else "", r["site_item_id"] or r["item_key"], r["type"],
                   r["score"], r["band"], reasons_text(r["link_reasons"]), r["recommendation"]]
    elif what == "plan":
        for entry in plan_of(store, audit_id):
            yield ["" if v is None else v for v in entry]
    else:
        raise BacklintError(f"unknown export {what!r}: choose {', '.join(COLUMNS)}")


def write_csv(rows: Iterable[list[Any]], header: list[str], out: io.TextIOBase) -> int:
    """Write a header and rows as CSV with every cell neutralised; return the row count."""
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    count = 0
    for row in rows:
        writer.writerow([neutralise(cell) for cell in row])
        count += 1
    return count


def csv_bytes(db: str, what: str, audit_id: int | None = None) -> bytes:
    """Return an export as CSV bytes: exactly what :func:`export_csv` writes to a file.

    Args:
        db: the store path.
        what: ``domains``, ``items``, ``links`` or ``plan``.
        audit_id: the audit; ``None`` for the newest graded one.

    Raises:
        BacklintError: unknown ``what``, nothing graded.
    """
    _check_what(what)
    out = io.StringIO()
    with open_store(db) as store:
        write_csv(_rows(store, what, audit_id or graded_audit(store)), COLUMNS[what], out)
    return out.getvalue().encode("utf-8-sig")


def plan_csv_bytes(db: str, audit_id: int | None = None) -> bytes:
    """Return the cleanup plan as CSV bytes (see :func:`cleanup_plan` for the rows).

    Columns: ``action, subject, target, direction, score, band, why, evidence, author,
    where``. UTF-8 with a byte-order mark, formulas neutralised.
    """
    return csv_bytes(db, "plan", audit_id)


def export_csv(db: str, what: str, path: str, audit_id: int | None = None) -> int:
    """Export graded domains, items, links or the plan of an audit to a CSV file; return the row count.

    The file holds the same bytes as :func:`csv_bytes`; rows are streamed, so a
    million-link audit does not sit in memory.

    Raises:
        BacklintError: unknown ``what``, no audit, or the audit is not graded yet.
    """
    _check_what(what)
    with open_store(db) as store:
        audit_id = audit_id or graded_audit(store)
        try:
            with open(path, "w", encoding="utf-8-sig", newline="") as out:
                return write_csv(_rows(store, what, audit_id), COLUMNS[what], out)
        except OSError as exc:
            raise BacklintError(f"cannot write {path}: {exc.strerror or exc}") from None


def _check_what(what: str) -> None:
    if what not in COLUMNS:
        raise BacklintError(f"unknown export {what!r}: choose {', '.join(COLUMNS)}")
