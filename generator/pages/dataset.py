"""Page kind: one page per data package, one full-table page per resource, and the downloads."""

from __future__ import annotations

import html
import json
import posixpath
from urllib.parse import quote

import jinja2
import pandas as pd
from markupsafe import Markup

from .. import citations, numbers
from ..downloads import Download, bundle_name, excel_name, human_size
from ..markdown import html_table, json_ld
from ..model import NO_OPTIONS, Asset, Options, Page
from ..packages import Package, Resource
from ..releases import FOLDER as RELEASES
from ..releases import read_archive
from ..render_cache import cached
from ..sitedata import FULL_TABLE_MAX_ROWS, LINE, SiteData, row_anchor
from . import schema_org

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
    archived = archived_versions(data)
    # The updates that cite each dataset are all these pages take from content/, and the
    # release archive is what their citations link to: both are part of the cache key.
    return cached(__name__, data, env,
                  lambda hidden: dataset_outputs(hidden, env, citing, archived),
                  inputs=(json.dumps(citing, sort_keys=True),
                          json.dumps(archived, sort_keys=True)))


def dataset_outputs(data: SiteData, env: jinja2.Environment, citing: dict[str, list[dict]],
                    archived: dict[str, dict] | None = None) -> list[Page | Asset]:
    """The pages, downloads and citation files of every dataset, given the updates that cite
    each one and the release archive (archived_versions)."""
    archived = archived or {}
    out: list[Page | Asset] = []
    for package in data.packages:
        folder = f"data/{package.name}"
        history = archived.get(package.name, {})
        context = package_context(data, package, history) | {
            "updates": citing.get(package.name, [])}
        out.append(Page(f"{folder}/index.md",
                        env.get_template("dataset.md.j2").render(**context)))
        out += citation_files(folder, context["cite"])
        for resource in package.resources:
            page = resource_context(data, package, resource, history)
            out.append(Page(f"{folder}/{resource.name}.md",
                            env.get_template("resource.md.j2").render(**page)))
            out += citation_files(folder, page["cite"])
        out.extend(Asset(f"{folder}/{d.filename}", d.data) for d in data.downloads[package.name])
    return out


def package_context(data: SiteData, package: Package, history: dict | None = None) -> dict:
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
        "cite": citation(data, package, history),
        "json_ld": json_ld(schema_org.dataset(
            data, package, cite_work(data, package, history), permalink(package, history),
            (history or {}).get("first", ""))),
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


def resource_context(data: SiteData, package: Package, resource: Resource,
                     history: dict | None = None) -> dict:
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
        "cite": citation(data, package, history, resource),
    }


# --- Citations pinned to the version (issue 15, item 2) --------------------------------------
def archived_versions(data: SiteData) -> dict[str, dict]:
    """Per package, what the release archive publishes on this site: the zips of its archived
    versions and the date of the first release that held it (none without the releases kind)."""
    if data.config.publication.section("releases") is None:
        return {}
    root = data.config.root
    archive, _ = read_archive(root / RELEASES, root)  # a broken archive stops the build earlier
    found: dict[str, dict] = {}
    for release in archive.releases:
        for archived in release.packages:
            entry = found.setdefault(archived.name, {"first": release.date, "files": []})
            entry["files"].append(archived.file)
    return found


def permalink(package: Package, history: dict | None) -> str:
    """Where this version's zip stays, from the site's root: the release archive's copy once
    the version is archived there, else the one beside the dataset page."""
    file = bundle_name(package)
    if file in (history or {}).get("files", []):
        return f"{RELEASES}/{file}"
    return f"data/{package.name}/{file}"


def cite_work(data: SiteData, package: Package, history: dict | None,
              resource: Resource | None = None) -> citations.Work:
    """What the citation of a package version (or of one of its tables) says."""
    # Who makes the files available: the publication's `publisher`, else the site.
    publisher = data.config.publication.publisher.get("name") or data.config.site_name
    return citations.cite(package, publisher, permalink(package, history),
                          data.config.site_url, resource)


def citation(data: SiteData, package: Package, history: dict | None,
             resource: Resource | None = None) -> dict:
    """How to cite this version: the plain citation, its link, and every format to copy."""
    work = cite_work(data, package, history, resource)
    words, link = citations.plain_parts(work)
    texts = citations.formats(work)
    return {
        "words": words, "link": link, "version": work.version,
        "released": numbers.human_date(work.released),
        "table": work.table,
        "href": posixpath.relpath(quote(permalink(package, history), safe="/+._-"),
                                  f"data/{package.name}"),
        "archived": permalink(package, history).startswith(f"{RELEASES}/"),
        "formats": [{"key": key, "name": name, "title": name[:1].upper() + name[1:],
                     "file": f"cite/{work.key}{suffix}", "filename": f"{work.key}{suffix}",
                     "text": Markup(html.escape(texts[key], quote=False))}
                    for key, (name, suffix) in citations.FORMATS.items()],
        "texts": texts,
    }


def citation_files(folder: str, cite: dict) -> list[Asset]:
    """The citation's files beside the page: cite/<key>.bib, .ris, .csl.json and .txt."""
    return [Asset(f"{folder}/{f['file']}", cite["texts"][f["key"]].encode("utf-8"))
            for f in cite["formats"]]
