"""The interface catalogue as data a translator edits (scenegraph/base/catalogue/zh.yaml and en.yaml): both files
hold the same keys, every key is used by the code (written out in full, or built from a prefix listed below),
every placeholder is in both languages, and no code outside scenegraph/base/i18n.py picks a language by hand."""

from __future__ import annotations

import re
import string
from pathlib import Path

import yaml

from scenegraph.base.i18n import CATALOGUE, CATALOGUE_DIR, LANGS, t

ROOT = Path(__file__).resolve().parents[2]
CODE = [*sorted((ROOT / "scenegraph").rglob("*.py")), ROOT / "app.py", *sorted((ROOT / "views").glob("*.py"))]
#: keys the code builds at run time (t(f"prefix{value}", lang)): the file that builds them and the prefix it uses.
#: A key of the catalogue starting with one of these prefixes counts as used while the file still builds it.
BUILT = {
    "obs_dim_": "scenegraph/ui/observatory.py",
    "fmt_": "scenegraph/ui/export.py",
    "role_": "scenegraph/ui/signin.py",
    "signin_": "scenegraph/ui/signin.py",
    "changes_": "scenegraph/ui/changes.py",
    "net_": "scenegraph/ui/network.py",
    "size_": "scenegraph/ui/network.py",
    "target_": "scenegraph/graph/words.py",
    "obs_seg_": "scenegraph/present/observatory.py",
    "val_in_": "scenegraph/assess/valuation.py",
    "profile_power_": "scenegraph/ui/value.py",
}


def _code() -> str:
    return "\n".join(p.read_text(encoding="utf-8") for p in CODE)


def test_both_languages_hold_the_same_keys():
    zh, en = CATALOGUE["zh"], CATALOGUE["en"]
    assert sorted(set(zh) - set(en)) == [], "keys in zh.yaml only"
    assert sorted(set(en) - set(zh)) == [], "keys in en.yaml only"
    assert all(zh[k].strip() and en[k].strip() for k in zh if k not in ("colon", "list_sep", "clause_sep")), \
        [k for k in zh if not (zh[k].strip() and en[k].strip())]


def test_the_files_are_one_key_per_line_and_read_back_exactly():
    """What a translator sees is what the app shows: no YAML anchors, merges or multi-line tricks."""
    for lang in LANGS:
        text = (CATALOGUE_DIR / f"{lang}.yaml").read_text(encoding="utf-8")
        entries = [line for line in text.splitlines() if line and not line.startswith("#")]
        assert len(entries) == len(CATALOGUE[lang]), f"{lang}.yaml: one line per key"
        assert yaml.safe_load(text) == CATALOGUE[lang]


def test_placeholders_are_the_same_in_both_languages():
    def fields(text: str) -> set[str]:
        return {f for _, f, _, _ in string.Formatter().parse(text) if f is not None}

    differ = {k: (fields(CATALOGUE["zh"][k]), fields(CATALOGUE["en"][k])) for k in CATALOGUE["zh"]
              if fields(CATALOGUE["zh"][k]) != fields(CATALOGUE["en"][k])}
    assert differ == {}


def test_every_key_is_used_by_the_code():
    code = _code()
    written = set(re.findall(r"""["']([a-z][a-z0-9_]*)["']""", code))
    for prefix, where in BUILT.items():
        assert re.search(r"""f["']""" + re.escape(prefix) + r"\{", (ROOT / where).read_text(encoding="utf-8")), \
            f"{where} no longer builds {prefix}...: drop it from BUILT (and the keys it built, if unused)"
    unused = sorted(k for k in CATALOGUE["zh"] if k not in written and not k.startswith(tuple(BUILT)))
    assert unused == [], f"keys no code uses (delete them from both catalogue files): {unused}"


def test_every_key_written_in_code_is_in_the_catalogue():
    """t("some_key", lang) with a key the catalogue lacks would fail only when that page runs."""
    asked = set(re.findall(r"""\bt\(\s*["']([a-z][a-z0-9_]*)["']\s*,""", _code()))
    assert sorted(asked - set(CATALOGUE["zh"])) == []


def test_no_language_is_picked_by_hand_outside_i18n():
    """One helper picks a language (pick, t, other, name in scenegraph/base/i18n.py): a `lang == "zh"` elsewhere
    is a second place to change when a language is added, and a place where the two can disagree."""
    by_hand = re.compile(r"""[!=]=\s*["'](zh|en)["']|["'](zh|en)["']\s*[!=]=""")
    found = [f"{p.relative_to(ROOT)}:{i}" for p in CODE if p.name != "i18n.py" or p.parent.name != "base"
             for i, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1) if by_hand.search(line)]
    assert found == []


def test_t_reads_the_catalogue():
    assert t("app_title", "en") == CATALOGUE["en"]["app_title"]
    assert t("app_title", "en") == "Aluminium-chain digital-transformation scenario graph"
    assert t("app_title", "zh") == "铝产业链数字化转型场景图谱"
    assert t("colon", "zh") == "：" and t("colon", "en") == ": "
