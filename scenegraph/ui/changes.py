"""What changed: this release of the graph against the previous one kept in the data's releases/ folder, as
counts and lists named in the interface language (an expander on the overview). The diff itself is
scenegraph.curation.diff; this page only shows it."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import streamlit as st

from scenegraph.base.i18n import Lang, t
from scenegraph.base.inert import md
from scenegraph.base.resources import data_dir
from scenegraph.curation.diff import ChangeRows, change_rows, diff_paths, previous_release
from scenegraph.graph.words import label_name, prop_name, rel_phrase
from scenegraph.ui.state import settings
from scenegraph.ui.widgets import drawn_when_open

__all__ = ["what_changed"]


@st.cache_resource(max_entries=4, show_spinner=False)
def _diff(old: str, new: str, stamp: tuple):
    """The diff of two releases, once per process (about a second to read both); `stamp` keys it to the files."""
    return diff_paths(old, new)


def _stamp(folder: Path) -> tuple:
    return tuple(sorted((f.name, f.stat().st_mtime_ns) for f in folder.glob("*.yaml")))


def _rows(rows: ChangeRows, lang: Lang) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    what = {k: t(f"changes_{k}", lang) for k in ("added", "removed", "changed")}
    fields = lambda names: t("list_sep", lang).join(dict.fromkeys(prop_name(f, lang) for f in names))  # noqa: E731
    counts = pd.DataFrame(
        [(label_name(k, lang), a, r, c) for k, a, r, c in rows.node_counts]
        + [(rel_phrase(k, True, lang), a, r, c) for k, a, r, c in rows.rel_counts],
        columns=[t("changes_kind", lang), t("changes_count_added", lang), t("changes_count_removed", lang),
                 t("changes_count_changed", lang)])
    nodes = pd.DataFrame([(what[k], label_name(lab, lang), name, fields(f)) for k, lab, name, _, f in rows.nodes],
                         columns=[t("changes_what", lang), t("changes_kind", lang), t("changes_name", lang),
                                  t("changes_fields", lang)])
    rels = pd.DataFrame([(what[k], a, rel_phrase(rel, True, lang), b, fields(f))
                         for k, rel, a, b, f in rows.relationships],
                        columns=[t("changes_what", lang), t("changes_from", lang), t("changes_kind", lang),
                                 t("changes_to", lang), t("changes_fields", lang)])
    return counts, nodes, rels


def what_changed(lang: Lang) -> None:
    """An expander naming both releases, with counts and the lists of added, removed and changed nodes and
    relationships; nothing when no earlier release is kept."""
    folder = settings().data_dir or data_dir()
    kept = previous_release(folder)
    if kept is None:
        return
    d = _diff(str(kept), str(folder), _stamp(folder))
    old = (d.old_release or {}).get("version", "?")
    new = (d.new_release or {}).get("version", "?")
    title = t("changes_since", lang).format(old=old) if old == new else \
        t("changes_title", lang).format(old=old, new=new)
    box = drawn_when_open(md(title), "changes_open")
    if box is None:
        return
    with box:
        if d.empty:
            st.caption(t("changes_none", lang))
            return
        rows = change_rows(d, lang)
        colon = t("colon", lang)
        st.markdown("  \n".join(
            md(t(key, lang) + colon + t("changes_delta", lang).format(a=len(part.added), r=len(part.removed),
                                                                      c=len(part.changed)))
            for key, part in (("changes_nodes", d.nodes), ("changes_rels", d.relationships),
                              ("changes_sources", d.sources))))
        counts, nodes, rels = _rows(rows, lang)
        tabs = st.tabs([t("changes_kind", lang), t("changes_nodes", lang), t("changes_rels", lang)])
        tabs[0].dataframe(counts, hide_index=True, width="stretch")
        tabs[1].dataframe(nodes, hide_index=True, width="stretch")
        tabs[2].dataframe(rels, hide_index=True, width="stretch")
        st.caption(t("changes_cli", lang))
