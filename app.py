"""scenegraph: the Streamlit entry point. Navigation only; every page lives in scenegraph.ui (pages/ are one-line
files so that AppTest can switch to them)."""

import streamlit as st

st.set_page_config(page_title="scenegraph · 铝产业链数字化转型场景图谱", page_icon="🧭", layout="wide")
st.navigation([
    st.Page("pages/overview.py", title="概览 / Overview", url_path="overview", default=True),
    st.Page("pages/assessment.py", title="成熟度自评 / Self-assessment", url_path="assessment"),
]).run()
