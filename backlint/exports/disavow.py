"""Google's disavow file, merged with the one already uploaded (each upload replaces the last)."""

from __future__ import annotations

import ipaddress
import json
import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from backlint import __version__
from backlint.errors import BacklintError
from backlint.exports.common import graded_audit, one_line, open_store
from backlint.store import Store
from backlint.urls import registrable_domain
from crawler.importers.disavow import MAX_BYTES, MAX_LINES, DisavowProblem, parse_disavow
from grading.plan import DISAVOW


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
    with open_store(db) as store:
        audit_id = audit_id or graded_audit(store)
        audit = store.require_audit(audit_id)
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
