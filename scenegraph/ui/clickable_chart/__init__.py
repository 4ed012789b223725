"""A clickable heatmap or bar chart for the scenario map and the policy lens, drawn as plain HTML in the page by
Streamlit's components v2 (no iframe, no chart library): Streamlit's plotly bundle (4.7 MB of script the browser
parses on every page that shows a plotly chart, ~1.2 s here) is no longer needed on these two pages.

A click outlines the cell or bar in the browser at once and comes back to Python as the trigger value "click":
[row id, column id] for a heatmap, the bar's id for bars (for one run; read it with `clicked(key)` before
drawing, so the view drawn already shows the choice)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import streamlit as st

__all__ = ["bars_data", "clicked", "clickable_chart", "heat_data"]

_HERE = Path(__file__).parent
_chart = st.components.v2.component("scenegraph_chart", js=(_HERE / "chart.js").read_text(encoding="utf-8"),
                                    css=(_HERE / "chart.css").read_text(encoding="utf-8"))


def heat_data(title: str, rows: list[tuple[str, str]], cols: list[tuple[str, str]],
              values: Sequence[Sequence[float | None]], text: list[list[str]], hover: list[list[str]],
              chosen: tuple[str, str] | None, scale: str = "blues") -> dict[str, Any]:
    """A heatmap's data: rows and cols as (id, name), one value, text and hover per cell, the chosen cell."""
    return {"kind": "heat", "title": title, "rows": [{"id": i, "name": n} for i, n in rows],
            "cols": [{"id": i, "name": n} for i, n in cols], "values": values, "text": text, "hover": hover,
            "chosen": list(chosen) if chosen else None, "scale": scale}


def bars_data(title: str, axis: str, bars: list[tuple[str, str, int]], chosen: str | None) -> dict[str, Any]:
    """Horizontal bars' data: (id, name, value) per bar (its number drawn at the bar's end), the chosen bar."""
    return {"kind": "bars", "title": title, "axis": axis, "chosen": chosen,
            "bars": [{"id": i, "name": n, "value": v} for i, n, v in bars]}


def clicked(key: str) -> Any:
    """The click the browser sent for the chart `key` in this run (None if this run is not that click)."""
    state = st.session_state.get(key)
    return state.get("click") if state else None


def clickable_chart(data: dict[str, Any], key: str) -> Any:
    """Draw `data` (heat_data or bars_data); the click of this run, if any."""
    return _chart(data=data, key=key, on_click_change=lambda: None).click
