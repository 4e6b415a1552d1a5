"""The publication's own page kinds in Hindi: translated words, Hindi State/UT names, same paths."""

from __future__ import annotations

import dataclasses
import re
import sys
from pathlib import Path

import pytest

from generator import i18n, languages
from generator.config import load_config
from generator.markdown import environment
from generator.model import Page
from generator.sitedata import SiteData, load_site_data
from generator.validate import validate_paths
from page_kinds import coverage, districts, livelihoods, partners, state_figures, states

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
import release  # noqa: E402  (bench/ is not a package: the synthetic village-level release)

TEMPLATES = ROOT / "site_templates"
MINE = ("page_kinds/coverage.py", "page_kinds/states.py", "page_kinds/state_figures.py",
        "page_kinds/districts.py", "page_kinds/partners.py", "page_kinds/livelihoods.py",
        "site_templates/")
DEVANAGARI = re.compile("[\u0900-\u097f]")


@pytest.fixture(scope="module")
def data() -> SiteData:
    config = load_config(ROOT)
    validation = validate_paths([config.datasets], config.root)
    assert validation.valid
    return load_site_data(config, validation)


@pytest.fixture(scope="module")
def hindi() -> languages.Language:
    catalogue, problems = i18n.load_catalogue("hi", ROOT)
    assert problems == []
    return languages.make("hi", catalogue, default=False)


def state_page(data: SiteData, language: languages.Language, slug: str) -> str:
    """One State/UT page's Markdown, as states.render writes it, without drawing its chart."""
    env = environment(TEMPLATES, language)
    table = coverage.latest_table(data, language)
    entry = next(e for e in table.entries if e.slug == slug)
    registry = states.source_registry(data, language)
    held = state_figures.state_figures(
        data, state_figures.rows_by_state(data), entry.code,
        {sid: s["iso_date"] for sid, s in registry.items()}, language)
    context = states.state_context(table, entry, registry, held, states.india_points(data))
    return env.get_template("state.md.j2").render(**context, chart=None, downloads=[])


def test_no_message_of_these_kinds_lacks_its_hindi() -> None:
    _, problems = i18n.check_languages(["hi"], ROOT)
    mine = [p.format() for p in problems if any(
        part in p.message or p.path.startswith(part) for part in MINE)
        or p.path == "locale/hi/LC_MESSAGES/messages.po"]
    assert mine == []
    used = i18n.messages_used(ROOT)
    catalogue, _ = i18n.load_catalogue("hi", ROOT)
    # Every message these kinds mark is used somewhere and translated into Devanagari words
    # (a translation may keep a placeholder-only message as it is).
    own = [key for key, uses in used.items() if any(u.path.startswith(MINE) for u in uses)]
    assert len(own) > 250
    untranslated = [key for key, _ in own if catalogue.gettext(key) == key
                    and DEVANAGARI.search(key) is None and re.sub(r"%\(\w+\)s", "", key).strip(
                        " ().,;:") not in ("", "n/r")]
    assert untranslated == []


def test_state_names_are_hindi_from_the_data_and_slugs_stay_english(data, hindi) -> None:
    english = coverage.latest_table(data)
    table = coverage.latest_table(data, hindi)
    assert [e.slug for e in table.entries] == [e.slug for e in english.entries]
    bihar = next(e for e in table.entries if e.slug == "bihar")
    assert (bihar.name, bihar.english, bihar.untranslated) == ("बिहार", "Bihar", False)
    hindi_names = dict(zip(data.frame("admin-codes", "states")["lgd_state_code"].astype(int),
                           data.frame("admin-codes", "states")["state_name_hi"], strict=True))
    assert all(e.name == hindi_names[e.code] for e in table.entries)
    # English pages keep the English names and no language note.
    assert all(not e.untranslated and e.english == "" for e in english.entries)


def test_a_blank_hindi_name_shows_the_english_one_with_a_note(data, hindi) -> None:
    admin = data.frame("admin-codes", "states").copy()
    admin.loc[admin["lgd_state_code"] == "10", "state_name_hi"] = ""
    frames = {key: data.frames[key] for key in data.frames}
    frames[("admin-codes", "states")] = admin
    blank = dataclasses.replace(data, frames=frames)
    bihar = next(e for e in coverage.latest_table(blank, hindi).entries if e.code == 10)
    assert (bihar.name, bihar.untranslated) == ("Bihar", True)
    page = state_page(blank, hindi, "bihar")
    assert '# <span lang="en">Bihar</span>\n' in page  # English, marked so
    assert "डेटा में इस राज्य/केंद्र शासित प्रदेश का नाम हिन्दी में नहीं है" in page
    # In the table of all States/UTs the English name is marked as English.
    table = coverage.table_context(coverage.latest_table(blank, hindi))
    assert '<a href="states/bihar.html"><span lang="en">Bihar</span></a>' in table


def test_the_data_s_english_on_a_state_page_is_marked(data, hindi) -> None:
    """Caveats, notes, district names as printed and the sources' titles and publishers are
    the data's English: lang="en" on the Hindi page, none on the English one."""
    hindi_page, english_page = state_page(data, hindi, "odisha"), state_page(
        data, languages.ENGLISH, "odisha")
    assert 'lang="en"' not in english_page
    caveat = re.search(r'<span class="od-caveat">सावधानी: (.*?)</span> \|', hindi_page)
    assert caveat and caveat.group(1).startswith('<span lang="en">'), caveat
    districts = hindi_page.split("{: #districts }")[1].split("</div>")[0]
    rows = [line for line in districts.splitlines() if line.startswith("| ")][2:]
    assert rows and all(line.startswith('| <span lang="en">') for line in rows), rows[:3]
    sources = hindi_page.split("\n## स्रोत\n")[1]
    items = [line for line in sources.splitlines() if line.startswith("- ")]
    assert items and all(' · <span lang="en">' in line for line in items), items[:3]
    # The source of each figure: its id, its publisher (English, marked), its date in Hindi.
    assert re.search(r'\[S\d+ · <span lang="en">[^<]+</span>, \d+ \S+ 20\d\d\]\(', hindi_page)
    # No English word of the page's own left outside a mark (ids and links aside). Not yet
    # marked: a quoted figure's English unit and metric beside its Hindi number words.
    own = r'<span lang="en">.*?</span>|\]\([^)]*\)|`[^`]*`|\{: #[^}]*\}|<!--.*?-->|<[^>]+>'
    text = re.sub(own + r"|[\w\\]+\.csv", " ", hindi_page.split("---", 2)[2])
    assert not re.search(r"\b(?:caveat|[Ss]ource|[Dd]istrict|not reported|row)\b", text)


def test_the_bihar_page_is_hindi_with_its_name_in_title_and_heading(data, hindi) -> None:
    page = state_page(data, hindi, "bihar")
    assert page.startswith('---\ntitle: "बिहार: नल के पानी की पहुँच"\n')
    assert "\n# बिहार\n" in page
    for heading in ("## बिहार कहाँ है {: #standing }", "## समय के साथ कवरेज {: #over-time }",
                    "## बिहार के हमारे पास के सभी आँकड़े {: #every-figure }", "## स्रोत"):
        assert heading in page
    assert "| तारीख़ | आँकड़ा | स्रोत और पंक्ति |" in page
    assert "LGD राज्य कोड 10" in page and "[कवरेज](../index.md)" in page
    # A caveat recorded in the data is shown as the data gives it (English, marked so), its
    # label translated.
    assert ('<span class="od-caveat">सावधानी: <span lang="en">The article\'s other figures are '
            "lower than earlier ones in places: treat with care.</span></span>") in page
    assert "caveat:" not in page
    assert "(वर्ष अनुमानित)" in page and "(year inferred)" not in page
    # Hindi month names and Indian units, the same figures.
    assert "160.36 लाख" in page and "4 दिसंबर 2025" in page
    english = state_page(data, languages.ENGLISH, "bihar")
    assert "\n# Bihar\n" in english and "160.36 lakh" in english
    assert re.findall(r"\b\d+(?:\.\d+)?%", page) == re.findall(r"\b\d+(?:\.\d+)?%", english)


def test_the_coverage_table_and_rankings_name_states_in_hindi(data, hindi) -> None:
    table = coverage.latest_table(data, hindi)
    html = coverage.table_context(table)
    assert '<a href="states/bihar.html">बिहार</a>' in html
    assert '<th scope="col" data-sort="text">राज्य/केंद्र शासित प्रदेश</th>' in html
    assert "Rank" not in html and "not reported" not in html
    ranking = coverage.ranking_frame(table)
    assert "बिहार" in set(ranking["state"])
    description = coverage.ranking_chart(table).description
    assert description.endswith("।") and "राज्य/केंद्र शासित प्रदेश तालिका" in description


def test_partners_pages_are_hindi_at_the_same_paths(data, hindi) -> None:
    english = {p.path: p.markdown for p in partners.render(data, environment(TEMPLATES))}
    pages = {p.path: p.markdown for p in partners.render(data, environment(TEMPLATES, hindi))}
    assert set(pages) == set(english)
    page = pages[partners.PAGE]
    assert page.startswith('---\ntitle: "सेक्टर पार्टनर"\n')
    for text in ("# सेक्टर पार्टनर", "## कार्यक्रम, क़दम-दर-क़दम", "## संगठनों की सूची {: #directory }",
                 '!!! note "सेक्टर पार्टनरों की आधिकारिक सूची नहीं"', "<summary>राज्य के अनुसार (",
                 '<option value="">सभी राज्य</option>', "विषय:", "संबंध:", "भूमिका:",
                 '<button type="reset">सब दिखाएँ</button>'):
        assert text in page, text
    for text in ("Themes:", "Relationship:", "All states", "By State", "Show all"):
        assert text not in page, text
    # The admonition's body keeps its indentation (every line of it inside the note).
    note = page.split('!!! note "सेक्टर पार्टनरों की आधिकारिक सूची नहीं"\n', 1)[1].split("\n\n")[0]
    assert all(line.startswith("    ") for line in note.splitlines())
    # Facet values are the data's (English), their labels Hindi.
    facet = next(text for path, text in pages.items() if path.startswith("partners/state/"))
    assert "[सेक्टर पार्टनर](../index.md)" in facet and "## संगठन" in facet


def test_livelihoods_words_and_chart_axis_in_hindi(data, hindi) -> None:
    sources = livelihoods.source_index(data, hindi)
    rows = livelihoods.jkrlm_rows(data, sources, hindi)
    plotted = [r for r in rows if r["plotted"]]
    assert {r["series"] for r in plotted} <= set(livelihoods.series_order(hindi))
    assert "स्वयं सहायता समूह" in {r["series"] for r in plotted}
    spec = livelihoods.jkrlm_spec(plotted, "t", ["s"], language=hindi)
    assert "+ ' लाख' :" in spec["spec"]["layer"][0]["encoding"]["y"]["axis"]["labelExpr"]
    english = livelihoods.jkrlm_spec([{**r, "series": livelihoods.CHART_SERIES[r["metric"]][0],
                                       "panel": livelihoods.CHART_SERIES[r["metric"]][1]}
                                      for r in plotted], "t", ["s"])
    assert "+ ' lakh' :" in english["spec"]["layer"][0]["encoding"]["y"]["axis"]["labelExpr"]
    description = livelihoods.describe(plotted, hindi)
    assert description.startswith("जम्मू-कश्मीर में ") and description.endswith("।")
    assert livelihoods.label("shgs_promoted_lakh", hindi) == "बनाए गए स्वयं सहायता समूह"


def test_district_pages_in_hindi_keep_district_names_and_paths(tmp_path: Path, hindi) -> None:
    project = release.write_release(tmp_path / "release", scale=release.Scale(
        villages=300, blocks=12, districts=6, partners=3, updates=1))
    config = load_config(project)
    data = load_site_data(config, validate_paths([config.datasets], project))
    english = {o.path: o.markdown for o in districts.render(data, environment(config.templates))
               if isinstance(o, Page)}
    pages = {o.path: o.markdown for o in districts.render(
        data, environment(config.templates, hindi)) if isinstance(o, Page)}
    assert set(pages) == set(english) and len(pages) > 3
    index = pages["districts/index.md"]
    assert "# ज़िलेवार गाँव" in index and "| राज्य/केंद्र शासित प्रदेश | ज़िले | गाँव |" in index
    assert "हर घर जल प्रमाणित" in index and "Har Ghar Jal" not in index
    district = next(text for path, text in pages.items() if path.count("/") == 3)
    english_district = english[next(p for p in pages if pages[p] == district)]
    # District names have no Hindi source: the heading is the same English name, marked so
    # (a screen reader reads it in English); the English page has no mark.
    heading = re.search(r"^# (.+)$", english_district, re.M).group(1)
    assert f'\n# <span lang="en">{heading}</span>\n' in district
    assert 'lang="en"' not in english_district and "lang=" not in english["districts/index.md"]
    assert "| ब्लॉक | गाँव | परिवार | नल कनेक्शन वाले | हिस्सा |" in district
    # Block names (the data's, English) in the block table, marked; the dataset's Hindi title.
    blocks = [line for line in district.splitlines() if line.startswith("| ")][2:]
    assert blocks and all(line.startswith('| <span lang="en">') or "ब्लॉक" in line.split("|")[1]
                          for line in blocks), blocks
    state_page = next(text for path, text in pages.items() if path.count("/") == 2
                      and path != "districts/index.md")
    assert '| [<span lang="en">' in state_page  # each district's English name in its table
    # The State/UT in its breadcrumb is the admin-codes Hindi name (the release copies them).
    assert coverage.names_in(data, hindi)
    assert DEVANAGARI.search(district.split("\n# ", 1)[0].rsplit("›", 2)[1])
