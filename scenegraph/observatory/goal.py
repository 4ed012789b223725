"""The national goal the observatory measures against, with its source of record."""

from __future__ import annotations

from dataclasses import dataclass

from scenegraph.base.i18n import pick

__all__ = ["NATIONAL_GOAL", "Goal"]


@dataclass(frozen=True)
class Goal:
    level: int  # maturity level (GB/T 39116) an enterprise must reach to count
    share: float  # share of enterprises the goal asks for
    year: int
    text_zh: str
    text_en: str
    # the source of record, cited in the brief and the CSV
    publisher: str
    title: str
    identifier: str
    date: str

    def citation(self, lang: str = "zh") -> str:
        return pick(lang, f"{self.title}（{self.publisher}，{self.identifier}，{self.date}）",
                    f"{self.title} ({self.publisher}, {self.identifier}, {self.date})")


#: 《“十四五”原材料工业发展规划》: by 2025 more than 20 % of raw-materials enterprises at intelligent-manufacturing
#: maturity level 3 (集成级) or above.
NATIONAL_GOAL = Goal(
    level=3, share=0.20, year=2025,
    text_zh="原材料工业智能制造能力成熟度 3 级及以上企业占比超过 20%（2025 年）",
    text_en="more than 20 % of raw-materials enterprises at intelligent-manufacturing maturity level 3 or above "
            "(by 2025)",
    publisher="工业和信息化部、科学技术部、自然资源部",
    title="《“十四五”原材料工业发展规划》",
    identifier="工信部联规〔2021〕212号",
    date="2021-12",
)
