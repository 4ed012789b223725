"""The warm-up a server gets once it answers (scenegraph/ui/warm.py, run by scripts/app and scripts/serve-many):
it opens the first pages in sessions of its own, so the first user's open finds the imports done and the graph's
caches filled; and it never takes the server down, whatever it meets."""

from __future__ import annotations

import pytest

from scenegraph.base.i18n import LANGS
from scenegraph.ui.warm import PAGES, main, warm
from tests.browser_support import AppFailed, serve_app

pytestmark = pytest.mark.browser


def test_the_warm_up_runs_the_first_pages_in_the_server(tmp_path):
    log = tmp_path / "server.log"
    try:
        with serve_app(tmp_path / "home", log, env_extra={"SCENEGRAPH_TIMING": "1"}) as url:
            warm(url)
            runs = [line.split()[1] for line in log.read_text(errors="replace").splitlines()
                    if line.startswith("scenegraph-timing")]
            assert runs == list(PAGES) * len(LANGS), runs  # each page in each language
            # a page that is not there, twice: one line, exit 1, and the server still serves
            assert main([url, "no_such_page"]) == 1
            warm(url, ("overview",))
            assert log.read_text(errors="replace").count("scenegraph-timing overview") >= len(LANGS) + 1
    except AppFailed as e:
        pytest.fail(str(e))

