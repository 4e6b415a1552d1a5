"""Page kind: the data catalog (every package and resource) and catalog.json (DCAT-AP 3)."""

from __future__ import annotations

import json

import jinja2

from .. import dcat, languages
from ..kinds import Option
from ..languages import ENGLISH, Language
from ..markdown import safe_url
from ..model import NO_OPTIONS, Asset, Options, Page
from ..problems import WARNING, Problem
from ..render_cache import data_only
from ..sitedata import SiteData
from .dataset import figure, licences, size_text
from .rows import text_in

OPTIONS = {
    "description": Option("What the catalogue is, in one or two sentences: catalog.json's "
                          "dct:description (default: the home section's description, else a "
                          "sentence naming the site).", default=""),
    "spatial": Option("The place every dataset covers, as the IRI of a place in an authority "
                      "list (e.g. the EU's country list or GeoNames): catalog.json's dct:spatial "
                      "of each dataset. A descriptor's spatialCoverage is free text, not a "
                      "place's IRI, so without this key dct:spatial is left out.", default=""),
}


def check(data: SiteData, options: Options) -> list[Problem]:
    """The spatial option is an http(s) IRI, and the publication names its publisher (without
    one catalog.json is not valid DCAT-AP: a warning); found before anything is written."""
    problems = []
    spatial = str(options.get("spatial") or "")
    if spatial and safe_url(spatial) is None:
        problems.append(Problem(data.config.publication.path, None, "spatial", "bad-value",
                                f"expected the http(s) IRI of a place, found {spatial!r}"))
    if not data.config.publication.publisher:
        problems.append(Problem(
            data.config.publication.path, None, "publisher", "missing-publisher",
            "catalog.json names no publisher, which DCAT-AP requires: add publisher: with "
            "the name of who makes these files available", severity=WARNING))
    return problems


@data_only
def render(data: SiteData, env: jinja2.Environment, options: Options = NO_OPTIONS
           ) -> list[Page | Asset]:
    """The catalog page and catalog.json."""
    language = languages.of(env)
    packages = [package_entry(data, p, language) for p in data.packages]
    page = env.get_template("catalog.md.j2").render(packages=packages)
    graph = dcat.catalog(data, catalog_description(data, options), str(options.get("spatial") or ""))
    catalog = json.dumps(graph, indent=2, ensure_ascii=False, sort_keys=True) + "\n"
    return [Page("data/index.md", page), Asset(dcat.CATALOG, catalog.encode("utf-8"))]


def catalog_description(data: SiteData, options: Options) -> str:
    """What the catalogue is: the option, else the home section's description, else a sentence."""
    home = data.config.publication.section("home")
    text = str(options.get("description") or "") or (
        str(home.options.get("description") or "") if home is not None else "")
    return " ".join(text.split()) or f"Every dataset published on {data.config.site_name}."


def package_entry(data: SiteData, package, language: Language = ENGLISH) -> dict:
    """One row of the catalog, in `language` (a text the descriptor gives only in English is
    shown in English, marked so)."""
    d = package.descriptor
    downloads = {f.filename: f for f in data.downloads[package.name]}
    description, english = text_in(d, "description", language)
    return {
        "name": package.name,
        "title": text_in(d, "title", language, package.name)[0],
        "description": description,
        "english": "en" if english else "",
        "version": d.get("version", ""),
        "created": str(d.get("created", ""))[:10],
        "licences": licences(package),
        "temporal": d.get("temporalCoverage") or {},
        "warnings": data.warnings_for(package),
        "warnings_text": figure(data.warnings_for(package), language),
        "resources": [resource_entry(data, package, r, downloads[r.path].size, language)
                      for r in package.resources],
    }


def resource_entry(data: SiteData, package, resource, size: int, language: Language = ENGLISH
                   ) -> dict:
    """One table of a catalog entry: its title, description, rows and size."""
    description, english = text_in(resource.descriptor, "description", language)
    return {"name": resource.name,
            "title": text_in(resource.descriptor, "title", language, resource.name)[0],
            "description": description, "english": "en" if english else "",
            "rows": figure(len(data.frames.get((package.name, resource.name), ())), language),
            "size": size_text(size, language)}
