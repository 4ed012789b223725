"""Widgets several pages share: a node picker that searches both languages, links and clickable tables that
open a node's detail in one click (URL parameters: `ui.params`)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

import pandas as pd
import streamlit as st

from scenegraph.base.i18n import Lang, name, other, pick, t
from scenegraph.base.inert import md
from scenegraph.base.limits import LIMITS
from scenegraph.graph.results import SearchHit, UnknownNode
from scenegraph.graph.scenario_graph import ScenarioGraph
from scenegraph.graph.search import QueryTooLong
from scenegraph.graph.words import label_name
from scenegraph.present.network_view import Folded, Places, places_from, positions, view_data
from scenegraph.stores import GraphStore
from scenegraph.ui.vis_network import network_component

NODE_PAGE = "views/node.py"
_NONCE = "_table_nonce"
ROW_PX = 35  # a table row's height in Streamlit's data grid


def lang_key(key: str, lang: Lang) -> str:
    """The key of a choice whose options are shown in the interface language (a multiselect, radio or select box
    with a translated format_func): one widget per language. The browser sends such a widget's value back as the
    texts it shows, so after a language switch the old language's texts matched no option: chips stayed in the
    old language and the next click cleared the choice. A new widget starts from the page's own value (the URL,
    the assessment form)."""
    return f"{key}_{lang}"


def drawn_when_open(label: str, key: str):
    """An expander whose content is drawn only while it is open (Streamlit reruns when it is opened or closed), or
    None when it is closed: what nobody opened costs the page's first paint nothing (the map page's three release
    tables took it from 1.95x to 1.57x a trivial page's open, bench/browser.py). Never for widgets whose values
    must survive while closed: a widget not drawn in a run loses its value.

    Streamlit names an expander by its label as well as its key, so a language switch makes it a new expander,
    closed: it opens as it was left (`expanded`, from the last run's state kept under `_{key}_was_open`)."""
    was_open = f"_{key}_was_open"
    box = st.expander(label, expanded=st.session_state.get(was_open, False), key=key, on_change="rerun")
    st.session_state[was_open] = bool(box.open)
    return box if box.open else None


def label_of(store: GraphStore, node_id: str, lang: Lang) -> str:
    return f"{name(store.node(node_id), lang)} · {node_id}"


# ---------------------------------------------------------------- links to a node's detail


def open_node(node_id: str, lang: Lang) -> None:
    """Go to the node's detail page (same tab, same session; the language and the id in its URL)."""
    st.session_state[_NONCE] = st.session_state.get(_NONCE, 0) + 1  # fresh table keys: no stale selection
    st.switch_page(NODE_PAGE, query_params={"id": node_id, "lang": lang})


def node_link(node_id: str, text: str, lang: Lang, key: str | None = None, help: str | None = None) -> None:
    """A link that opens the node's detail in this tab; `text` and `help` (names: data) shown as text. A link
    wider than its column ends in an ellipsis (APP_CSS, in the head of the index page: ui/index_page.py); its
    tooltip always holds the whole text, then `help`."""
    tip = md(text) + (f" · {md(help)}" if help else "")
    st.page_link(NODE_PAGE, label=md(text), query_params={"id": node_id, "lang": lang}, help=tip)


# ---------------------------------------------------------------- free text in, bounded


def bounded_text(container, label: str, value: str | None, key: str, limit: int, lang: Lang, **kwargs) -> str:
    """st.text_input that holds at most `limit` characters (scenegraph.base.limits): the box stops typing there,
    and a longer value sent by a client that ignores the box is cut, with a message in the interface language.
    `value` None: the box keeps what the session holds under `key`."""
    if value is not None:
        kwargs["value"] = value[:limit]
    got = container.text_input(label, key=key, max_chars=limit, **kwargs) or ""
    if len(got) > limit:
        container.warning(t("text_too_long", lang).format(field=label, n=f"{limit:,}"))
        got = got[:limit]
    return got


def search(store: GraphStore, query: str, lang: Lang, limit: int) -> list[SearchHit] | None:
    """The store's hits for `query`, or None (with a message in the interface language) when the query is over
    LIMITS.max_query_chars: the store refuses it before looking at any node."""
    try:
        return store.search(query, limit=limit)
    except QueryTooLong:
        st.warning(t("query_too_long", lang).format(n=f"{LIMITS.max_query_chars:,}"))
        return None


def linked_table(rows: Sequence[dict], ids: Sequence[str], key: str, lang: Lang,
                 widths: Mapping[str, int] | None = None, rows_shown: int | None = None, **kwargs) -> None:
    """A table whose rows open their node's detail when clicked: anywhere on the row's text (Streamlit's cell
    selection) or on its box at the left (row selection). A caption above says so. `widths` gives columns a width
    in pixels (none is pinned: Streamlit draws a pinned column faded, as if disabled); `rows_shown` makes the table
    tall enough for that many rows before it scrolls."""
    if not rows:
        return
    nonce = st.session_state.get(_NONCE, 0)
    if widths:
        kwargs["column_config"] = {c: st.column_config.TextColumn(width=w) for c, w in widths.items()}
    if rows_shown:
        kwargs["height"] = ROW_PX * (min(len(rows), rows_shown) + 1) + 3
    st.caption(t("click_row", lang))
    event = st.dataframe(pd.DataFrame(list(rows)), hide_index=True, width="stretch", on_select="rerun",
                         selection_mode=["single-row", "single-cell"], key=f"{key}__{nonce}", **kwargs)
    selection = event.selection if event is not None else {}
    chosen = [*selection.get("rows", []), *(cell[0] for cell in selection.get("cells", []))]
    if chosen and 0 <= chosen[0] < len(ids):
        open_node(ids[chosen[0]], lang)


def hits_table(store: GraphStore, query: str, lang: Lang, key: str, limit: int = 50) -> bool:
    """Search results as a clickable table (name, other language's name, type); False when nothing matched."""
    hits = search(store, query, lang, limit)
    if hits is None:
        return True  # refused, and said so
    if not hits:
        return False
    linked_table([{t("col_name", lang): pick(lang, h.name_zh, h.name_en),
                   t("col_other", lang): pick(lang, h.name_en, h.name_zh),
                   t("col_label", lang): label_name(h.label, lang)} for h in hits],
                 [h.id for h in hits], key, lang)
    return True


def url_changed(key: str, value: object) -> bool:
    """Whether the URL's value for a widget differs from the one seen on the last run (a link was followed, or
    the page was opened anew): then the URL wins over the widget's remembered state."""
    seen = f"_url_{key}"
    changed = seen in st.session_state and st.session_state[seen] != value
    st.session_state[seen] = value
    return changed


def _remember_pick(key: str) -> None:
    """on_change of a picker's box: the id chosen, kept for the run this change starts (whatever the box's list
    holds by then)."""
    st.session_state[f"_{key}_picked"] = st.session_state.get(f"{key}_pick")


def _remember_search(key: str) -> None:
    st.session_state[f"_{key}_searched"] = True


def node_picker(store: GraphStore, lang: Lang, key: str, label: str, default: str | None = None) -> str | None:
    """Search box plus a choice among the hits; the node returned is the one the box shows. `default` is the URL's
    node (a link followed, Back, a reload). A new search chooses its best hit; a hit chosen in the box wins, the
    first time: the choice is caught by the box's on_change before the rerun (a box whose list changes between
    runs is reset by Streamlit, which made the page use hit #1 while the box showed the choice), and the box is
    then set to the node used, never given an index (no "default value also set through Session State")."""
    picked = st.session_state.pop(f"_{key}_picked", None)
    searched = st.session_state.pop(f"_{key}_searched", False)
    if default:
        try:
            store.node(default)
        except UnknownNode:
            st.warning(f"{t('unknown_id', lang)} {md(default)}")
            default = None
    query = bounded_text(st, label, None, f"{key}_q", LIMITS.max_query_chars, lang, placeholder=t("find_node", lang),
                         on_change=_remember_search, args=(key,))
    options: list[str] = []
    names: dict[str, str] = {}
    if query.strip():
        for h in search(store, query, lang, 30) or []:
            options.append(h.id)
            props = {"name_zh": h.name_zh, "name_en": h.name_en}
            names[h.id] = f"{name(props, lang)} · {name(props, other(lang))} ({label_name(h.label, lang)})"
        if not options:
            st.caption(t("no_match", lang))
    chosen = picked or (options[0] if searched and options else default)
    if chosen and chosen not in options:
        options.insert(0, chosen)
        names[chosen] = label_of(store, chosen, lang)
    if not options:
        return None
    st.session_state[f"{key}_pick"] = chosen
    st.selectbox(t("pick_node", lang), options, format_func=lambda x: names.get(x, x), key=f"{key}_pick",
                 placeholder=t("choose", lang), on_change=_remember_pick, args=(key,))
    return chosen


def names_of(store: GraphStore, ids: Iterable[str], lang: Lang) -> dict[str, str]:
    """Names of many nodes in one read from the configured store."""
    sub = store.subgraph(dict.fromkeys(ids))
    return {n: name(sub.node(n), lang) for n in sub.ids()}


# ---------------------------------------------------------------- small drawings whose nodes are links


@st.cache_data(ttl=600, show_spinner=False)
def store_places(store_name: str, _store: GraphStore) -> Places:
    """Each node's stage (first in chain order) and domain, from the store's own filters."""
    stages = _store.subgraph(_store.filter_nodes(["Stage"])).ordered("Stage")
    domains = _store.subgraph(_store.filter_nodes(["Domain"])).ordered("Domain")
    return places_from(stages, domains, _store.filter_nodes)


def linked_view(graph: ScenarioGraph, lang: Lang, key: str, focus: str | None = None,
                where: dict[str, tuple[float, float]] | None = None, places: Places | None = None,
                height: int = 420, min_scale: float = 0.4) -> None:
    """Every node of `graph` drawn by the vis-network component (positions from `where`, else the layered
    layout); a click or double click on a node opens its detail."""
    folded = Folded(tuple(graph.ids()))
    pos = (where, []) if where is not None else positions(graph, folded, "layered", focus, places)
    data = view_data(graph, folded, lang, focus=focus, pos=pos)
    event = network_component(data, {"fit": t("net_fit", lang), "hint": t("view_hint", lang)}, height=height,
                              min_scale=min_scale, key=key)
    seen = f"{key}__n"
    if event and event.get("id") in graph and event.get("n") != st.session_state.get(seen):
        st.session_state.pop(seen, None)  # the drawing starts counting anew when this page is next drawn
        open_node(str(event["id"]), lang)


# ---------------------------------------------------------------- file uploads in the interface language

_UPLOADER_CSS = """<style>
.st-key-%(key)s [data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"] p,
.st-key-%(key)s [data-testid="stFileUploaderDropzoneInstructions"] span { font-size: 0; }
.st-key-%(key)s [data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"] p::after {
  content: "%(button)s"; font-size: 14px; }
.st-key-%(key)s [data-testid="stFileUploaderDropzoneInstructions"] span::after {
  content: "%(limit)s"; font-size: 14px; }
</style>"""


def file_uploader(label: str, types: Sequence[str], key: str, lang: Lang):
    """st.file_uploader with its own texts (the button, the size limit) in the interface language: Streamlit has
    no locale setting, so they are replaced by CSS in a keyed container. The limit shown is scenegraph's
    (LIMITS.max_upload_bytes), enforced here (a larger file is refused with a message and None is returned), not
    Streamlit's larger transport limit."""
    from scenegraph.base.limits import LIMITS

    box = f"upl_{key}"
    mb = LIMITS.max_upload_bytes // (1024 * 1024)
    limit = t("upload_limit", lang).format(mb=mb,
                                          types=t("list_sep", lang).join(x.upper() for x in types))
    with st.container(key=box):
        st.html(_UPLOADER_CSS % {"key": box, "button": t("upload_button", lang), "limit": limit})
        file = st.file_uploader(label, type=list(types), key=key, help=t("upload_help", lang))
    if file is not None and file.size > LIMITS.max_upload_bytes:
        st.error(t("upload_too_big", lang).format(mb=mb))
        return None
    return file
