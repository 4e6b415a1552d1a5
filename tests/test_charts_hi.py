"""Charts in Hindi (issue 16, item 7): Hindi words in the specs, the shipped Devanagari face,
Devanagari shaped right in the PNGs, and the words around a chart (downloads, data table, embed
page and snippet) in Hindi; the English charts stay as they were (tests/test_charts.py goldens).
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from types import SimpleNamespace

import pandas as pd
import pytest
import test_charts as fixture

from generator import charts, embeds, fonts, i18n, languages
from generator.model import Asset, Page
from page_kinds import coverage, coverage_charts

ROOT = Path(__file__).resolve().parent.parent
HINDI_MARKS = pd.DataFrame([{"date": "2019-08-15", "label": "शुरुआत, 15 अगस्त 2019"},
                            {"date": "2024-12-31", "label": "लक्ष्य: 2024 तक हर ग्रामीण परिवार"}])
STATES = ["गोवा", "बिहार", "पश्चिम बंगाल", "अंडमान और निकोबार द्वीपसमूह"]


@pytest.fixture(scope="module")
def hindi() -> languages.Language:
    """Hindi with the engine's and this publication's catalogues."""
    catalogue, problems = i18n.load_catalogue("hi", ROOT)
    assert not [p for p in problems if "charts.po" in p.path], problems
    return languages.make("hi", catalogue, default=False)


def hindi_specs(hindi) -> dict[str, dict]:
    """The fixture's three charts, wide and phone layouts, drawn in Hindi."""
    points = coverage.national_points(fixture.NATIONAL)
    ranking = fixture.RANKING.assign(state=STATES)
    domain = ["2019-01-01", "2026-12-31"]
    return {
        "national": coverage_charts.national_progress_spec(
            points, HINDI_MARKS, "नल कनेक्शन वाले ग्रामीण परिवार", ["स्रोत: फ़िक्स्चर।"], domain,
            language=hindi),
        "national_narrow": coverage_charts.national_progress_spec(
            points, fixture.NARROW_MARKS, "नल कनेक्शन", ["स्रोत"], domain, narrow=True,
            language=hindi),
        "ranking": coverage_charts.ranking_spec(ranking, "रैंकिंग", ["स्रोत"], language=hindi),
        "ranking_narrow": coverage_charts.ranking_spec(ranking, "रैंकिंग", ["स्रोत"], narrow=True,
                                                       language=hindi),
        "tile_map": coverage_charts.tile_map_spec(fixture.TILES, 2, 2, "नक्शा", ["स्रोत"],
                                                  language=hindi),
    }


def test_english_is_the_default_and_unchanged():
    """language=ENGLISH gives the golden English specs, in the Latin face."""
    english = languages.ENGLISH
    spec = coverage_charts.ranking_spec(fixture.RANKING, "Ranked", ["As of 4 Dec 2025.",
                                                                    "Source: S27."],
                                        language=english)
    golden = (fixture.GOLDEN / "ranking.vl.json").read_text(encoding="utf-8")
    assert charts.spec_json(spec) == golden
    assert charts.in_language(spec, english) is spec


def test_hindi_specs_name_the_devanagari_face_and_say_hindi_words(hindi):
    """Axis and legend titles, bands, series and wordings are Hindi; no English name is left."""
    specs = hindi_specs(hindi)
    for name, spec in specs.items():
        assert spec["config"]["font"] == fonts.DEVANAGARI_FONT, name
        text = json.dumps(spec, ensure_ascii=False)
        for english in ("Rural households", "Coverage", "Source's wording", "below 60%",
                        "Not reported in this table", "Not in JJM", "With a tap",
                        "stated without a qualifier", "more than or over"):
            assert english not in text, (name, english)
    national = json.dumps(specs["national"], ensure_ascii=False)
    for hindi_words in ("नल कनेक्शन वाले ग्रामीण परिवार (%)", "ग्रामीण परिवार (करोड़)",
                        "स्रोत के शब्द", "से अधिक या से ऊपर", "15 अगस्त 2019 के बाद से जुड़े"):
        assert hindi_words in national
    tiles = json.dumps(specs["tile_map"], ensure_ascii=False)
    assert "JJM की तालिकाओं में नहीं" in tiles and "60% से कम" in tiles
    # The tile not reported is still hatched (the frame's English band chose it).
    hatch = [layer for layer in specs["tile_map"]["layer"] if layer["mark"]["type"] == "rule"]
    assert hatch and specs["tile_map"]["datasets"][hatch[0]["data"]["name"]]


def test_hindi_ranking_gives_the_names_their_shaped_width(hindi):
    """The names' axis is as wide as the longest Hindi name, shaped (vl-convert measures short)."""
    spec = hindi_specs(hindi)["ranking"]
    axis = next(layer["encoding"]["y"]["axis"] for layer in spec["layer"])
    assert axis["minExtent"] >= charts.text_width(STATES[-1]) > 0
    assert charts.in_language(spec, hindi) is spec  # already in its font: not copied


def test_devanagari_is_shaped_by_harfbuzz():
    """A conjunct is one glyph, a vowel sign before its consonant takes its own width."""
    face = fonts._face("regular")
    _, width_ksha, _ = face.outline("क्ष", 100)
    _, width_ka, _ = face.outline("क", 100)
    assert 0 < width_ksha < 2 * width_ka  # one conjunct glyph, not क + ् + ष side by side
    _, ri, _ = face.outline("रि", 100)
    _, ra, _ = face.outline("र", 100)
    assert ri > ra  # the i sign (drawn before र) adds its width: the glyph resvg overdrew
    assert charts.text_width("परिवार") > charts.text_width("पर")


def test_png_outlines_every_text_in_its_face(hindi):
    """The PNG's SVG has every word as paths (shaped), Hindi's numbers too; the inline SVG and
    the download keep real text."""
    render = charts.Renderer()
    svg = render.svg(hindi_specs(hindi)["ranking"])
    assert "<text" in svg and "गोवा" in svg  # the SVG itself keeps its text
    outlined = fonts.outline_text(svg)
    assert not re.findall(r"<text\b[^>]*(?<!/)>(.*?)</text>", outlined, re.S)
    assert outlined.count("<path") > svg.count("<path")
    charts.check_offline(outlined)
    english = render.svg(fixture.fixture_specs()["ranking"])
    drawn = fonts.outline_text(english)
    assert not re.findall(r"<text\b[^>]*(?<!/)>(.*?)</text>", drawn, re.S)
    assert drawn.count("<path") > english.count("<path")


def text_svg(text: str) -> str:
    return f'<svg xmlns="http://www.w3.org/2000/svg" width="80" height="20">{text}</svg>'


def test_latin_text_is_drawn_in_the_face_of_its_weight_and_style():
    """Opendata Sans' regular, bold and italic faces, each shaped as resvg would lay it out."""
    family = f'font-family="{fonts.FONT}" font-size="12px" fill="#000"'
    regular, bold, italic = (fonts.outline_text(text_svg(
        f'<text transform="translate(9,9)" {family}{extra}>Wave</text>'))
        for extra in ("", ' font-weight="bold"', ' font-style="italic"'))
    assert len({regular, bold, italic}) == 3 and "<text" not in regular + bold + italic
    assert regular == fonts.outline_text(text_svg(
        f'<text transform="translate(9,9)" {family} role="graphics-symbol" '
        'aria-label="Wave">Wave</text>'))  # words for assistive technology draw nothing
    width = fonts._latin_face("regular").outline("Wave", 12)[1]
    centred = fonts.outline_text(text_svg(
        f'<text transform="translate(9,9)" {family} text-anchor="middle">Wave</text>'))
    assert f'translate({fonts._n(-width / 2)},0)' in centred


@pytest.mark.parametrize("text", [
    '<text transform="translate(1,9)" font-family="Serif" font-size="12px">Wave</text>',
    f'<text font-family="{fonts.FONT}" font-size="1em">Wave</text>',
    f'<text font-family="{fonts.FONT}" font-size="12px" letter-spacing="2">Wave</text>',
    f'<text font-family="{fonts.FONT}" font-size="12px" dominant-baseline="middle">Wave</text>',
    f'<text font-family="{fonts.FONT}" font-size="12px"> Wave</text>',
    f'<text font-family="{fonts.FONT}" font-size="12px">Wa  ve</text>',
    f'<text font-family="{fonts.FONT}" font-size="12px">\u4e2d</text>',  # no such glyph
    f'<text font-family="{fonts.FONT}" font-size="12px"><tspan x="0" dy="1em">Wave</tspan></text>',
])
def test_text_outlining_cannot_draw_as_resvg_is_left_to_resvg(text):
    """Another family, an attribute outlining does not apply, spacing SVG collapses or a letter
    the face lacks: the text stays text, for resvg to draw as it always did."""
    assert fonts.outline_text(text_svg(text)) == text_svg(text)


def published_hindi(hindi):
    """The national chart published on a Hindi page (its spec built in English's font)."""
    points = coverage.national_points(fixture.NATIONAL)
    spec = coverage_charts.national_progress_spec(points, HINDI_MARKS, "शीर्षक", ["स्रोत"],
                                                  ["2019-01-01", "2026-12-31"])
    chart = charts.Chart("national-progress", "नल कनेक्शन वाले परिवार", "3 मार्च 2026",
                         "एक वाक्य।", spec, fixture.NATIONAL, ["तारीख"], [["3 मार्च 2026"]],
                         "स्रोत: फ़िक्स्चर।", [("S30", "../data/jjm-coverage/index.md#source-S30")],
                         key=[("GA", "गोवा")])
    return charts.publish(chart, "coverage", charts.Renderer(), language=hindi)


def test_publish_in_hindi(hindi):
    """Downloads, data table, key and embed page in Hindi; every drawing in the Devanagari face."""
    context, assets = published_hindi(hindi)
    assert [d["label"] for d in context["downloads"]] == [
        "SVG चित्र", "PNG चित्र", "चार्ट में दिखाया गया डेटा (CSV)", "Vega-Lite विवरण (JSON)"]
    figure = str(context["figure"])
    assert "इस चार्ट की डेटा तालिका" in figure and "खानों पर लिखे संक्षिप्त नामों का अर्थ" in figure
    assert "नल कनेक्शन वाले परिवार: चार्ट में दिखाया गया डेटा" in figure
    files = {a.path: a.data for a in assets}
    spec = json.loads(files["coverage/national-progress.vl.json"])
    assert spec["config"]["font"] == fonts.DEVANAGARI_FONT  # publish drew it in Hindi's face
    assert "Opendata Sans Devanagari" in files["coverage/national-progress.svg"].decode()
    embed = files["coverage/embed/national-progress.html"].decode()
    assert "स्रोत: <a href=" in embed and "Sources:" not in embed


def site(language_default: bool = False) -> SimpleNamespace:
    """Just what embeds.complete reads of a site: its config and one package's licence."""
    package = SimpleNamespace(name="jjm-coverage", descriptor={"licenses": [
        {"name": "GODL-India", "title": "Government Open Data License - India",
         "path": "https://data.gov.in/government-open-data-license-india"}]})
    config = SimpleNamespace(site_url="", site_name="जल डेटा",
                             publication=SimpleNamespace(locale="en-IN"))
    return SimpleNamespace(config=config, packages=[package])


def test_embed_page_and_snippet_in_hindi(hindi):
    """complete() in Hindi: <html lang="hi">, the licence, link back and snippet in Hindi."""
    context, assets = published_hindi(hindi)
    page = Page("coverage/index.md", f"# कवरेज\n\n{context['figure']}\n")
    done = embeds.complete(site(), [page, *assets], hindi)
    embed = next(o for o in done if isinstance(o, Asset) and o.path.endswith("embed/"
                                                                            "national-progress.html"))
    text = embed.data.decode()
    assert '<html lang="hi">' in text
    assert "लाइसेंस: <a href=" in text and "जल डेटा पर यह चार्ट, इसकी डेटा तालिका और डाउनलोड" in text
    shown = next(o for o in done if isinstance(o, Page)).markdown
    assert "इस चार्ट को एम्बेड करें" in shown and "चार्ट का एम्बेड पेज" in shown
    assert "यह साइट अपने पते (site_url) के बिना बनाई गई है" in shown
    assert "Embed this chart" not in shown and "opendata-embed " not in shown
    english = embeds.complete(site(), [page, *assets])
    assert '<html lang="en-IN">' in next(o for o in english if isinstance(o, Asset) and
                                         o.path.endswith("national-progress.html")).data.decode()


def test_no_chart_message_lacks_hindi():
    """Every message of the chart modules has its Hindi translation."""
    _, problems = i18n.check_languages(["hi"], ROOT)
    mine = ("generator/charts.py", "generator/embeds.py", "page_kinds/coverage_charts.py",
            "charts.po")
    assert not [p.format() for p in problems if any(m in p.format() for m in mine)]


def test_an_empty_text_is_not_merged_with_the_next():
    """vl-convert writes <text .../> for an unlabelled point: the next text keeps its place."""
    svg = ('<svg xmlns="http://www.w3.org/2000/svg" width="50" height="20">'
           '<text transform="translate(5,5)" font-size="12px"/>'
           '<text transform="translate(30,15)" font-size="12px" fill="#000">17%</text>'
           '<text transform="translate(9,9)" font-size="12px" fill="#000">शुरुआत</text></svg>')
    outlined = fonts.outline_text(svg)
    assert '<text transform="translate(5,5)" font-size="12px"/>' in outlined
    assert '<text transform="translate(30,15)" font-size="12px" fill="#000">17%</text>' in outlined
    # Drawn at its size: 12 px of a 1000-unit em (a rounded scale drew Hindi a sixth small).
    assert ('<g transform="translate(9,9)" fill="#000"><g transform="translate(0,0) '
            'scale(0.012,-0.012)"><path') in outlined


def test_hindi_dates_on_a_time_axis(hindi):
    """A '%b %Y' time axis reads Hindi month names (CLDR's, through config.locale.time)."""
    import altair as alt

    frame = pd.DataFrame({"date": ["2024-01-15", "2024-03-15", "2024-05-15"], "v": [1, 2, 3]})
    chart = alt.Chart(frame).mark_point().encode(
        x=alt.X("date:T", scale=alt.Scale(type="utc"), axis=alt.Axis(format="%b %Y")), y="v:Q")
    english = charts.finish(chart)
    assert "locale" not in english["config"]
    svg = charts.Renderer().svg(charts.in_language(english, hindi))
    assert "फ़र॰ 2024" in svg or "मार्च 2024" in svg
    assert not re.search(r">(?:Jan|Feb|Mar|Apr|May) 2024<", svg)
    assert charts.finish(chart, language=hindi)["config"]["locale"]["time"]["months"][0] == "जनवरी"
