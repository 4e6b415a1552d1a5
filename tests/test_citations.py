"""Citations pinned to a package version (issue 15, item 2): BibTeX parsed with bibtexparser,
RIS with rispy, CSL-JSON checked against the CSL data schema (tests/fixtures/csl/), hostile
values round-tripped through every format, and the permalink following the version."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import bibtexparser
import hostile
import jsonschema
import pytest
import rispy
from bibtexparser.middlewares.names import split_multiple_persons_names
from sitebuild import ROOT, build, make_project

from generator.build import render_pages
from generator.config import load_config
from generator.model import Asset, Page
from generator.releases import plan_release, read_archive, write_release
from generator.sitedata import load_site_data
from generator.validate import validate_paths

FIXTURE = ROOT / "tests" / "fixtures" / "site" / "datasets"
CSL_SCHEMA = json.loads((ROOT / "tests/fixtures/csl/csl-data.json").read_text(encoding="utf-8"))
SITE = "https://data.example.org/jjm/"
PUBLISHER = "jjm-opendata project"  # publication.yml's publisher, which the fixture project keeps
# What a citation of the hostile demo holds: tests/hostile.py's payloads, and what would end a
# BibTeX field or entry, start a LaTeX command, end an RIS record or a JSON string.
TITLE = (f"{hostile.PACKAGE_TITLE} {hostile.COMMENT} }}, note = {{pwned}} @misc{{evil,\n"
         "ER  - \nTY  - JOUR 50% & $x$ #1 a_b ^ ~ \\end{document} \"quoted\"")
TABLE_TITLE = f"{hostile.RESOURCE_TITLE} {{unbalanced"
AUTHOR = "Ministry {of} Tests and Friends \\ Co"
LICENCE = "Licence } with {braces"
_UNLATEX = re.compile(r"\\textbackslash\{\}|\\textasciicircum\{\}|\\textasciitilde\{\}"
                      r"|\\([{}%&$#_])")
_WORDS = {r"\textbackslash{}": "\\", r"\textasciicircum{}": "^", r"\textasciitilde{}": "~"}


def one_line(text: str) -> str:
    """What a citation keeps of a value: one line, runs of white space as one space."""
    return " ".join(text.split())


def unlatex(value: str) -> str:
    """A BibTeX field's text with the citation module's escapes undone, and nothing else."""
    rest = _UNLATEX.sub("", value)
    assert "\\" not in rest, f"a LaTeX command that is not an escape: {value!r}"
    return _UNLATEX.sub(lambda m: m.group(1) or _WORDS[m.group(0)], value)


def render(project: Path, site_url: str = "") -> dict[str, object]:
    """The data pages (Markdown) and files a project renders, by path."""
    config = load_config(project, site_url=site_url)
    validation = validate_paths([config.datasets], project)
    assert validation.valid, [p.format() for p in validation.problems if p.is_error]
    out: dict[str, object] = {}
    for item in render_pages(load_site_data(config, validation)):
        out[item.path] = item.markdown if isinstance(item, Page) else item.data
        assert isinstance(item, Page | Asset)
    return out


def edit_descriptor(project: Path, **changes: object) -> None:
    """Change the demo package's descriptor (a key set to a callable edits it in place)."""
    path = project / "datasets/demo/datapackage.json"
    descriptor = json.loads(path.read_text(encoding="utf-8"))
    for key, value in changes.items():
        if callable(value):
            value(descriptor)
        else:
            descriptor[key] = value
    path.write_text(json.dumps(descriptor, indent=2, ensure_ascii=False), encoding="utf-8")


def archive_release(project: Path) -> None:
    """`opendata release`: the current packages into the project's releases/."""
    config = load_config(project, site_url="")
    validation = validate_paths([config.datasets], project)
    archive, problems = read_archive(project / "releases", project)
    assert not problems
    plan, problems = plan_release(archive, list(validation.packages))
    assert not problems, problems
    write_release(archive, plan)


def cite_files(outputs: dict[str, object], prefix: str = "data/demo/cite/") -> dict[str, str]:
    """The citation files among the outputs, as text, by file name."""
    return {path.removeprefix(prefix): data.decode("utf-8") for path, data in outputs.items()
            if path.startswith(prefix) and isinstance(data, bytes)}


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> dict[str, object]:
    """The fixture's demo package rendered without a site URL."""
    return render(make_project(tmp_path_factory.mktemp("demo"), FIXTURE))


@pytest.fixture(scope="module")
def demo_with_url(tmp_path_factory) -> dict[str, object]:
    """The fixture's demo package rendered with a site URL."""
    return render(make_project(tmp_path_factory.mktemp("demo-url"), FIXTURE), SITE)


def hostile_project(target: Path) -> Path:
    """The demo package with hostile text in its title, a table title, an author and a licence."""
    project = make_project(target, FIXTURE)

    def hostile_values(d: dict) -> None:
        d["title"] = TITLE
        d["contributors"] = [{"title": AUTHOR, "role": "author"}]
        d["licenses"][0]["title"] = LICENCE
        d["keywords"] = ["a, b", "{k}"]
        d["resources"][0]["title"] = TABLE_TITLE

    edit_descriptor(project, edit=hostile_values)
    return project


@pytest.fixture(scope="module")
def hostile_demo(tmp_path_factory) -> dict[str, object]:
    """The hostile demo rendered with a site URL."""
    return render(hostile_project(tmp_path_factory.mktemp("hostile")), SITE)


def test_four_formats_for_the_package_and_each_table(demo):
    """The dataset and each table have a .bib, .ris, .csl.json and .txt, linked from the page."""
    files = cite_files(demo)
    stems = ["demo-0.1.0", "demo-0.1.0-items", "demo-0.1.0-sources"]
    assert sorted(files) == sorted(f"{s}{x}" for s in stems
                                   for x in (".bib", ".ris", ".csl.json", ".txt"))
    for page, stem in (("index", "demo-0.1.0"), ("items", "demo-0.1.0-items"),
                       ("sources", "demo-0.1.0-sources")):
        markdown = demo[f"data/demo/{page}.md"]
        for suffix in (".bib", ".ris", ".csl.json", ".txt"):
            assert f"(cite/{stem}{suffix})" in markdown, (page, suffix)


def test_bibtex_parses(demo, demo_with_url):
    """Each .bib is one @misc entry with its key, version, year, date, note; url with a site."""
    for outputs, url in ((demo, False), (demo_with_url, True)):
        for name, text in cite_files(outputs).items():
            if not name.endswith(".bib"):
                continue
            library = bibtexparser.parse_string(text)
            assert library.failed_blocks == [] and len(library.entries) == 1, name
            entry = library.entries[0]
            assert entry.entry_type == "misc" and entry.key == name.removesuffix(".bib")
            fields = {f.key: f.value for f in entry.fields}
            assert fields["version"] == "0.1.0" and fields["year"] == "2026"
            assert fields["date"] == "2026-01-01"
            assert "demo-0.1.0.zip" in fields["note"]
            assert "Creative Commons Attribution 4.0" in fields["note"]
            assert split_multiple_persons_names(fields["author"]) == ["{Test suite}"]
            if url:
                assert fields["url"] == f"{SITE}data/demo/demo-0.1.0.zip"
            else:
                assert "url" not in fields


def test_ris_parses(demo, demo_with_url):
    """Each .ris is one DATA record with title, author, year, date, version and notes."""
    for outputs, url in ((demo, False), (demo_with_url, True)):
        for name, text in cite_files(outputs).items():
            if not name.endswith(".ris"):
                continue
            records = rispy.loads(text)
            assert len(records) == 1, name
            record = records[0]
            assert record["type_of_reference"] == "DATA"
            assert record["id"] == name.removesuffix(".ris")
            assert record["authors"] == ["Test suite"]
            assert (record["year"], record["date"], record["edition"]) == (
                "2026", "2026/01/01", "0.1.0")
            assert record["publisher"] == PUBLISHER
            assert record.get("urls") == ([f"{SITE}data/demo/demo-0.1.0.zip"] if url else None)
            if name == "demo-0.1.0-items.ris":
                assert record["title"] == "Items"
                assert record["secondary_title"] == "Demo package <em>for tests</em>"
            if name == "demo-0.1.0.ris":
                assert record["title"] == "Demo package <em>for tests</em>"
                assert "secondary_title" not in record


def test_csl_json_is_valid_against_the_csl_schema(demo, demo_with_url):
    """Each .csl.json validates against CSL's data schema: one dataset item."""
    for outputs, url in ((demo, False), (demo_with_url, True)):
        for name, text in cite_files(outputs).items():
            if not name.endswith(".csl.json"):
                continue
            items = json.loads(text)
            jsonschema.validate(items, CSL_SCHEMA)
            assert len(items) == 1
            item = items[0]
            assert item["type"] == "dataset" and item["id"] == name.removesuffix(".csl.json")
            assert item["version"] == "0.1.0"
            assert item["issued"] == {"date-parts": [[2026, 1, 1]]}
            assert item["author"] == [{"literal": "Test suite"}]
            assert ("URL" in item) is url


def test_the_schema_check_is_real():
    """The vendored schema refuses what CSL does not allow: a wrong type, an unknown key."""
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate([{"id": "x", "type": "data-set"}], CSL_SCHEMA)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate([{"id": "x", "type": "dataset", "license": "CC-BY-4.0"}], CSL_SCHEMA)


def test_plain_text_without_a_site_url_names_the_file(demo):
    """Without a site URL: no dangling 'on this site', no URL; the zip named, linked relatively."""
    for name, text in cite_files(demo).items():
        assert "on this site" not in text and "http" not in text.replace(
            "https://creativecommons.org/licenses/by/4.0/", ""), name
    text = cite_files(demo)["demo-0.1.0.txt"]
    assert text == ("Test suite (2026). Demo package <em>for tests</em>, version 0.1.0 of "
                    "2026-01-01 [data set]. jjm-opendata project. Licence: Creative "
                    "Commons Attribution 4.0 (CC-BY-4.0). File demo-0.1.0.zip\n")
    markdown = demo["data/demo/index.md"]
    assert "[File demo-0.1.0.zip](demo-0.1.0.zip)" in markdown
    assert "on this site" not in markdown


def test_page_copy_blocks_hold_exactly_the_files(hostile_demo):
    """Each format's copy block on the page is its file's text, HTML-escaped: nothing of it is
    markup, and copying it gives the file."""
    files = cite_files(hostile_demo)
    for page, stem in (("index", "demo-0.1.0"), ("items", "demo-0.1.0-items")):
        markdown = hostile_demo[f"data/demo/{page}.md"]
        blocks = re.findall(r'<summary>[^<]*\((\S+)\)</summary>\n<pre class="copy"><code>'
                            r'(.*?)</code></pre>', markdown, re.S)
        assert [name for name, _ in blocks] == [f"{stem}{x}" for x in
                                                (".bib", ".ris", ".csl.json", ".txt")]
        for name, block in blocks:
            assert "<" not in block and ">" not in block, name
            assert html.unescape(block) == files[name]


def test_hostile_values_round_trip_in_bibtex(hostile_demo):
    """Braces, backslashes, %, @, line breaks and markup stay text inside their BibTeX field."""
    text = cite_files(hostile_demo)["demo-0.1.0-items.bib"]
    library = bibtexparser.parse_string(text)
    assert library.failed_blocks == [] and len(library.entries) == 1
    assert [b for b in library.blocks if b not in library.entries] == []  # no injected block
    fields = {f.key: f.value for f in library.entries[0].fields}
    assert set(fields) == {"author", "title", "year", "date", "version", "publisher",
                           "howpublished", "url", "keywords", "note"}
    assert unlatex(fields["title"]) == "{" + one_line(TABLE_TITLE) + "}"
    assert split_multiple_persons_names(fields["author"]) == ["{" + r"Ministry \{of\} Tests and "
                                                              r"Friends \textbackslash{} Co}"]
    assert unlatex(fields["howpublished"]).endswith(f"in: {one_line(TITLE)}")
    assert f"Licence: {LICENCE} (CC-BY-4.0)." in unlatex(fields["note"])
    assert unlatex(fields["keywords"]) == "a, b, {k}"


def test_hostile_values_round_trip_in_ris_and_csl(hostile_demo):
    """A line break cannot end an RIS record or start a tag; JSON keeps every character."""
    files = cite_files(hostile_demo)
    records = rispy.loads(files["demo-0.1.0.ris"])
    assert len(records) == 1
    record = records[0]
    assert record["type_of_reference"] == "DATA" and record["title"] == one_line(TITLE)
    assert record["authors"] == [AUTHOR] and record["keywords"] == ["a, b", "{k}"]
    assert set(record) == {"type_of_reference", "id", "title", "authors", "year", "date",
                           "edition", "publisher", "urls", "keywords", "notes"}
    [item] = json.loads(files["demo-0.1.0-items.csl.json"])
    jsonschema.validate([item], CSL_SCHEMA)
    assert item["title"] == one_line(TABLE_TITLE)
    assert item["container-title"] == one_line(TITLE)
    assert item["author"] == [{"literal": AUTHOR}]
    text = files["demo-0.1.0.txt"]
    assert text.count("\n") == 1 and one_line(TITLE) in text


def test_the_permalink_follows_the_version(tmp_path):
    """A new version is a new permalink; an archived version's stays, with the same bytes."""
    project = make_project(tmp_path / "p", FIXTURE)
    first = render(project, SITE)
    assert f"url = {{{SITE}data/demo/demo-0.1.0.zip}}" in cite_files(first)["demo-0.1.0.bib"]
    assert "not in the release archive" in first["data/demo/index.md"]

    archive_release(project)
    archived = render(project, SITE)
    zip_010 = archived["releases/demo-0.1.0.zip"]
    assert zip_010 == first["data/demo/demo-0.1.0.zip"]
    bib = cite_files(archived)["demo-0.1.0.bib"]
    assert f"url = {{{SITE}releases/demo-0.1.0.zip}}" in bib
    # The page shows the absolute address and links it relatively (it works from a disk too).
    assert (f"[{SITE}releases/demo-0.1.0.zip](../../releases/demo-0.1.0.zip)"
            in archived["data/demo/index.md"])
    assert "which keeps every version" in archived["data/demo/index.md"]

    edit_descriptor(project, version="0.2.0", created="2026-02-01T00:00:00Z")
    bumped = render(project, SITE)
    files = cite_files(bumped)
    assert sorted(files) == sorted(f"demo-0.2.0{s}{x}" for s in ("", "-items", "-sources")
                                   for x in (".bib", ".ris", ".csl.json", ".txt"))
    assert f"url = {{{SITE}data/demo/demo-0.2.0.zip}}" in files["demo-0.2.0.bib"]
    assert "@misc{demo-0.2.0," in files["demo-0.2.0.bib"]
    assert rispy.loads(files["demo-0.2.0.ris"])[0]["edition"] == "0.2.0"
    assert bumped["releases/demo-0.1.0.zip"] == zip_010  # the old citation still resolves

    archive_release(project)
    again = render(project, SITE)
    assert f"url = {{{SITE}releases/demo-0.2.0.zip}}" in cite_files(again)["demo-0.2.0.bib"]
    assert again["releases/demo-0.1.0.zip"] == zip_010


def test_without_the_releases_kind_the_zip_beside_the_page_is_cited(tmp_path):
    """A publication that does not publish its archive cites the zip beside the page."""
    project = make_project(tmp_path / "p", FIXTURE)
    archive_release(project)
    text = (project / "publication.yml").read_text(encoding="utf-8")
    (project / "publication.yml").write_text(text.replace("  - kind: releases\n", ""),
                                             encoding="utf-8")
    outputs = render(project, SITE)
    assert "releases/demo-0.1.0.zip" not in outputs
    assert f"url = {{{SITE}data/demo/demo-0.1.0.zip}}" in cite_files(outputs)["demo-0.1.0.bib"]


def test_built_page_shows_the_citation_inert(tmp_path):
    """In the built HTML the hostile citation is text: copy blocks pre.copy > code, no markup."""
    project = hostile_project(tmp_path / "p")
    result = build(project)
    assert result.published, [p.format() for p in result.problems if p.is_error]
    page = (project / "site/data/demo/index.html").read_text(encoding="utf-8")
    section = page.split('id="how-to-cite"', 1)[1].split("<h2", 1)[0]
    assert "<img" not in section and "<script" not in section
    assert section.count('<pre class="copy"><code>') == 4
    bib = (project / "site/data/demo/cite/demo-0.1.0.bib").read_text(encoding="utf-8")
    block = section.split('<pre class="copy"><code>', 2)[1].split("</code></pre>", 1)[0]
    assert html.unescape(block) == bib


def test_without_a_publisher_the_site_publishes(tmp_path):
    """Without `publisher` in publication.yml, the site's name is the citation's publisher."""
    project = make_project(tmp_path / "p", FIXTURE)
    text = (project / "publication.yml").read_text(encoding="utf-8")
    assert f"publisher:\n  name: {PUBLISHER}\n" in text
    (project / "publication.yml").write_text(
        text.replace(f"publisher:\n  name: {PUBLISHER}\n", ""), encoding="utf-8")
    files = cite_files(render(project))
    assert rispy.loads(files["demo-0.1.0.ris"])[0]["publisher"] == "Jal Jeevan Mission open data"
    assert PUBLISHER not in files["demo-0.1.0.txt"]
