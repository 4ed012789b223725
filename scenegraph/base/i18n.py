"""Interface strings in Chinese and English, and the one helper that picks a language (`pick`). Data carries its
own names (name_zh / name_en); schema words (labels, relationships, properties, enumerated values) live beside
the schema, in scenegraph.graph.words."""

from __future__ import annotations

import re
import textwrap
from typing import Any, Literal, NamedTuple, TypeVar

__all__ = ["DEFAULT_LANG", "LANGS", "Bilingual", "Lang", "as_lang", "name", "other", "pick", "short_lines", "t"]

Lang = Literal["zh", "en"]
LANGS: tuple[Lang, ...] = ("zh", "en")
#: the language of the interface when nothing says otherwise (the plan's readers are Chinese)
DEFAULT_LANG: Lang = "zh"

T = TypeVar("T")


def as_lang(value: object) -> Lang:
    """A language code from anywhere (URL, CLI, session): 'zh' or 'en', the default for anything else."""
    return value if value in LANGS else DEFAULT_LANG  # type: ignore[return-value]


def pick(lang: str, zh: T, en: T) -> T:
    """The one place that chooses between the two languages."""
    return en if lang == "en" else zh


class Bilingual(NamedTuple):
    """A message written in both languages (a problem shown to the user); `in_(lang)` chooses through `pick`."""

    zh: str
    en: str

    def in_(self, lang: str) -> str:
        return pick(lang, self.zh, self.en)

    def __str__(self) -> str:  # logs, the CLI and exceptions speak English
        return self.en


def other(lang: str) -> Lang:
    """The language that is not `lang` (for the second name shown beside the first)."""
    return pick(lang, "en", "zh")


def name(props: dict[str, Any], lang: str) -> str:
    """A node's (or any record's) name in `lang`, from its name_zh / name_en."""
    return props[pick(lang, "name_zh", "name_en")]


#: a word or number in Latin letters stays whole; every other character is a token of its own
_TOKEN = re.compile(r"[^\s\u2e80-\uffff]+|\s+|.")
#: what may not open a line (it joins the line before)
_NO_LINE_START = frozenset("·、，。：；！？）】」』,.:;!?)%")


def _wide(ch: str) -> bool:
    return ord(ch) >= 0x2E80  # CJK and full-width forms


def short_lines(text: str, width: int, max_lines: int | None = None) -> list[str]:
    """A name broken into lines no wider than about `width` (a CJK character counts two): English at word
    boundaries; Chinese in lines of even width, never inside a Latin word or a number ("1500" stays whole); past
    `max_lines` the last line ends in "…". One rule for every picture with little room for a label (network
    boxes, radar axes)."""
    if any(_wide(ch) for ch in text):
        tokens = _TOKEN.findall(text)
        sizes = [sum(2 if _wide(ch) else 1 for ch in tok) for tok in tokens]
        count = max(1, -(-sum(sizes) // width))
        per = sum(sizes) / count
        parts = [""] * count
        done = 0
        for tok, size in zip(tokens, sizes, strict=True):  # each token on the line where its middle falls
            parts[min(count - 1, int((done + size / 2) // per))] += tok
            done += size
        lines: list[str] = []
        for part in (x.strip() for x in parts):
            while lines and part[:1] in _NO_LINE_START:  # a line never opens with a stop, a comma or a ")"
                gap = " " if part[0] == "·" else ""  # a separating dot keeps its space; punctuation takes none
                lines[-1], part = lines[-1] + gap + part[0], part[1:].lstrip()
            if part:
                lines.append(part)
        lines = lines or [text]
    else:
        lines = textwrap.wrap(text, width, break_long_words=True) or [text]
    if max_lines and len(lines) > max_lines:
        lines = [*lines[:max_lines - 1], lines[max_lines - 1][:-1] + "…"]
    return lines


_STRINGS: dict[str, tuple[str, str]] = {
    "app_title": ("铝产业链数字化转型场景图谱", "Aluminium-chain digital-transformation scenario graph"),
    "overview": ("概览", "Overview"),
    "app_short": ("铝产业链场景图谱", "Aluminium scenario graph"),
    # punctuation between words of the interface language
    "colon": ("：", ": "), "list_sep": ("、", ", "), "clause_sep": ("；", "; "),
    "target_meets_no_figure": ("须达到（要求项，无数值）", "to be met (a requirement, no figure)"),
    "target_encouraged_no_figure": ("鼓励（无数值目标）", "encouraged (no figure set)"),
    "nav_overview": ("场景地图", "Scenario map"),
    "nav_network": ("网络视图", "Network"),
    "nav_node": ("节点详情", "Node detail"),
    "nav_paths": ("路径查找", "Paths"),
    "nav_lens": ("政策目标透视", "Policy lens"),
    "nav_assessment": ("成熟度自评", "Self-assessment"),
    "nav_observatory": ("行业观测台", "Observatory"),
    "nav_export": ("导出", "Export"),
    "nav_console": ("Cypher 控制台", "Cypher console"),
    "language": ("语言", "Language"),
    "nodes": ("节点", "Nodes"),
    "relationships": ("关系", "Relationships"),
    "scenarios": ("数字化场景", "Scenarios"),
    "stages": ("生产环节", "Stages"),
    "targets": ("政策目标", "Policy targets"),
    "matrix_title": (
        "场景地图：生产环节 × 业务领域（场景数）",
        "Scenario map: stage x business domain (scenario count)",
    ),
    "search": ("搜索（中文或英文）", "Search (Chinese or English)"),
    "no_match": ("没有匹配结果", "No match"),
    "query_too_long": ("搜索内容超过 {n} 个字符，未搜索；请缩短后再试。",
                       "The search text is longer than {n} characters and was not searched; shorten it."),
    "text_too_long": ("“{field}”超过 {n} 个字符，只保留了前 {n} 个。",
                      "“{field}” is longer than {n} characters; only the first {n} were kept."),
    "download_too_big": ("文件超过 {mb} MB，无法下载。", "The file is larger than {mb} MB and cannot be downloaded."),
    "data_error": ("数据未通过校验，请修正以下问题：", "The data did not validate; fix these problems:"),
    "col_id": ("编号", "Id"),
    "col_label": ("类型", "Type"),
    "col_name": ("名称", "Name"),
    "col_other": ("英文名", "Chinese name"),
    "outgoing_title": ("它指向", "From this node"),
    "incoming_title": ("指向它的", "Towards this node"),
    "details": ("说明", "Details"),
    "prerequisites_title": ("前置场景", "Prerequisites"),
    "prerequisites_help": ("箭头从先决场景指向依赖它的场景；虚线为建议（非必需）。",
                           "Arrows run from a prerequisite to what needs it; dashed: recommended, not required."),
    "choose": ("请选择", "Choose"),
    "nothing_selected": ("请选择要导出的内容：节点类型、环节、领域、等级、某个节点、某个工厂或路线图。",
                         "Choose what to export: labels, stages, domains, levels, a node, a factory or a roadmap."),
    "selection_failed": ("无法按此选择导出：", "This selection cannot be exported:"),
    "fmt_graphml": ("GraphML（yEd、Cytoscape、Gephi、networkx）", "GraphML (yEd, Cytoscape, Gephi, networkx)"),
    "fmt_gexf": ("GEXF，按类型着色（Gephi）", "GEXF with colours per label (Gephi)"),
    "fmt_json": ("节点-连接 JSON（networkx）", "node-link JSON (networkx)"),
    "fmt_csv": ("nodes.csv 与 relationships.csv（供 neo4j-admin import 或 LOAD CSV，压缩包）",
                "nodes.csv + relationships.csv for neo4j-admin import or LOAD CSV (zipped)"),
    "fmt_cypher": ("Cypher 脚本：先建约束，再 MERGE", "Cypher script: constraints, then MERGE statements"),
    "fmt_html": ("可离线使用的交互式网页", "standalone interactive page (works offline)"),
    "fmt_png": ("图片（PNG）", "picture (PNG)"),
    "fmt_svg": ("图片（SVG）", "picture (SVG)"),
    "search_results": ("搜索结果", "Search results"),
    "click_row": ("点击表格中的一行（任一单元格）即打开该项的详情页。",
                  "Click a row (any cell of it) to open that item's detail page."),
    "click_cell": ("点击地图上的单元格查看其中的场景。", "Click a cell of the map to list its scenarios."),
    "cell_title": ("{stage} × {domain}：{n} 个场景", "{stage} × {domain}: scenarios ({n})"),
    "domain": ("业务领域", "Domain"),
    "stage": ("生产环节", "Stage"),
    "count": ("场景数", "Scenarios"),
    "factory_share": ("标杆工厂应用比例", "Share of benchmark factories"),
    "matrix_share_title": ("场景地图：运营该环节的标杆工厂中已应用该格场景的比例",
                           "Scenario map: share of the benchmark factories running the stage that run these scenarios"),
    "matrix_mode": ("地图显示", "Map shows"),
    "cell": ("查看单元格", "Open a cell"),
    "cell_empty": ("该单元格没有场景。", "No scenario in this cell."),
    "network": ("网络视图", "Network view"),
    "node_detail": ("节点详情", "Node detail"),
    "path_finder": ("路径查找", "Path finder"),
    "policy_lens": ("政策目标透视", "Policy lens"),
    "console": ("Cypher 控制台", "Cypher console"),
    "find_node": ("查找节点（中文、英文或编号）", "Find a node (Chinese, English or id)"),
    "pick_node": ("选择节点", "Pick a node"),
    "focus": ("中心节点", "Focus node"),
    "hops": ("跳数", "Hops"),
    "labels": ("节点类型", "Labels"),
    "levels": ("成熟度等级", "Maturity levels"),
    "size_by": ("节点大小", "Node size"),
    "size_importance": ("按重要度", "by importance"),
    "size_degree": ("按连接数", "by degree"),
    "node_cap": ("最多显示节点数", "Most nodes shown"),
    "hidden_note": ("已显示最相关的 {shown} 个节点，另有 {hidden} 个未显示；缩小范围或提高上限可查看更多。",
                    "Showing the {shown} most relevant nodes; {hidden} more are hidden. Narrow the selection or "
                    "raise the cap to see them."),
    "view_counts": ("{nodes} 个节点，{rels} 条关系", "{nodes} nodes, {rels} relationships"),
    "unknown_id": ("链接中的编号不存在：", "The link names an unknown id:"),
    "properties": ("属性", "Properties"),
    "outgoing": ("出边", "Outgoing"),
    "incoming": ("入边", "Incoming"),
    "citations": ("来源", "Sources"),
    "prerequisite_chain": ("前置场景链（先决条件在前）", "Prerequisite chain (prerequisites first)"),
    "factories_running": ("应用该场景的标杆工厂", "Benchmark factories running it"),
    "illustrative_note": ("示例数据", "illustrative"),
    "none": ("无", "none"),
    "path_from": ("起点", "From"),
    "path_to": ("终点", "To"),
    "avoid": ("不经过这些类型的节点", "Do not pass through"),
    "no_path": ("两点之间没有路径。", "No path between them."),
    "path_len": ("最短路径：{n} 步", "Shortest path: {n} steps"),
    "target_value": ("{year} 年目标", "Target for {year}"),
    "fact_line": ("基线事实（{year} 年）：{value}", "Baseline fact ({year}): {value}"),
    "scenario_count": ("场景数", "Scenarios"),
    "sourced_only": ("只列有来源支撑效果的场景", "Only scenarios whose effect a source backs"),
    "kpis_via": ("通过指标", "Through the KPIs"),
    "effect": ("效果", "Effect"),
    "effect_in_en": ("{text}（英文原文）", "{text}"),
    "effect_in_zh": ("{text}", "{text} (Chinese original)"),
    "needs_first": ("需先具备", "Needs first"),
    "shortlist": ("推动该目标的场景（抓手，{n} 个）", "Scenarios that move it (levers, {n})"),
    "shortlist_rank": ("按有无来源支撑的效果（量化、文字、无）、证据等级、推动的指标数、重要度排序。",
                       "Ranked by sourced effect (quantified, in words, none), then evidence grade, KPIs moved, "
                       "importance."),
    "no_scenarios_move": ("没有场景推动该目标。", "No scenario moves this target."),
    "download_print": ("下载可打印页面（HTML）", "Download a printable page (HTML)"),
    "shortlist_footer": ("由 scenegraph 生成：铝产业链数字化转型场景图谱。示例数据已标注。",
                         "Made with scenegraph, the aluminium-chain digital-transformation scenario graph. "
                         "Illustrative data is marked."),
    "baseline": ("基线", "Baseline"),
    "kpis_tracking": ("跟踪指标", "KPIs tracking it"),
    "scenarios_moving": ("推动的场景", "Scenarios moving them"),
    "console_needs_neo4j": ("控制台需要 Neo4j：设置 NEO4J_URI、NEO4J_USER、NEO4J_PASSWORD"
                            "（环境变量或 Streamlit secrets）。",
                            "The console needs Neo4j: set NEO4J_URI, NEO4J_USER and NEO4J_PASSWORD (environment or "
                            "Streamlit secrets)."),
    "console_help": ("只读执行，且只读图谱：查询先经执行计划检查，只可读取图谱的标签和关系类型（账户、企业及其评估、"
                     "观测台汇总不可读）；写入、管理命令和 LOAD CSV 会被拒绝；超时 {timeout} 秒，最多 {rows} 行。",
                     "Read-only and graph-only: each query's plan is checked first and may read only the graph's "
                     "labels and relationship types (accounts, enterprises and their assessments, the observatory's "
                     "aggregates are never readable); writes, administration and LOAD CSV are refused; {timeout} s "
                     "timeout, at most {rows} rows."),
    "cypher_curators_only": ("只有数据管理员和系统管理员可以运行 Cypher。",
                             "Only curators and administrators may run Cypher."),
    "run": ("运行", "Run"),
    "rows_capped": ("结果已截断", "rows capped"),
    "export": ("导出子图", "Export a subgraph"),
    "factory": ("标杆工厂（其应用的场景）", "Benchmark factory (what it runs)"),
    "use_roadmap": ("自评页当前评估的路线图", "The roadmap of the assessment on the self-assessment page"),
    "cypher_selection": ("只读 Cypher（返回节点、关系或路径）",
                         "Read-only Cypher (returning nodes, relationships or paths)"),
    "export_view": ("导出当前视图", "Export this view"),
    "data_release": ("图谱版本 {version}（{date}）", "Graph release {version} ({date})"),
    "backend_embedded": ("数据后端：内置图（无需服务器）", "Backend: embedded graph (no server)"),
    "backend_neo4j": ("数据后端：Neo4j", "Backend: Neo4j"),
    "neo4j_down": ("Neo4j 无法连接，当前使用内置图谱，保存的评估写入本机。", "Neo4j is unreachable; the embedded graph "
                   "is in use and assessments are saved on this machine."),
    # network page
    "net_fit": ("显示全部", "Show all"),
    "net_hint": ("单击节点选中，双击打开详情；虚线框是折叠的节点组，单击可展开。滚轮缩放，拖动平移。",
                 "Click a node to select it, double-click to open its detail; dashed boxes are folded groups, click "
                 "one to expand it. Wheel zooms, drag pans."),
    "net_summary_nodes": ("{count} 个节点", "{count} nodes"),
    "net_nodes": ("节点", "nodes"),
    "net_selected": ("已选中", "Selected"),
    "view_hint": ("单击节点打开其详情。滚轮缩放，拖动平移。",
                  "Click a node to open its detail. Wheel zooms, drag pans."),
    "open_detail": ("打开详情", "Open detail"),
    "net_centre": ("以此为中心", "Centre here"),
    "net_layout": ("布局", "Layout"),
    "net_layered": ("按产业链分层", "Layered along the chain"),
    "net_force": ("力导向", "Force"),
    "net_ego": ("以中心节点为圆心", "Around the focus"),
    "net_ego_needs_focus": ("以中心节点为圆心的布局需要先选择中心节点；现按产业链分层显示。",
                            "The layout around the focus needs a focus node; shown layered along the chain."),
    "net_folded": ("已显示最相关的 {shown} 个节点；其余 {hidden} 个折叠为 {groups} 个虚线框节点组（单击展开）。",
                   "The {shown} most relevant nodes are shown; the other {hidden} are folded into {groups} dashed "
                   "groups (click one to expand it)."),
    # self-assessment
    "assessment": ("成熟度自评", "Self-assessment"),
    "report_title": ("数字化转型成熟度自评报告", "Digital-transformation maturity self-assessment"),
    "enterprise": ("企业", "Enterprise"),
    "enterprise_id": ("企业编号（ent_ 开头）", "Enterprise id (starts with ent_)"),
    "enterprise_name": ("企业名称", "Enterprise name"),
    "region": ("地区", "Region"),
    "assessed_at": ("评估时间", "Assessed at"),
    "stages_operated": ("运营的生产环节", "Stages operated"),
    "overall": ("总体", "Overall"),
    "score": ("得分（0-5）", "Score (0-5)"),
    "level": ("成熟度等级", "Maturity level"),
    "coverage": ("覆盖率", "Coverage"),
    "by_stage": ("分环节", "By stage"),
    "by_domain": ("分业务领域", "By domain"),
    "peers": ("对标工厂数", "Peer factories"),
    "peer_median": ("对标中位数", "Peer median"),
    "peer_best": ("对标最优", "Peer best"),
    "best_factory": ("最优工厂", "Best factory"),
    "percentile": ("百分位", "Percentile"),
    "you": ("本企业", "You"),
    "benchmark_title": ("与同环节标杆工厂对比", "Against benchmark factories running the same stages"),
    "gaps": ("差距清单", "Gap list"),
    "current": ("当前", "Current"),
    "target_level": ("目标等级", "Target level"),
    "importance": ("重要度", "Importance"),
    "kpis": ("改善指标", "KPIs moved"),
    "policy_targets": ("服务的政策目标", "Policy targets served"),
    "roadmap": ("实施路线图", "Roadmap"),
    "roadmap_title": ("路线图（按前置依赖分波次）", "Roadmap in waves (prerequisites first)"),
    "months": ("个月", "months"),
    "wave_within": ("{n}（{m} 个月内）", "{n} (within {m} months)"),
    "wave": ("波次", "Wave"),
    "step": ("步骤", "Step"),
    "why": ("理由", "Why"),
    "unlocks": ("解锁", "Unlocks"),
    "waits_for": ("等待", "Waits for"),
    "technology_step": ("部署使能技术", "Put the technology in place"),
    "prerequisite_step": ("前置场景（不在差距清单中）", "Prerequisite (not itself a gap)"),
    "no_gaps": ("所有适用场景均已达到目标等级。", "Every applicable scenario is at the target level."),
    "method": ("方法", "Method"),
    "method_text": (
        "得分 = Σ(重要度 × 等级) / Σ重要度（未作答记 0），按 GB/T 39117-2020 分档映射为 GB/T 39116 等级"
        "（[0.8,1.8) 规划级 … [4.8,5] 引领级）。对标工厂按其 IMPLEMENTS 等级同法计分；真实工厂仅计来源所载场景，"
        "其得分为下限；示例工厂为说明性数据。",
        "Score = Σ(importance × level) / Σ importance (unanswered = 0), mapped to GB/T 39116 levels with the "
        "GB/T 39117-2020 bands ([0.8,1.8) planning … [4.8,5] leading). Benchmark factories are scored the same way "
        "from their IMPLEMENTS levels; real plants count only what their sources report (a lower bound); "
        "illustrative factories are illustrative data.",
    ),
    "questionnaire": ("问卷", "Questionnaire"),
    "results": ("结果", "Results"),
    "history": ("历史记录", "History"),
    "save": ("保存评估", "Save the assessment"),
    "saved": ("已保存", "Saved"),
    "upload": ("上传评估（JSON 或 CSV）", "Upload an assessment (JSON or CSV)"),
    "upload_button": ("选择文件", "Upload"),
    "upload_limit": ("也可拖放文件到此处 · 每个文件不超过 {mb} MB · {types}",
                     "or drop a file here · up to {mb} MB per file · {types}"),
    "upload_too_big": ("文件超过 {mb} MB，未读取。", "The file is larger than {mb} MB; it was not read."),
    "upload_help": ("点击“选择文件”或把文件拖放到方框内。", "Click Upload or drop the file into the box."),
    "upload_failed": ("上传的文件无法使用，已有答案保持不变：", "The upload cannot be used; the answers given stay:"),
    "download_json": ("下载 JSON", "Download JSON"),
    "download_csv": ("下载 CSV", "Download CSV"),
    "download_html": ("下载报告（HTML）", "Download the report (HTML)"),
    "download_md": ("下载报告（Markdown）", "Download the report (Markdown)"),
    "pick_stages": ("请先选择企业运营的生产环节。", "Pick the stages the enterprise operates first."),
    "reload": ("载入", "Reload"),
    "invalid": ("输入有误：", "Invalid input:"),
    "answered": ("已作答", "Answered"),
    "xl_start": ("开始", "Start"),
    "xl_end": ("结束", "End"),
    "xl_kind": ("类型", "Kind"),
    "xl_effort": ("工作量", "Effort"),
    "xl_owner": ("负责人", "Owner"),
    # what each step is worth to the plant (assess.value, assess.valuation)
    "val_sheet": ("价值", "Value"),
    "val_kwh": ("节电 kWh/年", "kWh saved a year"),
    "val_co2": ("减排 t CO2e/年", "t CO2e avoided a year"),
    "val_cny": ("价值 元/年", "Yuan a year"),
    "val_kwh_t": ("吨铝节电 kWh/t", "kWh saved per tonne"),
    "val_not_quantified": ("未量化", "not quantified"),
    "val_reason": ("未量化的原因", "Why not quantified"),
    "val_sources": ("来源", "Sources"),
    "val_optimised_wave": ("优化后波次", "Optimised wave"),
    "val_plan_total": ("计划合计（多步不重复计算）", "Plan total (steps combined without double counting)"),
    "val_today": ("当前顺序", "Today's order"),
    "val_optimised": ("优化后顺序", "Optimised order"),
    "val_cumulative": ("完成该波次后的累计价值 元/年", "Yuan a year once the wave is done"),
    "val_policy": ("与政策线的距离", "Distance to the policy line"),
    "val_current": ("当前值", "Current"),
    "val_line": ("政策线", "Line"),
    "val_gap": ("差距", "Gap"),
    "val_closable": ("计划可缩小（P50，P10–P90）", "The plan could close (P50, P10–P90)"),
    "val_inputs": ("工厂概况的输入", "Inputs of the plant profile"),
    "val_input": ("输入", "Input"),
    "val_value": ("数值", "Value"),
    "val_default": ("默认值", "default"),
    "val_given": ("本企业填写", "given by the enterprise"),
    "val_source": ("来源", "Source"),
    "val_in_emission_factor_t_mwh": ("所用电力的排放因子", "Emission factor of the power used"),
    "val_in_electricity_price_cny_kwh": ("电价", "Electricity price"),
    "val_in_carbon_price_cny_t": ("碳价", "Carbon price"),
    "val_objective": ("计划期内交付的价值（相对单位）", "Value delivered over the horizon (relative units)"),
    "val_rule": ("合并规则：同一指标上的多步按相对降幅依次相乘（1 − ∏(1 − r)），不超过物理下限；"
                 "每步单独的价值不可相加。",
                 "Combination: steps on one KPI apply as relative reductions one after another (1 − ∏(1 − r)), "
                 "capped by the physical floor; the steps' own values do not add up."),
    "xl_note": ("备注", "Note"),
    "plan_inputs": ("路线图规划条件", "Roadmap planning inputs"),
    "plan_in_place": ("已具备的使能技术", "Technologies already in place"),
    "plan_capacity": ("每个波次的能力（工作量上限，0 = 不限）", "Capacity per wave (effort, 0 = no limit)"),
    "plan_wave_n": ("第 {n} 波", "Wave {n}"),
    "plan_later": ("之后各波", "Later waves"),
    "plan_effort": ("各步骤工作量（可选，默认每个场景步骤 1，技术步骤 0）",
                    "Effort per step (optional; a scenario step counts 1, a technology step 0 unless given)"),
    "download_xlsx": ("下载路线图（Excel）", "Download the roadmap (Excel)"),
    "compare": ("两次保存对比", "Compare two saves"),
    "compare_first": ("较早的保存", "Earlier save"),
    "compare_second": ("较晚的保存", "Later save"),
    "compare_part": ("范围", "Part"),
    "compare_delta": ("变化", "Change"),
    "compare_changed": ("{n} 个场景的答案有变化", "{n} answers changed"),
    # observatory (planners)
    "observatory": ("行业观测台", "Industry observatory"),
    "obs_intro": ("汇总各企业截至所选月末的最近一次保存的自评；只在月末发布，只显示不少于 {k} 家企业的分组，"
                  "且一个分组的数字只在自上个月末以来至少 {k} 家企业新加入、退出或重新保存时才会变化；"
                  "不展示任何单个企业的答案。",
                  "Pools the latest saved self-assessment of each enterprise as of the chosen month end. Figures are "
                  "published at month ends only; only groups of at least {k} enterprises are shown, and a group's "
                  "figures change only when at least {k} of its enterprises entered, left or re-saved since the "
                  "previous month end. No single enterprise's answers ever are shown."),
    "obs_planner_only": ("行业观测台仅对规划人员角色开放。", "The observatory is open to the planner role only."),
    "obs_as_of": ("截至日期", "As of"),
    "obs_enterprises": ("纳入企业数", "Enterprises pooled"),
    "obs_share_goal": ("3 级及以上企业占比", "Share at level 3 or above"),
    "obs_goal": ("国家目标", "National goal"),
    "obs_distribution": ("等级分布", "Distribution of levels"),
    "obs_dimension": ("分组", "Group by"),
    "obs_dim_overall": ("全部企业", "All enterprises"),
    "obs_dim_stage": ("生产环节", "Stage"),
    "obs_dim_region": ("地区", "Region"),
    "obs_dim_segment": ("产业链区段", "Chain segment"),
    "obs_group": ("分组", "Group"),
    "obs_n": ("企业数", "Enterprises"),
    "obs_mean_level": ("平均等级", "Mean level"),
    "obs_suppressed": ("少于 {k} 家，不显示", "fewer than {k}: not shown"),
    "obs_suppressed_note": ("{n} 个分组因企业数少于 {k}（或可由其余分组推算）而未显示。",
                            "{n} groups are not shown: fewer than {k} enterprises (or derivable from the others)."),
    "obs_lagging": ("行业差距最大的场景", "Scenarios where the industry lags most"),
    "obs_lag_score": ("差距指数", "Lag index"),
    "obs_lag_help": ("差距指数 = 平均差距（距目标等级）× 重要度 × 政策权重；政策权重 = 1 + 该场景经指标触达的政策目标数"
                     " + 回应的政策要求数。",
                     "Lag index = mean gap to the target level x importance x policy weight; policy weight = 1 + the "
                     "policy targets the scenario reaches through its KPIs + the plan's requirements it addresses."),
    "obs_mean_gap": ("平均差距", "Mean gap"),
    "obs_share_below": ("低于目标等级的占比", "Share below the target level"),
    "obs_policy_weight": ("政策权重", "Policy weight"),
    "obs_lag_hidden": ("另有 {n} 个场景因适用企业少于 {k} 家未纳入排名。",
                       "{n} more scenarios are left out: fewer than {k} enterprises they apply to."),
    "obs_goal_title": ("分环节 3 级及以上企业占比与国家目标",
                       "Share at level 3 or above per stage, against the national goal"),
    "obs_meets": ("达到目标", "Meets the goal"),
    "obs_yes": ("是", "yes"),
    "obs_no": ("否", "no"),
    "obs_source": ("来源", "Source"),
    "obs_change": ("两个月末之间的变化", "Change between two month ends"),
    "obs_calendar_help": ("观测台只发布已结束月份的月末数字，不发布任意时点的数字。",
                          "The observatory publishes figures at the end of closed months only, never at any instant."),
    "obs_change_help": ("只显示在两个月末都显示的分组；其间少于 {k} 家企业加入、退出或重新保存的分组不显示变化。",
                        "Only groups shown at both month ends; a group where fewer than {k} enterprises entered, left "
                        "or re-saved in between shows no change."),
    "obs_before": ("起始日期", "From"),
    "obs_after": ("结束日期", "To"),
    "obs_mean_delta": ("平均等级变化", "Change of mean level"),
    "obs_share_delta": ("3 级及以上占比变化", "Change of the share at level 3+"),
    "obs_download_csv": ("下载 CSV", "Download CSV"),
    "obs_download_brief": ("下载简报（可打印 HTML）", "Download the brief (printable HTML)"),
    "obs_brief_title": ("铝产业数字化转型成熟度观测简报", "Aluminium industry digital maturity: observatory brief"),
    "obs_empty": ("截至该日期尚无保存的自评。", "No saved self-assessment as of that date."),
    "obs_all": ("全部", "all"),
    "obs_seg_upstream": ("上游", "upstream"),
    "obs_seg_midstream": ("中游", "midstream"),
    "obs_seg_downstream": ("下游", "downstream"),
    "obs_seg_recycling": ("再生", "recycling"),
    "obs_seg_cross_cutting": ("跨环节", "cross-cutting"),
    "obs_no_region": ("未填地区", "no region given"),
    "obs_generated": ("生成时间", "Generated"),
    "obs_tab_lagging": ("差距最大的场景", "Where it lags"),
    "obs_tab_goal": ("对照国家目标", "Against the goal"),
    "obs_tab_change": ("变化", "Change"),
    "obs_k_note": ("最小分组：{k} 家企业", "Smallest group shown: {k} enterprises"),
    # sign-in (shared server)
    "signin_title": ("登录", "Sign in"),
    "username": ("用户名", "User name"),
    "password": ("密码", "Password"),
    "signin": ("登录", "Sign in"),
    "signin_oidc": ("使用本单位账号登录", "Sign in with your organisation's account"),
    "signin_failed": ("用户名或密码不正确。", "Unknown user or wrong password."),
    "signin_slowed": ("登录失败次数过多，请 {s} 秒后再试。", "Too many failed sign-ins; try again in {s} s."),
    "signin_no_role": ("{who} 已通过身份验证，但尚未分配角色；请联系管理员。",
                       "{who} is signed in but has no role yet; ask an administrator."),
    "signin_session_expired": ("会话已过期，请重新登录。", "Your session has expired; please sign in again."),
    "signin_accounts_down": ("账号库暂时无法访问，请稍后再试。",
                             "The account store cannot be reached; try again later."),
    "signed_in_as": ("当前用户：", "Signed in as"),
    "sign_out": ("退出登录", "Sign out"),
    "role_line": ("角色：{roles}", "Role: {roles}"),
    "enterprises_line": ("所属企业：{ids}", "Your enterprises: {ids}"),
    "role_enterprise": ("企业用户", "enterprise"),
    "role_planner": ("规划人员", "planner"),
    "role_curator": ("数据管理员", "curator"),
    "role_admin": ("系统管理员", "administrator"),
    "access_denied": ("无权执行此操作：", "Not allowed:"),
    # evidence grades, sourced effects and measuring scenarios (lens, map, gap list, roadmap)
    "grade": ("证据等级", "Evidence grade"),
    "grade_filter": ("按证据等级筛选", "Filter by evidence grade"),
    "all_grades": ("全部等级", "All grades"),
    "grade_share": ("有来源场景占比", "Share with a source"),
    "matrix_grade_title": ("各单元中有来源支撑的场景占比（证据等级 A–C）",
                           "Share of each cell's scenarios a source backs (evidence grade A–C)"),
    "sourced_effect": ("有来源的效果", "Sourced effect"),
    "effect_quantified": ("有来源的量化效果", "quantified, sourced"),
    "effect_words": ("有来源的效果（文字）", "sourced, in words"),
    "no_sourced_effect": ("无有来源的效果", "no sourced effect"),
    "measures": ("计量的指标", "KPIs measured"),
    "measured_by_title": ("计量其指标的场景（{n} 个；提供数据，不是抓手）",
                          "Scenarios that measure its KPIs ({n}; they give the figures, they are not levers)"),
    "no_measuring": ("没有场景计量其指标。", "No scenario measures its KPIs."),
    "digital_limit": ("数字化场景的局限", "What digital scenarios cannot do"),
    "other_stage_prereq": ("其他环节的前提（不排入本路线图）", "From another stage (not a step here)"),
    "other_stage": ("其他环节的前提", "From another stage"),
    "open_in_lens": ("在政策目标透视中查看", "Open in the policy lens"),
    "target_stages": ("适用环节", "Applies at"),
    "paren": ("（{}）", " ({})"),
    # what changed since the previous release (overview)
    "changes_title": ("版本变化：{new} 与上一版本 {old} 相比",
                      "What changed: release {new} against the previous release {old}"),
    "changes_since": ("版本变化：自 {old} 发布以来（尚未发布新版本号）",
                      "What changed since release {old} (not yet released under a new number)"),
    "changes_nodes": ("节点", "Nodes"),
    "changes_rels": ("关系", "Relationships"),
    "changes_sources": ("来源", "Sources"),
    "changes_delta": ("新增 {a} · 删除 {r} · 修改 {c}", "+{a} added · −{r} removed · ~{c} changed"),
    "changes_kind": ("类型", "Kind"),
    "changes_what": ("变化", "Change"),
    "changes_name": ("名称", "Name"),
    "changes_fields": ("修改的字段", "Fields changed"),
    "changes_from": ("起点", "From"),
    "changes_to": ("终点", "To"),
    "changes_added": ("新增", "added"),
    "changes_removed": ("删除", "removed"),
    "changes_changed": ("修改", "changed"),
    "changes_count_added": ("新增", "Added"),
    "changes_count_removed": ("删除", "Removed"),
    "changes_count_changed": ("修改", "Changed"),
    "changes_none": ("与上一版本相比没有变化。", "Nothing changed since the previous release."),
    "changes_cli": ("命令行：`scenegraph diff` 列出每一处变化及其字段的新旧值。",
                    "On the command line, `scenegraph diff` lists every change with its old and new values."),
    # what each step is worth to the plant (self-assessment page, report)
    "val_cny_year": ("元/年", "CNY a year"),
    "val_note": ("依据或说明", "Source or note"),
    "val_title": ("每一步对本厂的价值（每年）", "What each step is worth to this plant (a year)"),
    "val_help": ("每步单独计算（仿佛只做这一步）：效果区间与不确定的输入均匀抽样，给出 P10/P50/P90；"
                 "只计来源给出数值的效果，其余写明“未量化”及原因。多步合计不简单相加：对同一指标的相对降低依次相乘，并以物理下限封顶。",
                 "Each step on its own (as if it were the only one): the effect's range and every uncertain input are "
                 "sampled uniformly, giving P10/P50/P90. Only an effect a source states with a number counts; every "
                 "other step says \"not quantified\" and why. Steps are not simply added up: relative reductions of "
                 "one KPI are applied one after another, capped at the physical floor."),
    "val_added": ("该批新增（P50）", "added by the wave (P50)"),
    "val_cumulative_band": ("累计（P50，P10–P90）", "cumulative (P50, P10–P90)"),
    "val_by_wave": ("每批次新增的年价值（P50）", "Value a year added by each wave (P50)"),
    "val_cumulative_title": ("计划的累计年价值", "The plan's cumulative value a year"),
    "val_optimise": ("按价值优化排序", "Optimise the order for value"),
    "val_optimise_help": ("在每批次的容量（上面的“计划输入”）和可选的年度预算/工作量内，"
                          "按期望价值重新排列路线图的步骤；不违反任何前置条件（OR-Tools CP-SAT 求解）。",
                          "Re-orders the roadmap's steps for the most expected value within each wave's capacity (the "
                          "planning inputs above) and an optional budget or effort per year, never breaking a "
                          "prerequisite (solved with OR-Tools CP-SAT)."),
    "val_budget": ("每年预算或工作量（可选，与步骤工作量同单位）", "Budget or effort per year (optional, in the steps' "
                   "effort unit)"),
    "val_optimised_note": ("优化结果：{status}，用时 {s:.2f} 秒；目标值 {best:,} 对比当前 {today:,}。",
                           "Optimised: {status} in {s:.2f} s; objective {best:,} against today's {today:,}."),
    "download_value_csv": ("下载价值表（CSV）", "Download the value table (CSV)"),
    "val_same": ("优化后的顺序在计划期内交付的价值与当前顺序相同：在这些容量下，重新排序有价值的步骤没有收益。"
                 "给每批次设定容量或年度预算，优化才会在批次之间取舍。",
                 "The optimised order delivers as much value over the horizon as today's: within these capacities "
                 "re-ordering the valued steps gains nothing. Give each wave a capacity or a yearly budget and the "
                 "optimiser chooses between waves."),
    "val_no_value": ("路线图中没有可量化的步骤，无法按价值优化：先填写工厂概况。",
                     "No step of the roadmap is quantified, so there is nothing to optimise for: fill in the plant "
                     "profile first."),
    "profile": ("工厂概况", "Plant profile"),
    "unit": ("单位", "Unit"),
    "profile_help": ("用于估算每一步对本厂的价值；与自评一起保存，同样私有。未填写的项使用默认值（标明来源）。",
                     "Used to value each step for this plant; saved with the self-assessment and as private. What you "
                     "leave empty uses the default, shown with its source."),
    "profile_capacity": ("{stage} 产能（吨/年）", "{stage} capacity (t/a)"),
    "profile_price": ("到厂电价（元/kWh）", "Delivered power price (CNY/kWh)"),
    "profile_power_source": ("电力来源", "Power used"),
    "profile_power_grid": ("电网购电", "Grid"),
    "profile_power_ppa": ("绿电直供/购电协议", "PPA"),
    "profile_power_green_certificates": ("绿证", "Green certificates"),
    "profile_factor": ("电力排放因子（t CO2/MWh）", "Emission factor of the power (t CO2/MWh)"),
    "profile_carbon": ("碳价（元/t CO2e）", "Carbon price (CNY/t CO2e)"),
    "profile_kpis": ("本厂当前指标（已知的填写）", "The plant's current KPIs (where known)"),
    "profile_more_kpis": ("其他指标（已知的在表中填写下限和上限；只有一个数时两格填同一个数或只填一格）：",
                          "Other KPIs (where known, give low and high in the table; one number: fill in one box):"),
    "profile_low": ("下限", "low"),
    "profile_high": ("上限", "high"),
    "profile_default": ("默认值 {value} {unit}：{source}", "Default {value} {unit}: {source}"),
    "profile_default_illustrative": ("示意默认值", "illustrative default"),
    "profile_use_own": ("填写本企业的数值", "Give your own value"),
    "profile_invalid": ("工厂概况有误：", "The plant profile has problems:"),
    "dist_title": ("与政策线的距离", "Distance to the policy line"),
    "dist_kpi": ("指标", "KPI"),
    "dist_current": ("当前", "Today"),
    "dist_line": ("政策线", "Policy line"),
    "dist_gap": ("差距", "Gap"),
    "dist_closed": ("计划可弥补（P10–P90）", "The plan could close (P10–P90)"),
    "dist_after": ("计划后（P50）", "After the plan (P50)"),
    "dist_none": ("工厂概况中没有政策线所涉及的指标当前值（如电解交流电耗）。",
                  "The profile holds no current value of a KPI the policy lines name (such as the potline's AC "
                  "kWh/t)."),
    # the pooled potential of saved plans (observatory, planners)
    "obs_tab_potential": ("已保存计划的潜力", "Potential of saved plans"),
    "pot_intro": ("汇总各企业最近一次保存的计划（至 3 级的路线图，按其工厂概况估值）每年的中位值（P50）之和；"
                  "只显示至少 {k} 家企业、且其中至少 {k} 份计划已估值的分组，与其他观测视图同样按月末发布、防推算。"
                  "中位值之和不是合计的中位值。",
                  "The sum, over enterprises, of the median (P50) a year of each one's latest saved plan (the roadmap "
                  "to level 3, valued with its plant profile). Only groups of at least {k} enterprises with at least "
                  "{k} valued plans are shown, published at month ends and safe against differencing like every "
                  "other observatory view. A sum of medians is not the median of the sum."),
    "pot_valued": ("已估值计划数", "Plans valued"),
    "pot_kwh": ("年节电潜力（kWh，P50 之和）", "Electricity a year (kWh, sum of P50)"),
    "pot_tco2e": ("年减排潜力（t CO2e，P50 之和）", "Emissions a year (t CO2e, sum of P50)"),
    "pot_cny": ("年价值（元，P50 之和）", "Value a year (CNY, sum of P50)"),
    "pot_hidden": ("不显示", "not shown"),
    "pot_hidden_note": ("“不显示”：该分组已估值的计划少于 {k} 份、由一家的计划主导，或可由其他分组推算。",
                        "\"not shown\": fewer than {k} valued plans in the group, one plan dominates it, or it could "
                        "be derived from the other groups."),
    "pot_none": ("本月末尚无已估值的计划：企业在自评页填写工厂概况并保存后，其计划的潜力才会计入。",
                 "No valued plan as of this month end: a plan counts once its enterprise fills in the plant profile "
                 "on the self-assessment page and saves."),
    "pot_targets": ("对照 2027 年目标", "Against the 2027 targets"),
    "pot_target": ("目标", "Target"),
    "pot_reporting": ("填报该指标的计划数", "Plans reporting the KPI"),
    "pot_meets_now": ("目前已达到", "Meet it today"),
    "pot_meets_plan": ("按计划（P50）可达到", "Meet it with the plan (P50)"),
}


def t(key: str, lang: str) -> str:
    zh, en = _STRINGS[key]
    return pick(lang, zh, en)
