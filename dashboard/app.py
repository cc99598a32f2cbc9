"""The backlint dashboard's entry point: ``backlint dashboard`` or ``streamlit run dashboard/app.py``.

The store comes from the environment variable ``BACKLINT_DB`` (default
``backlint.db``) and can be changed on the Start page. When the store holds no
audit, the bundled demo blog is crawled into it, graded offline and opened, and the
pages say so.
"""

from __future__ import annotations

import streamlit as st

from dashboard import ui

st.set_page_config(page_title="backlint", layout="wide")  # no page_icon: a :material: one is fetched from a CDN
ui.init_state()

PAGES = [
    st.Page("views/start.py", title="Start", default=True),
    st.Page("views/overview.py", title="Overview", url_path="overview"),
    st.Page("views/domains.py", title="Referring domains", url_path="domains"),
    st.Page("views/items.py", title="Comments and pings", url_path="items"),
    st.Page("views/plan.py", title="Cleanup plan", url_path="plan"),
    st.Page("views/compare.py", title="Compare audits", url_path="compare"),
]

page = st.navigation(PAGES)
ui.open_demo_if_empty()
ui.sidebar()
page.run()
