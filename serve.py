"""scenegraph's server: `streamlit run serve.py` serves the app (app.py: the pages) as Streamlit does, with one
change: a page opened by its URL connects at once (scenegraph/ui/index_page.py says why). Every option of
`streamlit run` applies as before (`.streamlit/config.toml`, --server.port, --server.address...)."""

import streamlit as st
from streamlit import config

from scenegraph.ui.index_page import index_routes
from scenegraph.ui.pages import PAGE_PATHS

app = st.App("app.py", routes=index_routes(PAGE_PATHS, config.get_option("server.baseUrlPath") or ""))
