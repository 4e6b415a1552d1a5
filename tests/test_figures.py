"""Data-bound figures: `[[fig package/resource[row].field | format]]` resolves, or fails exactly."""

from __future__ import annotations

import csv
import dataclasses
import json
import shutil
from pathlib import Path

import markdown
import pytest

from generator import figures
from generator.config import load_config
from generator.content import content_files
from generator.sitedata import SiteData, load_site_data
from generator.validate import validate_paths

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures" / "content"
PAGE = "content/updates/x.md"


@pytest.fixture(scope="module")
def data() -> SiteData:
    """The fixture package `mini` (national: 2019-08-15, 2024-11-26, 2026-03-03 with a blank %)."""
    config = dataclasses.replace(load_config(ROOT), root=FIXTURES,
                                 datasets=FIXTURES / "datasets",
                                 content=FIXTURES / "site" / "content")
    validation = validate_paths([config.datasets], FIXTURES)
    assert validation.valid, [p.format() for p in validation.problems]
    return load_site_data(config, validation)


def resolve_one(data: SiteData, reference: str) -> figures.Figure | figures.Problem:
    """Resolve the one reference in `reference` (a problem when it does not parse)."""
    found, problems = figures.find_references(reference, PAGE, 7)
    if problems:
        return problems[0]
    assert len(found) == 1
    return figures.resolve(found[0], data, PAGE)


def test_reference_resolves_to_the_row(data):
    figure = resolve_one(data, "[[fig mini/national[2019-08-15].hh_with_tap_pct]]")
    assert figure.text == "17%"
    assert figure.target == "data/mini/national.md#row-2019-08-15"
    assert figure.title == ("Households with tap water (%): 17%; as of 15 Aug 2019; "
                            "datasets/mini/national.csv line 2")
    markdown = figures.render_figure(figure, "updates/launch.md")
    assert markdown == ('[17%](../data/mini/national.md#row-2019-08-15 "Households with tap '
                        'water (%): 17%; as of 15 Aug 2019; datasets/mini/national.csv line 2")'
                        '{: .od-fig }')


def test_filter_and_qualifier(data):
    figure = resolve_one(data, '[[fig mini/national[as_of = "2024-11-26"].hh_with_tap_crore]]')
    assert figure.text == "15.30 crore"
    assert figure.title == ("Households with tap water (crore): 15.30 crore = 15,30,00,000; "
                            "as of 26 Nov 2024; source wording: more than; "
                            "datasets/mini/national.csv line 3")


def test_no_row(data):
    problem = resolve_one(data, "[[fig mini/national[2020-01-01].hh_with_tap_pct]]")
    assert problem.key() == (PAGE, 7, None, "figure-not-found")
    assert problem.format() == (
        "content/updates/x.md:7:-: figure-not-found: [[fig mini/national[2020-01-01]."
        "hh_with_tap_pct]]: no row of mini/national has as_of = '2020-01-01' "
        "(see data/mini/national.md)")


def test_two_rows(data):
    problem = resolve_one(data, "[[fig mini/national[as_of_precision=day].hh_with_tap_pct]]")
    assert problem.key() == (PAGE, 7, None, "figure-ambiguous")
    assert "as_of_precision = 'day' matches 2 rows of mini/national (lines 2, 3)" in problem.message


def test_blank_is_not_reported(data):
    problem = resolve_one(data, "[[fig mini/national[2026-03-03].hh_with_tap_pct]]")
    assert problem.key() == (PAGE, 7, None, "figure-not-reported")
    assert "hh_with_tap_pct is blank (not reported) in datasets/mini/national.csv line 4" \
        in problem.message


@pytest.mark.parametrize("reference, code", [
    ("[[fig nope/national[2019-08-15].hh_with_tap_pct]]", "figure-not-found"),
    ("[[fig mini/nope[2019-08-15].hh_with_tap_pct]]", "figure-not-found"),
    ("[[fig mini/national[2019-08-15].nope]]", "figure-not-found"),
    ("[[fig mini/national[nope=1].hh_with_tap_pct]]", "figure-not-found"),
    ("[[fig mini/national[2019-08-15, day].hh_with_tap_pct]]", "figure-syntax"),
    ("[[fig mini/national[2019-08-15, as_of_precision=day].hh_with_tap_pct]]", "figure-syntax"),
    ("[[fig mini/national[2019-08-15].hh_with_tap_pct | millions]]", "figure-syntax"),
    ("[[fig mini/national.hh_with_tap_pct]]", "figure-syntax"),
    ("[[fig mini/national[2019-08-15].hh_with_tap_pct", "figure-syntax"),
    ("[[fig mini/national[2019-08-15].hh_with_tap_crore | percent]]", "figure-bad-format"),
    ("[[fig mini/national[2019-08-15].as_of | plain]]", "figure-bad-format"),
    ("[[fig mini/national[2019-08-15].hh_with_tap_pct | lakh]]", "figure-bad-format"),
])
def test_bad_references(data, reference, code):
    assert resolve_one(data, reference).key() == (PAGE, 7, None, code)


@pytest.mark.parametrize("fmt, expected", [
    ("", "3.23 crore"), (" | crore", "3.23 crore"), (" | lakh", "323 lakh"),
    (" | plain", "3,23,00,000"),
])
def test_formats_of_a_crore_figure(data, fmt, expected):
    figure = resolve_one(data, f"[[fig mini/national[2019-08-15].hh_with_tap_crore{fmt}]]")
    assert figure.text == expected


@pytest.mark.parametrize("value, unit, fmt, expected", [
    ("725000", "plain", None, "7,25,000"), ("725000", "plain", "lakh", "7.25 lakh"),
    ("1", "plain", "percent", "1%"), ("31.93", "lakh", None, "31.93 lakh"),
    ("31.93", "lakh", "plain", "31,93,000"), ("15.82", "crore", "lakh", "1,582 lakh"),
    ("81.71", "percent", None, "81.71%"), ("2026-03-03", "text", None, "2026-03-03"),
    ("81.71", "percent", "plain", None), ("x", "text", "plain", None),
])
def test_format_value(value, unit, fmt, expected):
    assert figures.format_value(value, unit, fmt) == expected


def test_row_unit_column_sets_the_unit_of_a_plain_value():
    field = {"name": "value", "type": "number"}
    assert figures.field_unit(field, {"unit": "lakh"}) == "lakh"
    assert figures.field_unit(field, {"unit": "persons"}) == "plain"
    assert figures.field_unit({"name": "x_pct", "type": "number"}) == "percent"
    assert figures.field_unit({"name": "n", "type": "number", "unit": "crore households"}) \
        == "crore"


def test_resolve_text_lines_and_code_left_alone(data):
    text = ("First [[fig mini/national[2019-08-15].hh_with_tap_pct]] line.\n"
            "Code `[[fig mini/national[1999-01-01].x]]` stays.\n"
            "```\n[[fig mini/national[1999-01-01].x]]\n```\n"
            "Then [[fig mini/national[2020-01-01].hh_with_tap_pct]] and\n"
            "[[fig mini/national[2026-03-03].hh_with_tap_pct]].\n")
    out, problems = figures.resolve_text(text, PAGE, 10, "about.md", data)
    assert [p.key() for p in problems] == [(PAGE, 15, None, "figure-not-found"),
                                           (PAGE, 16, None, "figure-not-reported")]
    assert out.startswith('First [17%](data/mini/national.md#row-2019-08-15 "')
    assert "`[[fig mini/national[1999-01-01].x]]`" in out
    assert "```\n[[fig mini/national[1999-01-01].x]]\n```" in out


def test_cited_packages():
    text = ("[[fig b/t[1].f]] [[fig a/t[1].f]] [[fig b/t[2].f]] `[[fig c/t[1].f]]`")
    assert figures.cited_packages(text) == ["b", "a"]


def test_hand_written_pages_get_figures_resolved(data):
    files = content_files(data)
    about = files["about.md"].decode("utf-8")
    assert about.startswith("---\ntitle: About the fixture\n---\n")
    assert "At launch [17%](data/mini/national.md#row-2019-08-15 " in about
    assert "`[[fig mini/national[2019-08-15].hh_with_tap_pct]]`" in about
    assert not any(name.startswith("updates/") for name in files), \
        "update sources are published by the page kind"


# ---- Caveats beside the number, and notes a touch screen can open (issue 14) -------------

HOSTILE_CAVEAT = 'Doubtful: <img src=x onerror=alert(1)> *named* | "100%"'


@pytest.fixture(scope="module")
def caveated(tmp_path_factory) -> SiteData:
    """The `mini` fixture with a caveat column and a date_inferred flag, caveat_fields set."""
    root = tmp_path_factory.mktemp("caveats")
    shutil.copytree(FIXTURES / "datasets", root / "datasets")
    folder = root / "datasets" / "mini"
    descriptor = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    national = next(r for r in descriptor["resources"] if r["name"] == "national")
    national["schema"]["fields"] += [
        {"name": "caveat", "type": "string", "title": "Caveat", "description": "Doubts."},
        {"name": "date_inferred", "type": "boolean", "title": "Year inferred",
         "description": "true where the year is not printed."}]
    (folder / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
    with (folder / "national.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    extra = {"2019-08-15": ("", "false"), "2024-11-26": (HOSTILE_CAVEAT, "true"),
             "2026-03-03": ("", "false")}
    rows = [rows[0] + ["caveat", "date_inferred"]] + [r + list(extra[r[0]]) for r in rows[1:]]
    with (folder / "national.csv").open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)
    base = load_config(ROOT)
    settings = dataclasses.replace(base.publication.figures, date_fields=None,
                                   context_fields=(), wording_field="qualifier",
                                   caveat_fields=("caveat", "date_inferred"))
    config = dataclasses.replace(
        base, root=root, datasets=root / "datasets", content=root / "content",
        publication=dataclasses.replace(base.publication, figures=settings))
    validation = validate_paths([config.datasets], root)
    assert validation.valid, [p.format() for p in validation.problems]
    return load_site_data(config, validation)


def test_caveats_come_from_the_configured_fields(caveated):
    figure = resolve_one(caveated, "[[fig mini/national[2024-11-26].hh_with_tap_pct]]")
    assert figure.caveats == (HOSTILE_CAVEAT, "Year inferred")
    plain = resolve_one(caveated, "[[fig mini/national[2019-08-15].hh_with_tap_pct]]")
    assert plain.caveats == ()
    unconfigured = dataclasses.replace(caveated.config.publication.figures, caveat_fields=())
    config = dataclasses.replace(caveated.config, publication=dataclasses.replace(
        caveated.config.publication, figures=unconfigured))
    other = dataclasses.replace(caveated, config=config)
    assert resolve_one(other, "[[fig mini/national[2024-11-26].hh_with_tap_pct]]").caveats == ()


def test_caveat_is_written_beside_the_number_escaped(caveated):
    figure = resolve_one(caveated, "[[fig mini/national[2024-11-26].hh_with_tap_pct]]")
    markdown = figures.render_figure(figure, "updates/x.md")
    link, _, rest = markdown.partition("{: .od-fig }")
    assert link.startswith("[79.1%](../data/mini/national.md#row-2024-11-26 ")
    assert rest == (' <span class="od-caveat">caveat: Doubtful: &lt;img src=x '
                    'onerror=alert\\(1\\)&gt; \\*named\\* \\| "100%"; Year inferred</span>')
    page = render_markdown(f"In 2024 {markdown} had a tap.")
    assert "<img" not in page and "<em>" not in page
    assert ('</a> <span class="od-caveat">caveat: Doubtful: &lt;img src=x onerror=alert(1)&gt; '
            '*named* | "100%"; Year inferred</span>') in page


def test_a_whole_page_gets_numbered_notes_with_row_source_and_date(caveated):
    text = ("Launch: [[fig mini/national[2019-08-15].hh_with_tap_pct]]; later "
            "[[fig mini/national[2024-11-26].hh_with_tap_pct]] and "
            "[[fig mini/national[2026-03-03].hh_with_tap_crore]].\n")
    out, problems = figures.resolve_text(text, PAGE, 1, "updates/x.md", caveated, notes=True)
    assert problems == []
    page = render_markdown(out)
    for number in (1, 2, 3):
        assert (f'<sup class="od-fig-ref" id="od-fig-ref-{number}"><a href="#od-fig-{number}" '
                f'aria-label="Note {number}: where this figure comes from">{number}</a>'
                f'</sup>') in page
        assert f'<li id="od-fig-{number}">' in page
        assert f'<a href="#od-fig-ref-{number}" aria-label="Back to figure {number}">' in page
    notes = page[page.index('<section class="od-fig-notes"'):]
    first, second, third = notes.split("<li ")[1:]
    assert ("<strong>17%</strong>: Households with tap water (%), as of 15 Aug 2019. Source: "
            '<a href="../data/mini/index.html#source-M1">M1: A reply in Parliament, Test '
            'publisher, 1 Dec 2024</a>. Row: <a href="../data/mini/national.html#row-2019-08-15">'
            "national.csv, line 2</a>.") in first
    assert "od-caveat" not in first
    assert ('<span class="od-caveat">Caveat: Doubtful: &lt;img src=x onerror=alert(1)&gt; '
            '*named* | "100%"; Year inferred</span>') in second
    assert "M2: An undated note, Test publisher, date not published" in third
    assert "<img" not in page


def test_a_fragment_gets_no_notes_but_keeps_its_caveat(caveated):
    out, _ = figures.resolve_text("[[fig mini/national[2024-11-26].hh_with_tap_pct]]", PAGE, 1,
                                  "index.md", caveated)
    assert "od-fig-ref" not in out and "od-fig-notes" not in out
    assert '<span class="od-caveat">caveat: Doubtful' in out


def render_markdown(text: str) -> str:
    """Markdown as the site renders it (the extensions of mkdocs.yml that figures rely on)."""
    return markdown.markdown(text, extensions=["attr_list", "md_in_html", "tables"])


def test_no_notes_after_an_unclosed_code_fence(caveated):
    text = "Launch: [[fig mini/national[2019-08-15].hh_with_tap_pct]].\n\n```\nleft open\n"
    out, problems = figures.resolve_text(text, PAGE, 1, "updates/x.md", caveated, notes=True)
    assert problems == [] and "od-fig-ref" not in out and "od-fig-notes" not in out
    assert out.startswith("Launch: [17%](../data/mini/national.md#row-2019-08-15 ")
