"""Page kind: entity pages: one page per row of a dimension (a place, an organisation), with
every row that any published resource holds for it.

Which rows belong to an entity comes from the descriptors, not from code: a resource whose
`foreignKeys` (same package) or `externalForeignKeys` (another package) name the dimension's
key field holds rows about the entity its key value names. Each such row is shown with all its
published cells (its date, notes and flags among them), linked to its row and its source.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import jinja2

from .. import languages
from ..kinds import Option
from ..languages import Language
from ..model import NO_OPTIONS, Asset, Options, Page, Resource
from ..packages import key_fields
from ..problems import Problem
from ..render_cache import data_only
from ..sitedata import LINE, SiteData
from .rows import (
    as_published,
    check_basics,
    english_on,
    marked,
    published,
    rel,
    resolve_intro,
    row_links,
    said,
    shown_text,
    slugs,
)

if TYPE_CHECKING:  # for annotations only: a rebuild whose pages all come from the render
    import pandas as pd  # cache needs no pandas (issue 18)

FOLDER = re.compile(r"[a-z0-9][a-z0-9-]*(?:/[a-z0-9][a-z0-9-]*)*")
OPTIONS = {
    "folder": Option("The docs folder of the pages (places): its index.md lists the entities, "
                     "each has <folder>/<slug of its name>.md.", required=True),
    "title": Option("The index page's title and heading.", required=True),
    "description": Option("One sentence for search results and link previews.", default=""),
    "intro": Option("Markdown under the index's heading; may hold figure references.",
                    type="markdown", default=""),
    "resource": Option("The dimension: package/resource, one row per entity, with a "
                       "single-field primary key that other resources refer to.",
                       required=True),
    "name": Option("The field holding each entity's name (its page's title).", required=True),
    "exclude": Option("package/resource tables to leave off the pages.", type="list",
                      default=(), items=Option("package/resource")),
}


def check(data: SiteData, options: Options) -> list[Problem]:
    """The folder, the dimension, its name field and its one-field key."""
    problems, fields = check_basics(data, {**options, "page": f"{options['folder']}/index.md"},
                                    ("name",))
    if fields is None:
        return problems
    package, _, name = str(options["resource"]).partition("/")
    key = data.package(package).resource(name).primary_key
    if len(key) != 1:
        problems.append(Problem(data.config.publication.path, None, "resource", "bad-value",
                                f"{options['resource']} needs a primary key of one field for "
                                f"other tables to refer to; it has ({', '.join(key)})"))
    return problems


def referring(data: SiteData, package: str, resource: str, key: str
              ) -> list[tuple[str, Resource, str]]:
    """(package, resource, field) of every published table whose foreign key names the dimension."""
    out = []
    for other in data.packages:
        for table in other.resources:
            if (other.name, table.name) not in data.frames or (other.name, table.name) == (
                    package, resource):
                continue
            keys = [(k, package == other.name) for k in table.schema.get("foreignKeys") or []]
            keys += [(k, False) for k in table.schema.get("externalForeignKeys") or []]
            for fk, internal in keys:
                reference = fk.get("reference") if isinstance(fk, dict) else None
                if not isinstance(reference, dict):
                    continue
                target = (other.name if internal else reference.get("package"),
                          reference.get("resource"))
                fields, referred = key_fields(fk.get("fields")), key_fields(
                    reference.get("fields"))
                if target == (package, resource) and referred == [key] and len(fields) == 1:
                    out.append((other.name, table, fields[0]))
    return sorted(out, key=lambda item: (item[0], item[1].name, item[2]))


@data_only
def render(data: SiteData, env: jinja2.Environment, options: Options = NO_OPTIONS
           ) -> list[Page | Asset]:
    """The index of entities and one page per entity (nothing when the dimension is absent)."""
    if published(data, options) is None:
        return []
    package, name = published(data, options)
    lang = languages.of(env)
    title = said(lang, options["title"])
    dimension = data.package(package).resource(name)
    [key] = dimension.primary_key
    folder = str(options["folder"]).strip("/")
    frame = data.frame(package, name).sort_values(LINE)
    names = {str(row[key]): str(row[str(options["name"])]) or str(row[key])
             for _, row in frame.iterrows()}
    slug_of = _slugs(names)  # from the default language's names, so a page has one path
    own = own_names(frame, key, str(options["name"]), lang)
    # An entity without a name in the page's language shows its English one, marked so.
    shown = {value: own[value] if value in own else marked(entity, english_on(lang))
             for value, entity in names.items()}
    names = names | own
    excluded = set(options.get("exclude") or ())
    tables = [(p, t, f) for p, t, f in referring(data, package, name, key)
              if f"{p}/{t.name}" not in excluded]
    held: dict[str, list[dict]] = {value: [] for value in names}
    for other, table, field in tables:
        rows = data.frame(other, table.name)
        fields = [str(f.get("name")) for f in table.fields if f.get("name") != field]
        titles = {str(f.get("name")): shown_text(f, "title", lang, f.get("name"))
                  for f in table.fields}
        descriptor = data.package(other).descriptor
        for value, group in rows.groupby(field, sort=False):
            if str(value) not in held:
                continue
            held[str(value)].append({
                "package": other, "resource": table.name,
                "title": shown_text(table.descriptor, "title", lang, table.name),
                "package_title": shown_text(descriptor, "title", lang, other),
                "header": [titles[f] for f in fields],
                "sourced": "source_id" in fields,
                "dataset": rel(f"data/{other}/index.md", folder),
                "rows": [{"cells": [as_published(row[f], lang) if str(row[f]).strip() else ""
                                    for f in fields],
                          **row_links(data, other, table, row, folder)}
                         for _, row in group.sort_values(LINE).iterrows()],
                "link": rel(f"data/{other}/{table.name}.md", folder)})
    outputs: list[Page | Asset] = []
    template = env.get_template("entity.md.j2")
    for value, entity in names.items():
        outputs.append(Page(f"{folder}/{slug_of[value]}.md", template.render(
            name=entity, name_shown=shown.get(value, entity), key=key, value=value,
            tables=held[value], index="index.md", index_title=title,
            dimension=rel(f"data/{package}/{name}.md", folder))))
    index = [{"name": shown.get(value, entity), "link": f"{slug_of[value]}.md",
              "rows": sum(len(t["rows"]) for t in held[value])}
             for value, entity in sorted(names.items(), key=lambda item: item[1].casefold())]
    outputs.insert(0, Page(f"{folder}/index.md", env.get_template("entities.md.j2").render(
        title=title, description=said(lang, options.get("description")),
        intro=resolve_intro(data, options, f"{folder}/index.md", lang), entities=index,
        tables=[{"title": shown_text(t.descriptor, "title", lang, t.name),
                 "name": f"{p}/{t.name}",
                 "field": f, "link": rel(f"data/{p}/{t.name}.md", folder)}
                for p, t, f in tables])))
    return outputs


def own_names(frame: pd.DataFrame, key: str, name: str, lang: Language) -> dict[str, str]:
    """Each entity's name in another language than the default, by key value, where the
    table has a field for it (<name>_<code>: state_name_hi) and the row fills it."""
    local = f"{name}_{lang.code}"
    if lang.default or local not in frame:
        return {}
    return {str(row[key]): str(row[local]).strip() for _, row in frame.iterrows()
            if str(row[local]).strip()}


def _slugs(names: dict[str, str]) -> dict[str, str]:
    """A distinct, safe page name per key value, from the entity's name."""
    by_name = slugs(names.values())
    seen: dict[str, int] = {}
    out = {}
    for value, entity in names.items():  # two entities of one name: the later get -2, -3 ...
        base = by_name[entity]
        seen[base] = seen.get(base, 0) + 1
        out[value] = base if seen[base] == 1 else f"{base}-{seen[base]}"
    return out

