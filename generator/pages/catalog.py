"""Page kind: the data catalog (every package and resource) and the DCAT-style catalog.json."""

from __future__ import annotations

import json

import jinja2

from ..downloads import human_size
from ..model import NO_OPTIONS, Asset, Options, Page
from ..render_cache import data_only
from ..sitedata import SiteData
from .dataset import licences


@data_only
def render(data: SiteData, env: jinja2.Environment, options: Options = NO_OPTIONS
           ) -> list[Page | Asset]:
    """The catalog page and catalog.json."""
    packages = [package_entry(data, p) for p in data.packages]
    page = env.get_template("catalog.md.j2").render(packages=packages)
    catalog = json.dumps(dcat(data), indent=2, ensure_ascii=False, sort_keys=True) + "\n"
    return [Page("data/index.md", page), Asset("catalog.json", catalog.encode("utf-8"))]


def package_entry(data: SiteData, package) -> dict:
    """One row of the catalog."""
    d = package.descriptor
    downloads = {f.filename: f for f in data.downloads[package.name]}
    return {
        "name": package.name,
        "title": d.get("title", package.name),
        "description": d.get("description", ""),
        "version": d.get("version", ""),
        "created": str(d.get("created", ""))[:10],
        "licences": licences(package),
        "temporal": d.get("temporalCoverage") or {},
        "warnings": data.warnings_for(package),
        "resources": [{"name": r.name, "title": r.descriptor.get("title", r.name),
                       "description": r.descriptor.get("description", ""),
                       "rows": len(data.frames.get((package.name, r.name), ())),
                       "size": human_size(downloads[r.path].size)}
                      for r in package.resources],
    }


def dcat(data: SiteData) -> dict:
    """A DCAT catalogue of every dataset and distribution (relative URLs without a site URL)."""
    base = data.config.site_url or ""
    datasets = []
    for package in data.packages:
        d = package.descriptor
        temporal = d.get("temporalCoverage") or {}
        lic = licences(package)
        datasets.append({
            "@type": "dcat:Dataset",
            "dct:identifier": package.name,
            "dct:title": d.get("title", package.name),
            "dct:description": d.get("description", ""),
            "dct:issued": str(d.get("created", ""))[:10],
            "owl:versionInfo": d.get("version", ""),
            "dct:license": lic[0]["url"] if lic else "",
            "dct:spatial": d.get("spatialCoverage", ""),
            "dct:temporal": {"@type": "dct:PeriodOfTime", "dcat:startDate": temporal.get("start"),
                             "dcat:endDate": temporal.get("end")} if temporal else None,
            "dcat:keyword": d.get("keywords") or [],
            "dcat:landingPage": f"{base}data/{package.name}/index.html",
            "dcat:distribution": [{
                "@type": "dcat:Distribution",
                "dct:title": f.label,
                "dcat:downloadURL": f"{base}data/{package.name}/{f.filename}",
                "dcat:mediaType": f.mediatype,
                "dcat:byteSize": f.size,
                "spdx:checksum": {"spdx:algorithm": "spdx:checksumAlgorithm_sha256",
                                  "spdx:checksumValue": f.sha256},
            } for f in data.downloads[package.name]],
        })
    return {
        "@context": {"dcat": "http://www.w3.org/ns/dcat#", "dct": "http://purl.org/dc/terms/",
                     "owl": "http://www.w3.org/2002/07/owl#",
                     "spdx": "http://spdx.org/rdf/terms#"},
        "@type": "dcat:Catalog",
        "dct:title": data.config.site_name,
        "dcat:dataset": datasets,
    }
