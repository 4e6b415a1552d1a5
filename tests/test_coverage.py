"""Coverage pages: overview, ranking, map, sortable table and a page per State/UT, checked
against the published CSVs (read here with the csv module, not with the generator's code)."""

from __future__ import annotations

import csv
import html
import io
import json
import re
from decimal import Decimal
from pathlib import Path

import pytest
from sitebuild import ROOT, build, make_project

from generator import numbers
from generator.build import render_pages
from generator.config import load_config
from generator.model import Page
from generator.sitedata import load_site_data
from generator.validate import validate_paths
from page_kinds import coverage, coverage_charts

DATA = ROOT / "datasets" / "jjm-coverage"
NO_RURAL = {"4", "7"}  # Chandigarh, Delhi: not in JJM tables


def rows(name: str) -> list[dict[str, str]]:
    """A published CSV of jjm-coverage as row dicts."""
    with (DATA / f"{name}.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def lgd_states() -> dict[str, str]:
    """LGD state code -> name as in admin-codes."""
    with (ROOT / "datasets/admin-codes/states.csv").open(encoding="utf-8", newline="") as handle:
        return {r["lgd_state_code"]: r["state_name"] for r in csv.DictReader(handle)}


LATEST = max(r["as_of"] for r in rows("state_coverage"))
TABLE = {r["lgd_state_code"]: r for r in rows("state_coverage") if r["as_of"] == LATEST}


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    """The real project, built once."""
    project = make_project(tmp_path_factory.mktemp("coverage"))
    result = build(project)
    assert result.published, [p.format() for p in result.problems if p.is_error]
    return project


@pytest.fixture(scope="module")
def site(project) -> Path:
    return project / "site"


def text_of(page: Path) -> str:
    """A page's visible text, tags dropped and entities decoded, whitespace collapsed."""
    body = re.sub(r"<script.*?</script>|<style.*?</style>", " ", page.read_text("utf-8"), flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", body)).split())


def state_pages(site: Path) -> dict[str, Path]:
    """State/UT pages by the LGD code each states."""
    pages = {}
    for page in sorted((site / "coverage/states").glob("*.html")):
        code = re.search(r"LGD state code (\d+)", text_of(page))
        assert code, page
        assert code.group(1) not in pages, f"two pages for LGD code {code.group(1)}"
        pages[code.group(1)] = page
    return pages


def test_every_state_and_ut_has_a_page(site):
    """One page per State/UT of the LGD list: 36, no more, no less."""
    assert set(state_pages(site)) == set(lgd_states())
    assert len(lgd_states()) == 36


def test_each_page_shows_its_latest_figure(site):
    """The figure of the latest State table, its date and households, as published."""
    pages = state_pages(site)
    date = numbers.human_date(LATEST)
    for code, row in TABLE.items():
        text = text_of(pages[code])
        if row["hh_tap_as_of_pct"]:
            assert (f"{row['hh_tap_as_of_pct']}% of rural households in {row['state_name']} had "
                    f"a tap water connection in the State/UT table of {date}") in text, code
            assert f"{row['hh_tap_as_of_lakh']} lakh ({row['hh_tap_as_of_pct']}%)" in text, code
        else:
            assert (f"with a tap is not reported in the State/UT table of {date}") in text, code
        assert f"{row['total_rural_hh_lakh']} lakh" in text, code


def test_rank_matches_the_table(site):
    """Rank = 1 + the number of States/UTs with a higher published figure; ties share it."""
    values = {c: Decimal(r["hh_tap_as_of_pct"]) for c, r in TABLE.items() if r["hh_tap_as_of_pct"]}
    pages = state_pages(site)
    for code, value in values.items():
        rank = 1 + sum(1 for v in values.values() if v > value)
        tied = " (tied)" if list(values.values()).count(value) > 1 else ""
        assert f"rank {rank}{tied} of {len(values)} States/UTs" in text_of(pages[code]), code


def missing_codes() -> set[str]:
    """States/UTs of the JJM without a figure in the latest table (absent or blank)."""
    blank = {c for c, r in TABLE.items() if not r["hh_tap_as_of_pct"]}
    absent = set(lgd_states()) - set(TABLE) - NO_RURAL
    return blank | absent


def test_not_reported_cases_are_kerala_and_jharkhand():
    """The data as it stands: Jharkhand's row is blank, Kerala is not in the table."""
    assert missing_codes() == {"20", "32"}


def test_not_reported_in_the_state_pages(site):
    """Kerala and Jharkhand: 'not reported in this table', and no figure of another date."""
    pages = state_pages(site)
    for code in missing_codes():
        text = text_of(pages[code])
        assert "is not reported in the State/UT table" in text, code
        assert "not ranked: not reported in this table" in text or code not in TABLE
        # the headline never shows a figure: the sentence before the code line has no percent
        headline = text.split("LGD state code")[0].split("tap-water coverage")[-1]
        assert not re.search(r"\d%", headline), headline
    jharkhand = text_of(pages["20"])
    assert f"With a tap on {numbers.human_date(LATEST)} (year inferred) not reported in this " \
           "table" in jharkhand


def test_not_reported_in_table_ranking_and_map(site):
    """Kerala and Jharkhand are marked not reported in the sortable table, ranking and map."""
    page = (site / "coverage/index.html").read_text("utf-8")
    names = {c: TABLE[c]["state_name"] if c in TABLE else lgd_states()[c].title()
             for c in missing_codes()}
    for name in names.values():
        slug = coverage.slugify(name)
        row = re.search(rf'<tr id="state-{slug}">(.*?)</tr>', page, re.S)
        assert row and "not reported in this table" in row.group(1), name
        assert ">0<" not in row.group(1) and ">0.00%<" not in row.group(1)
    ranking = list(csv.DictReader(io.StringIO(
        (site / "coverage/state-ranking.csv").read_text("utf-8"))))
    assert {r["state"] for r in ranking if r["category"] == coverage_charts.NOT_REPORTED} == set(
        names.values())
    assert all(r["published_pct"] == "" and r["rank"] == "" for r in ranking
               if r["category"] == coverage_charts.NOT_REPORTED)
    tiles = list(csv.DictReader(io.StringIO((site / "coverage/state-map.csv").read_text("utf-8"))))
    assert {r["lgd_state_code"] for r in tiles if r["category"] == coverage_charts.NOT_REPORTED} == \
        missing_codes()
    assert {r["lgd_state_code"] for r in tiles if r["category"] == coverage_charts.NOT_IN_JJM} == NO_RURAL
    # the ranking SVG writes it; the map hatches exactly those tiles
    svg = (site / "coverage/state-ranking.svg").read_text("utf-8")
    assert svg.count(">not reported in this table</text>") == len(names)
    spec = (site / "coverage/state-map.vl.json").read_text("utf-8")
    hatched = {(int(r["col"]), int(r["row"])) for r in tiles
               if r["category"] == coverage_charts.NOT_REPORTED}
    lines = re.findall(r'"x": ([\d.]+),\s*"x2": [\d.]+,\s*"y": ([\d.]+)', spec)
    assert {(int(float(x)), int(float(y))) for x, y in lines} == hatched


def test_delhi_and_chandigarh_say_they_are_not_in_jjm_tables(site):
    pages = state_pages(site)
    for code in NO_RURAL:
        text = text_of(pages[code])
        assert "is not in the Jal Jeevan Mission's State/UT tables" in text
        assert "no rural population" in text


def tap_wording(qualifier: str) -> str:
    """The source's word for the tap figure (not the one marked '(added)')."""
    parts = [p.strip() for p in qualifier.split(";") if p.strip()]
    return next((p.split("(")[0].strip() for p in parts if "(added)" not in p), "")


def test_national_description_matches_the_data(site):
    """'rose from 17% on 15 Aug 2019 to around 81.71% on 3 Mar 2026' from the CSV."""
    national = sorted((r for r in rows("national_timeseries") if r["hh_with_tap_pct"]),
                      key=lambda r: r["as_of"])
    first, last = national[0], national[-1]

    def share(row: dict) -> str:
        return f"{tap_wording(row['qualifier'])} {row['hh_with_tap_pct']}%".strip()
    expected = (f"The share of rural households with a tap rose from {share(first)} on "
                f"{numbers.human_date(first['as_of'])} to {share(last)} on "
                f"{numbers.human_date(last['as_of'])}, while the stated total of rural "
                f"households was revised from {first['total_rural_hh_crore']} crore to "
                f"{last['total_rural_hh_crore']} crore.")
    assert expected == ("The share of rural households with a tap rose from 17% on 15 Aug 2019 "
                        "to around 81.71% on 3 Mar 2026, while the stated total of rural "
                        "households was revised from 18.93 crore to 19.36 crore.")
    text = text_of(site / "coverage/index.html")
    assert expected in text
    svg = (site / "coverage/index.html").read_text("utf-8")
    assert f'<desc id="national-progress-desc">{expected}</desc>' in svg


def test_ranking_and_map_descriptions_match_the_data(site):
    values = {c: Decimal(r["hh_tap_as_of_pct"]) for c, r in TABLE.items() if r["hh_tap_as_of_pct"]}
    full = sum(1 for v in values.values() if v == 100)
    lowest = min(values, key=values.get)
    text = text_of(site / "coverage/index.html")
    assert (f"{full} of the {len(values)} States/UTs with a figure had a tap in every rural "
            f"household and the lowest was {TABLE[lowest]['state_name']} at "
            f"{TABLE[lowest]['hh_tap_as_of_pct']}%; Jharkhand and Kerala are not reported in "
            f"this table.") in text
    assert (f"Of India's 36 States/UTs, {len(values)} have a figure in the table of "
            f"{numbers.human_date(LATEST)} (year inferred) ({full} at 100%), 2 are not reported "
            f"in it (Jharkhand and Kerala) and 2 are not in JJM tables (Chandigarh and Delhi)."
            ) in text


def test_every_chart_has_its_parts(site):
    """Title, as-of date, description, inline accessible SVG, data table, source, downloads."""
    page = (site / "coverage/index.html").read_text("utf-8")
    for name in ("national-progress", "state-ranking", "state-map"):
        assert f'aria-labelledby="{name}-title {name}-desc"' in page
        for ext in ("svg", "png", "csv", "vl.json"):
            assert (site / "coverage" / f"{name}.{ext}").stat().st_size > 100, (name, ext)
            assert f'href="{name}.{ext}"' in page, (name, ext)
        assert (site / "coverage" / f"{name}.png").read_bytes().startswith(b"\x89PNG")
    assert page.count("<summary>Data table of this chart</summary>") == 3
    assert page.count('<table class="od-table">') >= 3
    assert "As of 3 Mar 2026." in text_of(site / "coverage/index.html")
    assert not re.search(r"""<svg[^>]*>(?:(?!</svg>).)*(?:href|src)=["']https?:""", page, re.S)


def test_search_indexes_chart_descriptions_not_svg_text(site):
    """The search index holds a chart's description and data table, not its SVG's axis text."""
    index = json.loads((site / "search/search_index.json").read_text("utf-8"))
    entries = {e["location"]: e["text"] for e in index["docs"]}
    national = entries["coverage/index.html#national-progress"]
    assert "rose from 17% on 15 Aug 2019" in national
    assert "Data table of this chart" in national
    # vl-convert draws each axis label as its own <text>: indexed, they run together.
    assert "20192020" not in national
    assert not any("20192020" in text for text in entries.values())
    # The charts are kept out of the index by how the index is made, not by hiding them: the
    # page's article has no data-search-exclude (the footer, outside it, has its own).
    page = (site / "coverage/index.html").read_text("utf-8")
    article = page[page.index("<article"):page.index("</article>")]
    assert "data-search-exclude" not in article


def test_state_downloads_are_its_published_rows(site):
    """Each State/UT CSV is the header and exactly its rows, byte for byte."""
    pages = state_pages(site)
    for resource in ("state_coverage", "state_mentions"):
        lines = (DATA / f"{resource}.csv").read_bytes().splitlines(keepends=True)
        header = lines[0]
        for code, page in pages.items():
            mine = [line for line in lines[1:]
                    if next(csv.DictReader(io.StringIO((header + line).decode())))[
                        "lgd_state_code"] == code]
            download = page.with_name(f"{page.stem}-{resource}.csv")
            if not mine:
                assert not download.exists()
                continue
            assert download.read_bytes() == header + b"".join(mine), download.name
            assert f'href="{download.name}"' in page.read_text("utf-8")


def test_every_figure_is_listed_and_linked_to_its_row(site):
    """A state page lists every table row and quoted figure for it, each linked to its row."""
    pages = state_pages(site)
    for resource in ("state_coverage", "state_mentions"):
        for row in rows(resource):
            page = pages[row["lgd_state_code"]].read_text("utf-8")
            assert f"data/jjm-coverage/{resource}.html#row-{row['as_of']}--" \
                   f"{row['lgd_state_code']}" in page, row
            assert f"index.html#source-{row['source_id']}" in page


def test_overview_links_resolve(site):
    """Every link of the overview that stays on the site points at a file that exists."""
    page = site / "coverage/index.html"
    hrefs = re.findall(r'(?:href|src)="([^"#]+)(?:#[^"]*)?"', page.read_text("utf-8"))
    local = [h for h in hrefs if not re.match(r"^[a-z]+:", h)]
    assert len([h for h in local if h.startswith("states/")]) == 36
    for href in local:
        assert (page.parent / href).resolve().exists(), href
    assert "../assets/coverage-sort.js" in local


def test_tiles_cover_every_state_once():
    """One tile per LGD State/UT, no two in one cell, every short label unique."""
    assert {str(c) for c in coverage.TILES} == set(lgd_states())
    cells = [(c, r) for c, r, _ in coverage.TILES.values()]
    assert len(set(cells)) == len(cells)
    assert len({s for _, _, s in coverage.TILES.values()}) == len(coverage.TILES)
    assert all(0 <= c < coverage.GRID[0] and 0 <= r < coverage.GRID[1] for c, r in cells)
    assert coverage.TILES[37][2] == "LA" and coverage.TILES[38][2] == "DH"


@pytest.mark.parametrize("qualifier, tap, added", [
    ("", "", ""), ("about", "about", ""), ("more than (added)", "", "more than"),
    ("around; more than (added)", "around", "more than"),
    ("more than; around (added)", "more than", "around"),
    ("over (5.1); nearly (2.0)", "over", "nearly"),
])
def test_split_qualifier(qualifier, tap, added):
    """The source's wording goes to the figure it qualifies."""
    row = {"hh_with_tap_crore": "5.1", "hh_added_since_launch_crore": "2.0"}
    assert coverage.split_qualifier(qualifier, row) == (tap, added)


def test_coverage_page_without_the_dataset(tmp_path):
    """A build without jjm-coverage still has the (empty) coverage page the navigation names."""
    project = make_project(tmp_path, ROOT / "tests/fixtures/site/datasets")
    config = load_config(project, site_url="")
    data = load_site_data(config, validate_paths([config.datasets], project))
    pages = {o.path: o for o in render_pages(data) if isinstance(o, Page)}
    assert "not part of this build" in pages["coverage/index.md"].markdown
    assert not any(p.startswith("coverage/states/") for p in pages)
