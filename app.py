"""scenegraph: the Streamlit entry point. Navigation only; every page lives in scenegraph.ui."""

import streamlit as st

from scenegraph.ui import overview

st.set_page_config(page_title="scenegraph · 铝产业链数字化转型场景图谱", page_icon="🧭", layout="wide")
st.navigation([st.Page(overview.page, title="概览 / Overview", url_path="overview", default=True)]).run()
