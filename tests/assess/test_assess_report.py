"""The report: self-contained HTML (no CDN, text escaped), Markdown, and the CLI that writes them."""

from __future__ import annotations

import html
import json
import re

import pytest

from scenegraph.assess import Scorer, parse_assessment
from scenegraph.assess.evaluate import evaluate
from scenegraph.base.inert import md as inert_md
from scenegraph.cli.main import main
from scenegraph.present.assessment_report import report_html, report_markdown


@pytest.fixture(scope="module")
def evaluation(shipped):
    scorer = Scorer(shipped)
    stages = ["electrolysis", "casthouse"]
    # robots not in place anywhere (every scenario needing them unanswered), so the roadmap holds a technology step
    # whatever the other answers cover (issue 23 added scenarios that bring most technologies into place)
    answers = {sc: 0 if "en_robotics" in shipped.out_ids(sc, "REQUIRES") else i % 5
               for i, sc in enumerate(scorer.applicable(stages))}
    a = parse_assessment({"enterprise_id": "ent_r", "name": "<script>alert(1)</script> | 铝厂", "stages": stages,
                          "answers": answers}, shipped)
    return evaluate(scorer, a)


def test_html_report_is_self_contained_and_escaped(shipped, evaluation):
    page = report_html(shipped, evaluation, "zh")
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert not re.findall(r"<script[^>]+src=", page), "a script is loaded from elsewhere"
    assert not re.findall(r"<link[^>]+href=", page)
    assert page.count("Plotly.newPlot") >= 4  # radars, bars, roadmap
    assert "差距清单" in page and "实施路线图" in page and "GB/T 39117" in page
    assert shipped.name(evaluation.roadmap.waves[0].steps[0].id, "zh") in page
    # the graph release the report was made from, under its heading (issue 22 item 10)
    v, d = shipped.release["version"], shipped.release["date"]
    assert f'<p class="release" style="color:#555">图谱版本 {v}（{d}）</p>' in page


def test_every_report_and_download_name_carries_the_release(shipped, evaluation):
    from scenegraph.present import release_line, release_stem

    v = shipped.release["version"]
    assert f"Graph release {inert_md(v)}" in report_markdown(shipped, evaluation, "en").splitlines()[2]
    assert release_stem("lens-tgt_x", shipped.release) == f"lens-tgt_x-release-{v}"
    assert release_stem("ent", {"version": "../../etc/passwd 1"}) == "ent-release-etcpasswd1"
    assert release_stem("ent", None) == "ent" and release_line(None, "zh") == ""


def test_markdown_report_tables(shipped, evaluation):
    md = report_markdown(shipped, evaluation, "en")
    assert md.startswith("# Digital-transformation maturity self-assessment")
    assert "<script>" not in md  # names are data: a Markdown viewer shows them as text (scenegraph.base.inert)
    from markdown_it import MarkdownIt

    rendered = MarkdownIt("commonmark").enable("table").render(md)
    assert "<script>" not in rendered and "Enterprise: &lt;script&gt;alert(1)&lt;/script&gt; | 铝厂" in rendered
    for heading in ("## By stage", "## By domain", "## Gap list", "## Roadmap", "## Method"):
        assert heading in md
    stage = inert_md(shipped.name("electrolysis", "en"))
    stage_rows = [line for line in md.splitlines() if line.startswith(f"| {stage}")]
    assert len(stage_rows) == 1


def test_cli_assess_report_and_save(tmp_path, shipped, capsys):
    answers = tmp_path / "a.json"
    answers.write_text(json.dumps({"enterprise_id": "ent_cli", "name": "CLI 铝业", "stages": ["rolling"],
                                   "answers": {"sc_roll_gauge_flatness_control": 3}}), encoding="utf-8")
    report = tmp_path / "r.html"
    assert main(["assess", str(answers), "--report", str(report), "--save"]) == 0
    out = capsys.readouterr().out
    assert "CLI 铝业 (ent_cli): score" in out and "saved to" in out
    assert report.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert main(["assess", str(answers), "--report", str(tmp_path / "r.md"), "--lang", "en"]) == 0
    assert "## Roadmap" in (tmp_path / "r.md").read_text(encoding="utf-8")
    assert main(["assessments"]) == 0
    assert "ent_cli" in capsys.readouterr().out


def test_cli_bad_answers_list_every_problem(tmp_path, capsys):
    bad = tmp_path / "bad.json"
    bad.write_text('{"enterprise_id": "cli", "stages": ["rolling"], "answers": {"sc_roll_gauge_flatness_control": 9}}')
    assert main(["assess", str(bad)]) == 1
    err = capsys.readouterr().err
    assert "enterprise id: must start with ent_" in err and "enterprise name: missing" in err
    assert "the level of sc_roll_gauge_flatness_control: must be a whole number 0-5 (9)" in err
    assert "Traceback" not in err


def test_scoring_imports_no_chart_or_template_code():
    """The report's HTML and charts are presentation (scenegraph/present/); scoring stands without them."""
    import subprocess
    import sys

    code = ("import sys, scenegraph.assess, scenegraph.assess.evaluate, scenegraph.assess.roadmap; "
            "bad = [m for m in ('scenegraph.present.charts', 'plotly', 'jinja2', 'scenegraph.present') "
            "if m in sys.modules]; "
            "print(bad); sys.exit(1 if bad else 0)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr


def test_report_html_escapes_names_through_the_template(shipped, evaluation):
    from dataclasses import replace

    hostile = replace(evaluation, assessment=evaluation.assessment.model_copy(
        update={"name": "<script>alert(1)</script> **x**"}))
    page = report_html(shipped, hostile, "en")
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_radar_axis_labels_are_short_lines(shipped, lang):
    """Plotly cuts long labels at a polar chart's edge: every axis label is broken into lines of at most 14
    characters (7 in Chinese), words kept whole, and reads back as the name."""
    from scenegraph.present.charts import score_radar

    domains = shipped.ordered("Domain")
    fig = score_radar(shipped, dict.fromkeys(domains, 1.0), lang, "t")
    for theta, dom in zip(fig.data[0].theta, domains, strict=False):
        lines = [html.unescape(x) for x in theta.split("<br>")]  # plotly's entities: names are made inert
        assert all(len(x) <= (7 if lang == "zh" else 14) or (lang == "en" and " " not in x) for x in lines), theta
        assert (" " if lang == "en" else "").join(lines) == shipped.name(dom, lang)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_roadmap_chart_title_stands_alone_and_its_colours_have_a_legend(shipped, evaluation, lang):
    """No axis title at the top to print over the chart's title (the months are in the ticks: "6 个月", not
    "≤ 6 月"); one named trace per kind of step, so the orange bars are explained."""
    from scenegraph.present.assessment_report import charts

    gantt = charts(shipped, evaluation, lang)[3]
    assert gantt.layout.xaxis.title.text is None
    assert list(gantt.layout.xaxis.ticktext)[1] == ("6 个月" if lang == "zh" else "6 months")
    names = {tr.name for tr in gantt.data}
    assert names == ({"数字化场景", "部署使能技术"} if lang == "zh" else {"Scenarios", "Put the technology in place"})
    assert gantt.layout.showlegend is not False and len(gantt.data) == 2
    order = list(gantt.layout.yaxis.categoryarray)  # the roadmap's order: wave by wave
    assert sorted(order) == sorted(y for tr in gantt.data for y in tr.y)
    waves = [int(y.split(" · ")[0]) for y in order]
    assert waves == sorted(waves)


def test_zh_waves_say_months_not_june(shipped, evaluation):
    page = report_markdown(shipped, evaluation, "zh").replace("\\", "")
    assert "（6 个月内）" in page and "≤ 6 月" not in page and "月)" not in page
    assert "(within 6 months)" in report_markdown(shipped, evaluation, "en").replace("\\", "")
