"""Hostile paths (issue 13): nothing is written outside its folder, no local file is published.

Each test runs the real command in a copy of the project in tmp_path, with the one hostile thing
made at test time (links and named pipes are never committed), and checks the problem line it
prints, its exit code, and that nothing appeared where it must not.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from sitebuild import ROOT, make_project, problem_lines, tree_digest

from generator.front_matter import read_document
from generator.releases import read_archive
from generator.validate import validate_paths

SITE_FIXTURE = ROOT / "tests" / "fixtures" / "site" / "datasets"
RELEASES_FIXTURE = ROOT / "tests" / "fixtures" / "releases"
DEMO = "datasets/demo/datapackage.json"


def opendata(project: Path, *args: str, timeout: int = 300) -> subprocess.CompletedProcess:
    """Run the real command in a project folder, in a new process."""
    return subprocess.run([sys.executable, "-m", "generator.cli", *args], cwd=project,
                          capture_output=True, text=True, timeout=timeout, check=False)


def set_version(descriptor: Path, version: str) -> None:
    """Give a package a new `version`."""
    data = json.loads(descriptor.read_text(encoding="utf-8"))
    data["version"] = version
    descriptor.write_text(json.dumps(data, indent=2), encoding="utf-8")


def files_under(folder: Path) -> set[str]:
    """Every file and link under `folder`, relative, but the build's caches."""
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*")
            if (p.is_file() or p.is_symlink()) and "build/.cache" not in p.as_posix()}


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """The fixture site (one demo package) in tmp_path/project, built once."""
    project = make_project(tmp_path / "project", SITE_FIXTURE)
    done = opendata(project, "build")
    assert done.returncode == 0, done.stderr
    return project


# --- values that become paths ----------------------------------------------------------------

def test_build_refuses_a_version_that_is_a_path(project: Path, tmp_path: Path) -> None:
    """A version holding '../' fails validation: no zip outside the project, site/ unchanged."""
    before = tree_digest(project / "site")
    outside = files_under(tmp_path)
    set_version(project / DEMO, "0.1.0/../../../../../../escaped")
    done = opendata(project, "build")
    assert done.returncode == 1
    assert problem_lines(done.stderr) == [
        f"{DEMO}:-:version: descriptor-error: expected a semantic version like 1.2.0 "
        "(MAJOR.MINOR.PATCH), found '0.1.0/../../../../../../escaped'"]
    assert "Traceback" not in done.stderr
    assert tree_digest(project / "site") == before
    assert files_under(tmp_path) == outside


def test_release_refuses_a_version_that_is_a_path(tmp_path: Path) -> None:
    """`opendata release` checks the version before it names a zip after it: exit 1, and
    nothing written outside releases/ (the folder the old code walked up from is made first)."""
    project = make_project(tmp_path / "project", RELEASES_FIXTURE / "datasets")
    set_version(project / "datasets/coverage/datapackage.json", "1.2.0/../../../escaped")
    (project / "releases" / "coverage-1.2.0").mkdir(parents=True)
    outside = files_under(tmp_path)
    done = opendata(project, "release")
    assert done.returncode == 1, done.stdout + done.stderr
    assert ("datasets/coverage/datapackage.json:-:version: descriptor-error: expected a semantic "
            "version like 1.2.0 (MAJOR.MINOR.PATCH), found '1.2.0/../../../escaped'"
            ) in problem_lines(done.stderr)
    assert "Traceback" not in done.stderr
    assert files_under(tmp_path) == outside


def test_archive_index_version_that_is_a_path(tmp_path: Path) -> None:
    """A releases/index.json whose release version holds '../' is refused where it is read;
    the build unpacks nothing outside its temporary folder."""
    project = make_project(tmp_path / "project", RELEASES_FIXTURE / "datasets")
    done = opendata(project, "release", "--from", str(RELEASES_FIXTURE / "1.0.0"))
    assert done.returncode == 0, done.stdout + done.stderr
    index = project / "releases" / "index.json"
    escaped = tmp_path / "escaped"
    data = json.loads(index.read_text(encoding="utf-8"))
    data["releases"][0]["version"] = "../" * 12 + escaped.as_posix().lstrip("/")
    index.write_text(json.dumps(data, indent=2), encoding="utf-8")
    done = opendata(project, "build")
    assert done.returncode == 1
    assert (f"releases/index.json:-:releases[0].version: release-index-error: expected a "
            f"semantic version like 1.2.0, found '{data['releases'][0]['version']}'"
            ) in done.stderr
    assert "Traceback" not in done.stderr
    assert not escaped.exists()
    assert not (project / "site").exists()


def test_archive_zip_that_is_a_link_out_is_refused(tmp_path: Path) -> None:
    """An archived zip that is a link to a file outside releases/ is never read or published,
    even when index.json records that file's sha256."""
    project = make_project(tmp_path / "project", RELEASES_FIXTURE / "datasets")
    done = opendata(project, "release", "--from", str(RELEASES_FIXTURE / "1.0.0"))
    assert done.returncode == 0, done.stdout + done.stderr
    archived = project / "releases" / "coverage-1.0.0.zip"
    copy = tmp_path / "elsewhere.zip"
    shutil.copy(archived, copy)
    archived.unlink()
    archived.symlink_to(copy)
    _, problems = read_archive(project / "releases", project)
    assert [p.format() for p in problems] == [
        f"releases/coverage-1.0.0.zip:-:-: unsafe-link: expected a file inside the project, "
        f"found a link to {copy.resolve()}, which is outside it; copy the file into the project "
        "instead of linking to it"]


def test_archive_index_names_files_after_their_package(tmp_path: Path) -> None:
    """Each archived package's file is NAME-VERSION.zip, of a slug and a semantic version."""
    project = make_project(tmp_path / "project", RELEASES_FIXTURE / "datasets")
    done = opendata(project, "release", "--from", str(RELEASES_FIXTURE / "1.0.0"))
    assert done.returncode == 0, done.stdout + done.stderr
    index = project / "releases" / "index.json"
    data = json.loads(index.read_text(encoding="utf-8"))
    data["releases"][0]["packages"][0]["version"] = "1.0.0/../.."
    index.write_text(json.dumps(data, indent=2), encoding="utf-8")
    _, problems = read_archive(project / "releases", project)
    assert [p.key() for p in problems] == [
        ("releases/index.json", None, "releases[0].packages[0]", "release-index-error")]


# --- links and special files -----------------------------------------------------------------

def test_content_link_to_a_file_outside_is_not_published(project: Path, tmp_path: Path) -> None:
    """A link under content/ to a file outside the project is a problem, never a page."""
    secret = tmp_path / "secret.txt"
    secret.write_text("root:x:0:0:root:/root:/bin/bash\n", encoding="utf-8")
    (project / "content" / "passwd.txt").symlink_to(secret)
    (project / "content" / "notes.md").symlink_to(secret)
    before = tree_digest(project / "site")
    done = opendata(project, "build")
    assert done.returncode == 1
    assert problem_lines(done.stderr) == [
        f"content/{name}:-:-: unsafe-link: expected a file inside the project, found a link to "
        f"{secret.resolve()}, which is outside it; copy the file into the project instead of "
        "linking to it" for name in ("notes.md", "passwd.txt")]
    assert tree_digest(project / "site") == before


def test_content_link_inside_the_project_is_published(project: Path) -> None:
    """A link that stays inside the project is an ordinary file."""
    shared = project / "shared.css"
    shared.write_text("body { color: black; }\n", encoding="utf-8")
    (project / "content" / "assets" / "shared.css").symlink_to(shared)
    done = opendata(project, "build")
    assert done.returncode == 0, done.stdout + done.stderr
    assert (project / "site" / "assets" / "shared.css").read_bytes() == shared.read_bytes()


def test_content_named_pipes_do_not_hang_the_build(project: Path) -> None:
    """A FIFO under content/, as a page or an asset, is a problem at once: never read."""
    os.mkfifo(project / "content" / "pipe.md")
    os.mkfifo(project / "content" / "assets" / "pipe.css")
    done = opendata(project, "build", timeout=120)
    assert done.returncode == 1
    assert problem_lines(done.stderr) == [
        f"content/{name}:-:-: not-a-file: expected a regular file, found a named pipe (FIFO); "
        "only regular files are read and published" for name in ("assets/pipe.css", "pipe.md")]


def test_content_link_to_a_device_is_never_read(tmp_path: Path) -> None:
    """A page linked to /dev/zero is refused before a byte is read (the old code read it
    until memory ran out: the check runs in a process limited to 1 GiB and 60 s)."""
    folder = tmp_path / "content"
    folder.mkdir()
    (folder / "zero.md").symlink_to("/dev/zero")
    code = ("import sys; from pathlib import Path; from generator.front_matter import "
            "read_document; d, p = read_document(Path(sys.argv[1]), Path(sys.argv[2]), 'zero.md',"
            " required=False); print([x.format() for x in p])")
    limit = "import resource; resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))"
    done = subprocess.run([sys.executable, "-c", f"{limit}\n{code}", str(folder / "zero.md"),
                           str(tmp_path)], capture_output=True, text=True, timeout=60,
                          check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "unsafe-link: expected a file inside the project, found a link to /dev/zero" in done.stdout
    document, problems = read_document(folder / "zero.md", tmp_path, "zero.md")
    assert document is None and [p.key() for p in problems] == [
        ("content/zero.md", None, None, "unsafe-link")]


def test_datasets_link_to_a_package_outside_is_refused(project: Path, tmp_path: Path) -> None:
    """A package folder in datasets/ that is a link out of the project is not published."""
    outside = tmp_path / "elsewhere" / "other"
    shutil.copytree(SITE_FIXTURE / "demo", outside)
    descriptor = outside / "datapackage.json"
    descriptor.write_text(descriptor.read_text(encoding="utf-8").replace('"name": "demo"',
                                                                         '"name": "other"'),
                          encoding="utf-8")
    (project / "datasets" / "other").symlink_to(outside)
    before = tree_digest(project / "site")
    result = validate_paths([project / "datasets"], project)
    assert [p.key() for p in result.problems] == [("datasets/other", None, None, "unsafe-link")]
    assert [p.name for p in result.packages] == ["demo"]
    done = opendata(project, "build")
    assert done.returncode == 1
    assert problem_lines(done.stderr) == [
        f"datasets/other:-:-: unsafe-link: expected a package folder inside the project, found "
        f"a link to {outside.resolve()}, which is outside it; copy the package into datasets/ "
        "instead of linking to it"]
    assert tree_digest(project / "site") == before


def test_descriptor_link_to_a_file_outside_is_refused(project: Path, tmp_path: Path) -> None:
    """A datapackage.json that is a link out of its package folder is not read."""
    descriptor = project / DEMO
    copy = tmp_path / "datapackage.json"
    shutil.copy(descriptor, copy)
    descriptor.unlink()
    descriptor.symlink_to(copy)
    result = validate_paths([project / "datasets"], project)
    assert [p.key() for p in result.problems] == [(DEMO, None, None, "unsafe-link")]


def git(repo: Path, *args: str) -> str:
    """Run git in `repo`."""
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"}
    return subprocess.run(["git", "-c", "commit.gpgsign=false", *args], cwd=repo, env=env,
                          check=True, capture_output=True, text=True).stdout


def test_diff_against_a_revision_holding_a_link(tmp_path: Path) -> None:
    """A revision whose datasets/ holds links out of the folder: problem lines, exit 1."""
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    shutil.copytree(SITE_FIXTURE, repo / "datasets")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "data")
    (repo / "datasets" / "demo" / "passwd.csv").symlink_to("/etc/passwd")
    (repo / "datasets" / "demo" / "up.csv").symlink_to("../../../outside.csv")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "links")
    for args in (("diff", "HEAD~1", "HEAD"), ("release", "--check", "--from", "HEAD")):
        (repo / "mkdocs.yml").write_text("site_name: t\n", encoding="utf-8")
        done = opendata(repo, *args)
        assert done.returncode == 1, done.stdout + done.stderr
        assert "Traceback" not in done.stderr
        assert problem_lines(done.stderr) == [
            "HEAD:datasets/demo/passwd.csv:-:-: unsafe-link: expected a file inside datasets/, "
            "found a link to '/etc/passwd'; links that leave the folder are not followed",
            "HEAD:datasets/demo/up.csv:-:-: unsafe-link: expected a file inside datasets/, "
            "found a link to '../../../outside.csv'; links that leave the folder are not "
            "followed"]
