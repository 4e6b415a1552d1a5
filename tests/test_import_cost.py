"""What a whole `opendata validate` process imports (issue 18): only what validation uses.

The real command runs in a child process with `-X importtime`, which lists every module the
interpreter imported, and the list is read back: rendering (Jinja, MkDocs, Markdown), charts
(altair, vl-convert), pandas and numpy must not be in it; the validator's own libraries must
(so the probe is seen to work). Import times are not asserted: the benchmark measures them.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BASE = ROOT / "tests" / "fixtures" / "validate" / "base"
# numpy too: polars does all the validator's work, and numpy's import alone is about 13 MiB
# of a whole run's peak memory (issue 18's target is 1.5x frictionless' peak).
NOT_FOR_VALIDATION = ("numpy", "jinja2", "markdown", "pymdownx", "mkdocs", "material", "altair", "vl_convert",
             "pandas", "nh3", "babel", "generator.build", "generator.charts",
             "generator.sitedata", "generator.content", "generator.pages",
             "generator.render_cache", "generator.mkdocs_site")
PUBLICATION = """known_warnings:
  - path: datasets/jjm-coverage/coverage.csv
    code: percent-inconsistent
    rows: [2]
    reason: The source prints this percentage as it is.
"""
_IMPORTED = re.compile(r"^import time:\s+\d+ \|\s+\d+ \| ( *)(\S+)$")


def imported(*args: str, cwd: Path) -> tuple[subprocess.CompletedProcess, set[str]]:
    """Run `opendata ARGS` with -X importtime: the process and every module it imported."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-X", "importtime", "-m", "generator.cli", *args],
                          cwd=cwd, capture_output=True, text=True, env=env, timeout=300)
    modules = {m.group(2) for m in map(_IMPORTED.match, done.stderr.splitlines()) if m}
    return done, modules


def loaded(modules: set[str], name: str) -> bool:
    """Whether `name` or any of its submodules was imported."""
    return any(m == name or m.startswith(name + ".") for m in modules)


@pytest.fixture()
def project(tmp_path: Path) -> Path:
    """The validation fixture's packages, with a warning planted and acknowledged in
    publication.yml (so the publication file is read, as in a real project)."""
    shutil.copytree(BASE, tmp_path / "datasets")
    csv = tmp_path / "datasets" / "jjm-coverage" / "coverage.csv"
    csv.write_text(csv.read_text(encoding="utf-8").replace("95.83", "59.83"), encoding="utf-8")
    (tmp_path / "publication.yml").write_text(PUBLICATION, encoding="utf-8")
    return tmp_path


def test_validate_imports_no_rendering(project: Path) -> None:
    """A real `opendata validate` run loads the validator and nothing of the site builder;
    nor frictionless, as every field of the fixture is plain (generator/validate/fields.py)."""
    done, modules = imported("validate", cwd=project)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "1 known warning acknowledged" in done.stderr
    assert {"polars", "yaml", "generator.validate.fast", "generator.validate.fields"} <= modules
    assert [name for name in NOT_FOR_VALIDATION if loaded(modules, name)] == []
    assert not loaded(modules, "frictionless") and not loaded(modules, "pydantic")


def test_a_field_fields_py_does_not_read_imports_frictionless(project: Path) -> None:
    """A date in another format than the default is read by frictionless: imported then."""
    descriptor = project / "datasets" / "jjm-coverage" / "datapackage.json"
    text = descriptor.read_text(encoding="utf-8")
    assert '"type": "date"' in text
    descriptor.write_text(text.replace('"type": "date"', '"type": "date", "format": "%Y-%m-%d"',
                                       1), encoding="utf-8")
    done, modules = imported("validate", cwd=project)
    assert done.returncode == 0, done.stderr[-2000:]
    assert loaded(modules, "frictionless")


def test_validate_json_imports_no_rendering(project: Path) -> None:
    """The --json report (CI's form) loads no more than the plain one."""
    done, modules = imported("validate", "--json", cwd=project)
    assert done.returncode == 0 and done.stdout.startswith("{")
    assert [name for name in NOT_FOR_VALIDATION if loaded(modules, name)] == []


def test_help_imports_no_validator(tmp_path: Path) -> None:
    """`opendata --help` loads neither the validator's libraries nor the site builder's."""
    done, modules = imported("--help", cwd=tmp_path)
    assert done.returncode == 0 and done.stdout.startswith("usage: opendata")
    assert "argparse" in modules
    heavy = ("polars", "frictionless", "yaml", "generator.validate", *NOT_FOR_VALIDATION)
    assert [name for name in heavy if loaded(modules, name)] == []


def test_build_and_page_kinds_import_no_altair() -> None:
    """The build and every page kind load altair only when a chart is drawn (issue 18): a
    rebuild whose charts all come from the cache does not pay for its import; drawing one
    chart does load it (so the probe is seen to work)."""
    probe = ("import sys, generator.build, generator.pages.ranking, page_kinds.coverage, "
             "page_kinds.coverage_charts, page_kinds.livelihoods, page_kinds.states, "
             "page_kinds.districts, page_kinds.partners; "
             "print('altair' in sys.modules); "
             "from generator import charts; charts.chart_title('A title', ['a line']); "
             "print('altair' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True,
                          text=True, env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=300)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["False", "True"]
