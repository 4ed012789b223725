"""scenegraph: the Streamlit entry point. The language switch, sign-in and navigation only; every page lives in
scenegraph.ui (views/ holds one-line files so that AppTest can switch to them; the folder is not called
`pages/`, which Streamlit would list by file name before this script has run)."""

import streamlit as st

from scenegraph.i18n import t
from scenegraph.ui.signin import allowed_pages, gate
from scenegraph.ui.state import language_switch

lang = language_switch()
st.set_page_config(page_title=t("app_short", lang), page_icon="🧭", layout="wide")
# sign-in on a shared server (SCENEGRAPH_AUTH=on); off by default, then everyone is the local user
principal = gate()
PAGES = [  # (file, url path, title key)
    ("overview", "overview", "nav_overview"),
    ("network", "network", "nav_network"),
    ("node", "node", "nav_node"),
    ("paths", "paths", "nav_paths"),
    ("lens", "lens", "nav_lens"),
    ("assessment", "assessment", "nav_assessment"),
    ("observatory", "observatory", "nav_observatory"),
    ("export", "export", "nav_export"),
    ("console", "console", "nav_console"),
]
page = st.navigation(allowed_pages([st.Page(f"views/{file}.py", title=t(key, lang), url_path=path,
                                           default=path == "overview") for file, path, key in PAGES], principal))
st.set_page_config(page_title=f"{page.title} · {t('app_short', lang)}", page_icon="🧭", layout="wide")
page.run()
