"""Self-assessment page: stages, the questionnaire per stage, results with charts, save, history, files."""

from __future__ import annotations

from datetime import UTC, datetime

import pandas as pd
import streamlit as st

from scenegraph.assess import (
    LEVEL_DESCRIPTORS,
    AssessmentError,
    Scorer,
    from_csv,
    from_json,
    to_csv,
    to_json,
)
from scenegraph.assess.evaluate import Evaluation, evaluate
from scenegraph.assess.form import WAVES, AnswerSheet
from scenegraph.assess.model import level_name
from scenegraph.assess.valuation import value_csv
from scenegraph.assess.workbook import roadmap_xlsx
from scenegraph.base.errors import AccessDenied, ScenegraphError
from scenegraph.base.i18n import Lang, other, pick, t
from scenegraph.base.inert import md
from scenegraph.base.limits import LIMITS
from scenegraph.graph.scenario_graph import ScenarioGraph
from scenegraph.present import release_stem
from scenegraph.present.assessment_report import bold_runs, charts, report_html, report_markdown, sections
from scenegraph.present.charts import history_chart
from scenegraph.stores import GraphStore
from scenegraph.stores.files.drafts import DraftBox
from scenegraph.ui.private_download import private_download
from scenegraph.ui.signin import enterprise_input
from scenegraph.ui.state import backend_status, language, principal, store_graph, store_scorer
from scenegraph.ui.value import plan_section, profile_form
from scenegraph.ui.widgets import bounded_text, file_uploader, lang_key, linked_table

FORM = "assess_form"  # session key: the AnswerSheet (scenegraph.assess.form) being filled in
SAVED = "assess_saved_message"  # session key: the confirmation of the last save, shown once
UPLOADS = "assess_uploader"  # session key: bumped after a save, so the uploader (and an old error) is cleared
DRAFT = "assess_draft_written"  # session key: the draft as last written (written again only when it changes)


def _user() -> str:
    """Whose draft this is: the signed-in account's own id (never its name, which a removed account's successor or
    an identity-provider subject may share), or LOCAL's with sign-in off."""
    account = principal().account
    if not account:
        raise AccessDenied("this sign-in names no account: no draft is kept for it")
    return account


def sheet_in_session() -> AnswerSheet | None:
    """This session's answer sheet, if the self-assessment page made one (the export page's roadmap uses it)."""
    form = st.session_state.get(FORM)
    return form if isinstance(form, AnswerSheet) else None


def _form() -> AnswerSheet:
    """The answer sheet: this session's, else the user's autosaved draft (kept across reloads and restarts)."""
    form = sheet_in_session()
    if form is None:
        form = DraftBox().load(_user()) or AnswerSheet()
        st.session_state[FORM] = form
    return form


def _autosave(form: AnswerSheet) -> None:
    """Writes the draft when it changed since the last write (a failed write never blocks the page)."""
    snapshot = form.draft()
    if st.session_state.get(DRAFT) == snapshot:
        return
    try:
        DraftBox().save(_user(), form)
        st.session_state[DRAFT] = snapshot
    except OSError:
        pass


def _upload(graph: ScenarioGraph, form: AnswerSheet, lang: Lang) -> None:
    key = f"upload_{form.version}_{st.session_state.get(UPLOADS, 0)}"
    file = file_uploader(t("upload", lang), ["json", "csv"], key, lang)
    if file is None:
        return
    raw = file.getvalue()
    try:
        a = from_csv(raw, graph) if file.name.lower().endswith(".csv") else from_json(raw, graph)
    except AssessmentError as e:
        st.error(t("upload_failed", lang) + "\n\n" + "\n".join(f"- {md(p)}" for p in e.lines(lang)))
        return
    form.adopt(a)
    st.rerun()


def _questionnaire(graph: ScenarioGraph, scorer: Scorer, form: AnswerSheet, lang: Lang) -> None:
    answers, v = form.answers, form.version
    shown: set[str] = set()
    levels = list(range(6))
    # every level's descriptor in both languages, the interface's first
    first, second = pick(lang, (0, 1), (1, 0))
    help_text = "\n".join(f"- **{k}** {LEVEL_DESCRIPTORS[k][first]} / {LEVEL_DESCRIPTORS[k][second]}"
                          for k in levels)
    for stage in form.stages:
        scenarios = [sc for sc in scorer.scenarios_at(stage) if sc not in shown]
        shown.update(scenarios)
        # the widgets' values of this run (not the answers of the last one), so the count never lags
        current = {sc: st.session_state.get(f"q_{v}_{lang}_{sc}", answers.get(sc, 0)) for sc in scenarios}
        done = sum(level >= 1 for level in current.values())
        # a label that does not change with the count, so the section stays open while answering
        with st.expander(md(graph.name(stage, lang)), expanded=len(form.stages) == 1):
            st.caption(f"{t('answered', lang)}{t('colon', lang)}{done}/{len(scenarios)}")
            for sc in scenarios:
                node = graph.node(sc)
                desc = node.get(pick(lang, "description_zh", "description_en")) or ""
                # the language is part of the key: after a switch each question starts from the answer kept
                chosen = st.radio(
                    f"**{md(graph.name(sc, lang))}** · {md(graph.name(sc, other(lang)))}", levels,
                    index=answers.get(sc, 0), horizontal=True, key=f"q_{v}_{lang}_{sc}",
                    help=f"{md(desc)}\n\n{help_text}", format_func=lambda k: f"{k} {level_name(k, lang)}")
                answers[sc] = chosen


def _roadmap_table(header: list[str]) -> dict:
    """The roadmap's table: its "Why" column wide and its rows tall enough for the text to wrap (Streamlit's grid
    wraps text only in rows taller than 4 rem), so the reasons are read, not cut at the column's edge."""
    wave, step, why = header
    return {"widths": {wave: 130, step: 300, why: 700}, "row_height": 92}


def _results(graph: ScenarioGraph, ev: Evaluation, lang: Lang) -> None:
    o, b = ev.scores.overall, ev.benchmark.overall
    cols = st.columns(4)
    cols[0].metric(t("score", lang), f"{o.score:.2f}")
    cols[1].metric(t("level", lang), f"{o.level} {level_name(o.level, lang)}")
    cols[2].metric(t("coverage", lang), f"{o.coverage:.0%}")
    cols[3].metric(t("percentile", lang), "—" if b.percentile is None else f"P{b.percentile:.0f}",
                   help=f"{t('peer_median', lang)} {b.median} · {t('peer_best', lang)} {b.best}")
    figs = charts(graph, ev, lang)
    left, right = st.columns(2)
    left.plotly_chart(figs[0], width="stretch", key="radar_domain")
    right.plotly_chart(figs[1], width="stretch", key="radar_stage")
    st.plotly_chart(figs[2], width="stretch", key="bench_bars")
    for i, sec in enumerate(sections(graph, ev, lang)[1:5], start=1):
        st.subheader(sec.title)
        for line in sec.text:  # names are data: only the report's own bold is Markdown
            st.markdown("".join(f"**{md(part)}**" if bold else md(part) for bold, part in bold_runs(line)))
        if sec.rows:  # each row is about a node (sec.ids): a click opens its stage's, domain's, scenario's or
            st.caption(t("click_row", lang))  # technology's card
            linked_table([dict(zip(sec.header, row, strict=True)) for row in sec.rows], sec.ids, f"table_{i}", lang,
                         **(_roadmap_table(sec.header) if sec.title == t("roadmap", lang) else {}))
    if len(figs) > 3:
        st.plotly_chart(figs[3], width="stretch", key="roadmap_chart")


def _history(graph: ScenarioGraph, scorer: Scorer, store: GraphStore, form: AnswerSheet, lang: Lang) -> None:
    try:
        saved = store.assessments(principal(), form.enterprise_id)
    except ScenegraphError as e:
        st.error(md(e))
        return
    if not saved:
        return
    st.subheader(t("history", lang))
    # saved assessments never change: each is read once per session, not on every rerun
    seen = st.session_state.setdefault("assess_history", {})
    loaded = []
    for s in saved:
        key = (store.name, s.enterprise_id, s.at)
        if key not in seen:
            try:
                seen[key] = store.load_assessment(principal(), s.enterprise_id, s.at)
            except ScenegraphError as e:
                st.warning(md(e))
                continue
        loaded.append(seen[key])
    rows = [(a.at, scorer.score_levels(a.stages, a.answers).overall.score) for a in loaded]
    st.plotly_chart(history_chart(rows, lang), width="stretch", key="history_chart")
    labels = {f"{a.at:%Y-%m-%d %H:%M:%S.%f} UTC · {len(a.answers)}": a for a in loaded}
    pick = st.selectbox(t("history", lang), list(labels), index=len(labels) - 1, key="history_pick",
                        placeholder=t("choose", lang))
    if st.button(t("reload", lang), key="history_reload"):
        form.adopt(labels[pick])
        st.rerun()
    if len(labels) > 1:
        _compare(graph, scorer, labels, lang)


def _compare(graph: ScenarioGraph, scorer: Scorer, labels: dict, lang: Lang) -> None:
    """Any two saves side by side: score per stage and domain, and every answer that changed."""
    st.subheader(t("compare", lang))
    keys = list(labels)
    c1, c2 = st.columns(2)
    first = c1.selectbox(t("compare_first", lang), keys, index=len(keys) - 2, key="compare_a",
                         placeholder=t("choose", lang))
    second = c2.selectbox(t("compare_second", lang), keys, index=len(keys) - 1, key="compare_b",
                          placeholder=t("choose", lang))
    a, b = labels[first], labels[second]
    sa, sb = scorer.score_levels(a.stages, a.answers), scorer.score_levels(b.stages, b.answers)
    rows = [[t("overall", lang), f"{sa.overall.score:.2f}", f"{sb.overall.score:.2f}",
             f"{sb.overall.score - sa.overall.score:+.2f}"]]
    for part, what in ((sa.by_stage, sb.by_stage), (sa.by_domain, sb.by_domain)):
        for key in dict.fromkeys([*part, *what]):
            x, y = part.get(key), what.get(key)
            rows.append([graph.name(key, lang), "—" if x is None else f"{x.score:.2f}",
                         "—" if y is None else f"{y.score:.2f}",
                         "—" if x is None or y is None else f"{y.score - x.score:+.2f}"])
    head = [t("compare_part", lang), f"① {a.at:%Y-%m-%d %H:%M:%S}", f"② {b.at:%Y-%m-%d %H:%M:%S}",
            t("compare_delta", lang)]
    st.dataframe(pd.DataFrame(rows, columns=head), hide_index=True, width="stretch", key="compare_scores")
    changed = [[graph.name(sc, lang), str(a.answers.get(sc, 0)), str(b.answers.get(sc, 0))]
               for sc in sorted(set(a.answers) | set(b.answers)) if sc in graph
               and a.answers.get(sc, 0) != b.answers.get(sc, 0)]
    st.caption(t("compare_changed", lang).format(n=len(changed)))
    if changed:
        st.dataframe(pd.DataFrame(changed, columns=[t("scenarios", lang), head[1], head[2]]),
                     hide_index=True, width="stretch", key="compare_answers")


def _plan_inputs(graph: ScenarioGraph, form: AnswerSheet, lang: Lang) -> tuple[list[str], list[float] | None]:
    """Technologies already in place and capacity per wave (kept in the form, so in the draft too)."""
    plan = form.plan
    techs = graph.ordered("Technology")
    with st.expander(t("plan_inputs", lang)):
        plan.in_place = st.multiselect(t("plan_in_place", lang), techs,
                                       default=[x for x in plan.in_place if x in techs],
                                       format_func=lambda x: graph.name(x, lang),
                                       key=lang_key("plan_in_place", lang), placeholder=t("choose", lang))
        st.caption(t("plan_capacity", lang))
        cols = st.columns(WAVES)
        labels = [t("plan_wave_n", lang).format(n=n) for n in range(1, WAVES)] + [t("plan_later", lang)]
        plan.capacity = [cols[i].number_input(labels[i], 0.0, 1000.0, float(plan.capacity[i]), 1.0,
                                              key=f"plan_cap_{i}") for i in range(WAVES)]
    return plan.in_place, plan.capacities()


def _effort_editor(graph: ScenarioGraph, ev: Evaluation, form: AnswerSheet, lang: Lang) -> None:
    """Effort per roadmap step, edited in a table; a change reschedules the roadmap."""
    steps = ev.roadmap.steps
    if not steps:
        return
    effort = form.effort
    with st.expander(t("plan_effort", lang)):
        df = pd.DataFrame({"id": [s.id for s in steps], t("step", lang): [graph.name(s.id, lang) for s in steps],
                           t("wave", lang): [s.wave for s in steps],
                           t("xl_effort", lang): [effort.get(s.id) for s in steps]})
        edited = st.data_editor(df, hide_index=True, width="stretch", key="plan_effort",
                                column_config={"id": None}, disabled=["id", t("step", lang), t("wave", lang)])
    wanted = {i: float(e) for i, e in zip(edited["id"], edited[t("xl_effort", lang)], strict=False)
              if e is not None and not pd.isna(e) and float(e) >= 0}
    kept = {i: e for i, e in effort.items() if i not in set(edited["id"])}
    if {**kept, **wanted} != effort:
        form.effort = {**kept, **wanted}
        st.rerun()


def page() -> None:
    lang = language()
    store = backend_status(lang).store
    graph, scorer = store_graph(store), store_scorer(store)
    form = _form()
    st.title(t("assessment", lang))
    _upload(graph, form, lang)
    v = form.version
    c1, c2, c3 = st.columns(3)
    form.enterprise_id = enterprise_input(c1, t("enterprise_id", lang), form.enterprise_id, key=f"ent_{v}")
    form.name = bounded_text(c2, t("enterprise_name", lang), form.name, f"name_{v}", LIMITS.max_name_chars, lang)
    form.region = bounded_text(c3, t("region", lang), form.region, f"region_{v}", LIMITS.max_name_chars, lang)
    # a box per language (widgets.lang_key): after a switch the next answer cleared the stages, and autosaved that
    form.stages = st.multiselect(t("stages_operated", lang), scorer.stages, default=form.stages,
                                 format_func=lambda s: graph.name(s, lang), key=lang_key(f"stages_{v}", lang),
                                 placeholder=t("choose", lang))
    if not form.stages:
        _autosave(form)
        st.info(t("pick_stages", lang))
        return
    profile = profile_form(graph, scorer, form, lang)
    target = st.slider(t("target_level", lang), 1, 5, 3, key="target")
    st.header(t("questionnaire", lang))
    _questionnaire(graph, scorer, form, lang)
    _autosave(form)
    applicable = set(scorer.applicable(form.stages))
    try:
        assessment = form.assessment(graph, datetime.now(UTC), applicable, profile)
    except AssessmentError as e:
        st.error(t("invalid", lang) + "\n\n" + "\n".join(f"- {md(p)}" for p in e.lines(lang)))
        return
    in_place, capacity = _plan_inputs(graph, form, lang)
    ev = evaluate(scorer, assessment, target, capacity=capacity, in_place=in_place, effort=form.effort)
    st.header(t("results", lang))
    _results(graph, ev, lang)
    _effort_editor(graph, ev, form, lang)
    _autosave(form)  # the planning inputs too
    valuation = plan_section(graph, ev, profile, capacity, form.effort, lang)
    # an enterprise's answers and reports: built when their button is pressed and sent to this session only,
    # never served at a /media URL (ui/private_download)
    # two rows of buttons: five in a row cut the English labels ("Download the report (H…")
    d1, d2, d3 = st.columns(3)
    d4, d5, d6 = st.columns(3)
    stem = release_stem(assessment.enterprise_id, graph.release)
    with d1:
        private_download(t("download_json", lang), lambda: to_json(assessment), f"{stem}.json", "application/json",
                         key="dl_json")
    with d2:
        private_download(t("download_csv", lang), lambda: to_csv(assessment, graph).encode("utf-8-sig"),
                         f"{stem}.csv", "text/csv", key="dl_csv")
    with d3:  # the HTML inlines plotly.js, about 4.8 MB
        private_download(t("download_html", lang), lambda: report_html(graph, ev, lang), f"{stem}-report.html",
                         "text/html", key="dl_html")
    with d4:
        private_download(t("download_md", lang), lambda: report_markdown(graph, ev, lang), f"{stem}-report.md",
                         "text/markdown", key="dl_md")
    with d5:
        private_download(t("download_xlsx", lang), lambda: roadmap_xlsx(graph, ev, lang, valuation=valuation),
                         f"{stem}-roadmap.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                         key="dl_xlsx")
    with d6:  # the value table with P10/P50/P90 as numbers, today's and the optimised wave
        private_download(t("download_value_csv", lang),
                         lambda: value_csv(graph, ev.roadmap, valuation, lang).encode("utf-8-sig"),
                         f"{stem}-value.csv", "text/csv", key="dl_value_csv")
    if st.button(t("save", lang), type="primary", key="save"):
        try:
            saved = store.save_assessment(principal(), assessment)
        except AssessmentError as e:  # nothing answered, a time in the future: in the page's language
            st.error("  \n".join(md(x) for x in e.lines(lang)))
        except (ScenegraphError, OSError) as e:
            st.error(md(e))
        else:
            # a fresh uploader (an old upload's error goes with it); the confirmation shows on the next run
            st.session_state[SAVED] = f"{t('saved', lang)}{t('colon', lang)}{saved.at:%Y-%m-%d %H:%M:%S} UTC"
            st.session_state[UPLOADS] = st.session_state.get(UPLOADS, 0) + 1
            st.rerun()
    if SAVED in st.session_state:
        st.success(st.session_state.pop(SAVED))
    _history(graph, scorer, store, form, lang)
