"""Valid data that once crashed the build (issue 13): large plain tables, and packages whose
fields the page kinds read under other names. Each must build, or fail as a problem line."""

from __future__ import annotations

import copy
import dataclasses
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from sitebuild import ROOT, build, make_project, problem_lines

from generator.needs import check_needs
from generator.packages import load_packages
from generator.sitedata import table_frame
from generator.validate import validate_paths
from generator.validate.fast_read import PLAIN_READ_BYTES, read_plain
from generator.validate.table import read_table as read_exactly
from page_kinds import coverage, livelihoods, partners

# What this publication's own page kinds read (each declares its NEEDS).
NEEDS = (*coverage.NEEDS, *livelihoods.NEEDS, *partners.NEEDS)

SITE_FIXTURE = ROOT / "tests" / "fixtures" / "site" / "datasets"
ROWS = 1_500  # under the dataset page's full-table limit, over 64 KiB per table


def write_synthetic_tables(package: Path) -> None:
    """Replace the demo package's two tables with synthetic rows, each file over 64 KiB.

    SYNTHETIC: made-up rows for the size, not data about anything.
    """
    items = ["item_id,title,households_lakh,coverage_pct,as_of,source_id"]
    sources = ["source_id,title,publisher,date_published,url"]
    for n in range(1, ROWS + 1):
        items.append(f"{n},Synthetic item {n:05d} (made-up test row),{n / 100:.2f},"
                     f"{n % 100}.5,2025-01-01,D{n}")
        sources.append(f"D{n},Synthetic source {n:05d} (made-up test row),Synthetic publisher,"
                       f"2025-01-0{1 + n % 9},https://example.org/synthetic/{n}")
    (package / "items.csv").write_text("\n".join(items) + "\n", encoding="utf-8")
    (package / "sources.csv").write_text("\n".join(sources) + "\n", encoding="utf-8")


def test_site_with_tables_over_64_kib_builds(tmp_path: Path) -> None:
    """Plain CSVs of 64 KiB or more are read by polars; their frames need no pyarrow."""
    project = make_project(tmp_path / "project", SITE_FIXTURE)
    package = project / "datasets" / "demo"
    write_synthetic_tables(package)
    for name in ("items.csv", "sources.csv"):
        assert (package / name).stat().st_size >= PLAIN_READ_BYTES
    validation = validate_paths([project / "datasets"], project)
    assert validation.valid, [p.format() for p in validation.errors]
    assert all(hasattr(t, "frame") for t in validation.tables.values())  # the polars reader
    result = build(project)
    assert result.published, [p.format() for p in result.problems if p.is_error]
    page = (project / "site" / "data" / "demo" / "items.html").read_text(encoding="utf-8")
    assert f"Synthetic item {ROWS:05d} (made-up test row)" in page


def test_table_frame_is_the_same_from_either_reader(tmp_path: Path) -> None:
    """A large plain table gives the same frame read by polars as read by the csv module."""
    package = tmp_path / "demo"
    shutil.copytree(SITE_FIXTURE / "demo", package)
    write_synthetic_tables(package)
    (loaded,), _ = load_packages([package], tmp_path)
    resource = loaded.resource("items")
    fast = read_plain(resource.file.read_bytes(), resource.file)
    exact, _ = read_exactly(resource)
    assert fast is not None and exact is not None
    by_polars, by_csv = table_frame(fast), table_frame(exact)
    assert list(by_polars.columns) == list(by_csv.columns)
    assert by_polars.equals(by_csv)
    assert by_polars.dtypes.tolist() == by_csv.dtypes.tolist()


# --- fields the page kinds read --------------------------------------------------------------

def opendata(project: Path, *args: str) -> subprocess.CompletedProcess:
    """Run the real command in a project folder, in a new process."""
    return subprocess.run([sys.executable, "-m", "generator.cli", *args], cwd=project,
                          capture_output=True, text=True, timeout=300, check=False)


def rename_column(project: Path, package: str, resource: str, old: str, new: str) -> int:
    """Rename a column in both the descriptor and the CSV header; the resource's index."""
    descriptor = project / "datasets" / package / "datapackage.json"
    data = json.loads(descriptor.read_text(encoding="utf-8"))
    index = next(i for i, r in enumerate(data["resources"]) if r["name"] == resource)
    for field in data["resources"][index]["schema"]["fields"]:
        if field["name"] == old:
            field["name"] = new
    descriptor.write_text(json.dumps(data, indent=2, ensure_ascii=False), encoding="utf-8")
    csv = project / "datasets" / package / data["resources"][index]["path"]
    header, _, rest = csv.read_text(encoding="utf-8").partition("\n")
    csv.write_text(",".join(new if c == old else c for c in header.split(",")) + "\n" + rest,
                   encoding="utf-8")
    return index


def test_a_column_renamed_in_descriptor_and_csv_is_a_problem(tmp_path: Path) -> None:
    """Valid for frictionless, but the livelihoods page reads `note`: a problem at the
    descriptor's fields, and `opendata build` stops before rendering, without a traceback."""
    project = make_project(tmp_path / "project")
    index = rename_column(project, "livelihoods", "jkrlm_figures", "note", "remark")
    done = opendata(project, "build")
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert problem_lines(done.stderr)[-1] == (
        f"datasets/livelihoods/datapackage.json:-:resources[{index}].schema.fields: "
        "site-field-missing: expected a field 'note' in livelihoods/jkrlm_figures (read by "
        "the livelihoods page), found none; keep the field's name, or change the page kind "
        "with it")
    assert not (project / "site").exists()


def test_a_resource_the_pages_read_is_required(tmp_path: Path) -> None:
    """The partners page reads sector-partners/vocabulary whenever it renders."""
    project = make_project(tmp_path / "project")
    descriptor = project / "datasets" / "sector-partners" / "datapackage.json"
    data = json.loads(descriptor.read_text(encoding="utf-8"))
    data["resources"] = [r for r in data["resources"] if r["name"] != "vocabulary"]
    descriptor.write_text(json.dumps(data, indent=2, ensure_ascii=False), encoding="utf-8")
    result = build(project)
    assert not result.published
    assert [p.format() for p in result.problems if p.is_error] == [
        "datasets/sector-partners/datapackage.json:-:resources: site-resource-missing: expected "
        "a resource 'vocabulary' in sector-partners (read by the partners page), found none; "
        "keep the resource, or change the page kind with it"]


@pytest.fixture(scope="module")
def real_packages() -> list:
    """The real datasets/, loaded."""
    packages, problems = load_packages([ROOT / "datasets"], ROOT)
    assert not problems
    return packages


def test_the_real_data_has_every_field_the_pages_read(real_packages: list) -> None:
    """The published packages meet every need of the page kinds."""
    assert check_needs(real_packages, NEEDS) == []


def test_each_field_the_pages_read_is_checked(real_packages: list) -> None:
    """Renaming any one listed field gives exactly one problem, at that resource's fields."""
    by_name = {p.name: p for p in real_packages}
    checked = 0
    for need in NEEDS:
        for target, names in need.fields.items():
            package_name, resource_name = target.split("/")
            package = by_name[package_name]
            index = next(i for i, r in enumerate(package.resources) if r.name == resource_name)
            for name in names:
                descriptor = copy.deepcopy(package.descriptor)
                for field in descriptor["resources"][index]["schema"]["fields"]:
                    if field["name"] == name:
                        field["name"] = "renamed"
                resources = tuple(dataclasses.replace(r, descriptor=descriptor["resources"][i])
                                  for i, r in enumerate(package.resources))
                changed = dataclasses.replace(package, descriptor=descriptor,
                                              resources=resources)
                packages = [changed if p is package else p for p in real_packages]
                problems = check_needs(packages, NEEDS)
                assert [(p.key(), repr(name) in p.message) for p in problems] == [
                    ((package.descriptor_display, None, f"resources[{index}].schema.fields",
                      "site-field-missing"), True)], (target, name)
                checked += 1
    assert checked > 50
