"""The coverage charts' Vega-Lite specs: national progress, the State/UT ranking and tile map.

This publication's own chart designs, built with altair; generator.charts draws them offline to
static SVG and PNG and publishes them beside the data they plot.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from generator.charts import NARROW_WIDTH, TILE, WIDE_WIDTH, chart_title, finish, hatch_lines

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



def _x_time(domain: list[str], narrow: bool = False) -> alt.X:
    """A UTC time axis (the output must not depend on the build machine's time zone); on a
    phone a tick every other year."""
    ticks = {"interval": "year", "step": 2} if narrow else "year"
    return alt.X("date:T", title=None, scale=alt.Scale(type="utc", domain=domain),
                 axis=alt.Axis(format="%Y", formatType="utc", tickCount=ticks))


def national_progress_spec(points: pd.DataFrame, marks: pd.DataFrame, title: str,
                           subtitle: list[str], domain: list[str], narrow: bool = False) -> dict:
    """Share and number of rural households with a tap over time, launch and goal marked.

    `points`: one row per plotted point: date, panel ('share' or 'households'), series,
    value, wording (a WORDING_SHAPES name, '' for the stated total) and label (text drawn
    next to the point, may be ''). `marks`: date and label of each vertical rule, and
    `align` ('left' or 'right' of the rule; default left). `narrow`: the phone layout
    (generator.charts.NARROW_WIDTH wide), with a tick every other year and the legends
    one under the other.
    """
    width = NARROW_WIDTH - 66 if narrow else 520
    below = alt.Legend(orient="bottom", direction="vertical",
                       **({"labelLimit": NARROW_WIDTH - 60} if narrow else {}))
    x_time = _x_time(domain, narrow)
    shape = alt.Shape("wording:N", title="Source's wording", legend=below,
                      scale=alt.Scale(domain=[w for w, _ in WORDING_SHAPES],
                                      range=[s for _, s in WORDING_SHAPES]))
    colour = alt.Color("series:N", title="Series", legend=below,
                       scale=alt.Scale(domain=[s for s, _ in SERIES],
                                       range=[c for _, c in SERIES]))
    rules = alt.Chart(marks).mark_rule(strokeDash=[4, 3], color="#555555").encode(x=x_time)
    side = marks["align"] if "align" in marks else pd.Series("left", index=marks.index)
    rule_labels = [alt.Chart(marks[side == align].drop(columns="align", errors="ignore"))
                   .mark_text(align=align, dx=dx, baseline="top", color="#333333").encode(
                       x=x_time, y=alt.value(2), text="label:N")
                   for align, dx in (("left", 4), ("right", -4)) if (side == align).any()]

    share = points[points["panel"] == "share"]
    share_y = alt.Y("value:Q", title="Rural households with a tap (%)",
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
    counts_y = alt.Y("value:Q", title="Rural households (crore)")
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
    return finish(chart, narrow)


def _point_labels(share: pd.DataFrame, x: alt.X, y: alt.Y, narrow: bool) -> list:
    """The labels of the first and last share: left of their point; on a phone the first one
    goes below right of it, clear of the axis."""
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
                 narrow: bool = False) -> dict:
    """States/UTs ranked by coverage, coloured by band; unreported ones listed last.

    `ranking`: state, pct (NaN when not reported), category (band or NOT_REPORTED), label.
    `narrow`: the phone layout: each name on its own line above its bar, so long names are
    never cut and the bars keep the whole width.
    """
    order = ranking["state"].tolist()
    x = alt.X("pct:Q", title="Rural households with a tap (%)",
              scale=alt.Scale(domain=[0, 100]), axis=alt.Axis(values=[0, 20, 40, 60, 80, 100]))
    fill = alt.Color("category:N", title="Coverage", scale=_category_scale(with_jjm=False),
                     legend=alt.Legend(orient="bottom", direction="vertical",
                                       columns=1 if narrow else 2))
    reported = ranking[ranking["pct"].notna()]
    missing = ranking[ranking["pct"].isna()].assign(pct=0.0)
    if not narrow:
        y = alt.Y("state:N", title=None, sort=order, axis=alt.Axis(labelLimit=320, ticks=False))
        chart = alt.layer(
            alt.Chart(reported).mark_bar(stroke="#333333", strokeWidth=0.5,
                                         height={"band": 0.75}).encode(x=x, y=y, color=fill),
            alt.Chart(reported).mark_text(align="left", dx=4).encode(x=x, y=y, text="label:N"),
            alt.Chart(missing).mark_text(align="left", dx=2, fontStyle="italic",
                                         color="#333333").encode(x=x, y=y, text="label:N"),
        ).properties(width=300, height=alt.Step(18), title=chart_title(title, subtitle))
        return finish(chart)
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
    return finish(chart, narrow=True)


def _category_scale(with_jjm: bool) -> alt.Scale:
    """Fill colours of the bands, then of 'not reported' (and 'not in JJM')."""
    names = [b for b, _, _ in BANDS] + [NOT_REPORTED] + ([NOT_IN_JJM] if with_jjm else [])
    colours = [c for _, _, c in BANDS] + [NOT_REPORTED_FILL] + (
        [NOT_IN_JJM_FILL] if with_jjm else [])
    return alt.Scale(domain=names, range=colours)




def tile_map_spec(tiles: pd.DataFrame, columns: int, rows: int, title: str,
                  subtitle: list[str], narrow: bool = False) -> dict:
    """One equal tile per State/UT at its grid position, coloured by coverage band.

    `tiles`: col, row, short, state, value_label, category, text_colour. Tiles not reported
    are hatched, so they differ from every value without relying on colour. `narrow`: the
    phone layout: smaller tiles (their figures without the % sign), the legend below.
    """
    size = (NARROW_WIDTH - 20) // columns if narrow else 58
    if narrow:
        tiles = tiles.assign(value_label=tiles["value_label"].str.removesuffix("%"))
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
            fill=alt.Fill("category:N", title="Coverage", scale=_category_scale(with_jjm=True),
                          legend=alt.Legend(orient="bottom", direction="vertical")
                          if narrow else alt.Undefined)),
        alt.Chart(hatch_lines(tiles[tiles["category"] == NOT_REPORTED])).mark_rule(
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
    return finish(chart, narrow)
