"""Interface strings in Chinese and English. Data carries its own names (name_zh / name_en)."""

from __future__ import annotations

from typing import Literal

__all__ = ["LANGS", "Lang", "t"]

Lang = Literal["zh", "en"]
LANGS: tuple[Lang, ...] = ("zh", "en")

_STRINGS: dict[str, tuple[str, str]] = {
    "app_title": ("铝产业链数字化转型场景图谱", "Aluminium-chain digital-transformation scenario graph"),
    "overview": ("概览", "Overview"),
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
    "data_error": ("数据未通过校验，请修正以下问题：", "The data did not validate; fix these problems:"),
    "col_id": ("编号", "Id"),
    "col_label": ("类型", "Label"),
    "col_name": ("名称", "Name"),
    "col_other": ("英文名", "Chinese name"),
    "domain": ("业务领域", "Domain"),
    "stage": ("生产环节", "Stage"),
    "count": ("场景数", "Scenarios"),
    "backend_embedded": ("数据后端：内置图（无需服务器）", "Backend: embedded graph (no server)"),
    "backend_neo4j": ("数据后端：Neo4j", "Backend: Neo4j"),
    "neo4j_down": ("Neo4j 无法连接，当前使用内置图谱，保存的评估写入本机。", "Neo4j is unreachable; the embedded graph "
                   "is in use and assessments are saved on this machine."),
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
    "months": ("月", "months"),
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
    "upload_failed": ("上传的文件无法使用，已有答案保持不变：", "The upload cannot be used; the answers given stay:"),
    "download_json": ("下载 JSON", "Download JSON"),
    "download_csv": ("下载 CSV", "Download CSV"),
    "download_html": ("下载报告（HTML）", "Download the report (HTML)"),
    "download_md": ("下载报告（Markdown）", "Download the report (Markdown)"),
    "pick_stages": ("请先选择企业运营的生产环节。", "Pick the stages the enterprise operates first."),
    "reload": ("载入", "Reload"),
    "invalid": ("输入有误：", "Invalid input:"),
    "answered": ("已作答", "Answered"),
}


def t(key: str, lang: Lang) -> str:
    zh, en = _STRINGS[key]
    return zh if lang == "zh" else en
