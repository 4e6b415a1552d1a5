"""Charts: Vega-Lite specs built with altair, drawn at build time to static SVG and PNG.

Every chart works without JavaScript: vl-convert renders it offline to an SVG with real <text>,
embedded inline with a title and description, next to a table of exactly what it plots.
"""

from __future__ import annotations

import hashlib
import html
import json
import posixpath
import re
import time
from collections import OrderedDict
from dataclasses import dataclass, field
from xml.etree import ElementTree

import altair as alt
import pandas as pd
from markupsafe import Markup

from .cache import Store
from .markdown import html_table
from .model import RenderError

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
        self.store: Store | None = None

    def use_store(self, store: Store | None) -> None:
        """Also keep rendered charts in the build's store (build/.cache/charts), across builds.

        Keys hash the spec (or SVG) and vl-convert's version, so a changed chart or converter
        never finds an old entry.
        """
        self.store = store

    def _store_key(self, key: str) -> str:
        import vl_convert

        return Store.key(["chart", getattr(vl_convert, "__version__", "unknown"), key])

    def _cached(self, key: str, make) -> str | bytes:
        if key in self._cache:
            self.stats.cache_hits += 1
            self._cache.move_to_end(key)
            return self._cache[key]
        stored = self.store.get_bytes("charts", self._store_key(key)) if self.store else None
        value: str | bytes | None = None
        if stored is not None:
            try:
                value = stored.decode("utf-8") if key.startswith("svg:") else stored
                self.stats.cache_hits += 1
            except UnicodeDecodeError:
                value = None
        if value is None:
            start = time.perf_counter()
            value = make()
            self.stats.seconds += time.perf_counter() - start
            if self.store is not None:
                self.store.put_bytes("charts", self._store_key(key),
                                     value.encode("utf-8") if isinstance(value, str) else value)
        self._cache[key] = value
        if len(self._cache) > self._max:
            self._cache.popitem(last=False)
        return value

    def svg(self, spec: dict) -> str:
        """The chart as SVG; raises UnsafeChart if it would load anything from elsewhere."""
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


# What in an SVG can load something: a link attribute (href, xlink:href, src) and CSS (a
# <style> element, a style attribute, presentation attributes that take url()). Text content
# and other attributes (aria-label repeats a chart's labels) load nothing, whatever they say.
_LINK_ATTRIBUTES = frozenset({"href", "src"})
_CSS_ATTRIBUTES = frozenset({"style", "fill", "stroke", "filter", "clip-path", "mask", "cursor",
                             "marker-start", "marker-mid", "marker-end"})
_REMOTE = re.compile(r"^\s*(?:[a-z][a-z0-9+.-]*:)?//", re.I)
_CSS_LOADING = re.compile(r"""url\(\s*["']?\s*(?:[a-z][a-z0-9+.-]*:)?//|@import""", re.I)


class UnsafeChart(RenderError, ValueError):
    """A chart whose SVG would load something from elsewhere, or that is not SVG at all."""


def check_offline(svg: str) -> None:
    """Refuse (UnsafeChart) an SVG that would load anything (href, src, url(), @import) from
    elsewhere; only what a browser would act on is read, never text."""
    if re.search(r"<!(?:DOCTYPE|ENTITY)", svg, re.I):
        raise UnsafeChart("chart SVG declares a document type or entities")
    try:
        root = ElementTree.fromstring(svg)
    except ElementTree.ParseError as exc:
        raise UnsafeChart(f"chart SVG is not well-formed XML: {exc}") from None
    for element in root.iter():
        tag = element.tag.rsplit("}", 1)[-1] if isinstance(element.tag, str) else ""
        if tag == "style" and _CSS_LOADING.search("".join(element.itertext())):
            raise UnsafeChart("chart SVG would load from elsewhere: a <style> with url() or "
                              "@import")
        for name, value in element.attrib.items():
            local = name.rsplit("}", 1)[-1].lower()
            if ((local in _LINK_ATTRIBUTES and _REMOTE.match(value))
                    or (local in _CSS_ATTRIBUTES and _CSS_LOADING.search(value))):
                raise UnsafeChart(f"chart SVG would load from elsewhere: <{tag} {local}="
                                  f"{value[:80]!r}>")


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
    from .model import Asset

    render = render or renderer()
    render.stats.charts += 1
    try:
        svg = render.svg(chart.spec)
    except UnsafeChart as exc:
        raise UnsafeChart(f"chart {chart.name!r} ({posixpath.join(folder, chart.name)}.svg) is "
                          f"not published: {exc}") from None
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
    # posixpath.join: a page at the docs root has folder "", and "/name.svg" would leave docs/.
    return context, [Asset(posixpath.join(folder, name), data) for _, name, data in files]


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


def finish(chart: alt.TopLevelMixin) -> dict:
    """The chart's Vega-Lite spec with the pinned config."""
    spec = chart.to_dict()
    spec["config"] = CONFIG
    return spec


def chart_title(title: str, subtitle: list[str]) -> alt.Title:
    """A chart title with its subtitle lines."""
    return alt.Title(title, subtitle=subtitle)


# Okabe-Ito colours, safe for colour-blind readers, for series in the order they come.
SERIES_COLOURS = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000"]


def series_spec(points: pd.DataFrame, marks: pd.DataFrame, title: str, subtitle: list[str],
                faceted: bool, width: int = 520) -> dict:
    """Values over time: a line and points per series, first and last labelled, markers as rules.

    `points`: date, series, value, label (text drawn by the point; '' for none). With `faceted`,
    each series gets its own panel and scale (a long table mixes units: groups, lakh, blocks).
    `marks`: date and label of each vertical rule.
    """
    order = list(dict.fromkeys(points["series"]))
    colour = alt.Color("series:N", title=None, legend=None if faceted else alt.Legend(
        orient="bottom", direction="vertical"), scale=alt.Scale(
        domain=order, range=(SERIES_COLOURS * (1 + len(order) // len(SERIES_COLOURS)))[
            :max(len(order), 1)]))
    x = alt.X("date:T", title=None, scale=alt.Scale(type="utc", padding=24),
              axis=alt.Axis(format="%Y", formatType="utc", tickCount="year", labelAngle=0))
    y = alt.Y("value:Q", title=None, scale=alt.Scale(zero=True), axis=alt.Axis(tickCount=4))
    ends = points.groupby("series", sort=False)["date"].transform(
        lambda dates: dates.isin([dates.min(), dates.max()])) if len(points) else points["date"]
    frame = points.assign(label=points["label"].where(ends, "")) if len(points) else points
    base = alt.Chart(frame).encode(x=x, y=y, color=colour)
    layers = [base.mark_line(strokeWidth=2), base.mark_point(filled=True, size=55, opacity=1),
              base.mark_text(align="left", dx=6, dy=-8).encode(text="label:N")]
    height = 110 if faceted else 240
    if len(marks):
        # Labels at the foot of the rule: values, zero-based, are drawn higher up.
        layers += [alt.Chart(marks).mark_rule(strokeDash=[4, 3], color="#555555").encode(x=x),
                   alt.Chart(marks).mark_text(align="left", dx=4, dy=-3, baseline="bottom",
                                              color="#333333").encode(
                       x=x, y=alt.value(height), text="label:N")]
    if not faceted:
        chart = alt.layer(*layers).properties(width=width, height=height,
                                              title=chart_title(title, subtitle))
        return finish(chart)
    # Every panel on one time axis; markers' labels in the first panel only (no clutter).
    panels = [alt.layer(*[layer.transform_filter(alt.datum.series == name) for layer in
                          layers[:3]], *layers[3:4 if number else 5]).properties(
        width=width, height=height, title=alt.Title(name, anchor="start", fontSize=13))
        for number, name in enumerate(order)]
    chart = alt.vconcat(*panels, spacing=16, title=chart_title(title, subtitle)).resolve_scale(
        x="shared", y="independent")
    return finish(chart)


TILE = 0.92  # a tile map's tile: its share of its grid cell; the rest is the gap between tiles


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
