"""scenegraph: the Streamlit entry point. Navigation only; every page lives in scenegraph.ui (pages/ are one-line
files so that AppTest can switch to them)."""

import streamlit as st

from scenegraph.ui.signin import gate

st.set_page_config(page_title="scenegraph · 铝产业链数字化转型场景图谱", page_icon="🧭", layout="wide")
# sign-in on a shared server (SCENEGRAPH_AUTH=on); off by default, then everyone is the local user
gate()
st.navigation([
    st.Page("pages/overview.py", title="场景地图 / Scenario map", url_path="overview", default=True),
    st.Page("pages/network.py", title="网络视图 / Network", url_path="network"),
    st.Page("pages/node.py", title="节点详情 / Node detail", url_path="node"),
    st.Page("pages/paths.py", title="路径查找 / Paths", url_path="paths"),
    st.Page("pages/lens.py", title="政策目标透视 / Policy lens", url_path="lens"),
    st.Page("pages/assessment.py", title="成熟度自评 / Self-assessment", url_path="assessment"),
    st.Page("pages/observatory.py", title="行业观测台 / Observatory", url_path="observatory"),
    st.Page("pages/export.py", title="导出 / Export", url_path="export"),
    st.Page("pages/console.py", title="Cypher 控制台 / Console", url_path="console"),
]).run()
