"""The download bundle of a package version (issue 15): the zip's files, its SHA256SUMS, its
README and licence notice, the same bytes on every build, and the Excel copy of each table."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import re
import shutil
import subprocess
import zipfile
from html.parser import HTMLParser
from pathlib import Path
from types import SimpleNamespace

import markdown
import pytest
from sitebuild import ROOT, build, make_project

from generator import downloads
from generator.downloads import BOM, package_downloads
from generator.packages import load_package

FIXTURE = ROOT / "tests" / "fixtures" / "site" / "datasets"
SOURCE = FIXTURE / "demo"
ZIP_NAME = "demo-0.1.0.zip"
MEMBERS = ["demo/LICENSE.txt", "demo/README.md", "demo/SHA256SUMS", "demo/datapackage.json",
           "demo/items.csv", "demo/sources.csv"]


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    """The fixture project (one hostile demo package), built once."""
    project = make_project(tmp_path_factory.mktemp("bundle"), FIXTURE)
    result = build(project)
    assert result.published, [p.format() for p in result.problems if p.is_error]
    return project / "site"


@pytest.fixture(scope="module")
def bundle(site) -> zipfile.ZipFile:
    """The published zip of the demo package, opened."""
    return zipfile.ZipFile(site / "data" / "demo" / ZIP_NAME)


def test_zip_lists_tables_descriptor_readme_licence_and_checksums(bundle):
    """One folder named after the package, sorted, nothing else; fixed metadata on each entry."""
    assert bundle.namelist() == MEMBERS
    for info in bundle.infolist():
        assert info.date_time == (1980, 1, 1, 0, 0, 0), info.filename
        assert info.external_attr >> 16 == 0o644, info.filename
        assert info.compress_type == zipfile.ZIP_DEFLATED, info.filename
        assert info.create_system == 3, info.filename


def test_sha256sums_verifies_every_other_entry(bundle, tmp_path):
    """SHA256SUMS lists every other file once with its sha256; `sha256sum --check` agrees."""
    lines = bundle.read("demo/SHA256SUMS").decode("utf-8").splitlines()
    listed = {}
    for line in lines:
        digest, name = re.fullmatch(r"([0-9a-f]{64})  (\S.*)", line).groups()
        listed[name] = digest
    others = [m.removeprefix("demo/") for m in MEMBERS if m != "demo/SHA256SUMS"]
    assert sorted(listed) == others
    for name, digest in listed.items():
        assert hashlib.sha256(bundle.read(f"demo/{name}")).hexdigest() == digest, name
    if shutil.which("sha256sum"):
        bundle.extractall(tmp_path)
        done = subprocess.run(["sha256sum", "--check", "--strict", "SHA256SUMS"],
                              cwd=tmp_path / "demo", capture_output=True, text=True)
        assert done.returncode == 0, done.stdout + done.stderr
        assert done.stdout.count(": OK") == len(others)


def test_two_builds_give_the_same_zip(site, tmp_path):
    """Another build, of a copy whose files have other modification times, gives equal bytes."""
    project = make_project(tmp_path / "again", FIXTURE)
    for path in (project / "datasets").rglob("*"):
        os.utime(path, (2_000_000_000, 2_000_000_000))
    assert build(project).published
    for name in (ZIP_NAME, "items.excel.csv", "sources.excel.csv"):
        again = (project / "site" / "data" / "demo" / name).read_bytes()
        assert again == (site / "data" / "demo" / name).read_bytes(), name


def test_canonical_csv_is_the_validated_source(site, bundle):
    """The published CSV and the one in the zip are the source file, byte for byte."""
    for name in ("items.csv", "sources.csv", "datapackage.json"):
        source = (SOURCE / name).read_bytes()
        assert (site / "data" / "demo" / name).read_bytes() == source, name
        assert bundle.read(f"demo/{name}") == source, name
        assert not source.startswith(BOM)


def rows(data: bytes) -> list[list[str]]:
    """A CSV's rows, the byte-order mark (if any) aside."""
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def test_excel_copy_has_the_bom_and_the_same_rows(site):
    """items.excel.csv: a UTF-8 byte-order mark, then the same rows as items.csv."""
    for name in ("items", "sources"):
        canonical = (site / "data" / "demo" / f"{name}.csv").read_bytes()
        excel = (site / "data" / "demo" / f"{name}.excel.csv").read_bytes()
        assert excel.startswith(b"\xef\xbb\xbf") and not excel.startswith(BOM * 2)
        assert rows(excel) == rows(canonical) and len(rows(excel)) > 1
        assert excel[len(BOM):] == canonical


class _Links(HTMLParser):
    """Every link of a page: its href and its text."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[tuple[str, str]] = []
        self._href: str | None = None
        self._text = ""

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            self._href, self._text = dict(attrs).get("href") or "", ""

    def handle_data(self, data):
        if self._href is not None:
            self._text += data

    def handle_endtag(self, tag):
        if tag == "a" and self._href is not None:
            self.links.append((self._href, " ".join(self._text.split())))
            self._href = None


def links(page: Path) -> list[tuple[str, str]]:
    """The links of one built page."""
    parser = _Links()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser.links


def test_pages_offer_the_excel_copy_labelled_for_excel(site):
    """The dataset page links each Excel copy as 'for Excel' (and lists it among the
    downloads with its sha256); each table's page links its own copy."""
    page = site / "data" / "demo" / "index.html"
    found = links(page)
    text = page.read_text(encoding="utf-8")
    for name in ("items", "sources"):
        assert (f"{name}.excel.csv", "for Excel") in found
        digest = hashlib.sha256((site / "data/demo" / f"{name}.excel.csv").read_bytes())
        assert digest.hexdigest() in text
        assert f"{name}, for Excel (UTF-8 with BOM)" in text
        table = links(site / "data" / "demo" / f"{name}.html")
        assert (f"{name}.excel.csv", f"{name}.excel.csv") in table
        assert "For Excel, download" in (site / "data/demo" / f"{name}.html").read_text("utf-8")


def test_readme_names_version_date_licence_fields_and_citation(bundle):
    """The README says what the package is, its release, licence, every field with its title,
    type and unit, its sources (from the sources table) and one citation of this version."""
    text = bundle.read("demo/README.md").decode("utf-8")
    descriptor = json.loads((SOURCE / "datapackage.json").read_text(encoding="utf-8"))
    assert "Version: 0.1.0, released 2026-01-01" in text
    assert "Creative Commons Attribution 4.0 (CC-BY-4.0), " \
           "<https://creativecommons.org/licenses/by/4.0/>" in text
    for resource in descriptor["resources"]:
        for field in resource["schema"]["fields"]:
            line = next(x for x in text.splitlines() if x.startswith(f"- `{field['name']}` "))
            assert field["title"] in line and f"type {field['type']}" in line, line
            assert ("unit" in field) == ("unit: " in line), line
            if "unit" in field:
                assert f"unit: {field['unit']}" in line
    assert "File `items.csv`, 3 rows; primary key: item_id." in text
    # The sources table's rows, not the descriptor's one-line summary of them.
    assert "- **D1** A source with a &lt;b>tag&lt;/b> in its title, Demo publisher, " \
           "2024-07-29. <https://example.org/d1>" in text
    assert "Test fixture" not in text
    cite = text.split("## How to cite\n\n")[1].splitlines()[0]
    assert cite == ("Demo package &lt;em>for tests&lt;/em>, version 0.1.0 (2026-01-01). "
                    "Test suite. Data package demo, file demo-0.1.0.zip.")


# What the README's own Markdown makes; anything else would have come from the data.
OWN_TAGS = {"h1", "h2", "h3", "p", "ul", "li", "code", "strong", "a"}


class _Tags(HTMLParser):
    """Every start tag and every link target of a fragment."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: set[str] = set()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)
        self.hrefs += [v or "" for k, v in attrs if k == "href"]


def test_readme_text_from_the_descriptor_stays_plain(bundle):
    """Rendered as Markdown, the README holds only its own structure: the descriptor's
    <script>, <em>, <b> and [link](javascript:...) stay text, and every link is http(s)."""
    text = bundle.read("demo/README.md").decode("utf-8")
    parser = _Tags()
    rendered = markdown.markdown(text)
    parser.feed(rendered)
    assert parser.tags <= OWN_TAGS, parser.tags - OWN_TAGS
    assert all(h.startswith("https://") for h in parser.hrefs), parser.hrefs
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in rendered
    assert "[link](javascript:alert(1))" in rendered
    assert "javascript:alert(3)" in rendered  # a source's bad link is shown, never linked
    assert "\x00" not in text and "\r" not in text


def test_licence_notice_names_the_licence_and_the_credit(bundle):
    """LICENSE.txt: the licence's name and URL, its terms in brief, that it is a notice and
    not the legal text, and the citation to credit; the descriptor's text as it is."""
    text = bundle.read("demo/LICENSE.txt").decode("utf-8")
    assert "Licence: Creative Commons Attribution 4.0 (CC-BY-4.0)" in text
    assert "Full text: https://creativecommons.org/licenses/by/4.0/" in text
    assert "give appropriate credit" in text
    assert "not the licence's full legal text" in text
    assert "Demo package <em>for tests</em>, version 0.1.0 (2026-01-01)" in text
    assert "- Test suite" in text


def package_with(tmp_path: Path, licenses: list[dict]) -> Path:
    """A copy of the demo package whose descriptor has other licences."""
    folder = tmp_path / "demo"
    shutil.copytree(SOURCE, folder)
    descriptor = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    descriptor["licenses"] = licenses
    (folder / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
    return folder


def bundle_text(folder: Path, name: str) -> str:
    """One file of the zip package_downloads makes for a package folder."""
    package, problems = load_package(folder, folder.parent)
    assert package is not None, problems
    data = next(d.data for d in package_downloads(package) if d.filename.endswith(".zip"))
    return zipfile.ZipFile(io.BytesIO(data)).read(f"demo/{name}").decode("utf-8")


def test_a_licence_known_by_its_url_or_unknown(tmp_path):
    """ODbL found by its URL alone gets its summary; a licence the engine does not know gets
    its name and address and no summary; no licence at all is said plainly."""
    odbl = bundle_text(package_with(tmp_path / "a", [
        {"path": "http://www.opendatacommons.org/licenses/odbl/1-0"}]), "LICENSE.txt")
    assert "Licence: Open Data Commons Open Database License 1.0" in odbl
    assert "share an adapted database under the same licence" in odbl
    other = bundle_text(package_with(tmp_path / "b", [
        {"name": "Local-Terms", "title": "Some local terms", "path": "https://example.org/t"}]),
        "LICENSE.txt")
    assert "Licence: Some local terms (Local-Terms)\nFull text: https://example.org/t" in other
    assert "In brief" not in other and "not the licence's full legal text" in other
    none = package_with(tmp_path / "c", [])
    assert "states no licence" in bundle_text(none, "LICENSE.txt")
    assert "Licence: none stated" in bundle_text(none, "README.md")



@pytest.mark.parametrize("data, delimiter, rows", [
    (b"id,name\n1,a\n\n2,\"two\nlines\"\n3,c", ",", 3),  # a blank line, a quoted line break
    (b"\xef\xbb\xbfid;name\r\n1;a\r\n\r\n\r\n2;b\r\n", ";", 2),
    (b"id,name\n", ",", 0),
    (b"", ",", 0),
])
def test_the_readmes_row_count_is_the_number_of_records(data, delimiter, rows):
    """The README counts rows without making them (issue 18): as many as the records."""
    resource = SimpleNamespace(descriptor={"dialect": {"delimiter": delimiter}})
    assert len(downloads._records(data, resource)) == rows
    assert downloads._row_count(data, resource) == rows
