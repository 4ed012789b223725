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
}


def t(key: str, lang: Lang) -> str:
    zh, en = _STRINGS[key]
    return zh if lang == "zh" else en
