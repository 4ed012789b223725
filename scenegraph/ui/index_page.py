"""The index page at each page's URL, telling Streamlit's browser side where its server is, with the app's styles.

A page opened by URL (/node?id=...) loads Streamlit's index.html, whose script does not know whether "node" is a
page or the path the server is mounted under: it asks node/_stcore/health first, gets a 404, waits its retry
backoff (at least 100 ms) and only then asks /_stcore/health and opens the connection. Set in the page before
that script runs, `window.__streamlit.BACKEND_BASE_URL` (Streamlit's own hook for a server elsewhere) names the
server's address, so the first question is the right one: about 120-170 ms less for every open by URL and every
reload (bench/browser.py). The address is computed in the browser from the page's own URL (the page's path
segment removed), so a reverse proxy that serves the app under a prefix (/scenegraph/node) still works.

Served by serve.py (`st.App`'s routes); a path that is not a page falls through to Streamlit, which answers the
unchanged index.html (the slower start, nothing broken)."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

__all__ = ["APP_CSS", "BASE_SCRIPT", "index_html", "index_routes"]

#: the app's few style rules, in the head of every page once (an st.html per run loaded Streamlit's HTML element
#: and its sanitiser into every page). Streamlit cuts a page link's text at its box's edge mid-word ("pot-s"):
#: its paragraph ends in an ellipsis.
APP_CSS = """<style>
[data-testid="stMain"] [data-testid="stPageLink-NavLink"] [data-testid="stMarkdownContainer"] p {
  overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
</style>"""

#: run before Streamlit's module script (inline scripts run first): the page's address minus the page segment
BASE_SCRIPT = """<script>(function () {
  var pages = %s, parts = location.pathname.replace(/\\/+$/, "").split("/");
  if (pages.indexOf(parts[parts.length - 1]) >= 0) parts.pop();
  window.__streamlit = Object.assign({}, window.__streamlit,
    {BACKEND_BASE_URL: location.origin + parts.join("/") + "/"});
})();</script>"""


@cache
def index_html(static_dir: str, pages: tuple[str, ...]) -> bytes:
    """Streamlit's index.html with BASE_SCRIPT and APP_CSS first in its head (read once per process)."""
    html = (Path(static_dir) / "index.html").read_text(encoding="utf-8")
    head = html.index("<head>") + len("<head>")
    return (html[:head] + BASE_SCRIPT % json.dumps(list(pages)) + APP_CSS + html[head:]).encode("utf-8")


def index_routes(pages: tuple[str, ...], base_url_path: str = "") -> list:
    """Starlette routes answering GET/HEAD at the root and at each page's URL with index_html."""
    from starlette.responses import Response
    from starlette.routing import Route
    from streamlit.file_util import get_static_dir

    static_dir = get_static_dir()  # the folder Streamlit's own static route serves index.html from
    base = "/" + base_url_path.strip("/") if base_url_path.strip("/") else ""

    async def index(_request) -> Response:
        return Response(index_html(static_dir, pages), media_type="text/html",
                        headers={"Cache-Control": "no-cache"})

    paths = [base + "/", *(f"{base}/{p}" for p in pages)]
    return [Route(path, index, methods=["GET", "HEAD"]) for path in dict.fromkeys(paths)]
