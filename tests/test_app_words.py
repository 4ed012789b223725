"""Words and release in the interface language (issue 22, items 7 and 10) through AppTest: what changed since the
previous release on the overview, named in the page's language."""

from __future__ import annotations

import pytest

from tests.conftest import app_test


def _open(monkeypatch, page: str, lang: str):
    at = app_test(monkeypatch)
    at.query_params["lang"] = lang
    at.run()
    assert not at.exception, at.exception
    if page != "overview":
        at.switch_page(f"views/{page}.py").run()
        assert not at.exception, at.exception
    return at


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_overview_says_what_changed_since_the_previous_release(monkeypatch, lang):
    at = _open(monkeypatch, "overview", lang)
    [exp] = [e for e in at.expander if "2.0.0" in e.label.replace("\\", "")]
    assert exp.label.replace("\\", "").startswith("版本变化" if lang == "zh" else "What changed")
    text = " ".join(m.value for m in exp.markdown)
    assert ("节点：新增" if lang == "zh" else "Nodes: +") in text.replace("\\", "")
    counts, nodes, rels = (df.value for df in exp.dataframe)
    kinds = set(counts.iloc[:, 0])
    assert ("指标" if lang == "zh" else "KPI") in kinds and ("KPI" not in kinds if lang == "zh" else True)
    names = set(nodes.iloc[:, 2])
    # names in the page's language, never ids
    assert ("直流电耗" if lang == "zh" else "DC energy consumption") in names
    assert not any(str(n).startswith(("kpi_", "sc_", "tgt_")) for n in names)
    assert ("修改" if lang == "zh" else "changed") in set(nodes.iloc[:, 0])
    assert not any(str(n).startswith(("kpi_", "sc_", "tgt_")) for n in rels.iloc[:, 1])
    assert ("说明" if lang == "zh" else "Description") in " ".join(nodes.iloc[:, 3])



def _record_downloads(monkeypatch) -> dict[str, bytes]:
    """Every file Streamlit stores for a download, by the file name it offers (the media storage still stores it)."""
    from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage

    files: dict[str, bytes] = {}
    real = MemoryMediaFileStorage.load_and_get_id

    def spy(self, path_or_data, mimetype, kind, filename=None):
        if filename:
            files[filename] = path_or_data if isinstance(path_or_data, bytes) else b""
        return real(self, path_or_data, mimetype, kind, filename)

    monkeypatch.setattr(MemoryMediaFileStorage, "load_and_get_id", spy)
    return files


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_lens_printable_page_and_its_downloads_name_the_release(monkeypatch, shipped, lang):
    files = _record_downloads(monkeypatch)
    at = app_test(monkeypatch)
    at.query_params["lang"] = lang
    at.query_params["target"] = "tgt_2027_red_mud_utilisation_new"
    at.switch_page("views/lens.py").run()
    assert not at.exception, at.exception
    v, d = shipped.release["version"], shipped.release["date"]
    stem = f"lens-tgt_2027_red_mud_utilisation_new-release-{v}"
    assert {f"{stem}.csv", f"{stem}.html"} <= set(files)
    page = files[f"{stem}.html"].decode()
    assert (f"图谱版本 {v}（{d}）" if lang == "zh" else f"Graph release {v} ({d})") in page


def test_streamlit_s_own_english_menu_is_hidden():
    """Streamlit's main menu ("Print", "Record screen") speaks English only: "minimal" shows no menu at all (no
    item is added), and no Deploy button either."""
    import tomllib
    from pathlib import Path

    config = tomllib.loads((Path(__file__).resolve().parents[1] / ".streamlit" / "config.toml").read_text())
    assert config["client"]["toolbarMode"] == "minimal"
