"""The app's pages, in the order of the navigation: (file in views/, URL path, title key). One list, read by the
entry point (app.py: the navigation) and by the server (serve.py: the index page answered at each page's URL)."""

from __future__ import annotations

__all__ = ["PAGES", "PAGE_PATHS"]

PAGES: tuple[tuple[str, str, str], ...] = (
    ("overview", "overview", "nav_overview"),
    ("network", "network", "nav_network"),
    ("node", "node", "nav_node"),
    ("paths", "paths", "nav_paths"),
    ("lens", "lens", "nav_lens"),
    ("assessment", "assessment", "nav_assessment"),
    ("observatory", "observatory", "nav_observatory"),
    ("export", "export", "nav_export"),
    ("console", "console", "nav_console"),
)
#: every URL path a page answers at ("home" is the hidden default page, which moves on to /overview)
PAGE_PATHS: tuple[str, ...] = ("home", *(path for _, path, _ in PAGES))
