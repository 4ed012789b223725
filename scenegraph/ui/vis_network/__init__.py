"""A two-way network component: vis-network draws the view in the browser (physics off, positions from Python),
and a click comes back to Python as {"event": "click"|"open", "id": ..., "n": ...}.

The frontend is a static folder (index.html, main.js and vis-network 9.1.2, vendored from pyvis's bundled copy,
Apache-2.0/MIT) that Streamlit serves from this package: vis-network travels once as a file the browser can
cache instead of ~700 KB inlined into every view, and nothing is fetched from outside localhost.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import streamlit.components.v1 as components

__all__ = ["FRONTEND", "network_component"]

FRONTEND = Path(__file__).parent / "frontend"
_component = components.declare_component("scenegraph_network", path=str(FRONTEND))


def network_component(data: dict, text: dict[str, str], height: int = 640, min_scale: float = 0.75,
                      key: str | None = None) -> dict | None:
    """Draw `data` (from scenegraph.network_view.view_data); the last click event, or None."""
    digest = hashlib.sha1(json.dumps(data, sort_keys=True, ensure_ascii=False).encode()).hexdigest()[:16]
    return _component(data=data, text=text, height=height, min_scale=min_scale, key=key, default=None,
                      # the browser redraws only when this changes: a rerun that keeps the view keeps it still
                      view_key=digest)
