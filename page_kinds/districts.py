"""Page kind: a village-level resource aggregated into one page per district and per State/UT.

A resource declares itself with `"aggregate": "district"` (datasets/README.md). It must have
the fields `lgd_state_code`, `lgd_district_code`, `households` and `households_with_tap`; it
may have `lgd_block_code` (named from the `block_name` of the resource its foreign key points
to), `har_ghar_jal_certified` (boolean) and `report_date`. Villages get no page of their own:
the whole table is published as a reproducible gzip with its sha256, and every district and
State/UT gets a page of totals computed here. Blank cells (not reported) are left out of the
sums and counted as such; nothing is filled.
"""

from __future__ import annotations

import gzip
import hashlib
from dataclasses import dataclass
from typing import TYPE_CHECKING

import jinja2

from generator.downloads import human_size
from generator.i18n import NOT_REPORTED
from generator.languages import ENGLISH, Language, of
from generator.model import NO_OPTIONS, Asset, Options, Page
from generator.packages import Package, Resource
from generator.pages.rows import english_on, marked, shown_text
from generator.render_cache import data_only
from generator.sitedata import SiteData

from .coverage import names_in, slugify, state_names

if TYPE_CHECKING:  # imported where a frame is made: a rebuild from the cache needs none
    import polars as pl

FOLDER = "districts"
AGGREGATE = "aggregate"
LEVEL = "district"
REQUIRED = ("lgd_state_code", "lgd_district_code", "households", "households_with_tap")
TRUE = ["true", "True", "TRUE", "1"]   # frictionless' default true values
ADMIN = "admin-codes"
GZIP_LEVEL = 6


@dataclass(frozen=True)
class Villages:
    """The one village-level resource of the site, and where its pages go."""

    package: Package
    resource: Resource


@data_only
def render(data: SiteData, env: jinja2.Environment, options: Options = NO_OPTIONS
           ) -> list[Page | Asset]:
    """The districts index, a page per State/UT and per district, and the gzip download."""
    found = village_resources(data)
    if not found:
        return []
    language = of(env)
    out: list[Page | Asset] = []
    sections = []
    for villages in found:
        folder = f"{FOLDER}/{villages.package.name}"
        totals = aggregate(data, villages)
        download = gzip_download(data, villages)
        out.append(download)
        states = state_rows(data, totals, folder, language)
        sections.append(index_context(data, villages, totals, states, download, language))
        names = {"district": district_names(data), "block": block_names(data, villages)}
        own = district_names(data, language)  # district_name_<code>, where admin-codes has it
        for state in states:
            districts = district_rows(names["district"], totals, state["code"], state["slug"],
                                      language, own)
            out.append(Page(state["page"], env.get_template("district_state.md.j2").render(
                **state, districts=districts, up="../../", **source(villages, language))))
            for district in districts:
                out.append(Page(f"{folder}/{state['slug']}/{district['slug']}.md",
                                env.get_template("district.md.j2").render(
                                    **district, state=state, up="../../../",
                                    block_table=block_rows(names["block"], totals,
                                                           district["code"], language),
                                    **source(villages, language))))
    out.append(Page(f"{FOLDER}/index.md",
                    env.get_template("district_index.md.j2").render(sections=sections)))
    return out


def village_resources(data: SiteData) -> list[Villages]:
    """Resources declaring `aggregate: district` whose table was read and has the fields."""
    found = []
    for package in data.packages:
        for resource in package.resources:
            key = (package.name, resource.name)
            names = {f.get("name") for f in resource.fields}
            if (resource.descriptor.get(AGGREGATE) == LEVEL and key in data.validation.tables
                    and set(REQUIRED) <= names):
                found.append(Villages(package, resource))
    return found


def source(villages: Villages, language: Language = ENGLISH) -> dict:
    """Template values naming the data package (its title in `language` where the descriptor
    has it, else the English one, marked so) and resource."""
    return {"package": villages.package.name,
            "package_title": shown_text(villages.package.descriptor, "title", language,
                                        villages.package.name),
            "resource": villages.resource.name, "path": villages.resource.path}


def aggregate(data: SiteData, villages: Villages) -> dict[str, pl.DataFrame]:
    """Totals per block, district and State/UT, computed once with polars."""
    import polars as pl

    from generator.validate.fast import frame_of  # polars: imported where a frame is made
    frame = frame_of(data.validation.tables[(villages.package.name, villages.resource.name)])
    names = set(frame.columns)

    def integer(name: str) -> pl.Expr:
        return pl.col(name).str.strip_chars().cast(pl.Int64, strict=False)

    columns = [integer("lgd_state_code").alias("state"),
               integer("lgd_district_code").alias("district"),
               (integer("lgd_block_code") if "lgd_block_code" in names
                else pl.lit(None, pl.Int64)).alias("block"),
               integer("households").alias("households"),
               integer("households_with_tap").alias("with_tap"),
               (pl.col("har_ghar_jal_certified").is_in(TRUE) if "har_ghar_jal_certified"
                in names else pl.lit(None, pl.Boolean)).alias("certified"),
               (pl.col("report_date") if "report_date" in names
                else pl.lit(None, pl.String)).alias("reported")]
    # A village without a State or district code cannot be placed on a page (valid data has
    # them: the convention asks for required codes).
    villages_frame = frame.select(columns).filter(pl.col("state").is_not_null()
                                                  & pl.col("district").is_not_null())
    sums = [pl.len().alias("villages"),
            pl.col("households").sum().alias("households"),
            pl.col("with_tap").sum().alias("with_tap"),
            pl.col("households").is_null().sum().alias("households_blank"),
            pl.col("with_tap").is_null().sum().alias("with_tap_blank"),
            pl.col("certified").sum().alias("certified"),
            pl.col("reported").filter(pl.col("reported") != "").max().alias("latest"),
            pl.col("block").n_unique().alias("blocks")]
    return {level: villages_frame.group_by(keys).agg(sums).sort(keys)
            for level, keys in (("state", ["state"]), ("district", ["state", "district"]),
                                ("block", ["state", "district", "block"]))}


def figures(row: dict, language: Language = ENGLISH) -> dict:
    """A total's figures as printed: counts with Indian grouping, the share to two places."""
    n = language.numbers
    households, with_tap = row["households"] or 0, row["with_tap"] or 0
    share = f"{100 * with_tap / households:.2f}" if households else ""
    blank = max(row["households_blank"], row["with_tap_blank"])
    return {"villages": n.group_indian(row["villages"]),
            "households": n.group_indian(households),
            "with_tap": n.group_indian(with_tap),
            "share": n.percent(share) if share else language.gettext(NOT_REPORTED),
            "certified": n.group_indian(row["certified"] or 0),
            "latest": n.human_date(row["latest"]) if row["latest"]
            else language.gettext(NOT_REPORTED),
            "blocks": n.group_indian(row["blocks"]),
            "not_reported": n.group_indian(blank) if blank else ""}


def district_names(data: SiteData, language: Language = ENGLISH) -> dict[int, str]:
    """District names by LGD code from admin-codes (empty when it is not in this build); in
    another language those of its column district_name_<code> where it has one (a blank cell
    left out: the page then shows the English name, marked so)."""
    if (ADMIN, "districts") not in data.frames:
        return {}
    frame = data.frame(ADMIN, "districts")
    if language.code != ENGLISH.code:
        column = f"district_name_{language.code}"
        return {} if column not in frame.columns else {
            int(code): str(name).strip() for code, name in zip(
                frame["lgd_district_code"].tolist(), frame[column].tolist(), strict=True)
            if str(name).strip()}
    return {int(code): name for code, name in zip(frame["lgd_district_code"].tolist(),
                                                  frame["district_name"].tolist(), strict=True)}


def state_rows(data: SiteData, totals: dict[str, pl.DataFrame], folder: str,
               language: Language = ENGLISH) -> list[dict]:
    """One row per State/UT: its name (in `language` where the data has it), page and totals.

    The page's path comes from the English name, the same in every language.
    """
    import polars as pl
    names, shown = state_names(data), names_in(data, language)
    rows = []
    for row in totals["state"].iter_rows(named=True):
        code = row["state"]
        name = names.get(code, f"State/UT {code}")
        slug = f"{code}-{slugify(name)}"
        districts = totals["district"].filter(pl.col("state") == code).height
        rows.append({"code": code, "name": shown.get(code, name), "slug": slug,
                     # In another language, the English name (none in the data) marked so.
                     "name_shown": marked(shown[code], "") if code in shown
                     else marked(name, english_on(language)),
                     "page": f"{folder}/{slug}.md", "link": f"{folder.split('/', 1)[1]}/"
                                                           f"{slug}.md",
                     "district_count": language.numbers.group_indian(districts),
                     **figures(row, language)})
    return rows


def district_rows(names: dict[int, str], totals: dict[str, pl.DataFrame], state: int,
                  state_slug: str, language: Language = ENGLISH,
                  own: dict[int, str] | None = None) -> list[dict]:
    """The districts of a State/UT with their totals, by LGD code: each named in `language`
    where `own` has its name (district_names), else by its English name, marked so."""
    import polars as pl
    own = own or {}
    rows = []
    for row in totals["district"].filter(pl.col("state") == state).iter_rows(named=True):
        code = row["district"]
        name = names.get(code, f"District {code}")
        slug = f"{code}-{slugify(name)}"  # from the English name: one path in every language
        shown = own.get(code, name)
        rows.append({"code": code, "name": shown, "slug": slug,
                     "name_shown": marked(shown, "" if code in own else english_on(language)),
                     "link": f"{state_slug}/{slug}.md", **figures(row, language)})
    return rows


def block_names(data: SiteData, villages: Villages) -> dict[int, str]:
    """Block names from the resource the `lgd_block_code` foreign key points to, if any."""
    for fk in villages.resource.schema.get("foreignKeys") or []:
        if not isinstance(fk, dict) or fk.get("fields") not in ("lgd_block_code",
                                                                ["lgd_block_code"]):
            continue
        target = (fk.get("reference") or {}).get("resource")
        key = (villages.package.name, target)
        if key in data.frames and "block_name" in data.frames[key].columns:
            frame = data.frames[key]
            return {int(c): n for c, n in zip(frame["lgd_block_code"].tolist(),
                                              frame["block_name"].tolist(), strict=True)}
    return {}


def block_rows(names: dict[int, str], totals: dict[str, pl.DataFrame], district: int,
               language: Language = ENGLISH) -> list[dict]:
    """The blocks of a district with their totals (a block's name is the data's, in English)."""
    import polars as pl
    _ = language.gettext
    return [{"code": row["block"], "name": marked(names[row["block"]], english_on(language))
             if row["block"] in names else _("Block %(code)s") % {"code": row["block"]}
             if row["block"] is not None else _("(no block given)"),
             **figures(row, language)}
            for row in totals["block"].filter(pl.col("district") == district).iter_rows(
                named=True)]


def gzip_download(data: SiteData, villages: Villages) -> Asset:
    """The resource's CSV as gzip (level 6, no name, mtime 0: the same bytes every build)."""
    raw = villages.resource.file.read_bytes()
    store = data.store
    key = store.key(["gzip", str(GZIP_LEVEL), raw]) if store is not None else ""
    packed = store.get_bytes("gzip", key) if store is not None else None
    if packed is None:
        packed = gzip.compress(raw, compresslevel=GZIP_LEVEL, mtime=0)
        if store is not None:
            store.put_bytes("gzip", key, packed)
    return Asset(f"data/{villages.package.name}/{villages.resource.path}.gz", packed)


def index_context(data: SiteData, villages: Villages, totals: dict[str, pl.DataFrame],
                  states: list[dict], download: Asset, language: Language = ENGLISH) -> dict:
    """One village-level resource on the districts index."""
    import polars as pl
    counts = ["villages", "households", "with_tap", "households_blank", "with_tap_blank",
              "certified"]
    national = totals["state"].select(pl.col(counts).sum()).row(0, named=True)
    national.update(latest=totals["state"]["latest"].max(), blocks=totals["block"].height)
    return {**source(villages), "states": states, "total": figures(national, language),
            "districts": language.numbers.group_indian(totals["district"].height),
            "download": {"path": download.path.removeprefix(f"{FOLDER}/"),
                         "link": f"../{download.path}", "size": human_size(len(download.data)),
                         "sha256": hashlib.sha256(download.data).hexdigest(),
                         "name": download.path.rsplit("/", 1)[1]}}
