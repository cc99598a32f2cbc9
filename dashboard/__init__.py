"""The Streamlit dashboard: a thin shell over the store, the grading engine and the exports.

:mod:`dashboard.app` is the entry point, :mod:`dashboard.views` has one module a page,
:mod:`dashboard.data` reads the store for them without importing Streamlit.
"""
