"""The livelihoods page: dated J&K figures on the chart, undated ones apart, national table."""

from __future__ import annotations

import csv
import re
import shutil
from pathlib import Path

import pytest

from generator import embeds, previews
from generator.config import load_config
from generator.markdown import environment
from generator.model import Page
from generator.sitedata import SiteData, load_site_data
from generator.validate import validate_paths
from page_kinds import livelihoods

REPO = Path(__file__).resolve().parents[1]
PACKAGE = REPO / "datasets" / "livelihoods"
UT = "Jammu and Kashmir (UT)"


def site_data(package: Path) -> SiteData:
    """Validate one package folder and load it as the renderers see it."""
    validation = validate_paths([package], package.parent)
    assert validation.valid, [p.format() for p in validation.errors]
    return load_site_data(load_config(REPO), validation)


def render(data: SiteData) -> tuple[str, dict[str, bytes]]:
    """The page's Markdown and its other files by path."""
    outputs = livelihoods.render(data, environment(REPO / "site_templates"))
    pages = [o for o in outputs if isinstance(o, Page)]
    assert [p.path for p in pages] == ["livelihoods/index.md"]
    return pages[0].markdown, {o.path: o.data for o in outputs if not isinstance(o, Page)}


def csv_rows(name: str) -> list[dict[str, str]]:
    """A resource read with the csv module, independently of the generator."""
    with (PACKAGE / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def section(page: str, start: str, end: str) -> str:
    """The page text between two headings."""
    return page[page.index(start):page.index(end)]


@pytest.fixture(scope="module")
def rendered() -> tuple[str, dict[str, bytes]]:
    return render(site_data(PACKAGE))


def test_plotted_figures_are_the_dated_ut_counts(rendered: tuple) -> None:
    page, _ = rendered
    expected = [r for r in csv_rows("jkrlm_figures.csv")
                if r["as_of"] and r["geography"] == UT
                and r["metric"] in {"shgs", "women_in_shgs", "women_members", "women_in_network"}
                and "target" not in r["qualifier"]]
    assert {r["value"] for r in expected} >= {"87000", "725000", "46720", "405226"}
    plotted = section(page, "The figures plotted", "### Other dated figures")
    rows = [line for line in plotted.splitlines() if line.startswith("| ") and "](" in line]
    assert len(rows) == len(expected)
    for row in expected:
        slug = f"row-{row['source_id'].lower()}--jammu-and-kashmir--ut---" + \
            row["metric"].replace("_", "-")
        assert any(f"jkrlm_figures.md#{slug})" in line for line in rows), slug


def test_the_inferred_year_is_said(rendered: tuple) -> None:
    page, _ = rendered
    figures = page[page.index('<div class="od-figures"'):page.index("## Self-help groups")]
    assert "87,000" in figures and "7,25,000" in figures and "below 1%" in figures
    assert figures.count("28 Dec 2023, year inferred") == 3
    assert "| 28 Dec 2023, year inferred \\(see source L12\\) | Self-help groups | [87,000]" in page


def test_undated_figures_are_listed_apart_and_never_plotted(rendered: tuple) -> None:
    page, files = rendered
    undated = [r for r in csv_rows("jkrlm_figures.csv") if not r["as_of"]]
    assert len(undated) == 11
    listed = section(page, "### Undated figures", "## DAY-NRLM across India")
    plotted = section(page, "The figures plotted", "### Undated figures")
    chart_csv = files["livelihoods/jkrlm-shgs-women.csv"].decode()
    svg = files["livelihoods/jkrlm-shgs-women.svg"].decode()
    for row in undated:
        slug = f"jkrlm_figures.md#row-{row['source_id'].lower()}--"
        assert slug in listed
        assert slug not in plotted
        assert f",{row['value']}," not in chart_csv
    assert "94,000" in listed and "94,000" not in svg and "94000" not in svg
    assert all(line.startswith("| undated") for line in listed.splitlines()
               if line.startswith("| ") and "](" in line)


def test_chart_is_static_described_sourced_and_deterministic(rendered: tuple) -> None:
    page, files = rendered
    svg = files["livelihoods/jkrlm-shgs-women.svg"].decode()
    assert svg.startswith("<svg") and "<script" not in svg
    for text in ("Self-help groups and their women members, Jammu and Kashmir",
                 "As of 28 Dec 2023, year inferred", "Daily Excelsior", "(L12)", "87,000",
                 "7,25,000", "Hollow point: year inferred."):
        assert text in svg, text
    assert "In Jammu and Kashmir, self-help groups rose from 46,720 \\(21 Mar 2022\\) to 87,000 " \
           "\\(28 Dec 2023, year inferred\\)" in page
    assert 'role="img"' in page and "Data table of this chart" in page
    assert "Source: JKRLM figures as reported by Greater Kashmir \\(L01\\)" in page
    # The four downloads, the chart's embed page and its link-preview image (issue 15).
    assert set(files) == {f"livelihoods/jkrlm-shgs-women.{ext}"
                          for ext in ("svg", "png", "csv", "vl.json")} | {
        embeds.embed_path("livelihoods", "jkrlm-shgs-women"),
        previews.preview_path("livelihoods", "jkrlm-shgs-women")}
    again = render(site_data(PACKAGE))
    assert again == rendered


def test_description_follows_the_data(tmp_path: Path) -> None:
    package = tmp_path / "livelihoods"
    shutil.copytree(PACKAGE, package)
    shutil.copytree(PACKAGE.parent / "admin-codes", tmp_path / "admin-codes")  # its references
    figures = package / "jkrlm_figures.csv"
    text = figures.read_text(encoding="utf-8")
    text = text.replace(",shgs,87000,groups,,L12,", ",shgs,41000,groups,,L12,")
    figures.write_text(text, encoding="utf-8")
    page, files = render(site_data(package))
    assert "self-help groups fell from 46,720 \\(21 Mar 2022\\) to 41,000" in page
    assert "41,000" in files["livelihoods/jkrlm-shgs-women.svg"].decode()


def test_national_table_links_every_row(rendered: tuple) -> None:
    page, _ = rendered
    national = section(page, "## DAY-NRLM across India", "## Sources")
    rows = csv_rows("day_nrlm_national.csv")
    for row in rows:
        anchor = f"row-{row['as_of']}--{row['metric'].replace('_', '-')}"
        assert f"day_nrlm_national.md#{anchor})" in national, anchor
    assert "| Measure | Dec 2022 | Jun 2024 | Oct 2024 |" in national
    assert "| Households mobilised | [875 lakh]" in national
    for source in ("L09", "L10", "L11"):
        assert f"[{source}](../data/livelihoods/sources.md#row-{source.lower()})" in national


def test_every_source_is_listed_and_unsafe_urls_never_link(rendered: tuple) -> None:
    page, _ = rendered
    listed = page[page.index("## Sources"):]
    for row in csv_rows("sources.csv"):
        assert f"[{row['source_id']}](../data/livelihoods/sources.md#row-" in listed
    assert "(no link recorded)" in listed        # L12 has no URL
    assert not re.search(r"\]\(<?javascript:", page, re.I)
