"""Every page in each language shows the interface in that language only: a walk through every page (AppTest)
collects every visible string (titles, text, widget labels, options, placeholders, table headers and cells,
chart titles and axes) and fails on text of the other language. Data is exempt: node names, descriptions,
citations and other texts the data carries in one language only (they are the graph's, not the interface's)."""

from __future__ import annotations

import json
import re

import pytest

from scenegraph.assess import LEVEL_DESCRIPTORS
from scenegraph.base.i18n import CATALOGUE, t
from scenegraph.graph.schema import LABELS, RELATIONSHIPS
from scenegraph.graph.words import _LABELS, _PROPS, _RELS, _VALUES
from tests.conftest import app_test, shown

CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
WORD = re.compile(r"[A-Za-z][A-Za-z-]{2,}")
#: each page with a view that shows most of what it can (a node with many relationships, a path, a cell)
PAGES = {
    "overview": {"q": "anode effect"},
    "node": {"id": "sc_elec_anode_effect_prediction"},
    "paths": {"from": "sc_elec_anode_effect_prediction", "to": "tgt_2027_recycled_al_output"},
    "lens": {},
    "network": {"focus": "electrolysis"},
    "assessment": {},
    "export": {},
    "console": {},
}
#: what the language switch must show in both languages
SWITCH = ("语言 / Language", "中文", "English")


def _data_texts(graph) -> list[str]:
    """Every text the data carries (names, descriptions, effects, citations), longest first."""
    texts: set[str] = set()
    for _, attrs in graph.g.nodes(data=True):
        texts.update(str(v) for k, v in attrs.items() if isinstance(v, str) and k != "label")
        texts.update(str(x) for x in attrs.get("aliases") or [])
    for _, _, _, props in graph.edges():
        texts.update(str(v) for v in props.values() if isinstance(v, str))
    for src in graph.sources.values():
        texts.update(str(v) for v in src.values() if isinstance(v, str | int))
    # the questionnaire's level descriptors are given in both languages on purpose (GB/T 39116's words)
    texts.update(x for pair in LEVEL_DESCRIPTORS.values() for x in pair)
    return sorted((x for x in texts if x.strip()), key=len, reverse=True)


def _proto_strings(msg, out: list[str]) -> None:
    for field, value in msg.ListFields():
        if field.name in ("id", "key", "form_id", "data", "spec", "url", "page_script_hash", "icon", "css_class",
                          "columns", "page"):
            continue
        if field.type == field.TYPE_STRING:
            out.extend(value if getattr(field, "is_repeated", False) else [value])
        elif field.type == field.TYPE_MESSAGE:
            for m in value if getattr(field, "is_repeated", False) else [value]:
                _proto_strings(m, out)


def _plotly_strings(spec: str, out: list[str]) -> None:
    fig = json.loads(spec)
    layout = fig.get("layout", {})

    def title(x):
        return x.get("text") if isinstance(x, dict) else x

    out.extend(str(title(layout.get(k, {}).get("title"))) for k in layout if k.startswith(("xaxis", "yaxis")))
    out.append(str(title(layout.get("title"))))
    for trace in fig.get("data", []):
        for k in ("x", "y", "name", "text", "hovertemplate"):
            v = trace.get(k)
            out.extend(str(x) for x in (v if isinstance(v, list) else [v]) if isinstance(x, str))
        out.append(str(title((trace.get("colorbar") or {}).get("title"))))


def _chart_strings(payload: str, out: list[str]) -> None:
    """The clickable chart's words: its title, axis, row, column and bar names, cell texts and hovers."""
    d = json.loads(payload)
    out.extend(str(d.get(k) or "") for k in ("title", "axis"))
    out.extend(x["name"] for k in ("rows", "cols", "bars") for x in d.get(k, []))
    out.extend(str(x) for k in ("text", "hover") for row in d.get(k, []) for x in row)


def visible_strings(at) -> list[str]:
    out: list[str] = []
    stack = [at._tree]
    while stack:
        node = stack.pop()
        stack.extend(getattr(node, "children", {}).values())
        proto = getattr(node, "proto", None)
        if proto is None:
            continue
        if node.type in ("iframe", "component_instance"):  # the network view (checked with it)
            continue
        if node.type == "plotly_chart":
            _plotly_strings(proto.spec, out)
        elif node.type == "bidi_component":  # script and style are code, not words; a chart's data is shown
            if proto.component_name == "scenegraph_chart":  # (the network view is checked with it, as before)
                _chart_strings(proto.json, out)
        elif node.type in ("arrow_data_frame", "dataframe"):  # the element's name in Streamlit 1.5x and 1.6x
            df = node.value
            out.extend(str(c) for c in df.columns)
            out.extend(str(x) for x in df.astype(str).to_numpy().ravel())
        else:
            _proto_strings(proto, out)
            if node.type in ("multiselect", "selectbox") and not proto.placeholder:
                out.append("Choose options")  # Streamlit's own English placeholder would show
    return [shown(x) for x in out if x and x != "None"]


def _shown(text: str) -> str:
    """Of a <style> block, only what a reader sees: its `content: "..."` strings (selectors and properties such as
    `::after` are no interface words)."""
    return re.sub(r"<style>.*?</style>", lambda m: " ".join(re.findall(r'content:\s*"([^"]*)"', m.group(0))), text,
                  flags=re.S)


def _strip(text: str, data: list[str]) -> str:
    text = _shown(text)
    for x in (*SWITCH, *data):
        if x in text:
            text = text.replace(x, " ")
    # ids, links and Streamlit's own hex tokens (file ids: '4830...5fed13' is no word "fed")
    return re.sub(r"`[^`]*`|\b[a-z0-9]+(?:_[a-z0-9]+)+\b|https?://\S+|\b[0-9a-f]{16,}\b", " ", text)


def _english_vocabulary() -> set[str]:
    """Words the English interface uses that Chinese text never needs (schema keys included)."""
    english = " ".join([*CATALOGUE["en"].values(), *(en for _, en in _LABELS.values()),
                        *(en for pair in _RELS.values() for _, en in pair), *(en for _, en in _PROPS.values()),
                        *(en for _, en in _VALUES.values()), *LABELS, *RELATIONSHIPS, *_PROPS])
    chinese = " ".join([*CATALOGUE["zh"].values()])
    allowed = {w.lower() for w in WORD.findall(chinese)}
    english += " Choose options"
    return {w.lower() for w in WORD.findall(english)} - allowed - {"neo", "cypher", "json", "csv", "html", "kpi",
                                                                       "kpis", "png", "svg", "gexf", "graphml"}


def _walk(monkeypatch, lang: str, name: str, params: dict) -> list[str]:
    at = app_test(monkeypatch)
    at.query_params["lang"] = lang
    at.run()
    for k, v in params.items():
        at.query_params[k] = v
    at.switch_page(f"views/{name}.py").run()
    assert not at.exception, at.exception
    if name == "assessment":  # the questionnaire and the results appear once a stage is picked
        at.multiselect[0].set_value(["electrolysis"]).run()
        assert not at.exception, at.exception
    return visible_strings(at)


@pytest.mark.parametrize("name", list(PAGES))
def test_every_page_speaks_english_only_in_english(monkeypatch, shipped, name):
    data = [*PAGES[name].values(), *_data_texts(shipped)]  # what the user typed is theirs too
    leftovers = [(s, _strip(s, data)) for s in _walk(monkeypatch, "en", name, PAGES[name])]
    chinese = [s for s, rest in leftovers if CJK.search(rest)]
    assert not chinese, f"Chinese text in the English {name} page: {chinese[:10]}"


@pytest.mark.parametrize("name", list(PAGES))
def test_every_page_speaks_chinese_only_in_chinese(monkeypatch, shipped, name):
    data = [*PAGES[name].values(), *_data_texts(shipped)]
    vocabulary = _english_vocabulary()
    found = []
    for s in _walk(monkeypatch, "zh", name, PAGES[name]):
        words = {w.lower() for w in WORD.findall(_strip(s, data))} & vocabulary
        if words:
            found.append((s, sorted(words)))
    assert not found, f"English interface words in the Chinese {name} page: {found[:10]}"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_effects_the_data_has_in_english_only_are_marked_as_such_on_the_chinese_page(monkeypatch, shipped, lang):
    """An IMPROVES effect is a sourced figure in the source's words: the Chinese page shows it marked as the English
    original (never machine-translated, never passed off as interface text); the English page shows it as is.
    Seen on the node card and in the policy lens's shortlist."""
    effects = {(u, v): p["effect"] for u, v, typ, p in shipped.edges()
               if typ == "IMPROVES" and p.get("effect") and not p.get("effect_zh")}  # in the source's English only
    (scenario, kpi), effect = next((k, e) for k, e in effects.items() if k[0] == "sc_ar_ore_online_analysis")
    target = next(x.target for x in shipped.policy_lens() if scenario in x.scenario_ids())
    marked = t("effect_in_en", "zh").format(text=effect)
    for page, params in (("node", {"id": scenario}), ("lens", {"target": target})):
        shown = [s for s in _walk(monkeypatch, lang, page, params) if effect in s]
        assert shown, f"the effect of {scenario} is not shown on the {page} page"
        if lang == "zh":
            assert all(marked in s for s in shown), shown
        else:
            assert not any(marked in s or CJK.search(s) for s in shown), shown
