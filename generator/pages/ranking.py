"""Page kind: a ranking: one measure by region at the latest date, as a table and a tile map.

Configured, not coded: the resource, the fields with each region's code, name and value, and
the date field (only rows at the latest date are ranked). Ties share a rank. A region with a
blank value, or with a tile but no row at that date, is listed as not reported (never zero).
The optional tile map's grid is data too: a resource giving each region's column, row and
label, so a publication draws its own geography without code.
"""

from __future__ import annotations

import posixpath
from collections import Counter
from decimal import Decimal
from typing import TYPE_CHECKING

import jinja2

from .. import charts, figures, languages
from ..i18n import N_, NOT_REPORTED
from ..kinds import Option
from ..languages import ENGLISH, Language
from ..model import NO_OPTIONS, Asset, Options, Page
from ..packages import key_fields
from ..problems import Problem
from ..render_cache import data_only
from ..sitedata import LINE, SiteData
from .rows import (
    check_basics,
    field_title,
    missing_field,
    published,
    resolve_intro,
    resource_fields,
    row_links,
    said,
)

if TYPE_CHECKING:  # imported where a frame is made: a rebuild whose pages all come from
    import pandas as pd  # the render cache needs no pandas (issue 18)

OPTIONS = {
    "page": Option("Where the page goes, as a docs path (coverage/ranking.md).", required=True),
    "title": Option("The page's title and heading.", required=True),
    "description": Option("One sentence for search results and link previews.", default=""),
    "intro": Option("Markdown under the heading; may hold figure references.", type="markdown",
                    default=""),
    "resource": Option("The table: package/resource.", required=True),
    "region": Option("The field with each region's code (what the tiles are matched on).",
                     required=True),
    "name": Option("The field with each region's name.", required=True),
    "value": Option("The field with the measure (a number), written in its unit.",
                    required=True),
    "date": Option("The field that dates each row: only rows at the latest date are ranked.",
                   required=True),
    "order": Option("Which end ranks first: descending (the highest value is 1) or "
                    "ascending.", default="descending", choices=("descending", "ascending")),
    "region_label": Option("The region column's heading (default: the name field's title).",
                           default=""),
    "value_label": Option("The value column's heading (default: the value field's title).",
                          default=""),
    "tiles": Option("A tile map's grid: package/resource with one row per region (its code, "
                    "column, row and label). Regions with a tile but no value are not "
                    "reported; without it, no map is drawn.", default=""),
    "tile_region": Option("The tile resource's field with the region code (default: the "
                          "same name as `region`).", default=""),
    "tile_column": Option("The tile resource's field with the tile's column (0 = left).",
                          default="column"),
    "tile_row": Option("The tile resource's field with the tile's row (0 = top).",
                       default="row"),
    "tile_label": Option("The tile resource's field with the short label drawn on the tile.",
                         default="label"),
    "tile_name": Option("The tile resource's field naming the region, for regions with no row "
                        "in the table (default: their name in earlier rows, else the label).",
                        default=""),
}
NOT_REPORTED_FILL = "#e6e6e6"
NOT_REPORTED_SHORT = N_("n/r")  # drawn on a tile that has no value
HATCH = "#8c8c8c"
TILE_SIZE = 58


def check(data: SiteData, options: Options) -> list[Problem]:
    """Fields exist, the value is a number, each region once at the latest date, a sound grid."""
    problems, fields = check_basics(data, options, ("region", "name", "value", "date"))
    if fields is None:
        return problems
    where = data.config.publication.path
    if fields.get(str(options["value"]), {}).get("type", "number") not in ("number", "integer"):
        problems.append(Problem(where, None, "value", "type-error",
                                f"{options['value']} is not a number field"))
    if problems:
        return problems
    for row in duplicates(latest_rows(data, options), str(options["region"])):
        problems.append(Problem(where, None, "region", "figure-ambiguous",
                                f"{options['region']} {row[options['region']]!r} has two rows "
                                f"at the latest {options['date']} (line {row[LINE]}); a "
                                f"ranking needs one row per region"))
    if options.get("tiles"):
        problems += check_tiles(data, options)
    return problems


def check_tiles(data: SiteData, options: Options) -> list[Problem]:
    """The tile resource's fields exist; each tile a whole-numbered cell, one region per cell."""
    where = data.config.publication.path
    problems: list[Problem] = []
    fields = resource_fields(data, options, "tiles", problems)
    if fields is None:
        return problems
    names = tile_fields(options)
    for key, name in names.items():
        if name and name not in fields:
            problems.append(missing_field(where, key, str(options["tiles"]), name, fields))
    if problems:
        return problems
    package, _, name = str(options["tiles"]).partition("/")
    resource = data.package(package).resource(name)
    file = f"{data.package(package).display_root}/{resource.path}"
    seen: dict[tuple[int, int], str] = {}
    for row in figures.records(data, package, name).rows():
        cell = [str(row[names[k]]).strip() for k in ("tile_column", "tile_row")]
        if not all(c.isdigit() and c.isascii() for c in cell):
            problems.append(Problem(file, int(row[LINE]), names["tile_column"], "type-error",
                                    f"a tile's column and row must be whole numbers from 0, "
                                    f"found {cell[0]!r} and {cell[1]!r}"))
            continue
        at = (int(cell[0]), int(cell[1]))
        if at in seen:
            problems.append(Problem(file, int(row[LINE]), names["tile_column"],
                                    "duplicate-tile", f"the tile at column {at[0]}, row {at[1]} "
                                    f"is also {seen[at]!r}'s; give each region its own cell"))
        seen.setdefault(at, str(row[names["tile_region"]]))
    return problems


def tile_fields(options: Options) -> dict[str, str]:
    """The tile resource's field for each tile option (tile_region defaulting to `region`)."""
    return {"tile_region": str(options.get("tile_region") or options["region"]),
            "tile_column": str(options.get("tile_column") or "column"),
            "tile_row": str(options.get("tile_row") or "row"),
            "tile_label": str(options.get("tile_label") or ""),
            "tile_name": str(options.get("tile_name") or "")}


def latest_rows(data: SiteData, options: Options) -> list[dict]:
    """The rows at the resource's latest date, in the file's order (none when no row is
    dated); plain rows, so that the check of a rebuild needs no pandas (issue 18)."""
    package, _, name = str(options["resource"]).partition("/")
    table = figures.records(data, package, name)
    dates = [str(d).strip() for d in table.columns[str(options["date"])]]
    latest = max((d for d in dates if d), default=None)
    return [table.row(i) for i, d in enumerate(dates) if d == latest] if latest is not None \
        else []


def duplicates(rows: list[dict], field: str) -> list[dict]:
    """The second and later rows of each repeated value of `field`."""
    seen: set[str] = set()
    out = []
    for row in rows:
        if row[field] in seen:
            out.append(row)
        seen.add(row[field])
    return out


@data_only
def render(data: SiteData, env: jinja2.Environment, options: Options = NO_OPTIONS
           ) -> list[Page | Asset]:
    """The ranking page and, with tiles, its map and the map's downloads."""
    if published(data, options) is None:
        return []
    package, name = published(data, options)
    lang = languages.of(env)
    page = str(options["page"])
    folder = posixpath.dirname(page)
    table = ranking(data, options, folder, lang)
    chart, assets = None, []
    if table["tiles"]:
        chart, assets = charts.publish(tile_chart(data, options, table, lang), folder,
                                       language=lang)
        # publish() names files folder/name; a page at the top of the docs has no folder.
        assets = [Asset(a.path.lstrip("/"), a.data) for a in assets]
    text = env.get_template("ranking.md.j2").render(
        title=said(lang, options["title"]), description=said(lang, options.get("description")),
        intro=resolve_intro(data, options, page, lang), chart=chart, **table)
    return [Page(page, text), *assets]


def ranking(data: SiteData, options: Options, folder: str, lang: Language = ENGLISH) -> dict:
    """The ranked rows (ties share a rank), the regions not reported, and the words around
    (in `lang`)."""
    _ = lang.gettext
    human_date = lang.numbers.human_date
    package, _slash, name = str(options["resource"]).partition("/")
    resource = data.package(package).resource(name)
    fields = {str(f.get("name")): f for f in resource.fields}
    region, region_name, value = (str(options[k]) for k in ("region", "name", "value"))
    unit = figures.field_unit(fields[value])
    rows = latest_rows(data, options)
    latest = str(rows[0][str(options["date"])]).strip() if rows else ""
    reported, missing = [], []
    own = own_names(data, options, lang)
    for row in rows:
        code = str(row[region]).strip()
        entry = {"code": code, "name": own.get(code) or str(row[region_name]),
                 "value": str(row[value]).strip(),
                 **row_links(data, package, resource, row, folder)}
        entry["shown"] = figures.format_value(entry["value"], unit, None, lang) or _(
            NOT_REPORTED)
        if entry["value"]:
            reported.append(entry)
        else:
            missing.append(entry | {"why": _("blank in the table")})
    descending = options.get("order", "descending") != "ascending"
    reported.sort(key=lambda e: (-Decimal(e["value"]) if descending else Decimal(e["value"]),
                                 e["name"].casefold(), e["code"]))
    assign_ranks(reported, lang)
    codes = {e["code"] for e in reported + missing}
    tiles = tile_rows(data, options, folder, lang) if options.get("tiles") else []
    for tile in tiles:
        if tile["code"] not in codes:
            missing.append(tile | {"name": own.get(tile["code"]) or tile["name"]
                                   or earlier_name(data, options, tile),
                                   "why": _("no row on %(date)s") % {"date": human_date(latest)}
                                   if latest else _("no dated row")})
    missing.sort(key=lambda e: (e["name"].casefold(), e["code"]))
    return {"reported": reported, "missing": missing, "tiles": tiles,
            "date_text": human_date(latest) if latest else _("no dated row"),
            "region_label": said(lang, options.get("region_label"))
            or field_title(data, options, "name", lang),
            "value_label": said(lang, options.get("value_label"))
            or field_title(data, options, "value", lang),
            "summary": summary(reported, missing, latest, lang)}


def own_names(data: SiteData, options: Options, lang: Language) -> dict[str, str]:
    """Each region's name in a language other than the default, by code, where the data has
    it: the field <name>_<code> (state_name_hi) of the table, else of the table its region
    field refers to (foreignKeys, externalForeignKeys) with the same name field."""
    if lang.default:
        return {}
    package, _slash, name = str(options["resource"]).partition("/")
    resource = data.package(package).resource(name)
    region, local = str(options["region"]), f"{options['name']}_{lang.code}"
    tables = [(package, name, region)]
    keys = [(k, True) for k in resource.schema.get("foreignKeys") or []]
    keys += [(k, False) for k in resource.schema.get("externalForeignKeys") or []]
    for key, internal in keys:
        reference = key.get("reference") if isinstance(key, dict) else None
        if isinstance(reference, dict) and key_fields(key.get("fields")) == [region]:
            referred = key_fields(reference.get("fields"))
            if len(referred) == 1:
                tables.append((package if internal else str(reference.get("package")),
                               str(reference.get("resource")), referred[0]))
    out: dict[str, str] = {}
    for table_package, table, field in reversed(tables):  # the table's own names win
        if (table_package, table) in data.frames:
            frame = data.frame(table_package, table)
            if local in frame and field in frame:
                out |= {str(row[field]).strip(): str(row[local]).strip()
                        for _index, row in frame.iterrows() if str(row[local]).strip()}
    return out


def assign_ranks(entries: list[dict], lang: Language = ENGLISH) -> None:
    """Ranks of entries in ranked order: equal values share one (1, 1, 3), written '1 (tied)'."""
    counts = Counter(Decimal(e["value"]) for e in entries)
    for position, entry in enumerate(entries):
        value = Decimal(entry["value"])
        before = entries[position - 1] if position else None
        entry["rank"] = before["rank"] if before and Decimal(before["value"]) == value \
            else position + 1
        entry["rank_text"] = lang.gettext("%(rank)s (tied)") % {"rank": entry["rank"]} \
            if counts[value] > 1 else str(entry["rank"])


def tile_rows(data: SiteData, options: Options, folder: str, lang: Language = ENGLISH
              ) -> list[dict]:
    """Each tile of the grid resource: region code, column, row, label, name and its row link."""
    if published(data, options, "tiles") is None:
        return []
    package, name = published(data, options, "tiles")
    resource = data.package(package).resource(name)
    names = tile_fields(options)
    out = []
    for _, row in data.frame(package, name).iterrows():
        out.append({"code": str(row[names["tile_region"]]).strip(),
                    "column": int(row[names["tile_column"]]), "row": int(row[names["tile_row"]]),
                    "label": str(row[names["tile_label"]]) if names["tile_label"] else "",
                    "name": str(row[names["tile_name"]]) if names["tile_name"] else "",
                    "value": "", "shown": lang.gettext(NOT_REPORTED),
                    **row_links(data, package, resource, row, folder)})
    return out


def earlier_name(data: SiteData, options: Options, tile: dict) -> str:
    """A region's name from its latest row at any date, else its tile's label, else its code."""
    package, _, name = str(options["resource"]).partition("/")
    frame = data.frame(package, name)
    rows = frame[frame[str(options["region"])].str.strip() == tile["code"]]
    if len(rows):
        return str(rows.sort_values([str(options["date"]), LINE]).iloc[-1][str(options["name"])])
    return tile["label"] or tile["code"]


def summary(reported: list[dict], missing: list[dict], latest: str, lang: Language = ENGLISH
            ) -> str:
    """One sentence (in `lang`): how many regions report a value at the latest date, the
    ends, the rest."""
    _ = lang.gettext
    if not reported:
        return (_("No region reports a value on %(date)s.") % {
            "date": lang.numbers.human_date(latest)} if latest
            else _("No region reports a value."))
    first, last = reported[0], reported[-1]
    tied_first = sum(1 for e in reported if e["rank"] == first["rank"])
    lead = (_("%(name)s ranks first (%(value)s)") % {"name": first["name"],
                                                    "value": first["shown"]}
            if tied_first == 1 else
            _("%(count)s regions share the first rank (%(value)s)") % {
                "count": tied_first, "value": first["shown"]})
    text = (lang.ngettext("%(count)s region reports a value.", "%(count)s regions report a "
                          "value.", len(reported)) % {"count": len(reported)} + " "
            + _("%(lead)s; %(name)s ranks last (%(value)s).") % {
                "lead": lead, "name": last["name"], "value": last["shown"]})
    if missing:
        text += " " + lang.ngettext("%(count)s is not reported.", "%(count)s are not reported.",
                                    len(missing)) % {"count": len(missing)}
    return text


# --- the tile map ----------------------------------------------------------------------------
def tile_frame(table: dict, lang: Language = ENGLISH) -> pd.DataFrame:
    """One tile per region of the grid: position, labels, value (NaN when not reported).

    `status` is 'reported' or 'not reported' in every language (the download's column);
    `value_label`, drawn on the tile, is in `lang`.
    """
    import pandas as pd

    values = {e["code"]: e for e in table["reported"]}
    numbers_ = [float(e["value"]) for e in table["reported"]]
    low, high = (min(numbers_), max(numbers_)) if numbers_ else (0.0, 1.0)
    rows = []
    for tile in sorted(table["tiles"], key=lambda t: (t["row"], t["column"])):
        entry = values.get(tile["code"])
        share = ((float(entry["value"]) - low) / (high - low) if high > low else 1.0) \
            if entry else 0.0
        rows.append({"region": tile["code"], "name": entry["name"] if entry else next(
            (m["name"] for m in table["missing"] if m["code"] == tile["code"]), tile["code"]),
            "label": tile["label"], "col": tile["column"], "row": tile["row"],
            "value": float(entry["value"]) if entry else None,
            "published": entry["value"] if entry else "",
            "value_label": entry["shown"] if entry else lang.gettext(NOT_REPORTED_SHORT),
            "status": "reported" if entry else "not reported",
            # Dark tiles (the upper part of the scale) take white text.
            "text_colour": "#ffffff" if entry and share > 0.55 else "#111111"})
    return pd.DataFrame(rows, columns=["region", "name", "label", "col", "row", "value",
                                       "published", "value_label", "status", "text_colour"])


def tile_spec(frame: pd.DataFrame, title: str, subtitle: list[str], value_label: str,
              narrow: bool = False, lang: Language = ENGLISH) -> dict:
    """Equal tiles on the data's grid, coloured by value; not-reported tiles grey and hatched.

    `narrow`: the phone layout: tiles as large as fit charts.NARROW_WIDTH, text a size smaller.
    """
    import altair as alt

    columns, rows = int(frame["col"].max()) + 1, int(frame["row"].max()) + 1
    size = min(TILE_SIZE, (charts.NARROW_WIDTH - 20) // columns) if narrow else TILE_SIZE
    width = charts.NARROW_WIDTH if narrow else charts.WIDE_WIDTH
    frame = frame.assign(x2=frame["col"] + charts.TILE, y2=frame["row"] + charts.TILE,
                         cx=frame["col"] + charts.TILE / 2, top=frame["row"] + 0.3,
                         bottom=frame["row"] + 0.66)
    x_scale = alt.Scale(domain=[0, columns])
    y_scale = alt.Scale(domain=[0, rows], reverse=True)
    reported = frame[frame["status"] == "reported"]
    absent = frame[frame["status"] != "reported"]
    tile = {"x": alt.X("col:Q", scale=x_scale, axis=None), "x2": "x2:Q",
            "y": alt.Y("row:Q", scale=y_scale, axis=None), "y2": "y2:Q"}
    layers = [
        alt.Chart(reported).mark_rect(stroke="#555555", strokeWidth=0.6).encode(
            **tile, fill=alt.Fill("value:Q", title=value_label, scale=alt.Scale(
                scheme="blues", zero=False), legend=alt.Legend(
                    orient="bottom", gradientLength=min(240, width - 60),
                    **({"labelLimit": width - 40, "titleLimit": width - 20} if narrow
                       else {})))),
        alt.Chart(absent).mark_rect(stroke="#555555", strokeWidth=0.6,
                                    fill=NOT_REPORTED_FILL).encode(**tile),
        alt.Chart(charts.hatch_lines(absent)).mark_rule(color=HATCH, strokeWidth=0.8).encode(
            x=alt.X("x:Q", scale=x_scale, axis=None), x2="x2:Q",
            y=alt.Y("y:Q", scale=y_scale, axis=None), y2="y2:Q"),
    ]
    text = alt.Color("text_colour:N", scale=None)
    cx = alt.X("cx:Q", scale=x_scale, axis=None)
    small = narrow and size < TILE_SIZE
    layers += [alt.Chart(frame).mark_text(fontWeight="bold", fontSize=12 if small else 13)
               .encode(x=cx, y=alt.Y("top:Q", scale=y_scale, axis=None), text="label:N",
                       color=text),
               alt.Chart(frame).mark_text(fontSize=9 if small else 11).encode(
                   x=cx, y=alt.Y("bottom:Q", scale=y_scale, axis=None), text="value_label:N",
                   color=text)]
    chart = alt.layer(*layers).properties(width=columns * size, height=rows * size,
                                          title=charts.chart_title(title, subtitle, width))
    return charts.finish(chart, narrow, lang)


def tile_chart(data: SiteData, options: Options, table: dict, lang: Language = ENGLISH
               ) -> charts.Chart:
    """The tile map of the ranking, with its table, source line and downloads (in `lang`)."""
    _ = lang.gettext
    frame = tile_frame(table, lang)
    title = _("Map: %(title)s") % {"title": said(lang, options["title"])}
    on_map = frame[frame["status"] == "reported"]
    absent = frame[frame["status"] != "reported"]["name"].tolist()
    words = {"shown": len(on_map), "total": len(frame), "date": table["date_text"],
             "absent": len(absent), "short": _(NOT_REPORTED_SHORT), "names": ", ".join(absent)}
    description = (_("%(shown)s of the %(total)s regions on the map have a value on %(date)s; "
                     "%(absent)s not reported (grey, hatched, '%(short)s'): %(names)s. Darker "
                     "tiles have higher values.") if absent else
                   _("%(shown)s of the %(total)s regions on the map have a value on %(date)s. "
                     "Darker tiles have higher values.")) % words
    source = _("Data: %(table)s, rows at the latest %(date)s; grid: %(grid)s.") % {
        "table": options["resource"], "date": options["date"], "grid": options["tiles"]}
    cited = sorted({e["source"] for e in table["reported"] if e["source"]})
    links = {e["source"]: e["source_link"] for e in table["reported"] if e["source"]}
    status = {"reported": _("reported"), "not reported": _(NOT_REPORTED)}
    rows = [[r["name"], r["label"], r["value_label"] if r["published"] else "",
             status[r["status"]]] for _index, r in frame.sort_values(["name", "region"]).iterrows()]
    stem = posixpath.basename(str(options["page"]))[:-3]
    name = (stem if stem != "index" else posixpath.basename(
        posixpath.dirname(str(options["page"]))) or "ranking") + "-map"
    subtitle = [_("As of %(date)s.") % {"date": table["date_text"]}, source]
    return charts.Chart(name, title, table["date_text"], description,
                        tile_spec(frame, title, subtitle, table["value_label"], lang=lang),
                        frame[["region", "name", "label", "col", "row", "published", "status"]],
                        [table["region_label"], _("Tile"), table["value_label"], _("Status")],
                        rows,
                        source, [(s, links[s]) for s in cited],
                        narrow_spec=tile_spec(frame, title, subtitle, table["value_label"],
                                              narrow=True, lang=lang),
                        key=[(r["label"], r["name"]) for _index, r in frame.iterrows()
                             if r["label"] and r["label"] != r["name"]])
