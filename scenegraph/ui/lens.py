"""Policy lens as an answer: pick a target (or click its bar), see the scenarios that move it (its levers) ranked by
sourced effect first, with their evidence grade, where they apply, their level, the effect and its source, and the
prerequisites they need (required and recommended); apart, the scenarios that measure its KPIs; 2024 figures shown
as facts; why digital scenarios fall short where the data says so; the shortlist as CSV or a printable page in the
interface language."""

from __future__ import annotations

import streamlit as st

from scenegraph.base.i18n import Lang, pick, t
from scenegraph.base.inert import md
from scenegraph.base.spreadsheet import safe_csv
from scenegraph.graph.results import LensTarget
from scenegraph.graph.scenario_graph import ScenarioGraph
from scenegraph.graph.shortlist import MeasureRow, ShortlistRow, measuring, shortlist
from scenegraph.graph.words import effect_text, target_text, value_text
from scenegraph.present import release_line, release_stem, render
from scenegraph.stores import GraphStore
from scenegraph.ui.clickable_chart import bars_data, clickable_chart, clicked
from scenegraph.ui.node import citation
from scenegraph.ui.params import LensParams
from scenegraph.ui.state import backend_status, language, per_release
from scenegraph.ui.widgets import linked_table

_PICKED = "_lens_picked"


def _picked() -> None:
    """on_change of the target list: the target chosen, for the run this change starts."""
    st.session_state[_PICKED] = st.session_state.get("lens_target")


def _bars(lens, names: dict[str, str], chosen: str, lang: Lang) -> dict:
    """One bar per target, its number of scenarios at its end; the chosen one drawn red."""
    return bars_data(t("scenarios_moving", lang), t("scenario_count", lang),
                     [(x.target, names[x.target], len(x.scenario_ids())) for x in lens], chosen)


def _facts(sub: ScenarioGraph, target: dict, kpis: list[str], lang: Lang) -> list[str]:
    """2024 figures as facts: the target's own baseline and the Fact nodes of the KPIs tracking it."""
    out = []
    if target.get("baseline_value") is not None:
        unit = f" {target['unit']}" if target.get("unit") else ""
        out.append(t("fact_line", lang).format(year=target.get("baseline_year") or "—",
                                               value=f"{target['baseline_value']:g}{unit}"))
    for kpi in kpis:
        for fact in sub.out_ids(kpi, "HAS_FACT") if kpi in sub else []:
            f = sub.node(fact)
            value = target_text(f, lang) if f.get("comparator") else value_text("value", f.get("value"), lang)
            out.append(t("fact_line", lang).format(year=f.get("year", "—"), value=f"{sub.name(kpi, lang)} {value}"))
    return out


def _needs_first(r: ShortlistRow, sub: ScenarioGraph, lang: Lang) -> str:
    """Required prerequisites, then the recommended ones marked as such ('… (recommended)')."""
    soft = value_text("strength", "soft", lang)
    names = [sub.name(p, lang) for p in r.prerequisites]
    names += [f"{sub.name(p, lang)}{t('paren', lang).format(soft)}" for p in r.recommended]
    return t("list_sep", lang).join(names) or t("none", lang)


def _effect_cell(r: ShortlistRow, lang: Lang) -> str:
    """The effect a source states, in its words; otherwise 'no sourced effect' (an illustrative effect's words
    after it, marked): nothing is estimated in its place."""
    sep = t("list_sep", lang)
    sourced = sep.join(effect_text(e, lang) or "" for e, src in r.effects if src)
    if sourced:
        return sourced
    shown = sep.join(effect_text(e, lang) or "" for e, _ in r.effects)
    return t("no_sourced_effect", lang) + (
        t("paren", lang).format(f"{t('illustrative_note', lang)}{t('colon', lang)}{shown}") if shown else "")


def _table(rows: list[ShortlistRow], sub: ScenarioGraph, lang: Lang) -> tuple[list[str], list[list[str]]]:
    sep = t("list_sep", lang)
    header = [*_columns(lang)]
    body = []
    for i, r in enumerate(rows, start=1):
        body.append([str(i), sub.name(r.scenario, lang), _effect_cell(r, lang), r.grade or "—",
                     _needs_first(r, sub, lang), sep.join(sub.name(s, lang) for s in r.stages),
                     value_text("level", r.level, lang), f"{r.importance}/5" if r.importance else "—",
                     sep.join(sub.name(k, lang) for k in r.kpis)])
    return header, body


def _columns(lang: Lang, effects: bool = True) -> dict[str, int]:
    """The shortlist's columns and their widths in pixels, all in view on a 1440 px screen with the sidebar open
    (about 940 px of table): what answers the question (the scenario, the effect a source states or 'no sourced
    effect', its evidence grade, what it needs first) comes first. The effect column is wide only when a row states
    an effect (15 of 330 relationships do in release 3.0.0); long cells show in full on hover."""
    zh = pick(lang, True, False)  # English headers are longer ("Evidence grade", "Importance"): names get room
    return {"#": 32, t("scenarios", lang): 176 if zh else 160, t("sourced_effect", lang): 180 if effects else 110,
            t("grade", lang): 72 if zh else 96, t("needs_first", lang): (136 if zh else 110) + (0 if effects else 50),
            t("stages", lang): 84 if zh else 74, t("level", lang): 86 if zh else 100,
            t("importance", lang): 60 if zh else 84, t("kpis_via", lang): (110 if zh else 100) + (0 if effects else 20)}


def _measuring(rows: list[MeasureRow], sub: ScenarioGraph, lang: Lang) -> tuple[list[str], list[list[str]]]:
    """The scenarios measuring the target's KPIs: what following the target needs (never ranked as levers)."""
    sep = t("list_sep", lang)
    header = [t("scenarios", lang), t("grade", lang), t("measures", lang), t("stages", lang)]
    return header, [[sub.name(r.scenario, lang), r.grade or "—", sep.join(sub.name(k, lang) for k in r.kpis),
                     sep.join(sub.name(s, lang) for s in r.stages)] for r in rows]


def csv_bytes(header: list[str], body: list[list[str]]) -> bytes:
    """The shortlist as CSV for a spreadsheet: cells that a spreadsheet would run as a formula are quoted."""
    return safe_csv(header, body).encode("utf-8-sig")


def _targets(store: GraphStore,
             lang: Lang) -> tuple[list[LensTarget], set[str], ScenarioGraph | None, dict[str, str]]:
    """The lens, the ids it names, their graph (the targets, their KPIs, the scenarios and where they apply: one
    read) and their names: computed once per embedded graph and language by `per_release`."""
    lens = store.policy_lens()
    scenarios = [s for x in lens for k in x.kpis for s in (*k.scenarios, *k.measured_by)]
    ids = {x.target for x in lens} | {k.kpi for x in lens for k in x.kpis} | {s.scenario for s in scenarios} | {
        st_ for s in scenarios for st_ in s.stages}
    sub = store.subgraph(ids) if lens else None
    return lens, ids, sub, {n: sub.name(n, lang) for n in sub.ids()} if sub is not None else {}


def _measuring_section(rows: list[MeasureRow], sub: ScenarioGraph, lang: Lang) -> None:
    st.subheader(t("measured_by_title", lang).format(n=len(rows)))
    if not rows:
        st.caption(t("no_measuring", lang))
        return
    header, body = _measuring(rows, sub, lang)
    linked_table([dict(zip(header, r, strict=True)) for r in body], [r.scenario for r in rows], "lens_measures",
                 lang, rows_shown=10)


def page() -> None:
    lang = language()
    store = backend_status(lang).store
    p = LensParams.read()
    st.title(t("policy_lens", lang))
    lens, ids, sub, names = per_release(_targets, store, lang)
    if not lens or sub is None:
        st.info(t("none", lang))
        return
    names = dict(names)  # the cached one stays as it is; this run adds facts and prerequisites
    by_target = {x.target: x for x in lens}
    chosen = p.target if p.target in by_target else max(lens, key=lambda x: (len(x.scenario_ids()), x.target)).target
    # a click on a bar, read before anything is drawn: one run per click, no rerun
    click = clicked("lens_bars")
    new_click = isinstance(click, str) and click in by_target
    if new_click:
        chosen = click

    picked = st.session_state.pop(_PICKED, None)  # a target chosen in the list (its on_change)
    if picked in by_target:
        chosen = picked
    # the list shows the target answered for (the URL's, a bar's or its own): set through its key only, never
    # also given an index (Streamlit logged a stack trace for each bar click)
    st.session_state["lens_target"] = chosen
    left, right = st.columns([2, 3])
    with left:
        chosen = st.selectbox(t("targets", lang), [x.target for x in lens], format_func=lambda x: names.get(x, x),
                              key="lens_target", placeholder=t("choose", lang), on_change=_picked)
        sourced = st.toggle(t("sourced_only", lang), value=p.sourced, key="lens_sourced")
    # the chosen target's KPIs and their facts (after the list: a target picked there is the one shown)
    kpi_ids = [k.kpi for k in by_target[chosen].kpis]
    facts = list(by_target[chosen].facts)  # the lens names them; the lens's subgraph holds no Fact
    if facts:
        sub = store.subgraph([*ids, *facts])
        names.update({n: sub.name(n, lang) for n in facts})
    with right:
        clickable_chart(_bars(lens, names, chosen, lang), key="lens_bars")
    LensParams(target=chosen, sourced=sourced).write()

    target = store.node(chosen)
    st.header(md(names[chosen]))
    line = (f"{t('target_value', lang).format(year=target.get('year', '—'))}{t('colon', lang)}"
            f"{target_text(target, lang)}")
    st.markdown(f"**{md(line)}**")
    if target.get("quote_zh"):
        st.markdown(f"> {md(target['quote_zh'])}")
    fact_lines = _facts(sub, target, kpi_ids, lang)
    for f in fact_lines:
        st.markdown(f"- {md(f)}")
    st.caption(t("kpis_tracking", lang) + t("colon", lang)
               + (md(t("list_sep", lang).join(names[k] for k in kpi_ids)) or t("none", lang)))
    limit = target.get(pick(lang, "digital_limit_zh", "digital_limit_en")) or target.get(
        pick(lang, "digital_limit_en", "digital_limit_zh"))
    if limit:  # the data says why digital scenarios do not reach this target: said before the levers
        st.warning(f"**{t('digital_limit', lang)}**{t('colon', lang)}{md(limit)}")
        fact_lines = [*fact_lines, f"{t('digital_limit', lang)}{t('colon', lang)}{limit}"]

    measure_rows = measuring(by_target[chosen], sub)
    rows = shortlist(by_target[chosen], sub, store.prerequisites, sourced)
    if not rows:
        st.info(t("no_scenarios_move", lang))
        _measuring_section(measure_rows, sub, lang)
        return
    needed = {p for r in rows for p in (*r.prerequisites, *r.recommended)} - set(names)
    if needed:
        more = store.subgraph(needed)
        names.update({n: more.name(n, lang) for n in more.ids()})
        sub = store.subgraph([*sub.ids(), *needed])
    header, body = _table(rows, sub, lang)
    st.subheader(t("shortlist", lang).format(n=len(rows)))
    st.caption(f"{t('shortlist_rank', lang)} {t('click_row', lang)}")
    linked_table([dict(zip(header, r, strict=True)) for r in body], [r.scenario for r in rows], "lens_rows", lang,
                 widths=_columns(lang, any(r.effects for r in rows)), rows_shown=20)
    _measuring_section(measure_rows, sub, lang)

    cited = sorted({src for r in rows for _, src in r.effects if src})
    sources = [citation(sub.sources[k], lang) if k in sub.sources else k for k in cited]
    html = render("shortlist.html", lang=lang, title=f"{t('policy_lens', lang)}{t('colon', lang)}{names[chosen]}",
                  target_line=line, facts=fact_lines, header=header, rows=body, release=release_line(sub.release, lang),
                  sources=sources, sources_title=t("citations", lang), footer=t("shortlist_footer", lang))
    c1, c2 = st.columns(2)
    stem = release_stem(f"lens-{chosen}", sub.release)
    c1.download_button(t("download_csv", lang), csv_bytes(header, body), f"{stem}.csv", "text/csv",
                       key="lens_csv")
    c2.download_button(t("download_print", lang), html.encode("utf-8"), f"{stem}.html", "text/html",
                       key="lens_html")
