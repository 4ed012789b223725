"""The index page served at each page's URL (scenegraph/ui/index_page.py, served by serve.py): Streamlit's own
index.html with the server's address set before Streamlit's script runs; the browser side of it (no question to
node/_stcore/health) is checked in Chromium by test_every_page_opens_by_its_typed_url."""

from __future__ import annotations

import pytest
from starlette.applications import Starlette
from starlette.testclient import TestClient

from scenegraph.ui.index_page import index_routes
from scenegraph.ui.pages import PAGE_PATHS, PAGES


def test_every_page_of_the_navigation_is_answered():
    assert {path for _, path, _ in PAGES} | {"home"} == set(PAGE_PATHS)


@pytest.mark.parametrize("base", ["", "sg", "/deep/er/"])
def test_the_root_and_each_page_answer_the_index_with_the_address_first(base):
    prefix = "/" + base.strip("/") if base.strip("/") else ""
    client = TestClient(Starlette(routes=index_routes(PAGE_PATHS, base)))
    for path in ["/", *(f"/{p}" for p in PAGE_PATHS)]:
        r = client.get(prefix + path + "?lang=en")
        assert r.status_code == 200, path
        assert r.headers["content-type"].startswith("text/html") and r.headers["cache-control"] == "no-cache"
        html = r.text
        # the address is set before Streamlit's module script, and that script is still there
        assert html.index("BACKEND_BASE_URL") < html.index('<script type="module"')
        assert "stPageLink-NavLink" in html[:html.index("</head>")]  # the app's styles, in the head
        assert '"node"' in html and '"overview"' in html
    # Streamlit's own routes are not taken: an unknown path, a page's sub-path, and the server's endpoints
    for path in ["/nopage", "/node/_stcore/health", "/_stcore/health", "/static/js/x.js"]:
        assert client.get(prefix + path).status_code == 404, path
