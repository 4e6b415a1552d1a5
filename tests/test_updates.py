"""Updates: front matter checked to the line, listing, pages, tags, Atom feed, CLI refusal."""

from __future__ import annotations

import dataclasses
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import yaml
from sitebuild import copy_publication, problem_lines

from generator.cache import Store
from generator.config import load_config
from generator.content import load_content
from generator.markdown import environment
from generator.model import Page
from generator.pages import updates
from generator.sitedata import SiteData, load_site_data
from generator.validate import validate_paths

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures" / "content"
TAGS = FIXTURES / "site" / "content" / "updates" / "tags.yml"
ATOM = "{http://www.w3.org/2005/Atom}"
U = "content/updates/"


def site_data(project: Path, datasets: Path = FIXTURES / "datasets",
              content: Path | None = FIXTURES / "site" / "content",
              site_url: str | None = None) -> SiteData:
    """SiteData for a project folder holding copies of `datasets` and `content`."""
    if not (project / "datasets").exists():
        shutil.copytree(datasets, project / "datasets")
    if content is not None and not (project / "content").exists():
        shutil.copytree(content, project / "content")
    config = dataclasses.replace(load_config(ROOT), root=project, datasets=project / "datasets",
                                 content=project / "content", build_dir=project / "build",
                                 site_url=site_url)
    validation = validate_paths([config.datasets], project)
    assert validation.valid, [p.format() for p in validation.problems]
    return load_site_data(config, validation, Store(config.build_dir / ".cache"))


def case_data(tmp_path: Path, case: str) -> SiteData:
    """A project whose content/updates/ is the front-matter fixture `case` plus the fixture tags."""
    shutil.copytree(FIXTURES / "frontmatter" / case, tmp_path / "content" / "updates")
    shutil.copy(TAGS, tmp_path / "content" / "updates" / "tags.yml")
    return site_data(tmp_path, content=None)


FRONT_MATTER_CASES = {
    "missing-fields": [
        (U + "empty.md", 2, "title", "missing-field"),
        (U + "empty.md", 4, "summary", "missing-field"),
        (U + "empty.md", 5, "tags", "missing-field"),
        (U + "empty.md", 6, "sources", "missing-field"),
        (U + "missing.md", 1, "sources", "missing-field"),
        (U + "missing.md", 1, "summary", "missing-field"),
        (U + "missing.md", 1, "tags", "missing-field"),
    ],
    "bad-dates": [
        (U + "dates.md", 3, "date", "bad-date"),
        (U + "dates.md", 9, "sources[1].date", "bad-date"),
        (U + "dates.md", 12, "sources[2].date", "bad-date"),
        (U + "day-only.md", 3, "date", "bad-date"),
    ],
    "unknown-names": [
        (U + "names.md", 7, "tags", "unknown-tag"),
        (U + "names.md", 10, "datasets", "unknown-dataset"),
    ],
    "duplicate-slug": [
        (U + "2025-01-01-same.md", None, "slug", "duplicate-slug"),
        (U + "other.md", 6, "slug", "duplicate-slug"),
    ],
    "structure": [
        (U + "broken-yaml.md", 5, None, "yaml-error"),
        (U + "list.md", 2, None, "front-matter-error"),
        (U + "no-front-matter.md", 1, None, "front-matter-error"),
        (U + "unclosed.md", 1, None, "front-matter-error"),
    ],
    "not-utf8": [(U + "latin1.md", 2, None, "encoding-error")],
    "html": [
        (U + "html.md", 2, "title", "html-not-allowed"),
        (U + "html.md", 4, "summary", "html-not-allowed"),
    ],
    "types": [
        (U + "types.md", 2, "title", "type-error"),
        (U + "types.md", 5, "tags", "type-error"),
        (U + "types.md", 6, "datasets", "type-error"),
        (U + "types.md", 7, "sources", "type-error"),
    ],
    "keys": [
        (U + "keys.md", 1, "tags", "missing-field"),
        (U + "keys.md", 3, "title", "duplicate-field"),
        (U + "keys.md", 6, "tag", "unknown-field"),
        (U + "keys.md", 10, "sources[1].link", "unknown-field"),
    ],
    "sources": [
        (U + "sources.md", 9, "sources[1].url", "bad-url"),
        (U + "sources.md", 12, "sources[2].id", "unknown-source"),
        (U + "sources.md", 17, "sources[3].url", "source-mismatch"),
        (U + "sources.md", 18, "sources[4].publisher", "missing-field"),
        (U + "sources.md", 19, "sources[5]", "type-error"),
    ],
    "bad-slug": [
        (U + "Capital_Letters.md", None, "slug", "bad-slug"),
        (U + "reserved.md", 6, "slug", "bad-slug"),
    ],
}


@pytest.mark.parametrize("case", sorted(FRONT_MATTER_CASES))
def test_front_matter_problems(tmp_path, case):
    """Each bad-input case gives exactly these (path, row, field, code), and no update."""
    content = load_content(case_data(tmp_path, case))
    assert [p.key() for p in content.problems] == FRONT_MATTER_CASES[case]
    expected_slugs = ["same"] if case == "duplicate-slug" else []
    assert [u.slug for u in content.updates] == expected_slugs


def test_problem_messages_say_what_was_expected(tmp_path):
    content = load_content(case_data(tmp_path, "bad-dates"))
    assert content.problems[0].format() == (
        "content/updates/dates.md:3:date: bad-date: expected a date as YYYY-MM-DD, "
        "found '2024-02-30'")
    content = load_content(case_data(tmp_path / "b", "unknown-names"))
    assert content.problems[0].format() == (
        "content/updates/names.md:7:tags: unknown-tag: unknown tag 'weather'; add it to "
        "tags.yml first, or use one of coverage, history, unused")


def test_tag_vocabulary_problems(tmp_path):
    data = site_data(tmp_path)
    tags = tmp_path / "content" / "updates" / "tags.yml"
    tags.write_text("# Tags\ncoverage: Coverage.\nBad Tag: Not a slug.\nempty:\n"
                    "coverage: Again.\nindex: The tag index's own name.\n", encoding="utf-8")
    assert [p.key() for p in load_content(data).problems] == [
        (U + "2019-08-15-launch.md", 5, "tags", "unknown-tag"),
        (U + "tags.yml", 3, "Bad Tag", "bad-tag"),
        (U + "tags.yml", 4, "empty", "bad-tag"),
        (U + "tags.yml", 5, "coverage", "bad-tag"),
        (U + "tags.yml", 6, "index", "bad-tag"),
    ]
    tags.unlink()
    keys = [p.key() for p in load_content(data).problems]
    assert keys[-1] == (U + "tags.yml", None, None, "missing-file")


def test_figure_problems_in_an_update(tmp_path):
    data = site_data(tmp_path)
    post = tmp_path / "content" / "updates" / "2024-12-01-milestone.md"
    post.write_text(post.read_text(encoding="utf-8") + "\nAnd [[fig mini/national[2020-01-01]"
                    ".hh_with_tap_pct]], [[fig mini/national[as_of_precision=day].as_of]]\n"
                    "and [[fig mini/national[2026-03-03].hh_with_tap_pct]].\n", encoding="utf-8")
    content = load_content(data)
    assert [p.key() for p in content.problems] == [
        (U + "2024-12-01-milestone.md", 16, None, "figure-ambiguous"),
        (U + "2024-12-01-milestone.md", 16, None, "figure-not-found"),
        (U + "2024-12-01-milestone.md", 17, None, "figure-not-reported"),
    ]
    assert "milestone" not in [u.slug for u in content.updates]


def test_hand_written_page_problems(tmp_path):
    """Hand-written pages: front matter must be YAML; figures are checked at their line."""
    data = site_data(tmp_path)
    about = tmp_path / "content" / "about.md"
    about.write_text(about.read_text(encoding="utf-8").replace(
        "[2019-08-15].hh_with_tap_pct]] of", "[2019-08-16].hh_with_tap_pct]] of"),
        encoding="utf-8")
    (tmp_path / "content" / "broken.md").write_text("---\ntitle: [oops\n---\n\nText.\n",
                                                    encoding="utf-8")
    assert [p.key() for p in load_content(data).problems] == [
        ("content/about.md", 7, None, "figure-not-found"),
        ("content/broken.md", 2, None, "yaml-error"),
    ]


def test_fixture_updates_are_valid_and_newest_first(tmp_path):
    content = load_content(site_data(tmp_path))
    assert content.problems == ()
    assert [(u.slug, u.date) for u in content.updates] == [
        ("latest", "2026-03-03"), ("milestone", "2024-12-01"), ("launch", "2019-08-15")]
    assert content.updates[2].title == "The launch & its baseline"
    assert content.updates[2].sources[0].registry == "mini/M1"


def rendered(data: SiteData) -> dict[str, object]:
    """The updates page kind's outputs by path."""
    return {o.path: o for o in updates.render(data, environment(data.config.templates))}


def test_render_outputs(tmp_path):
    outputs = rendered(site_data(tmp_path))
    assert sorted(outputs) == [
        "updates/feed.xml", "updates/index.md", "updates/latest.md", "updates/launch.md",
        "updates/milestone.md", "updates/tags/coverage.md", "updates/tags/history.md",
        "updates/tags/index.md"]
    launch = outputs["updates/launch.md"].markdown
    assert 'title: "The launch &amp; its baseline"' in launch  # escaped for the theme
    assert "# The launch &amp; its baseline" in launch
    assert ('About [3.23 crore](../data/mini/national.md#row-2019-08-15 "Households with tap '
            'water (crore): 3.23 crore = 3,23,00,000; as of 15 Aug 2019; '
            'datasets/mini/national.csv line 2"){: .od-fig }<sup class="od-fig-ref" '
            'id="od-fig-ref-1"><a href="#od-fig-1" aria-label="Note 1: where this figure comes '
            'from">1</a></sup> households') in launch
    assert '<li id="od-fig-1"><strong>3.23 crore</strong>: Households with tap water' in launch
    assert "[mini/M1](../data/mini/index.md#source-M1)" in launch
    assert "- [Mini coverage package](../data/mini/index.md)" in launch
    assert "[history](tags/history.md), [coverage](tags/coverage.md)" in launch
    latest = outputs["updates/latest.md"].markdown
    assert "An undated note, Test publisher, date not printed · source registry" in latest
    tags = outputs["updates/tags/index.md"].markdown
    assert "| [coverage](coverage.md) | Tap-water coverage. | 3 |" in tags
    assert "| unused | A tag no update carries. | 0 |" in tags


def test_listing_is_paginated_newest_first(tmp_path):
    data = site_data(tmp_path)
    content = load_content(data)
    pages = updates.listing_pages(list(content.updates), content.tags,
                                  environment(data.config.templates), per_page=2)
    assert [p.path for p in pages] == ["updates/index.md", "updates/page-2.md"]
    first, second = (p.markdown for p in pages)
    assert re.findall(r"^## \[.*?\]\((.*?)\)", first, re.M) == ["latest.md", "milestone.md"]
    assert re.findall(r"^## \[.*?\]\((.*?)\)", second, re.M) == ["launch.md"]
    assert "[Older updates →](page-2.md)" in first and "Newer" not in first
    assert "[← Newer updates](index.md)" in second and "Older" not in second
    assert "# Updates (page 2 of 2)" in second


def feed_entries(feed: bytes) -> tuple[ET.Element, list[dict]]:
    """The parsed feed and its entries as {title, id, link, published, updated, tags}."""
    root = ET.fromstring(feed)
    assert root.tag == ATOM + "feed"
    entries = [{"title": e.findtext(ATOM + "title"), "id": e.findtext(ATOM + "id"),
                "link": e.find(ATOM + "link").get("href"),
                "published": e.findtext(ATOM + "published"),
                "updated": e.findtext(ATOM + "updated"),
                "tags": [c.get("term") for c in e.findall(ATOM + "category")]}
               for e in root.findall(ATOM + "entry")]
    return root, entries


def test_feed_parses_and_lists_every_update_with_its_date(tmp_path):
    feed = rendered(site_data(tmp_path))["updates/feed.xml"].data
    assert feed.startswith(b"<?xml version='1.0' encoding='utf-8'?>\n")
    root, entries = feed_entries(feed)
    assert root.findtext(ATOM + "updated") == "2026-03-03T00:00:00Z"
    assert [(e["title"], e["link"], e["published"], e["updated"], e["tags"]) for e in entries] == [
        ("The latest figure", "latest.html", "2026-03-03T00:00:00Z", "2026-03-03T00:00:00Z",
         ["coverage"]),
        ("A milestone", "milestone.html", "2024-12-01T00:00:00Z", "2024-12-01T00:00:00Z",
         ["coverage"]),
        ("The launch & its baseline", "launch.html", "2019-08-15T00:00:00Z",
         "2019-08-15T00:00:00Z", ["history", "coverage"]),
    ]
    assert len({e["id"] for e in entries}) == 3
    assert all(e["id"].startswith("urn:uuid:") for e in entries)
    assert [link.get("rel") for link in root.findall(ATOM + "link")] == ["alternate"]


def test_feed_links_are_absolute_only_with_a_site_url(tmp_path):
    plain = rendered(site_data(tmp_path / "a"))["updates/feed.xml"].data
    data = site_data(tmp_path / "b", site_url="https://data.example.org/jjm/")
    root, entries = feed_entries(rendered(data)["updates/feed.xml"].data)
    assert entries[0]["link"] == "https://data.example.org/jjm/updates/latest.html"
    links = {link.get("rel"): link.get("href") for link in root.findall(ATOM + "link")}
    assert links == {"alternate": "https://data.example.org/jjm/updates/index.html",
                     "self": "https://data.example.org/jjm/updates/feed.xml"}
    # ids do not depend on where the site lives
    assert [e["id"] for e in entries] == [e["id"] for e in feed_entries(plain)[1]]


def test_citing_updates_and_latest(tmp_path):
    data = site_data(tmp_path)
    assert updates.citing_updates(data) == {"mini": [
        {"title": "The latest figure", "link": "../../updates/latest.md", "date": "3 Mar 2026",
         "lang": ""},
        {"title": "A milestone", "link": "../../updates/milestone.md", "date": "1 Dec 2024",
         "lang": ""},
        {"title": "The launch & its baseline", "link": "../../updates/launch.md",
         "date": "15 Aug 2019", "lang": ""}]}
    assert updates.latest(data, 2) == [
        {"title": "The latest figure", "link": "updates/latest.md", "date": "3 Mar 2026", "lang": ""},
        {"title": "A milestone", "link": "updates/milestone.md", "date": "1 Dec 2024", "lang": ""}]


def test_render_is_deterministic(tmp_path):
    first = rendered(site_data(tmp_path / "a"))
    second = rendered(site_data(tmp_path / "b"))
    assert {k: getattr(v, "markdown", None) or v.data for k, v in first.items()} == \
        {k: getattr(v, "markdown", None) or v.data for k, v in second.items()}


# Integrity over the real content/ and datasets/.

@pytest.fixture(scope="module")
def real() -> SiteData:
    config = load_config(ROOT)
    validation = validate_paths([config.datasets], ROOT)
    return load_site_data(config, validation)


def real_front_matter() -> dict[str, dict]:
    """The front matter of every real update file (not its translations), by file name."""
    out = {}
    for path in sorted((ROOT / "content" / "updates").glob("*.md")):
        if path.name != "README.md" and not path.name.endswith(".hi.md"):
            out[path.name] = yaml.safe_load(path.read_text(encoding="utf-8").split("---")[1])
    return out


def test_real_updates_are_valid(real):
    content = load_content(real)
    assert [p.format() for p in content.problems] == []
    assert len(content.updates) == len(real_front_matter()) >= 6
    for update in content.updates:
        assert update.sources, update.slug


def test_real_feed_lists_every_update_with_its_date(real):
    feed = updates.feed(real, list(load_content(real).updates))
    _, entries = feed_entries(feed)
    expected = sorted(((str(m["date"]) + "T00:00:00Z", m["title"])
                       for m in real_front_matter().values()), reverse=True)
    assert [(e["published"], e["title"]) for e in entries] == expected


# A number with a unit, a percentage or a grouped number: written by hand, not from the data.
HAND_WRITTEN_NUMBER = re.compile(r"\d[\d,.]*\s*(?:crore|lakh|%|per ?cent|करोड़|लाख|प्रतिशत)"
                                 r"|\d{1,3}(?:,\d{2,3})+", re.I)


def test_real_updates_take_their_numbers_from_the_data(real):
    """Figures in the real updates use the figure syntax; titles and summaries cite none."""
    for update in load_content(real).updates:
        for version in (update, *update.translations):  # and in each translation (issue 16)
            body = re.sub(r"\[\[fig .*?\]\](?!\])", "FIGURE", version.document.body)
            for text in (version.title, version.summary, body):
                assert not HAND_WRITTEN_NUMBER.search(text), (version.document.path, text)
            assert "FIGURE" in body, version.document.path


def test_cli_build_refuses_a_bad_update_and_keeps_the_old_site(tmp_path):
    """A bad update makes `opendata build` exit 1, print every problem, leave site/ alone."""
    copy_publication(tmp_path)
    shutil.copytree(ROOT / "datasets", tmp_path / "datasets")
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("the old site", encoding="utf-8")
    (tmp_path / "content" / "updates" / "2026-04-01-bad.md").write_text(
        "---\ntitle: A bad update\ndate: 2026-04-31\nsummary: Bad.\ntags: [weather]\n"
        "sources:\n  - name: A source\n    publisher: A publisher\n---\n\n"
        "Coverage was [[fig jjm-coverage/national_timeseries[as_of=2099-01-01, source_id=S30]"
        ".hh_with_tap_pct]].\n",
        encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "generator.cli", "build"], cwd=tmp_path,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 1, result.stderr
    assert problem_lines(result.stderr) == [
        line for line in problem_lines(result.stderr) if "warning:" in line] + [
        "content/updates/2026-04-01-bad.md:3:date: bad-date: expected a date as YYYY-MM-DD, "
        "found '2026-04-31'",
        "content/updates/2026-04-01-bad.md:5:tags: unknown-tag: unknown tag 'weather'; add it "
        "to tags.yml first, or use one of coverage, economic-survey, jammu-and-kashmir, "
        "livelihoods, mission-history, parliament, sector-partners",
        "content/updates/2026-04-01-bad.md:11:-: figure-not-found: [[fig jjm-coverage/"
        "national_timeseries[as_of=2099-01-01, source_id=S30].hh_with_tap_pct]]: no row of "
        "jjm-coverage/national_timeseries has as_of = '2099-01-01', source_id = 'S30' (see "
        "data/jjm-coverage/national_timeseries.md)",
    ]
    assert "nothing was published" in result.stderr
    assert sorted(p.name for p in site.iterdir()) == ["index.html"]
    assert (site / "index.html").read_text(encoding="utf-8") == "the old site"
    assert not (tmp_path / "build" / "docs").exists()


def test_pages_are_pages(tmp_path):
    outputs = rendered(site_data(tmp_path))
    assert all(isinstance(o, Page) for p, o in outputs.items() if p.endswith(".md"))
