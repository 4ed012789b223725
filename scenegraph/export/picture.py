"""A static picture of a subgraph (PNG or SVG) with matplotlib: colour per label, a legend, names when few.

SVG keeps text as text (searchable, crisp Chinese in any viewer that has a CJK font); PNG needs a CJK font on
this machine (Noto Sans CJK is used when installed)."""

from __future__ import annotations

import io
import re

import matplotlib

matplotlib.use("Agg")  # no display: files only
from matplotlib import font_manager  # noqa: E402
from matplotlib import pyplot as plt  # noqa: E402
from matplotlib.collections import LineCollection  # noqa: E402
from matplotlib.lines import Line2D  # noqa: E402

from scenegraph.base.errors import InputRejected  # noqa: E402
from scenegraph.base.i18n import pick  # noqa: E402
from scenegraph.base.limits import LIMITS  # noqa: E402
from scenegraph.formats.writers import release_text  # noqa: E402
from scenegraph.graph.scenario_graph import ScenarioGraph  # noqa: E402
from scenegraph.graph.schema import LABELS  # noqa: E402
from scenegraph.present.network_page import LABEL_STYLE, layout  # noqa: E402

__all__ = ["picture"]

NAMES_UP_TO = 150
_CJK = ("Noto Sans CJK SC", "Noto Sans CJK JP", "Noto Sans SC", "WenQuanYi Zen Hei", "Microsoft YaHei", "SimHei")


def _font() -> list[str]:
    have = {f.name for f in font_manager.fontManager.ttflist}
    return [f for f in _CJK if f in have] + ["DejaVu Sans"]


_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufffe\uffff]")


def label_text(name: str) -> str:
    """A name as a picture label: one line of at most LIMITS.picture_label_chars characters (an ellipsis marks the
    cut), nothing XML cannot hold (SVG stays well-formed). Drawn with parse_math=False, so `$` is a dollar sign."""
    text = _UNPRINTABLE.sub(" ", name)
    cap = LIMITS.picture_label_chars
    return text if len(text) <= cap else text[: cap - 1] + "…"


def picture(graph: ScenarioGraph, fmt: str = "png", lang: str = "zh", dpi: int | None = None) -> bytes:
    """The picture, never wider or taller than LIMITS.picture_max_px (labels are cut, the resolution lowered)."""
    if fmt not in ("png", "svg"):
        raise InputRejected(f"picture format must be png or svg, got {fmt!r}")
    pos = layout(graph)
    size = min(40.0, max(8.0, len(graph) ** 0.5 * 1.2))
    dpi = dpi or (150 if len(graph) <= 600 else 60)  # big graphs: a readable overview, not a 50 MB file
    # labels may reach past the axes by up to a label's length (7 pt type): leave room for that in the bound
    reach = LIMITS.picture_label_chars * 7 / 72 + 1
    dpi = max(10, min(dpi, int(LIMITS.picture_max_px / (size + reach))))
    with plt.rc_context({"font.family": _font(), "svg.fonttype": "none", "axes.unicode_minus": False}):
        fig, ax = plt.subplots(figsize=(size, size * 0.75))
        ax.set_axis_off()
        segments = [(pos[u], pos[v]) for u, v in graph.g.edges() if u in pos and v in pos]
        ax.add_collection(LineCollection(segments, colors="#bbbbbb", linewidths=0.5, zorder=1))
        present = [label for label in LABELS if graph.ids(label)]
        for label in present:
            ids = graph.ids(label)
            xs, ys = zip(*(pos[n] for n in ids), strict=True)
            ax.scatter(xs, ys, s=[20 + 12 * graph.node(n).get("importance", 2) for n in ids],
                       c=LABEL_STYLE[label][0], edgecolors="white", linewidths=0.5, zorder=2)
        if len(graph) <= NAMES_UP_TO:
            for n, (x, y) in pos.items():
                ax.annotate(label_text(graph.name(n, lang)), (x, y), fontsize=7, xytext=(4, 3),
                            textcoords="offset points", zorder=3, parse_math=False, annotation_clip=False)
        handles = [Line2D([0], [0], marker="o", linestyle="", color=LABEL_STYLE[lb][0],
                          label=pick(lang, LABELS[lb].NAME_ZH, lb)) for lb in present]
        ax.legend(handles=handles, loc="upper left", fontsize=8, frameon=False)
        ax.autoscale()
        buf = io.BytesIO()
        meta: dict[str, str | None] = {"Description": f"scenegraph, {release_text(graph)}"} if graph.release else {}
        if fmt == "svg":
            meta["Date"] = None
        fig.savefig(buf, format=fmt, dpi=dpi, bbox_inches="tight", metadata=meta or None)
        plt.close(fig)
    return buf.getvalue()
