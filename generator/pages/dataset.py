"""Page kind: one page per data package, one full-table page per resource, and the downloads."""

from __future__ import annotations

import json

import jinja2

from ..downloads import human_size
from ..markdown import html_table, json_ld
from ..model import NO_OPTIONS, Asset, Options, Page
from ..packages import Package, Resource
from ..render_cache import cached
from ..sitedata import FULL_TABLE_MAX_ROWS, LINE, SiteData, row_anchor

PREVIEW_ROWS = 5
NUMERIC = {"integer", "number"}


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
    downloads = [{"label": f.label, "filename": f.filename, "size": human_size(f.size),
                  "bytes": f.size, "sha256": f.sha256} for f in data.downloads[package.name]]
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
        "warnings": data.warnings_for(package),
        "cite": citation(data, package),
        "json_ld": json_ld(schema_org(data, package)),
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
                 "date": r.get("date_published", "") or "date not published",
                 "url": r.get("url", ""), "note": r.get("note", ""),
                 "anchor": row_anchor(package.resource("sources"), r)}
                for _, r in frame.iterrows()]
    return [{"id": "", "title": s.get("title", ""), "publisher": s.get("publisher", ""),
             "date": s.get("date", "") or "date not published", "url": s.get("path", ""),
             "note": "", "anchor": ""}
            for s in package.descriptor.get("sources") or [] if isinstance(s, dict)]


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
    fields = [{"name": f.get("name", ""), "title": f.get("title", ""),
               "type": f.get("type", "string") + (f" ({f['format']})" if f.get("format") else ""),
               "unit": f.get("unit", ""), "constraints": constraints_text(f),
               "description": f.get("description", "")} for f in resource.fields]
    header = [f["name"] for f in fields]
    preview = [] if frame is None else frame.head(PREVIEW_ROWS)[header].values.tolist()
    return {
        "name": resource.name,
        "title": resource.descriptor.get("title", resource.name),
        "description": resource.descriptor.get("description", ""),
        "path": resource.path,
        "rows": rows,
        "size": human_size(download.size),
        "sha256": download.sha256,
        "primary_key": ", ".join(resource.primary_key),
        "fields": fields,
        "preview": html_table(header, preview, caption=f"First {len(preview)} of {rows} rows",
                              numeric={f.get("name") for f in resource.fields
                                       if f.get("type") in NUMERIC}),
    }


def resource_context(data: SiteData, package: Package, resource: Resource) -> dict:
    """The full-table page of a resource: every row with its line and a stable anchor."""
    frame = data.frames.get((package.name, resource.name))
    header = [f.get("name", "") for f in resource.fields]
    full = frame is not None and len(frame) <= FULL_TABLE_MAX_ROWS
    rows, ids = [], []
    if full:
        for _, row in frame.iterrows():
            rows.append([str(row[LINE]), *[row.get(h, "") for h in header]])
            ids.append(row_anchor(resource, row))
    return {
        "package": package.name,
        "package_title": package.descriptor.get("title", package.name),
        "name": resource.name,
        "title": resource.descriptor.get("title", resource.name),
        "description": resource.descriptor.get("description", ""),
        "path": resource.path,
        "rows": 0 if frame is None else len(frame),
        "full": full,
        "table": html_table(["line", *header], rows, ids,
                            numeric={"line"} | {f.get("name") for f in resource.fields
                                                if f.get("type") in NUMERIC}),
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
