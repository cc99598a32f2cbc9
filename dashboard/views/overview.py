"""Overview: the link-profile health score, the key figures and six charts.

Charts show only domains, TLDs, bands, months, types and classes — never crawled
text — so nothing in them can carry markup.
"""

from __future__ import annotations

import pandas as pd
import plotly.express as px
import streamlit as st

from dashboard import data, ui

st.title("Overview")
ui.show_flash()
info = ui.require_audit(graded=False)
ui.audit_caption(info)
audit_id = info["audit_id"]


def percent(share: float) -> str:
    return f"{share:.0%}"


def key_figures(o: dict) -> None:
    st.subheader("Key figures")
    types = o["items_by_type"]
    row = st.columns(4)
    row[0].metric("Referring domains", f"{o['referring_domains']:,}",
                  help=f"{o['referring_domains_by_direction']['inbound']:,} claim to link to you; "
                       f"{o['referring_domains_by_direction']['outbound_ugc']:,} are linked from your comments.")
    row[1].metric("Comments", f"{types['comment']:,}")
    row[2].metric("Trackbacks", f"{types['trackback']:,}")
    row[3].metric("Pingbacks", f"{types['pingback']:,}")
    row = st.columns(4)
    row[0].metric("Inbound links (claims)", f"{o['links_by_direction']['inbound']:,}",
                  help="Links other sites claim to have to you: trackbacks, pingbacks, imported backlinks.")
    row[1].metric("Outbound links in comments", f"{o['links_by_direction']['outbound_ugc']:,}",
                  help="Links shown on your pages that point to commenters' sites.")
    row[2].metric("Unverified pings", f"{o['pings_unverified']:,}",
                  help="Trackbacks and pingbacks whose source page has not been fetched yet.")
    row[3].metric("Fake pings", f"{o['pings_fake']:,}",
                  help="The source page was read and holds no link to you: delete the ping, nothing to disavow.")
    row = st.columns(4)
    if o["graded"]:
        shares = o["bands"]["domain_shares"]
        row[0].metric("High-risk domains", percent(shares["high"]),
                      help=f"{o['bands']['domains_all']['high']:,} referring domains graded High.")
        row[1].metric("Medium-risk domains", percent(shares["medium"]),
                      help=f"{o['bands']['domains_all']['medium']:,} referring domains graded Medium.")
        row[2].metric("Low-risk domains", percent(shares["low"]),
                      help=f"{o['bands']['domains_all']['low']:,} referring domains graded Low.")
    row[3].metric("Comment links missing ugc/nofollow", f"{o['missing_ugc']:,}",
                  help=f"Of {o['outbound_known_rel']:,} outbound comment links whose rel is known. They pass "
                       "ranking credit to the commenters' sites.")
    if types.get("backlink"):
        st.metric("Imported backlinks", f"{types['backlink']:,}")


def health(score: int, drivers: list[str]) -> None:
    left, right = st.columns([1, 3])
    left.metric("Link-profile health", f"{score} / 100",
                help="100 minus points for High-risk domains linking to you, spam comments still published, "
                     "fake or dead pings and comment links missing ugc/nofollow (see the README).")
    with right:
        st.markdown("**What drives it**")
        for line in drivers:
            st.text("• " + line)


def band_bar(frame: pd.DataFrame, x: str, y: str, title: str, *, percent: bool = False) -> None:
    fig = px.bar(frame, x=x, y=y, color="band", title=title, color_discrete_map=ui.BAND_COLOURS,
                 category_orders={"band": ["high", "medium", "low", "ungraded"]})
    if percent:
        # Domains, items and links differ by orders of magnitude: compare their mix of bands.
        fig.update_layout(barnorm="percent", yaxis_title="% of each")
    st.plotly_chart(fig, key=f"chart_{title}")


def direction_bar(frame: pd.DataFrame, x: str, y: str, title: str, **kwargs) -> None:
    """Bars coloured by direction, in the same two colours on every chart."""
    frame = frame.assign(direction=frame["direction"].map(ui.DIRECTION_NAMES))
    colours = {ui.DIRECTION_NAMES[d]: c for d, c in ui.DIRECTION_COLOURS.items()}
    st.plotly_chart(px.bar(frame, x=x, y=y, color="direction", title=title, color_discrete_map=colours, **kwargs),
                    key=f"chart_{title}")


def charts(o: dict) -> None:
    st.subheader("Charts")
    facets = ui.query("link_facets", audit_id)
    left, right = st.columns(2)
    with left:
        if o["graded"]:
            band_bar(ui.query("risk_bands", audit_id), "subject", "count", "Risk bands", percent=True)
        over_time = data.links_over_time(facets)
        if over_time.empty:
            st.info("No dated links to draw over time.")
        else:
            band_bar(over_time, "month", "links", "New links per month, by risk band")
        undated = int(facets.loc[facets["month"] == "undated", "links"].sum()) if not facets.empty else 0
        if undated:
            st.caption(f"{undated:,} link(s) in undated items are not in the chart (pings often carry no date).")
        anchors = ui.query("anchor_classes", audit_id)
        if not anchors.empty:
            direction_bar(anchors, "anchor_class", "links", "Anchor text: branded, URL, generic, keyword",
                          barmode="group", category_orders={"anchor_class": list(data.ANCHOR_CLASSES)})
    with right:
        tlds = ui.query("tld_counts", audit_id)
        if not tlds.empty:
            direction_bar(tlds, "tld", "domains", "Referring domains by TLD")
        if o["graded"]:
            top = ui.query("top_risky_domains", audit_id)
            if not top.empty:
                top["label"] = top["domain"] + " (" + top["direction"].map(
                    {"inbound": "links to you", "outbound_ugc": "in comments"}) + ")"
                fig = px.bar(top.iloc[::-1], x="score", y="label", color="band", orientation="h",
                             color_discrete_map=ui.BAND_COLOURS, title="Top risky domains",
                             hover_data=["items", "links", "recommendation"])
                st.plotly_chart(fig, key="chart_top")
        types = data.types_and_directions(facets)
        if not types.empty:
            direction_bar(types, "type", "links", "Links by item type and direction")


with ui.errors_shown(f"show the overview of audit {audit_id}"):
    overview = ui.query("audit_overview", audit_id)
    if overview["graded"]:
        score, drivers = ui.query("health_score", audit_id)
        health(score, drivers)
    else:
        st.warning("This audit is not graded yet: the health score and risk figures need a grading.")
        ui.grade_button(audit_id)
    key_figures(overview)
    if overview["links"]:
        charts(overview)
    else:
        st.info("This audit holds no links yet, so there is nothing to chart.")
    for notice in info["notices"]:
        st.info(notice)
