"""The example publications under examples/: each builds from configuration and data alone."""

from __future__ import annotations

import csv
import json
import re
import shutil
from pathlib import Path

import pytest
import yaml
from sitebuild import ROOT, build

from generator import numbers
from generator.problems import errors

DAY_NRLM = ROOT / "examples" / "day-nrlm"
NATIONAL = DAY_NRLM / "datasets" / "day-nrlm" / "national.csv"
# The programme of the root publication: the example must not mention it on any page.
OTHER_PROGRAMME = re.compile(r"jal\s+jeevan|\bjjm\b", re.IGNORECASE)
TEXT_FILES = (".html", ".xml", ".json", ".csv", ".txt")
CARD_VALUE = re.compile(r'<span class="od-figure-value"><a [^>]*>([^<]*)</a>')
LATEST_METRIC = re.compile(r"\[\[fig day-nrlm/national\[latest, metric=(\w+)\]\.value\]\]")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example built from a copy in a temporary folder (its own site/ and build/ left out)."""
    project = tmp_path_factory.mktemp("examples") / "day-nrlm"
    shutil.copytree(DAY_NRLM, project, ignore=shutil.ignore_patterns("site", "build"))
    result = build(project)
    assert result.published, [p.format() for p in result.problems]
    assert errors(result.problems) == [], [p.format() for p in result.problems]
    return project / "site"


def home_cards() -> list[dict]:
    """The headline figure cards of the example's publication file, in order."""
    publication = yaml.safe_load((DAY_NRLM / "publication.yml").read_text(encoding="utf-8"))
    [home] = [s for s in publication["sections"] if s["kind"] == "home"]
    return home["figures"]


def latest_row(metric: str) -> dict[str, str]:
    """The CSV row with the latest month for `metric`, as published (strings)."""
    with NATIONAL.open(encoding="utf-8", newline="") as handle:
        rows = [r for r in csv.DictReader(handle) if r["metric"] == metric]
    assert rows, f"no row of {NATIONAL.name} has metric {metric}"
    return max(rows, key=lambda r: r["as_of"])


def test_the_example_is_configuration_and_data_only():
    """No Python, no page kinds or templates of its own: only the engine's built-in kinds."""
    assert sorted(p.relative_to(DAY_NRLM).as_posix() for p in DAY_NRLM.rglob("*.py")) == []
    assert not (DAY_NRLM / "page_kinds").exists()
    assert not (DAY_NRLM / "site_templates").exists()
    publication = yaml.safe_load((DAY_NRLM / "publication.yml").read_text(encoding="utf-8"))
    assert "page_kinds" not in publication
    from generator.kinds import BUILTIN

    kinds = [s["kind"] for s in publication["sections"]]
    assert set(kinds) <= set(BUILTIN), kinds
    assert {"home", "catalog", "dataset", "indicator"} <= set(kinds)


def test_the_progress_page_plots_every_value_of_its_measures(site):
    """The indicator section: each value of each chosen measure, linked to its row and source."""
    import csv

    page = (site / "progress" / "index.html").read_text(encoding="utf-8")
    rows = list(csv.DictReader((DAY_NRLM / "datasets" / "day-nrlm" / "national.csv").open()))
    chosen = [r for r in rows if r["metric"] in ("blocks_covered", "agey_vehicles")]
    assert len(chosen) == 6
    for row in chosen:
        assert f"national.html#row-{row['as_of']}--{row['metric'].replace('_', '-')}" in page
    assert "not steadily" in page  # AGEY vehicles rose, then fell: the summary says so
    assert (site / "progress" / "progress-chart.svg").is_file()


def test_the_home_page_shows_each_headline_figure_as_in_the_csv(site):
    home = (site / "index.html").read_text(encoding="utf-8")
    shown = CARD_VALUE.findall(home)
    cards = home_cards()
    assert 2 <= len(cards) <= 4 and len(shown) == len(cards), shown
    for card, text in zip(cards, shown, strict=True):
        metric = LATEST_METRIC.fullmatch(card["value"])
        assert metric, f"{card['label']}: not a [latest, metric=...] reference: {card['value']}"
        row = latest_row(metric.group(1))
        # The published string, with Indian digit grouping for long counts ('90.90', '745').
        value, _, unit = text.partition(" ")
        assert value == numbers.group_indian(row["value"]), (card["label"], text, row)
        if row["unit"] in ("lakh", "crore"):
            assert unit == row["unit"], (card["label"], text, row)


def test_the_dataset_page_exists(site):
    descriptor = json.loads((DAY_NRLM / "datasets" / "day-nrlm" / "datapackage.json")
                            .read_text(encoding="utf-8"))
    page = site / "data" / "day-nrlm" / "index.html"
    assert page.is_file()
    assert descriptor["title"] in page.read_text(encoding="utf-8")
    for name in ("national", "sources"):
        assert (site / "data" / "day-nrlm" / f"{name}.html").is_file()
        assert (site / "data" / "day-nrlm" / f"{name}.csv").is_file()


def test_no_page_mentions_the_other_programme(site):
    checked, found = 0, []
    for path in sorted(site.rglob("*")):
        if path.is_file() and path.suffix in TEXT_FILES:
            checked += 1
            text = path.read_text(encoding="utf-8")
            found += [f"{path.relative_to(site)}: {m.group(0)!r}"
                      for m in OTHER_PROGRAMME.finditer(text)]
    assert checked > 10
    assert found == []
