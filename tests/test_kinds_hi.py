"""The generic page kinds in Hindi: home, indicator, ranking, timeline, directory, entities.

Each kind renders from copies of the real packages (and the synthetic tile grid of
test_generic_kinds) in English and in Hindi. The Hindi pages carry the engine's Hindi words
(generator/locale/hi/LC_MESSAGES/kinds.po), the publication's own texts from its catalogue
(a test catalogue written here), Hindi numbers and months, and Hindi place names where the
data has them (admin-codes' state_name_hi); their links and files are the English pages'.
"""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest
from test_generic_kinds import DIRECTORY, RANKING, TIMELINE, publication

from generator import i18n, languages
from generator.config import load_config
from generator.content import load_content
from generator.markdown import environment
from generator.model import Page
from generator.sitedata import load_site_data
from generator.validate import validate_paths

ROOT = Path(__file__).resolve().parent.parent
HOME = """  - kind: home
    title: Tap water open data
    intro: >-
      Households with a tap:
      [[fig jjm-coverage/national_timeseries[latest, source_id=S30].hh_with_tap_crore]].
    figures:
      - label: Households with a tap
        value: "[[fig jjm-coverage/national_timeseries[latest, source_id=S30].hh_with_tap_pct]]"
        detail: "as of [[fig jjm-coverage/national_timeseries[latest, source_id=S30].as_of]]"
    chart:
      title: Share of households with a tap
      resource: jjm-coverage/national_timeseries
      date: as_of
      value: hh_with_tap_pct
      markers:
        - {date: 2019-08-15, label: Launch}
      link: coverage/index.md
    places:
      title: Your State
      resource: admin-codes/states
      key: lgd_state_code
      name: state_name
      page: coverage/states/{slug}.md
      title_case: true
    links:
      - {title: Coverage, link: coverage/index.md, text: every State and UT}
"""
INDICATOR = """  - kind: indicator
    page: progress/index.md
    title: Progress
    resource: jjm-coverage/national_timeseries
    date: as_of
    value: hh_with_tap_crore
    markers:
      - {date: 2019-08-15, label: Launch}
"""
ENTITIES = """  - kind: entities
    folder: places
    title: States and Union Territories
    resource: admin-codes/states
    name: state_name
"""
# The publication's own texts in Hindi, as its catalogue would give them (test wording).
PUBLICATION_PO = {
    "Tap water open data": "नल के पानी का ओपन डेटा",
    "Households with a tap: [[fig jjm-coverage/national_timeseries[latest, source_id=S30]"
    ".hh_with_tap_crore]].":
        "नल वाले परिवार: [[fig jjm-coverage/national_timeseries[latest, source_id=S30]"
        ".hh_with_tap_crore]]।",
    "Households with a tap": "नल वाले परिवार",
    "Share of households with a tap": "नल वाले परिवारों का प्रतिशत",
    "Launch": "शुरुआत",
    "Your State": "आपका राज्य",
    "Coverage": "कवरेज",
    "Progress": "प्रगति",
    "Rural households with a tap, by State/UT": "राज्य के अनुसार नल वाले ग्रामीण परिवार",
    "State/UT": "राज्य/केंद्र शासित प्रदेश",
    "With a tap": "नल वाले",
    "The partner programme, step by step": "पार्टनर कार्यक्रम, चरण-दर-चरण",
    "Expressions of interest invited": "रुचि पत्र मँगाए गए",
    "Partner organisations": "पार्टनर संगठन",
    "State": "राज्य",
    "States and Union Territories": "राज्य और केंद्र शासित प्रदेश",
}
# Words of the kinds' own templates and code that a Hindi page must not show in English.
ENGLISH_WORDS = re.compile(r"\b(As of|Download|Sources?:|Data:|line \d|Explore|Data catalog|"
                           r"Latest updates|Every value|Ranking|Rank\b|Not reported|Why|"
                           r"In order of date|Not dated|dated steps?|Every entry|entries|"
                           r"browse them|Rows held|the table it comes from|ranks first|"
                           r"regions? reports?|rose from|fell from|Darker tiles)")


def catalogue_text(entries: dict[str, str]) -> str:
    """A .po file of `entries` (msgid: msgstr)."""
    header = ('msgid ""\nmsgstr ""\n"Language: hi\\n"\n"Content-Type: text/plain; '
              'charset=utf-8\\n"\n"Plural-Forms: nplurals=2; plural=(n > 1);\\n"\n')

    def quoted(text: str) -> str:
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return header + "".join(f"\nmsgid {quoted(k)}\nmsgstr {quoted(v)}\n"
                            for k, v in entries.items())


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    """A publication with every generic kind, its packages validated once."""
    root = publication(tmp_path_factory.mktemp("kinds-hi"),
                       HOME + INDICATOR + RANKING + TIMELINE + DIRECTORY + ENTITIES)
    file = root / "publication.yml"  # `latest` in the figures needs the rows' date field
    file.write_text(file.read_text(encoding="utf-8").replace(
        "figures:\n", "figures:\n  date_fields: [as_of, date]\n", 1), encoding="utf-8")
    folder = root / "locale" / "hi" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    (folder / "messages.po").write_text(catalogue_text(PUBLICATION_PO), encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def site_data(project: Path):
    config = load_config(project)
    data = load_site_data(config, validate_paths([config.datasets], config.root))
    return dataclasses.replace(data, content=load_content(data))


def hindi(project: Path) -> languages.Language:
    """The project's Hindi (engine's catalogue, then the test publication's)."""
    found, _ = languages.load_languages(("en", "hi"), project)
    return next(language for language in found if language.code == "hi")


def render(data, language: languages.Language) -> dict[str, Page]:
    """Every page of the generic kinds' sections in `language`, by path."""
    env = environment(data.config.template_folders, language)
    pages = {}
    for section in data.config.publication.sections:
        if section.kind in ("home", "indicator", "ranking", "timeline", "directory", "entities"):
            for output in data.config.publication.kinds[section.kind].render(
                    data, env, section.options):
                if isinstance(output, Page):
                    pages[output.path] = output
    return pages


@pytest.fixture(scope="module")
def both(project: Path, site_data) -> tuple[dict[str, Page], dict[str, Page], languages.Language]:
    """The pages in English and in Hindi, and the Hindi language they were rendered in."""
    language = hindi(project)
    return render(site_data, languages.ENGLISH), render(site_data, language), language


def words(markdown: str) -> str:
    """A page's text without its front matter, links' targets, inline HTML and anchors."""
    text = markdown.split("\n---\n", 1)[-1]
    # A table's header names the data's fields (their schema titles: data, not these kinds').
    text = re.sub(r"^\|.*\n(?=\|-)", "", text, flags=re.M)
    text = re.sub(r"\]\([^)]*\)", "]", text)
    text = re.sub(r"<[^>]+>", " ", text)
    return re.sub(r"\{: [^}]*\}", "", text)


def test_every_page_has_its_hindi_counterpart_at_the_same_path(both) -> None:
    english, hindi_pages, _ = both
    assert sorted(english) == sorted(hindi_pages)
    assert {"index.md", "progress/index.md", "coverage/ranking.md", "programme/timeline.md",
            "partners/directory.md", "places/index.md", "places/kerala.md"} <= set(english)
    for path, page in english.items():  # the same links (places sort by their Hindi names)
        ours = re.findall(r"\]\(([^)\s]+)", page.markdown)
        theirs = re.findall(r"\]\(([^)\s]+)", hindi_pages[path].markdown)
        assert sorted(ours) == sorted(theirs), path


def test_a_hindi_page_shows_none_of_the_kinds_english_words(both) -> None:
    _, hindi_pages, _ = both
    for path, page in hindi_pages.items():
        shown = words(page.markdown.split("<!--opendata-embed")[0])
        # The chart's own downloads and data table are charts.py's (not these kinds').
        shown = re.sub(r"(SVG|PNG) image|Plotted data|Vega-Lite spec|Data table of this chart"
                       r"|the data plotted", "", shown)
        assert ENGLISH_WORDS.findall(shown) == [], path


def test_the_home_page_in_hindi(both) -> None:
    english, hindi_pages, _ = both
    home = hindi_pages["index.md"].markdown
    assert 'title: "नल के पानी का ओपन डेटा"' in home and "# नल के पानी का ओपन डेटा" in home
    # The intro's figure reference is resolved after translation, in Hindi number words.
    assert re.search(r"नल वाले परिवार: \[[\d.]+ करोड़\]\(data/jjm-coverage/", home)
    assert '<span class="od-figure-label">नल वाले परिवार</span>' in home
    assert "## नल वाले परिवारों का प्रतिशत {: #home-chart }" in home
    assert re.search(r"\*\*\d+ \S+ 20\d\d की स्थिति।\*\*", home)
    assert "## और देखें" in home and "[डेटा सूची](data/index.md): सभी 4 डेटासेट" in home
    assert "[कवरेज](coverage/index.md): every State and UT" in home  # untranslated: as written
    # Places by their Hindi names from admin-codes, linked to the same pages as in English.
    assert "- [बिहार](coverage/states/bihar.md)" in home
    assert "- [Bihar](coverage/states/bihar.md)" in english["index.md"].markdown
    assert "## आपका राज्य {: #places }" in home


def test_the_ranking_in_hindi_names_regions_from_the_table_their_code_refers_to(both) -> None:
    english, hindi_pages, _ = both
    ranking = hindi_pages["coverage/ranking.md"].markdown
    assert "## रैंकिंग {: #ranking }" in ranking
    assert "| स्थान | राज्य/केंद्र शासित प्रदेश | नल वाले | स्रोत |" in ranking
    # state_coverage names Gujarat; admin-codes/states (its externalForeignKey) says गुजरात.
    assert re.search(r"\| 1 \(बराबरी पर\) \| गुजरात \| \[100\.00%\]", ranking)
    assert re.search(r"\| 1 \(tied\) \| Gujarat \| \[100\.00%\]",
                     english["coverage/ranking.md"].markdown)
    assert re.search(r"\| केरल \| \*रिपोर्ट नहीं किया गया\* \| \d+ \S+ 2025 की कोई पंक्ति नहीं \|",
                     ranking)  # a tile without a row at the latest date
    assert re.search(r"\d+ क्षेत्रों के आँकड़े रिपोर्ट किए गए हैं। \S.* पहले स्थान पर है", ranking)
    assert "## नक्शा: राज्य के अनुसार नल वाले ग्रामीण परिवार" in ranking
    assert "गहरा रंग" in ranking and "Darker" not in ranking


def test_the_indicator_and_timeline_in_hindi(both) -> None:
    _, hindi_pages, _ = both
    indicator = hindi_pages["progress/index.md"].markdown
    assert "# प्रगति" in indicator and "## हर आँकड़ा, उसके स्रोत के साथ" in indicator
    assert "| तारीख़ | आँकड़ा |" in indicator and "करोड़](" in indicator
    assert re.search(r"\*\*\d+ \S+ 2026 की स्थिति।\*\* आँकड़ा: [\d.]+ करोड़ \\\(\d+ \S+ 2019\\\) से "
                     r"[\d.]+ करोड़ .*सबसे कम [\d.]+ करोड़", indicator)
    timeline = hindi_pages["programme/timeline.md"].markdown
    assert "## तारीख़ के क्रम में" in timeline and "तारीख़ के साथ" in timeline
    assert re.search(r"### \d+ \S+ 20\d\d: रुचि पत्र मँगाए गए", timeline)
    assert re.search(r"डेटा: \[programme\\_facts, पंक्ति \d+\]", timeline)


def test_the_directory_and_entities_in_hindi(both) -> None:
    _, hindi_pages, _ = both
    directory = hindi_pages["partners/directory.md"].markdown
    assert re.search(r"\d+ प्रविष्टियाँ; इन्हें \[राज्य\]\(#facet-states\)", directory)
    assert "## राज्य के अनुसार {: #facet-states }" in directory
    assert "## सभी प्रविष्टियाँ {: #entries }" in directory
    facet = next(p.markdown for path, p in hindi_pages.items()
                 if path.startswith("partners/states/"))
    assert re.search(r"\[पार्टनर संगठन\]\(\.\./directory\.md\) की \d+ प्रविष्टियों में से \d+ में "
                     r"राज्य “", facet)
    kerala = hindi_pages["places/kerala.md"].markdown
    assert "# केरल" in kerala and "[मूल तालिका](" in kerala
    assert "[केरल](kerala.md)" in hindi_pages["places/index.md"].markdown


def test_each_publication_text_is_asked_of_the_catalogue(project: Path, site_data) -> None:
    """A text option without a Hindi translation is noted as missing (the build refuses it)."""
    language = hindi(project)
    render(site_data, language)
    assert "every State and UT" in language.missing  # a link's text the test left English
    assert "Applications received" in language.missing  # a timeline label
    assert not set(PUBLICATION_PO) & set(language.missing)


def test_english_pages_say_what_they_said(both) -> None:
    english, _, _ = both
    ranking = english["coverage/ranking.md"].markdown
    assert re.search(r"\*\*As of \d+ \w{3} 20\d\d\.\*\* \d+ regions report a value\.", ranking)
    assert "| Rank | State/UT | With a tap | Source |" in ranking
    assert "[Data catalog](data/index.md): all 4 datasets, with downloads" in english[
        "index.md"].markdown


def test_every_message_of_these_kinds_has_its_hindi() -> None:
    used = i18n.messages_used(None)
    ours = ("generator/pages/home.py", "generator/pages/indicator.py",
            "generator/pages/ranking.py", "generator/pages/timeline.py",
            "generator/pages/directory.py", "generator/pages/entities.py",
            "generator/pages/rows.py", "generator/templates/home.md.j2",
            "generator/templates/indicator.md.j2", "generator/templates/ranking.md.j2",
            "generator/templates/timeline.md.j2", "generator/templates/directory.md.j2",
            "generator/templates/directory_facet.md.j2", "generator/templates/entities.md.j2",
            "generator/templates/entity.md.j2")
    mine = {key: uses for key, uses in used.items() if any(u.path in ours for u in uses)}
    assert len(mine) > 70
    catalogue, problems = i18n.load_catalogue("hi")
    assert [p.format() for p in problems if "kinds.po" in p.path] == []
    assert [p.format() for p in i18n.check_catalogue(catalogue, mine)] == []


def test_the_hindi_catalogue_of_the_kinds_keeps_its_terms() -> None:
    """One word per concept: a row is पंक्ति, a figure आँकड़ा, a source स्रोत."""
    text = (ROOT / "generator/locale/hi/LC_MESSAGES/kinds.po").read_text(encoding="utf-8")
    translations = " ".join(re.findall(r'^msgstr(?:\[\d\])? "(.*)"$', text, re.M))
    assert "आंकड़" not in translations  # आँकड़ा, as figures.py's notes write it
    assert "पंक्ति %(line)s" in translations and "स्रोत" in translations
