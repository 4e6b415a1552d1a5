"""Content in two languages (issue 16): `<page>.hi.md` and `<update>.hi.md` beside the originals.

A translated page or update is published on the Hindi site in Hindi, its figures formatted in
Hindi; one without a translation is the English text under a visible note there; the English
site never shows a translation; a bad translation is refused at its own file and line.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from sitebuild import build, problem_lines
from test_updates import FIXTURES, site_data

from generator import figures
from generator.content import content_files, load_content
from generator.i18n import load_catalogue
from generator.languages import ENGLISH, make
from generator.markdown import environment
from generator.pages import updates
from generator.sitedata import SiteData

ROOT = Path(__file__).resolve().parents[1]
LANGUAGES = FIXTURES / "languages"
ATOM = "{http://www.w3.org/2005/Atom}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
NOTE = "यह पाठ अभी इस भाषा में नहीं लिखा गया है; इसे अंग्रेज़ी में दिखाया गया है।"


@pytest.fixture(scope="module")
def hindi():
    """The Hindi language as the build makes it (the engine's catalogue and the project's)."""
    catalogue, problems = load_catalogue("hi", ROOT)
    assert problems == []
    return make("hi", catalogue, default=False)


def with_case(project: Path, case: str) -> SiteData:
    """Site data of the fixture content with the files of `languages/<case>/` added to it."""
    shutil.copytree(FIXTURES / "site" / "content", project / "content")
    shutil.copytree(LANGUAGES / case, project / "content", dirs_exist_ok=True)
    return site_data(project)


@pytest.fixture()
def data(tmp_path) -> SiteData:
    return with_case(tmp_path, "good")


def rendered(data: SiteData, language) -> dict[str, object]:
    """The updates kind's outputs by path, rendered in `language`."""
    env = environment(data.config.template_folders, language)
    return {o.path: o for o in updates.render(data, env)}


def test_translations_are_read_as_versions_not_pages(data):
    content = load_content(data)
    assert content.problems == ()
    assert [p.relative for p in content.pages] == ["about.md", "notes.md"]
    about = content.translation("about.md", "hi")
    assert about is not None and about.document.path == "content/about.hi.md"
    assert content.translation("notes.md", "hi") is None
    by_slug = {u.slug: u for u in content.updates}
    assert sorted(by_slug) == ["latest", "launch", "milestone"]  # no update of its own
    launch = by_slug["launch"].translation("hi")
    assert (launch.title, launch.summary) == ("शुरुआत और उसकी आधार रेखा", "मिशन शुरू होता है।")
    assert by_slug["latest"].translation("hi") is None


def test_english_site_never_shows_a_translation(data, tmp_path):
    files = content_files(data)
    assert sorted(files) == ["about.md", "notes.md"]
    english_only = site_data(tmp_path / "en", content=FIXTURES / "site" / "content")
    assert files["about.md"] == content_files(english_only)["about.md"]
    assert rendered(data, ENGLISH).keys() == rendered(english_only, ENGLISH).keys()
    for path, output in rendered(english_only, ENGLISH).items():
        assert getattr(rendered(data, ENGLISH)[path], "markdown", None) == \
            getattr(output, "markdown", None), path


def test_hindi_pages_are_translated_or_english_under_a_note(data, hindi):
    files = {k: v.decode("utf-8") for k, v in content_files(data, hindi).items()}
    assert sorted(files) == ["about.md", "notes.md"]
    about = files["about.md"]
    assert about.startswith('---\ntitle: फ़िक्स्चर के बारे में\n---\n')
    # The figures of a Hindi text in Hindi: its percentage, crore and month, and notes.
    assert ('[17%](data/mini/national.md#row-2019-08-15 "Households with tap water (%): 17%; '
            '15 अगस्त 2019 की स्थिति; datasets/mini/national.csv, पंक्ति 2"){: .od-fig }') in about
    assert "[3.23 करोड़](data/mini/national.md#row-2019-08-15" in about
    assert "[15 अगस्त 2019](data/mini/national.md#row-2019-08-15" in about
    assert 'aria-label="टिप्पणी 1: यह आँकड़ा कहाँ से है"' in about
    assert '<h2 id="od-fig-notes-title">इस पेज के आँकड़े कहाँ से हैं</h2>' in about
    assert "15 अगस्त 2019 की स्थिति। स्रोत: <a href" in about
    notes = files["notes.md"]
    assert notes.startswith("---\ntitle: Notes on the fixture\n---\n\n"
                            '<div class="admonition note od-fallback" markdown="0">\n'
                            f"<p>{NOTE}</p>\n</div>\n\n"
                            '<div lang="en" markdown="1">\n\n# Notes on the fixture\n')
    assert notes.endswith("under a note.\n\n</div>\n")


def test_non_markdown_content_is_on_both_sites(data, hindi):
    assets = data.config.content / "assets"
    assets.mkdir()
    (assets / "logo.svg").write_bytes(b"<svg/>")
    assert content_files(data)["assets/logo.svg"] == b"<svg/>"
    assert content_files(data, hindi)["assets/logo.svg"] == b"<svg/>"


def test_hindi_updates(data, hindi):
    english, outputs = rendered(data, ENGLISH), rendered(data, hindi)
    assert sorted(outputs) == sorted(english)  # every page on both sites: no broken link
    launch = outputs["updates/launch.md"].markdown
    assert 'title: "शुरुआत और उसकी आधार रेखा"' in launch
    assert "from content/updates/2019-08-15-launch.hi.md: edit that file" in launch
    assert "[अपडेट](index.md) › 15 अगस्त 2019" in launch
    assert "# शुरुआत और उसकी आधार रेखा\n" in launch
    assert "लगभग [3.23 करोड़](../data/mini/national.md#row-2019-08-15" in launch
    assert "[17%](../data/mini/national.md#row-2019-08-15" in launch
    assert "## स्रोत {: data-search-exclude=\"apparatus\" }" in launch
    assert "A reply in Parliament, Test publisher, 1 दिसंबर 2024" in launch
    assert "[सभी अपडेट](index.md) · [एटम फ़ीड](feed.xml)" in launch
    assert "od-fallback" not in launch
    latest = outputs["updates/latest.md"].markdown  # no Hindi version: English, with the note
    assert "# The latest figure {: lang=\"en\" }\n" in latest
    assert f"<p>{NOTE}</p>" in latest
    assert '<div lang="en" markdown="1">\n\nThe newest national count.' in latest
    assert "Around [1,582 lakh](" in latest  # the English text keeps its English figures
    assert "[अपडेट](index.md) › 3 मार्च 2026" in latest
    listing = outputs["updates/index.md"].markdown
    assert "## [शुरुआत और उसकी आधार रेखा](launch.md)\n" in listing
    assert "## [The latest figure](latest.md) {: lang=\"en\" }\n" in listing
    assert "The newest national count.\n{: lang=\"en\" }\n" in listing
    assert "*15 अगस्त 2019* · [history](tags/history.md)" in listing
    tag = outputs["updates/tags/coverage.md"].markdown  # described in tags.hi.yml
    assert "# “coverage” टैग वाले अपडेट\n\nनल के पानी की पहुँच।\n\n" in tag
    assert "Steps in the mission's history.\n{: lang=\"en\" }" in \
        outputs["updates/tags/history.md"].markdown  # not: its English description, marked
    tags = outputs["updates/tags/index.md"].markdown
    assert "| [coverage](coverage.md) | नल के पानी की पहुँच। | 3 |" in tags
    assert ('| [history](history.md) | <span lang="en">Steps in the mission\'s history.</span> '
            '| 1 |') in tags


def test_hindi_feed_is_its_own(data, hindi):
    english = ET.fromstring(rendered(data, ENGLISH)["updates/feed.xml"].data)
    feed = ET.fromstring(rendered(data, hindi)["updates/feed.xml"].data)
    assert english.get(XML_LANG) == "en" and feed.get(XML_LANG) == "hi"
    assert feed.findtext(ATOM + "title").endswith(": अपडेट")
    entries = {e.find(ATOM + "link").get("href"): e for e in feed.findall(ATOM + "entry")}
    assert entries["launch.html"].findtext(ATOM + "title") == "शुरुआत और उसकी आधार रेखा"
    assert entries["launch.html"].get(XML_LANG) is None
    assert entries["latest.html"].findtext(ATOM + "title") == "The latest figure"
    assert entries["latest.html"].get(XML_LANG) == "en"
    ids = {e.findtext(ATOM + "id") for e in english.iter(ATOM + "entry")}
    assert ids.isdisjoint(e.findtext(ATOM + "id") for e in entries.values())


def test_latest_and_citing_updates_in_hindi(data, hindi):
    assert updates.latest(data, 3, language=hindi) == [
        {"title": "The latest figure", "link": "updates/latest.md", "date": "3 मार्च 2026",
         "lang": "en"},
        {"title": "A milestone", "link": "updates/milestone.md", "date": "1 दिसंबर 2024",
         "lang": "en"},
        {"title": "शुरुआत और उसकी आधार रेखा", "link": "updates/launch.md",
         "date": "15 अगस्त 2019", "lang": ""}]
    assert updates.citing_updates(data, hindi)["mini"][2]["title"] == "शुरुआत और उसकी आधार रेखा"


def test_figure_references_in_hindi(data, hindi):
    """Each format of a figure reference, in Hindi words; the same figures as in English."""
    cases = {"[[fig mini/national[2019-08-15].hh_with_tap_crore | lakh]]": "323 लाख",
             "[[fig mini/national[2019-08-15].hh_with_tap_crore | plain]]": "3,23,00,000",
             "[[fig mini/national[2019-08-15].hh_with_tap_crore | million]]": "32.3 मिलियन",
             "[[fig mini/national[2024-11-26].hh_with_tap_crore | worded]]":
                 "15.30 करोड़ से अधिक",  # the source's qualifier, as the publication's
                                          # catalogue words it (the figure's place in it)
             "[[fig mini/national[2026-03-03].as_of]]": "3 मार्च 2026"}
    for reference, shown in cases.items():
        text, problems = figures.resolve_text(reference, "x.md", 1, "x.md", data,
                                              language=hindi)
        assert problems == [] and text.startswith(f"[{shown}]("), (reference, text)
        english, _ = figures.resolve_text(reference, "x.md", 1, "x.md", data)
        assert english == figures.resolve_text(reference, "x.md", 1, "x.md", data,
                                               language=ENGLISH)[0]


def test_bad_translations_are_refused_at_their_lines(tmp_path):
    content = load_content(with_case(tmp_path, "bad"))
    u = "content/updates/"
    assert [p.key() for p in content.problems] == [
        ("content/about.hi.md", 2, None, "yaml-error"),
        ("content/about.hi.md", 5, None, "figure-not-found"),
        ("content/about.hi.md", 5, None, "unsafe-link-target"),
        ("content/orphan.hi.md", None, None, "missing-original"),
        (u + "2024-12-01-milestone.hi.md", 1, "summary", "missing-field"),
        (u + "2024-12-01-milestone.hi.md", 3, "date", "unknown-field"),
        (u + "2024-12-01-milestone.hi.md", 4, "tags", "unknown-field"),
        (u + "2024-12-01-milestone.hi.md", 7, None, "figure-not-found"),
        (u + "2026-03-03-latest.hi.md", 2, "title", "html-not-allowed"),
        (u + "2026-03-03-latest.hi.md", 3, "summary", "missing-field"),
        (u + "2030-01-01-nothing.hi.md", None, None, "missing-original"),
        (u + "tags.hi.yml", 2, "weather", "unknown-tag"),
        (u + "tags.hi.yml", 3, "history", "bad-tag"),
    ]
    by_code = {p.code: p.format() for p in reversed(content.problems)}  # the first of each
    assert by_code["unknown-field"] == (
        "content/updates/2024-12-01-milestone.hi.md:3:date: unknown-field: unknown key 'date'; "
        "the keys are title, summary (this is the 'hi' version of 2024-12-01-milestone.md: "
        "its date, sources, tags, datasets and slug are written there)")
    assert by_code["missing-original"].startswith(
        "content/orphan.hi.md:-:-: missing-original: this is the 'hi' version of "
        "content/orphan.md, which does not exist")


def project(target: Path, case: str) -> Path:
    """A small publication in English and Hindi: the mini dataset and the fixture content
    with the files of `languages/<case>/`."""
    shutil.copytree(LANGUAGES / "project", target)
    shutil.copytree(FIXTURES / "datasets", target / "datasets")
    with_case(target, case)
    return target


def test_build_publishes_every_page_on_both_sites(tmp_path):
    site = project(tmp_path / "good", "good") / "site"
    result = build(site.parent)
    assert result.published, [p.format() for p in result.problems if p.is_error]
    for page in ("about.html", "notes.html", "updates/launch.html", "updates/latest.html",
                 "updates/feed.xml"):
        assert (site / page).is_file() and (site / "hi" / page).is_file(), page
    assert not list(site.rglob("*.hi.html"))  # a translation is never a page of its own
    about = (site / "hi" / "about.html").read_text(encoding="utf-8")
    assert "फ़िक्स्चर के बारे में" in about and "3.23 करोड़" in about
    assert "od-fallback" not in about
    assert "od-fallback" in (site / "hi" / "notes.html").read_text(encoding="utf-8")
    english = (site / "about.html").read_text(encoding="utf-8")
    assert "About the fixture" in english and "करोड़" not in english


def test_build_refuses_a_bad_translation(tmp_path):
    """`opendata build` refuses bad Hindi content as it refuses bad English content."""
    folder = project(tmp_path / "bad", "bad")
    result = subprocess.run([sys.executable, "-m", "generator.cli", "build"], cwd=folder,
                            capture_output=True, text=True, timeout=300,
                            env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert result.returncode == 1, result.stderr
    lines = problem_lines(result.stderr)
    assert "content/orphan.hi.md:-:-: missing-original: this is the 'hi' version of " \
           "content/orphan.md, which does not exist: write the original first, or rename " \
           "this file to match it" in lines
    assert [line.split(": ")[0] for line in lines if ".hi.md" in line] == [
        "content/about.hi.md:2:-", "content/about.hi.md:5:-", "content/about.hi.md:5:-",
        "content/orphan.hi.md:-:-", "content/updates/2024-12-01-milestone.hi.md:1:summary",
        "content/updates/2024-12-01-milestone.hi.md:3:date",
        "content/updates/2024-12-01-milestone.hi.md:4:tags",
        "content/updates/2024-12-01-milestone.hi.md:7:-",
        "content/updates/2026-03-03-latest.hi.md:2:title",
        "content/updates/2026-03-03-latest.hi.md:3:summary",
        "content/updates/2030-01-01-nothing.hi.md:-:-"]
    assert not (folder / "site").exists()
