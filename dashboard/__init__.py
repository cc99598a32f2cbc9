"""The Streamlit dashboard: a thin shell over the store and the grading engine.

Empty until the dashboard lands.
"""
