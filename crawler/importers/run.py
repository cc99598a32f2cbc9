"""``backlint import FILE``: bring a file into the store as an audit graded like a crawl.

Recognised from the content, not the name: a WordPress export (WXR), a labelled
comment CSV (``author, author_url, content, date, label``), a backlink export (Search
Console, Ahrefs, Semrush, Moz, Majestic or a generic CSV) and a disavow file. Each
becomes an audit of kind ``import``; comments and pings are items as a crawl stores
them, backlinks are items of type ``backlink`` whose one link is an inbound claim, and
a disavow file becomes the site's base for disavow exports.

Nothing is lost to one bad row: it is reported with its line number and the rest goes
on. Importing the same file twice changes nothing (the file's SHA-256 is kept with its
audit). E-mails and IPs from exports are stored as ``sha256:`` hashes unless the user
keeps them.

Example:
    >>> report = import_file("client.db", "comments.csv", site_url="https://blog.example/")  # doctest: +SKIP
    >>> report.imported, report.format                                                     # doctest: +SKIP
    (412, 'labelled-csv')
"""

from __future__ import annotations

import hashlib
import json
import os
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from backlint.errors import BacklintError, ImportFormatError
from backlint.records import Item, Link
from backlint.store import Store, hashed_tag, item_key
from backlint.urls import normalize_url

BATCH = 2000
MAX_LISTED_PROBLEMS = 50


@dataclass
class ImportReport:
    """What an import took and what it could not.

    Attributes:
        format: the recognised format (``wxr``, ``labelled-csv``, ``ahrefs``, ``disavow`` …).
        audit_id: the audit the rows went to (``None`` for a disavow file).
        site_url: the site they belong to.
        rows_read: records read from the file.
        imported: records stored.
        skipped: records left out, by reason.
        problems: ``(line, reason)`` of the first problems, in file order.
        labels: spam/ham labels stored for ``backlint learn``.
        notes: what a user should know (already imported, formats decided …).
    """

    format: str
    site_url: str
    audit_id: int | None = None
    rows_read: int = 0
    imported: int = 0
    skipped: Counter[str] = field(default_factory=Counter)
    problems: list[tuple[int, str]] = field(default_factory=list)
    labels: int = 0
    notes: list[str] = field(default_factory=list)

    def problem(self, line: int, reason: str) -> None:
        """Count a row that could not be read and list the first ones."""
        self.skipped[reason] += 1
        if len(self.problems) < MAX_LISTED_PROBLEMS:
            self.problems.append((line, reason))

    def summary(self) -> str:
        """The report as the text ``backlint import`` prints and the dashboard shows."""
        lines = [f"Imported {self.imported:,} of {self.rows_read:,} {self.format} record(s) for "
                 f"{self.site_url}" + (f" as audit {self.audit_id}" if self.audit_id else "")]
        if self.labels:
            lines.append(f"  Labels for `backlint learn`: {self.labels:,}")
        for reason, n in self.skipped.most_common():
            lines.append(f"  Skipped {n:,}: {reason}")
        for line, reason in self.problems[:10]:
            lines.append(f"    line {line}: {reason}")
        for note in self.notes:
            lines.append(f"  Note: {note}")
        return "\n".join(lines)


def file_digest(path: str) -> str:
    """The SHA-256 of a file, read in chunks."""
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def sniff(path: str) -> str:
    """Guess which reader a file needs from its first bytes: ``wxr``, ``disavow`` or ``csv``."""
    with open(path, "rb") as fh:
        head = fh.read(8192)
    if head[:2] == b"\x1f\x8b":
        return "wxr"  # gzip: exports are the only compressed XML we take
    text = head.decode("utf-8", "replace").lstrip("\ufeff").lstrip()
    if text.startswith("<") and ("wordpress.org/export" in text or "<rss" in text):
        return "wxr"
    # A disavow file: no field delimiters, and most lines are `domain:` entries or URLs
    # (a file with mistakes in it is still one, so its mistakes can be reported by line).
    lines = [ln.strip() for ln in text.splitlines() if ln.strip() and not ln.strip().startswith("#")][:200]
    entries = sum(1 for ln in lines if ln.lower().startswith(("domain:", "http://", "https://")))
    if lines and entries * 2 >= len(lines) and not any(c in ln for ln in lines for c in ",\t;"):
        return "disavow"
    return "csv"


def import_file(db: str, path: str, site_url: str | None = None, *, keep_personal: bool = False) -> ImportReport:
    """Import a file into the store (see the module docstring for the formats).

    Args:
        db: the store path.
        path: the file.
        site_url: the site the file is about; a WordPress export names its own.
        keep_personal: keep commenters' e-mails and IPs instead of hashing them.

    Raises:
        ImportFormatError: the file is in no known format (the message lists what was
            found and what each format expects).
        BacklintError: the file cannot be read, or no site was given where one is needed.
    """
    if not os.path.isfile(path):
        raise BacklintError(f"no file {path}")
    kind = sniff(path)
    digest = file_digest(path)
    store = Store(db)
    try:
        if kind == "wxr":
            return _import_wxr(store, path, site_url, keep_personal, digest)
        site = _site(site_url)
        if kind == "disavow":
            return _import_disavow(store, path, site, digest)
        return _import_csv(store, path, site, digest)
    finally:
        store.close()


def _site(site_url: str | None) -> str:
    if not site_url:
        raise BacklintError("say which site the file is about: --site https://your-site.example/")
    url = normalize_url(site_url)
    if url is None:
        raise BacklintError(f"--site is not an http(s) URL: {site_url!r}")
    parts = url.split("/", 3)
    return f"{parts[0]}//{parts[2]}/"


def _existing(store: Store, site_id: int, digest: str) -> int | None:
    for row in store.conn.execute("SELECT id, settings FROM audits WHERE site_id = ? AND kind = 'import'",
                                  (site_id,)):
        if json.loads(row["settings"]).get("sha256") == digest:
            return int(row["id"])
    return None


def _open_import(store: Store, site: str, path: str, fmt: str, digest: str,
                 report: ImportReport) -> int | None:
    site_id = store.ensure_site(site)
    earlier = _existing(store, site_id, digest)
    if earlier is not None:
        report.audit_id = earlier
        report.notes.append(f"{Path(path).name} was already imported as audit {earlier}: nothing changed")
        return None
    return store.start_audit(site_id, site, {"file": Path(path).name, "format": fmt, "sha256": digest},
                             kind="import")


def _store_batches(store: Store, audit_id: int, site_id: int, records: Iterable[tuple[Item, dict[str, Any]]],
                   report: ImportReport) -> None:
    batch: list[tuple[Item, dict[str, Any]]] = []
    for record in records:
        batch.append(record)
        if len(batch) >= BATCH:
            _write(store, audit_id, site_id, batch, report)
            batch = []
    if batch:
        _write(store, audit_id, site_id, batch, report)


def _write(store: Store, audit_id: int, site_id: int, batch: list[tuple[Item, dict[str, Any]]],
           report: ImportReport) -> None:
    with store.transaction():
        for item, extra in batch:
            item.status = extra.get("status") or item.status
            item.author_email = extra.get("author_email") or item.author_email
            item.author_ip = extra.get("author_ip") or item.author_ip
            item.extra = {k: v for k, v in extra.items() if k not in ("status", "author_email", "author_ip", "label")
                          and v not in (None, "", {}, [])} or None
        store.save_items(audit_id, None, [item for item, _ in batch])
        labelled = [(item_key(item), extra["label"], item.source, item.author_name, item.author_url, item.text)
                    for item, extra in batch if extra.get("label") in ("spam", "ham")]
        store.save_labels(site_id, labelled)
        report.labels += len(labelled)
    report.imported += len(batch)


def _finish(store: Store, audit_id: int, report: ImportReport) -> None:
    store.refresh_referring_domains(audit_id)
    counts = store.counts(audit_id)
    counts.update({"rows_read": report.rows_read, "imported": report.imported,
                   "skipped": dict(report.skipped), "labels": report.labels})
    store.finish_audit(audit_id, "finished", counts, report.notes)


# -- the runner every format plugs into ------------------------------------------------------

_Record = tuple[Item, dict[str, Any]]


def _import_rows(store: Store, path: str, digest: str, report: ImportReport, rows: Iterable[Any],
                 record: Callable[[Any], _Record | None], wrap_up: Callable[[], None] | None = None) -> ImportReport:
    """Store a file's rows as an import audit, the same way for every format.

    An audit is opened for the file (none when the same file was imported before: the
    report says so), every row is counted as read, each record stored in batches, then
    ``wrap_up`` adds what the reader reported, and the audit is finished.

    Args:
        store: the open store.
        path: the file, for the audit's settings and the notes.
        digest: its SHA-256, which makes a second import of it a no-op.
        report: the format's report, with its ``format`` and ``site_url``.
        rows: the reader's rows, read lazily.
        record: a row as ``(item, extra)``, or ``None`` for a row that is not stored
            (the format reports it).
        wrap_up: called once the rows are stored, before the audit is finished.

    Returns:
        ``report``, filled in.
    """
    audit_id = _open_import(store, report.site_url, path, report.format, digest, report)
    if audit_id is None:
        return report
    report.audit_id = audit_id
    site_id = store.ensure_site(report.site_url)

    def records() -> Iterator[_Record]:
        for row in rows:
            report.rows_read += 1
            found = record(row)
            if found is not None:
                yield found

    _store_batches(store, audit_id, site_id, records(), report)
    if wrap_up is not None:
        wrap_up()
    _finish(store, audit_id, report)
    return report


# -- the formats ---------------------------------------------------------------------------

def _import_wxr(store: Store, path: str, site_url: str | None, keep_personal: bool, digest: str) -> ImportReport:
    from crawler.importers.wxr import read_wxr

    salt = store.personal_salt()
    wxr = read_wxr(path, keep_personal=keep_personal, salt=salt)
    site = _site(site_url or wxr.site_url)
    report = ImportReport(format="wxr", site_url=site)

    def record(comment: Any) -> _Record:
        item = comment.to_item()
        if not item.post_url:
            item.post_url = site
        extra = {"status": comment.status, "label": comment.label, "verdict": comment.verdict,
                 "author_email": comment.author_email if keep_personal else hashed_tag(comment.author_email_hash),
                 "author_ip": comment.author_ip if keep_personal else hashed_tag(comment.author_ip_hash),
                 "post_status": comment.post_status, "line": comment.line}
        return item, extra

    def wrap_up() -> None:
        for line, reason in wxr.problems:
            report.problem(line, reason)

    return _import_rows(store, path, digest, report, wxr.comments(), record, wrap_up)


def _import_csv(store: Store, path: str, site: str, digest: str) -> ImportReport:
    from crawler.importers.backlinks import read_backlinks
    from crawler.importers.labelled import read_labelled_csv

    try:
        labelled = read_labelled_csv(path)
    except ImportFormatError as labelled_error:
        try:
            backlinks = read_backlinks(path, name=Path(path).name)
        except ImportFormatError as backlink_error:
            raise ImportFormatError(f"{backlink_error}\nNor is it a labelled comment file: {labelled_error}") from None
        return _import_backlinks(store, path, site, digest, backlinks)
    return _import_labelled(store, path, site, digest, labelled)


def _import_labelled(store: Store, path: str, site: str, digest: str, labelled: Any) -> ImportReport:
    from backlint.text import text_and_links

    report = ImportReport(format="labelled-csv", site_url=site)

    def record(row: Any) -> _Record:
        # The content may be markup (<a href>, <br />, entities) or text with bare URLs:
        # kept as the text a reader sees, with its links; ``rel`` stays unknown where
        # the file does not give it.
        text, found = text_and_links(row.content)
        links = [Link(row.author_url, row.author, None, True)] if row.author_url else []
        item = Item(type="comment", post_url=site, author_name=row.author, author_url=row.author_url,
                    date=row.date, text=text, source="csv", engine="csv", links=links + found)
        return item, {"label": row.label, "line": row.line}

    def wrap_up() -> None:
        for line, reason in labelled.problems:
            report.problem(line, reason)
        report.rows_read += labelled.problem_count

    return _import_rows(store, path, digest, report, labelled.rows(), record, wrap_up)


def _import_backlinks(store: Store, path: str, site: str, digest: str, backlinks: Any) -> ImportReport:
    from crawler.importers.backlinks import ImportProblem

    report = ImportReport(format=backlinks.format, site_url=site, notes=list(backlinks.notes))

    def record(row: Any) -> _Record | None:
        if isinstance(row, ImportProblem):
            report.problem(row.line, row.reason)
            return None
        link = Link(row.source_url, row.anchor, row.rel, True)  # rel None: the file did not say
        item = Item(type="backlink", post_url=row.target_url or site, author_name=row.source_title,
                    author_url=row.source_url, date=row.first_seen, text="", source=backlinks.format,
                    engine=backlinks.format, links=[link])
        return item, {"last_seen": row.last_seen, "lost": row.lost, "http_code": row.http_code,
                      "metrics": row.metrics, "line": row.line}

    return _import_rows(store, path, digest, report, backlinks.rows(), record)


def _import_disavow(store: Store, path: str, site: str, digest: str) -> ImportReport:
    from crawler.importers.disavow import parse_disavow

    with open(path, "rb") as fh:
        data = fh.read()
    disavow = parse_disavow(data)
    report = ImportReport(format="disavow", site_url=site)
    report.rows_read = len(disavow.entries) + len(disavow.errors)
    for problem in disavow.errors:
        report.problem(problem.line, problem.reason)
    site_id = store.ensure_site(site)
    store.keep_disavow_file(site_id, Path(path).name, digest, data.decode("utf-8", "replace"),
                            len(disavow.entries), len(disavow.errors))
    report.imported = len(disavow.entries)
    report.notes.append(f"kept as the base that disavow exports for {site} merge with "
                        f"({len(disavow.domains)} domain(s), {len(disavow.urls)} URL(s))")
    return report
