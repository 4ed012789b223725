"""Interface strings in Chinese and English (read from catalogue/zh.yaml and en.yaml, which translators edit), and
the one helper that picks a language (`pick`). Data carries its own names (name_zh / name_en); schema words
(labels, relationships, properties, enumerated values) live beside the schema, in scenegraph.graph.words."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path
from typing import Any, Literal, NamedTuple, TypeVar

import yaml

__all__ = ["CATALOGUE", "CATALOGUE_DIR", "DEFAULT_LANG", "LANGS", "Bilingual", "Lang", "as_lang", "name", "other",
           "pick", "short_lines", "t"]

Lang = Literal["zh", "en"]
LANGS: tuple[Lang, ...] = ("zh", "en")
#: the language of the interface when nothing says otherwise (the plan's readers are Chinese)
DEFAULT_LANG: Lang = "zh"

T = TypeVar("T")


def as_lang(value: object) -> Lang:
    """A language code from anywhere (URL, CLI, session): 'zh' or 'en', the default for anything else."""
    return value if value in LANGS else DEFAULT_LANG


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
    return str(props[pick(lang, "name_zh", "name_en")])


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


#: the interface catalogue, one file per language beside this module (catalogue/zh.yaml, catalogue/en.yaml): a
#: `key: "text"` line per key, for translators to edit; read once, here. tests/test_i18n_catalogue.py keeps the two
#: files' keys equal and finds keys no code uses.
CATALOGUE_DIR = Path(__file__).with_name("catalogue")


def _read_catalogue(lang: Lang) -> dict[str, str]:
    path = CATALOGUE_DIR / f"{lang}.yaml"
    texts = yaml.load(path.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    if not isinstance(texts, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in texts.items()):
        raise ValueError(f"{path}: every line of the interface catalogue is key: \"text\"")
    return texts


CATALOGUE: dict[Lang, dict[str, str]] = {lang: _read_catalogue(lang) for lang in LANGS}


def t(key: str, lang: str) -> str:
    """The interface text of `key` in `lang`."""
    return pick(lang, CATALOGUE["zh"], CATALOGUE["en"])[key]
