"""A WP-CLI script that marks spam and trashes what the plan says; only numeric ids reach a command."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from backlint.exports.common import graded_audit, one_line, open_store
from grading.plan import SPAM

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
    with open_store(db) as store:
        audit_id = audit_id or graded_audit(store)
        audit = store.require_audit(audit_id)
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
