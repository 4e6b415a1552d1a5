"""Page kind: one page per data package, one full-table page per resource, and the downloads."""

from __future__ import annotations

import html
import json
from urllib.parse import quote

import jinja2
import pandas as pd
from markupsafe import Markup

from .. import numbers
from ..downloads import Download, excel_name, human_size
from ..markdown import html_table, json_ld
from ..model import NO_OPTIONS, Asset, Options, Page
from ..packages import Package, Resource
from ..render_cache import cached
from ..sitedata import FULL_TABLE_MAX_ROWS, LINE, SiteData, row_anchor

PREVIEW_ROWS = 5
NUMERIC = {"integer", "number"}
ZIP = "application/zip"
SHORT_SHA = 12  # hex characters of a checksum shown in the downloads table; all are listed below
REGISTRY = "sources"  # the package's source registry: the resource other tables refer to


def render(data: SiteData, env: jinja2.Environment, options: Options = NO_OPTIONS
           ) -> list[Page | Asset]:
    """Every dataset page, resource page and download."""
    from .updates import citing_updates

    citing = citing_updates(data)
    # The updates that cite each dataset are all these pages take from content/.
    return cached(__name__, data, env, lambda hidden: dataset_outputs(hidden, env, citing),
                  inputs=(json.dumps(citing, sort_keys=True),))


def dataset_outputs(data: SiteData, env: jinja2.Environment, citing: dict[str, list[dict]]
                    ) -> list[Page | Asset]:
    """The pages and downloads of every dataset, given the updates that cite each one."""
    out: list[Page | Asset] = []
    for package in data.packages:
        folder = f"data/{package.name}"
        context = package_context(data, package) | {"updates": citing.get(package.name, [])}
        out.append(Page(f"{folder}/index.md",
                        env.get_template("dataset.md.j2").render(**context)))
        for resource in package.resources:
            out.append(Page(f"{folder}/{resource.name}.md",
                            env.get_template("resource.md.j2").render(
                                **resource_context(data, package, resource))))
        out.extend(Asset(f"{folder}/{d.filename}", d.data) for d in data.downloads[package.name])
    return out


def package_context(data: SiteData, package: Package) -> dict:
    """What the dataset page shows, computed here so the template only formats."""
    d = package.descriptor
    created = str(d.get("created", ""))[:10]
    # The whole package first: most readers want one file, not a list to go through.
    files = sorted(data.downloads[package.name], key=lambda f: f.mediatype != ZIP)
    downloads = [{"label": f.label, "filename": f.filename, "size": human_size(f.size),
                  "bytes": f.size, "sha256": f.sha256, "short": f.sha256[:SHORT_SHA],
                  # A table's label is its resource name, which the file name already says.
                  "note": "" if f.label in (f.filename, f.filename.rsplit(".", 1)[0])
                  else f.label,
                  "whole": f.mediatype == ZIP} for f in files]
    return {
        "name": package.name,
        "title": d.get("title", package.name),
        "description": d.get("description", ""),
        "version": d.get("version", ""),
        "created": created,
        "licences": licences(package),
        "temporal": d.get("temporalCoverage") or {},
        "spatial": d.get("spatialCoverage", ""),
        "keywords": d.get("keywords") or [],
        "sources": sources(data, package),
        "contributors": [c.get("title", "") for c in d.get("contributors") or []
                         if isinstance(c, dict)],
        "resources": [resource_summary(data, package, r) for r in package.resources],
        "downloads": downloads,
        "short_sha": SHORT_SHA,
        "warnings": data.warnings_for(package),
        "cite": citation(data, package),
        "json_ld": json_ld(schema_org(data, package)),
        # The releases kind publishes data/<package>/feed.xml (generator/feeds.py).
        "feed": "feed.xml" if data.config.publication.section("releases") else "",
    }


def licences(package: Package) -> list[dict]:
    """The package's licences as {title, url}."""
    return [{"title": lic.get("title") or lic.get("name"), "url": lic.get("path", "")}
            for lic in package.descriptor.get("licenses") or [] if isinstance(lic, dict)]


def sources(data: SiteData, package: Package) -> list[dict]:
    """Sources from the package's source registry resource, else its `sources` property."""
    if package.resource("sources") is not None and (package.name, "sources") in data.frames:
        frame = data.frame(package.name, "sources")
        return [{"id": r.get("source_id", ""), "title": r.get("title", ""),
                 "publisher": r.get("publisher_or_outlet", "") or r.get("publisher", ""),
                 "date": numbers.human_date(r.get("date_published", "")),
                 "url": r.get("url", ""), "note": r.get("note", ""),
                 "anchor": row_anchor(package.resource("sources"), r)}
                for _, r in frame.iterrows()]
    return [{"id": "", "title": s.get("title", ""), "publisher": s.get("publisher", ""),
             "date": numbers.human_date(s.get("date", "")), "url": s.get("path", ""),
             "note": "", "anchor": ""}
            for s in package.descriptor.get("sources") or [] if isinstance(s, dict)]


def source_fields(package: Package, resource: Resource) -> list[str]:
    """The fields of a table whose foreign key refers to the package's source registry."""
    if resource.name == REGISTRY or package.resource(REGISTRY) is None:
        return []
    found = []
    for key in resource.schema.get("foreignKeys") or ():
        fields = key.get("fields") if isinstance(key, dict) else None
        reference = (key.get("reference") or {}) if isinstance(key, dict) else {}
        fields = [fields] if isinstance(fields, str) else fields
        if (isinstance(fields, list) and len(fields) == 1 and isinstance(reference, dict)
                and reference.get("resource") == REGISTRY):
            found.append(str(fields[0]))
    return found


def source_cells(data: SiteData, package: Package, resource: Resource, rows: list[pd.Series],
                 link: str) -> dict[str, dict[str, Markup]]:
    """For each source field of a table, each id it holds as a cell: the id linked to the
    source's entry (`link` + id), then the source's title, publisher and date, all escaped."""
    fields = source_fields(package, resource)
    if not fields:
        return {}
    known = {s["id"]: s for s in sources(data, package)}
    cells: dict[str, dict[str, Markup]] = {}
    for name in fields:
        for row in rows:
            value = str(row.get(name, "") or "").strip()
            if not value or value in cells.setdefault(name, {}):
                continue
            source = known.get(value)
            words = ", ".join(str(part) for part in (
                source["title"], source["publisher"], source["date"])
                if part) if source else ""
            href = html.escape(link + quote(value, safe=""), quote=True)
            cells[name][value] = Markup(f'<a href="{href}">{html.escape(value)}</a>' + (
                f' <span class="od-cell-note">{html.escape(words, quote=False)}</span>'
                if words else ""))
    return cells


def table(header: list[str], rows: list[list[object]], row_ids: list[str] | None = None,
          caption: str | None = None, numeric: set[str] | None = None) -> Markup:
    """A table of a resource's rows (markdown.html_table with its data layout)."""
    return html_table(header, rows, row_ids, caption, numeric, data=True)


def constraints_text(field: dict) -> str:
    """A field's constraints in words: 'required; 0 to 100; one of S, U'."""
    c = field.get("constraints") or {}
    parts = []
    if c.get("required"):
        parts.append("required")
    if c.get("unique"):
        parts.append("unique")
    if "minimum" in c and "maximum" in c:
        parts.append(f"{c['minimum']} to {c['maximum']}")
    elif "minimum" in c:
        parts.append(f"at least {c['minimum']}")
    elif "maximum" in c:
        parts.append(f"at most {c['maximum']}")
    if c.get("enum"):
        parts.append("one of " + ", ".join(str(v) for v in c["enum"]))
    if c.get("pattern"):
        parts.append(f"pattern {c['pattern']}")
    return "; ".join(parts)


def resource_summary(data: SiteData, package: Package, resource: Resource) -> dict:
    """A resource's dictionary, preview and size for the dataset page."""
    frame = data.frames.get((package.name, resource.name))
    rows = 0 if frame is None else len(frame)
    download = next(d for d in data.downloads[package.name] if d.filename == resource.path)
    excel = excel_download(data, package, resource)
    fields = [{"name": f.get("name", ""), "title": f.get("title", ""),
               "type": f.get("type", "string") + (f" ({f['format']})" if f.get("format") else ""),
               "unit": f.get("unit", ""), "constraints": constraints_text(f),
               "description": f.get("description", "")} for f in resource.fields]
    header = [f["name"] for f in fields]
    head = [] if frame is None else [row for _, row in frame.head(PREVIEW_ROWS).iterrows()]
    # A source id shows its source's name and date, linked to its entry under Sources.
    named = source_cells(data, package, resource, head, "#source-")
    preview = [[named.get(h, {}).get(str(row.get(h, "") or "").strip(), row.get(h, ""))
                for h in header] for row in head]
    return {
        "name": resource.name,
        "title": resource.descriptor.get("title", resource.name),
        "description": resource.descriptor.get("description", ""),
        "path": resource.path,
        "rows": rows,
        "size": human_size(download.size),
        "sha256": download.sha256,
        "excel": excel.filename if excel else "",
        "primary_key": ", ".join(resource.primary_key),
        "fields": fields,
        "preview": table(header, preview, caption=f"First {len(preview)} of {rows} rows",
                         numeric={f.get("name") for f in resource.fields
                                  if f.get("type") in NUMERIC}),
    }


def excel_download(data: SiteData, package: Package, resource: Resource) -> Download | None:
    """The Excel copy published beside a table (UTF-8 with a byte-order mark), if any."""
    name = excel_name(resource.path)
    return next((d for d in data.downloads[package.name] if d.filename == name), None)


def resource_context(data: SiteData, package: Package, resource: Resource) -> dict:
    """The full-table page of a resource: every row with its line and a stable anchor."""
    frame = data.frames.get((package.name, resource.name))
    header = [f.get("name", "") for f in resource.fields]
    full = frame is not None and len(frame) <= FULL_TABLE_MAX_ROWS
    rows, ids = [], []
    every = [row for _, row in frame.iterrows()] if full else []
    named = source_cells(data, package, resource, every, "#source-")
    for row in every:
        anchor = row_anchor(resource, row)
        # The line links to the row itself, so a reader can copy the row's address.
        line = Markup(f'<a href="#{html.escape(anchor, quote=True)}">{html.escape(str(row[LINE]))}</a>')
        rows.append([line, *[named.get(h, {}).get(str(row.get(h, "") or "").strip(),
                                                  row.get(h, "")) for h in header]])
        ids.append(anchor)
    cited = {value for cells in named.values() for value in cells}
    excel = excel_download(data, package, resource)
    return {
        "package": package.name,
        "package_title": package.descriptor.get("title", package.name),
        "name": resource.name,
        "title": resource.descriptor.get("title", resource.name),
        "description": resource.descriptor.get("description", ""),
        "path": resource.path,
        "excel": excel.filename if excel else "",
        "rows": 0 if frame is None else len(frame),
        "full": full,
        "table": table(["line", *header], rows, ids,
                       numeric={"line"} | {f.get("name") for f in resource.fields
                                           if f.get("type") in NUMERIC}),
        "sources": [s for s in sources(data, package) if s["id"] in cited],
    }


def citation(data: SiteData, package: Package) -> str:
    """How to cite the dataset: title, version, date, publisher and where to get it."""
    d = package.descriptor
    where = (f"{data.config.site_url}data/{package.name}/" if data.config.site_url
             else f"data/{package.name}/ on this site")
    return (f"{d.get('title', package.name)}, version {d.get('version', '')} "
            f"({str(d.get('created', ''))[:10]}). {data.config.site_name}. {where}")


def schema_org(data: SiteData, package: Package) -> dict:
    """schema.org Dataset metadata (JSON-LD); absolute URLs only when a site URL is set."""
    d = package.descriptor
    base = f"{data.config.site_url}data/{package.name}/" if data.config.site_url else ""
    temporal = d.get("temporalCoverage") or {}
    lic = licences(package)
    publisher = {"@type": "Organization", "name": data.config.site_name}
    return {
        "@context": "https://schema.org/",
        "@type": "Dataset",
        "name": d.get("title", package.name),
        "alternateName": package.name,
        "description": d.get("description", ""),
        "version": d.get("version", ""),
        "dateModified": str(d.get("created", ""))[:10],
        "license": lic[0]["url"] if lic else "",
        "isAccessibleForFree": True,
        "keywords": d.get("keywords") or [],
        "creator": [{"@type": "Organization", "name": c.get("title", "")}
                    for c in d.get("contributors") or [] if isinstance(c, dict)] or [publisher],
        "publisher": publisher,
        "temporalCoverage": (f"{temporal.get('start', '..')}/{temporal.get('end', '..')}"
                             if temporal else ""),
        "spatialCoverage": {"@type": "Place", "name": d.get("spatialCoverage", "India")},
        "distribution": [{"@type": "DataDownload", "name": f.label,
                          "contentUrl": base + f.filename, "encodingFormat": f.mediatype,
                          "contentSize": f"{f.size} B", "sha256": f.sha256}
                         for f in data.downloads[package.name]],
        **({"url": base} if base else {}),
    }
