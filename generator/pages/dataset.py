"""Page kind: one page per data package, one full-table page per resource, and the downloads."""

from __future__ import annotations

import html
import json
import posixpath
import re
from typing import TYPE_CHECKING
from urllib.parse import quote

import jinja2
from markupsafe import Markup

from .. import citations, languages
from ..downloads import EXCEL, Download, bundle_name, excel_name, human_size
from ..i18n import N_, NOT_REPORTED
from ..languages import ENGLISH, Language
from ..markdown import html_table, json_ld, md_text
from ..model import NO_OPTIONS, Asset, Options, Page
from ..packages import Package, Resource
from ..releases import FOLDER as RELEASES
from ..releases import read_archive
from ..render_cache import cached
from ..sitedata import FULL_TABLE_MAX_ROWS, LINE, SiteData, row_anchor
from . import schema_org
from .rows import as_published, english_on, filled, marked, shown_text, text_in

if TYPE_CHECKING:
    import pandas as pd

PREVIEW_ROWS = 5
NUMERIC = {"integer", "number"}
ZIP = "application/zip"
SHORT_SHA = 12  # hex characters of a checksum shown in the downloads table; all are listed below
REGISTRY = "sources"  # the package's source registry: the resource other tables refer to
# The labels downloads.py gives its files, as the dataset page translates them (the English
# label is shown as it is when it is none of these).
WHOLE_PACKAGE = N_("Whole package (zip)")
DESCRIPTOR_LABEL = N_("Data Package descriptor")
EXCEL_LABEL = N_("%(table)s, for Excel (UTF-8 with BOM)")
FIELDS_IN_ENGLISH = N_("Fields whose title and description are not yet written in this language "
                       "show them in English; the tables then head their columns with the "
                       "field's name.")
DATASET_IN_ENGLISH = N_("This dataset's title and description are not yet written in this "
                        "language; they are shown in English.")
TABLE_IN_ENGLISH = N_("This table's title and description are not yet written in this "
                      "language; they are shown in English.")
# A field's type as the field lists name it (Table Schema's types; another stays as it is).
TYPES = {"string": N_("string"), "integer": N_("integer"), "number": N_("number"),
         "boolean": N_("boolean"), "date": N_("date"), "datetime": N_("datetime"),
         "time": N_("time"), "year": N_("year"), "yearmonth": N_("yearmonth")}
LANGUAGE_CODE = re.compile(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*")  # a BCP 47 tag, as lang= takes


def render(data: SiteData, env: jinja2.Environment, options: Options = NO_OPTIONS
           ) -> list[Page | Asset]:
    """Every dataset page, resource page and download."""
    from .updates import citing_updates

    citing = citing_updates(data, languages.of(env))  # their titles and dates in its language
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
    language = languages.of(env)
    out: list[Page | Asset] = []
    for package in data.packages:
        folder = f"data/{package.name}"
        history = archived.get(package.name, {})
        context = package_context(data, package, history, language) | {
            "updates": citing.get(package.name, [])}
        out.append(Page(f"{folder}/index.md",
                        env.get_template("dataset.md.j2").render(**context)))
        out += citation_files(folder, context["cite"])
        for resource in package.resources:
            page = resource_context(data, package, resource, history, language)
            out.append(Page(f"{folder}/{resource.name}.md",
                            env.get_template("resource.md.j2").render(**page)))
            out += citation_files(folder, page["cite"])
        out.extend(Asset(f"{folder}/{d.filename}", d.data) for d in data.downloads[package.name])
    return out


def package_context(data: SiteData, package: Package, history: dict | None = None,
                    language: Language = ENGLISH) -> dict:
    """What the dataset page shows in `language`, computed here so the template only formats."""
    d = package.descriptor
    created = str(d.get("created", ""))[:10]
    # The whole package first: most readers want one file, not a list to go through.
    files = sorted(data.downloads[package.name], key=lambda f: f.mediatype != ZIP)
    downloads = [{"label": f.label, "filename": f.filename, "size": size_text(f.size, language),
                  "bytes": f.size, "sha256": f.sha256, "short": f.sha256[:SHORT_SHA],
                  # A table's label is its resource name, which the file name already says.
                  "note": "" if f.label in (f.filename, f.filename.rsplit(".", 1)[0])
                  else download_label(f, language),
                  "whole": f.mediatype == ZIP} for f in files]
    title, english_title = text_in(d, "title", language, package.name)
    description, english_description = text_in(d, "description", language)
    english = english_on(language)  # the lang= of the data's own text on this page
    resources = [resource_summary(data, package, r, language) for r in package.resources]
    return {
        "name": package.name,
        "title": title,
        "title_shown": shown_text(d, "title", language, package.name),
        "description": description,
        # Shown in English on another language's page: said in a note, marked lang="en".
        "english": "en" if english_description else "",
        "english_note": language.gettext(DATASET_IN_ENGLISH)
        if english_title or english_description else "",
        "version": d.get("version", ""),
        "created": created,
        "licences": licences(package, language),
        "temporal": d.get("temporalCoverage") or {},
        "spatial": shown_text(d, "spatialCoverage", language),
        "keywords": d.get("keywords") or [],
        "sources": sources(data, package, language),
        # The heading Sources is #sources unless a table has that id (MkDocs' toc then names
        # the heading sources_1 on the English page): another language's page says it itself.
        "sources_anchor": all(r.name != "sources" for r in package.resources),
        "contributors": [marked(c.get("title", ""), english) for c in d.get("contributors") or []
                         if isinstance(c, dict)],
        "resources": resources,
        # Said once, above the tables: their fields' English titles and column names.
        "fields_note": language.gettext(FIELDS_IN_ENGLISH)
        if any(r["fields_english"] for r in resources) else "",
        "downloads": downloads,
        "short_sha": figure(SHORT_SHA, language),
        "warnings": data.warnings_for(package),
        "warnings_text": figure(data.warnings_for(package), language),
        "cite": citation(data, package, history, None, language),
        "json_ld": json_ld(schema_org.dataset(
            data, package, cite_work(data, package, history), permalink(package, history),
            (history or {}).get("first", ""))),
        # The releases kind publishes data/<package>/feed.xml (generator/feeds.py).
        "feed": "feed.xml" if data.config.publication.section("releases") else "",
    }


def licences(package: Package, language: Language = ENGLISH) -> list[dict]:
    """The package's licences as {title, url, lang} (lang: "en" on another language's page,
    whose licence names are the descriptor's English ones)."""
    return [{"title": lic.get("title") or lic.get("name"), "url": lic.get("path", ""),
             "lang": english_on(language)}
            for lic in package.descriptor.get("licenses") or [] if isinstance(lic, dict)]


def figure(value: object, language: Language = ENGLISH) -> str:
    """A count or a number as the page prints it: in the language's digits (Devanagari ones
    when a publication asks for them; English pages and the default Hindi ones are unchanged)."""
    digits = getattr(language.numbers, "digits", None)
    return digits(str(value)) if digits is not None else str(value)


def size_text(size: int, language: Language = ENGLISH) -> str:
    """A file's size for people in `language`: '266 bytes', '3.7 KB' (KB and MB in any)."""
    english = human_size(size)
    if english.endswith(" bytes"):
        return language.gettext("%(size)s bytes") % {"size": figure(size, language)}
    return figure(english, language)


def download_label(download: Download, language: Language = ENGLISH) -> str:
    """What a download is (downloads.py's label) in `language`; a label of another kind as it
    is (the English text is the msgid, so an English page shows the label unchanged)."""
    label = download.label
    if label in (WHOLE_PACKAGE, DESCRIPTOR_LABEL):
        return language.gettext(label)
    table = label.removesuffix(EXCEL_LABEL % {"table": ""})
    if download.filename.endswith(EXCEL) and EXCEL_LABEL % {"table": table} == label:
        return language.gettext(EXCEL_LABEL) % {"table": table}
    return label


def sources(data: SiteData, package: Package, language: Language = ENGLISH) -> list[dict]:
    """Sources from the package's source registry resource, else its `sources` property, with
    their dates in `language` (their titles, publishers and notes as the data gives them, in
    English: `lang` is "en" on another language's page)."""
    human_date = language.numbers.human_date
    if package.resource("sources") is not None and (package.name, "sources") in data.frames:
        frame = data.frame(package.name, "sources")
        return [{"id": r.get("source_id", ""), "title": r.get("title", ""),
                 "publisher": r.get("publisher_or_outlet", "") or r.get("publisher", ""),
                 "date": human_date(r.get("date_published", "")),
                 "url": r.get("url", ""), "note": r.get("note", ""),
                 "anchor": row_anchor(package.resource("sources"), r),
                 "lang": english_on(language)}
                for _, r in frame.iterrows()]
    return [{"id": "", "title": s.get("title", ""), "publisher": s.get("publisher", ""),
             "date": human_date(s.get("date", "")), "url": s.get("path", ""),
             "note": "", "anchor": "", "lang": english_on(language)}
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
                 target: str, language: Language = ENGLISH) -> dict[str, dict[str, Markup]]:
    """For each source field of a table, each id it holds as a cell: the id linked to the
    source's entry (`target` + id), then the source's title, publisher and date, all escaped."""
    fields = source_fields(package, resource)
    if not fields:
        return {}
    known = {s["id"]: s for s in sources(data, package, language)}
    english = english_on(language)
    cells: dict[str, dict[str, Markup]] = {}
    for name in fields:
        for row in rows:
            value = str(row.get(name, "") or "").strip()
            if not value or value in cells.setdefault(name, {}):
                continue
            source = known.get(value)
            named = ", ".join(str(part) for part in (source["title"], source["publisher"])
                              if part) if source else ""
            date = str(source["date"]) if source else ""
            href = html.escape(target + quote(value, safe=""), quote=True)
            # The source's title and publisher are English (lang= on another language's page).
            words = html.escape(named, quote=False)
            if named and english:
                words = f'<span lang="{english}">{words}</span>'
            words = ", ".join(part for part in (words, html.escape(date, quote=False)) if part)
            cells[name][value] = Markup(f'<a href="{href}">{html.escape(value)}</a>' + (
                f' <span class="od-cell-note">{words}</span>' if words else ""))
    return cells


def table(header: list[str], rows: list[list[object]], row_ids: list[str] | None = None,
          caption: str | None = None, numeric: set[str] | None = None,
          fields: list[dict] | None = None, language: Language = ENGLISH,
          region: str | None = None) -> Markup:
    """A table of a resource's rows (markdown.html_table with its data layout), its box named
    `region` (the resource's title) for the keyboard.

    On another language's page its `fields` head their columns with their title in that
    language (the name below it) where they have one, else with their name, marked English;
    the cells of a field written in English (no `language` of its own) are marked so too.
    """
    labels, lang = {}, {}
    if language.code != ENGLISH.code:
        for f in fields or []:
            name = str(f.get("name", ""))
            own = f.get(f"title_{language.code}")
            labels[name] = (Markup("{}<br><code lang=\"en\">{}</code>").format(own.strip(), name)
                            if isinstance(own, str) and own.strip()
                            else Markup('<span lang="en">{}</span>').format(name))
            if not str(f.get("language") or "").strip():
                lang[name] = ENGLISH.code
    return html_table(header, rows, row_ids, caption, numeric, data=True, labels=labels,
                      lang=lang, region=region)


def field_language(field: dict, language: Language = ENGLISH) -> str:
    """The language a field's values are written in (its `language` property, e.g. "hi" for
    Hindi names), when that is not the page's own: its cells then carry lang="..."."""
    code = str(field.get("language") or "").strip()
    return code if LANGUAGE_CODE.fullmatch(code) and code != language.code else ""


def shown_cells(values: list[object], codes: list[str], language: Language = ENGLISH
                ) -> list[object]:
    """A row's cells as the page shows them: a blank as the language's 'not reported', a value
    of a field in another language inside <span lang="..">; Markup (a source's cell) as it is."""
    blank = Markup('<span class="od-nr">{}</span>').format(language.gettext(NOT_REPORTED))
    out: list[object] = []
    for value, code in zip(values, codes, strict=True):
        if isinstance(value, Markup):
            out.append(value)
        elif not str(value).strip():
            out.append(blank)
        elif code:
            out.append(Markup('<span lang="{}">{}</span>').format(code, str(value)))
        else:
            out.append(value)
    return out


def constraints_text(field: dict, language: Language = ENGLISH) -> Markup:
    """A field's constraints in words: 'required; 0 to 100; one of S, U' (its values and
    pattern as the descriptor gives them: marked English on another language's page)."""
    _ = language.gettext
    c = {key: figure(value, language) if key in ("minimum", "maximum") else value
         for key, value in (field.get("constraints") or {}).items()}
    parts: list[tuple[str, dict]] = []
    if c.get("required"):
        parts.append((_("required"), {}))
    if c.get("unique"):
        parts.append((_("unique"), {}))
    if "minimum" in c and "maximum" in c:
        parts.append((_("%(minimum)s to %(maximum)s"),
                      {"minimum": c["minimum"], "maximum": c["maximum"]}))
    elif "minimum" in c:
        parts.append((_("at least %(minimum)s"), {"minimum": c["minimum"]}))
    elif "maximum" in c:
        parts.append((_("at most %(maximum)s"), {"maximum": c["maximum"]}))
    if c.get("enum"):
        parts.append((_("one of %(values)s"), {"values": ", ".join(str(v) for v in c["enum"])}))
    if c.get("pattern"):
        parts.append((_("pattern %(pattern)s"), {"pattern": c["pattern"]}))
    if language.code == ENGLISH.code:
        return md_text("; ".join(message % values for message, values in parts))
    return Markup("; ").join(filled(message, {key: as_published(value, language)
                                              for key, value in values.items()})
                             for message, values in parts)


def field_entry(field: dict, language: Language = ENGLISH) -> dict:
    """A field of the table's dictionary: name, title, type, unit, constraints, description.

    Its title, description and unit are the field's own in `language` (`title_hi`,
    `description_hi`, `unit_hi`) where it has them, else the English ones, marked lang="en".
    """
    _title, english_title = text_in(field, "title", language)
    _description, english_description = text_in(field, "description", language)
    return {"name": field.get("name", ""), "title": shown_text(field, "title", language),
            "type": type_text(field, language),
            "unit": shown_text(field, "unit", language),
            "constraints": constraints_text(field, language),
            "description": shown_text(field, "description", language),
            "english": english_title or english_description}


def type_text(field: dict, language: Language = ENGLISH) -> Markup:
    """A field's type (and format) as the field list names it: 'number', 'date (%Y-%m-%d)';
    in another language its catalogue's word for the type, the format as written (English)."""
    kind = str(field.get("type", "string"))
    fmt = f" ({field['format']})" if field.get("format") else ""
    if language.code == ENGLISH.code:
        return md_text(kind + fmt)
    own = language.gettext(TYPES[kind]) if kind in TYPES else marked(kind, ENGLISH.code)
    return md_text(own) + (marked(fmt.strip(), ENGLISH.code) if fmt else Markup())


def resource_summary(data: SiteData, package: Package, resource: Resource,
                     language: Language = ENGLISH) -> dict:
    """A resource's dictionary, preview and size for the dataset page."""
    frame = data.frames.get((package.name, resource.name))
    rows = 0 if frame is None else len(frame)
    download = next(d for d in data.downloads[package.name] if d.filename == resource.path)
    excel = excel_download(data, package, resource)
    fields = [field_entry(f, language) for f in resource.fields]
    header = [f["name"] for f in fields]
    codes = [field_language(f, language) for f in resource.fields]
    head = [] if frame is None else [row for _, row in frame.head(PREVIEW_ROWS).iterrows()]
    # A source id shows its source's name and date, linked to its entry under Sources.
    named = source_cells(data, package, resource, head, "#source-", language)
    preview = [shown_cells([named.get(h, {}).get(str(row.get(h, "") or "").strip(),
                                                 row.get(h, "")) for h in header],
                           codes, language) for row in head]
    title, _english = text_in(resource.descriptor, "title", language, resource.name)
    description, english_description = text_in(resource.descriptor, "description", language)
    caption = language.gettext("First %(shown)s of %(rows)s rows") % {
        "shown": figure(len(preview), language), "rows": figure(rows, language)}
    return {
        "name": resource.name,
        "title": title,
        "title_shown": shown_text(resource.descriptor, "title", language, resource.name),
        "description": description,
        "english": "en" if english_description else "",
        "path": resource.path,
        "rows": rows,
        "rows_text": figure(rows, language),
        "size": size_text(download.size, language),
        "sha256": download.sha256,
        "excel": excel.filename if excel else "",
        "primary_key": ", ".join(resource.primary_key),
        "fields": fields,
        "fields_text": figure(len(fields), language),
        "fields_english": any(f["english"] for f in fields),
        "preview": table(header, preview, caption=caption,
                         numeric={f.get("name") for f in resource.fields
                                  if f.get("type") in NUMERIC},
                         fields=resource.fields, language=language, region=title),
    }


def excel_download(data: SiteData, package: Package, resource: Resource) -> Download | None:
    """The Excel copy published beside a table (UTF-8 with a byte-order mark), if any."""
    name = excel_name(resource.path)
    return next((d for d in data.downloads[package.name] if d.filename == name), None)


def resource_context(data: SiteData, package: Package, resource: Resource,
                     history: dict | None = None, language: Language = ENGLISH) -> dict:
    """The full-table page of a resource: every row with its line and a stable anchor."""
    frame = data.frames.get((package.name, resource.name))
    header = [f.get("name", "") for f in resource.fields]
    codes = [field_language(f, language) for f in resource.fields]
    full = frame is not None and len(frame) <= FULL_TABLE_MAX_ROWS
    rows, ids = [], []
    every = [row for _, row in frame.iterrows()] if full else []
    named = source_cells(data, package, resource, every, "#source-", language)
    for row in every:
        anchor = row_anchor(resource, row)
        # The line links to the row itself, so a reader can copy the row's address.
        line = Markup(f'<a href="#{html.escape(anchor, quote=True)}">{html.escape(str(row[LINE]))}</a>')
        rows.append([line, *shown_cells([named.get(h, {}).get(str(row.get(h, "") or "").strip(),
                                                              row.get(h, "")) for h in header],
                                        codes, language)])
        ids.append(anchor)
    cited = {value for cells in named.values() for value in cells}
    excel = excel_download(data, package, resource)
    title, english_title = text_in(resource.descriptor, "title", language, resource.name)
    description, english_description = text_in(resource.descriptor, "description", language)
    line_header = language.gettext("line")  # the column of each row's line in the file
    fields = [field_entry(f, language) for f in resource.fields]
    return {
        "package": package.name,
        "package_title": text_in(package.descriptor, "title", language, package.name)[0],
        "package_title_shown": shown_text(package.descriptor, "title", language, package.name),
        "name": resource.name,
        "title": title,
        "title_shown": shown_text(resource.descriptor, "title", language, resource.name),
        "description": description,
        "english": "en" if english_description else "",
        "english_note": language.gettext(TABLE_IN_ENGLISH)
        if english_title or english_description else "",
        "fields_note": language.gettext(FIELDS_IN_ENGLISH)
        if full and any(f["english"] for f in fields) else "",
        "path": resource.path,
        "excel": excel.filename if excel else "",
        "rows": 0 if frame is None else len(frame),
        "rows_text": figure(0 if frame is None else len(frame), language),
        "full": full,
        "table": table([line_header, *header], rows, ids,
                       numeric={line_header} | {f.get("name") for f in resource.fields
                                                if f.get("type") in NUMERIC},
                       fields=resource.fields, language=language, region=title),
        "sources": [s for s in sources(data, package, language) if s["id"] in cited],
        "cite": citation(data, package, history, resource, language),
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
             resource: Resource | None = None, language: Language = ENGLISH) -> dict:
    """How to cite this version: the plain citation, its link, and every format to copy.

    The citation itself is one text in every language (that of its files: English words, the
    data's title and publisher as they are); only what the page says about it is translated.
    """
    work = cite_work(data, package, history, resource)
    words, link = citations.plain_parts(work)
    texts = citations.formats(work)
    return {
        "words": words, "link": link, "version": work.version,
        "released": language.numbers.human_date(work.released),
        # The citation's words are English: marked so on another language's page.
        "lang": "" if language.code == ENGLISH.code else ENGLISH.code,
        "table": work.table,
        "href": posixpath.relpath(quote(permalink(package, history), safe="/+._-"),
                                  f"data/{package.name}"),
        "archived": permalink(package, history).startswith(f"{RELEASES}/"),
        "formats": [{"key": key, "name": name, "title": name[:1].upper() + name[1:],
                     "file": f"cite/{work.key}{suffix}", "filename": f"{work.key}{suffix}",
                     "text": Markup(html.escape(texts[key], quote=False))}
                    for key, name, suffix in citations.format_names(language)],
        "texts": texts,
    }


def citation_files(folder: str, cite: dict) -> list[Asset]:
    """The citation's files beside the page: cite/<key>.bib, .ris, .csl.json and .txt."""
    return [Asset(f"{folder}/{f['file']}", cite["texts"][f["key"]].encode("utf-8"))
            for f in cite["formats"]]
