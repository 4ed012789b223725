"""scenegraph: the Streamlit entry point. The language switch, sign-in and navigation only; every page lives in
scenegraph.ui (views/ holds one-line files so that AppTest can switch to them; the folder is not called
`pages/`, which Streamlit would list by file name before this script has run)."""

import os
import sys
import time

import streamlit as st

from scenegraph.base.i18n import t
from scenegraph.ui.pages import PAGES
from scenegraph.ui.params import show_in_url, url_run_starts
from scenegraph.ui.signin import allowed_pages, gate
from scenegraph.ui.state import language_switch
from scenegraph.ui.vis_network import preload_network

lang = language_switch()
st.set_page_config(page_title=t("app_short", lang), page_icon="🧭", layout="wide")
# sign-in on a shared server (SCENEGRAPH_AUTH=on); off by default, then everyone is the local user
principal = gate()
pages = [st.Page(f"views/{file}.py", title=t(key, lang), url_path=path) for file, path, key in PAGES]


def home() -> None:
    """The root URL: opens the scenario map at /overview with the link's parameters (Streamlit serves its default
    page at / only, so a visible default page would make a typed /overview "page not found")."""
    st.switch_page(pages[0], query_params=st.query_params.to_dict())


page = st.navigation([st.Page(home, title=t("nav_overview", lang), url_path="home", default=True,
                              visibility="hidden"), *allowed_pages(pages, principal)])
st.set_page_config(page_title=f"{page.title} · {t('app_short', lang)}", page_icon="🧭", layout="wide")
_t0 = time.perf_counter()
url_run_starts(page.url_path)
try:
    page.run()
    show_in_url()  # the view shown (and the language) in the address bar, one history entry per navigation
    with st.sidebar:
        preload_network()
finally:  # SCENEGRAPH_TIMING=1: one line per run on stderr (server time of each page run, for bench/browser.py)
    if os.environ.get("SCENEGRAPH_TIMING"):
        print(f"scenegraph-timing {page.url_path or 'home'} {(time.perf_counter() - _t0) * 1000:.0f} ms",
              file=sys.stderr, flush=True)
