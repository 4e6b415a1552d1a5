"""`opendata diff` and `opendata release` set the publication's known warnings aside as
`opendata validate` does: counted in one line, listed with -v, a new warning still shown."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BASE = ROOT / "tests" / "fixtures" / "validate" / "base"
COV = "datasets/jjm-coverage/coverage.csv"
# Two warnings planted in the fixture: a stated percent (row 2, acknowledged), a sum (row 4).
PERCENT = f"{COV}:2:hh_tap_pct: percent-inconsistent: warning: "
SUM = f"{COV}:4:hh_tap_lakh: sum-inconsistent: warning: "
COUNTED = "1 known warning acknowledged in publication.yml (-v lists them)"
ACKNOWLEDGE = """known_warnings:
  - path: datasets/jjm-coverage/coverage.csv
    code: percent-inconsistent
    rows: [2]
    reason: The source prints this percentage as it is.
"""
LISTED = "publication.yml:2:known_warnings[1]: acknowledged: 1 warning: The source prints " \
         "this percentage as it is."


def opendata(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    """The real command, its output through pipes (not a terminal, so no colour)."""
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")}
    return subprocess.run([sys.executable, "-m", "generator.cli", *args], cwd=cwd,
                          capture_output=True, text=True, timeout=300,
                          env={**env, "PYTHONPATH": str(ROOT)})


def git(*args: str, cwd: Path) -> None:
    """A git command in the temporary project, as a fixed author."""
    subprocess.run(["git", "-c", "user.name=Test", "-c", "user.email=test@example.org",
                    "-c", "commit.gpgsign=false", *args], cwd=cwd, check=True,
                   capture_output=True)


@pytest.fixture()
def project(tmp_path: Path) -> Path:
    """A git project: the fixture's packages with two warnings planted, one acknowledged in
    publication.yml, committed (HEAD) and unchanged in the work tree."""
    shutil.copytree(BASE, tmp_path / "datasets")
    csv = tmp_path / COV
    csv.write_text(csv.read_text(encoding="utf-8").replace("95.83", "59.83")
                   .replace("78.97", "79.87"), encoding="utf-8")
    (tmp_path / "publication.yml").write_text(ACKNOWLEDGE, encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text("site_name: Test\n", encoding="utf-8")
    git("init", "-q", cwd=tmp_path)
    git("add", "-A", cwd=tmp_path)
    git("commit", "-q", "-m", "data", cwd=tmp_path)
    return tmp_path


def plant_error(project: Path) -> None:
    """Row 3's total becomes text: a type error in the work tree."""
    csv = project / COV
    lines = csv.read_text(encoding="utf-8").splitlines(keepends=True)
    cells = lines[2].split(",")
    cells[2] = "abc"
    lines[2] = ",".join(cells)
    csv.write_text("".join(lines), encoding="utf-8")


def test_diff_counts_acknowledged_warnings_and_shows_new_ones(project: Path) -> None:
    """Each side: the new warning (the revision's with its prefix), then the count line; the
    acknowledged one is never printed; the report alone on stdout."""
    done = opendata("diff", "HEAD", "working-tree", cwd=project)
    assert done.returncode == 0, done.stderr
    lines = done.stderr.splitlines()
    assert len(lines) == 4, lines
    assert lines[0].startswith(f"HEAD:{SUM}") and lines[1] == COUNTED
    assert lines[2].startswith(SUM) and lines[3] == COUNTED
    assert "percent-inconsistent" not in done.stderr
    assert done.stdout.startswith("# Changes from `HEAD (")


def test_diff_verbose_lists_them_under_their_reason(project: Path) -> None:
    """-v: each entry's line and reason, then the warnings it covers, with the side's paths."""
    done = opendata("diff", "-v", "HEAD", "working-tree", cwd=project)
    assert done.returncode == 0, done.stderr
    lines = done.stderr.splitlines()
    assert lines[1] == LISTED and lines[1 + 3] == LISTED
    assert lines[2].startswith(f"  HEAD:{PERCENT}") and lines[5].startswith(f"  {PERCENT}")


def test_diff_quiet_prints_no_warning(project: Path) -> None:
    """-q: neither the new warnings nor the count."""
    done = opendata("diff", "-q", "HEAD", cwd=project)
    assert (done.returncode, done.stderr) == (0, "")


def test_refused_diff_leaves_acknowledged_warnings_out(project: Path) -> None:
    """An invalid side: its error and new warning, the count, and a summary that says
    '1 acknowledged'; exit 1."""
    plant_error(project)
    done = opendata("diff", "HEAD", cwd=project)
    assert done.returncode == 1
    assert "percent-inconsistent" not in done.stderr
    assert f"{COV}:3:total_rural_hh_lakh: type-error: " in done.stderr
    assert done.stderr.count(COUNTED) == 2
    assert "working-tree: INVALID: 2 packages, 3 resources" in done.stderr
    assert "1 error, 1 warning, 1 acknowledged\ndiff refused" in done.stderr


def test_release_counts_acknowledged_warnings(project: Path) -> None:
    """`opendata release --check` and `--from HEAD`: the new warning and the count line."""
    done = opendata("release", "--check", cwd=project)
    assert done.returncode == 0, done.stderr
    assert done.stderr.splitlines()[1:] == [COUNTED]
    assert done.stderr.startswith(SUM) and "percent-inconsistent" not in done.stderr
    assert "is not archived yet" in done.stdout
    done = opendata("release", "--check", "--from", "HEAD", cwd=project)
    assert done.returncode == 0, done.stderr
    assert done.stderr.startswith(f"HEAD:{SUM}") and done.stderr.splitlines()[1:] == [COUNTED]


def test_refused_release_leaves_acknowledged_warnings_out(project: Path) -> None:
    """An invalid release: its error, the new warning and the count; nothing archived."""
    plant_error(project)
    done = opendata("release", cwd=project)
    assert done.returncode == 1
    assert "percent-inconsistent" not in done.stderr and COUNTED in done.stderr
    assert done.stderr.rstrip().endswith("1 error, 1 warning, 1 acknowledged; nothing archived")
    assert not (project / "releases").exists()


def test_unreadable_known_warnings_stop_diff_and_release(project: Path) -> None:
    """An entry without its reason is a configuration error at its line: exit 2, as validate."""
    (project / "publication.yml").write_text(ACKNOWLEDGE.replace(
        "    reason: The source prints this percentage as it is.\n", ""), encoding="utf-8")
    for args in (("diff", "HEAD"), ("release", "--check")):
        done = opendata(*args, cwd=project)
        assert done.returncode == 2, args
        assert done.stderr.startswith("publication.yml:2:known_warnings[1].reason: missing-key: ")
        assert "known_warnings cannot be read" in done.stderr
