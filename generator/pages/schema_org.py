"""schema.org Dataset metadata (JSON-LD) of a dataset page: the properties Google's Dataset
Search marks required or recommended, as far as the descriptor and the data can give them.

IRIs are absolute under the site URL when one is set; without one they are relative references,
which JSON-LD resolves against the page they are on (as every link of the site is relative).
Only schema.org terms: the files' checksums are schema.org's `sha256` (a MediaObject property,
so a DataDownload's), the plain citation of this version is `creditText`, and `citation` lists
the sources the figures come from, which the data's users should cite too.
"""

from __future__ import annotations

import posixpath
import re
from urllib.parse import quote

from .. import citations
from ..downloads import known_licence
from ..figures import date_fields
from ..markdown import safe_url
from ..packages import Package
from ..sitedata import SiteData

CONTEXT = "https://schema.org/"
REGISTRY = "sources"  # the package's source registry: publication dates of sources, not coverage
NUMERIC = {"integer", "number"}
_ISO_DATE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")


def dataset(data: SiteData, package: Package, work: citations.Work, permalink: str,
            first_published: str) -> dict:
    """The Dataset node of a dataset page at data/<package>/index.md.

    `permalink` is this version's zip relative to the site's root; `first_published` the date
    of the first archived release that held the package ('' when none did).
    """
    d = package.descriptor
    site = data.config.site_url or ""

    def iri(path: str) -> str:
        """A page or file of the site, given from its root: absolute, else from this page."""
        target = quote(path, safe="/+._-")
        return site + target if site else posixpath.relpath(target, f"data/{package.name}")

    page = iri(f"data/{package.name}/index.html")
    # The publisher's own home page when the publication gives one, else the site's.
    organisation = {"@type": "Organization", "name": work.publisher,
                    "url": data.config.publication.publisher.get("url") or iri("index.html")}
    licences = licence_iris(package)
    released = work.released
    node: dict[str, object] = {
        "@context": CONTEXT,
        "@type": "Dataset",
        "@id": f"{page}#dataset",
        "url": page,
        "name": work.title,
        "alternateName": package.name,
        "description": str(d.get("description") or work.title),
        "identifier": [*_strings(d.get("id")), iri(permalink)],
        "sameAs": [url for url in (safe_url(d.get("homepage")), safe_url(d.get("id"))) if url],
        "version": work.version,
        "license": licences[0] if len(licences) == 1 else licences,
        "creator": [{"@type": "Organization", "name": name} for name in work.creators],
        "contributor": [{"@type": "Organization", "name": name}
                        for name in other_contributors(package, work)],
        "publisher": organisation,
        "creditText": citations.plain_text(work),
        "citation": source_works(data, package),
        "keywords": list(work.keywords),
        "isAccessibleForFree": True,
        "temporalCoverage": temporal_coverage(data, package),
        "variableMeasured": measured(package),
        "includedInDataCatalog": {"@type": "DataCatalog", "name": data.config.site_name,
                                  "url": iri("data/index.html")},
        "datePublished": first_published or released,
        "dateModified": released,
        "distribution": [{"@type": "DataDownload", "name": f.label,
                          "contentUrl": iri(f"data/{package.name}/{f.filename}"),
                          "encodingFormat": f.mediatype, "contentSize": f"{f.size} B",
                          "sha256": f.sha256}
                         for f in data.downloads[package.name]],
    }
    if str(d.get("spatialCoverage") or "").strip():
        node["spatialCoverage"] = {"@type": "Place", "name": str(d["spatialCoverage"])}
    return {key: value for key, value in node.items() if value not in ("", [], None)}


def _strings(value: object) -> list[str]:
    """A descriptor value as a list of one non-blank string, or none."""
    text = citations.line(value)
    return [text] if text else []


def licence_iris(package: Package) -> list[str]:
    """Each licence's address: its http(s) path, else the address the engine knows for it."""
    found = []
    for licence in package.descriptor.get("licenses") or []:
        if isinstance(licence, dict):
            known = known_licence(licence)
            url = safe_url(licence.get("path")) or (known[1] if known else None)
            found += [url] if url and url not in found else []
    return found


def other_contributors(package: Package, work: citations.Work) -> list[str]:
    """The descriptor's contributors that the citation does not name as its creators."""
    names = [citations.line(c.get("title")) for c in package.descriptor.get("contributors") or []
             if isinstance(c, dict)]
    return list(dict.fromkeys(n for n in names if n and n not in work.creators))


def source_works(data: SiteData, package: Package) -> list[dict]:
    """The sources of the figures as CreativeWorks: the source registry's rows, else the
    descriptor's `sources`; an address only when it is http(s)."""
    rows: list[dict] = []
    if package.resource(REGISTRY) is not None and (package.name, REGISTRY) in data.frames:
        for _, row in data.frame(package.name, REGISTRY).iterrows():
            rows.append({"name": row.get("title", ""), "url": row.get("url", ""),
                         "publisher": row.get("publisher_or_outlet", "") or row.get("publisher", ""),
                         "date": row.get("date_published", "")})
    else:
        rows = [{"name": s.get("title", ""), "url": s.get("path", ""), "publisher": "", "date": ""}
                for s in package.descriptor.get("sources") or [] if isinstance(s, dict)]
    works = []
    for row in rows:
        name = citations.line(row["name"])
        if not name:
            continue
        work: dict[str, object] = {"@type": "CreativeWork", "name": name}
        url = safe_url(row["url"])
        if url:
            work["url"] = url
        if citations.line(row["publisher"]):
            work["publisher"] = {"@type": "Organization", "name": citations.line(row["publisher"])}
        if _ISO_DATE.fullmatch(str(row["date"] or "")):
            work["datePublished"] = str(row["date"])
        works.append(work)
    return works


def temporal_coverage(data: SiteData, package: Package) -> str:
    """The period covered as an ISO 8601 interval: the first and last dates of the data's rows
    (the source registry left out), else the descriptor's temporalCoverage; '' if neither."""
    dates: list[str] = []
    for resource in package.resources:
        if resource.name == REGISTRY or (package.name, resource.name) not in data.frames:
            continue
        frame = data.frame(package.name, resource.name)
        for name in date_fields(data, resource):
            dates += [v for v in frame[name].tolist() if _ISO_DATE.fullmatch(str(v or ""))]
    if dates:
        return f"{min(dates)}/{max(dates)}"
    declared = package.descriptor.get("temporalCoverage")
    if isinstance(declared, dict):
        start, end = str(declared.get("start") or ""), str(declared.get("end") or "")
        if _ISO_DATE.fullmatch(start) and _ISO_DATE.fullmatch(end):
            return f"{start}/{end}"
    return ""


def measured(package: Package) -> list[dict]:
    """A PropertyValue per measured field: a number with a unit (codes and counters of rows
    have none), named by its title, with its unit; one per distinct variable."""
    found: dict[tuple, dict] = {}
    for resource in package.resources:
        for field in resource.fields:
            unit = citations.line(field.get("unit"))
            if field.get("type") not in NUMERIC or not unit:
                continue
            value = {"@type": "PropertyValue", "propertyID": citations.line(field.get("name")),
                     "name": citations.line(field.get("title") or field.get("name")),
                     "unitText": unit}
            if citations.line(field.get("description")):
                value["description"] = citations.line(field["description"])
            found.setdefault(tuple(sorted(value.items())), value)
    return list(found.values())
