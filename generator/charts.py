"""Charts: Vega-Lite specs built with altair, drawn at build time to static SVG and PNG.

Every chart works without JavaScript: vl-convert renders it offline to an SVG with real <text>,
embedded inline with a title and description, next to a table of exactly what it plots.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import html
import json
import posixpath
import re
import textwrap
import time
from collections import OrderedDict
from dataclasses import dataclass, field, fields
from typing import TYPE_CHECKING
from xml.etree import ElementTree

from markupsafe import Markup

from . import embeds, previews
from .cache import Store
from .fonts import FONT as SHIPPED_FONT
from .fonts import OUTLINE_VERSION, font_for, fonts_hash, outline_text
from .fonts import register as register_fonts
from .i18n import N_
from .languages import ENGLISH, Language
from .markdown import html_table
from .model import RenderError

if TYPE_CHECKING:  # imported where a chart is made: a rebuild whose charts are cached needs
    import altair as alt  # neither (about a second of imports, issue 18)
    import pandas as pd

# Pinned so output never depends on the machine: the family the engine ships (generator/fonts.py:
# Liberation Sans under a name no machine has, registered with vl-convert before it draws), so
# text is measured and drawn the same everywhere; browsers fall back to Arial or Helvetica,
# whose widths are the same.
FONT = SHIPPED_FONT
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
# A chart's phone layout is drawn this wide (pixels, padding included): a 390 px phone shows it
# at full size (its content is 358 px wide), a 320 px one at 4/5 of it. Page kinds give a
# Chart a `narrow_spec` drawn for it; the page shows one layout or the other by CSS alone.
NARROW_WIDTH = 356
WIDE_WIDTH = 640     # what a wide layout's titles are wrapped to
NARROW_MEDIA = "(max-width: 40em)"  # in opendata.css: where the phone layout replaces the wide one


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
    narrow_spec: dict | None = None  # the phone layout (NARROW_WIDTH wide); None: spec scales
    key: list[tuple[str, str]] = field(default_factory=list)  # (label drawn, what it stands for)


@dataclass
class RenderStats:
    """Chart rendering in this build: conversions done, cache hits and seconds spent."""

    charts: int = 0
    svg_renders: int = 0
    png_renders: int = 0
    cache_hits: int = 0
    seconds: float = 0.0

    def add(self, other: RenderStats) -> None:
        """Count another process's rendering too (build.render_pages' child)."""
        for item in fields(self):
            setattr(self, item.name, getattr(self, item.name) + getattr(other, item.name))


class Renderer:
    """One vl-convert converter for every chart, caching output by spec hash."""

    def __init__(self, max_entries: int = 128) -> None:  # a chart's drawings, in two languages
        self._cache: OrderedDict[str, str | bytes] = OrderedDict()
        self._max = max_entries
        self.stats = RenderStats()
        self.store: Store | None = None

    def use_store(self, store: Store | None) -> None:
        """Also keep rendered charts in the build's store (build/.cache/charts), across builds.

        Keys hash the spec (or SVG), vl-convert's version and the shipped font files, so a
        changed chart, converter or font never finds an old entry.
        """
        self.store = store

    def _store_key(self, key: str) -> str:
        import vl_convert

        return Store.key(["chart", getattr(vl_convert, "__version__", "unknown"), fonts_hash(), key])

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
            register_fonts()  # before vl-convert measures or draws any text
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
            check_spec(spec)
            svg = vl_convert.vegalite_to_svg(spec, allowed_base_urls=[])
            check_offline(svg)
            return svg
        return self._cached("svg:" + spec_hash(spec), make)

    def png(self, svg: str) -> bytes:
        """The SVG drawn as PNG by vl-convert's resvg, its text shaped by HarfBuzz in the
        shipped fonts and drawn as outlines (fonts.outline_text)."""
        import vl_convert

        def make() -> bytes:
            self.stats.png_renders += 1
            return vl_convert.svg_to_png(outline_text(svg), scale=PNG_SCALE)
        return self._cached(f"png:{PNG_SCALE}:{_drawing_key(svg)}", make)

    def preview(self, svg: str) -> bytes:
        """The SVG as a link preview image: centred on a 1200 x 630 card (previews.card_svg)."""
        import vl_convert

        card = previews.card_svg(svg)

        def make() -> bytes:
            self.stats.png_renders += 1
            return vl_convert.svg_to_png(outline_text(card), scale=1)
        return self._cached(f"preview:{_drawing_key(card)}", make)


def _drawing_key(svg: str) -> str:
    """What a PNG of `svg` depends on: the SVG, and how its text is outlined."""
    import uharfbuzz

    digest = hashlib.sha256(svg.encode("utf-8")).hexdigest()
    return f"{digest}:outlined-{OUTLINE_VERSION}:harfbuzz-{uharfbuzz.version_string()}"


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


def check_spec(spec: dict) -> None:
    """Refuse (UnsafeChart) a spec the Vega-Lite schema does not allow.

    finish() leaves altair's own check to this, run only when a spec is drawn: a spec found in
    the chart cache (keyed by its hash) was checked when it was drawn, and the check is most of
    the time altair takes to write a spec (issue 18). As altair did, the pinned config is not
    checked (the phone layout's legend layout is Vega's, beyond Vega-Lite's schema).
    """
    import jsonschema
    from altair.vegalite.v6.schema.core import Root

    instance = {key: value for key, value in spec.items() if key != "config"}
    if _spec_validator().is_valid(_datasets_checked(instance)):
        return
    try:  # altair's own check again, for its choice of error and its message
        Root.validate(instance)
    except jsonschema.ValidationError as exc:
        raise UnsafeChart(f"not a valid Vega-Lite spec: {exc.message}") from None
    raise UnsafeChart("not a valid Vega-Lite spec")  # not reached: both check the same schema


@functools.cache
def _spec_validator():
    """The validator altair's Root.validate checks a whole spec with, made once per process.

    altair makes it again for every spec, from a deep copy of the whole Vega-Lite schema,
    which took most of the check's time (issue 18); this is the same validator class, schema,
    references and format checker (altair.utils.schemapi._get_errors_from_spec).
    """
    import jsonschema
    from altair.utils import schemapi
    from altair.vegalite.v6.schema.core import Root

    root = Root._rootschema or Root._schema
    draft = schemapi._get_json_schema_draft_url(root)
    validator_class = jsonschema.validators.validator_for({"$schema": draft})
    options: dict = {}
    if hasattr(validator_class, "FORMAT_CHECKER"):
        options["format_checker"] = validator_class.FORMAT_CHECKER
    options["registry"] = schemapi._get_referencing_registry(root, draft)
    # anyOf and oneOf as jsonschema checks them, but a failing branch stops at its first
    # error instead of listing all of them (and the repr of the part checked, for a message
    # nobody reads: is_valid only asks whether there is one). The same branches decide, so
    # the same specs are refused (tests/test_chart_spec_speed.py); a third of the time.
    fast = jsonschema.validators.extend(validator_class, {"anyOf": _any_of, "oneOf": _one_of})
    return fast(schemapi._prepare_references_in_schema(Root._schema), **options)


def _valid_under(validator, instance, subschema, index: int) -> bool:
    """Whether the branch `index` allows `instance` (jsonschema's descend, up to one error)."""
    return next(validator.descend(instance, subschema, schema_path=index), None) is None


def _any_of(validator, any_of, instance, schema):
    """jsonschema's anyOf, stopping at each failing branch's first error."""
    import jsonschema

    if not any(_valid_under(validator, instance, subschema, index)
               for index, subschema in enumerate(any_of)):
        yield jsonschema.ValidationError("not valid under any of the given schemas")


def _one_of(validator, one_of, instance, schema):
    """jsonschema's oneOf, stopping at each failing branch's first error: exactly one
    branch allows the instance (jsonschema looks for a second one as it does here)."""
    import jsonschema

    valid = [index for index, subschema in enumerate(one_of)
             if _valid_under(validator, instance, subschema, index)][:2]
    if len(valid) != 1:
        yield jsonschema.ValidationError("not valid under exactly one of the given schemas")


# How the Vega-Lite schema checks a spec's top-level `datasets` (its inline data, most of what
# the validator would go through, once for each kind of top-level spec it tries): each value
# an array of numbers, of strings, of booleans or of objects, a string or an object.
_DATASETS = {"$ref": "#/definitions/Dict<InlineDataset>"}
_DICT_OF_DATASETS = {"additionalProperties": {"$ref": "#/definitions/InlineDataset"},
                     "type": "object"}
_INLINE_DATASET = {"anyOf": [{"items": {"type": kind}, "type": "array"}
                             for kind in ("number", "string", "boolean", "object")]
                   + [{"type": "string"}, {"type": "object"}]}


def _datasets_checked(instance: dict) -> dict:
    """The spec with each of its `datasets` replaced by an empty one once checked here (by the
    schema's rule, _INLINE_DATASET), which the schema checks apart from everything else; the
    spec as it is when it holds any other kind of value, or the schema is not as expected."""
    datasets = instance.get("datasets")
    if (not isinstance(datasets, dict) or not _datasets_apart()
            or not all(_inline_dataset(value) for value in datasets.values())):
        return instance
    return {**instance, "datasets": {name: [] for name in datasets}}


def _inline_dataset(value: object) -> bool:
    """Whether `value` is what _INLINE_DATASET allows, with jsonschema's types (a number is
    never a boolean; an object is a dict, an array a list)."""
    import numbers

    if isinstance(value, (str, dict)):
        return True
    if not isinstance(value, list):
        return False
    kinds = (lambda v: isinstance(v, numbers.Number) and not isinstance(v, bool),
             lambda v: isinstance(v, str), lambda v: isinstance(v, bool),
             lambda v: isinstance(v, dict))
    return any(all(kind(v) for v in value) for kind in kinds)


@functools.cache
def _datasets_apart() -> bool:
    """Whether the schema checks `datasets` as _datasets_checked assumes: every kind of
    top-level spec an object of known properties only, `datasets` among them, each by the
    rule _INLINE_DATASET and by nothing else."""
    from altair.vegalite.v6.schema.core import Root

    root = Root._rootschema or Root._schema
    definitions = root.get("definitions", {})

    def resolved(schema: dict) -> dict:
        for _ in range(100):
            if "$ref" not in schema:
                return schema
            schema = definitions.get(schema["$ref"].rsplit("/", 1)[-1], {})
        return {}

    tops: list[dict] = []
    pending = [root]
    while pending:
        schema = resolved(pending.pop())
        variants = [v for key in ("anyOf", "oneOf", "allOf") for v in schema.get(key, [])]
        pending += variants
        if not variants or "properties" in schema:
            tops.append(schema)
    plain = {"additionalProperties", "properties", "required", "type", "description"}
    for top in tops:
        own = (top.get("properties") or {}).get("datasets")
        if (set(top) - plain or top.get("additionalProperties") is not False
                or not isinstance(own, dict)
                or {k: v for k, v in own.items() if k != "description"}
                != {"$ref": "#/definitions/Datasets"}):
            return False
    return (definitions.get("Datasets") == _DATASETS
            and definitions.get("Dict<InlineDataset>") == _DICT_OF_DATASETS
            and definitions.get("InlineDataset") == _INLINE_DATASET)


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


# What publish writes around a chart, in the language of its page.
DOWNLOADS = (N_("SVG image"), N_("PNG image"), N_("Plotted data (CSV)"),
             N_("Vega-Lite spec (JSON)"))


def in_language(spec: dict, language: Language = ENGLISH) -> dict:
    """The spec drawn in the font of `language` (a Hindi chart names the Devanagari family),
    its dates' month and day names in that language; an English spec, or one already so, is
    returned as it is."""
    if _english(language):
        return spec
    pinned = spec.get("config") if isinstance(spec.get("config"), dict) else {}
    wanted = _language_config(language)
    if all(pinned.get(key) == value for key, value in wanted.items()):
        return spec
    return {**spec, "config": {**pinned, **wanted}}


def _english(language: Language) -> bool:
    return language.code.split("-")[0] == "en"


def _language_config(language: Language) -> dict:
    """What a chart's config says in a language other than English: its font, its dates'
    words (Vega-Lite's config.locale.time, so '%b %Y' ticks read 'जन॰ 2024')."""
    return {"font": font_for(language.code), "locale": {"time": time_locale(language.code)}}


@functools.cache
def time_locale(code: str) -> dict:
    """d3's time format locale of a language, from CLDR (Babel): month, day and period names.

    Numbers keep d3's default format (d3-format cannot write lakh and crore): a figure shown
    as text in words comes from the language's `numbers`, computed in Python.
    """
    from babel import Locale

    cldr = Locale.parse(code.replace("-", "_"))
    week = (6, 0, 1, 2, 3, 4, 5)  # d3's weeks start on Sunday, CLDR's day keys on Monday
    periods = cldr.day_periods["format"]["abbreviated"]
    return {"dateTime": "%A, %e %B %Y, %X", "date": "%d/%m/%Y", "time": "%H:%M:%S",
            "periods": [periods["am"], periods["pm"]],
            "days": [cldr.days["format"]["wide"][d] for d in week],
            "shortDays": [cldr.days["format"]["abbreviated"][d] for d in week],
            "months": [cldr.months["format"]["wide"][m] for m in range(1, 13)],
            "shortMonths": [cldr.months["format"]["abbreviated"][m] for m in range(1, 13)]}


def publish(chart: Chart, folder: str, render: Renderer | None = None,
            language: Language = ENGLISH) -> tuple[dict, list]:
    """The template context of a chart and its downloads: SVG, PNG, CSV and Vega-Lite JSON.

    `language`: the page's; the words around the chart (download labels, the data table's
    caption, the embed page) are in it, and so is the font the chart is drawn in.
    """
    from .model import Asset

    render = render or renderer()
    render.stats.charts += 1
    _ = language.gettext
    spec = in_language(chart.spec, language)
    narrow_spec = in_language(chart.narrow_spec, language) if chart.narrow_spec else None
    try:
        svg = render.svg(spec)
        narrow = render.svg(narrow_spec) if narrow_spec else None
    except (UnsafeChart, ValueError) as exc:  # ValueError: vl-convert cannot draw the spec
        reason = str(exc).strip().splitlines()
        raise UnsafeChart(f"chart {chart.name!r} ({posixpath.join(folder, chart.name)}.svg) is "
                          f"not published: {' '.join(reason[:2])}") from None
    files = [(_(DOWNLOADS[0]), f"{chart.name}.svg", svg.encode("utf-8")),
             (_(DOWNLOADS[1]), f"{chart.name}.png", render.png(svg)),
             (_(DOWNLOADS[2]), f"{chart.name}.csv",
              chart.data.to_csv(index=False, lineterminator="\n").encode("utf-8")),
             (_(DOWNLOADS[3]), f"{chart.name}.vl.json", spec_json(spec).encode("utf-8"))]
    # The embed page and the link preview image (embeds.py, previews.py); the figure holds
    # the slot that becomes the <iframe> snippet once the chart's page is known.
    sizes = [_drawn_size(svg)] + ([_drawn_size(narrow)] if narrow is not None else [])
    slot = embeds.page_slot(folder, chart.name, chart.title, sizes,
                            embeds.caption_length(chart.source, chart.sources))
    embed = embeds.embed_page(folder, chart.name, chart.title, layouts(chart, svg, narrow),
                              narrow is not None, sorted({_cap(w) for w, _ in sizes}),
                              chart.source, chart.sources, sizes[0][0], language=language)
    context = {
        "id": chart.name, "title": chart.title, "as_of": chart.as_of,
        "description": chart.description, "source": chart.source, "sources": chart.sources,
        "figure": figure(chart, svg, narrow, slot, language=language),
        "downloads": [{"label": label, "filename": name} for label, name, _ in files],
    }
    # posixpath.join: a page at the docs root has folder "", and "/name.svg" would leave docs/.
    return context, [*(Asset(posixpath.join(folder, name), data) for _, name, data in files),
                     Asset(embeds.embed_path(folder, chart.name), embed),
                     Asset(previews.preview_path(folder, chart.name), render.preview(svg))]


def _drawn_size(svg: str) -> tuple[float, float]:
    """An SVG's drawn width and height in pixels."""
    size = _SIZE.match(svg)
    if size is None:
        raise ValueError("vl-convert returned an SVG without its width and height")
    return float(size.group(1)), float(size.group(2))


def _cap(width: float) -> int:
    """The width a layout is never drawn past: its own, rounded up to SIZE_STEP."""
    return -(-int(width) // SIZE_STEP) * SIZE_STEP


def figure(chart: Chart, svg: str, narrow: str | None = None, embed: str = "",
           language: Language = ENGLISH) -> Markup:
    """The inline SVG (wide and phone layouts), its key, the table of what it plots and
    `embed` (the slot of its embed snippet, embeds.page_slot).

    One raw HTML block. Each SVG scales to its box and never past its drawn size; CSS shows
    the phone layout on narrow screens instead of the wide one, so no JavaScript is needed.
    """
    _ = language.gettext
    caption = _("%(title)s: the data plotted") % {"title": chart.title}
    summary = html.escape(_("Data table of this chart"))
    # Wider than a phone: it scrolls in its own box, which the keyboard reaches and which
    # shows a shadow at the edge with more (opendata.css .od-scroll), without JavaScript.
    table = str(html_table(chart.table_header, chart.table_rows, caption=caption,
                           region=caption)).replace(
        'class="od-table-wrap"', 'class="od-table-wrap od-scroll"', 1)
    drawn = layouts(chart, svg, narrow)
    both = " od-chart-layouts" if narrow is not None else ""
    # Left out of the search index (the search plugin then drops the attribute): the SVG's
    # text is axis labels run together; the description and the data table are indexed.
    return Markup(f'<div class="od-chart"><figure class="od-chart-figure{both}" '
                  f'id="{chart.name}-figure" '
                  f'aria-labelledby="{chart.name}-title" data-search-exclude="true">'
                  f'{drawn}</figure>{chart_key(chart, language)}'
                  f'<details class="od-chart-data"><summary>{summary}</summary>'
                  f'{table}</details>{embed}</div>')


def layouts(chart: Chart, svg: str, narrow: str | None = None) -> str:
    """The inline SVG of the wide layout and, if drawn, the phone layout (shown by CSS)."""
    drawn = responsive_svg(accessible_svg(svg, chart.name, chart.title, chart.description),
                           "od-chart-wide")
    if narrow is not None:
        drawn += responsive_svg(accessible_svg(narrow, f"{chart.name}-narrow", chart.title,
                                               chart.description), "od-chart-narrow")
    return drawn


_SIZE = re.compile(r'<svg\b[^>]*?\swidth="([\d.]+)"\s+height="([\d.]+)"')


SIZE_STEP = 100  # opendata.css caps a chart's width in these steps: class od-chart-max-<n>
SIZE_CAP = 1200


def responsive_svg(svg: str, layout: str) -> str:
    """The SVG without its fixed width and height: it keeps its viewBox and scales to its box
    (CSS: width 100%, height auto). Its class od-chart-max-<n> caps it at its drawn width
    rounded up to SIZE_STEP, so its text is never drawn much larger than made (the page's
    sanitiser allows no style attribute on an SVG)."""
    svg = str(svg)  # plain text: str + Markup would escape the start tag rebuilt here
    size = _SIZE.match(svg)
    if size is None:
        raise ValueError("vl-convert returned an SVG without its width and height")
    width, height = size.groups()
    opening = svg[:svg.index(">") + 1]
    tag = re.sub(r'\s(?:width|height)="[\d.]+"', "", opening, count=2)
    if "viewBox=" not in tag:
        tag = tag[:-1] + f' viewBox="0 0 {width} {height}">'
    body = _INVISIBLE.sub("", _TAG.sub(_drop_mark_attributes, svg[len(opening):]))
    cap = -(-int(float(width)) // SIZE_STEP) * SIZE_STEP
    classes = f"od-chart-svg {layout}" + (f" od-chart-max-{cap}" if cap <= SIZE_CAP else "")
    if ' class="' in tag:
        tag = tag.replace(' class="', f' class="{classes} ', 1)
    else:
        tag = tag.replace("<svg ", f'<svg class="{classes}" ', 1)
    return tag + body


# What vl-convert draws that nobody sees: text with no text (an unlabelled point), paths it
# hides or that enclose nothing (a group's empty background). Inline, each is a DOM node the
# phone lays out for nothing (a State page had about 100); the downloads keep them.
_INVISIBLE = re.compile(r'<text\b[^<>]*/>|<path\b[^<>]*\s(?:display="none"|d="(?:M0,0h0v0h0Z)?")'
                        r'[^<>]*/>')
# A start tag and its attributes, one by one (an XML attribute's value holds no '"' and text
# holds no '<', so neither can be mistaken for the other).
_TAG = re.compile(r'<([A-Za-z][^\s/>]*)((?:\s+[^\s=/>]+="[^"]*")*)(\s*/?>)')
_ATTRIBUTE = re.compile(r'\s+([^\s=/>]+)="[^"]*"')
# What vl-convert writes on each mark for a reader that explores the SVG's parts: inline, the
# chart is one image (role=img, its title and description) whose parts are hidden from
# assistive technology, so these only weigh (about 40% of the bytes). Downloads keep them.
_MARK_ATTRIBUTES = frozenset({"aria-label", "aria-roledescription", "role", "class"})


def _drop_mark_attributes(tag: re.Match) -> str:
    kept = "".join(a.group(0) for a in _ATTRIBUTE.finditer(tag.group(2))
                   if a.group(1) not in _MARK_ATTRIBUTES)
    return f"<{tag.group(1)}{kept}{tag.group(3)}"


def chart_key(chart: Chart, language: Language = ENGLISH) -> str:
    """What each label drawn on the chart stands for (a tile map's codes), as a list."""
    if not chart.key:
        return ""
    items = "".join(f"<div><dt>{html.escape(label)}</dt><dd>{html.escape(meaning)}</dd></div>"
                    for label, meaning in sorted(chart.key))
    title = html.escape(language.gettext("Key to the labels on the tiles"))
    return (f'<p class="od-chart-key-title" id="{chart.name}-key">{title}</p>'
            f'<dl class="od-chart-key" aria-labelledby="{chart.name}-key">{items}</dl>')


def wrap(text: str, width: float, font_size: float = 12) -> list[str]:
    """Text broken into lines that fit `width` pixels in the chart font (an estimate that errs
    wide: Liberation Sans averages about half an em a character)."""
    return textwrap.wrap(text, max(8, int(width / (font_size * 0.53)))) or [""]


# The phone layout's config: legends below the chart stack one under another, not side by side.
NARROW_CONFIG: dict = {**CONFIG, "legend": {
    **CONFIG["legend"], "layout": {"bottom": {"anchor": "start", "direction": "vertical"}}}}


def finish(chart: alt.TopLevelMixin, narrow: bool = False, language: Language = ENGLISH
           ) -> dict:
    """The chart's Vega-Lite spec with the pinned config (the phone layout's, if `narrow`),
    in the font of `language`."""
    spec = chart.to_dict(validate=False)  # checked against the schema when drawn (check_spec)
    spec["config"] = config(narrow, language)
    return spec


def config(narrow: bool = False, language: Language = ENGLISH) -> dict:
    """The pinned config (the phone layout's, if `narrow`) in the font of `language`.

    In Devanagari, legends below a chart always stack one under another: vl-convert measures
    their labels short (text_width), so two side by side would overlap.
    """
    if _english(language):
        return NARROW_CONFIG if narrow else CONFIG
    stacked = narrow or font_for(language.code) != SHIPPED_FONT
    return {**(NARROW_CONFIG if stacked else CONFIG), **_language_config(language)}


def text_width(text: str, font_size: float = 12, bold: bool = False) -> float:
    """The drawn width of a Devanagari text in pixels (HarfBuzz, in the shipped face).

    vl-convert's layout measures such text short (a cluster of several glyphs by its first
    one: about a fifth of a word), so a spec gives Hindi labels room by this width.
    """
    from .fonts import text_width as shaped_width

    return shaped_width(text, font_size, bold)


def chart_title(title: str, subtitle: list[str], width: float = WIDE_WIDTH) -> alt.Title:
    """A chart title with its subtitle lines, each wrapped to `width` pixels (the title
    measures the whole chart: an unwrapped line would widen it)."""
    import altair as alt

    lines = [line for text in subtitle for line in wrap(text, width - 20)]
    heading = wrap(title, width - 20, CONFIG["title"]["fontSize"])
    return alt.Title(_lines(heading), subtitle=lines)


# Okabe-Ito colours, safe for colour-blind readers, for series in the order they come.
SERIES_COLOURS = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000"]


def series_spec(points: pd.DataFrame, marks: pd.DataFrame, title: str, subtitle: list[str],
                faceted: bool, width: int = 520, narrow: bool = False,
                language: Language = ENGLISH) -> dict:
    """Values over time: a line and points per series, first and last labelled, markers as rules.

    `points`: date, series, value, label (text drawn by the point; '' for none). With `faceted`,
    each series gets its own panel and scale (a long table mixes units: groups, lakh, blocks).
    `marks`: date and label of each vertical rule. `narrow`: the phone layout (NARROW_WIDTH
    wide): a tick every other year, the last value's label to the left of its point, markers'
    labels kept inside the plot, titles wrapped. `language`: the font it is drawn in (its
    words are the caller's: series names, labels, titles).

    The spec is written as the dict altair's to_dict gives for the same layers (key for key,
    in its order), without altair's objects: each of them deep-copied the layers again, which
    took most of the time (issue 18; tests/test_chart_spec_speed.py compares the two).
    """
    import altair as alt
    import pandas as pd

    if narrow:
        width = NARROW_WIDTH - 86  # the y axis' labels and the padding take the rest
    total = width + 86
    order = list(dict.fromkeys(points["series"]))
    legend = None if faceted or len(order) < 2 else {
        "direction": "vertical", **({"labelLimit": total - 40} if narrow else {}),
        "orient": "bottom"}
    colour = {"field": "series", "legend": legend, "scale": {
        "domain": order, "range": (SERIES_COLOURS * (1 + len(order) // len(SERIES_COLOURS)))[
            :max(len(order), 1)]}, "title": None, "type": "nominal"}
    years = (pd.concat([points["date"], marks["date"]]).astype(str).str[:4].astype(int)
             if len(points) or len(marks) else pd.Series([2000]))
    step = 2 if narrow and years.max() - years.min() > 5 else 1
    x = {"axis": {"format": "%Y", "formatType": "utc", "labelAngle": 0,
                  "tickCount": {"interval": "year", "step": step} if step > 1 else "year"},
         "field": "date", "scale": {"padding": 24, "type": "utc"}, "title": None,
         "type": "temporal"}
    y = {"axis": {"tickCount": 4}, "field": "value", "scale": {"zero": True}, "title": None,
         "type": "quantitative"}
    label = {"field": "label", "type": "nominal"}
    ends = points.groupby("series", sort=False)["date"].transform(
        lambda dates: dates.isin([dates.min(), dates.max()])) if len(points) else points["date"]
    frame = points.assign(label=points["label"].where(ends, "")) if len(points) else points
    plotted = {"color": colour, "x": x, "y": y}
    labelled = {"color": colour, "text": label, "x": x, "y": y}
    layers = [_Layer(frame, {"type": "line", "strokeWidth": 2}, plotted),
              _Layer(frame, {"type": "point", "filled": True, "opacity": 1, "size": 55}, plotted)]
    # A series' first label goes below right of its point when the line rises from it (above
    # right when it falls), clear of the line; on a phone the last one goes above left, so
    # it never sticks out past the plot.
    text = {"align": "left", "dx": 6, "dy": -8}
    if len(frame):
        first = frame["date"] == frame.groupby("series", sort=False)["date"].transform("min")
        last = frame["date"] == frame.groupby("series", sort=False)["date"].transform("max")
        below = first & frame["series"].map(_rising(frame))
        placed = [(below, {**text, "dy": 14}),
                  (~below & ~(last & narrow), text),
                  (~below & last & narrow, {"align": "right", "dx": -4, "dy": -14})]
        layers += [_Layer(frame[rows], {"type": "text", **where}, labelled,
                          rows_of=(frame, rows.to_numpy()))
                   for rows, where in placed if rows.any()]
    else:
        layers.append(_Layer(frame, {"type": "text", **text}, labelled))
    per_series = len(layers)  # the layers drawn from `points`, filtered per panel
    height = 110 if faceted else 240
    if len(marks):
        # A marker's label goes at the foot of its rule, or at its top where the values near
        # its date are drawn low (a low first value's label sits by the foot). On a phone a
        # marker in the right half of the time span is labelled to the left of its rule.
        late = (marks["date"].astype(str) > _middle(points, marks) if narrow
                else pd.Series(False, index=marks.index))
        top = _low_near(points, marks)
        layers.append(_Layer(marks, {"type": "rule", "color": "#555555", "strokeDash": [4, 3]},
                             {"x": x}))
        layers += [_Layer(marks[side & (top if high else ~top)], {
                       "type": "text", "align": align, "baseline": "top" if high else "bottom",
                       "color": "#333333", "dx": dx, "dy": 3 if high else -3},
                       {"text": label, "x": x, "y": {"value": 0 if high else height}},
                       rows_of=(marks, (side & (top if high else ~top)).to_numpy()))
                   for side, align, dx in ((~late, "left", 4), (late, "right", -4))
                   for high in (False, True) if (side & (top if high else ~top)).any()]
    heading = _title(chart_title(title, subtitle, total))
    datasets = _Datasets()
    if not faceted:
        body = {**_layered(layers, datasets), "height": height, "title": heading,
                "width": width}
    else:
        # Every panel on one time axis; markers' labels in the first panel only (no clutter).
        panels = [{**_layered([layer.only(name) for layer in layers[:per_series]]
                              + layers[per_series:per_series + 1 if number else None], datasets),
                   "height": height, "title": {"text": _lines(wrap(name, total - 20, 13)),
                                               "anchor": "start", "fontSize": 13},
                   "width": width}
                  for number, name in enumerate(order)]
        body = {"vconcat": panels, "resolve": {"scale": {"x": "shared", "y": "independent"}},
                "spacing": 16, "title": heading}
    # As altair's to_dict: its theme's keys first, then the chart's, $schema, the datasets.
    spec = alt.utils.update_nested(alt.theme.get()(), {
        **_fresh(body), "$schema": alt.SCHEMA_URL,
        **({"datasets": datasets.values} if datasets.values else {})}, copy=True)
    spec["config"] = config(narrow, language)
    return spec


@dataclass(frozen=True)
class _Layer:
    """One layer of a series chart: its rows (a data frame), its mark and its encoding."""

    frame: pd.DataFrame
    mark: dict
    encoding: dict
    transform: tuple[dict, ...] = ()
    rows_of: tuple[pd.DataFrame, object] | None = None  # (frame, mask): `frame` is its rows

    def only(self, series: str) -> _Layer:
        """The layer drawn for one series (a panel of a faceted chart)."""
        import altair as alt

        return dataclasses.replace(
            self, transform=({"filter": repr(alt.datum.series == series)},))


class _Datasets:
    """A spec's inline data as altair writes it: each frame's rows (by the data transformer
    altair uses) under a name that hashes them, in the order first used."""

    def __init__(self) -> None:
        self.values: dict[str, list] = {}
        # By id, each with its frame (kept, so its id stays its own): a frame used again.
        self._converted: dict[int, tuple[pd.DataFrame, object]] = {}
        self._named: dict[int, tuple[pd.DataFrame, dict]] = {}

    def data(self, frame: pd.DataFrame, rows_of: tuple[pd.DataFrame, object] | None = None
             ) -> dict:
        """The layer's `data`: the frame's dataset by name (altair's _consolidate_data).

        `rows_of`: (whole, mask) when `frame` is those rows of `whole`: altair's default
        transformer converts each value by its column's type alone, so the rows' records are
        those of the whole frame's (converted once, not once for each part: issue 18).
        """
        import altair as alt

        if id(frame) not in self._named:
            whole = self._convert(rows_of[0]) if rows_of is not None else None
            if (alt.data_transformers.active == "default" and isinstance(whole, dict)
                    and whole.keys() == {"values"}):
                data = {"values": [dict(record) for record, keep
                                   in zip(whole["values"], rows_of[1], strict=True) if keep]}
            else:
                data = self._convert(frame)
            if (alt.data_transformers.consolidate_datasets and isinstance(data, dict)
                    and "name" not in data and "values" in data):
                name = _dataset_name(data["values"])
                self.values[name] = data["values"]
                data = {"name": name, **{k: v for k, v in data.items() if k != "values"}}
            self._named[id(frame)] = (frame, data)
        return self._named[id(frame)][1]

    def _convert(self, frame: pd.DataFrame) -> object:
        """The frame as altair's active data transformer gives it (once per frame)."""
        import altair as alt

        if id(frame) not in self._converted:
            self._converted[id(frame)] = (frame, alt.data_transformers.get()(frame))
        return self._converted[id(frame)][1]


def _dataset_name(values: list) -> str:
    """altair's name of an inline dataset (altair.vegalite.v6.api._dataset_name)."""
    if values == [{}]:
        return "empty"
    digest = hashlib.sha256(json.dumps(values, sort_keys=True, default=str).encode())
    return "data-" + digest.hexdigest()[:32]


def _layered(layers: list[_Layer], datasets: _Datasets) -> dict:
    """A layer chart's `layer` (and `data`, when every layer has the same frame: altair moves
    it up), as altair writes them."""
    shared = layers[0].frame if layers and all(
        layer.frame is layers[0].frame for layer in layers) else None
    lifted = {"data": datasets.data(shared)} if shared is not None else {}
    return {"layer": [{**({} if shared is not None else {
                           "data": datasets.data(layer.frame, layer.rows_of)}),
                       "mark": layer.mark, "encoding": layer.encoding,
                       **({"transform": list(layer.transform)} if layer.transform else {})}
                      for layer in layers], **lifted}


def _title(title: alt.Title) -> dict:
    """A chart title as a dict, its text first (as altair writes it)."""
    return {"text": title.text, "subtitle": title.subtitle}


def _fresh(value: object) -> object:
    """A copy of a spec with its own dicts and lists everywhere (its layers were built from
    shared ones: a caller changing one layer must not change another)."""
    if isinstance(value, dict):
        return {key: _fresh(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_fresh(item) for item in value]
    return value


def _low_near(points: pd.DataFrame, marks: pd.DataFrame) -> pd.Series:
    """Per marker: whether every series' value nearest its date is in the lower half of the
    zero-based scale (so the foot of its rule is crowded and the top is free)."""
    import pandas as pd

    if not len(points) or not pd.to_numeric(points["value"], errors="coerce").notna().any():
        return pd.Series(False, index=marks.index)
    values = pd.to_numeric(points["value"], errors="coerce")
    dates = pd.to_datetime(points["date"].astype(str), utc=True)
    half = values.max() / 2
    low = {}
    for index, date in marks["date"].items():
        gap = (dates - pd.to_datetime(str(date), utc=True)).abs()
        nearest = gap.groupby(points["series"], sort=False).idxmin()
        low[index] = bool((values[nearest] < half).all())
    return pd.Series(low, dtype=bool).reindex(marks.index, fill_value=False)


def _rising(frame: pd.DataFrame) -> dict[str, bool]:
    """Per series: whether its second value (by date) is above its first."""
    out = {}
    for name, rows in frame.sort_values("date", kind="stable").groupby("series", sort=False):
        values = rows["value"].tolist()
        out[name] = len(values) > 1 and values[1] > values[0]
    return out


def _lines(lines: list[str]) -> str | list[str]:
    """One line as a string (as Vega-Lite writes it), more as a list."""
    return lines if len(lines) > 1 else lines[0]


def _middle(points: pd.DataFrame, marks: pd.DataFrame) -> str:
    """The ISO date halfway through the dates plotted (points and markers)."""
    import pandas as pd

    dates = pd.to_datetime(pd.concat([points["date"], marks["date"]]).astype(str), utc=True)
    middle = dates.min() + (dates.max() - dates.min()) / 2
    return middle.strftime("%Y-%m-%d")


TILE = 0.92  # a tile map's tile: its share of its grid cell; the rest is the gap between tiles


def hatch_lines(tiles: pd.DataFrame, step: float = 0.23) -> pd.DataFrame:
    """Diagonal hatching (lines x + y = c, clipped to the tile) for each given tile."""
    import pandas as pd

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
