"""Compare audits: what changed between two audits of one site, and how the health score moved."""

from __future__ import annotations

import streamlit as st

from dashboard import ui

st.title("Compare audits")
ui.show_flash()
info = ui.require_audit(graded=False)
ui.audit_caption(info)


def label(row) -> str:
    return (f"#{row.audit_id} · {row.kind} · {row.started_at[:16].replace('T', ' ')} · {row.items:,} items"
            + ("" if row.graded else " · not graded"))


with ui.errors_shown(f"compare the audits of {info['site_url']}"):
    table = ui.audits_table()
    mine = table[table["site_id"] == info["site_id"]].sort_values("audit_id")
    if len(mine) < 2:
        st.info("This site has one audit so far. Crawl it again later (Start → Crawl a site) or import a newer "
                "export, then compare the two here.")
        st.stop()
    labels = {int(r.audit_id): label(r) for r in mine.itertuples()}
    ids = list(labels)
    newer = info["audit_id"] if info["audit_id"] != ids[0] else ids[1]
    older = ids[ids.index(newer) - 1]
    cols = st.columns(2)
    old = cols[0].selectbox("Earlier audit", ids, index=ids.index(older), format_func=labels.__getitem__,
                               key="cmp_old")
    new = cols[1].selectbox("Later audit", ids, index=ids.index(newer), format_func=labels.__getitem__,
                               key="cmp_new")
    if old == new:
        st.warning("Choose two different audits.")
        st.stop()
    result = ui.query("compare_audits", int(old), int(new))
    figures = st.columns(5)
    if result["health_new"] is not None:
        figures[0].metric("Health score", f"{result['health_new']} / 100",
                          delta=None if result["health_delta"] is None else f"{result['health_delta']:+d}")
    else:
        figures[0].metric("Health score", "not graded")
    figures[1].metric("New referring domains", f"{result['new_domains_total']:,}")
    figures[2].metric("Lost referring domains", f"{result['lost_domains_total']:,}")
    figures[3].metric("New links", f"{result['new_links_total']:,}")
    figures[4].metric("Lost links", f"{result['lost_links_total']:,}")
    if result["health_old"] is not None and result["health_new"] is not None:
        st.caption(f"Health went from {result['health_old']} to {result['health_new']}.")
    for key, title in (("new_domains", "New referring domains"), ("lost_domains", "Lost referring domains"),
                       ("new_links", "New links"), ("lost_links", "Lost links")):
        frame = result[key]
        total = result[f"{key}_total"]
        st.markdown(f"**{title}** ({total:,}" + (f", the first {len(frame):,} shown)" if total > len(frame) else ")"))
        if frame.empty:
            st.caption("none")
        else:
            frame = frame.assign(direction=frame["direction"].map(ui.DIRECTION_NAMES))
            st.dataframe(frame, hide_index=True, key=f"cmp_{key}")
