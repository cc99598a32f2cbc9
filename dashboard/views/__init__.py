"""The dashboard's pages, one module each, run by ``st.navigation`` from ``dashboard/app.py``."""
