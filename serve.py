"""scenegraph's server: `streamlit run serve.py` serves the app (app.py: the pages) as Streamlit does, except
for its index page (scenegraph/ui/index_page.py): it names the server, so a page opened by its URL connects at
once, and holds the app's styles. Every option of `streamlit run` applies as before (`.streamlit/config.toml`,
--server.port, --server.address, --server.baseUrlPath...). `streamlit run app.py` still works, without those."""

import streamlit as st
from streamlit import config

from scenegraph.ui.index_page import index_routes
from scenegraph.ui.pages import PAGE_PATHS

app = st.App("app.py", routes=index_routes(PAGE_PATHS, config.get_option("server.baseUrlPath") or ""))
