"""Every page's footer: the data's licences, where it comes from, the release and its date, and
how to report an error. Computed from the descriptors and the publication file; the theme's
partials/copyright.html formats it, escaping every value."""

from __future__ import annotations

from . import numbers
from .markdown import safe_url
from .publication import REPORT_LINK
from .releases import release_of
from .sitedata import SiteData

REGISTRY = "sources"  # a package's source registry, when it has one (else descriptor sources)


def site_footer(data: SiteData) -> dict:
    """What the footer says, as plain strings and site paths (the theme makes them relative)."""
    publication = data.config.publication
    kinds = {section.kind for section in publication.sections}
    version, date = release_of(data.packages)
    settings = publication.footer
    return {
        "licences": licences(data),
        "datasets": len(data.packages),
        "sources": source_count(data),
        "catalog": "data/index.html" if "catalog" in kinds else "",
        "version": version,
        "date": numbers.human_date(date) if date else "",
        "releases": "releases/index.html" if "releases" in kinds else "",
        "report_errors": " ".join(str(settings.get("report_errors") or "").split()),
        **report_link(str(settings.get("report_link") or "")),
    }


def licences(data: SiteData) -> list[dict]:
    """Each distinct licence of the packages, in the order first named: title, http(s) link."""
    seen: dict[tuple[str, str], dict] = {}
    for package in data.packages:
        for lic in package.descriptor.get("licenses") or ():
            if not isinstance(lic, dict):
                continue
            title = " ".join(str(lic.get("title") or lic.get("name") or "").split())
            url = safe_url(lic.get("path")) or ""
            if title and (title, url) not in seen:
                seen[(title, url)] = {"title": title, "url": url}
    return list(seen.values())


def source_count(data: SiteData) -> int:
    """How many sources the packages name: rows of each source registry, else descriptor sources."""
    count = 0
    for package in data.packages:
        if package.resource(REGISTRY) is not None and (package.name, REGISTRY) in data.frames:
            count += len(data.frame(package.name, REGISTRY))
        else:
            count += sum(1 for s in package.descriptor.get("sources") or () if isinstance(s, dict))
    return count


def report_link(link: str) -> dict[str, str]:
    """The report link: an http(s) or mailto: address as it is, a docs path as its page's path.

    publication.py has refused anything else (REPORT_LINK), so nothing else links here.
    """
    link = link.strip()
    if not REPORT_LINK.fullmatch(link):
        return {"report_url": "", "report_page": ""}
    if link.lower().startswith("mailto:") or safe_url(link):
        return {"report_url": link, "report_page": ""}
    path, hash_, anchor = link.partition("#")
    if path.endswith(".md"):
        return {"report_url": "", "report_page": path[:-3] + ".html" + hash_ + anchor}
    return {"report_url": "", "report_page": ""}
