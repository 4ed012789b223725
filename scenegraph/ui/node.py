"""Node detail as a card: both names, the description, facts in words, relationships grouped by what they mean
(outgoing and incoming apart, each node a link), prerequisites drawn as a small graph, sources as citations.
Everything is read from the configured store."""

from __future__ import annotations

import streamlit as st

from scenegraph.base.i18n import Lang, name, other, pick, short_lines, t
from scenegraph.base.inert import dot, md
from scenegraph.graph.scenario_graph import ScenarioGraph
from scenegraph.graph.schema import cited_keys
from scenegraph.graph.words import effect_text, label_name, prop_name, rel_phrase, value_text
from scenegraph.ui.params import NodeParams
from scenegraph.ui.state import backend_status, language
from scenegraph.ui.widgets import linked_table, node_link, node_picker

#: shown by the card's header, description and citations rather than as facts
_NOT_FACTS = {"id", "label", "name_zh", "name_en", "description_zh", "description_en", "source", "illustrative",
              "order", "data_zh", "data_en", "quote_zh", "aliases", "note_zh", "note_en", "stages",
              "digital_limit_zh", "digital_limit_en"}
#: relationship groups in the order a planner reads them
_ORDER = ["AT", "PART_OF", "DEPENDS_ON", "IMPROVES", "MEASURES", "CONTRIBUTES_TO", "TRACKS", "HAS_FACT", "ADDRESSES",
          "USES_MODEL", "REQUIRES", "INSTANCE_OF", "IN_DOMAIN", "IMPLEMENTS", "OPERATES", "FEEDS"]
_LINKS_MAX = 12  # more related nodes than this: a clickable table instead of links
LENS_PAGE = "views/lens.py"


def citation(src: dict, lang: Lang) -> str:
    """A source as a reference, plain text: publisher, title, date, identifier · address. The address is data: it
    is shown to be copied, never made a link (scenegraph.base.inert)."""
    date = src.get("date") or src.get("year")
    parts = [src.get("publisher"), src.get("title"), str(date) if date else None, src.get("identifier")]
    text = pick(lang, "，", ", ").join(str(p) for p in parts if p)
    return f"{text} · {src['url']}" if src.get("url") else text


def _facts(node: dict, lang: Lang) -> list[str]:
    facts, colon = [], md(t("colon", lang))  # "所需数据：" on a zh card, "Data needed: " on an en one
    data = node.get(pick(lang, "data_zh", "data_en")) or node.get(pick(lang, "data_en", "data_zh"))
    if data:
        facts.append(f"**{prop_name('data_zh', lang)}**{colon}{md(data)}")
    for key, value in node.items():
        if key in _NOT_FACTS or value is None or value == [] or value is False:
            continue
        text = f"{value}/5" if key == "importance" else value_text(key, value, lang)
        facts.append(f"**{prop_name(key, lang)}**{colon}{md(text)}")
    if node.get("aliases"):
        facts.append(f"**{prop_name('aliases', lang)}**{colon}{md(value_text('aliases', node['aliases'], lang))}")
    return facts


def _edge_note(props: dict, lang: Lang) -> str:
    """An edge's properties in words (level, strength, effect, year), for beside the node it leads to."""
    bits = [value_text(k, v, lang) if k in ("level", "strength") else f"{prop_name(k, lang)} {value_text(k, v, lang)}"
            for k, v in props.items() if k in ("level", "strength", "year") and v not in (None, "")]
    effect = effect_text(props, lang)
    if effect:
        bits.append(f"{prop_name('effect', lang)} {effect}")
    note = props.get(pick(lang, "note_zh", "note_en"))  # how one KPI moves another (CONTRIBUTES_TO)
    if note:
        bits.append(note)
    if props.get("illustrative"):
        bits.append(t("illustrative_note", lang))
    material = props.get(pick(lang, "material_zh", "material_en"))
    if material:
        bits.append(material)
    return " · ".join(str(b) for b in bits)


def _groups(sub: ScenarioGraph, node_id: str) -> dict[tuple[str, bool], list[tuple[str, dict]]]:
    groups: dict[tuple[str, bool], list[tuple[str, dict]]] = {}
    for u, v, rel, props in sub.edges():
        if node_id not in (u, v) or u == v:
            continue
        outgoing = u == node_id
        groups.setdefault((rel, outgoing), []).append((v if outgoing else u, props))
    return groups


def _relationships(sub: ScenarioGraph, node_id: str, lang: Lang) -> None:
    groups = _groups(sub, node_id)
    order = {rel: i for i, rel in enumerate(_ORDER)}
    left, right = st.columns(2)
    for column, outgoing, title in ((left, True, t("outgoing_title", lang)), (right, False, t("incoming_title", lang))):
        with column:
            st.subheader(title)
            keys = sorted((k for k in groups if k[1] == outgoing), key=lambda k: (order.get(k[0], 99), k[0]))
            if not keys:
                st.caption(t("none", lang))
            for rel, _ in keys:
                items = sorted(groups[(rel, outgoing)], key=lambda x: (-(x[1].get("level") or 0), x[0]))
                phrase = rel_phrase(rel, outgoing, lang)
                st.markdown(f"**{phrase[:1].upper() + phrase[1:]}** ({len(items)})")
                if len(items) > _LINKS_MAX:
                    linked_table([{t("col_name", lang): sub.name(o, lang), t("col_label", lang):
                                   label_name(sub.label(o), lang), t("details", lang): _edge_note(p, lang)}
                                  for o, p in items], [o for o, _ in items], f"rel_{rel}_{outgoing}", lang,
                                 height=min(400, 36 * (len(items) + 1)))
                    continue
                for other_id, props in items:
                    note = _edge_note(props, lang)
                    node_link(other_id, sub.name(other_id, lang) + (f" · {note}" if note else ""), lang,
                              help=label_name(sub.label(other_id), lang))


def _prerequisites(store, node_id: str, lang: Lang) -> None:
    chain = store.prerequisites(node_id)
    st.subheader(t("prerequisites_title", lang))
    if not chain:
        st.caption(t("none", lang))
        return
    sub = store.subgraph([node_id, *chain])
    lines = ["digraph {", "rankdir=LR;", 'node [shape=box, style="rounded,filled", fillcolor="#eef4fb", '
             'fontname="Noto Sans CJK SC, sans-serif", fontsize=11, margin="0.3,0.08"];']
    for n in [*chain, node_id]:
        # short lines, and room around them: the browser's Graphviz measures CJK text narrower than it draws it
        label = "\\n".join(dot(x) for x in short_lines(sub.name(n, lang), 26))
        fill = ', fillcolor="#ffd8a8"' if n == node_id else ""
        lines.append(f'"{dot(n)}" [label="{label}"{fill}];')
    for u, v, _, props in sub.edges("DEPENDS_ON"):
        style = ' [style=dashed, label="' + value_text("strength", "soft", lang) + '"]' \
            if props.get("strength") == "soft" else ""
        lines.append(f'"{dot(v)}" -> "{dot(u)}"{style};')  # prerequisite -> dependent: read left to right
    lines.append("}")
    st.caption(t("prerequisites_help", lang))
    st.graphviz_chart("\n".join(lines), width="stretch")
    cols = st.columns(3)
    for i, n in enumerate(chain):
        with cols[i % 3]:
            node_link(n, f"{i + 1}. {sub.name(n, lang)}", lang)


def _target_extras(store, node: dict, lang: Lang) -> None:
    """A target's stages (by name), why digital scenarios fall short where the data says so, and its lens view."""
    if node.get("stages"):
        names = store.names(node["stages"])
        st.markdown(f"- **{t('target_stages', lang)}**{t('colon', lang)}"
                    + md(t("list_sep", lang).join(name({"name_zh": z, "name_en": e}, lang)
                                                  for z, e in names.values())))
    limit = node.get(pick(lang, "digital_limit_zh", "digital_limit_en")) or node.get(
        pick(lang, "digital_limit_en", "digital_limit_zh"))
    if limit:
        st.warning(f"**{t('digital_limit', lang)}**{t('colon', lang)}{md(limit)}")
    st.page_link(LENS_PAGE, label=t("open_in_lens", lang), icon="🎯",
                 query_params={"target": node["id"], "lang": lang})


def page() -> None:
    lang = language()
    store = backend_status(lang).store
    p = NodeParams.read()
    st.title(t("node_detail", lang))
    node_id = node_picker(store, lang, "node", t("find_node", lang), p.id)
    NodeParams(id=node_id).write()
    if not node_id:
        return
    node = store.node(node_id)
    sub = store.subgraph(store.neighbourhood(node_id, 1))
    st.header(md(name(node, lang)))
    st.markdown(f"{md(name(node, other(lang)))}  \n:gray[{label_name(node['label'], lang)} · {md(node_id)}"
                + (f" · {t('illustrative_note', lang)}" if node.get("illustrative") else "") + "]")
    desc = node.get(pick(lang, "description_zh", "description_en")) or node.get(
        pick(lang, "description_en", "description_zh"))
    if desc:
        st.markdown(md(desc))
    if node.get("quote_zh"):
        st.markdown(f"> {md(node['quote_zh'])}")
    facts = _facts(node, lang)
    if facts:
        st.markdown("\n".join(f"- {f}" for f in facts))
    if node["label"] == "Target":
        _target_extras(store, node, lang)
    _relationships(sub, node_id, lang)
    if node["label"] == "Scenario":
        _prerequisites(store, node_id, lang)

    keys = cited_keys(node) | {k for u, v, _, p in sub.edges() if node_id in (u, v) for k in cited_keys(p)}
    st.subheader(t("citations", lang))
    if keys:
        st.markdown("\n".join(f"{i}. {md(citation(sub.sources[k], lang) if k in sub.sources else k)}"
                              for i, k in enumerate(sorted(keys), start=1)))
    else:
        st.caption(t("illustrative_note", lang) if node.get("illustrative") else t("none", lang))
