"""The schema.org Dataset JSON-LD of every dataset page (issue 15, item 5) against Google's
written list of the properties Dataset Search requires and recommends.

Google's Dataset structured data guide (developers.google.com/search/docs/appearance/
structured-data/dataset) lists, for a Dataset: required `name` and `description`;
recommended `alternateName`, `creator`, `citation`, `funder`, `hasPart`, `isPartOf`,
`identifier`, `isAccessibleForFree`, `keywords`, `license`, `measurementTechnique`, `sameAs`,
`spatialCoverage`, `temporalCoverage`, `variableMeasured`, `version`; for the catalogue
`includedInDataCatalog` (a DataCatalog with its `name`); for the downloads `distribution` (a
DataDownload with `contentUrl` and `encodingFormat`). Issue 15 asks for `url`, `@id`,
`publisher`, `datePublished` and `dateModified` too.
"""

from __future__ import annotations

import csv
import json
import posixpath
import re
from pathlib import Path

import hostile
import pytest
from sitebuild import ROOT, make_project

from generator.config import load_config
from generator.markdown import environment
from generator.model import Asset, Page
from generator.pages.dataset import archived_versions, dataset_outputs
from generator.sitedata import load_site_data
from generator.validate import validate_paths

FIXTURE = ROOT / "tests" / "fixtures" / "site" / "datasets"
SITE = "https://data.example.org/jjm/"
REQUIRED = {"name", "description"}
RECOMMENDED = {"alternateName", "creator", "citation", "funder", "hasPart", "isPartOf",
               "identifier", "isAccessibleForFree", "keywords", "license",
               "measurementTechnique", "sameAs", "spatialCoverage", "temporalCoverage",
               "variableMeasured", "version", "includedInDataCatalog", "distribution"}
ASKED = {"url", "@id", "publisher", "datePublished", "dateModified"}
# Recommended properties given only where the descriptor knows them, and why.
WHERE_KNOWN = {
    "sameAs": "the descriptor's homepage or an http(s) id; no bundled package has one",
    "funder": "no Data Package property names who paid for the data",
    "measurementTechnique": "no Data Package property says how the figures were measured",
    "hasPart": "a package is one dataset; its tables are its distributions, not datasets",
    "isPartOf": "a package is part of no larger dataset, only of the catalogue",
    "variableMeasured": "a package of codes (admin-codes) measures nothing: a measured field is "
                        "a number with a unit",
}
ALWAYS = REQUIRED | ASKED | (RECOMMENDED - set(WHERE_KNOWN))
# The schema.org terms each type may use (https://schema.org/<Type>).
TERMS = {
    "Dataset": REQUIRED | RECOMMENDED | ASKED | {"@context", "@type", "contributor",
                                                 "creditText"},
    "DataDownload": {"@type", "name", "contentUrl", "encodingFormat", "contentSize", "sha256"},
    "DataCatalog": {"@type", "name", "url"},
    "Place": {"@type", "name"},
    "Organization": {"@type", "name", "url"},
    "CreativeWork": {"@type", "name", "url", "publisher", "datePublished"},
    "PropertyValue": {"@type", "name", "propertyID", "unitText", "description"},
}
JSON_LD = re.compile(r'<script type="application/ld\+json">\n(.*?)\n</script>', re.S)
ISO_INTERVAL = re.compile(r"(\d{4}(?:-\d{2}(?:-\d{2})?)?)/(\d{4}(?:-\d{2}(?:-\d{2})?)?)")


def render_datasets(project: Path, site_url: str = "") -> dict[str, object]:
    """What the dataset kind writes for a project: pages (Markdown) and files, by path."""
    config = load_config(project, site_url=site_url)
    validation = validate_paths([config.datasets], project)
    assert validation.valid
    data = load_site_data(config, validation)
    outputs = dataset_outputs(data, environment(config.template_folders), {},
                              archived_versions(data))
    return {o.path: o.markdown if isinstance(o, Page) else o.data for o in outputs
            if isinstance(o, Page | Asset)}


def dataset_nodes(outputs: dict[str, object]) -> dict[str, tuple[dict, str]]:
    """Each dataset page's one JSON-LD node with the raw text of its script, by package."""
    found = {}
    for path, markdown in outputs.items():
        if re.fullmatch(r"data/[^/]+/index\.md", path):
            blocks = JSON_LD.findall(markdown)
            assert len(blocks) == 1, path
            found[path.split("/")[1]] = (json.loads(blocks[0]), blocks[0])
    return found


@pytest.fixture(scope="module")
def real(tmp_path_factory) -> tuple[Path, dict[str, object]]:
    """The real datasets as the dataset kind renders them, without a site URL."""
    project = make_project(tmp_path_factory.mktemp("real"))
    return project, render_datasets(project)


@pytest.fixture(scope="module")
def real_with_url(tmp_path_factory) -> dict[str, object]:
    """The real datasets rendered with a site URL."""
    return render_datasets(make_project(tmp_path_factory.mktemp("real-url")), SITE)


def terms_outside_schema_org(node: object) -> list[str]:
    """Every key of the node tree that is not a schema.org term of its type."""
    bad = []
    if isinstance(node, dict):
        allowed = TERMS.get(str(node.get("@type")), set())
        bad += [f"{node.get('@type')}.{key}" for key in node if key not in allowed]
        for value in node.values():
            bad += terms_outside_schema_org(value)
    elif isinstance(node, list):
        for value in node:
            bad += terms_outside_schema_org(value)
    return bad


def test_every_dataset_page_has_the_written_list(real):
    """Each dataset page's Dataset has every required, recommended and asked-for property the
    descriptor can give, of the right types, and only schema.org terms."""
    project, outputs = real
    nodes = dataset_nodes(outputs)
    assert set(nodes) == {p.parent.name for p in (ROOT / "datasets").glob("*/datapackage.json")}
    for name, (node, _) in nodes.items():
        descriptor = json.loads((project / "datasets" / name / "datapackage.json").read_text())
        missing = {key for key in ALWAYS if node.get(key) in (None, "", [])}
        assert not missing, (name, missing)
        assert ("sameAs" in node) == bool(descriptor.get("homepage")), name
        assert node["@type"] == "Dataset" and node["@context"] == "https://schema.org/"
        assert terms_outside_schema_org(node) == [], name
        assert 50 <= len(node["description"]) <= 5000, name  # Google's bounds
        assert node["version"] == descriptor["version"]
        assert node["dateModified"] == descriptor["created"][:10]
        assert node["datePublished"] <= node["dateModified"]
        assert node["isAccessibleForFree"] is True
        assert node["spatialCoverage"] == {"@type": "Place",
                                           "name": descriptor["spatialCoverage"]}
        assert node["publisher"]["@type"] == "Organization"
        assert all(c["@type"] == "Organization" for c in node["creator"])
        assert node["includedInDataCatalog"]["@type"] == "DataCatalog"
        assert node["includedInDataCatalog"]["name"]
        for download in node["distribution"]:
            assert download["@type"] == "DataDownload"
            assert download["contentUrl"] and download["encodingFormat"]
            assert re.fullmatch(r"[0-9a-f]{64}", download["sha256"])
        licences = node["license"] if isinstance(node["license"], list) else [node["license"]]
        assert licences == [lic["path"] for lic in descriptor["licenses"]]
        assert node["name"] in node["creditText"]
        assert f"version {descriptor['version']}" in node["creditText"]
        assert all(work["@type"] == "CreativeWork" and work["name"]
                   for work in node["citation"])


def test_variable_measured_is_each_field_with_a_unit(real):
    """variableMeasured: a PropertyValue with unitText for each numeric field that has a unit."""
    project, outputs = real
    for name, (node, _) in dataset_nodes(outputs).items():
        descriptor = json.loads((project / "datasets" / name / "datapackage.json").read_text())
        expected = {(f["name"], f["unit"]) for r in descriptor["resources"]
                    for f in r["schema"]["fields"]
                    if f["type"] in ("integer", "number") and f.get("unit")}
        measured = node.get("variableMeasured", [])
        assert {(v["propertyID"], v["unitText"]) for v in measured} == expected, name
        assert all(v["@type"] == "PropertyValue" and v["name"] for v in measured)
    assert any(node.get("variableMeasured") for node, _ in dataset_nodes(outputs).values())


def test_temporal_coverage_is_the_data_dates(real):
    """temporalCoverage is an ISO 8601 interval from the first to the last date in the rows
    (the source registry's publication dates left out); else the declared period."""
    project, outputs = real
    fields = ("as_of", "date", "date_published")  # this publication's figures.date_fields
    for name, (node, _) in dataset_nodes(outputs).items():
        folder = project / "datasets" / name
        descriptor = json.loads((folder / "datapackage.json").read_text())
        dates = [row[f] for r in descriptor["resources"] if r["name"] != "sources"
                 for row in csv.DictReader((folder / r["path"]).open(encoding="utf-8"))
                 for f in fields if row.get(f)]
        match = ISO_INTERVAL.fullmatch(node["temporalCoverage"])
        assert match, (name, node["temporalCoverage"])
        declared = descriptor["temporalCoverage"]
        assert match.groups() == ((min(dates), max(dates)) if dates
                                  else (declared["start"], declared["end"])), name


def _iris(node: dict) -> list[str]:
    """The site's own IRIs of a Dataset node (the licences and sources are elsewhere's)."""
    return [node["@id"], node["url"], *node["identifier"], node["publisher"]["url"],
            node["includedInDataCatalog"]["url"],
            *(d["contentUrl"] for d in node["distribution"])]


def test_iris_are_relative_without_a_site_url_and_resolve(real):
    """Without a site URL every IRI of the site is relative to the page and names a page or a
    file the site publishes (the archive's zips included); licences are absolute."""
    project, outputs = real
    pages = {p.removesuffix(".md") + ".html" for p in outputs if p.endswith(".md")}
    published = set(outputs) | pages | {"index.html", "data/index.html"} | {
        f"releases/{p.name}" for p in (project / "releases").glob("*.zip")}
    for name, (node, _) in dataset_nodes(outputs).items():
        for iri in _iris(node):
            assert not re.match(r"[a-z][a-z0-9+.-]*:", iri) and not iri.startswith("/"), iri
            target = posixpath.normpath(posixpath.join(f"data/{name}", iri.split("#")[0]))
            assert target in published, (name, iri)
        licences = node["license"] if isinstance(node["license"], list) else [node["license"]]
        assert all(lic.startswith(("https://", "http://")) for lic in licences)


def test_iris_are_absolute_with_a_site_url(real_with_url):
    """With a site URL every IRI of the site is absolute under it; @id is the page's #dataset,
    the same IRI catalog.json gives the dataset."""
    for name, (node, _) in dataset_nodes(real_with_url).items():
        assert all(iri.startswith(SITE) for iri in _iris(node)), name
        assert node["@id"] == f"{SITE}data/{name}/index.html#dataset"
        assert node["url"] == f"{SITE}data/{name}/index.html"


def test_no_less_than_sign_in_the_script(tmp_path):
    """A description holding '<!--<script>' and '</script>' leaves the JSON-LD as one script
    with no '<' in it, and the JSON gives the text back."""
    project = make_project(tmp_path / "p", FIXTURE)
    path = project / "datasets/demo/datapackage.json"
    descriptor = json.loads(path.read_text(encoding="utf-8"))
    description = f"{hostile.DESCRIPTION} </script>{hostile.SCRIPT} and enough words to count"
    descriptor["description"] = description
    descriptor["title"] = hostile.PACKAGE_TITLE
    path.write_text(json.dumps(descriptor, ensure_ascii=False), encoding="utf-8")
    node, raw = dataset_nodes(render_datasets(project))["demo"]
    assert "<" not in raw
    assert node["description"] == description and node["name"] == hostile.PACKAGE_TITLE
    assert hostile.PACKAGE_TITLE in node["creditText"]


def test_copy_blocks_name_their_files_as_they_are(real):
    """A table whose name has an underscore: each copy block's title names its file unescaped
    (raw HTML is not Markdown), and the link beside it is the same file."""
    project, outputs = real
    version = json.loads((project / "datasets/jjm-coverage/datapackage.json").read_text())[
        "version"]
    markdown = outputs["data/jjm-coverage/state_coverage.md"]
    stem = f"jjm-coverage-{version}-state_coverage"
    for title, suffix in (("BibTeX", ".bib"), ("RIS", ".ris"), ("CSL-JSON", ".csl.json"),
                          ("Plain text", ".txt")):
        assert f"<summary>{title} ({stem}{suffix})</summary>" in markdown
        assert f"(cite/{stem}{suffix})" in markdown
        assert f"data/jjm-coverage/cite/{stem}{suffix}" in outputs
