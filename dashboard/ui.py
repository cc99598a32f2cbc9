"""What every dashboard page shares: the cached queries, the current audit, errors shown in words.

Queries go through :func:`query`, which caches :mod:`dashboard.data` calls with
``st.cache_data`` keyed by the store path, the arguments and the store's token
(:func:`dashboard.data.store_token`), so a new grading or an override shows at once
and nothing stale is served. Every failure is shown with ``st.error`` naming what
went wrong (:func:`errors_shown`), never a traceback.

Crawled text (author names, comment texts, anchors, evidence quoting them) is only
ever shown with ``st.dataframe``, ``st.text`` or ``st.code``: never as Markdown or HTML.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pandas as pd
import streamlit as st

from backlint.errors import BacklintError
from dashboard import data

DEFAULT_DB = "backlint.db"
PAGE_SIZE = 50
BAND_COLOURS = {"high": "#d62728", "medium": "#ff7f0e", "low": "#2ca02c", "ungraded": "#9e9e9e"}
DIRECTION_COLOURS = {"inbound": "#1f77b4", "outbound_ugc": "#9467bd"}
DIRECTION_NAMES = {"inbound": "links to you (inbound claims)", "outbound_ugc": "links in your comments (outbound)"}
#: Optional export functions (``backlint.exports``), called by name.
EXPORTS_MODULE = "backlint.exports"
#: What the page shows while a decision is applied (an allowlist grades the audit again).
APPLYING = "Updating the plan with your decision (an allowlist grades the audit again)…"


def init_state() -> None:
    """Defaults for the session: the store path (``BACKLINT_DB``) and the chosen audit."""
    st.session_state.setdefault("db", os.environ.get("BACKLINT_DB") or DEFAULT_DB)
    st.session_state.setdefault("audit_id", None)
    st.session_state.setdefault("demo_checked_for", None)
    st.session_state.setdefault("demo_audit", None)
    st.session_state.setdefault("flash", [])


def db() -> str:
    """The store the session reads."""
    return st.session_state["db"]


@contextmanager
def errors_shown(doing: str) -> Iterator[None]:
    """Show any failure inside the block as one ``st.error`` line: "Could not <doing>: …".

    Streamlit's own control flow (``st.stop``, ``st.rerun``) passes through: it is
    not an ``Exception``.
    """
    try:
        yield
    except BacklintError as exc:
        st.error(f"Could not {doing}: {exc}")
    except sqlite3.Error as exc:
        st.error(f"Could not {doing}: the store {db()} could not be read ({exc}).")
    except OSError as exc:
        st.error(f"Could not {doing}: {exc.strerror or exc}.")
    except Exception as exc:  # noqa: BLE001 — the dashboard's boundary: no tracebacks for users
        st.error(f"Could not {doing}: unexpected {type(exc).__name__}: {exc}")


@st.cache_data(ttl=600, max_entries=256, show_spinner=False)
def _cached(name: str, path: str, token: tuple, args: tuple, kwargs: tuple) -> Any:
    return getattr(data, name)(path, *args, **dict(kwargs))


def token() -> tuple:
    """The store's token now (cheap); part of every cache key."""
    return data.store_token(db())


def query(name: str, *args: Any, **kwargs: Any) -> Any:
    """Call ``dashboard.data.<name>(db, *args, **kwargs)`` through the cache."""
    return _cached(name, db(), token(), args, tuple(sorted(kwargs.items())))


@st.cache_data(ttl=600, max_entries=32, show_spinner=False)
def _cached_export(name: str, path: str, token: tuple, args: tuple) -> Any:
    import importlib

    return getattr(importlib.import_module(EXPORTS_MODULE), name)(path, *args)


def export(name: str, *args: Any) -> Any:
    """Call ``backlint.exports.<name>(db, *args)`` through the cache; ``None`` (with a note)
    when this version has no such export."""
    import importlib

    if not hasattr(importlib.import_module(EXPORTS_MODULE), name):
        st.info(f"The {name.replace('_', ' ')} export is not available yet in this version.")
        return None
    return _cached_export(name, db(), token(), args)


def forget_cache() -> None:
    """Drop cached query results (after this session wrote to the store)."""
    _cached.clear()
    _cached_export.clear()


def flash(message: str) -> None:
    """Show a success message on the next run (after ``st.rerun``)."""
    st.session_state["flash"].append(message)


def show_flash() -> None:
    """Show and forget the messages queued by :func:`flash`."""
    for message in st.session_state["flash"]:
        st.success(message)
    st.session_state["flash"] = []


# -- the current audit -------------------------------------------------------------------------

def open_demo_if_empty() -> None:
    """When the store holds no audit, crawl the bundled demo into it and open that, saying so."""
    path = db()
    if st.session_state["demo_checked_for"] == path:
        return
    st.session_state["demo_checked_for"] = path
    with errors_shown(f"open the bundled demo audit in {path}"):
        if not data.is_empty(path):
            return
        with st.spinner("Your store is empty: crawling the bundled demo blog and grading it…"):
            from dashboard.jobs import load_demo

            audit_id = load_demo(path)
        forget_cache()
        if audit_id is not None:
            st.session_state["audit_id"] = audit_id
            st.session_state["demo_audit"] = audit_id


def audits_table() -> pd.DataFrame:
    """Every audit of the store (cached)."""
    return query("audits")


def current_audit() -> dict[str, Any] | None:
    """The chosen audit's info (:func:`dashboard.data.audit_info`), choosing one if needed.

    When nothing is chosen (or the choice is gone), the newest graded audit is taken,
    else the newest. ``None`` when the store has no audit or cannot be read (the
    reason is shown).
    """
    table = None
    with errors_shown(f"read the store {db()}"):
        table = audits_table()
    if table is None or table.empty:
        return None
    chosen = st.session_state.get("audit_id")
    if chosen is None or chosen not in set(table["audit_id"].tolist()):
        graded = table[table["graded"] == 1]
        chosen = int((graded if not graded.empty else table)["audit_id"].iloc[0])
        st.session_state["audit_id"] = chosen
    info = None
    with errors_shown(f"read audit {chosen}"):
        info = query("audit_info", int(chosen))
    return info


def require_audit(graded: bool = True) -> dict[str, Any]:
    """The current audit, or stop the page with a word on what to do."""
    info = current_audit()
    if info is None:
        st.info("There is no audit in this store yet. Go to **Start** to crawl a site or import a file.")
        st.stop()
    if graded and not info["graded"]:
        st.warning(f"Audit {info['audit_id']} of {info['site_url']} is not graded yet.")
        grade_button(info["audit_id"])
        st.stop()
    return info


def grade_button(audit_id: int, key: str = "grade_now") -> None:
    """A button that grades an audit offline (with the stored ping checks) and reruns."""
    if st.button("Grade this audit now", key=key, type="primary"):
        with errors_shown(f"grade audit {audit_id}"):
            with st.spinner("Grading…"):
                data.grade(db(), audit_id)
            forget_cache()
            flash(f"Audit {audit_id} graded.")
            st.rerun()


def is_demo(info: dict[str, Any]) -> bool:
    """Whether an audit is the bundled demo (its notices say so)."""
    from dashboard.jobs import DEMO_NOTICE

    return DEMO_NOTICE in info["notices"]


def audit_caption(info: dict[str, Any]) -> None:
    """One line naming the audit a page shows (the site URL is the user's own input)."""
    demo = " · the bundled demo" if is_demo(info) else ""
    st.caption(f"Audit {info['audit_id']} of {info['site_url']} · {info['kind']} · {info['status']}"
               f" · started {info['started_at']}{demo}")


def sidebar() -> None:
    """The store and audit in view, on every page."""
    with st.sidebar:
        st.caption(f"Store: {db()}")
        audit_id = st.session_state.get("audit_id")
        if audit_id is not None:
            st.caption(f"Audit: {audit_id}")


# -- tables ----------------------------------------------------------------------------------

def pager(total: int, key: str, page_size: int = PAGE_SIZE) -> tuple[int, int]:
    """A page picker under a table; returns ``(limit, offset)``."""
    pages = max(1, -(-total // page_size))
    if pages == 1:
        return page_size, 0
    page = st.number_input(f"Page (of {pages:,})", min_value=1, max_value=pages, value=1, step=1, key=key)
    return page_size, (int(page) - 1) * page_size


def page_caption(total: int, limit: int, offset: int, what: str) -> None:
    """"Rows a–b of n" under a table."""
    if total == 0:
        st.caption(f"No {what} match.")
    else:
        st.caption(f"{what.capitalize()} {offset + 1:,}–{min(total, offset + limit):,} of {total:,}")


def reasons_frame(reasons: list[dict[str, Any]]) -> pd.DataFrame:
    """Stored reasons as a table: signal, points, evidence."""
    return pd.DataFrame([{"signal": r["signal"], "points": r["points"], "evidence": r["evidence"]}
                         for r in reasons], columns=["signal", "points", "evidence"])


def text_block(label: str, value: str | None, limit: int = 2000) -> None:
    """Show crawled text as plain text (never Markdown or HTML), cut at ``limit`` characters."""
    value = value or ""
    shown = value if len(value) <= limit else value[:limit] + "…"
    st.caption(label + (f" ({len(value):,} characters, first {limit:,} shown)" if len(value) > limit else ""))
    st.text(shown if shown else "—")


def choose(label: str, options: list[Any], labels: dict[Any, str] | None = None, *, key: str,
           index: int = 0) -> Any:
    """A selectbox whose options show as ``labels[option]``."""
    labels = labels or {}
    return st.selectbox(label, options, index=index if options else None, key=key,
                        format_func=lambda o: labels.get(o, str(o)))


def band_name(band: str | None) -> str:
    """``high`` → ``High``; empty for ungraded."""
    return (band or "").title()
