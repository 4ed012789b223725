"""Streamlit pages: each reads widgets, calls the package and draws. The only place Streamlit is imported."""
