"""Valid data that once crashed the build (issue 13): large plain tables. Each must build, or
fail as a problem line."""

from __future__ import annotations

import shutil
from pathlib import Path

from sitebuild import ROOT, build, make_project

from generator.packages import load_packages
from generator.sitedata import table_frame
from generator.validate import validate_paths
from generator.validate.fast_read import PLAIN_READ_BYTES, read_plain
from generator.validate.table import read_table as read_exactly

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
