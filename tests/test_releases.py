"""Releases: the archive `opendata release` writes, and the Releases page built from it."""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import subprocess
import sys
from contextlib import redirect_stderr, redirect_stdout
from datetime import date
from pathlib import Path

import pytest
from sitebuild import ROOT, make_project

from generator.build import RenderError
from generator.cli import main
from generator.config import load_config
from generator.markdown import environment
from generator.model import Asset, Page
from generator.packages import load_package
from generator.pages import dataset, releases
from generator.releases import FOLDER, package_zip, read_archive, release_of, version_key
from generator.sitedata import load_site_data
from generator.validate import validate_paths

FIXTURE = ROOT / "tests" / "fixtures" / "releases"


def opendata(project: Path, *args: str) -> subprocess.CompletedProcess:
    """Run the real command in a project folder, in a new process."""
    return subprocess.run([sys.executable, "-m", "generator.cli", *args], cwd=project,
                          capture_output=True, text=True, check=False)


def run(project: Path, *args: str) -> subprocess.CompletedProcess:
    """Run the command line in this process (faster), from a project folder."""
    out, err, cwd = io.StringIO(), io.StringIO(), Path.cwd()
    os.chdir(project)
    try:
        with redirect_stdout(out), redirect_stderr(err):
            code = main(list(args))
    finally:
        os.chdir(cwd)
    return subprocess.CompletedProcess(list(args), code, out.getvalue(), err.getvalue())


def render(project: Path) -> list[Page | Asset]:
    """The dataset and Releases page kinds' outputs for a project."""
    config = load_config(project, site_url="")
    validation = validate_paths([config.datasets], project)
    assert validation.valid, [p.format() for p in validation.errors]
    data = load_site_data(config, validation)
    env = environment(config.templates)
    return dataset.render(data, env) + releases.render(data, env)


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    """The fixture project: releases 1.0.0 and 1.1.0 archived, datasets/ at 1.2.0."""
    project = make_project(tmp_path_factory.mktemp("releases"), FIXTURE / "datasets")
    for version in ("1.0.0", "1.1.0"):
        done = opendata(project, "release", "--from", str(FIXTURE / version))
        assert done.returncode == 0, done.stdout + done.stderr
    return project


@pytest.fixture(scope="module")
def outputs(project) -> list[Page | Asset]:
    """What the page kinds render for the fixture project."""
    return render(project)


def page(outputs: list[Page | Asset]) -> str:
    """The Releases page's Markdown."""
    return next(o.markdown for o in outputs if isinstance(o, Page) and o.path == "releases/index.md")


def test_golden_releases_page(outputs):
    """The Releases page of the fixture equals the reviewed copy (UPDATE_GOLDEN=1 refreshes)."""
    text = page(outputs)
    golden = FIXTURE / "expected.md"
    if os.environ.get("UPDATE_GOLDEN"):
        golden.write_text(text, encoding="utf-8")
    assert text == golden.read_text(encoding="utf-8")


def test_page_has_both_changelogs_and_both_downloads(outputs):
    """Current 1.2.0 diffed against 1.1.0, 1.1.0 against 1.0.0, 1.0.0 first; both archives."""
    text = page(outputs)
    assert "## Current release: 1.2.0" in text
    changelog = text.split("## Changelog")[1].split("## Earlier releases")[0]
    assert re.findall(r"^### (\S+)", changelog, re.M) == ["1.2.0", "1.1.0", "1.0.0"]
    assert "Changes since 1.1.0:" in changelog and "Changes since 1.0.0:" in changelog
    assert "This is the first release" in changelog
    # The anomalies of each step are in its changelog.
    assert "coverage revised down from 75.00 to 72.50 in the same row" in changelog
    assert "coverage 70.00 on 2025-07-01 is below the 75.00 reported for 2025-01-01" in changelog
    earlier = text.split("## Earlier releases")[1]
    assert re.findall(r"^### Release (\S+)", earlier, re.M) == ["1.1.0", "1.0.0"]
    for file in ("codes-1.0.0.zip", "coverage-1.0.0.zip", "coverage-1.1.0.zip"):
        assert f"[{file}]({file})" in earlier


def test_assets_are_the_archived_zips_with_their_sha256(project, outputs):
    """One asset per archived zip (shared ones once); bytes match the index's sha256 and the
    reproducible zip of the release's source folder."""
    assets = {o.path: o.data for o in outputs if isinstance(o, Asset)
              and o.path.startswith(f"{FOLDER}/") and o.path.endswith(".zip")}
    assert sorted(assets) == ["releases/codes-1.0.0.zip", "releases/coverage-1.0.0.zip",
                              "releases/coverage-1.1.0.zip"]
    index = json.loads((project / FOLDER / "index.json").read_text())
    recorded = {p["file"]: p["sha256"] for r in index["releases"] for p in r["packages"]}
    text = page(outputs)
    for path, data in assets.items():
        digest = hashlib.sha256(data).hexdigest()
        assert digest == recorded[path.split("/")[1]]
        assert f"<code>{digest}</code>" in text
    for version in ("1.0.0", "1.1.0"):
        package, _ = load_package(FIXTURE / version / "coverage", ROOT)
        file, data = package_zip(package)
        assert assets[f"releases/{file}"] == data


def test_every_link_of_the_page_is_published(outputs):
    """Every relative link of the Releases page names a page or file that is rendered."""
    published = {o.path for o in outputs}
    links = re.findall(r"\]\(([^)]+)\)", page(outputs))
    assert links
    for link in links:
        target = os.path.normpath(os.path.join("releases", link)).replace(os.sep, "/")
        assert target in published, link


def real_descriptors() -> dict[str, dict]:
    """The real packages' descriptors, by package name."""
    return {path.parent.name: json.loads(path.read_text(encoding="utf-8"))
            for path in sorted((ROOT / "datasets").glob("*/datapackage.json"))}


def test_real_data_has_one_release_and_no_earlier_one(tmp_path):
    """The real data without its archive (the project copy has no releases/): the release the
    descriptors make (highest version, latest `created`), no earlier one, nothing invented."""
    descriptors = real_descriptors()
    version = max((d["version"] for d in descriptors.values()), key=version_key)
    created = date.fromisoformat(max(d["created"] for d in descriptors.values())[:10])
    outputs = render(make_project(tmp_path))
    text = page(outputs)
    assert f"## Current release: {version}" in text
    assert f"Released {created.day} {created:%b %Y}." in text
    assert "This is the first release: there is no earlier release" in text
    assert "There is no earlier release." in text
    assert not [o for o in outputs if o.path.startswith(f"{FOLDER}/") and isinstance(o, Asset)
                and o.path.endswith(".zip")]
    for name, descriptor in descriptors.items():
        assert f"(../data/{name}/{name}-{descriptor['version']}.zip)" in text


def test_release_is_idempotent_and_check_writes_nothing(tmp_path):
    """Archiving twice changes nothing; --check never writes."""
    project = make_project(tmp_path, FIXTURE / "datasets")
    done = run(project, "release", "--check")
    assert done.returncode == 0 and "not archived yet" in done.stdout
    assert not (project / FOLDER).exists()
    assert run(project, "release").returncode == 0
    index = (project / FOLDER / "index.json").read_bytes()
    done = run(project, "release")
    assert done.returncode == 0 and "already archived" in done.stdout
    assert (project / FOLDER / "index.json").read_bytes() == index


def test_release_refuses_to_rewrite_an_archived_version(tmp_path):
    """Changed data under an archived version: exit 1, with the package to bump."""
    project = make_project(tmp_path, FIXTURE / "datasets")
    assert run(project, "release").returncode == 0
    csv = project / "datasets" / "coverage" / "coverage.csv"
    csv.write_text(csv.read_text().replace("1450", "1440"))
    for args in (("release",), ("release", "--check")):
        done = run(project, *args)
        assert done.returncode == 1
        assert done.stderr.startswith("datasets/coverage/datapackage.json:-:version: "
                                      "release-changed: coverage 1.2.0 differs from the archived "
                                      "releases/coverage-1.2.0.zip")


def test_expect_version_for_tags(tmp_path):
    """A tag must name the release, and the release must be archived."""
    project = make_project(tmp_path, FIXTURE / "datasets")
    done = run(project, "release", "--check", "--expect-version", "1.2.0")
    assert done.returncode == 1 and "release-not-archived" in done.stderr
    assert run(project, "release").returncode == 0
    assert run(project, "release", "--check", "--expect-version", "1.2.0").returncode == 0
    done = run(project, "release", "--check", "--expect-version", "1.3.0")
    assert done.returncode == 1 and "release-version-mismatch" in done.stderr


def test_release_outside_a_project_is_a_usage_error(tmp_path):
    """`opendata release` needs the project folder (mkdocs.yml)."""
    assert opendata(tmp_path, "release").returncode == 2


def test_broken_archive_is_reported_and_refused(tmp_path):
    """A changed or missing archived zip: problems by file, and the page refuses to render."""
    project = make_project(tmp_path, FIXTURE / "datasets")
    for version in ("1.0.0", "1.1.0"):
        assert run(project, "release", "--from", str(FIXTURE / version)).returncode == 0
    folder = project / FOLDER
    (folder / "coverage-1.0.0.zip").write_bytes(b"not the archived bytes")
    (folder / "coverage-1.1.0.zip").unlink()
    _, problems = read_archive(folder, project)
    assert [p.key() for p in problems] == [
        ("releases/coverage-1.0.0.zip", None, None, "release-sha256-mismatch"),
        ("releases/index.json", None, "releases[1].packages[1]", "release-file-missing")]
    with pytest.raises(RenderError, match="release-sha256-mismatch"):
        render(project)


def test_release_from_a_git_tag(tmp_path):
    """`--from v1.0.0` archives the data of a tag without touching the work tree."""
    project = make_project(tmp_path / "p", FIXTURE / "1.0.0")
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"}
    for args in (["init", "-q"], ["add", "-A"], ["-c", "commit.gpgsign=false", "commit", "-q",
                                                 "-m", "1.0.0"], ["tag", "v1.0.0"]):
        subprocess.run(["git", *args], cwd=project, env=env, check=True)
    csv = project / "datasets" / "coverage" / "coverage.csv"
    csv.write_text(csv.read_text() + "2025-07-01,1,Alpha,1000,600,60.00\n")
    done = opendata(project, "release", "--from", "v1.0.0")
    assert done.returncode == 0, done.stdout + done.stderr
    index = json.loads((project / FOLDER / "index.json").read_text())
    assert [r["version"] for r in index["releases"]] == ["1.0.0"]
    assert "600" in csv.read_text()


def test_release_version_and_date():
    """The release takes the highest package version (semver order) and the latest date."""
    packages = [load_package(FIXTURE / "datasets" / name, ROOT)[0] for name in ("codes",
                                                                                 "coverage")]
    assert release_of(packages) == ("1.2.0", "2026-03-01")
    assert sorted(["1.10.0", "1.9.0", "2.0.0-rc.1", "2.0.0"], key=version_key) == [
        "1.9.0", "1.10.0", "2.0.0-rc.1", "2.0.0"]


# --- Problems at the file that caused them (issue 13) ---------------------------------------
SCAFFOLD = ROOT / "generator" / "scaffold"
CHART_KIND = '''"""A page kind of the test publication: one chart whose spec names its data by URL."""

import pandas as pd

from generator import charts
from generator.model import NO_OPTIONS, Page


def render(data, env, options=NO_OPTIONS):
    spec = {"data": {"url": "plotted.csv"}, "mark": "bar",
            "encoding": {"x": {"field": "a", "type": "quantitative"}}}
    chart = charts.Chart("loaded", "Loaded", "today", "A chart.", spec, pd.DataFrame(), [], [],
                         "nowhere")
    context, assets = charts.publish(chart, "loaded")
    return [Page("loaded.md", "# Loaded\\n"), *assets]
'''


def scaffold_project(tmp_path: Path) -> Path:
    """The engine's small example publication (`opendata new`), copied into tmp_path."""
    project = tmp_path / "site"
    assert run(tmp_path, "new", str(project)).returncode == 0
    return project


def build_problems(project: Path) -> list[tuple]:
    """(path, row, field, code) of the problems a build of `project` ends with."""
    from sitebuild import build

    result = build(project)
    assert not result.published
    return [p.key() for p in result.problems if p.is_error]


def test_an_archived_file_that_is_not_a_zip_is_a_problem_at_the_file(tmp_path):
    """A hand-edited index whose sha256 matches a file that is not the package's zip: the
    build names that file, where it used to end in a BadZipFile traceback."""
    project = make_project(tmp_path, FIXTURE / "datasets")
    assert run(project, "release", "--from", str(FIXTURE / "1.0.0")).returncode == 0
    index = project / FOLDER / "index.json"
    entries = json.loads(index.read_text(encoding="utf-8"))
    for name, data in (("coverage-1.0.0.zip", b"not a zip at all"),):
        (project / FOLDER / name).write_bytes(data)
        for release in entries["releases"]:
            for package in release["packages"]:
                if package["file"] == name:
                    package["sha256"] = hashlib.sha256(data).hexdigest()
    index.write_text(json.dumps(entries, indent=2), encoding="utf-8")
    assert build_problems(project) == [
        ("releases/coverage-1.0.0.zip", None, None, "release-zip-error")]
    assert run(project, "release", "--check").returncode == 1


def test_a_damaged_index_is_a_problem_at_its_line(tmp_path):
    """releases/index.json cut short: the build names the index and the line where it breaks."""
    project = make_project(tmp_path, FIXTURE / "datasets")
    assert run(project, "release", "--from", str(FIXTURE / "1.0.0")).returncode == 0
    index = project / FOLDER / "index.json"
    lines = index.read_text(encoding="utf-8").splitlines(keepends=True)
    index.write_text("".join(lines[:6]), encoding="utf-8")
    _, problems = read_archive(project / FOLDER, project)
    assert [p.key() for p in problems] == [("releases/index.json", 7, None,
                                            "release-index-error")]
    assert build_problems(project) == [("releases/index.json", 7, None, "release-index-error")]


def test_a_chart_that_cannot_be_drawn_is_a_problem_at_the_line_that_asked_for_it(tmp_path):
    """vl-convert refuses a spec that would load its data from a URL: the build names the
    publication's page kind at the line that published the chart, not site_templates."""
    project = scaffold_project(tmp_path)
    # A module name of its own: the tests' process has imported this repository's page_kinds.
    (project / "loaded_chart.py").write_text(CHART_KIND, encoding="utf-8")
    publication = project / "publication.yml"
    text = publication.read_text(encoding="utf-8")
    publication.write_text(text.replace("sections:\n", "page_kinds: [loaded_chart]\n\nsections:\n")
                           + "  - kind: loaded_chart\n", encoding="utf-8")
    line = CHART_KIND.splitlines().index(
        '    context, assets = charts.publish(chart, "loaded")') + 1
    assert build_problems(project) == [("loaded_chart.py", line, None, "site-build-error")]


def test_a_content_page_shadowing_a_generated_one_is_a_problem_at_the_content_file(tmp_path):
    """A hand-written content/data/index.md where the catalog writes data/index.md."""
    project = scaffold_project(tmp_path)
    (project / "content" / "data").mkdir()
    (project / "content" / "data" / "index.md").write_text("# Mine\n", encoding="utf-8")
    assert build_problems(project) == [("content/data/index.md", None, None,
                                        "site-build-error")]


def test_mkdocs_refusing_a_content_page_names_that_page(tmp_path):
    """MkDocs' strict-mode complaint about a doc file is at the content file it came from;
    one about a generated page (no file of its own) stays at mkdocs.yml."""
    from generator.build import failure_problem
    from generator.mkdocs_site import SiteBuildError

    config = load_config(scaffold_project(tmp_path), site_url="")
    about = SiteBuildError("MkDocs refused the site: Doc file 'about.md' contains a link "
                           "'nowhere.md', but the target is not found among documentation files.")
    generated = SiteBuildError("MkDocs refused the site: Doc file 'data/index.md' contains a "
                               "link 'nowhere.md', but the target is not found.")
    assert failure_problem(config, about).key() == ("content/about.md", None, None,
                                                    "site-build-error")
    assert failure_problem(config, generated).key() == ("mkdocs.yml", None, None,
                                                        "site-build-error")
