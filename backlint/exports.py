"""Exports of a graded audit, one function each, shared by the command line and the dashboard.

CSV files are UTF-8 with a byte-order mark (so Excel opens them as UTF-8) and every text
cell that a spreadsheet would read as a formula — starting with ``=``, ``+``, ``-``,
``@``, a tab or a carriage return — is neutralised with a leading apostrophe (OWASP
"CSV injection"): author names and comment texts are written by attackers.

Example:
    >>> neutralise("=HYPERLINK(\\"http://x.example\\")")
    '\\'=HYPERLINK("http://x.example")'
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator
from typing import Any

from backlint.errors import BacklintError
from crawler.store import Store

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

COLUMNS = {
    "domains": ["domain", "direction", "score", "band", "reasons", "recommendation", "why", "items",
                "links", "driven_by", "guarded"],
    "items": ["item_id", "type", "author_name", "author_url", "post_url", "date", "text", "score", "band",
              "reasons", "recommendation", "why"],
    "links": ["url", "domain", "direction", "anchor", "rel", "author_link", "item_id", "item_type", "score",
              "band", "reasons", "recommendation"],
}


def neutralise(value: Any) -> Any:
    """Return a cell value that no spreadsheet evaluates as a formula."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def reasons_text(reasons_json: str | None) -> str:
    """Render stored reasons as ``domain.abused_tld (+25): evidence; …``."""
    if not reasons_json:
        return ""
    return "; ".join(f"{r['signal']} (+{r['points']:g}): {r['evidence']}" for r in json.loads(reasons_json))


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
    else:
        raise BacklintError(f"unknown export {what!r}: choose domains, items or links")


def write_csv(rows: Iterable[list[Any]], header: list[str], out: io.TextIOBase) -> int:
    """Write a header and rows as CSV with every cell neutralised; return the row count."""
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    count = 0
    for row in rows:
        writer.writerow([neutralise(cell) for cell in row])
        count += 1
    return count


def export_csv(db: str, what: str, path: str, audit_id: int | None = None) -> int:
    """Export graded domains, items or links of an audit to a CSV file; return the row count.

    Raises:
        BacklintError: unknown ``what``, no audit, or the audit is not graded yet.
    """
    if what not in COLUMNS:
        raise BacklintError(f"unknown export {what!r}: choose {', '.join(COLUMNS)}")
    store = Store(db)
    try:
        audit_id = audit_id or graded_audit(store)
        with open(path, "w", encoding="utf-8-sig", newline="") as out:
            return write_csv(_rows(store, what, audit_id), COLUMNS[what], out)
    except OSError as exc:
        raise BacklintError(f"cannot write {path}: {exc.strerror or exc}") from None
    finally:
        store.close()


def graded_audit(store: Store) -> int:
    """The newest audit that has grades."""
    row = store.conn.execute("SELECT max(audit_id) FROM gradings").fetchone()
    if row[0] is None:
        raise BacklintError(f"nothing graded in {store.path} yet: run `backlint grade` first")
    return int(row[0])
