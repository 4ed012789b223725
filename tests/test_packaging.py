"""`pip install .` must work from outside the repository: data/ and cypher/ ship inside the wheel."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_wheel_carries_data_and_runs_outside_the_repository(tmp_path: Path):
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(tmp_path),
         str(ROOT)],
        check=True, capture_output=True,
    )
    wheel = next(tmp_path.glob("scenegraph-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    shipped = sorted(p.name for p in (ROOT / "data").glob("*.yaml"))
    for name in shipped:
        assert f"scenegraph/_resources/data/{name}" in names
    for lang in ("zh", "en"):  # the interface catalogue a translator edits, read by scenegraph.base.i18n
        assert f"scenegraph/base/catalogue/{lang}.yaml" in names
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    # run from an unrelated folder with only the unpacked wheel (and the test venv's dependencies) on the path
    done = subprocess.run(
        [sys.executable, "-c", "import sys; sys.path.insert(0, sys.argv[1]); "
         "import scenegraph.base.resources as r; from scenegraph.cli.main import main; "
         "from scenegraph.base.i18n import t; print(t('app_title', 'en')); "
         "print(r.data_dir()); sys.exit(main(['validate']))", str(site)],
        cwd=tmp_path, capture_output=True, text=True,
    )
    assert done.returncode == 0, done.stderr
    assert str(site) in done.stdout and "valid:" in done.stdout
    assert "Aluminium-chain digital-transformation scenario graph" in done.stdout
