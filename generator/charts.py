"""Charts: Vega-Lite specs built with altair, drawn at build time to static SVG and PNG.

Every chart works without JavaScript: vl-convert renders it offline to an SVG with real <text>,
embedded inline with a title and description, next to a table of exactly what it plots.
"""

from __future__ import annotations

import hashlib
import html
import json
import os
import re
import time
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path

import altair as alt
import pandas as pd
from markupsafe import Markup

from .markdown import html_table

# Pinned so output never depends on the machine: vl-convert embeds Liberation Sans (metrically
# equal to Arial), so text is measured and drawn the same everywhere; browsers without it fall
# back to Arial or Helvetica with the same widths.
FONT = "Liberation Sans, Arial, Helvetica, sans-serif"
CONFIG: dict = {
    "font": FONT,
    "background": "white",
    "padding": 10,
    "view": {"stroke": None},
    "title": {"fontSize": 17, "subtitleFontSize": 12, "subtitleColor": "#333333",
              "anchor": "start", "offset": 12, "subtitlePadding": 5},
    "axis": {"labelFontSize": 12, "titleFontSize": 12, "labelColor": "#222222",
             "titleColor": "#222222", "titleFontWeight": "normal", "gridColor": "#e3e3e3",
             "domainColor": "#555555", "tickColor": "#555555"},
    "legend": {"labelFontSize": 12, "titleFontSize": 12, "titleFontWeight": "normal",
               "labelLimit": 360, "symbolStrokeColor": "#555555", "orient": "right"},
    "text": {"fontSize": 12},
}
PNG_SCALE = 2

# Coverage bands, darkest = highest (viridis, read in reverse): distinct for colour-blind
# readers and in grey print. Text on the three darkest bands is white.
BANDS = [("100%", 100, "#440154"), ("90 to 99.99%", 90, "#414487"),
         ("80 to 89.99%", 80, "#2a788e"), ("70 to 79.99%", 70, "#22a884"),
         ("60 to 69.99%", 60, "#7ad151"), ("below 60%", 0, "#fde725")]
DARK_BANDS = {"100%", "90 to 99.99%", "80 to 89.99%"}
NOT_REPORTED = "Not reported in this table (hatched)"
NOT_IN_JJM = "Not in JJM tables (no rural population)"
NOT_REPORTED_FILL, NOT_IN_JJM_FILL, HATCH = "#d4d4d4", "#ffffff", "#4d4d4d"
# Series of the national chart: Okabe-Ito colours, safe for colour-blind readers.
SERIES = [("With a tap", "#0072B2"), ("Connected since 15 Aug 2019", "#D55E00"),
          ("All rural households (stated total)", "#000000")]
WORDING_SHAPES = [("stated without a qualifier", "circle"),
                  ("about, around or nearly", "diamond"), ("more than or over", "triangle-up")]


def band(pct: float) -> str:
    """The coverage band of a percentage."""
    return next(name for name, floor, _ in BANDS if pct >= floor)


def text_colour(category: str) -> str:
    """Black or white, whichever reads on the category's fill."""
    return "#ffffff" if category in DARK_BANDS else "#000000"


@dataclass(frozen=True)
class Chart:
    """A chart to publish: its spec, what it plots (as a table) and the words around it."""

    name: str               # file stem of the downloads, e.g. "national-progress"
    title: str
    as_of: str              # the date of the latest figure plotted, in words
    description: str        # one sentence, generated from the data
    spec: dict
    data: pd.DataFrame      # exactly what is plotted (the CSV download)
    table_header: list[str]
    table_rows: list[list[str]]
    source: str             # the source line, plain text
    sources: list[tuple[str, str]] = field(default_factory=list)  # (label, link)


@dataclass
class RenderStats:
    """Chart rendering in this build: conversions done, cache hits and seconds spent."""

    charts: int = 0
    svg_renders: int = 0
    png_renders: int = 0
    cache_hits: int = 0
    seconds: float = 0.0


class Renderer:
    """One vl-convert converter for every chart, caching output by spec hash."""

    def __init__(self, max_entries: int = 64) -> None:
        self._cache: OrderedDict[str, str | bytes] = OrderedDict()
        self._max = max_entries
        self.stats = RenderStats()
        self.disk: Path | None = None

    def use_disk(self, folder: Path | None) -> None:
        """Also keep rendered charts in `folder` (build/.cache/charts), across builds.

        Keys hash the spec (or SVG) and vl-convert's version, so a changed chart or converter
        never finds an old file.
        """
        self.disk = folder

    def _disk_path(self, key: str) -> Path | None:
        """Where a rendered chart is kept on disk, or None without a disk cache."""
        if self.disk is None:
            return None
        import vl_convert

        version = getattr(vl_convert, "__version__", "unknown")
        digest = hashlib.sha256(f"{version}:{key}".encode()).hexdigest()
        return self.disk / digest

    def _cached(self, key: str, make) -> str | bytes:
        if key in self._cache:
            self.stats.cache_hits += 1
            self._cache.move_to_end(key)
            return self._cache[key]
        path = self._disk_path(key)
        if path is not None and path.is_file():
            data = path.read_bytes()
            value = data.decode("utf-8") if key.startswith("svg:") else data
            self.stats.cache_hits += 1
            os.utime(path)  # last use, for cache.prune
        else:
            start = time.perf_counter()
            value = make()
            self.stats.seconds += time.perf_counter() - start
            if path is not None:
                path.parent.mkdir(parents=True, exist_ok=True)
                tmp = path.with_suffix(".tmp")
                tmp.write_bytes(value.encode("utf-8") if isinstance(value, str) else value)
                tmp.replace(path)
        self._cache[key] = value
        if len(self._cache) > self._max:
            self._cache.popitem(last=False)
        return value

    def svg(self, spec: dict) -> str:
        """The chart as SVG; raises ValueError if it would load anything from elsewhere."""
        import vl_convert

        def make() -> str:
            self.stats.svg_renders += 1
            svg = vl_convert.vegalite_to_svg(spec, allowed_base_urls=[])
            check_offline(svg)
            return svg
        return self._cached("svg:" + spec_hash(spec), make)

    def png(self, svg: str) -> bytes:
        """The SVG drawn as PNG (by vl-convert's resvg, with its embedded fonts)."""
        import vl_convert

        def make() -> bytes:
            self.stats.png_renders += 1
            return vl_convert.svg_to_png(svg, scale=PNG_SCALE)
        digest = hashlib.sha256(svg.encode("utf-8")).hexdigest()
        return self._cached(f"png:{PNG_SCALE}:{digest}", make)


_RENDERER = Renderer()


def renderer() -> Renderer:
    """The converter shared by every page kind (the cache survives rebuilds in `serve`)."""
    return _RENDERER


def render_stats() -> RenderStats:
    """Chart rendering since the last reset_stats(): for the build summary."""
    return _RENDERER.stats


def reset_stats() -> None:
    """Start counting chart rendering afresh (call at the start of a build)."""
    _RENDERER.stats = RenderStats()


def spec_hash(spec: dict) -> str:
    """sha256 of the spec's canonical JSON."""
    return hashlib.sha256(spec_json(spec).encode("utf-8")).hexdigest()


def spec_json(spec: dict) -> str:
    """The spec as canonical, readable JSON (the download)."""
    return json.dumps(spec, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


_LOADING = re.compile(r"""(?:href|src)\s*=\s*["']\s*(?:https?:)?//|url\(\s*["']?\s*(?:https?:)?//"""
                      r"""|@import""", re.I)


def check_offline(svg: str) -> None:
    """Refuse an SVG that would load anything (href, src, url(), @import) from elsewhere."""
    found = _LOADING.search(svg)
    if found:
        raise ValueError(f"chart SVG would load from elsewhere: {svg[found.start():][:80]!r}")


def accessible_svg(svg: str, chart_id: str, title: str, description: str) -> Markup:
    """The SVG as an image for assistive technology: role=img with its <title> and <desc>."""
    opening = re.match(r"<svg\b[^>]*>", svg)
    if opening is None:
        raise ValueError("vl-convert returned something other than an SVG")
    tag = opening.group(0)[:-1] + (f' role="img" aria-labelledby="{chart_id}-title '
                                   f'{chart_id}-desc" focusable="false">')
    inner = (f'<title id="{chart_id}-title">{html.escape(title)}</title>'
             f'<desc id="{chart_id}-desc">{html.escape(description)}</desc>')
    return Markup(tag + inner + svg[opening.end():])


def publish(chart: Chart, folder: str, render: Renderer | None = None) -> tuple[dict, list]:
    """The template context of a chart and its downloads: SVG, PNG, CSV and Vega-Lite JSON."""
    from .pages import Asset

    render = render or renderer()
    render.stats.charts += 1
    svg = render.svg(chart.spec)
    files = [("SVG image", f"{chart.name}.svg", svg.encode("utf-8")),
             ("PNG image", f"{chart.name}.png", render.png(svg)),
             ("Plotted data (CSV)", f"{chart.name}.csv",
              chart.data.to_csv(index=False, lineterminator="\n").encode("utf-8")),
             ("Vega-Lite spec (JSON)", f"{chart.name}.vl.json",
              spec_json(chart.spec).encode("utf-8"))]
    context = {
        "id": chart.name, "title": chart.title, "as_of": chart.as_of,
        "description": chart.description, "source": chart.source, "sources": chart.sources,
        "figure": figure(chart, svg),
        "downloads": [{"label": label, "filename": name} for label, name, _ in files],
    }
    return context, [Asset(f"{folder}/{name}", data) for _, name, data in files]


def figure(chart: Chart, svg: str) -> Markup:
    """The inline SVG and, under it, the table of what it plots (one raw HTML block)."""
    table = html_table(chart.table_header, chart.table_rows,
                       caption=f"{chart.title}: the data plotted")
    # Focusable: on a phone the figure scrolls sideways, and keyboards must reach it too.
    # Left out of the search index (the search plugin then drops the attribute): the SVG's
    # text is axis labels run together; the description and the data table are indexed.
    return Markup(f'<div class="od-chart"><figure class="od-chart-figure" tabindex="0" '
                  f'aria-labelledby="{chart.name}-title" data-search-exclude="true">'
                  f'{accessible_svg(svg, chart.name, chart.title, chart.description)}</figure>'
                  f'<details class="od-chart-data"><summary>Data table of this chart</summary>'
                  f'{table}</details></div>')


def _finish(chart: alt.TopLevelMixin) -> dict:
    """The chart's Vega-Lite spec with the pinned config."""
    spec = chart.to_dict()
    spec["config"] = CONFIG
    return spec


def _title(title: str, subtitle: list[str]) -> alt.Title:
    return alt.Title(title, subtitle=subtitle)


def _x_time(domain: list[str]) -> alt.X:
    """A UTC time axis (the output must not depend on the build machine's time zone)."""
    return alt.X("date:T", title=None, scale=alt.Scale(type="utc", domain=domain),
                 axis=alt.Axis(format="%Y", formatType="utc", tickCount="year"))


def national_progress_spec(points: pd.DataFrame, marks: pd.DataFrame, title: str,
                           subtitle: list[str], domain: list[str]) -> dict:
    """Share and number of rural households with a tap over time, launch and goal marked.

    `points`: one row per plotted point: date, panel ('share' or 'households'), series,
    value, wording (a WORDING_SHAPES name, '' for the stated total) and label (text drawn
    next to the point, may be ''). `marks`: date and label of each vertical rule.
    """
    width = 520
    below = alt.Legend(orient="bottom", direction="vertical")
    shape = alt.Shape("wording:N", title="Source's wording", legend=below,
                      scale=alt.Scale(domain=[w for w, _ in WORDING_SHAPES],
                                      range=[s for _, s in WORDING_SHAPES]))
    colour = alt.Color("series:N", title="Series", legend=below,
                       scale=alt.Scale(domain=[s for s, _ in SERIES],
                                       range=[c for _, c in SERIES]))
    rules = alt.Chart(marks).mark_rule(strokeDash=[4, 3], color="#555555").encode(
        x=_x_time(domain))
    rule_labels = alt.Chart(marks).mark_text(align="left", dx=4, baseline="top",
                                             color="#333333").encode(
        x=_x_time(domain), y=alt.value(2), text="label:N")

    share = points[points["panel"] == "share"]
    share_y = alt.Y("value:Q", title="Rural households with a tap (%)",
                    scale=alt.Scale(domain=[0, 100]))
    share_base = alt.Chart(share).encode(x=_x_time(domain), y=share_y)
    top = alt.layer(
        rules, rule_labels,
        share_base.mark_line(color="#9a9a9a", strokeWidth=1),
        share_base.mark_point(filled=True, size=55, color=SERIES[0][1], opacity=1).encode(
            shape=shape),
        share_base.mark_text(align="right", dx=-8, dy=-10, fontWeight="bold").encode(
            text="label:N"),
    ).properties(width=width, height=250)

    counts = points[points["panel"] == "households"]
    counts_y = alt.Y("value:Q", title="Rural households (crore)")
    counts_base = alt.Chart(counts).encode(x=_x_time(domain), y=counts_y, color=colour)
    stated_total = counts["wording"] == ""
    bottom = alt.layer(
        rules,
        counts_base.mark_line(strokeWidth=1, opacity=0.6),
        alt.Chart(counts[~stated_total]).mark_point(filled=True, size=45, opacity=1).encode(
            x=_x_time(domain), y=counts_y, color=colour, shape=shape),
        alt.Chart(counts[stated_total]).mark_point(shape="square", filled=False, size=40,
                                                   opacity=1).encode(
            x=_x_time(domain), y=counts_y, color=colour),
    ).properties(width=width, height=190)
    chart = alt.vconcat(top, bottom, spacing=18, title=_title(title, subtitle)).resolve_scale(
        shape="shared", color="shared")
    return _finish(chart)


def ranking_spec(ranking: pd.DataFrame, title: str, subtitle: list[str]) -> dict:
    """States/UTs ranked by coverage, coloured by band; unreported ones listed last.

    `ranking`: state, pct (NaN when not reported), category (band or NOT_REPORTED), label.
    """
    order = ranking["state"].tolist()
    y = alt.Y("state:N", title=None, sort=order, axis=alt.Axis(labelLimit=320, ticks=False))
    x = alt.X("pct:Q", title="Rural households with a tap (%)",
              scale=alt.Scale(domain=[0, 100]), axis=alt.Axis(values=[0, 20, 40, 60, 80, 100]))
    fill = alt.Color("category:N", title="Coverage", scale=_category_scale(with_jjm=False),
                     legend=alt.Legend(orient="bottom", direction="vertical", columns=2))
    reported = ranking[ranking["pct"].notna()]
    missing = ranking[ranking["pct"].isna()].assign(pct=0.0)
    chart = alt.layer(
        alt.Chart(reported).mark_bar(stroke="#333333", strokeWidth=0.5, height={"band": 0.75})
        .encode(x=x, y=y, color=fill),
        alt.Chart(reported).mark_text(align="left", dx=4).encode(x=x, y=y, text="label:N"),
        alt.Chart(missing).mark_text(align="left", dx=2, fontStyle="italic",
                                     color="#333333").encode(x=x, y=y, text="label:N"),
    ).properties(width=300, height=alt.Step(18), title=_title(title, subtitle))
    return _finish(chart)


def _category_scale(with_jjm: bool) -> alt.Scale:
    """Fill colours of the bands, then of 'not reported' (and 'not in JJM')."""
    names = [b for b, _, _ in BANDS] + [NOT_REPORTED] + ([NOT_IN_JJM] if with_jjm else [])
    colours = [c for _, _, c in BANDS] + [NOT_REPORTED_FILL] + (
        [NOT_IN_JJM_FILL] if with_jjm else [])
    return alt.Scale(domain=names, range=colours)


TILE = 0.92  # a tile's share of its grid cell; the rest is the gap between tiles


def tile_map_spec(tiles: pd.DataFrame, columns: int, rows: int, title: str,
                  subtitle: list[str]) -> dict:
    """One equal tile per State/UT at its grid position, coloured by coverage band.

    `tiles`: col, row, short, state, value_label, category, text_colour. Tiles not reported
    are hatched, so they differ from every value without relying on colour.
    """
    size = 58
    frame = tiles.assign(x2=tiles["col"] + TILE, y2=tiles["row"] + TILE,
                         cx=tiles["col"] + TILE / 2, top=tiles["row"] + 0.3,
                         bottom=tiles["row"] + 0.66)
    x = alt.X("col:Q", scale=alt.Scale(domain=[0, columns]), axis=None)
    y = alt.Y("row:Q", scale=alt.Scale(domain=[0, rows], reverse=True), axis=None)
    cx = alt.X("cx:Q", scale=alt.Scale(domain=[0, columns]), axis=None)
    text = alt.Color("text_colour:N", scale=None)
    chart = alt.layer(
        alt.Chart(frame).mark_rect(stroke="#555555", strokeWidth=0.6).encode(
            x=x, x2="x2:Q", y=y, y2="y2:Q",
            fill=alt.Fill("category:N", title="Coverage", scale=_category_scale(with_jjm=True))),
        alt.Chart(hatch_lines(tiles[tiles["category"] == NOT_REPORTED])).mark_rule(
            color=HATCH, strokeWidth=0.8).encode(
            x=alt.X("x:Q", scale=alt.Scale(domain=[0, columns]), axis=None), x2="x2:Q",
            y=alt.Y("y:Q", scale=alt.Scale(domain=[0, rows], reverse=True), axis=None),
            y2="y2:Q"),
        alt.Chart(frame).mark_text(fontWeight="bold", fontSize=13).encode(
            x=cx, y=alt.Y("top:Q", scale=alt.Scale(domain=[0, rows], reverse=True), axis=None),
            text="short:N", color=text),
        alt.Chart(frame).mark_text(fontSize=11).encode(
            x=cx, y=alt.Y("bottom:Q", scale=alt.Scale(domain=[0, rows], reverse=True),
                          axis=None),
            text="value_label:N", color=text),
    ).properties(width=columns * size, height=rows * size, title=_title(title, subtitle))
    return _finish(chart)


def hatch_lines(tiles: pd.DataFrame, step: float = 0.23) -> pd.DataFrame:
    """Diagonal hatching (lines x + y = c, clipped to the tile) for each given tile."""
    lines = []
    for col, row in sorted(zip(tiles["col"], tiles["row"], strict=True)):
        offset = step
        while offset < 2 * TILE:
            start = (col + min(offset, TILE), row + max(0.0, offset - TILE))
            end = (col + max(0.0, offset - TILE), row + min(offset, TILE))
            lines.append({"x": round(start[0], 4), "y": round(start[1], 4),
                          "x2": round(end[0], 4), "y2": round(end[1], 4)})
            offset += step
    return pd.DataFrame(lines, columns=["x", "y", "x2", "y2"])
