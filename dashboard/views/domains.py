"""Referring domains: a filterable, sortable, paged table and the evidence behind each grade.

Domains that claim to link to you (trackbacks, pingbacks, imported backlinks) and
domains your comments link to are separate rows: only the first can be disavowed
(DOMAIN.md §1).
"""

from __future__ import annotations

import streamlit as st

from dashboard import data, ui

st.title("Referring domains")
ui.show_flash()
info = ui.require_audit()
ui.audit_caption(info)
audit_id = info["audit_id"]

BAND_OPTIONS = ["", "high", "medium", "low"]
DIRECTION_OPTIONS = ["", "inbound", "outbound_ugc"]
TYPE_OPTIONS = ["", "comment", "trackback", "pingback", "backlink"]
ANY = {"": "any"}


def filters() -> tuple[data.DomainFilter, str, bool]:
    cols = st.columns([1, 1.4, 1, 1, 1.6])
    band = cols[0].selectbox("Risk", BAND_OPTIONS, format_func=lambda b: ANY.get(b, b.title()), key="dom_band")
    direction = cols[1].selectbox("Direction", DIRECTION_OPTIONS, key="dom_direction",
                                  format_func=lambda d: ANY.get(d, ui.DIRECTION_NAMES.get(d, d)))
    kind = cols[2].selectbox("Item type", TYPE_OPTIONS, format_func=lambda t: ANY.get(t, t), key="dom_type")
    tlds = [""] + ui.query("domain_tlds", audit_id)
    tld = cols[3].selectbox("TLD", tlds, format_func=lambda t: ANY.get(t, "." + t), key="dom_tld")
    search = cols[4].text_input("Domain contains", key="dom_search")
    left, right = st.columns([1, 4])
    sort = left.selectbox("Sort by", list(data.DOMAIN_SORTS), key="dom_sort")
    descending = right.toggle("Largest first", value=True, key="dom_desc")
    return data.DomainFilter(band=band or None, direction=direction or None, type=kind or None, tld=tld or None,
                             search=search), sort, descending


def detail(domain: str) -> None:
    d = ui.query("domain_detail", audit_id, domain)
    st.subheader(d["domain"])
    for grade in d["grades"]:
        with st.container(border=True):
            cols = st.columns(4)
            cols[0].metric("Risk score", f"{grade['score']} / 100")
            cols[1].metric("Band", ui.band_name(grade["band"]))
            cols[2].metric("Items", f"{grade['items']:,}")
            cols[3].metric("Links", f"{grade['links']:,}")
            st.caption(ui.DIRECTION_NAMES[grade["direction"]]
                       + (" · guarded: never proposed for disavow" if grade["guarded"] else ""))
            st.markdown(f"**Recommendation: {grade['recommendation']}**")
            st.text(grade["why"])
            st.dataframe(ui.reasons_frame(grade["reasons"]), hide_index=True,
                         column_config={"points": st.column_config.NumberColumn(format="+%.1f")})
    st.markdown(f"**Comments, trackbacks and pingbacks** ({d['items_total']:,})")
    st.dataframe(d["items"], hide_index=True, column_config={"text": st.column_config.TextColumn(width="large")})
    st.markdown(f"**Links** ({d['links_total']:,})")
    st.dataframe(d["links"], hide_index=True)
    st.markdown("**Ping sources fetched**")
    if d["ping_checks"].empty:
        st.caption("None fetched for this domain (only trackbacks and pingbacks are; run a crawl with "
                   "ping checks or `backlint verify`).")
    else:
        st.dataframe(d["ping_checks"], hide_index=True)
    override_panel(d)


def override_panel(d: dict) -> None:
    st.markdown("**Your decision**")
    current = d["override"]
    if current:
        st.text(f"You chose {current['action']} on {current['created_at'][:10]}"
                + (f": {current['note']}" if current["note"] else ""))
    actions = ["keep", "spam", "allowlist"] + (["disavow"] if d["inbound"] else [])
    if not d["inbound"]:
        st.caption("Disavow is not offered: this domain only appears in links on your own pages, which disavow "
                   "cannot touch. Mark its comments spam instead.")
    cols = st.columns([2, 3])
    action = cols[0].radio("Decision", actions, horizontal=True, key=f"dom_action_{d['domain']}",
                           format_func={"keep": "keep", "spam": "spam", "allowlist": "allowlist",
                                        "disavow": "disavow"}.get)
    note = cols[1].text_input("Note (why)", key=f"dom_note_{d['domain']}")
    left, right = st.columns(2)
    if left.button("Save my decision", key="dom_save", type="primary"):
        with ui.errors_shown(f"save your decision on {d['domain']}"):
            with st.spinner(ui.APPLYING):
                data.set_override(ui.db(), audit_id, "domain", d["domain"], action, note)
            ui.forget_cache()
            ui.flash(f"Saved: {action} for {d['domain']}; the plan is updated.")
            st.rerun()
    if current and right.button("Clear my decision", key="dom_clear"):
        with ui.errors_shown(f"clear your decision on {d['domain']}"):
            with st.spinner(ui.APPLYING):
                data.clear_override(ui.db(), audit_id, "domain", d["domain"])
            ui.forget_cache()
            ui.flash(f"Cleared your decision on {d['domain']}; the plan is updated.")
            st.rerun()


with ui.errors_shown(f"list the referring domains of audit {audit_id}"):
    flt, sort, descending = filters()
    _, total = ui.query("domains", audit_id, flt, sort=sort, descending=descending, limit=0)
    limit, offset = ui.pager(total, key="dom_page")
    rows, total = ui.query("domains", audit_id, flt, sort=sort, descending=descending, limit=limit, offset=offset)
    shown = rows.assign(direction=rows["direction"].map(ui.DIRECTION_NAMES))
    st.dataframe(shown, hide_index=True, key="dom_table",
                 column_config={"score": st.column_config.ProgressColumn("score", min_value=0, max_value=100,
                                                                         format="%d"),
                                "why": st.column_config.TextColumn(width="large")})
    ui.page_caption(total, limit, offset, "domains")
    if not rows.empty:
        options = rows["domain"].drop_duplicates().tolist()
        chosen = st.selectbox("Show the evidence for", options, key="dom_pick")
        if chosen:
            detail(chosen)
