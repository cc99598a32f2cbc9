"""What every export shares: the rules for hostile text, the reasons as text, the audit to read.

Crawled text is written by whoever posted a comment or a ping, so every export treats it as
hostile: a spreadsheet formula is neutralised (:func:`neutralise`, OWASP "CSV injection"), a line
break never reaches a disavow or shell line (:func:`one_line`).

Example:
    >>> neutralise("=HYPERLINK(\\"http://x.example\\")")
    '\\'=HYPERLINK("http://x.example")'
    >>> one_line("Cheap\\ndomain:google.com\\x00 pills")
    'Cheap domain:google.com pills'
"""

from __future__ import annotations

import json
import unicodedata
from contextlib import closing
from typing import Any

from backlint.errors import BacklintError
from backlint.store import Store

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")



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


def open_store(db: str) -> closing[Store]:
    """``with open_store(db) as store``: a store that is closed on the way out."""
    return closing(Store(db))


def graded_audit(store: Store) -> int:
    """The newest audit that has grades."""
    row = store.conn.execute("SELECT max(audit_id) FROM gradings").fetchone()
    if row[0] is None:
        raise BacklintError(f"nothing graded in {store.path} yet: run `backlint grade` first")
    return int(row[0])
