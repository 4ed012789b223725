"""A two-way network component: vis-network draws the view in the page (physics off, positions from Python),
and a click comes back to Python as {"event": "click"|"open", "id": ..., "n": ...} (for the run it causes).

The view is a Streamlit components v2 element (frontend/main.js, an ES module run in the page itself): no
iframe to build and no vis-network to load again for each view. vis-network 9.1.2 (vendored from pyvis's
bundled copy, Apache-2.0/MIT) is loaded once per browser tab from this package's `frontend` folder, which is
declared as a (v1) component only so that Streamlit serves the file; nothing is fetched from outside localhost.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import streamlit as st
import streamlit.components.v1 as components

__all__ = ["FRONTEND", "network_component", "preload_network", "view_key"]

FRONTEND = Path(__file__).parent / "frontend"
# serves frontend/vis-network.min.js at component/scenegraph.ui.vis_network.scenegraph_network/ (see main.js)
components.declare_component("scenegraph_network", path=str(FRONTEND))
_view = st.components.v2.component("scenegraph_network_view", isolate_styles=False,
                                   js=(FRONTEND / "main.js").read_text(encoding="utf-8"),
                                   css=(FRONTEND / "network.css").read_text(encoding="utf-8"))


def view_key(data: dict) -> str:
    """A view's digest: the browser redraws only when it changes (a rerun that keeps the view keeps it still)."""
    return hashlib.sha1(json.dumps(data, sort_keys=True, ensure_ascii=False).encode()).hexdigest()[:16]


def network_component(data: dict, text: dict[str, str], height: int = 640, min_scale: float = 0.75,
                      key: str | None = None, digest: str | None = None) -> dict | None:
    """Draw `data` (from scenegraph.present.network_view.view_data; `digest` its view_key when known); the click of this
    run, if any."""
    return _view(data={"view": data, "text": text, "height": height, "min_scale": min_scale,
                       "view_key": digest or view_key(data)}, key=key, on_event_change=lambda: None).event


def preload_network() -> None:
    """Nothing to see: has the browser load vis-network when it is idle (once per tab), so the first network view
    opened from any page draws without waiting for it."""
    _view(data={"preload": True}, key="vis_preload", height=0)
