"""Page kind: a directory: one entry per row of a resource, browsable by facets without a script.

Configured, not coded: the resource, the field naming each entry, the fields shown under it,
and the facets (a field, how its cells split into values, whether a trailing '(detail)' is
part of a value). The directory page lists every entry and, per facet, every value with its
count; each value has a static page of the entries that have it, so filtering is following a
plain link.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Mapping
from typing import TYPE_CHECKING

import jinja2
from markupsafe import Markup

from .. import languages
from ..i18n import NOT_REPORTED
from ..kinds import Option
from ..languages import ENGLISH, Language
from ..markdown import md_text
from ..model import NO_OPTIONS, Asset, Options, Page
from ..packages import Resource
from ..problems import Problem
from ..render_cache import data_only
from ..sitedata import SiteData, row_anchor
from .dataset import sources
from .rows import (
    check_basics,
    missing_field,
    published,
    rel,
    resolve_intro,
    row_links,
    said,
    slug,
    slugs,
    text_in,
)

if TYPE_CHECKING:  # for annotations only: a rebuild whose pages all come from the render
    import pandas as pd  # cache needs no pandas (issue 18)

OPTIONS = {
    "page": Option("Where the directory page goes, as a docs path (partners/directory.md); "
                   "each facet value's page goes beside it, as FOLDER/FIELD/VALUE.md (field "
                   "and value as lowercase slugs: partners/organisation-type/un-agency.md).",
                   required=True),
    "title": Option("The page's title and heading.", required=True),
    "description": Option("One sentence for search results and link previews.", default=""),
    "intro": Option("Markdown under the heading; may hold figure references.", type="markdown",
                    default=""),
    "resource": Option("The table: package/resource, one entry per row.", required=True),
    "name": Option("The field shown as each entry's heading (entries are sorted by it).",
                   required=True),
    "fields": Option("The fields shown under each entry, each with its title from the "
                     "schema; a blank cell is 'not reported'.", type="list", default=(),
                     items=Option("a field name")),
    "facets": Option("The fields to browse by: each value gets a page listing the entries "
                     "that have it.", type="list", default=(), items=Option(
                         "a facet", type="map", keys={
                             "field": Option("The field whose values are browsed.",
                                             required=True),
                             "label": Option("The facet's name for readers (default: the "
                                             "field's title).", default=""),
                             "separator": Option("What separates the values of a list cell, "
                                                 "e.g. '; ' (default: the whole cell is one "
                                                 "value).", default=""),
                             "strip_detail": Option("Whether a trailing '(detail)' is left out "
                                                    "of a value: 'Goa (2 districts)' counts as "
                                                    "'Goa'.", type="bool", default=False)})),
}
_DETAIL = re.compile(r"\s*\([^()]*\)\s*$")


def check(data: SiteData, options: Options) -> list[Problem]:
    """The page path, the resource and every field named (entry, shown fields, facets) exist."""
    problems, fields = check_basics(data, options, ("name",))
    if fields is None:
        return problems
    where, resource = data.config.publication.path, str(options["resource"])
    for number, name in enumerate(options.get("fields") or (), start=1):
        if str(name) not in fields:
            problems.append(missing_field(where, f"fields[{number}]", resource, str(name),
                                          fields))
    for number, facet in enumerate(options.get("facets") or (), start=1):
        if str(facet["field"]) not in fields:
            problems.append(missing_field(where, f"facets[{number}].field", resource,
                                          str(facet["field"]), fields))
    return problems


@data_only
def render(data: SiteData, env: jinja2.Environment, options: Options = NO_OPTIONS
           ) -> list[Page | Asset]:
    """The directory page and one page per facet value (nothing when the resource is absent)."""
    if published(data, options) is None:
        return []
    package, name = published(data, options)
    lang = languages.of(env)
    title = said(lang, options["title"])
    page = str(options["page"])
    folder = posixpath.dirname(page)
    resource = data.package(package).resource(name)
    titles = {str(f.get("name")): str(text_in(f, "title", lang)[0] or f.get("name"))
              for f in resource.fields}
    rows = sorted((row for _, row in data.frame(package, name).iterrows()), key=lambda row: (
        squash(row[options["name"]]).casefold(), row_anchor(resource, row)))
    facets = [facet_index(rows, facet, titles, folder, lang)
              for facet in options.get("facets") or ()]
    named = source_names(data, package, lang)
    entries = [entry(data, options, package, resource, row, facets, titles, folder, lang) | {
        "source_name": named.get(str(row.get("source_id", "") or "").strip(), "")}
               for row in rows]
    outputs: list[Page | Asset] = [Page(page, env.get_template("directory.md.j2").render(
        title=title, description=said(lang, options.get("description")),
        intro=resolve_intro(data, options, page, lang), entries=entries,
        facets=[facet_summary(facet, entries, folder) for facet in facets]))]
    for facet in facets:
        for value in facet["values"]:
            path = value["path"]
            here = posixpath.dirname(path)
            chosen = [entry_on_facet_page(e, row, facet, value, data, package, resource,
                                          here, page) | {"source_name": e["source_name"]}
                      for e, row in zip(entries, rows, strict=True)
                      if e["key"] in value["entries"]]
            outputs.append(Page(path, env.get_template("directory_facet.md.j2").render(
                title=title, facet=facet["label"], value=value["value"],
                page_title=f"{value['value']} · {facet['label']} · {title}",
                entries=chosen, total=len(entries), directory=rel(page, here),
                index=rel(f"{page}#{facet['anchor']}", here),
                others=[{"value": v["value"], "count": v["count"],
                         "link": rel(v["path"], here)}
                        for v in facet["values"] if v is not value])))
    return outputs


def source_names(data: SiteData, package: str, lang: Language = ENGLISH) -> dict[str, str]:
    """Each source of the package by id, as a reader names it: title, publisher, date."""
    return {s["id"]: ", ".join(str(part) for part in (s["title"], s["publisher"], s["date"])
                               if part)
            for s in sources(data, data.package(package), lang) if s["id"]}


# --- facet values ----------------------------------------------------------------------------
def squash(value: object) -> str:
    """A value as compared and shown: whitespace runs collapsed to one space, trimmed."""
    return " ".join(str(value or "").split())


def facet_items(cell: object, facet: Mapping) -> list[tuple[str, str]]:
    """A cell's items as (item as written, facet value); the value is '' for an item naming none.

    Blank items are dropped; with strip_detail, 'Goa (2 districts)' is the value 'Goa' and
    '(not specified)' names no value.
    """
    separator = str(facet.get("separator") or "")
    items = str(cell or "").split(separator.strip() or separator) if separator else [str(cell)]
    out = []
    for item in (squash(i) for i in items):
        if item:
            value = _DETAIL.sub("", item).strip() if facet.get("strip_detail") else item
            out.append((item, value))
    return out


def facet_values(cell: object, facet: Mapping) -> list[str]:
    """The distinct facet values of a cell, in their order."""
    return list(dict.fromkeys(v for _, v in facet_items(cell, facet) if v))


def facet_index(rows: list[pd.Series], facet: Mapping, titles: Mapping[str, str], folder: str,
                lang: Language = ENGLISH) -> dict:
    """A facet: its label (in `lang`), anchor, and each value (sorted) with its page and its
    entries."""
    field = str(facet["field"])
    keys_by_value: dict[str, list[str]] = {}
    unvalued = []
    for row in rows:
        found = facet_values(row[field], facet)
        for value in found:
            keys_by_value.setdefault(value, []).append(str(row.name))
        if not found:
            unvalued.append(str(row.name))
    named = slugs(keys_by_value)
    base = posixpath.join(folder, slug(field))
    values = [{"value": value, "slug": named[value], "path": f"{base}/{named[value]}.md",
               "count": len(keys_by_value[value]), "entries": set(keys_by_value[value])}
              for value in sorted(keys_by_value, key=lambda v: (v.casefold(), v))]
    return {"field": field, "facet": facet, "label": said(lang, facet.get("label")) or titles[field],
            "anchor": f"facet-{slug(field)}", "values": values, "unvalued": unvalued,
            "paths": {v["value"]: v["path"] for v in values}}


def facet_summary(facet: dict, entries: list[dict], folder: str) -> dict:
    """The facet index on the directory page: each value linked, and the entries naming none."""
    names = {e["key"]: e for e in entries}
    return {"label": facet["label"], "anchor": facet["anchor"],
            "listed": [{"value": v["value"], "count": v["count"],
                        "link": rel(v["path"], folder)} for v in facet["values"]],
            "unvalued": [{"name": names[k]["name"], "anchor": names[k]["anchor"]}
                         for k in facet["unvalued"]]}


# --- entries ---------------------------------------------------------------------------------
def entry(data: SiteData, options: Options, package: str, resource: Resource, row: pd.Series,
          facets: list[dict], titles: Mapping[str, str], folder: str,
          lang: Language = ENGLISH) -> dict:
    """One entry of the directory page: heading, anchor, fields (facet values linked), links."""
    by_field = {f["field"]: f for f in facets}
    shown = []
    for name in options.get("fields") or ():
        facet = by_field.get(str(name))
        cell = linked_cell(row[name], facet, folder) if facet else None
        shown.append({"title": titles[str(name)], "value": str(row[name]), "linked": cell})
    return {"key": str(row.name), "name": squash(row[options["name"]]) or lang.gettext(
        NOT_REPORTED),
            "anchor": "entry-" + row_anchor(resource, row)[4:], "fields": shown,
            **row_links(data, package, resource, row, folder)}


def linked_cell(cell: object, facet: dict, folder: str) -> Markup | None:
    """A facet field's cell with each item linked to its value's page (None when blank)."""
    items = facet_items(cell, facet["facet"])
    if not items:
        return None
    separator = str(facet["facet"].get("separator") or "")
    joiner = Markup((" " if separator[:1].isspace() else "") + md_text(separator.strip())
                    + (" " if separator[-1:].isspace() or not separator.strip() else ""))
    parts = [Markup(f"[{md_text(item)}]({rel(facet['paths'][value], folder)})") if value
             else md_text(item) for item, value in items]
    return joiner.join(parts)


def entry_on_facet_page(entry: dict, row: pd.Series, facet: dict, value: dict, data: SiteData,
                        package: str, resource: Resource, folder: str, page: str) -> dict:
    """An entry as a facet value's page lists it: linked to the directory, with what it says."""
    written = [item for item, v in facet_items(row[facet["field"]], facet["facet"])
               if v == value["value"] and item != v]
    return {"name": entry["name"], "link": rel(f"{page}#{entry['anchor']}", folder),
            "detail": "; ".join(written), **row_links(data, package, resource, row, folder)}
