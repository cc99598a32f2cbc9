"""Start: choose the store, a site and an audit; crawl a site; import a file.

A crawl runs in a background thread of the dashboard (it goes on when this tab is
closed) and this page shows its progress; a stopped crawl can be resumed. An
imported file becomes an audit, graded at once.
"""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

import streamlit as st

from dashboard import data, jobs, ui

st.title("backlint")
st.write("Audit the comments, trackbacks and pingbacks your site has received — and the links in them. "
         "Every verdict comes with its reasons.")
ui.show_flash()


def choose_store() -> None:
    with st.expander(f"Store: {ui.db()}", expanded=False):
        path = st.text_input("SQLite store file", value=ui.db(), key="start_db",
                             help="Set BACKLINT_DB or use `backlint dashboard --db PATH` to open another by default.")
        if path.strip() and path.strip() != ui.db():
            st.session_state["db"] = path.strip()
            st.session_state["audit_id"] = None
            st.rerun()


def _pick_site() -> None:
    site_id = st.session_state["start_site"]
    table = ui.audits_table()
    mine = table[table["site_id"] == site_id]
    if not mine.empty:
        st.session_state["audit_id"] = int(mine["audit_id"].iloc[0])


def _pick_audit() -> None:
    st.session_state["audit_id"] = st.session_state["start_audit"]


def choose_audit() -> None:
    info = ui.current_audit()
    if info is None:
        st.info("This store holds no audit yet: crawl a site or import a file below.")
        return
    just_loaded = info["audit_id"] == st.session_state.get("demo_audit")
    table = ui.audits_table()
    sites = table.drop_duplicates("site_id")
    site_labels = {int(r.site_id): f"{r.site_url}" for r in sites.itertuples()}
    # Keep the pickers on the audit in view (it may have been chosen on another page).
    st.session_state["start_site"] = int(info["site_id"])
    st.session_state["start_audit"] = int(info["audit_id"])
    left, right = st.columns(2)
    left.selectbox("Site", list(site_labels), format_func=site_labels.__getitem__, key="start_site", on_change=_pick_site)
    audits = table[table["site_id"] == info["site_id"]]
    labels = {int(r.audit_id): f"#{r.audit_id} · {r.kind} · {r.status} · {r.started_at[:16].replace('T', ' ')} · "
                               f"{r.items:,} items · {'graded' if r.graded else 'not graded'}"
              for r in audits.itertuples()}
    right.selectbox("Audit", list(labels), format_func=labels.__getitem__, key="start_audit", on_change=_pick_audit)
    ui.audit_caption(info)
    if not info["graded"]:
        st.warning("This audit is not graded yet.")
        ui.grade_button(info["audit_id"], key="start_grade")
    if not info["failures"].empty:
        with st.expander(f"Fetches that failed ({int(info['failures']['count'].sum()):,})"):
            st.dataframe(info["failures"], hide_index=True)
    for notice in info["notices"]:
        if just_loaded and notice == jobs.DEMO_NOTICE:
            notice = "Your store was empty, so it opens on the demo. " + notice
        st.info(notice)


def crawl_form() -> None:
    st.subheader("Crawl a site")
    with st.form("crawl"):
        url = st.text_input("The site's address", placeholder="https://blog.example/", key="crawl_url")
        left, right = st.columns(2)
        max_pages = left.number_input("Pages at most", min_value=1, max_value=1_000_000, value=10_000, step=100,
                                      key="crawl_max_pages")
        delay = right.number_input("Seconds between requests to the site", min_value=0.0, max_value=60.0,
                                   value=1.0, step=0.5, key="crawl_delay",
                                   help="Politeness: robots.txt's Crawl-delay wins when larger. "
                                        "0 only for your own sites.")
        resume = st.checkbox("Resume this site's last crawl (nothing stored is fetched again)", key="crawl_resume")
        verify = st.checkbox("Then fetch each trackback and pingback source to check it really links to you",
                             value=True, key="crawl_verify")
        submitted = st.form_submit_button("Start the crawl", type="primary")
    if submitted:
        with ui.errors_shown(f"start crawling {url.strip() or 'the site'}"):
            if not url.strip():
                st.error("Give the site's address first, e.g. https://blog.example/")
                return
            jobs.start_crawl(ui.db(), url, max_pages=int(max_pages), delay=float(delay), resume=resume,
                             verify=verify)
            st.session_state["job_reported"] = None


@st.fragment(run_every=1.0)
def crawl_progress() -> None:
    job = jobs.job_for(ui.db())
    if job is None:
        return
    status = job.status()
    if status.running:
        st.progress(status.fraction, text=f"{status.url} — {status.stage}: {status.done:,} done, "
                                          f"{status.queued:,} to go · {status.items:,} items · "
                                          f"{status.errors:,} errors · {status.elapsed:,.0f} s")
        st.caption("The crawl goes on if you close this tab; come back to this page to follow it.")
        if st.button("Stop the crawl", key="crawl_stop"):
            job.stop()
        return
    shown = {"finished": st.success, "stopped": st.warning, "failed": st.error}[status.state]
    shown(("Could not crawl: " if status.state == "failed" else "") + status.message)
    if st.session_state.get("job_reported") != id(job):
        # The crawl just ended: reload the page once so the new audit is listed and opened.
        st.session_state["job_reported"] = id(job)
        if status.audit_id is not None and status.state != "failed":
            st.session_state["audit_id"] = status.audit_id
        ui.forget_cache()
        st.rerun(scope="app")


def _safe_name(name: str) -> str:
    """The uploaded file's name reduced to a harmless file name (its extension kept)."""
    return re.sub(r"[^A-Za-z0-9._-]+", "_", Path(name).name)[-120:] or "upload"


def import_form() -> None:
    from crawler.importers.run import import_file

    st.subheader("Import a file")
    uploaded = st.file_uploader(
        "A WordPress export (WXR), a labelled comment CSV, a backlink export (Search Console, Ahrefs, Semrush, "
        "Moz, Majestic or any CSV with a source URL column) or a disavow file", key="import_file")
    site = st.text_input("The site it is about (a WordPress export names its own)",
                         placeholder="https://blog.example/", key="import_site")
    if uploaded is None or not st.button("Import and grade", key="import_go", type="primary"):
        return
    with ui.errors_shown(f"import {uploaded.name}"):
        with tempfile.TemporaryDirectory(prefix="backlint-upload-") as folder:
            path = Path(folder) / _safe_name(uploaded.name)
            path.write_bytes(uploaded.getvalue())
            with st.spinner(f"Importing {uploaded.name}…"):
                report = import_file(ui.db(), str(path), site.strip() or None)
        if report.audit_id is not None:
            with st.spinner("Grading…"):
                data.grade(ui.db(), report.audit_id)
            st.session_state["audit_id"] = report.audit_id
        ui.forget_cache()
        ui.flash(f"Imported {report.imported:,} of {report.rows_read:,} {report.format} record(s)"
                 + (f" as audit {report.audit_id}, graded." if report.audit_id else "."))
        st.session_state["import_report"] = report.summary()
        st.rerun()


choose_store()
choose_audit()
if st.session_state.get("import_report"):
    with st.expander("What the last import read", expanded=True):
        st.text(st.session_state["import_report"])
crawl_form()
crawl_progress()
import_form()
