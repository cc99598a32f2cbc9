"""Cleanup plan: what to do, grouped by action, your decisions, and the files to do it with.

Every recommendation can be overridden (keep / spam / disavow / allowlist); disavow
is offered only for domains that claim to link to you (DOMAIN.md §1). Decisions are
stored for the site and survive re-grading; the plan and the exports show them at
once (an allowlist decision changes scores, so the audit is graded again).
"""

from __future__ import annotations

import streamlit as st

from dashboard import data, ui

st.title("Cleanup plan")
ui.show_flash()
info = ui.require_audit()
ui.audit_caption(info)
audit_id = info["audit_id"]
#: Above this many links, the export files are made on request rather than on every visit.
PREPARE_ON_REQUEST = 20_000


def summary() -> None:
    plan = ui.query("plan_summary", audit_id)
    cols = st.columns(len(data.PLAN_SUBJECTS))
    for col, (subject, label) in zip(cols, data.PLAN_SUBJECTS.items()):
        part = plan[plan["subject"] == subject]
        with col:
            st.markdown(f"**{label.capitalize()}**")
            if part.empty:
                st.caption("nothing")
            else:
                # The count first: in a narrow column a long action name must not push it out of view.
                st.dataframe(part[["count", "action"]], hide_index=True, key=f"plan_sum_{subject}")
    site = ui.query("site_recommendations", audit_id)
    if not site.empty:
        st.markdown("**On your site**")
        for row in site.itertuples():
            st.text(f"• {row.action}: {row.why}" + (f" ({row.evidence})" if row.evidence else ""))


def browse() -> tuple[str, object]:
    st.subheader("Entries")
    cols = st.columns(2)
    subject = cols[0].selectbox("Show", list(data.PLAN_SUBJECTS), format_func=data.PLAN_SUBJECTS.__getitem__,
                                key="plan_subject")
    plan = ui.query("plan_summary", audit_id)
    actions = [""] + plan.loc[plan["subject"] == subject, "action"].tolist()
    action = cols[1].selectbox("Action", actions, format_func=lambda a: a or "any", key="plan_action")
    _, total = ui.query("plan_entries", audit_id, subject, action or None, limit=0)
    limit, offset = ui.pager(total, key="plan_page")
    rows, total = ui.query("plan_entries", audit_id, subject, action or None, limit=limit, offset=offset)
    config = {"item_url": st.column_config.LinkColumn("on your site", display_text="open")} \
        if "item_url" in rows else {}
    st.dataframe(rows, hide_index=True, key="plan_table", column_config=config)
    ui.page_caption(total, limit, offset, "entries")
    return subject, rows


def decide(subject: str, rows) -> None:
    st.subheader("Your decision")
    if subject == "links" or rows.empty:
        st.caption("Choose domains or comments above to decide on them (a link follows its comment and domain).")
        return
    is_domain = subject in data.DIRECTIONS
    # A domain is decided by its name, a comment by its id.
    keys: list[str | int]
    labels: dict[str | int, str]
    if is_domain:
        names = rows["key"].tolist()
        keys = names
        labels = {k: k for k in names}
        actions = ["keep", "spam", "allowlist"] + (["disavow"] if subject == "inbound" else [])
    else:
        keys = [int(k) for k in rows["key"]]
        labels = {int(r.key): f"{r.type} #{r.site_item_id or r.key} · {str(r.author_name)[:60]}"
                  for r in rows.itertuples()}
        actions = ["keep", "spam"]
    cols = st.columns([3, 2, 3])
    key = cols[0].selectbox("Which", keys, format_func=labels.__getitem__, key=f"plan_key_{subject}")
    action = cols[1].selectbox("Decision", actions, key=f"plan_decision_{subject}")
    note = cols[2].text_input("Note (why)", key="plan_note")
    if subject == "outbound_ugc":
        st.caption("Disavow is not offered for these: they are links on your own pages, which disavow cannot "
                   "touch. Mark their comments spam instead.")
    if st.button("Save my decision", key="plan_save", type="primary"):
        with ui.errors_shown("save your decision"):
            with st.spinner(ui.APPLYING):
                stored = data.set_override(ui.db(), audit_id, "domain" if is_domain else "item", key, action, note)
            ui.forget_cache()
            ui.flash(f"Saved: {action} for {stored}; the plan is updated.")
            st.rerun()


def decisions() -> None:
    table = ui.query("overrides", info["site_id"])
    st.markdown(f"**Your decisions for this site** ({len(table):,})")
    if table.empty:
        st.caption("None yet.")
        return
    st.dataframe(table, hide_index=True, key="plan_overrides")
    options = list(zip(table["subject"], table["key"]))
    cols = st.columns([3, 2])
    chosen = cols[0].selectbox("Forget a decision", options, format_func=lambda o: f"{o[0]} {o[1]}",
                               key="plan_forget")
    if cols[1].button("Forget it", key="plan_clear"):
        with ui.errors_shown(f"forget your decision on {chosen[1]}"):
            with st.spinner(ui.APPLYING):
                data.clear_override(ui.db(), audit_id, chosen[0], chosen[1])
            ui.forget_cache()
            ui.flash(f"Forgot your decision on {chosen[1]}; the plan is updated.")
            st.rerun()


def download(label: str, payload: bytes | str | None, file_name: str, mime: str, key: str) -> None:
    if payload is not None:
        st.download_button(label, payload.encode("utf-8") if isinstance(payload, str) else payload,
                           file_name=file_name, mime=mime, key=key)


def downloads() -> None:
    st.subheader("Downloads")
    overview = ui.query("audit_overview", audit_id)
    wanted = st.session_state.get("downloads_for") == audit_id or overview["links"] <= PREPARE_ON_REQUEST
    if not wanted:
        st.caption(f"This audit has {overview['links']:,} links: its files are made when you ask.")
        if st.button("Prepare the downloads", key="plan_prepare"):
            st.session_state["downloads_for"] = audit_id
            st.rerun()
        return
    name = f"backlint-audit{audit_id}"
    cols = st.columns(3)
    with cols[0], ui.errors_shown("make the cleanup plan CSV"):
        download("Cleanup plan (CSV)", ui.export("plan_csv_bytes", audit_id), f"{name}-plan.csv", "text/csv",
                 "dl_plan")
    with cols[1], ui.errors_shown("make the domains CSV"):
        download("Referring domains (CSV)", ui.export("csv_bytes", "domains", audit_id), f"{name}-domains.csv",
                 "text/csv", "dl_domains")
    with cols[2], ui.errors_shown("make the items CSV"):
        download("Comments and pings (CSV)", ui.export("csv_bytes", "items", audit_id), f"{name}-items.csv",
                 "text/csv", "dl_items")
    st.caption("CSV files are UTF-8 for Excel; cells a spreadsheet would run as a formula are neutralised.")
    disavow()
    scripts = st.columns(2)
    with scripts[0], ui.errors_shown("make the WP-CLI commands"):
        commands = ui.export("wp_cli_commands", audit_id)
        download("WordPress cleanup commands (WP-CLI)", commands, f"{name}-wp-cli.sh", "text/x-shellscript",
                 "dl_wpcli")
        if commands is not None:
            with st.expander("The commands"):
                st.code(commands, language="bash")
    with scripts[1], ui.errors_shown("make the HTML report"):
        download("Report for your client (HTML, opens offline)", ui.export("html_report", audit_id),
                 f"{name}-report.html", "text/html", "dl_report")


def disavow() -> None:
    st.markdown("**Google disavow file**")
    st.caption("Only domains that claim to link to you, whose link exists and that are High risk (or that you "
               "chose to disavow). Google replaces your file on each upload, so give the one you uploaded before: "
               "its entries are kept.")
    base = st.file_uploader("Your current disavow file (optional)", type=["txt"], key="plan_disavow_base")
    with ui.errors_shown("make the disavow file"):
        result = ui.export("disavow_file", audit_id, base.getvalue() if base is not None else None)
        if result is None:
            return
        cols = st.columns(3)
        cols[0].metric("Added", f"{len(result.added):,}")
        cols[1].metric("Removed", f"{len(result.removed):,}")
        cols[2].metric("Kept", f"{len(result.kept):,}")
        if result.added or result.removed:
            with st.expander("What changes"):
                if result.added:
                    st.text("Added:\n" + "\n".join(f"+ {e}" for e in result.added))
                if result.removed:
                    st.text("Removed (you chose to keep these):\n" + "\n".join(f"- {e}" for e in result.removed))
        if result.errors:
            st.warning(f"{len(result.errors):,} problem(s) in your previous file: see the notes at the end of "
                       "the new one.")
        download("Disavow file (TXT)", result.text, f"backlint-audit{audit_id}-disavow.txt", "text/plain",
                 "dl_disavow")


with ui.errors_shown(f"show the cleanup plan of audit {audit_id}"):
    summary()
    subject, rows = browse()
    decide(subject, rows)
    decisions()
    downloads()
