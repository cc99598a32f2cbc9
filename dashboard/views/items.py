"""Comments and pings: every item, filtered and paged, and each one's text and grade.

Texts, author names and URLs were written by strangers (spammers among them): they
are shown as plain text only. The only links offered are to the item on your own
site and, for WordPress, to its edit screen.
"""

from __future__ import annotations

import streamlit as st

from dashboard import data, ui

st.title("Comments and pings")
ui.show_flash()
info = ui.require_audit(graded=False)
ui.audit_caption(info)
audit_id = info["audit_id"]
ANY = {"": "any"}
RECOMMENDATIONS = ["", "delete or mark spam", "review", "keep"]


def filters() -> data.ItemFilter:
    cols = st.columns([1, 1, 1.4, 1.3, 1.6])
    kind = cols[0].selectbox("Type", ["", "comment", "trackback", "pingback", "backlink"],
                             format_func=lambda t: ANY.get(t, t), key="items_type")
    band = cols[1].selectbox("Risk", ["", "high", "medium", "low"], format_func=lambda b: ANY.get(b, b.title()),
                             key="items_band", disabled=not info["graded"])
    direction = cols[2].selectbox("Has links", ["", "inbound", "outbound_ugc"], key="items_direction",
                                  format_func=lambda d: ANY.get(d, ui.DIRECTION_NAMES.get(d, d)))
    rec = cols[3].selectbox("Recommendation", RECOMMENDATIONS, format_func=lambda r: ANY.get(r, r),
                            key="items_rec", disabled=not info["graded"])
    search = cols[4].text_input("Author, URL, text contains, or #id", key="items_search")
    return data.ItemFilter(type=kind or None, band=band or None, direction=direction or None,
                           recommendation=rec or None, search=search)


def detail(item_id: int) -> None:
    d = ui.query("item_detail", audit_id, item_id)
    number = d["site_item_id"] if str(d["site_item_id"] or "").isdigit() else f"{d['id']} (store id)"
    st.subheader(f"{d['type'].title()} #{number}")
    cols = st.columns(4)
    cols[0].metric("Risk score", "—" if d["score"] is None else f"{d['score']} / 100")
    cols[1].metric("Band", ui.band_name(d["band"]) or "not graded")
    cols[2].metric("Links", f"{len(d['links']):,}")
    cols[3].metric("Status", d["status"] or "published")
    links = st.columns(2)
    if d["item_url"]:
        links[0].link_button("Open it on your site", d["item_url"])
    if d["edit_url"]:
        links[1].link_button("Edit it in WordPress", d["edit_url"])
    ui.text_block("Author name", d["author_name"], limit=500)
    ui.text_block("Author URL (not a link: it may be hostile)", d["author_url"], limit=500)
    ui.text_block("On", d["post_url"], limit=500)
    ui.text_block("Date", d["date"])
    ui.text_block("Text", d["text"], limit=5000)
    if d["recommendation"]:
        st.markdown(f"**Recommendation: {d['recommendation']}**")
        st.text(d["why"])
    st.dataframe(ui.reasons_frame(d["reasons"]), hide_index=True)
    st.markdown("**Its links**")
    st.dataframe(d["links"], hide_index=True)
    if d["ping_check"]:
        st.markdown("**Its source, fetched**")
        st.dataframe([d["ping_check"]], hide_index=True)
    override_panel(d)


def override_panel(d: dict) -> None:
    if not info["graded"]:
        return
    st.markdown("**Your decision**")
    current = d["override"]
    if current:
        st.text(f"You chose {current['action']} on {current['created_at'][:10]}"
                + (f": {current['note']}" if current["note"] else ""))
    cols = st.columns([2, 3])
    action = cols[0].radio("Decision", ["keep", "spam"], horizontal=True, key=f"item_action_{d['id']}")
    note = cols[1].text_input("Note (why)", key=f"item_note_{d['id']}")
    left, right = st.columns(2)
    if left.button("Save my decision", key="item_save", type="primary"):
        with ui.errors_shown("save your decision on this item"):
            with st.spinner(ui.APPLYING):
                data.set_override(ui.db(), audit_id, "item", d["id"], action, note)
            ui.forget_cache()
            ui.flash(f"Saved: {action} for item #{d['site_item_id'] or d['item_key']}; the plan is updated.")
            st.rerun()
    if current and right.button("Clear my decision", key="item_clear"):
        with ui.errors_shown("clear your decision on this item"):
            with st.spinner(ui.APPLYING):
                data.clear_override(ui.db(), audit_id, "item", d["id"])
            ui.forget_cache()
            ui.flash("Cleared your decision; the plan is updated.")
            st.rerun()


with ui.errors_shown(f"list the items of audit {audit_id}"):
    flt = filters()
    _, total = ui.query("items", audit_id, flt, limit=0)
    limit, offset = ui.pager(total, key="items_page")
    rows, total = ui.query("items", audit_id, flt, limit=limit, offset=offset)
    st.dataframe(rows, hide_index=True, key="items_table", column_order=[
        "item", "type", "author_name", "text", "score", "band", "recommendation", "your_decision", "date", "status",
        "links", "author_url", "item_url", "edit_url", "why", "post_url", "site_item_id"],
        column_config={
            "text": st.column_config.TextColumn("text (first 300 characters)", width="large"),
            "author_name": st.column_config.TextColumn(width="medium"),
            # Only these two are clickable: both are built from your own site's URLs.
            "item_url": st.column_config.LinkColumn("on your site", display_text="open"),
            "edit_url": st.column_config.LinkColumn("WordPress", display_text="edit"),
        })
    ui.page_caption(total, limit, offset, "items")
    if not rows.empty:
        labels = {int(r.item): f"{r.type} #{r.site_item_id or r.item} · {str(r.author_name)[:60]}"
                  for r in rows.itertuples()}
        chosen = st.selectbox("Show", list(labels), format_func=labels.__getitem__, key="items_pick")
        if chosen is not None:
            detail(int(chosen))
