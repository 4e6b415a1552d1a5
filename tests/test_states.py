"""State/UT pages' figures: every row from every resource, dates said or explained, no mixing."""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd
import pytest

from generator import numbers
from generator.config import load_config
from generator.sitedata import SiteData, load_site_data
from generator.validate import validate_paths
from page_kinds import state_figures, states

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "datasets" / "jjm-coverage"


@pytest.fixture(scope="module")
def data() -> SiteData:
    config = load_config(ROOT)
    validation = validate_paths([config.datasets], config.root)
    assert validation.valid
    return load_site_data(config, validation)


def held(data: SiteData, code: int) -> list[state_figures.StateFigure]:
    registry = states.source_registry(data)
    return state_figures.state_figures(data, state_figures.rows_by_state(data), code,
                                       {k: r["iso_date"] for k, r in registry.items()})


def csv_rows(resource: str) -> list[dict]:
    with (DATA / f"{resource}.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_every_resource_with_a_state_code_is_read(data):
    """Each resource of the package with lgd_state_code (but the national series) is listed."""
    package = data.package("jjm-coverage")
    expected = {r.name for r in package.resources
                if any(f.get("name") == "lgd_state_code" for f in r.fields)}
    assert set(state_figures.state_resources(data)) == expected
    for code in (32, 21, 8):
        counted = sum(1 for name in expected for row in csv_rows(name)
                      if row["lgd_state_code"] == str(code)
                      and row.get("row_type", "state") == "state")
        assert len(held(data, code)) == counted, code


def test_kerala_has_its_undated_j23_figure_with_the_reason(data):
    j23 = [f for f in held(data, 32) if f.resource == "jjm_imis_j23_snapshot"]
    row = next(r for r in csv_rows("jjm_imis_j23_snapshot") if r["lgd_state_code"] == "32")
    assert len(j23) == 1 and j23[0].as_of == ""
    assert j23[0].date.startswith("date not known (page crawl date not recorded")
    assert j23[0].figure.startswith(f"{numbers.group_indian(row['hh_with_tap_as_on_date'])} of "
                                    f"{numbers.group_indian(row['total_rural_hh'])} rural")


def test_undated_rows_come_after_dated_ones(data):
    figures = held(data, 21)
    dated = [f.as_of == "" for f in figures]
    assert dated == sorted(dated)
    assert any(f.district for f in figures) and any(not f.as_of for f in figures)


def test_doubted_rows_carry_their_caveat_and_dates_are_not_repeated_as_caveats(data):
    rajasthan = held(data, 8)
    doubted = [f for f in rajasthan if f.as_of == "2026-03-03" and f.value == "100"]
    assert len(doubted) == 1 and "Rajasthan 57.54%" in doubted[0].caveat
    table = [f for f in rajasthan if f.resource == "state_coverage"]
    assert all("(year inferred)" in f.date and f.caveat == "" for f in table)


INDIA = pd.DataFrame([
    {"as_of": "2025-07-16", "date": "2025-07-16", "pct": "80.93", "source_id": "S64",
     "inferred": False, "anchor": "a"},
    {"as_of": "2026-01-26", "date": "2026-01-26", "pct": "81.56", "source_id": "S65",
     "inferred": True, "anchor": "b"},
    {"as_of": "2026-03-03", "date": "2026-03-03", "pct": "81.71", "source_id": "S30",
     "inferred": False, "anchor": "c"},
    {"as_of": "2026-03-03", "date": "2026-03-03", "pct": "81.70", "source_id": "S99",
     "inferred": False, "anchor": "d"},
])


def test_india_same_date_prefers_the_same_source():
    same = states.india_for(INDIA, "2026-03-03", "S99", {})
    assert same["how"] == "same date, same source"
    assert [f["text"] for f in same["figures"]] == ["81.70% on 3 Mar 2026"]
    other = states.india_for(INDIA, "2026-03-03", "S27", {})
    assert other["how"] == "same date, another source"
    assert other["figures"][0]["source_id"] == "S30"


def test_india_without_that_date_gives_the_nearest_each_with_its_own_date():
    near = states.india_for(INDIA, "2025-12-04", "S27", {})
    assert near["how"].startswith("no all-India share for 4 Dec 2025 in the data")
    assert [f["text"] for f in near["figures"]] == ["80.93% on 16 Jul 2025",
                                                    "81.56% on 26 Jan 2026 (date inferred)"]
    assert [f["text"] for f in states.india_for(INDIA, "2027-01-01", "S1", {})["figures"]] \
        == ["81.70% on 3 Mar 2026"]
