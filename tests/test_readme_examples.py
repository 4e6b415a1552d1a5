"""The README's release example works as written in a fresh clone: `opendata diff v1.0.0
working-tree` reads release 1.0.0 from the archive committed in releases/, tags or no tags."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
BASE = ROOT / "tests" / "fixtures" / "validate" / "base"


def opendata(args: list[str], cwd: Path) -> subprocess.CompletedProcess:
    """The command, with the engine of the folder it runs in (a clone runs its own code)."""
    return subprocess.run([sys.executable, "-m", "generator.cli", *args], cwd=cwd,
                          capture_output=True, text=True, timeout=600,
                          env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(cwd),
                               "HOME": str(cwd), "LANG": "C.UTF-8"})


def git(*args: str, cwd: Path) -> str:
    """A git command as a fixed author; its standard output."""
    done = subprocess.run(["git", "-c", "user.name=Test", "-c", "user.email=test@example.org",
                           "-c", "commit.gpgsign=false", *args], cwd=cwd, check=True,
                          capture_output=True, text=True)
    return done.stdout


def readme_diff_example() -> list[str]:
    """The arguments of the README's `.venv/bin/opendata diff v1.0.0 working-tree`, read from
    its section 'Releases and what changed'."""
    section = README.read_text(encoding="utf-8").split("## Releases and what changed", 1)[1]
    found = re.search(r"`\.venv/bin/opendata (diff v1\.0\.0 working-tree)`", section)
    assert found, "the README's release steps no longer show the diff example"
    return found.group(1).split()


def test_readme_diff_example_in_a_fresh_clone_without_tags(tmp_path: Path) -> None:
    """A clone of the committed repository, without its tags (as CI may check it out): the
    example reads release 1.0.0 from releases/ and prints its report."""
    clone = tmp_path / "clone"
    git("clone", "--quiet", "--no-tags", str(ROOT), str(clone), cwd=tmp_path)
    assert git("tag", "--list", cwd=clone) == ""
    assert (clone / "releases" / "index.json").is_file(), "release 1.0.0 is not archived"
    done = opendata(readme_diff_example(), clone)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("# Changes from `v1.0.0 (releases/)` to `working-tree`\n")
    assert re.search(r"^\d+ packages compared: ", done.stdout, re.M)


@pytest.fixture()
def archived(tmp_path: Path) -> Path:
    """A git project of the fixture packages whose release 1.0.0 is archived and committed."""
    shutil.copytree(BASE, tmp_path / "datasets")
    (tmp_path / "mkdocs.yml").write_text("site_name: Test\n", encoding="utf-8")
    git("init", "--quiet", cwd=tmp_path)
    done = opendata(["release"], tmp_path)
    assert done.returncode == 0 and "archived release 1.0.0" in done.stdout, done.stderr
    git("add", "-A", cwd=tmp_path)
    git("commit", "--quiet", "-m", "release 1.0.0", cwd=tmp_path)
    return tmp_path


def test_an_archived_release_is_a_diff_side(archived: Path) -> None:
    """`v1.0.0` and `1.0.0` name the archived release where no revision has that name; the
    changed row shows against it."""
    csv = archived / "datasets" / "jjm-coverage" / "coverage.csv"
    csv.write_text(csv.read_text(encoding="utf-8").replace("95.83", "95.84"), encoding="utf-8")
    for name in ("v1.0.0", "1.0.0"):
        done = opendata(["diff", name, "working-tree", "--json"], archived)
        assert done.returncode == 0, done.stderr
        assert f'"old": "{name} (releases/)"' in done.stdout
        assert '"95.83"' in done.stdout and '"95.84"' in done.stdout


def test_a_tag_of_that_name_is_read_from_git(archived: Path) -> None:
    """Where a tag v1.0.0 exists, the side is that revision, as before."""
    git("tag", "-a", "v1.0.0", "-m", "Data release 1.0.0", cwd=archived)
    done = opendata(["diff", "v1.0.0", "working-tree"], archived)
    assert done.returncode == 0, done.stderr
    assert re.match(r"# Changes from `v1\.0\.0 \([0-9a-f]{12}\)` to `working-tree`", done.stdout)


def test_a_damaged_archive_is_a_problem_at_its_file(archived: Path) -> None:
    """A zip that no longer matches its sha256: the problem at releases/, nothing compared."""
    index = archived / "releases" / "index.json"
    zip_file = next(p for p in sorted((archived / "releases").glob("*.zip")))
    zip_file.write_bytes(zip_file.read_bytes() + b"\0")
    done = opendata(["diff", "v1.0.0", "working-tree"], archived)
    assert done.returncode == 1
    assert f"releases/{zip_file.name}:" in done.stderr and index.is_file()
    assert "diff refused: both sides must be valid data" in done.stderr
    unknown = opendata(["diff", "v2.0.0"], archived)
    assert unknown.returncode == 2 and "nor a git revision" in unknown.stderr
