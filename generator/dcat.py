"""catalog.json as DCAT-AP 3 JSON-LD: the catalogue, a dataset per package and a distribution per
published file, each named by an IRI under the site's URL.

Without a site URL every IRI is a relative reference, which JSON-LD resolves against the address
catalog.json is read from, as the site's own links are relative: nothing is invented. Values that
are IRIs stay plain strings in the JSON (the context says they are IRIs); dates, sizes and digests
are typed by the context too.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Mapping
from urllib.parse import quote

from .downloads import DESCRIPTOR, ZIP, Download, excel_name
from .markdown import html_href, safe_url
from .packages import Package
from .releases import release_of
from .sitedata import SiteData
from .slugs import slug

CATALOG = "catalog.json"
REGISTRY = "sources"  # a package's source registry: publication dates of sources, not coverage
# Where the media types and file types of the distributions are defined.
IANA = "http://www.iana.org/assignments/media-types/"
FILE_TYPE = "http://publications.europa.eu/resource/authority/file-type/"
FILE_TYPES = {"text/csv": "CSV", "application/json": "JSON", ZIP: "ZIP"}
# Table Schema field types whose values date a row, as XML Schema types (the data is validated).
DATE_TYPES = {"date": "xsd:date"}
# Frictionless contributor roles whose agents made the figures (dct:creator); a wrangler or a
# maintainer publishes them here and is the publication's publisher.
CREATOR_ROLES = ("author", "creator", "publisher")
SHA256 = {"@id": "spdx:checksumAlgorithm_sha256", "@type": "spdx:ChecksumAlgorithm"}
MAILTO = re.compile(r"mailto:[^\s<>\"'`@]+@[^\s<>\"'`]+")

IRI = {"@type": "@id"}
CONTEXT: dict[str, object] = {
    "dcat": "http://www.w3.org/ns/dcat#",
    "dct": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "owl": "http://www.w3.org/2002/07/owl#",
    "spdx": "http://spdx.org/rdf/terms#",
    "vcard": "http://www.w3.org/2006/vcard/ns#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    **{term: IRI for term in (
        "dcat:downloadURL", "dcat:accessURL", "dcat:landingPage", "foaf:homepage",
        "vcard:hasURL", "vcard:hasEmail")},
    "dct:issued": {"@type": "xsd:date"},
    "dct:modified": {"@type": "xsd:dateTime"},
    "dcat:startDate": {"@type": "xsd:date"},
    "dcat:endDate": {"@type": "xsd:date"},
    "dcat:byteSize": {"@type": "xsd:nonNegativeInteger"},
    "spdx:checksumValue": {"@type": "xsd:hexBinary"},
}


def catalog(data: SiteData, description: str, spatial: str = "") -> dict:
    """The whole catalogue: every package a dcat:Dataset, every published file a Distribution."""
    base = data.config.site_url or ""
    publication = data.config.publication
    publisher = publisher_node(base, publication.publisher)
    contact = contact_node(base, publication.footer.get("report_link", ""),
                           publication.publisher.get("name") or data.config.site_name)
    agents = creators(base, data.packages)
    _, release_date = release_of(data.packages)
    out: dict[str, object] = {
        "@context": CONTEXT,
        "@id": f"{base}{CATALOG}#catalog",
        "@type": "dcat:Catalog",
        "dct:title": data.config.site_name,
        "dct:description": description,
        "foaf:homepage": {"@id": f"{base}index.html", "@type": "foaf:Document"},
        "dcat:dataset": [dataset(data, p, base, publisher, contact, agents, spatial)
                         for p in data.packages],
    }
    if release_date:
        out["dct:modified"] = {"@value": release_date, "@type": "xsd:date"}
    if publisher is not None:
        out["dct:publisher"] = publisher
    return out


def dataset(data: SiteData, package: Package, base: str, publisher: dict | None,
            contact: dict | None, agents: Mapping[str, dict], spatial: str) -> dict:
    """One package as a dcat:Dataset of this version, with its distributions."""
    d = package.descriptor
    page = f"{base}data/{quote(package.name)}/index.html"
    created = str(d.get("created", ""))
    node: dict[str, object] = {
        "@id": f"{page}#dataset",
        "@type": "dcat:Dataset",
        "dct:identifier": package.name,
        "dct:title": str(d.get("title") or package.name),
        "dct:description": str(d.get("description") or d.get("title") or package.name),
        "dcat:keyword": sorted({str(k) for k in d.get("keywords") or [] if str(k).strip()}),
        "dct:issued": created[:10],
        "dct:modified": created,
        "dcat:version": str(d.get("version", "")),
        "owl:versionInfo": str(d.get("version", "")),
        "dcat:landingPage": {"@id": page, "@type": "foaf:Document"},
        "dcat:distribution": [distribution(package, f, base, page)
                              for f in data.downloads[package.name]],
    }
    if publisher is not None:
        node["dct:publisher"] = {"@id": publisher["@id"]}
    if contact is not None:
        node["dcat:contactPoint"] = contact
    made_by = [agents[c["title"]] for c in contributors(package, CREATOR_ROLES)]
    if made_by:
        node["dct:creator"] = made_by
    if spatial:
        node["dct:spatial"] = {"@id": spatial, "@type": "dct:Location"}
    period = temporal(data, package)
    if period is not None:
        node["dct:temporal"] = {"@type": "dct:PeriodOfTime", "dcat:startDate": period[0],
                                "dcat:endDate": period[1]}
    return {key: value for key, value in node.items() if value not in ("", [])}


def distribution(package: Package, file: Download, base: str, page: str) -> dict:
    """One published file: where to download it, the page that offers it, type, size, sha256."""
    folder = f"{base}data/{quote(package.name)}/"
    resource = next((r for r in package.resources
                     if file.filename in (r.path, excel_name(r.path))), None)
    title = file.label
    offered_on = page
    if resource is not None:
        title = str(resource.descriptor.get("title") or resource.name)
        if file.for_excel:
            title += ", for Excel (UTF-8 with a byte-order mark)"
        offered_on = f"{folder}{quote(resource.name)}.html"
    node: dict[str, object] = {
        "@id": f"{page}#file-{quote(file.filename)}",
        "@type": "dcat:Distribution",
        "dct:title": title,
        "dcat:downloadURL": f"{folder}{quote(file.filename)}",
        "dcat:accessURL": offered_on,
        "dcat:mediaType": {"@id": IANA + file.mediatype, "@type": "dct:MediaType"},
        "dcat:byteSize": file.size,
        "dct:issued": str(package.descriptor.get("created", ""))[:10],
        "spdx:checksum": {"@type": "spdx:Checksum",
                          "spdx:algorithm": SHA256,
                          "spdx:checksumValue": file.sha256},
    }
    if file.mediatype in FILE_TYPES:
        node["dct:format"] = {"@id": FILE_TYPE + FILE_TYPES[file.mediatype],
                              "@type": "dct:MediaTypeOrExtent"}
    if resource is not None and resource.descriptor.get("description"):
        node["dct:description"] = str(resource.descriptor["description"])
    elif file.filename == DESCRIPTOR:
        node["dct:description"] = "The Frictionless Data Package descriptor: every table's schema."
    licence = next(iter(licence_iris(package)), None)
    if licence is not None:
        node["dct:license"] = {"@id": licence, "@type": "dct:LicenseDocument"}
    return {key: value for key, value in node.items() if value != ""}


def temporal(data: SiteData, package: Package) -> tuple[str, str] | None:
    """The period the package covers: its declared temporalCoverage, else the first and last
    value of its date fields (the source registry's publication dates left out)."""
    declared = package.descriptor.get("temporalCoverage")
    if isinstance(declared, dict) and declared.get("start") and declared.get("end"):
        return str(declared["start"]), str(declared["end"])
    dates: list[str] = []
    for resource in package.resources:
        if resource.name == REGISTRY or (package.name, resource.name) not in data.frames:
            continue
        fields = resource.descriptor.get("schema", {}).get("fields", [])
        names = [f["name"] for f in fields if isinstance(f, dict) and f.get("type") in DATE_TYPES]
        frame = data.frame(package.name, resource.name)
        dates += [value for name in names for value in frame[name].tolist() if value]
    return (min(dates), max(dates)) if dates else None


def licence_iris(package: Package) -> list[str]:
    """The package's licences that have an http(s) address, as IRIs."""
    return [url for lic in package.descriptor.get("licenses") or [] if isinstance(lic, dict)
            for url in [safe_url(lic.get("path"))] if url]


def contributors(package: Package, roles: Iterable[str]) -> list[dict]:
    """The descriptor's contributors with one of `roles` (Frictionless' `role` or `roles`)."""
    wanted = set(roles)
    out = []
    for contributor in package.descriptor.get("contributors") or []:
        if not isinstance(contributor, dict) or not str(contributor.get("title") or "").strip():
            continue
        have = {str(r) for r in contributor.get("roles") or []} | {str(contributor.get("role"))}
        if have & wanted:
            out.append(contributor)
    return out


def creators(base: str, packages: Iterable[Package]) -> dict[str, dict]:
    """A foaf:Agent per contributor who made figures, by name, each with an IRI of its own."""
    found: dict[str, dict] = {}
    for package in packages:
        for contributor in contributors(package, CREATOR_ROLES):
            found.setdefault(str(contributor["title"]), contributor)
    taken: set[str] = set()
    agents = {}
    for name in sorted(found):
        fragment = "agent-" + fragment_of(name)
        if fragment in taken:  # two names, one slug: the digest keeps them apart
            fragment += "-" + hashlib.sha256(name.encode("utf-8")).hexdigest()[:8]
        taken.add(fragment)
        agents[name] = agent(f"{base}{CATALOG}#{fragment}", name, found[name].get("path"))
    return agents


def publisher_node(base: str, publisher: Mapping[str, str]) -> dict | None:
    """The publication's publisher (publication.yml `publisher`) as a foaf:Agent, if given."""
    if not publisher.get("name"):
        return None
    return agent(f"{base}{CATALOG}#publisher", publisher["name"], publisher.get("url"))


def agent(iri: str, name: str, homepage: object = None) -> dict:
    """A foaf:Agent with its name and, when it has an http(s) one, its home page."""
    node: dict[str, object] = {"@id": iri, "@type": "foaf:Agent", "foaf:name": name}
    if safe_url(homepage):
        node["foaf:homepage"] = {"@id": safe_url(homepage), "@type": "foaf:Document"}
    return node


def contact_node(base: str, link: str, name: str) -> dict | None:
    """Where to report an error in the data (footer.report_link) as a vcard:Kind, if given."""
    if not link:
        return None
    node: dict[str, object] = {"@id": f"{base}{CATALOG}#contact", "@type": "vcard:Kind",
                               "vcard:fn": name}
    if MAILTO.fullmatch(link):
        node["vcard:hasEmail"] = link
    elif safe_url(link):
        node["vcard:hasURL"] = link
    else:  # a page of the site, as its docs path
        node["vcard:hasURL"] = base + quote(html_href(link), safe="/#")
    return node


def fragment_of(name: str) -> str:
    """A fragment from a name: the engine's slug (a digest for a name without a-z or 0-9)."""
    return slug(name, empty="") or hashlib.sha256(name.encode("utf-8")).hexdigest()[:12]
