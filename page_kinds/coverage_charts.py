"""The coverage charts' Vega-Lite specs: national progress, the State/UT ranking and tile map.

This publication's own chart designs, built with altair; generator.charts draws them offline to
static SVG and PNG and publishes them beside the data they plot.

Each spec is drawn in a language (`language=`, English by default): its axis and legend titles
and the names of its bands, series and wordings are translated here; the frames keep the
English names (the page kind compares them), which are the catalogue's msgids.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from generator.charts import NARROW_WIDTH, TILE, WIDE_WIDTH, chart_title, finish, hatch_lines, text_width
from generator.fonts import DEVANAGARI_FONT, font_for
from generator.i18n import N_
from generator.languages import ENGLISH, Language

if TYPE_CHECKING:  # imported where a chart is drawn: a rebuild from the cache needs none
    import altair as alt
    import pandas as pd

# Coverage bands, darkest = highest (viridis, read in reverse): distinct for colour-blind
# readers and in grey print. Text on the three darkest bands is white.
BANDS = [("100%", 100, "#440154"), (N_("90 to 99.99%"), 90, "#414487"),
         (N_("80 to 89.99%"), 80, "#2a788e"), (N_("70 to 79.99%"), 70, "#22a884"),
         (N_("60 to 69.99%"), 60, "#7ad151"), (N_("below 60%"), 0, "#fde725")]
DARK_BANDS = {"100%", "90 to 99.99%", "80 to 89.99%"}
NOT_REPORTED = N_("Not reported in this table (hatched)")
NOT_IN_JJM = N_("Not in JJM tables (no rural population)")
NOT_REPORTED_FILL, NOT_IN_JJM_FILL, HATCH = "#d4d4d4", "#ffffff", "#4d4d4d"
# Series of the national chart: Okabe-Ito colours, safe for colour-blind readers.
SERIES = [(N_("With a tap"), "#0072B2"), (N_("Connected since 15 Aug 2019"), "#D55E00"),
          (N_("All rural households (stated total)"), "#000000")]
WORDING_SHAPES = [(N_("stated without a qualifier"), "circle"),
                  (N_("about, around or nearly"), "diamond"),
                  (N_("more than or over"), "triangle-up")]


def band(pct: float) -> str:
    """The coverage band of a percentage."""
    return next(name for name, floor, _ in BANDS if pct >= floor)


def text_colour(category: str) -> str:
    """Black or white, whichever reads on the category's fill."""
    return "#ffffff" if category in DARK_BANDS else "#000000"


def _names(frame: pd.DataFrame, columns: tuple[str, ...], language: Language) -> pd.DataFrame:
    """The frame with the English names in `columns` (bands, series, wordings) translated."""
    if not len(frame):
        return frame
    return frame.assign(**{c: frame[c].map(lambda n: language.gettext(n) if n else n)
                           for c in columns if c in frame})


def _devanagari(language: Language) -> bool:
    """Whether the chart is drawn in the Devanagari face (whose text vl-convert measures short)."""
    return font_for(language.code) == DEVANAGARI_FONT



def _x_time(domain: list[str], narrow: bool = False) -> alt.X:
    """A UTC time axis (the output must not depend on the build machine's time zone); on a
    phone a tick every other year."""
    import altair as alt

    ticks = {"interval": "year", "step": 2} if narrow else "year"
    return alt.X("date:T", title=None, scale=alt.Scale(type="utc", domain=domain),
                 axis=alt.Axis(format="%Y", formatType="utc", tickCount=ticks))


def national_progress_spec(points: pd.DataFrame, marks: pd.DataFrame, title: str,
                           subtitle: list[str], domain: list[str], narrow: bool = False,
                           language: Language = ENGLISH) -> dict:
    """Share and number of rural households with a tap over time, launch and goal marked.

    `points`: one row per plotted point: date, panel ('share' or 'households'), series,
    value, wording (a WORDING_SHAPES name, '' for the stated total) and label (text drawn
    next to the point, may be ''). `marks`: date and label of each vertical rule, and
    `align` ('left' or 'right' of the rule; default left). `narrow`: the phone layout
    (generator.charts.NARROW_WIDTH wide), with a tick every other year and the legends
    one under the other. `language`: the words drawn (the frames' names are English).
    """
    import altair as alt
    import pandas as pd

    _ = language.gettext
    points = _names(points, ("series", "wording"), language)
    width = NARROW_WIDTH - 66 if narrow else 520
    below = alt.Legend(orient="bottom", direction="vertical",
                       **({"labelLimit": NARROW_WIDTH - 60} if narrow else {}))
    x_time = _x_time(domain, narrow)
    shape = alt.Shape("wording:N", title=_("Source's wording"), legend=below,
                      scale=alt.Scale(domain=[_(w) for w, _s in WORDING_SHAPES],
                                      range=[s for _w, s in WORDING_SHAPES]))
    colour = alt.Color("series:N", title=_("Series"), legend=below,
                       scale=alt.Scale(domain=[_(s) for s, _c in SERIES],
                                       range=[c for _s, c in SERIES]))
    rules = alt.Chart(marks).mark_rule(strokeDash=[4, 3], color="#555555").encode(x=x_time)
    side = marks["align"] if "align" in marks else pd.Series("left", index=marks.index)
    rule_labels = [alt.Chart(marks[side == align].drop(columns="align", errors="ignore"))
                   .mark_text(align=align, dx=dx, baseline="top", color="#333333").encode(
                       x=x_time, y=alt.value(2), text="label:N")
                   for align, dx in (("left", 4), ("right", -4)) if (side == align).any()]

    share = points[points["panel"] == "share"]
    share_y = alt.Y("value:Q", title=_("Rural households with a tap (%)"),
                    scale=alt.Scale(domain=[0, 100]))
    share_base = alt.Chart(share).encode(x=x_time, y=share_y)
    top = alt.layer(
        rules, *rule_labels,
        share_base.mark_line(color="#9a9a9a", strokeWidth=1),
        share_base.mark_point(filled=True, size=55, color=SERIES[0][1], opacity=1).encode(
            shape=shape),
        *_point_labels(share, x_time, share_y, narrow),
    ).properties(width=width, height=250)

    counts = points[points["panel"] == "households"]
    counts_y = alt.Y("value:Q", title=_("Rural households (crore)"))
    counts_base = alt.Chart(counts).encode(x=x_time, y=counts_y, color=colour)
    stated_total = counts["wording"] == ""
    bottom = alt.layer(
        rules,
        counts_base.mark_line(strokeWidth=1, opacity=0.6),
        alt.Chart(counts[~stated_total]).mark_point(filled=True, size=45, opacity=1).encode(
            x=x_time, y=counts_y, color=colour, shape=shape),
        alt.Chart(counts[stated_total]).mark_point(shape="square", filled=False, size=40,
                                                   opacity=1).encode(
            x=x_time, y=counts_y, color=colour),
    ).properties(width=width, height=190)
    heading = chart_title(title, subtitle, NARROW_WIDTH if narrow else WIDE_WIDTH)
    chart = alt.vconcat(top, bottom, spacing=18, title=heading).resolve_scale(
        shape="shared", color="shared")
    spec = finish(chart, narrow, language)
    if _devanagari(language):
        spec["padding"] = _room_right(marks, side, domain, width, spec["config"]["padding"])
    return spec


def _room_right(marks: pd.DataFrame, side: pd.Series, domain: list[str], width: float,
                padding: int) -> dict | int:
    """The padding that keeps a Devanagari marker label drawn past the plot's right edge in
    the picture: vl-convert measures it about a quarter short, so the autosized chart ends
    before the label does."""
    import pandas as pd
    start, end = (pd.Timestamp(d) for d in domain)
    over = 0.0
    for date, label in zip(marks["date"][side == "left"], marks["label"][side == "left"],
                           strict=True):
        x = width * (pd.Timestamp(str(date)) - start) / (end - start) + 4
        drawn = text_width(str(label))
        if x + drawn > width:
            over = max(over, min(drawn, x + drawn - width) * 0.3)
    return {"left": padding, "top": padding, "bottom": padding,
            "right": padding + math.ceil(over)} if over else padding


def _point_labels(share: pd.DataFrame, x: alt.X, y: alt.Y, narrow: bool) -> list:
    """The labels of the first and last share: left of their point; on a phone the first one
    goes below right of it, clear of the axis."""
    import altair as alt

    bold = {"fontWeight": "bold"}
    if not narrow or not len(share):
        return [alt.Chart(share).mark_text(align="right", dx=-8, dy=-10, **bold).encode(
            x=x, y=y, text="label:N")]
    first = share["date"] == share["date"].min()
    return [alt.Chart(share[first]).mark_text(align="left", dx=8, dy=12, **bold).encode(
                x=x, y=y, text="label:N"),
            alt.Chart(share[~first]).mark_text(align="right", dx=-8, dy=-10, **bold).encode(
                x=x, y=y, text="label:N")]


def ranking_spec(ranking: pd.DataFrame, title: str, subtitle: list[str],
                 narrow: bool = False, language: Language = ENGLISH) -> dict:
    """States/UTs ranked by coverage, coloured by band; unreported ones listed last.

    `ranking`: state, pct (NaN when not reported), category (band or NOT_REPORTED), label.
    `narrow`: the phone layout: each name on its own line above its bar, so long names are
    never cut and the bars keep the whole width. `language`: the words drawn (the frame's
    bands are English); in Devanagari the legend is one column and the names' axis as wide
    as the longest name (vl-convert measures that text short: charts.text_width).
    """
    import altair as alt

    _ = language.gettext
    ranking = _names(ranking, ("category",), language)
    order = ranking["state"].tolist()
    x = alt.X("pct:Q", title=_("Rural households with a tap (%)"),
              scale=alt.Scale(domain=[0, 100]), axis=alt.Axis(values=[0, 20, 40, 60, 80, 100]))
    devanagari = _devanagari(language)
    fill = alt.Color("category:N", title=_("Coverage"),
                     scale=_category_scale(with_jjm=False, language=language),
                     legend=alt.Legend(orient="bottom", direction="vertical",
                                       columns=1 if narrow or devanagari else 2))
    reported = ranking[ranking["pct"].notna()]
    missing = ranking[ranking["pct"].isna()].assign(pct=0.0)
    if not narrow:
        room = ({"minExtent": math.ceil(max(map(text_width, order), default=0)) + 4}
                if devanagari else {})
        y = alt.Y("state:N", title=None, sort=order,
                  axis=alt.Axis(labelLimit=320, ticks=False, **room))
        chart = alt.layer(
            alt.Chart(reported).mark_bar(stroke="#333333", strokeWidth=0.5,
                                         height={"band": 0.75}).encode(x=x, y=y, color=fill),
            alt.Chart(reported).mark_text(align="left", dx=4).encode(x=x, y=y, text="label:N"),
            alt.Chart(missing).mark_text(align="left", dx=2, fontStyle="italic",
                                         color="#333333").encode(x=x, y=y, text="label:N"),
        ).properties(width=300, height=alt.Step(18), title=chart_title(title, subtitle))
        return finish(chart, language=language)
    y = alt.Y("state:N", title=None, sort=order, axis=None)
    start = alt.value(0)
    chart = alt.layer(
        alt.Chart(ranking).mark_text(align="left", baseline="bottom", dy=-1).encode(
            x=start, y=y, text="state:N"),
        alt.Chart(reported).mark_bar(stroke="#333333", strokeWidth=0.5, height=11,
                                     yOffset=7).encode(x=x, y=y, color=fill),
        alt.Chart(reported).mark_text(align="left", dx=4, yOffset=7).encode(
            x=x, y=y, text="label:N"),
        alt.Chart(missing).mark_text(align="left", fontStyle="italic", color="#333333",
                                     yOffset=7).encode(x=start, y=y, text="label:N"),
    ).properties(width=NARROW_WIDTH - 74, height=alt.Step(34),
                 title=chart_title(title, subtitle, NARROW_WIDTH))
    return finish(chart, narrow=True, language=language)


def _category_scale(with_jjm: bool, language: Language = ENGLISH) -> alt.Scale:
    """Fill colours of the bands, then of 'not reported' (and 'not in JJM'), by their names
    in `language`."""
    import altair as alt

    names = [language.gettext(n) for n in [b for b, _, _ in BANDS] + [NOT_REPORTED]
             + ([NOT_IN_JJM] if with_jjm else [])]
    colours = [c for _, _, c in BANDS] + [NOT_REPORTED_FILL] + (
        [NOT_IN_JJM_FILL] if with_jjm else [])
    return alt.Scale(domain=names, range=colours)




def tile_map_spec(tiles: pd.DataFrame, columns: int, rows: int, title: str,
                  subtitle: list[str], narrow: bool = False, language: Language = ENGLISH
                  ) -> dict:
    """One equal tile per State/UT at its grid position, coloured by coverage band.

    `tiles`: col, row, short, state, value_label, category, text_colour. Tiles not reported
    are hatched, so they differ from every value without relying on colour. `narrow`: the
    phone layout: smaller tiles (their figures without the % sign), the legend below.
    `language`: the words drawn (the frame's bands are English).
    """
    import altair as alt

    size = (NARROW_WIDTH - 20) // columns if narrow else 58
    if narrow:
        tiles = tiles.assign(value_label=tiles["value_label"].str.removesuffix("%"))
    hatched = tiles[tiles["category"] == NOT_REPORTED]
    tiles = _names(tiles, ("category",), language)
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
            fill=alt.Fill("category:N", title=language.gettext("Coverage"),
                          scale=_category_scale(with_jjm=True, language=language),
                          legend=alt.Legend(orient="bottom", direction="vertical")
                          if narrow else alt.Undefined)),
        alt.Chart(hatch_lines(hatched)).mark_rule(
            color=HATCH, strokeWidth=0.8).encode(
            x=alt.X("x:Q", scale=alt.Scale(domain=[0, columns]), axis=None), x2="x2:Q",
            y=alt.Y("y:Q", scale=alt.Scale(domain=[0, rows], reverse=True), axis=None),
            y2="y2:Q"),
        alt.Chart(frame).mark_text(fontWeight="bold", fontSize=12 if narrow else 13).encode(
            x=cx, y=alt.Y("top:Q", scale=alt.Scale(domain=[0, rows], reverse=True), axis=None),
            text="short:N", color=text),
        alt.Chart(frame).mark_text(fontSize=10 if narrow else 11).encode(
            x=cx, y=alt.Y("bottom:Q", scale=alt.Scale(domain=[0, rows], reverse=True),
                          axis=None),
            text="value_label:N", color=text),
    ).properties(width=columns * size, height=rows * size,
                 title=chart_title(title, subtitle, NARROW_WIDTH if narrow else WIDE_WIDTH))
    return finish(chart, narrow, language)
