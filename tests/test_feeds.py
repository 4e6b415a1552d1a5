"""Change feeds (issue 15, item 6): an Atom feed per dataset and one for all releases, parsed
against RFC 4287's required elements; stable ids; the same bytes on every build; escaped text;
advertised in the head of the dataset and Releases pages."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest
from sitebuild import ROOT, build, make_project

from generator import feeds
from generator.config import load_config
from generator.diff import diff_snapshots, snapshot
from generator.markdown import environment
from generator.model import Asset, Page
from generator.pages import dataset, releases
from generator.sitedata import load_site_data
from generator.validate import validate_paths

FIXTURE = ROOT / "tests" / "fixtures" / "releases"
SITE_FIXTURE = ROOT / "tests" / "fixtures" / "site" / "datasets"
A = "{http://www.w3.org/2005/Atom}"
FEEDS = ["data/codes/feed.xml", "data/coverage/feed.xml", "releases/feed.xml"]
TIMESTAMP = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})")
HOSTILE = 'Coverage <script>alert("x")</script> & <b>more</b>'


def archive(project: Path, *versions: str) -> None:
    """Archive releases of the fixture into the project's releases/ with the real command."""
    for version in versions:
        source = FIXTURE / version if version != "current" else project / "datasets"
        done = subprocess.run([sys.executable, "-m", "generator.cli", "release", "--from",
                               str(source)], cwd=project, capture_output=True, text=True,
                              check=False)
        assert done.returncode == 0, done.stdout + done.stderr


def render(project: Path, site_url: str = "") -> list[Page | Asset]:
    """The dataset and Releases page kinds' outputs for a project."""
    config = load_config(project, site_url=site_url)
    validation = validate_paths([config.datasets], project)
    assert validation.valid, [p.format() for p in validation.errors]
    data = load_site_data(config, validation)
    env = environment(config.templates)
    return dataset.render(data, env) + releases.render(data, env)


def feeds_of(outputs: list[Page | Asset]) -> dict[str, bytes]:
    """Every feed among the outputs, by path."""
    return {o.path: o.data for o in outputs if isinstance(o, Asset) and o.path.endswith("feed.xml")}


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    """The releases fixture: 1.0.0 and 1.1.0 archived, datasets/ at 1.2.0 (not archived)."""
    project = make_project(tmp_path_factory.mktemp("feeds"), FIXTURE / "datasets")
    archive(project, "1.0.0", "1.1.0")
    return project


@pytest.fixture(scope="module")
def outputs(project) -> list[Page | Asset]:
    """What the page kinds render for the fixture project."""
    return render(project)


def parse(data: bytes) -> ET.Element:
    """A feed's root element, checked to be an Atom feed."""
    root = ET.fromstring(data)
    assert root.tag == f"{A}feed"
    return root


def entries(root: ET.Element) -> list[ET.Element]:
    """A feed's entries, in document order."""
    return root.findall(f"{A}entry")


def one(element: ET.Element, name: str) -> ET.Element:
    """The single child `name` (RFC 4287 allows exactly one of id, title, updated)."""
    found = element.findall(f"{A}{name}")
    assert len(found) == 1, (name, len(found))
    return found[0]


def test_every_feed_has_the_required_atom_elements(outputs):
    """RFC 4287 4.1.1 and 4.1.2: feed and entries have one id (an absolute URI), one title, one
    updated (an RFC 3339 date-time), an author (on the feed), an alternate link; each entry a
    summary and content; ids unique across the feed."""
    feeds = feeds_of(outputs)
    assert sorted(feeds) == FEEDS
    for path, data in feeds.items():
        root = parse(data)
        assert one(root, "title").text and one(root, "id").text.startswith("urn:uuid:"), path
        assert TIMESTAMP.fullmatch(one(root, "updated").text), path
        assert one(one(root, "author"), "name").text, path
        assert [link.get("rel") for link in root.findall(f"{A}link")] == ["alternate"], path
        ids = [one(root, "id").text]
        assert entries(root), path
        for entry in entries(root):
            ids.append(one(entry, "id").text)
            assert re.fullmatch(r"urn:uuid:[0-9a-f-]{36}", ids[-1]), path
            assert one(entry, "title").text
            assert TIMESTAMP.fullmatch(one(entry, "updated").text)
            alternates = [link for link in entry.findall(f"{A}link")
                          if link.get("rel") == "alternate"]
            assert len(alternates) == 1 and alternates[0].get("type") == "text/html"
            assert one(entry, "summary").text
            assert one(entry, "content").get("type") == "html"
        assert len(ids) == len(set(ids)), path


def test_a_dataset_feed_has_an_entry_per_release_that_changed_it(outputs):
    """coverage changed in every release (newest first); codes only in the first one."""
    coverage = parse(feeds_of(outputs)["data/coverage/feed.xml"])
    assert [one(e, "title").text for e in entries(coverage)] == [
        "Coverage, version 1.2.0 (release 1.2.0)", "Coverage, version 1.1.0 (release 1.1.0)",
        "Coverage, version 1.0.0 (release 1.0.0)"]
    assert [one(e, "updated").text for e in entries(coverage)] == [
        "2026-03-01T00:00:00Z", "2026-02-01T00:00:00Z", "2026-01-01T00:00:00Z"]
    assert one(coverage, "updated").text == "2026-03-01T00:00:00Z"
    codes = parse(feeds_of(outputs)["data/codes/feed.xml"])
    assert [one(e, "title").text for e in entries(codes)] == ["State codes, version 1.0.0 (release 1.0.0)"]
    everything = parse(feeds_of(outputs)["releases/feed.xml"])
    assert [one(e, "title").text for e in entries(everything)] == [
        "Release 1.2.0", "Release 1.1.0", "Release 1.0.0"]


def test_entries_summarise_the_diff_and_list_its_anomalies(outputs, project):
    """The 1.1.0 entry's counts are those of the diff of the two releases, and each anomaly of
    that diff is listed with its code, file, line and message."""
    sides = [validate_paths([FIXTURE / v], ROOT) for v in ("1.0.0", "1.1.0")]
    diff = diff_snapshots(snapshot("1.0.0", sides[0]), snapshot("1.1.0", sides[1]))
    package = next(p for p in diff.packages if p.name == "coverage")
    entry = entries(parse(feeds_of(outputs)["data/coverage/feed.xml"]))[1]
    summary = one(entry, "summary").text
    assert summary == (f"1.0.0 → 1.1.0: {package.total('rows_added')} rows added, "
                       f"{package.total('rows_removed')} removed, {package.total('changed')} "
                       f"changed; 0 schema changes; {package.total('anomalies')} anomalies.")
    assert package.total("rows_added") == 2 and package.total("anomalies") == 2
    content = one(entry, "content").text
    for _, resource, anomaly in diff.anomalies:
        assert (f"{anomaly.code} at {resource.path} line {anomaly.line}, {anomaly.field}: "
                f"{anomaly.message}") in content
    newest = entries(parse(feeds_of(outputs)["data/coverage/feed.xml"]))[0]
    assert "schema: field-added note" in one(newest, "content").text
    assert "1 schema change;" in one(newest, "summary").text


def test_links_lead_to_the_releases_page_anchor_and_the_versioned_zip(outputs):
    """Every entry links to its release's heading on the Releases page and, in a dataset feed,
    to that version's zip, published at the path the link names with the length it gives."""
    published = {o.path: o for o in outputs}
    anchors = set(re.findall(r"\{: #(release-[a-z0-9-]+) \}", published["releases/index.md"]
                             .markdown))
    zips = 0
    for path, data in feeds_of(outputs).items():
        folder = Path(path).parent
        for entry in entries(parse(data)):
            for link in entry.findall(f"{A}link"):
                target, _, fragment = link.get("href").partition("#")
                resolved = _normal((folder / target).as_posix())
                if link.get("rel") == "alternate":
                    assert resolved == "releases/index.html" and fragment in anchors, link.attrib
                else:
                    assert link.get("rel") == "enclosure" and link.get("type") == "application/zip"
                    assert len(published[resolved].data) == int(link.get("length"))
                    name = one(entry, "title").text.split(" (")[0].split()[-1]
                    assert resolved.endswith(f"-{name}.zip")
                    zips += 1
    assert zips == 4  # coverage 1.0.0, 1.1.0 (archived), 1.2.0 (current); codes 1.0.0


def _normal(path: str) -> str:
    """A relative path with its '..' parts resolved: 'data/x/../../releases/a' -> 'releases/a'."""
    parts: list[str] = []
    for part in path.split("/"):
        if part == "..":
            parts.pop()
        elif part not in ("", "."):
            parts.append(part)
    return "/".join(parts)


def test_absolute_links_and_self_with_a_site_url(project):
    """With a site URL every link is absolute and each feed names itself (rel=self)."""
    feeds = feeds_of(render(project, site_url="https://example.org/data/"))
    for path, data in feeds.items():
        root = parse(data)
        own = {link.get("rel"): link.get("href") for link in root.findall(f"{A}link")}
        assert own["self"] == f"https://example.org/data/{path}"
        for link in root.iter(f"{A}link"):
            assert link.get("href").startswith("https://example.org/data/"), link.attrib


def test_a_feed_on_another_languages_site_links_into_its_folder():
    """On the Hindi site (hi/) a feed's absolute links point into hi/; its id stays the same,
    and without a site URL its links are relative, so they need no folder (issue 16)."""
    english = parse(feeds.releases_feed(feeds.Site("S", "https://example.org/"), []))
    hindi = parse(feeds.releases_feed(feeds.Site("S", "https://example.org/", "hi/"), []))
    links = {link.get("rel"): link.get("href") for link in hindi.findall(f"{A}link")}
    assert links == {"self": "https://example.org/hi/releases/feed.xml",
                     "alternate": "https://example.org/hi/releases/index.html"}
    assert {link.get("href") for link in english.findall(f"{A}link")} == {
        "https://example.org/releases/feed.xml", "https://example.org/releases/index.html"}
    assert one(hindi, "id").text == one(english, "id").text
    relative = parse(feeds.releases_feed(feeds.Site("S", "", "hi/"), []))
    assert [link.get("href") for link in relative.findall(f"{A}link")] == ["index.html"]


def test_same_inputs_give_the_same_bytes_and_ids_survive_a_new_release(tmp_path, outputs):
    """A second project in another folder renders byte-identical feeds; archiving the current
    release adds no entry and keeps every id and date (only the zip's address moves to
    releases/)."""
    again = make_project(tmp_path / "again", FIXTURE / "datasets")
    archive(again, "1.0.0", "1.1.0")
    first = feeds_of(outputs)
    assert feeds_of(render(again)) == first
    archive(again, "current")
    later = feeds_of(render(again))
    for path in FEEDS:
        before, after = (parse(f[path]) for f in (first, later))
        assert ([(one(e, "id").text, one(e, "updated").text) for e in entries(before)]
                == [(one(e, "id").text, one(e, "updated").text) for e in entries(after)])
    newest = entries(parse(later["data/coverage/feed.xml"]))[0]
    enclosure = next(link for link in newest.findall(f"{A}link") if link.get("rel") == "enclosure")
    assert enclosure.get("href") == "../../releases/coverage-1.2.0.zip"


def test_a_hostile_title_is_escaped(tmp_path):
    """Markup in a package title is text in the feed: it parses back to the same string and
    the XML holds no element of it."""
    project = make_project(tmp_path / "hostile", FIXTURE / "datasets")
    descriptor = project / "datasets" / "coverage" / "datapackage.json"
    package = json.loads(descriptor.read_text(encoding="utf-8"))
    package["title"] = HOSTILE
    descriptor.write_text(json.dumps(package, indent=2), encoding="utf-8")
    data = feeds_of(render(project))["data/coverage/feed.xml"]
    root = parse(data)
    assert one(root, "title").text.endswith(f": changes to {HOSTILE}")
    assert one(entries(root)[0], "title").text == f"{HOSTILE}, version 1.2.0 (release 1.2.0)"
    assert b"<script" not in data and b"<b>" not in data
    assert not [e for e in root.iter() if e.tag.split("}")[-1] in ("script", "b")]
    # The HTML content is escaped once more inside: a reader shows the title, never runs it.
    content = one(entries(root)[0], "content").text
    assert "<script" not in content and "&lt;script&gt;" in content


class Heads(HTMLParser):
    """The feed links of a page's head and the visible links of its body."""

    def __init__(self) -> None:
        super().__init__()
        self.feeds: list[dict] = []
        self.anchors: list[tuple[str, str]] = []
        self._href: str | None = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "link" and attributes.get("type") == "application/atom+xml":
            self.feeds.append(attributes)
        if tag == "a":
            self._href = attributes.get("href")
            self.anchors.append((self._href or "", ""))

    def handle_data(self, data):
        if self._href is not None:
            href, text = self.anchors[-1]
            self.anchors[-1] = (href, text + data)

    def handle_endtag(self, tag):
        if tag == "a":
            self._href = None


def test_built_pages_advertise_their_feeds(tmp_path):
    """In the built site the dataset page's head has rel="alternate feed" (never a plain
    "alternate": the theme would fetch a sitemap beside it) to its feed, with the hostile title
    escaped, and a visible 'Subscribe to changes' link; the Releases page advertises the
    releases feed; each feed is published and parses."""
    project = make_project(tmp_path / "site", SITE_FIXTURE)
    result = build(project)
    assert result.published, [p.format() for p in result.problems if p.is_error]
    site = project / "site"
    page = (site / "data" / "demo" / "index.html").read_text(encoding="utf-8")
    heads = Heads()
    heads.feed(page)
    title = json.loads((SITE_FIXTURE / "demo" / "datapackage.json").read_text())["title"]
    ours = [f for f in heads.feeds if f.get("href") == "feed.xml"]
    assert len(ours) == 1 and ours[0]["rel"] == "alternate feed"
    assert ours[0]["title"].endswith(f": changes to {title}")
    assert "<em>" in title and "&lt;em&gt;" in page.split('href="feed.xml"')[0].rsplit("<link", 1)[1]
    assert ("feed.xml", "Subscribe to changes") in heads.anchors
    assert all(f["rel"] == "alternate feed" for f in heads.feeds)
    releases_page = Heads()
    releases_page.feed((site / "releases" / "index.html").read_text(encoding="utf-8"))
    assert [f["href"] for f in releases_page.feeds if f["href"].endswith("feed.xml")
            and "updates" not in f["href"]] == ["feed.xml"]
    for path in ("data/demo/feed.xml", "releases/feed.xml"):
        root = parse((site / path).read_bytes())
        assert entries(root), path
    demo = parse((site / "data" / "demo" / "feed.xml").read_bytes())
    assert one(entries(demo)[0], "title").text == f"{title}, version 0.1.0 (release 0.1.0)"
    shutil.rmtree(project / "build", ignore_errors=True)
