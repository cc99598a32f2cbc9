"""Exports of a graded audit, one function each, shared by the command line and the dashboard.

- :func:`csv_bytes` — domains, items, links or the cleanup plan as CSV; :func:`export_csv`
  writes the same bytes to a file;
- :func:`plan_csv_bytes` — the cleanup plan (:func:`cleanup_plan`), one row per thing to do;
- :func:`disavow_file` — a Google disavow file merged with the one already uploaded;
- :func:`wp_cli_commands` — a shell script of ``wp comment spam|trash`` commands;
- :func:`html_report` — a self-contained HTML report for a client that opens offline.

Everything here reads what the grading engine stored (recommendations, with the
user's overrides already applied) and decides nothing anew. Crawled text is written
by whoever posted a comment or a ping, so every export treats it as hostile:

- CSV files are UTF-8 with a byte-order mark (so Excel opens them as UTF-8) and every
  text cell that a spreadsheet would read as a formula — starting with ``=``, ``+``,
  ``-``, ``@``, a tab or a carriage return — is neutralised with a leading apostrophe
  (OWASP "CSV injection").
- Disavow comments and shell comments are flattened to one line without control
  characters (:func:`one_line`): a line break in an author name must not become a
  ``domain:`` entry or a shell command.
- Only numeric WordPress ids reach a WP-CLI command line.
- The HTML report escapes every string (:func:`html.escape`), links to nothing and
  loads nothing: its charts are inline SVG.

Example:
    >>> neutralise("=HYPERLINK(\\"http://x.example\\")")
    '\\'=HYPERLINK("http://x.example")'
    >>> one_line("Cheap\\ndomain:google.com\\x00 pills")
    'Cheap domain:google.com pills'
"""

from __future__ import annotations

import csv
import html
import io
import ipaddress
import json
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from contextlib import closing
from dataclasses import dataclass, field
from datetime import date
from typing import Any, NamedTuple

from backlint import __version__
from backlint.errors import BacklintError
from backlint.store import Store
from backlint.urls import registrable_domain
from crawler.importers.disavow import MAX_BYTES, MAX_LINES, DisavowProblem, parse_disavow
from grading.engine import ADD_UGC, DELETE_PINGS, DISAVOW, KEEP, MONITOR, REVIEW, SPAM, VERIFY

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

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

_INBOUND_TYPES = ("trackback", "pingback", "backlink")


def neutralise(value: Any) -> Any:
    """Return a cell value that no spreadsheet evaluates as a formula."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


# Unicode categories that must not reach a line-based file: controls, surrogates, private
# use, unassigned, line and paragraph separators and odd spaces become one ASCII space;
# format characters (zero-width, bidi overrides) are dropped, as they sit inside words.
_INVISIBLE = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp", "Zs"})


def one_line(text: str | None, limit: int | None = 300) -> str:
    """Flatten text to one printable line: control and invisible characters become spaces.

    Used wherever crawled text lands in a line-based file (disavow comments, shell
    comments): a line break there would start a new entry or command.

    Args:
        text: any text, hostile included.
        limit: the longest result; longer text is cut and ends with ``…``; ``None``
            for no limit.

    Returns:
        The text on one line, whitespace collapsed.

    Example:
        >>> one_line("a\\u2028b\\u200bc\\r\\n#d", limit=5)
        'a bc…'
    """
    chars = ("" if unicodedata.category(c) == "Cf" else " " if unicodedata.category(c) in _INVISIBLE else c
             for c in (text or ""))
    flat = " ".join("".join(chars).split())
    return flat if limit is None or len(flat) <= limit else flat[:limit - 1].rstrip() + "…"


def reasons_text(reasons_json: str | None, limit: int | None = None) -> str:
    """Render stored reasons as ``domain.abused_tld (+25): evidence; …``.

    Args:
        reasons_json: the JSON list a grade stores.
        limit: keep only the first N reasons (the largest: grades store them so).
    """
    if not reasons_json:
        return ""
    reasons = json.loads(reasons_json)[:limit]
    return "; ".join(f"{r['signal']} (+{r['points']:g}): {r['evidence']}" for r in reasons)


# -- CSV ----------------------------------------------------------------------------------------

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
        for entry in _plan(store, audit_id):
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
    with _open(db) as store:
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
    with _open(db) as store:
        audit_id = audit_id or graded_audit(store)
        try:
            with open(path, "w", encoding="utf-8-sig", newline="") as out:
                return write_csv(_rows(store, what, audit_id), COLUMNS[what], out)
        except OSError as exc:
            raise BacklintError(f"cannot write {path}: {exc.strerror or exc}") from None


def _check_what(what: str) -> None:
    if what not in COLUMNS:
        raise BacklintError(f"unknown export {what!r}: choose {', '.join(COLUMNS)}")


def _open(db: str) -> closing[Store]:
    """``with _open(db) as store``: a store that is closed on the way out."""
    return closing(Store(db))


def graded_audit(store: Store) -> int:
    """The newest audit that has grades."""
    row = store.conn.execute("SELECT max(audit_id) FROM gradings").fetchone()
    if row[0] is None:
        raise BacklintError(f"nothing graded in {store.path} yet: run `backlint grade` first")
    return int(row[0])


# -- the cleanup plan ---------------------------------------------------------------------------

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
    with _open(db) as store:
        return _plan(store, audit_id or graded_audit(store))


# The rows of the plan: anything but "keep", and a "keep" that is the user's decision (the
# engine's wording for overrides and the allowlist, grading.engine._yours).
_IN_PLAN = "(g.recommendation != 'keep' OR g.why LIKE 'your decision%' OR g.why LIKE '%on your allowlist%')"


def _plan(store: Store, audit_id: int, per_action: int | None = None) -> list[PlanEntry]:
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


# -- the disavow file ---------------------------------------------------------------------------

@dataclass(frozen=True)
class DisavowExport:
    """A disavow file ready to upload, and how it differs from the one uploaded before.

    Example:
        >>> export = DisavowExport(text="domain:spam.example\\n", added=["domain:spam.example"])
        >>> export.summary(), export.data
        ('1 added, 0 removed, 0 kept', b'domain:spam.example\\n')

    Attributes:
        text: the file.
        added: entries new in this file (``domain:x.example`` or a URL), in file order.
        removed: entries of the previous file left out because the user said keep or
            allowlist for their domain.
        kept: entries of the previous file kept.
        errors: the previous file's invalid lines (dropped, with a note in the file)
            and file-level problems (line 0).
        base_name: where the previous file came from (``""`` when there was none).
    """

    text: str
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)
    errors: list[DisavowProblem] = field(default_factory=list)
    base_name: str = ""

    @property
    def data(self) -> bytes:
        """Return the file as UTF-8 bytes (no byte-order mark), ready for upload."""
        return self.text.encode("utf-8")

    def summary(self) -> str:
        """Return the diff in one line: ``N added, M removed, K kept`` (and dropped lines)."""
        line = f"{len(self.added)} added, {len(self.removed)} removed, {len(self.kept)} kept"
        dropped = sum(1 for e in self.errors if e.line)
        return line + (f", {dropped} invalid line(s) of the previous file dropped" if dropped else "")


def disavow_file(db: str, audit_id: int | None = None, base: str | bytes | None = None,
                 today: date | None = None) -> DisavowExport:
    """Build a Google disavow file for an audit, merged with the file already uploaded.

    New entries are the inbound referring domains the grading recommends to
    disavow (``disavow domain``: the link exists and the domain is High, or the user
    chose so), never a guarded domain, never an outbound comment domain (DOMAIN.md §1).
    Each gets a dated comment with its score, band, why and largest reason.

    Google replaces the previous file on each upload (DOMAIN.md §3), so every valid
    entry of ``base`` is kept with its comments, unless the user's overrides say
    ``keep`` or ``allowlist`` for its domain; invalid lines are dropped with a note.

    Args:
        db: the store path.
        audit_id: the audit; ``None`` for the newest graded one.
        base: the file already uploaded; ``None`` for the newest one imported for the
            site (``backlint import disavow.txt``), if any.
        today: the date written in the comments; ``None`` for today. The file is a
            function of the store, ``base`` and ``today``.

    Returns:
        A :class:`DisavowExport`.

    Raises:
        BacklintError: nothing graded, or the merged file would break Google's limits
            (2 MB, 100,000 lines).
    """
    today = today or date.today()
    with _open(db) as store:
        audit_id = audit_id or graded_audit(store)
        audit = store.audit(audit_id)
        kept_out = {key: row for (subject, key), row in store.overrides(audit["site_id"]).items()
                    if subject == "domain" and row["action"] in ("keep", "allowlist")}
        base_name = "the file given" if base else ""
        if base is None:
            base, base_name = _imported_base(store, audit["site_id"])
        candidates = _disavow_candidates(store, audit_id)
    previous = parse_disavow(base)
    merged = _merge_previous(previous, kept_out)
    added, new_lines = _new_entries(candidates, merged, kept_out, today)
    dropped = [p for p in previous.errors if p.line]
    sections = [_disavow_header(audit, audit_id, today, base_name, merged, added, dropped)]
    if merged.kept:
        sections.append(["# -- kept from your previous file --", ""] + merged.lines)
    if added:
        sections.append([f"# -- new from audit {audit_id} --", ""] + new_lines)
    if merged.removed:
        sections.append(["# -- removed from your previous file: you chose to keep these --"]
                        + [f"# {written}: your decision ({row['action']}, {row['created_at'][:10]})"
                           + (f": {one_line(row['note'], 120)}" if row["note"] else "")
                           for written, row in merged.removed])
    if previous.errors:
        sections.append(["# -- problems in your previous file --"] + [_problem_note(p) for p in previous.errors])
    text = "\n\n".join("\n".join(section) for section in sections) + "\n"
    _validate(text)
    return DisavowExport(text=text, added=added, removed=[w for w, _ in merged.removed], kept=merged.kept,
                         errors=list(previous.errors), base_name=base_name)


def _imported_base(store: Store, site_id: int) -> tuple[str, str]:
    """The newest disavow file imported for the site (``backlint import``): ``(content, name)``."""
    row = store.conn.execute("SELECT name, imported_at, content FROM disavow_files WHERE site_id = ?"
                             " ORDER BY imported_at DESC, id DESC LIMIT 1", (site_id,)).fetchone()
    return (row["content"], f"{row['name']} (imported {row['imported_at'][:10]})") if row else ("", "")


@dataclass
class _Merged:
    """The previous file's entries after the user's decisions."""

    lines: list[str] = field(default_factory=list)  # kept entries with their comments, as written out
    kept: list[str] = field(default_factory=list)
    removed: list[tuple[str, Any]] = field(default_factory=list)  # (entry, the override that removed it)
    seen: set[tuple[str, str]] = field(default_factory=set)  # (kind, key) of every entry read


def _merge_previous(previous: Any, kept_out: dict[str, Any]) -> _Merged:
    merged = _Merged()
    for entry in previous.entries:
        written = f"domain:{entry.value}" if entry.kind == "domain" else entry.value
        if (entry.kind, entry.key) in merged.seen:
            continue  # a repeated entry: one is enough
        merged.seen.add((entry.kind, entry.key))
        override = _override_for(entry.key if entry.kind == "domain" else _url_host(entry.key), kept_out)
        if override is not None:
            merged.removed.append((written, override))
            continue
        merged.lines += [f"# {one_line(c, None)}" for c in entry.comment.split("\n") if c] + [written]
        merged.kept.append(written)
    return merged


def _new_entries(candidates: list[dict[str, Any]], merged: _Merged, kept_out: dict[str, Any],
                 today: date) -> tuple[list[str], list[str]]:
    """``(entries added, lines to write)`` for the candidates the previous file does not hold."""
    added: list[str] = []
    lines: list[str] = []
    for c in candidates:
        if _override_for(c["domain"], kept_out) is not None:
            continue  # the user said keep since the grading ran
        fresh = [(kind, value) for kind, value, key in c["entries"] if (kind, key) not in merged.seen]
        if not fresh:
            continue  # already in the previous file, kept there with its own comment
        merged.seen.update((kind, key) for kind, _, key in c["entries"])
        lines.append(_entry_comment(c, today))
        for kind, value in fresh:
            written = f"domain:{value}" if kind == "domain" else value
            lines.append(written)
            added.append(written)
    return added, lines


def _disavow_candidates(store: Store, audit_id: int) -> list[dict[str, Any]]:
    """Inbound domains recommended for disavow and not guarded, with the entries that cover them.

    A domain name gets a ``domain:`` entry. An IP address is not a domain (Google's
    ``domain:`` form takes names), so its inbound URLs are listed one by one.
    """
    found = []
    for r in store.conn.execute(
            "SELECT domain, score, band, reasons, why FROM domain_grades WHERE audit_id = ?"
            " AND direction = 'inbound' AND recommendation = ? AND guarded = 0 ORDER BY domain",
            (audit_id, DISAVOW)):
        domain = r["domain"].lower()
        if _is_ip(domain):
            urls = [row[0] for row in store.conn.execute(
                "SELECT DISTINCT url FROM links WHERE audit_id = ? AND domain = ? AND direction = 'inbound'"
                " ORDER BY url", (audit_id, r["domain"]))]
            lines = "\n".join(urls)
        else:
            lines = f"domain:{domain}"
        # Only what reads back as a valid entry is written (a URL with a space, say, is not).
        entries = [(e.kind, e.value, e.key) for e in parse_disavow(lines).entries]
        if entries:
            found.append({"domain": domain, "entries": entries, "score": r["score"], "band": r["band"],
                          "why": r["why"], "top": (json.loads(r["reasons"]) or [None])[0]})
    return found


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


def _url_host(url: str) -> str:
    return re.split(r"[/?#]", url.split("://", 1)[-1], maxsplit=1)[0].split("@")[-1].split(":")[0].lower()


def _override_for(host: str, kept_out: dict[str, Any]) -> Any:
    """The user's keep/allowlist decision covering ``host`` (its domain or a parent of it)."""
    if not host:
        return None
    for name in (host, registrable_domain(host)):
        if name in kept_out:
            return kept_out[name]
    return next((row for key, row in kept_out.items() if host.endswith("." + key)), None)


def _entry_comment(candidate: dict[str, Any], today: date) -> str:
    top = candidate["top"]
    reason = f"; top reason {top['signal']} (+{top['points']:g}): {top['evidence']}" if top else ""
    return "# " + one_line(f"{today.isoformat()} {candidate['band'].title()} {candidate['score']}/100: "
                           f"{candidate['why']}{reason}", 400)


def _disavow_header(audit: Any, audit_id: int, today: date, base_name: str, merged: _Merged,
                    added: list[str], dropped: list[DisavowProblem]) -> list[str]:
    lines = [f"# Disavow file for {one_line(audit['site_url'])}",
             f"# From backlint audit {audit_id} ({audit['kind']} of {audit['started_at'][:10]}),"
             f" generated by backlint {__version__} on {today.isoformat()}.",
             "# Google replaces your previous disavow file on each upload: upload this whole file."]
    if base_name:
        lines.append(f"# Merged with your previous file, {one_line(base_name, 120)}: {_n(len(merged.kept), 'entry')} kept,"
                     f" {len(merged.removed)} removed by your decisions, {_n(len(dropped), 'invalid line')} dropped.")
    lines.append(f"# {_n(len(added), 'new entry')}. Disavow only links you cannot have removed; links in comments "
                 "on your own pages are never listed here.")
    return lines


def _n(count: int, noun: str) -> str:
    """``1 new entry``, ``2 new entries``, ``0 invalid lines``."""
    plural = noun[:-1] + "ies" if noun.endswith("y") else noun + "s"
    return f"{count:,} {noun if count == 1 else plural}"


def _problem_note(problem: DisavowProblem) -> str:
    where = f"line {problem.line}" if problem.line else "the file"
    shown = f": {one_line(problem.text, 200)}" if problem.text else ""
    hint = f" (did you mean {one_line(problem.suggestion, 200)}?)" if problem.suggestion else ""
    action = "dropped" if problem.line else "note"
    return f"# {action}, {where}: {one_line(problem.reason, 200)}{shown}{hint}"


def _validate(text: str) -> None:
    """Refuse a file Google would refuse: over its limits, or (a bug) with an invalid line."""
    size, lines = len(text.encode("utf-8")), text.count("\n")
    if size > MAX_BYTES or lines > MAX_LINES:
        raise BacklintError(f"the disavow file would be {size:,} bytes and {lines:,} lines; Google accepts at "
                            f"most {MAX_BYTES:,} bytes and {MAX_LINES:,} lines: disavow fewer domains or drop "
                            "entries from your previous file")
    checked = parse_disavow(text)
    if checked.errors:
        problem = checked.errors[0]
        raise BacklintError(f"the disavow file would be invalid at line {problem.line}: {problem.reason}")


# -- WP-CLI -------------------------------------------------------------------------------------

#: Ids a line: long enough to be short, short enough for any shell's line limit.
WP_CLI_BATCH = 50

_NUMERIC_ID = re.compile(r"[0-9]{1,19}", re.ASCII)


def wp_cli_commands(db: str, audit_id: int | None = None) -> str:
    """Return a shell script of WP-CLI commands that remove the items the plan says to remove.

    Items recommended ``delete or mark spam`` that are comments, trackbacks or
    pingbacks read from a WordPress site with a numeric comment id:

    - ``wp comment spam ID …`` for High-risk items, fake claims and the user's
      ``spam`` decisions: they *are* spam, and telling WordPress so lets an anti-spam
      plugin learn from them;
    - ``wp comment trash ID …`` for pings whose source page is gone: an old,
      honest ping rots too, and reporting it as spam would teach the anti-spam
      service something false. Trash empties itself after 30 days.

    Ids come from crawled pages, so only ids that are all ASCII digits reach a
    command; the others are listed in ``#`` comments, flattened to one line. Items
    already marked spam or trash are left out.

    Args:
        db: the store path.
        audit_id: the audit; ``None`` for the newest graded one.

    Returns:
        The script (``#!/bin/sh``; review before running).

    Raises:
        BacklintError: nothing graded.
    """
    with _open(db) as store:
        audit_id = audit_id or graded_audit(store)
        audit = store.audit(audit_id)
        rows = store.conn.execute(
            "SELECT i.site_item_id, i.item_key, i.type, i.engine, i.status, i.author_name, i.post_url,"
            " g.band, g.why, p.status AS ping_status FROM item_grades g JOIN items i ON i.id = g.item_id"
            " LEFT JOIN ping_checks p ON p.audit_id = g.audit_id AND p.item_id = i.id"
            " WHERE g.audit_id = ? AND g.recommendation = ? AND i.type IN ('comment', 'trackback', 'pingback')"
            " ORDER BY i.id", (audit_id, SPAM)).fetchall()
    spam: set[int] = set()
    trash: set[int] = set()
    by_hand: list[str] = []
    already = 0
    for r in rows:
        if r["status"] in ("spam", "trash"):
            already += 1
            continue
        wp_id = _wordpress_id(r["site_item_id"]) if r["engine"] == "wordpress" else None
        if wp_id is None:
            by_hand.append(f"#   {r['type']} {one_line(r['site_item_id'] or r['item_key'], 60)} by "
                           f"{one_line(r['author_name'], 80)!r} on {one_line(r['post_url'], 200)}")
        elif _gone_not_spam(r):
            trash.add(wp_id)
        else:
            spam.add(wp_id)
    return _wp_script(audit, audit_id, sorted(spam), sorted(trash), by_hand, already)


def _wordpress_id(value: str | None) -> int | None:
    """The WordPress comment id in ``value`` when it is a plain positive number, else ``None``.

    Example:
        >>> _wordpress_id("42"), _wordpress_id("42; rm -rf /"), _wordpress_id("٤٢"), _wordpress_id("0")
        (42, None, None, None)
    """
    if value is None or not _NUMERIC_ID.fullmatch(value):
        return None
    number = int(value)
    return number if number > 0 else None


def _gone_not_spam(row: Any) -> bool:
    """A ping removed only because its source is gone: trash, not spam (see :func:`wp_cli_commands`)."""
    return (row["ping_status"] == "dead" and row["band"] != "high"
            and not row["why"].startswith("your decision"))


def _wp_script(audit: Any, audit_id: int, spam: list[int], trash: list[int], by_hand: list[str],
               already: int) -> str:
    lines = ["#!/bin/sh",
             f"# WP-CLI cleanup for {one_line(audit['site_url'])}, from backlint audit {audit_id}.",
             f"# Marks {len(spam)} comment(s) and ping(s) as spam (High risk, fake claims, your decisions) and",
             f"# moves {len(trash)} ping(s) whose source page is gone to the trash. Both can be undone in",
             "# wp-admin > Comments (Spam, Trash). Run it where WordPress is installed (or add --path=...).",
             "# review before running",
             "set -e"]
    if spam:
        lines += ["", f"# delete or mark spam: {len(spam)}"]
        lines += [f"wp comment spam {' '.join(map(str, batch))}" for batch in _batches(spam)]
    if trash:
        lines += ["", f"# trash, the source page is gone (link rot, not spam): {len(trash)}"]
        lines += [f"wp comment trash {' '.join(map(str, batch))}" for batch in _batches(trash)]
    if by_hand:
        lines += ["", f"# No WordPress comment id: remove these {len(by_hand)} by hand:"] + by_hand
    if already:
        lines += ["", f"# Already marked spam or trash, left out: {already}"]
    if not (spam or trash or by_hand):
        lines += ["", "# Nothing to remove."]
    return "\n".join(lines) + "\n"


def _batches(ids: list[int]) -> Iterator[list[int]]:
    for start in range(0, len(ids), WP_CLI_BATCH):
        yield ids[start:start + WP_CLI_BATCH]


# -- the HTML report ----------------------------------------------------------------------------

BAND_COLOURS = {"high": "#c0392b", "medium": "#e08e0b", "low": "#2e8b57"}
_BANDS = ("high", "medium", "low")
#: Rows of each action the HTML report shows; the plan CSV has them all.
REPORT_ROWS_PER_ACTION = 200


def html_report(db: str, audit_id: int | None = None) -> str:
    """Return a self-contained HTML report of an audit, for a client.

    Summary figures, charts (inline SVG: the file loads nothing and opens offline),
    the top issues and the cleanup plan (the first 200 rows of each action; the plan
    CSV has them all). Every string from the store is escaped; no crawled URL becomes
    a link. A print stylesheet keeps it readable on paper.

    Args:
        db: the store path.
        audit_id: the audit; ``None`` for the newest graded one.

    Raises:
        BacklintError: nothing graded.
    """
    with _open(db) as store:
        audit_id = audit_id or graded_audit(store)
        figures = report_figures(store, audit_id)
        plan = _plan(store, audit_id, per_action=REPORT_ROWS_PER_ACTION)
        counts = plan_counts(store, audit_id)
    return _render_report(figures, plan, counts)


def report_figures(store: Store, audit_id: int) -> dict[str, Any]:
    """The figures of the HTML report, aggregated in SQL (bounded whatever the audit's size).

    Args:
        store: an open store.
        audit_id: a graded audit.

    Returns:
        Plain data: the audit's dates, items by type, links by direction, items and
        domains by band, new items by month and band, ping checks by outcome, counts
        of comment links without ``ugc``/``nofollow`` and of domains to disavow, the
        twelve riskiest domains and the site-level recommendations.
    """
    q = store.conn.execute
    one = lambda sql, *args: q(sql, (audit_id, *args)).fetchone()[0]  # noqa: E731
    audit = store.audit(audit_id)
    graded_at = q("SELECT max(created_at) FROM gradings WHERE audit_id = ?", (audit_id,)).fetchone()[0]
    item_bands = dict(q("SELECT band, count(*) FROM item_grades WHERE audit_id = ? GROUP BY band", (audit_id,)))
    domain_bands: dict[str, dict[str, int]] = defaultdict(dict)
    for direction, band, n in q("SELECT direction, band, count(*) FROM domain_grades WHERE audit_id = ?"
                                " GROUP BY 1, 2", (audit_id,)):
        domain_bands[direction][band] = n
    months: dict[str, Counter] = defaultdict(Counter)
    for month, band, n in q("SELECT substr(i.date, 1, 7), g.band, count(*) FROM item_grades g"
                            " JOIN items i ON i.id = g.item_id WHERE g.audit_id = ?"
                            " AND i.date GLOB '[12][0-9][0-9][0-9]-[01][0-9]*' GROUP BY 1, 2", (audit_id,)):
        months[month][band] = n
    checks = dict(q("SELECT CASE WHEN status = 'alive' AND links_to_target THEN 'linked'"
                    " WHEN status = 'alive' AND error IS NULL THEN 'fake' ELSE status END, count(*)"
                    " FROM ping_checks WHERE audit_id = ? GROUP BY 1", (audit_id,)))
    return {
        "audit_id": audit_id,
        "site_url": audit["site_url"], "kind": audit["kind"], "status": audit["status"],
        "started_at": audit["started_at"], "finished_at": audit["finished_at"] or "", "graded_at": graded_at or "",
        "items_by_type": dict(q("SELECT type, count(*) FROM items WHERE audit_id = ? GROUP BY type"
                                " ORDER BY 2 DESC, 1", (audit_id,))),
        "links_by_direction": dict(q("SELECT direction, count(*) FROM links WHERE audit_id = ? GROUP BY 1",
                                     (audit_id,))),
        "item_bands": item_bands,
        "domain_bands": dict(domain_bands),
        "months": dict(sorted(months.items())),
        "undated": one("SELECT count(*) FROM items WHERE audit_id = ? AND (date IS NULL OR date"
                       " NOT GLOB '[12][0-9][0-9][0-9]-[01][0-9]*')"),
        "pings": one("SELECT count(*) FROM items WHERE audit_id = ? AND type IN ('trackback', 'pingback')"),
        "ping_checks": checks,
        "missing_ugc": one("SELECT count(*) FROM link_grades WHERE audit_id = ? AND recommendation = ?", ADD_UGC),
        "to_disavow": one("SELECT count(*) FROM domain_grades WHERE audit_id = ? AND recommendation = ?"
                          " AND direction = 'inbound' AND guarded = 0", DISAVOW),
        "top_domains": [dict(r) for r in q(
            "SELECT domain, direction, score, band, recommendation, why, reasons FROM domain_grades"
            " WHERE audit_id = ? AND band != 'low' ORDER BY score DESC, domain LIMIT 12", (audit_id,))],
        "site_recommendations": [dict(r) for r in q(
            "SELECT action, why, evidence FROM site_recommendations WHERE audit_id = ? ORDER BY rowid",
            (audit_id,))],
    }


def _e(value: Any, limit: int | None = 200) -> str:
    """Escape for HTML text and attributes; long text is cut (a 10,000-character name helps no one)."""
    text = "" if value is None else str(value)
    if limit is not None and len(text) > limit:
        text = text[:limit - 1] + "…"
    return html.escape(text, quote=True)


def _when(iso: str) -> str:
    """``2024-05-01T09:30:12+00:00`` as ``2024-05-01 09:30 UTC``."""
    return _e(iso[:16].replace("T", " ") + (" UTC" if iso.endswith("+00:00") else "")) if iso else "–"


def _share(part: int, whole: int) -> str:
    return f"{100 * part / whole:.0f}%" if whole else "–"


def _render_report(f: dict[str, Any], plan: list[PlanEntry], counts: dict[str, int]) -> str:
    items_total = sum(f["items_by_type"].values())
    bands = f["item_bands"]
    inbound = f["domain_bands"].get("inbound", {})
    outbound = f["domain_bands"].get("outbound_ugc", {})
    checks = f["ping_checks"]
    unverified = max(0, f["pings"] - sum(checks.values()))
    cards = [
        ("Comments and pings", f"{items_total:,}",
         " · ".join(f"{n:,} {t}s" for t, n in f["items_by_type"].items()) or "none found"),
        ("High risk", f"{bands.get('high', 0):,}", f"{_share(bands.get('high', 0), items_total)} of all items"),
        ("Medium risk", f"{bands.get('medium', 0):,}", f"{_share(bands.get('medium', 0), items_total)} of all items"),
        ("Low risk", f"{bands.get('low', 0):,}", f"{_share(bands.get('low', 0), items_total)} of all items"),
        ("Sites linking to you", f"{sum(inbound.values()):,}",
         f"{inbound.get('high', 0):,} High risk · {f['links_by_direction'].get('inbound', 0):,} claimed links"),
        ("Sites your comments link to", f"{sum(outbound.values()):,}",
         f"{outbound.get('high', 0):,} High risk · {f['links_by_direction'].get('outbound_ugc', 0):,} links"),
        ("Fake or dead pings", f"{checks.get('fake', 0) + checks.get('dead', 0):,}",
         f"of {f['pings']:,} trackbacks and pingbacks; {unverified:,} not checked"),
        ("Comment links without ugc/nofollow", f"{f['missing_ugc']:,}", "they pass ranking credit to commenters"),
        ("Domains to disavow", f"{f['to_disavow']:,}", "only links to you that exist"),
    ]
    charts = [
        _figure("Comments and pings by risk",
                _hbars([(b.title(), bands.get(b, 0), BAND_COLOURS[b]) for b in _BANDS])),
        _figure("Referring domains by risk",
                _stacked_hbars([("Linking to you", inbound), ("Linked from comments", outbound)])),
        _figure("New comments and pings by month",
                _columns(f["months"]) + (f"<p class=note>{f['undated']:,} undated items not shown.</p>"
                                         if f["undated"] else "")),
        _figure("Riskiest domains",
                _hbars([(f"{d['domain']} ({'in' if d['direction'] == 'inbound' else 'out'})", d["score"],
                         BAND_COLOURS[d["band"]]) for d in f["top_domains"]], maximum=100)),
        _figure("Items by type", _hbars([(t, n, "#4a6fa5") for t, n in f["items_by_type"].items()])),
    ]
    body = [
        f"<header><h1>Link profile report</h1><p class=site>{_e(f['site_url'], None)}</p>",
        f"<p class=meta>Audit {f['audit_id']} ({_e(f['kind'])}, {_e(f['status'])}) · started "
        f"{_when(f['started_at'])} · finished {_when(f['finished_at'])} · graded {_when(f['graded_at'])}</p>"
        "</header>",
        "<section><h2>At a glance</h2><div class=cards>"
        + "".join(f"<div class=card><div class=label>{_e(a)}</div><div class=value>{_e(b)}</div>"
                  f"<div class=sub>{_e(c)}</div></div>" for a, b, c in cards) + "</div>"
        "<p class=note>Scores run from 0 to 100: Low 0–30, Medium 31–60, High 61–100. Every score is the "
        "sum of named reasons, listed below with their evidence. Links in comments on your pages are "
        "removed, never disavowed: disavow only acts on links from other sites to yours.</p></section>",
        "<section><h2>Charts</h2><div class=charts>" + "".join(charts) + "</div></section>",
        _top_issues(f),
        _plan_section(plan, counts),
        f"<footer>Generated by backlint {_e(__version__)} from audit {f['audit_id']}. This file loads "
        "nothing from the network.</footer>",
    ]
    return ("<!DOCTYPE html>\n<html lang=en><head><meta charset=utf-8>"
            "<meta name=viewport content=\"width=device-width, initial-scale=1\">"
            f"<title>Link profile report: {_e(f['site_url'], 120)}</title><style>{_CSS}</style></head>"
            "<body>" + "\n".join(body) + "</body></html>\n")


def _top_issues(f: dict[str, Any]) -> str:
    parts = ["<section><h2>Top issues</h2>"]
    if f["site_recommendations"]:
        parts.append("<h3>For the whole site</h3><ul class=issues>")
        parts += [f"<li><strong>{_e(r['action'])}</strong>: {_e(r['why'], 400)}"
                  f"<br><span class=note>{_e(r['evidence'], 400)}</span></li>" for r in f["site_recommendations"]]
        parts.append("</ul>")
    if f["top_domains"]:
        parts.append("<h3>Riskiest domains</h3><table><thead><tr><th>Domain</th><th>Direction</th><th>Score</th>"
                     "<th>Recommendation</th><th>Why</th><th>Largest reasons</th></tr></thead><tbody>")
        for d in f["top_domains"]:
            parts.append(f"<tr><td>{_e(d['domain'])}</td><td>{_direction(d['direction'])}</td>"
                         f"<td>{_badge(d['band'], d['score'])}</td><td>{_e(d['recommendation'])}</td>"
                         f"<td class=long>{_e(d['why'], 300)}</td><td class=long>{_e(reasons_text(d['reasons'], 3), 400)}</td></tr>")
        parts.append("</tbody></table>")
    if len(parts) == 1:
        parts.append("<p>No High or Medium risk found.</p>")
    return "".join(parts) + "</section>"


def _plan_section(plan: list[PlanEntry], counts: dict[str, int]) -> str:
    groups: dict[str, list[PlanEntry]] = {}
    for entry in plan:  # the site's recommendations make one group
        groups.setdefault("site" if entry.subject == "site" else entry.action, []).append(entry)
    parts = ["<section class=plan><h2>Cleanup plan</h2>"]
    if not groups:
        parts.append("<p>Nothing to do.</p>")
    for key, entries in groups.items():
        title = "change the site's settings" if key == "site" else key
        total = counts.get(key, len(entries))
        parts.append(f"<h3>{_e(title)} <span class=count>({total:,})</span></h3>")
        if key in ACTION_HELP:
            parts.append(f"<p class=help>{_e(ACTION_HELP[key], None)}</p>")
        parts.append("<table><thead><tr><th>What</th><th>Which</th><th>Score</th><th>Why</th>"
                     "<th>Author</th><th>Where</th></tr></thead><tbody>")
        for e in entries[:REPORT_ROWS_PER_ACTION]:
            score = _badge(e.band, e.score) if e.score is not None else ""
            which = e.action if e.subject == "site" else e.target
            parts.append(f"<tr><td>{_e(e.subject)} {_direction(e.direction)}</td><td>{_e(which, 120)}</td>"
                         f"<td>{score}</td><td class=long>{_e(e.why, 300)}<div class=note>{_e(e.evidence, 300)}</div></td>"
                         f"<td>{_e(e.author, 80)}</td><td>{_e(e.where, 120)}</td></tr>")
        parts.append("</tbody></table>")
        if total > REPORT_ROWS_PER_ACTION:
            parts.append(f"<p class=note>… and {total - REPORT_ROWS_PER_ACTION:,} more in the plan CSV "
                         "(backlint export --format csv --what plan).</p>")
    return "".join(parts) + "</section>"


def _direction(direction: str) -> str:
    label = {"inbound": "links to you", "outbound_ugc": "on your pages"}.get(direction, "")
    return f"<span class=dir>{label}</span>" if label else ""


def _badge(band: str, score: Any) -> str:
    colour = BAND_COLOURS.get(band, "#777")
    return f"<span class=badge style=\"background:{colour}\">{_e(score)} {_e(band.title())}</span>"


def _figure(title: str, chart: str) -> str:
    return f"<figure class=chart-box><figcaption>{_e(title, None)}</figcaption>{chart}</figure>"


def _svg(width: int, height: int, title: str, body: list[str]) -> str:
    # Inline SVG in HTML needs no namespace declaration and fetches nothing.
    return (f"<svg class=chart role=img aria-label=\"{_e(title)}\" viewBox=\"0 0 {width} {height}\" "
            f"width=\"{width}\" height=\"{height}\"><title>{_e(title)}</title>{''.join(body)}</svg>")


def _hbars(bars: list[tuple[str, int | float, str]], maximum: float | None = None) -> str:
    """Horizontal bars: ``(label, value, colour)`` each."""
    if not bars:
        return "<p class=note>Nothing to show.</p>"
    width, label_w, row = 520, 210, 24
    top = maximum or max(v for _, v, _ in bars) or 1
    body = []
    for i, (label, value, colour) in enumerate(bars):
        y = 6 + i * row
        length = round((width - label_w - 60) * value / top, 1)
        body.append(f"<text x=\"{label_w - 8}\" y=\"{y + 15}\" text-anchor=end>{_e(label, 30)}</text>"
                    f"<rect x=\"{label_w}\" y=\"{y + 3}\" width=\"{length}\" height=\"16\" fill=\"{colour}\"/>"
                    f"<text x=\"{label_w + length + 6}\" y=\"{y + 15}\">{value:,}</text>")
    return _svg(width, 12 + row * len(bars), "bar chart", body)


def _stacked_hbars(rows: list[tuple[str, dict[str, int]]]) -> str:
    """One bar a row, split by band, with a legend."""
    width, label_w, row = 520, 170, 30
    top = max((sum(c.values()) for _, c in rows), default=0) or 1
    body = []
    for i, (label, counts) in enumerate(rows):
        y, x = 6 + i * row, float(label_w)
        body.append(f"<text x=\"{label_w - 8}\" y=\"{y + 16}\" text-anchor=end>{_e(label)}</text>")
        for band in _BANDS:
            n = counts.get(band, 0)
            length = round((width - label_w - 60) * n / top, 1)
            if n:
                body.append(f"<rect x=\"{x}\" y=\"{y + 3}\" width=\"{length}\" height=\"20\" "
                            f"fill=\"{BAND_COLOURS[band]}\"><title>{band.title()}: {n:,}</title></rect>")
            x += length
        body.append(f"<text x=\"{x + 6}\" y=\"{y + 16}\">{sum(counts.values()):,}</text>")
    body.append(_legend(6 + row * len(rows) + 8, label_w))
    return _svg(width, row * len(rows) + 40, "stacked bar chart", body)


def _legend(y: int, x: int) -> str:
    return "".join(f"<rect x=\"{x + i * 90}\" y=\"{y}\" width=\"12\" height=\"12\" fill=\"{BAND_COLOURS[b]}\"/>"
                   f"<text x=\"{x + i * 90 + 16}\" y=\"{y + 11}\">{b.title()}</text>" for i, b in enumerate(_BANDS))


def _columns(months: dict[str, Counter]) -> str:
    """Stacked columns by month (by year when there are more than 36 months), split by band."""
    if not months:
        return "<p class=note>No dated items.</p>"
    periods: dict[str, Counter] = months
    if len(months) > 36:
        periods = defaultdict(Counter)
        for month, counts in months.items():
            periods[month[:4]].update(counts)
    width, height, left, bottom = 520, 230, 40, 50
    step = min(48.0, (width - left - 10) / len(periods))  # two months are not two walls
    top = max(sum(c.values()) for c in periods.values()) or 1
    body = [f"<text x=\"{left - 6}\" y=\"16\" text-anchor=end>{top:,}</text>",
            f"<line x1=\"{left}\" y1=\"{height - bottom}\" x2=\"{width - 10}\" y2=\"{height - bottom}\" stroke=\"#999\"/>"]
    every = max(1, len(periods) // 12)  # at most a dozen axis labels
    for i, (period, counts) in enumerate(periods.items()):
        x, y = left + i * step, float(height - bottom)
        for band in reversed(_BANDS):  # Low at the bottom, High on top where a wave shows
            n = counts.get(band, 0)
            h = round((height - bottom - 20) * n / top, 1)
            if n:
                body.append(f"<rect x=\"{x + 1:.1f}\" y=\"{y - h:.1f}\" width=\"{max(step - 2, 1):.1f}\" "
                            f"height=\"{h}\" fill=\"{BAND_COLOURS[band]}\"><title>{_e(period)} {band.title()}: "
                            f"{n:,}</title></rect>")
            y -= h
        if i % every == 0:
            body.append(f"<text x=\"{x + step / 2:.1f}\" y=\"{height - bottom + 14}\" text-anchor=middle "
                        f"class=axis>{_e(period)}</text>")
    body.append(_legend(height - 18, left))
    return _svg(width, height, "new items by month", body)


_CSS = """
body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#222;margin:0 auto;
max-width:1100px;padding:24px}
h1{margin:0;font-size:28px}h2{border-bottom:2px solid #ddd;padding-bottom:4px;margin-top:36px}
h3{margin:22px 0 6px}.site{font-size:18px;margin:4px 0;word-break:break-all}.meta,.note,.help{color:#555}
.note{font-size:13px}.cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(200px,1fr));gap:12px}
.card{border:1px solid #ddd;border-radius:8px;padding:10px 12px}.card .label{font-size:13px;color:#555}
.card .value{font-size:26px;font-weight:600}.card .sub{font-size:12px;color:#666}
.charts{display:grid;grid-template-columns:repeat(auto-fill,minmax(520px,1fr));gap:16px}
figure{margin:0;border:1px solid #eee;border-radius:8px;padding:8px}figcaption{font-weight:600;margin-bottom:4px}
svg.chart{max-width:100%;height:auto;font-size:12px}svg .axis{font-size:10px}
table{border-collapse:collapse;width:100%;font-size:13px;margin-bottom:8px}
th,td{border-bottom:1px solid #e5e5e5;padding:5px 6px;text-align:left;vertical-align:top;
overflow-wrap:anywhere;min-width:5.5em}th{background:#f6f6f6}td.long{min-width:16em}
.badge{color:#fff;border-radius:4px;padding:1px 6px;white-space:nowrap;font-size:12px}
.dir{display:block;color:#777;font-size:11px}.count{color:#777;font-weight:400}
.issues li{margin-bottom:8px}footer{margin-top:40px;color:#777;font-size:12px}
@media print{body{max-width:none;padding:0;font-size:11pt}.charts{display:block}
figure,tr,.card{break-inside:avoid;page-break-inside:avoid}h2,h3{break-after:avoid}
section.plan{break-before:page}.badge,rect{print-color-adjust:exact;-webkit-print-color-adjust:exact}
.cards{grid-template-columns:repeat(3,1fr)}}
"""
