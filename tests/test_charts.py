"""Charts: golden Vega-Lite specs of a hand-made fixture, offline SVG with real text, determinism.

Refresh the golden specs with UPDATE_GOLDEN=1 and review the diff.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from generator import charts, numbers
from page_kinds import coverage, coverage_charts

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "tests" / "golden" / "charts"

# The national series as coverage.national_frame gives it, by hand: a launch point, a month-only
# point, a point with only an exact count, one with two wordings, and the latest.
NATIONAL = pd.DataFrame([
    {"as_of": "2019-08-15", "plotted_at": "2019-08-15", "hh_with_tap_pct": "17",
     "hh_with_tap_crore": "3.23", "hh_added_since_launch_crore": "", "total_rural_hh_crore": "18.93",
     "converted": "", "wording_tap": "", "wording_added": "", "source_id": "S10", "line": 3},
    {"as_of": "2022-02", "plotted_at": "2022-02-15", "hh_with_tap_pct": "46.41",
     "hh_with_tap_crore": "8.95", "hh_added_since_launch_crore": "5.72",
     "total_rural_hh_crore": "19.28", "converted": "", "wording_tap": "", "wording_added": "",
     "source_id": "S08", "line": 10},
    {"as_of": "2024-03-07", "plotted_at": "2024-03-07", "hh_with_tap_pct": "",
     "hh_with_tap_crore": "14.4657889", "hh_added_since_launch_crore": "",
     "total_rural_hh_crore": "19.2794822", "converted": "with tap from exact count; total from "
     "exact count", "wording_tap": "", "wording_added": "", "source_id": "S22", "line": 23},
    {"as_of": "2024-08-01", "plotted_at": "2024-08-01", "hh_with_tap_pct": "77.83",
     "hh_with_tap_crore": "15.03", "hh_added_since_launch_crore": "11.80",
     "total_rural_hh_crore": "19.32", "converted": "", "wording_tap": "more than",
     "wording_added": "around", "source_id": "S26", "line": 28},
    {"as_of": "2026-03-03", "plotted_at": "2026-03-03", "hh_with_tap_pct": "81.71",
     "hh_with_tap_crore": "15.82", "hh_added_since_launch_crore": "12.58",
     "total_rural_hh_crore": "19.36", "converted": "", "wording_tap": "around",
     "wording_added": "more than", "source_id": "S30", "line": 33},
])
MARKS = pd.DataFrame([{"date": "2019-08-15", "label": "Launch, 15 Aug 2019"},
                      {"date": "2024-12-31", "label": "Goal: every rural household by 2024"}])
RANKING = pd.DataFrame([
    {"state": "Goa", "pct": 100.0, "category": "100%", "label": "100.00%"},
    {"state": "Bihar", "pct": 95.71, "category": "90 to 99.99%", "label": "95.71%"},
    {"state": "West Bengal", "pct": 56.45, "category": "below 60%", "label": "56.45%"},
    {"state": "Kerala", "pct": float("nan"), "category": coverage_charts.NOT_REPORTED,
     "label": "not reported in this table"},
])
TILES = pd.DataFrame([
    {"state": "Goa", "short": "GA", "col": 0, "row": 0, "value_label": "100.00%",
     "category": "100%", "text_colour": "#ffffff"},
    {"state": "Kerala", "short": "KL", "col": 1, "row": 1, "value_label": "n/r",
     "category": coverage_charts.NOT_REPORTED, "text_colour": "#000000"},
    {"state": "Delhi", "short": "DL", "col": 0, "row": 1, "value_label": "no JJM",
     "category": coverage_charts.NOT_IN_JJM, "text_colour": "#000000"},
    {"state": "West Bengal", "short": "WB", "col": 1, "row": 0, "value_label": "56.45%",
     "category": "below 60%", "text_colour": "#000000"},
])


NARROW_MARKS = pd.DataFrame([{"date": "2019-08-15", "label": "Launch", "align": "left"},
                             {"date": "2024-12-31", "label": "2024 goal", "align": "right"}])
LONG = ("As of 4 Dec 2025 (year inferred). One equal tile per State/UT, roughly where it lies; "
        "a subtitle long enough to widen the chart if it were not wrapped.")


def fixture_specs() -> dict[str, dict]:
    """The chart specs of the hand-made fixture: the three wide layouts and the phone ones."""
    return {
        "national_progress": coverage_charts.national_progress_spec(
            coverage.national_points(NATIONAL), MARKS, "Rural households with a tap, India",
            ["As of 3 Mar 2026.", "Source: fixture."], ["2019-01-01", "2026-12-31"]),
        "ranking": coverage_charts.ranking_spec(RANKING, "Ranked", ["As of 4 Dec 2025.", "Source: S27."]),
        "tile_map": coverage_charts.tile_map_spec(TILES, 2, 2, "Map", ["As of 4 Dec 2025."]),
        **narrow_specs(),
    }


def narrow_specs() -> dict[str, dict]:
    """The phone layouts of the fixture's charts, with titles long enough to need wrapping."""
    return {
        "national_progress_narrow": coverage_charts.national_progress_spec(
            coverage.national_points(NATIONAL), NARROW_MARKS,
            "Rural households with a tap, India", [LONG, "Source: fixture."],
            ["2019-01-01", "2026-12-31"], narrow=True),
        "ranking_narrow": coverage_charts.ranking_spec(
            RANKING, "States/UTs ranked by rural households with a tap", [LONG], narrow=True),
        "tile_map_narrow": coverage_charts.tile_map_spec(
            pd.concat([TILES, TILES.assign(col=TILES["col"] + 6, short="XX")]), 8, 2,
            "Map of rural households with a tap, by State/UT", [LONG], narrow=True),
    }


@pytest.mark.parametrize("name", ["national_progress", "ranking", "tile_map",
                                  "national_progress_narrow", "ranking_narrow",
                                  "tile_map_narrow"])
def test_golden_specs(name):
    """Each spec equals its reviewed golden copy (UPDATE_GOLDEN=1 refreshes)."""
    text = charts.spec_json(fixture_specs()[name])
    golden = GOLDEN / f"{name}.vl.json"
    if os.environ.get("UPDATE_GOLDEN"):
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(text, encoding="utf-8")
    assert golden.read_text(encoding="utf-8") == text, f"{name} differs from {golden}"


def test_spec_pins_font_and_sizes():
    """Fonts and sizes come from the spec, never from the machine."""
    for spec in fixture_specs().values():
        assert spec["config"]["font"].startswith("Opendata Sans")
        assert spec["config"]["axis"]["labelFontSize"] and spec["config"]["title"]["fontSize"]


def test_national_points_keep_every_dated_figure_and_its_wording():
    """Every figure of every date is a point; the wording goes to the figure it qualifies."""
    points = coverage.national_points(NATIONAL)
    share = points[points["panel"] == "share"]
    assert share["date"].tolist() == ["2019-08-15", "2022-02-15", "2024-08-01", "2026-03-03"]
    assert share["label"].tolist() == ["17%", "", "", "around 81.71%"]
    counts = points[points["panel"] == "households"]
    assert len(counts) == 13  # 2 + 3 + 2 + 3 + 3: the exact-only date has tap and total
    added = counts[counts["series"] == coverage_charts.SERIES[1][0]].set_index("date")["wording"]
    assert added["2024-08-01"] == "about, around or nearly"
    assert added["2026-03-03"] == "more than or over"


def render_digests(specs: dict[str, dict]) -> dict[str, str]:
    """sha256 of the SVG and PNG of each spec, from a fresh renderer."""
    render = charts.Renderer()
    out = {}
    for name, spec in sorted(specs.items()):
        svg = render.svg(spec)
        out[f"{name}.svg"] = hashlib.sha256(svg.encode()).hexdigest()
        out[f"{name}.png"] = hashlib.sha256(render.png(svg)).hexdigest()
    return out


DIGEST_SCRIPT = """
import json, sys
sys.path.insert(0, {tests!r})
import test_charts
print(json.dumps(test_charts.render_digests(test_charts.fixture_specs())))
"""


def test_rendering_is_deterministic(tmp_path):
    """Same spec, same bytes: twice in one process, and in fresh processes in other time zones."""
    specs = fixture_specs()
    first = render_digests(specs)
    assert render_digests(specs) == first
    for zone in ("UTC", "Pacific/Honolulu"):
        run = subprocess.run([sys.executable, "-c", DIGEST_SCRIPT.format(
            tests=str(ROOT / "tests"))], capture_output=True, text=True, cwd=tmp_path,
            env={**os.environ, "TZ": zone, "PYTHONPATH": str(ROOT)}, check=True)
        assert json.loads(run.stdout) == first, zone


@pytest.fixture(scope="module")
def svgs() -> dict[str, str]:
    render = charts.Renderer()
    return {name: render.svg(spec) for name, spec in fixture_specs().items()}


def test_svg_is_offline_with_real_text(svgs):
    """The SVG loads nothing from elsewhere and its words are <text>, not paths."""
    for name, svg in svgs.items():
        assert not re.search(r"""(?:href|src)\s*=\s*["'](?:https?:)?//""", svg), name
        assert "url(http" not in svg and "@import" not in svg, name
        assert re.findall(r"https?://[^\"' )]+", svg) == [
            "http://www.w3.org/2000/svg", "http://www.w3.org/1999/xlink"], name
    words = " ".join(re.findall(r"<text[^>]*>([^<]*)</text>", svgs["ranking"]))
    assert "Kerala" in words and "not reported in this table" in words and "95.71%" in words
    assert "n/r" in re.findall(r"<text[^>]*>([^<]*)</text>", svgs["tile_map"])


def test_check_offline_refuses_loading_svg():
    """An SVG that would fetch an image or a font from elsewhere is refused."""
    for bad in ('<svg><image href="https://x.org/a.png"/></svg>',
                '<svg><image xlink:href="//x.org/a.png"/></svg>',
                "<svg><style>@import 'https://x.org/f.css';</style></svg>",
                '<svg><rect fill="url(https://x.org/p.svg#a)"/></svg>'):
        with pytest.raises(ValueError):
            charts.check_offline(bad)
    charts.check_offline('<svg xmlns="http://www.w3.org/2000/svg"><text>ok</text></svg>')


def test_accessible_svg_has_role_title_and_desc(svgs):
    """Inline SVG is an image with its title and description for screen readers."""
    out = charts.accessible_svg(svgs["ranking"], "state-ranking", "Ranked <States>", "A & B.")
    assert out.startswith("<svg ")
    assert 'role="img" aria-labelledby="state-ranking-title state-ranking-desc"' in out
    assert '<title id="state-ranking-title">Ranked &lt;States&gt;</title>' in out
    assert '<desc id="state-ranking-desc">A &amp; B.</desc>' in out


def test_renderer_caches_by_spec():
    """The same spec is converted once per renderer; stats count it."""
    render = charts.Renderer()
    spec = fixture_specs()["tile_map"]
    assert render.svg(spec) == render.svg(json.loads(json.dumps(spec)))
    assert render.stats.svg_renders == 1 and render.stats.cache_hits == 1
    assert render.stats.seconds > 0


def test_publish_gives_four_downloads_and_a_table():
    """A published chart: inline figure, data table, and SVG, PNG, CSV and JSON downloads."""
    chart = charts.Chart("demo", "Demo", "4 Dec 2025", "One sentence.",
                         fixture_specs()["ranking"], RANKING, ["State"], [["Kerala"]], "Source.")
    context, assets = charts.publish(chart, "coverage", charts.Renderer())
    # The four downloads, then the embed page and the link preview image (issue 15).
    assert [a.path for a in assets] == ["coverage/demo.svg", "coverage/demo.png",
                                       "coverage/demo.csv", "coverage/demo.vl.json",
                                       "coverage/embed/demo.html",
                                       "coverage/embed/demo-preview.png"]
    assert [d["filename"] for d in context["downloads"]] == [
        "demo.svg", "demo.png", "demo.csv", "demo.vl.json"]
    assert assets[1].data.startswith(b"\x89PNG")
    assert assets[2].data.decode().splitlines()[0] == "state,pct,category,label"
    assert json.loads(assets[3].data) == fixture_specs()["ranking"]
    assert "<table" in context["figure"] and 'role="img"' in context["figure"]


def test_bands_and_text_colours():
    """Bands split where their names say; 100% is its own band."""
    assert coverage_charts.band(100.0) == "100%"
    assert coverage_charts.band(99.99) == "90 to 99.99%"
    assert coverage_charts.band(60.0) == "60 to 69.99%"
    assert coverage_charts.band(59.99) == "below 60%"
    assert coverage_charts.text_colour("100%") == "#ffffff"
    assert coverage_charts.text_colour(coverage_charts.NOT_REPORTED) == "#000000"


def test_hatching_stays_inside_its_tile():
    """Hatch lines of a tile start and end on the tile's edges."""
    lines = coverage_charts.hatch_lines(pd.DataFrame({"col": [3], "row": [5]}))
    assert len(lines) >= 5
    for _, line in lines.iterrows():
        for x, y in ((line["x"], line["y"]), (line["x2"], line["y2"])):
            assert 3 <= x <= 3 + coverage_charts.TILE + 1e-9 and 5 <= y <= 5 + coverage_charts.TILE + 1e-9


# ---- Charts that fit any width (issue 14) ----------------------------------------------------

SVG_TAG = re.compile(r"<svg\b[^>]*>")


def drawn_width(svg: str) -> float:
    """The width vl-convert drew an SVG at (its width attribute)."""
    return float(re.search(r'\swidth="([\d.]+)"', SVG_TAG.search(svg).group(0)).group(1))


@pytest.mark.parametrize("name", sorted(narrow_specs()))
def test_phone_layouts_fit_a_phone_at_full_size(svgs, name):
    """A phone layout is drawn at most NARROW_WIDTH wide: a 390 px phone (358 px of content)
    shows it unscaled; long titles and subtitles are wrapped instead of widening it."""
    assert drawn_width(svgs[name]) <= charts.NARROW_WIDTH + 2, name
    assert drawn_width(svgs[name.removesuffix("_narrow")]) > charts.NARROW_WIDTH + 2


def test_engine_series_chart_has_a_phone_layout():
    """The indicator kind's chart, faceted or not, fits NARROW_WIDTH with a long panel name."""
    points = pd.DataFrame({"date": ["2016-03-31", "2022-12-31", "2024-12-31"] * 2,
                           "series": ["Capitalisation support to groups (INR crore)"] * 3
                           + ["Blocks"] * 3, "value": [1.0, 5.0, 9.0, 10.0, 20.0, 30.0],
                           "label": ["1", "5", "9", "10", "20", "30"]})
    marks = pd.DataFrame([{"date": "2019-06-01", "label": "Launch of the programme"},
                          {"date": "2024-06-01", "label": "Goal of the programme"}])
    render = charts.Renderer()
    for faceted in (True, False):
        spec = charts.series_spec(points, marks, "A long title of a chart about groups",
                                  [LONG], faceted=faceted, narrow=True)
        assert drawn_width(render.svg(spec)) <= charts.NARROW_WIDTH + 2, faceted
        axis = (spec["vconcat"][0] if faceted else spec)["layer"][0]["encoding"]["x"]["axis"]
        assert axis["tickCount"] == {"interval": "year", "step": 2}  # fewer ticks on a phone


def test_figure_svgs_have_a_viewbox_and_no_fixed_size(svgs):
    """Inline, each layout keeps its viewBox and loses its width and height, so CSS scales
    it; its size class caps it at its drawn width rounded up; ids are not repeated."""
    chart = charts.Chart("demo", "Demo", "4 Dec 2025", "One sentence.", {}, RANKING,
                         ["State"], [["Kerala"]], "Source.")
    markup = str(charts.figure(chart, svgs["ranking"], svgs["ranking_narrow"]))
    tags = SVG_TAG.findall(markup)
    assert len(tags) == 2
    for tag, svg, layout in ((tags[0], svgs["ranking"], "od-chart-wide"),
                             (tags[1], svgs["ranking_narrow"], "od-chart-narrow")):
        assert re.search(r'\sviewBox="0 0 [\d.]+ [\d.]+"', tag), tag
        assert not re.search(r"\s(?:width|height|style)=", tag), tag
        cap = int(re.search(r"od-chart-max-(\d+)", tag).group(1))
        assert drawn_width(svg) <= cap < drawn_width(svg) + charts.SIZE_STEP
        assert layout in tag
    assert 'class="od-chart-figure od-chart-layouts"' in markup
    # The marks' own labels go (the image is one role=img); every drawn word stays.
    assert "aria-roledescription" not in markup and 'role="graphics' not in markup
    words = re.findall(r"<text[^>]*>([^<]*)</text>", svgs["ranking"])
    assert re.findall(r"<text[^>]*>([^<]*)</text>", markup)[:len(words)] == words
    ids = re.findall(r'\sid="([^"]+)"', markup)
    assert len(ids) == len(set(ids)) and "demo-title" in ids and "demo-narrow-title" in ids
    assert ('<div class="od-table-wrap od-scroll" markdown="0" tabindex="0" role="region" '
            'aria-label="Demo: the data plotted"><table') in markup  # scrolls in its own box
    alone = str(charts.figure(chart, svgs["ranking"]))  # no phone layout: one SVG that scales
    assert len(SVG_TAG.findall(alone)) == 1 and "od-chart-layouts" not in alone


def test_the_stylesheet_has_every_size_class_and_the_phone_switch():
    """Each size class responsive_svg can write, and the media query that swaps layouts."""
    css = (ROOT / "generator" / "assets" / "opendata.css").read_text(encoding="utf-8")
    for cap in range(charts.SIZE_STEP, charts.SIZE_CAP + 1, charts.SIZE_STEP):
        assert f".od-chart-max-{cap} {{ max-width: min(100%, {cap}px); }}" in css, cap
    switch = css[css.index(f"@media {charts.NARROW_MEDIA}"):]
    assert ".od-chart-layouts .od-chart-wide { display: none; }" in switch.split("}\n}")[0]


def test_a_key_lists_what_each_tile_label_stands_for(svgs):
    """A tile map's codes are listed with the names they stand for, sorted by code."""
    chart = charts.Chart("map", "Map", "4 Dec 2025", "One sentence.", {}, TILES, ["State"],
                         [["Goa"]], "Source.", key=[("WB", "West Bengal"), ("DL", "Delhi <&>")])
    markup = str(charts.figure(chart, svgs["tile_map"]))
    assert ('<dl class="od-chart-key" aria-labelledby="map-key"><div><dt>DL</dt><dd>Delhi '
            '&lt;&amp;&gt;</dd></div><div><dt>WB</dt><dd>West Bengal</dd></div></dl>') in markup


def test_wrap_keeps_every_word_and_fits():
    """Wrapped title lines keep the words in order and stay within the width's characters."""
    lines = charts.wrap(LONG, 336)
    assert " ".join(lines) == LONG and len(lines) > 1
    assert all(len(line) <= int(336 / (12 * 0.53)) for line in lines)


# ---- The home page's chart and its list of places (issue 14) --------------------------------

@pytest.fixture(scope="module")
def home_page() -> tuple[str, list]:
    """The real publication's home page, rendered from datasets/ and publication.yml."""
    from generator.config import load_config
    from generator.markdown import environment
    from generator.model import Page
    from generator.pages import home
    from generator.sitedata import load_site_data
    from generator.validate import validate_paths

    config = load_config(ROOT)
    data = load_site_data(config, validate_paths([config.datasets], config.root))
    [section] = [s for s in config.publication.sections if s.kind == "home"]
    assert home.check(data, section.options) == []
    outputs = home.render(data, environment(ROOT / "generator" / "templates"), section.options)
    [page] = [o for o in outputs if isinstance(o, Page)]
    return page.markdown, [o for o in outputs if not isinstance(o, Page)]


def test_home_draws_the_configured_national_chart_with_both_layouts(home_page):
    """The home chart plots every dated share of the configured table, as the indicator
    kind would, in a wide and a phone layout, with its table and downloads."""
    markdown, assets = home_page
    rows = [r for r in csv_rows("datasets/jjm-coverage/national_timeseries.csv")
            if r["hh_with_tap_pct"].strip()]
    assert "## Share of rural households with a tap, India {: #home-chart }" in markdown
    assert markdown.count("<svg ") == 2 and "od-chart-narrow" in markdown
    plotted = next(a for a in assets if a.path == "home-chart.csv").data.decode().splitlines()
    assert len(plotted) == 1 + len(rows)  # the header, then every dated share, no blank one
    first, last = min(rows, key=lambda r: r["as_of"]), max(rows, key=lambda r: r["as_of"])
    assert (f"Share of rural households with a tap, India rose from {first['hh_with_tap_pct']}% "
            f"\\({numbers.human_date(first['as_of'])}\\) to {last['hh_with_tap_pct']}% "
            f"\\({numbers.human_date(last['as_of'])}\\)") in markdown
    assert "[More charts, the map and the table of every State/UT](coverage/index.md)" in markdown


def test_home_links_every_state_and_ut_by_its_published_name(home_page):
    """'Your State': one link per row of admin-codes/states, to the page its name slugs to,
    named as the coverage tables write it (else in title case, never in capitals)."""
    markdown, _ = home_page
    section = markdown[markdown.index("{: #places }"):markdown.index("## Explore")]
    links = re.findall(r"^- \[([^\]]+)\]\(coverage/states/([a-z0-9-]+)\.md\)$", section, re.M)
    states = csv_rows("datasets/admin-codes/states.csv")
    assert len(links) == len(states) == 36
    assert {slug for _, slug in links} == {re.sub(r"[^a-z0-9]+", "-", s["state_name"].lower())
                                          .strip("-") for s in states}
    names = dict((slug, name) for name, slug in links)
    assert names["kerala"] == "Kerala" and names["delhi"] == "Delhi"
    assert names["the-dadra-and-nagar-haveli-and-daman-and-diu"] == \
        "The Dadra and Nagar Haveli and Daman and Diu"
    assert [n for n, _ in links] == sorted((n for n, _ in links), key=str.casefold)


def csv_rows(path: str) -> list[dict[str, str]]:
    """A CSV file of the repository as rows of strings."""
    import csv

    with (ROOT / path).open(encoding="utf-8", newline="") as file:
        return list(csv.DictReader(file))


def test_a_marker_label_moves_to_the_top_where_the_values_near_it_sit_low():
    """A rule by a low first value is labelled at its top (its foot holds the value's label);
    a rule where the values are high keeps its label at the foot."""
    points = pd.DataFrame({"date": ["2019-08-15", "2022-03-31", "2026-03-03"],
                           "series": ["A"] * 3, "value": [10.9, 40.0, 100.0],
                           "label": ["10.90%", "40%", "100%"]})
    marks = pd.DataFrame([{"date": "2019-08-15", "label": "Launch"},
                          {"date": "2025-12-31", "label": "Goal"}])
    for narrow in (False, True):
        spec = charts.series_spec(points, marks, "A chart", [], faceted=False, narrow=narrow)
        placed = {}
        for layer in spec["layer"]:
            mark = layer["mark"]
            if isinstance(mark, dict) and mark.get("type") == "text" and "color" in mark:
                rows = spec["datasets"][layer["data"]["name"]]
                for row in rows:
                    placed[row["label"]] = (layer["encoding"]["y"]["value"], mark["baseline"])
        assert placed["Launch"] == (0, "top"), (narrow, placed)
        assert placed["Goal"] == (240, "bottom"), (narrow, placed)


def test_inline_svg_drops_only_what_nobody_sees(svgs):
    """Inline, a chart keeps every word and visible path; empty text and hidden or empty paths
    (DOM nodes a phone lays out for nothing) are dropped. The downloaded SVG keeps them."""
    svg = svgs["national_progress"]
    assert re.search(r"<text\b[^<>]*/>", svg) and 'display="none"' in svg  # vl-convert's own
    inline = charts.responsive_svg(svg, "od-chart-wide")
    assert not re.search(r"<text\b[^<>]*/>", inline) and 'display="none"' not in inline
    assert 'd=""' not in inline and 'd="M0,0h0v0h0Z"' not in inline
    words = re.findall(r"<text\b[^>]*>([^<]+)</text>", svg)
    assert words and re.findall(r"<text\b[^>]*>([^<]+)</text>", inline) == words
    drawn = re.findall(r'<path\b[^>]*\sd="(M[^"]*[1-9][^"]*)"', svg)
    assert re.findall(r'<path\b[^>]*\sd="(M[^"]*[1-9][^"]*)"', inline) == [
        d for d in drawn if d != "M0,0h0v0h0Z"]
