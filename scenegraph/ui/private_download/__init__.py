"""Downloads of private data (an enterprise's answers and reports, the observatory's brief, a roadmap's export)
that never sit at a URL: Streamlit's st.download_button serves its file at /media/<hash> to anyone holding the
link, without a cookie and after sign-out. Here the file is built only when its button is pressed and travels to
the browser over the session's own websocket; the page hands it to the browser's download as a blob: URL (valid
in that tab only) and forgets it. The next run sends nothing.

A press comes back to Python as the trigger value "want" (for one run): that run builds the file and draws the
button with it."""

from __future__ import annotations

import base64
from collections.abc import Callable
from pathlib import Path

import streamlit as st

from scenegraph.base.limits import LIMITS

__all__ = ["private_download"]

_HERE = Path(__file__).parent
_button = st.components.v2.component("scenegraph_private_download",
                                     js=(_HERE / "download.js").read_text(encoding="utf-8"),
                                     css=(_HERE / "download.css").read_text(encoding="utf-8"))


def private_download(label: str, build: Callable[[], bytes | str], file_name: str, mime: str, key: str,
                     help: str | None = None) -> None:
    """A download button whose file is `build()`, made when pressed and sent only to this session. `label` and
    `help` are shown as text."""
    state = st.session_state.get(key)
    want = state.get("want") if state else None
    file = None
    if want:
        data = build()
        raw = data.encode("utf-8") if isinstance(data, str) else bytes(data)
        if len(raw) > LIMITS.max_download_bytes:
            raise ValueError(f"the file is larger than the limit (max_download_bytes = {LIMITS.max_download_bytes:,})")
        file = {"n": str(want), "name": file_name, "mime": mime, "b64": base64.b64encode(raw).decode("ascii")}
    _button(data={"label": label, "help": help or "", "file": file}, key=key, on_want_change=lambda: None)
