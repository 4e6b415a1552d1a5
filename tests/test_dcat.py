"""catalog.json is DCAT-AP 3 JSON-LD (issue 15, item 5): read with rdflib, every catalogue,
dataset, distribution, agent and link an IRI, dates, sizes and digests typed, and no violation
of the DCAT-AP 3.0.0 SHACL shapes (tests/fixtures/dcat-ap/, vendored; see its PROVENANCE.md).

The catalogue is rendered by the catalog page kind itself, as the build writes it; the build's
own catalog.json is read in tests/test_build.py.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pyshacl
import pytest
import rdflib
from rdflib import RDF, BNode, Literal, Namespace, URIRef
from sitebuild import MINIMAL_MKDOCS, ROOT

from generator.config import load_config
from generator.markdown import environment
from generator.model import Asset
from generator.pages import catalog
from generator.publication import load_publication
from generator.sitedata import load_site_data
from generator.validate import validate_paths

pytestmark = pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")
SHAPES = ROOT / "tests" / "fixtures" / "dcat-ap" / "dcat-ap-SHACL.ttl"
DEMO = ROOT / "tests" / "fixtures" / "site" / "datasets" / "demo"
# Open namespaces: rdflib's own DCAT is DCAT 2 (no dcat:version) and warns on unknown terms.
DCAT = Namespace("http://www.w3.org/ns/dcat#")
DCTERMS = Namespace("http://purl.org/dc/terms/")
FOAF = Namespace("http://xmlns.com/foaf/0.1/")
SH = Namespace("http://www.w3.org/ns/shacl#")
SPDX = Namespace("http://spdx.org/rdf/terms#")
VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
XSD = Namespace("http://www.w3.org/2001/XMLSchema#")
INDIA = URIRef("http://publications.europa.eu/resource/authority/country/IND")
# Where DCAT-AP wants a resource named by an IRI, never a blank node or a string.
IRI_PROPERTIES = (DCAT.dataset, DCAT.distribution, DCAT.downloadURL, DCAT.accessURL,
                  DCAT.landingPage, DCAT.mediaType, DCTERMS["format"], DCTERMS.license,
                  DCTERMS.publisher, DCTERMS.creator, DCTERMS.spatial, DCAT.contactPoint,
                  FOAF.homepage, SPDX.algorithm, VCARD.hasURL, VCARD.hasEmail)
# The only nodes left blank: structured values that DCAT-AP allows as blank nodes.
BLANK_TYPES = {SPDX.Checksum, DCTERMS.PeriodOfTime}
FIXTURE_PUBLICATION = """\
publisher:
  name: Fixture Publishers
  url: https://publisher.example.org/
footer:
  report_link: mailto:errors@publisher.example.org
sections:
  - kind: catalog
    description: A catalogue made by the test suite.
    spatial: https://sws.geonames.org/6295630/
  - kind: dataset
"""


@pytest.fixture(scope="module")
def shapes() -> rdflib.Graph:
    """The DCAT-AP 3.0.0 shapes, read once."""
    return rdflib.Graph().parse(SHAPES, format="turtle")


def render_catalog(root: Path, site_url: str = "", warned: tuple[str, ...] = ()) -> bytes:
    """catalog.json as the catalog kind writes it for the publication in `root` (its check
    finding nothing, or just the warnings whose codes are `warned`)."""
    config = load_config(root, site_url=site_url)
    assert config.publication.problems == ()
    validation = validate_paths([config.datasets], root)
    assert validation.valid, [p.format() for p in validation.problems if p.is_error]
    data = load_site_data(config, validation)
    section = config.publication.section("catalog")
    found = catalog.check(data, section.options)
    assert [(p.code, p.severity) for p in found] == [(code, "warning") for code in warned]
    outputs = catalog.render(data, environment(config.template_folders), section.options)
    [asset] = [o for o in outputs if isinstance(o, Asset) and o.path == "catalog.json"]
    return asset.data


def publication(tmp_path: Path, text: str = FIXTURE_PUBLICATION, datasets: Path = DEMO.parent
                ) -> Path:
    """A publication of the tests' own: the demo data, `text` as its publication file."""
    root = tmp_path / "pub"
    shutil.copytree(datasets, root / "datasets")
    (root / "mkdocs.yml").write_text(MINIMAL_MKDOCS.format(name="Fixture data"), encoding="utf-8")
    (root / "publication.yml").write_text(text, encoding="utf-8")
    return root


def read(data: bytes, where: str) -> rdflib.Graph:
    """The catalogue as RDF, read as if fetched from `where` (its relative IRIs resolve there)."""
    return rdflib.Graph().parse(data=data, format="json-ld", publicID=where)


def violations(graph: rdflib.Graph, shapes: rdflib.Graph) -> list[tuple[str, str, str]]:
    """(severity, focus node, message) of every SHACL result, sorted.

    RDFS entailment makes every IRI an rdfs:Resource, the class the shapes give accessURL and
    downloadURL; no other inference is made and no result is set aside.
    """
    _, report, _ = pyshacl.validate(graph, shacl_graph=shapes, inference="rdfs")
    return sorted((str(report.value(r, SH.resultSeverity)).rsplit("#", 1)[-1],
                   str(report.value(r, SH.focusNode)), str(report.value(r, SH.resultMessage)))
                  for r in report.subjects(RDF.type, SH.ValidationResult))


@pytest.fixture(scope="module")
def real() -> tuple[bytes, rdflib.Graph]:
    """This publication's catalog.json, without a site URL, read from a mirror's address."""
    data = render_catalog(ROOT)
    return data, read(data, "https://mirror.example/jjm/catalog.json")


def test_this_publication_is_valid_dcat_ap(real, shapes):
    """No violation of the DCAT-AP 3.0.0 shapes: the mandatory properties, classes, kinds."""
    assert violations(real[1], shapes) == []


def test_every_resource_dcat_ap_names_is_an_iri(real):
    """Catalogue, datasets, distributions, agents and every link are IRIs, not blank nodes or
    strings; only checksums and periods are blank nodes."""
    _, graph = real
    [catalogue] = graph.subjects(RDF.type, DCAT.Catalog)
    assert isinstance(catalogue, URIRef)
    for kind in (DCAT.Dataset, DCAT.Distribution, FOAF.Agent):
        nodes = list(graph.subjects(RDF.type, kind))
        assert nodes and all(isinstance(n, URIRef) for n in nodes), kind
    for prop in IRI_PROPERTIES:
        objects = list(graph.objects(None, prop))
        assert all(isinstance(o, URIRef) for o in objects), (prop, objects[:3])
    blank = {s for s in graph.subjects() if isinstance(s, BNode)}
    assert {t for b in blank for t in graph.objects(b, RDF.type)} == BLANK_TYPES
    assert all(len(set(graph.objects(b, RDF.type))) == 1 for b in blank)


def test_datasets_come_from_the_descriptors(real):
    """A dataset per package: identifier, version, typed release dates, period, licence IRI,
    publisher from publication.yml, creators from the descriptor, the configured place."""
    _, graph = real
    publication = load_publication(ROOT)
    descriptors = {p.parent.name: json.loads(p.read_text(encoding="utf-8"))
                   for p in sorted((ROOT / "datasets").glob("*/datapackage.json"))}
    datasets = {str(graph.value(d, DCTERMS.identifier)): d
                for d in graph.subjects(RDF.type, DCAT.Dataset)}
    assert set(datasets) == set(descriptors)
    [catalogue] = graph.subjects(RDF.type, DCAT.Catalog)
    assert set(graph.objects(catalogue, DCAT.dataset)) == set(datasets.values())
    for name, d in descriptors.items():
        node = datasets[name]
        assert node == URIRef(f"https://mirror.example/jjm/data/{name}/index.html#dataset")
        assert graph.value(node, DCAT.landingPage) == URIRef(
            f"https://mirror.example/jjm/data/{name}/index.html")
        assert str(graph.value(node, DCAT.version)) == d["version"]
        assert graph.value(node, DCTERMS.issued) == Literal(d["created"][:10], datatype=XSD.date)
        assert graph.value(node, DCTERMS.modified) == Literal(d["created"], datatype=XSD.dateTime)
        assert {str(k) for k in graph.objects(node, DCAT.keyword)} == set(d["keywords"])
        period = graph.value(node, DCTERMS.temporal)
        assert graph.value(period, DCAT.startDate) == Literal(d["temporalCoverage"]["start"],
                                                              datatype=XSD.date)
        assert graph.value(period, DCAT.endDate) == Literal(d["temporalCoverage"]["end"],
                                                            datatype=XSD.date)
        assert graph.value(node, DCTERMS.spatial) == INDIA
        publisher = graph.value(node, DCTERMS.publisher)
        assert str(graph.value(publisher, FOAF.name)) == publication.publisher["name"]
        authors = {c["title"] for c in d["contributors"] if c["role"] in ("author", "publisher")}
        assert {str(graph.value(a, FOAF.name))
                for a in graph.objects(node, DCTERMS.creator)} == authors
        licences = {URIRef(lic["path"]) for lic in d["licenses"]}
        for dist in graph.objects(node, DCAT.distribution):
            assert graph.value(dist, DCTERMS.license) in licences
    assert graph.value(catalogue, DCTERMS.publisher) == publisher
    assert str(graph.value(publisher, FOAF.name)) == "jjm-opendata project"


def test_distributions_give_each_file_its_urls_type_size_and_sha256(real):
    """Each published CSV: its download and page as IRIs, IANA media type, EU file type, byte
    size as xsd:nonNegativeInteger and the sha256 of the validated file as spdx:checksum."""
    _, graph = real
    base = "https://mirror.example/jjm/data/"
    checked = 0
    for descriptor in sorted((ROOT / "datasets").glob("*/datapackage.json")):
        name = descriptor.parent.name
        for resource in json.loads(descriptor.read_text(encoding="utf-8"))["resources"]:
            data = (descriptor.parent / resource["path"]).read_bytes()
            [dist] = graph.subjects(DCAT.downloadURL, URIRef(f"{base}{name}/{resource['path']}"))
            assert (dist, RDF.type, DCAT.Distribution) in graph
            assert graph.value(dist, DCAT.accessURL) == URIRef(
                f"{base}{name}/{resource['name']}.html")
            assert graph.value(dist, DCAT.mediaType) == URIRef(
                "http://www.iana.org/assignments/media-types/text/csv")
            assert graph.value(dist, DCTERMS["format"]) == URIRef(
                "http://publications.europa.eu/resource/authority/file-type/CSV")
            assert graph.value(dist, DCAT.byteSize) == Literal(
                len(data), datatype=XSD.nonNegativeInteger)
            checksum = graph.value(dist, SPDX.checksum)
            assert graph.value(checksum, SPDX.algorithm) == SPDX.checksumAlgorithm_sha256
            assert graph.value(checksum, SPDX.checksumValue) == Literal(
                hashlib.sha256(data).hexdigest(), datatype=XSD.hexBinary)
            checked += 1
        [bundle] = [d for d in graph.subjects(RDF.type, DCAT.Distribution)
                    if str(graph.value(d, DCAT.downloadURL)).startswith(f"{base}{name}/{name}-")]
        assert str(graph.value(bundle, DCAT.downloadURL)).endswith(".zip")
        assert graph.value(bundle, DCAT.mediaType) == URIRef(
            "http://www.iana.org/assignments/media-types/application/zip")
        assert graph.value(bundle, DCAT.accessURL) == URIRef(f"{base}{name}/index.html")
    assert checked >= 20


def test_without_a_site_url_iris_are_relative_to_where_catalog_json_is_read(real):
    """No invented address: the JSON holds relative references, no @base, and a reader that
    fetched it from elsewhere gets that place's IRIs."""
    text = real[0].decode("utf-8")
    document = json.loads(text)
    assert "@base" not in document["@context"]
    assert document["@id"] == "catalog.json#catalog"
    assert "mirror.example" not in text
    moved = read(real[0], "file:///media/usb/site/catalog.json")
    assert URIRef("file:///media/usb/site/data/jjm-coverage/index.html#dataset") in set(
        moved.subjects(RDF.type, DCAT.Dataset))


def test_fixture_with_a_site_url_is_valid_with_absolute_iris(tmp_path, shapes):
    """With a site URL every IRI of ours starts with it, read without any base; the publisher's
    home page, the contact point and the configured place are as publication.yml gives them."""
    data = render_catalog(publication(tmp_path), "https://data.example.org/sub/")
    graph = rdflib.Graph().parse(data=data, format="json-ld")
    assert violations(graph, shapes) == []
    ours = {o for prop in (DCAT.downloadURL, DCAT.accessURL, DCAT.landingPage)
            for o in graph.objects(None, prop)}
    ours |= set(graph.subjects(RDF.type, DCAT.Dataset)) | set(graph.subjects(RDF.type,
                                                                             DCAT.Distribution))
    assert ours and all(str(o).startswith("https://data.example.org/sub/") for o in ours)
    [catalogue] = graph.subjects(RDF.type, DCAT.Catalog)
    assert catalogue == URIRef("https://data.example.org/sub/catalog.json#catalog")
    assert str(graph.value(catalogue, DCTERMS.description)) == "A catalogue made by the test suite."
    publisher = graph.value(catalogue, DCTERMS.publisher)
    assert str(graph.value(publisher, FOAF.name)) == "Fixture Publishers"
    assert graph.value(publisher, FOAF.homepage) == URIRef("https://publisher.example.org/")
    [dataset] = graph.subjects(RDF.type, DCAT.Dataset)
    assert graph.value(graph.value(dataset, DCAT.contactPoint), VCARD.hasEmail) == URIRef(
        "mailto:errors@publisher.example.org")
    assert graph.value(dataset, DCTERMS.spatial) == URIRef("https://sws.geonames.org/6295630/")
    # The descriptor's hostile title stays a plain string literal.
    assert str(graph.value(dataset, DCTERMS["title"])) == "Demo package <em>for tests</em>"


def test_a_catalogue_without_publisher_fails_the_shapes(tmp_path, shapes):
    """DCAT-AP requires a catalogue's publisher: without the key, the shapes say so (and only
    that), so the shapes test is one that can fail."""
    root = publication(tmp_path, "sections:\n  - kind: catalog\n  - kind: dataset\n")
    # The build warns of it before anything is written.
    graph = read(render_catalog(root, warned=("missing-publisher",)),
                 "https://data.example.org/catalog.json")
    assert violations(graph, shapes) == [
        ("Violation", "https://data.example.org/catalog.json#catalog",
         "Less than 1 values on <https://data.example.org/catalog.json#catalog>->dc1:publisher")]
    [dataset] = graph.subjects(RDF.type, DCAT.Dataset)
    assert graph.value(dataset, DCTERMS.spatial) is None  # spatialCoverage text is no place IRI
    assert graph.value(dataset, DCAT.contactPoint) is None


def test_period_is_computed_from_the_date_fields_when_not_declared(tmp_path):
    """Without temporalCoverage the period runs from the first to the last date of the data,
    the source registry's publication dates left out."""
    datasets = tmp_path / "datasets"
    shutil.copytree(DEMO, datasets / "demo")
    descriptor = datasets / "demo" / "datapackage.json"
    d = json.loads(descriptor.read_text(encoding="utf-8"))
    del d["temporalCoverage"]
    descriptor.write_text(json.dumps(d), encoding="utf-8")
    sources = datasets / "demo" / "sources.csv"
    sources.write_text(sources.read_text(encoding="utf-8").replace("2024-07-29", "2020-02-02"),
                       encoding="utf-8")
    graph = read(render_catalog(publication(tmp_path, datasets=datasets)), "https://x.example/")
    [period] = graph.objects(None, DCTERMS.temporal)
    assert graph.value(period, DCAT.startDate) == Literal("2024-07-25", datatype=XSD.date)
    assert graph.value(period, DCAT.endDate) == Literal("2025-12-04", datatype=XSD.date)


def test_day_nrlm_example_is_valid_dcat_ap_with_a_publisher(tmp_path, shapes):
    """The config-only example publication, given the publisher its descriptor names."""
    root = tmp_path / "day-nrlm"
    shutil.copytree(ROOT / "examples" / "day-nrlm", root,
                    ignore=shutil.ignore_patterns("build", "site"))
    text = (root / "publication.yml").read_text(encoding="utf-8")
    if "\npublisher:" not in text:
        text += "\npublisher:\n  name: opendata generator project\n"
    (root / "publication.yml").write_text(text, encoding="utf-8")
    graph = read(render_catalog(root), "https://example.org/day-nrlm/catalog.json")
    assert violations(graph, shapes) == []
    assert len(set(graph.subjects(RDF.type, DCAT.Distribution))) >= 4


@pytest.mark.parametrize(("text", "problem"), [
    ("publisher:\n  url: https://x.example/\n",
     ("publication.yml", 2, "publisher.name", "missing-key")),
    ("publisher:\n  name: A\n  url: javascript:alert(1)\n",
     ("publication.yml", 3, "publisher.url", "bad-value")),
])
def test_publisher_key_is_checked_at_its_line(tmp_path, text, problem):
    """publication.yml's publisher: a name is required, a url must be http(s)."""
    root = publication(tmp_path, text)
    assert [p.key() for p in load_publication(root).problems] == [problem]


def test_spatial_that_is_no_iri_is_a_problem(tmp_path):
    """The catalog kind's spatial option must be an http(s) IRI, checked before writing."""
    root = publication(tmp_path, "sections:\n  - kind: catalog\n    spatial: India\n")
    config = load_config(root, site_url="")
    data = load_site_data(config, validate_paths([config.datasets], root))
    section = config.publication.section("catalog")
    assert [p.key() for p in catalog.check(data, section.options) if p.is_error] == [
        ("publication.yml", None, "spatial", "bad-value")]
