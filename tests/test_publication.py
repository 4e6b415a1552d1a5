"""The publication file, the page-kind registry and the engine's independence from this publication."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from sitebuild import MINIMAL_MKDOCS, ROOT, build

from generator import figures
from generator.config import load_config
from generator.kinds import BUILTIN, DEFAULT_SECTIONS
from generator.publication import SCHEMA, load_publication, schema_reference
from generator.sitedata import load_site_data
from generator.validate import validate_paths

DEMO = ROOT / "tests" / "fixtures" / "site" / "datasets"
MKDOCS = MINIMAL_MKDOCS.format(name="Demo publication")
# The programme this repository publishes: none of these may appear in the engine.
PROGRAMME_WORDS = (r"jjm|jal jeevan|jal shakti|sector-partners|admin-codes|jkrlm|umeed|nrlm|lgd|"
                   r"har ghar|2019-08-15|2024-12-31")


def publication(tmp_path: Path, text: str, files: dict[str, str] | None = None) -> Path:
    """A publication folder with the demo data, `text` as its publication file, and `files`."""
    root = tmp_path / "pub"
    shutil.copytree(DEMO, root / "datasets")
    (root / "content").mkdir(parents=True)
    (root / "mkdocs.yml").write_text(MKDOCS, encoding="utf-8")
    (root / "publication.yml").write_text(text, encoding="utf-8")
    for name, body in (files or {}).items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(body, encoding="utf-8")
    return root


def keys(root: Path) -> list[tuple]:
    return [p.key() for p in load_publication(root).problems]


def test_this_publication_file_is_valid_and_runs_every_section_in_order():
    loaded = load_publication(ROOT)
    assert loaded.problems == ()
    assert [s.kind for s in loaded.sections] == [
        "home", "catalog", "dataset", "partners", "livelihoods", "coverage", "states",
        "districts", "indicator", "ranking", "timeline", "updates", "releases"]
    assert {k.name: k.origin.split()[0] for k in loaded.kinds.values()} == {
        **dict.fromkeys(BUILTIN, "built-in"),
        **dict.fromkeys(("coverage", "states", "districts", "partners", "livelihoods"),
                        "publication")}


def test_without_a_publication_file_the_default_sections_run(tmp_path):
    (tmp_path / "pub").mkdir()
    loaded = load_publication(tmp_path / "pub")
    assert loaded.problems == ()
    assert tuple(s.kind for s in loaded.sections) == DEFAULT_SECTIONS
    assert loaded.section("updates").options["per_page"] == 10  # defaults filled in


@pytest.mark.parametrize("text, expected", [
    ("colour: blue\n", [("publication.yml", 1, "colour", "unknown-key")]),
    ("locale: fr-FR\n", [("publication.yml", 1, "locale", "bad-value")]),
    ("locale: en-IN\nlocale: en-IN\n", [("publication.yml", 2, "locale", "duplicate-key")]),
    ("page_kinds: page_kinds.x\n", [("publication.yml", 1, "page_kinds", "type-error")]),
    ("page_kinds:\n  - ../etc/passwd\n", [("publication.yml", 2, "page_kinds[1]", "bad-module")]),
    ("page_kinds:\n  - kinds.absent\n", [("publication.yml", 2, "page_kinds[1]",
                                          "page-kind-error")]),
    ("sections:\n  - kind: nothing\n", [("publication.yml", 2, "sections[1].kind",
                                         "unknown-kind")]),
    ("sections:\n  - home\n", [("publication.yml", 2, "sections[1]", "type-error")]),
    ("sections:\n  - title: x\n", [("publication.yml", 2, "sections[1].kind", "missing-key")]),
    ("sections:\n  - kind: updates\n    per_page: many\n    colour: red\n", [
        ("publication.yml", 3, "sections[1].per_page", "type-error"),
        ("publication.yml", 4, "sections[1].colour", "unknown-key")]),
    ("sections:\n  - kind: home\n    figures:\n      - value: x\n", [
        ("publication.yml", 4, "sections[1].figures[1].label", "missing-key")]),
    ("figures:\n  wording_tags:\n    added: {a: b}\n", [
        ("publication.yml", 3, "figures.wording_tags.added", "type-error")]),
    ("sections: [\n", [("publication.yml", 2, None, "yaml-error")]),
    ("- a list\n", [("publication.yml", 1, None, "front-matter-error")]),
])
def test_every_problem_of_the_publication_file_is_at_its_line_and_key(tmp_path, text, expected):
    root = tmp_path / "pub"
    root.mkdir()
    (root / "publication.yml").write_text(text, encoding="utf-8")
    assert keys(root) == expected


def test_a_broken_page_kind_module_is_a_problem_not_a_traceback(tmp_path):
    root = publication(tmp_path, "page_kinds:\n  - kinds.broken\n  - kinds.norender\n",
                       {"kinds/__init__.py": "", "kinds/broken.py": "raise ValueError('boom')\n",
                        "kinds/norender.py": "X = 1\n"})
    problems = load_publication(root).problems
    assert [p.key() for p in problems] == [
        ("publication.yml", 2, "page_kinds[1]", "page-kind-error"),
        ("publication.yml", 3, "page_kinds[2]", "page-kind-error")]
    assert "ValueError: boom" in problems[0].message
    assert "no render(data, env, options)" in problems[1].message
    result = build(root)
    assert not result.published
    assert [p.code for p in result.problems if p.is_error] == ["page-kind-error"] * 2


HELLO_KIND = '''"""A page kind of the test publication: one page listing its option."""
from generator.kinds import Option
from generator.model import NO_OPTIONS, Page

OPTIONS = {"greeting": Option("What the page says.", required=True)}


def render(data, env, options=NO_OPTIONS):
    return [Page("hello.md", env.get_template("hello.md.j2").render(
        greeting=options["greeting"], datasets=len(data.packages)))]
'''


def test_a_publication_adds_its_own_page_kind_and_template(tmp_path):
    """A kind from the publication's folder runs through the same registry as the built-ins."""
    root = publication(tmp_path, (
        "page_kinds:\n  - kinds.hello\n"
        "sections:\n  - kind: home\n    title: A demo\n"
        "    figures:\n      - label: Latest coverage\n"
        "        value: \"[[fig demo/items[latest].coverage_pct]]\"\n"
        "  - kind: catalog\n  - kind: dataset\n"
        "  - kind: hello\n    greeting: Namaste <b>all</b>\n"), {
        "kinds/__init__.py": "", "kinds/hello.py": HELLO_KIND,
        "site_templates/hello.md.j2": "# Hello\n\n{{ greeting }} ({{ datasets }} dataset)\n"})
    result = build(root)
    assert result.published, [p.format() for p in result.problems]
    hello = (root / "site" / "hello.html").read_text(encoding="utf-8")
    assert "Namaste &lt;b&gt;all&lt;/b&gt; (1 dataset)" in hello  # options are escaped too
    home = (root / "site" / "index.html").read_text(encoding="utf-8")
    assert ">50.5%</a>" in home and "A demo" in home
    for page in (root / "site").rglob("*.html"):
        text = page.read_text(encoding="utf-8").lower()
        assert "jal jeevan" not in text and "jjm" not in text, page


def test_a_home_figure_that_does_not_resolve_stops_the_build(tmp_path):
    root = publication(tmp_path, (
        "sections:\n  - kind: home\n    figures:\n      - label: Households\n"
        "        value: \"[[fig demo/items[latest].households_lakh]]\"\n  - kind: catalog\n"))
    result = build(root)
    assert not result.published
    assert [(p.path, p.code) for p in result.problems if p.is_error] == [
        ("publication.yml", "figure-ambiguous")]
    assert not (root / "site").exists()


def site_data(root: Path):
    config = load_config(root)
    return load_site_data(config, validate_paths([config.datasets], config.root))


@pytest.mark.parametrize("reference, expected", [
    ("[[fig demo/items[latest].coverage_pct]]", "50.5%"),   # the latest row that reports it
    ("[[fig demo/items[latest].as_of]]", "4 Dec 2025"),      # a date field, shown for readers
    ("[[fig demo/items[latest, source_id=D1].title]]", None),  # two rows share the latest date
    ("[[fig demo/items[latest].households_lakh]]", None),
    ("[[fig demo/items[latest, 1].title]]", None),
])
def test_the_latest_selector(tmp_path, reference, expected):
    data = site_data(publication(tmp_path, "locale: en-IN\n"))
    text, problems = figures.resolve_text(reference, "page.md", 1, "index.md", data)
    if expected is None:
        assert [p.code for p in problems] in (["figure-ambiguous"], ["figure-syntax"])
    else:
        assert problems == [] and f"[{expected}]" in text


def test_latest_needs_a_date_field(tmp_path):
    data = site_data(publication(tmp_path, "figures:\n  date_fields: [nothing]\n"))
    _, problems = figures.resolve_text("[[fig demo/items[latest].coverage_pct]]", "p.md", 1,
                                       "index.md", data)
    assert [p.code for p in problems] == ["figure-syntax"]
    assert "latest needs a date field" in problems[0].message


def test_the_engine_names_no_programme():
    """The engine is free of this publication's names, places, dates and wording."""
    found = subprocess.run(["grep", "-rniE", PROGRAMME_WORDS, "generator/"], cwd=ROOT,
                           capture_output=True, text=True)
    assert found.returncode == 1, found.stdout


def test_every_key_of_the_publication_file_is_documented_in_the_readme():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    reference = schema_reference(load_publication(ROOT).kinds)
    for line in reference.splitlines()[2:]:
        key = line.split("|")[1].strip()
        assert key in readme, f"README.md does not document {key}"
    assert all(option.doc for option in SCHEMA.values())


def test_opendata_new_makes_a_publication_that_builds(tmp_path):
    """`opendata new DIR` then `opendata build` in DIR: a home page, a catalog, a dataset page."""
    from generator.cli import main

    target = tmp_path / "pub"
    assert main(["new", str(target)]) == 0
    assert main(["new", str(target)]) == 2  # never over a folder that holds anything
    assert load_publication(target).problems == ()
    result = build(target)
    assert result.published, [p.format() for p in result.problems]
    assert [p for p in result.problems] == []  # not even a warning
    site = target / "site"
    for page in ("index.html", "data/index.html", "data/example/index.html",
                 "data/example/coverage.html", "about.html", "updates/index.html"):
        assert (site / page).is_file(), page
    home = (site / "index.html").read_text(encoding="utf-8")
    assert ">56%</a>" in home and "synthetic" in home.lower()
    dataset = (site / "data" / "example" / "index.html").read_text(encoding="utf-8")
    assert "Example data (synthetic)" in dataset


def test_the_wheel_carries_the_engine_templates_and_the_new_publication(tmp_path):
    """What `pip install` gets: every template, theme override and file of `opendata new`."""
    import sys
    import zipfile

    run = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps",
                          "-q", "-w", str(tmp_path), str(ROOT)], capture_output=True, text=True,
                         timeout=300)
    assert run.returncode == 0, run.stderr
    [wheel] = tmp_path.glob("*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    engine = ROOT / "generator"
    for folder in ("templates", "scaffold"):
        for path in (engine / folder).rglob("*"):
            if path.is_file() and "__pycache__" not in path.parts:
                assert f"generator/{path.relative_to(engine).as_posix()}" in names, path
    assert not any(name.startswith(("page_kinds/", "site_templates/")) for name in names)


INDICATOR = """sections:
  - kind: home
  - kind: catalog
  - kind: dataset
  - kind: indicator
    page: progress/index.md
    title: DAY-NRLM progress, India
    resource: livelihoods/day_nrlm_national
    date: as_of
    value: value
    series: metric
    include: [shgs_promoted_lakh, blocks_covered]
    labels: {shgs_promoted_lakh: Self-help groups promoted}
    markers:
      - {date: 2023-01-01, label: A marker}
"""


def indicator_publication(tmp_path: Path, text: str = INDICATOR) -> Path:
    root = publication(tmp_path, text)
    shutil.rmtree(root / "datasets")
    for name in ("livelihoods", "admin-codes"):  # real figures, and the codes they refer to
        shutil.copytree(ROOT / "datasets" / name, root / "datasets" / name)
    return root


def test_an_indicator_page_plots_and_lists_every_row_of_its_series(tmp_path):
    """The generic indicator kind, configured only: each value links to its row and its source."""
    import csv

    root = indicator_publication(tmp_path)
    result = build(root)
    assert result.published, [p.format() for p in result.problems if p.is_error]
    markdown = (root / "build" / "docs" / "progress" / "index.md").read_text(encoding="utf-8")
    rows = list(csv.DictReader((ROOT / "datasets/livelihoods/day_nrlm_national.csv").open()))
    chosen = [r for r in rows if r["metric"] in ("shgs_promoted_lakh", "blocks_covered")]
    assert len(chosen) >= 4
    for row in chosen:
        anchor = f"day_nrlm_national.md#row-{row['as_of']}--{row['metric'].replace('_', '-')}"
        assert anchor in markdown, row
        assert f"../data/livelihoods/index.md#source-{row['source_id']}" in markdown
    assert "households_mobilised_lakh" not in markdown  # not included
    assert "Self-help groups promoted" in markdown
    svg = (root / "site" / "progress" / "progress-chart.svg").read_text(encoding="utf-8")
    assert "A marker" in svg and "Self-help groups promoted" in svg
    assert (root / "site" / "progress" / "index.html").is_file()


def test_an_indicator_naming_what_does_not_exist_is_a_problem_at_its_section(tmp_path):
    root = indicator_publication(tmp_path, INDICATOR.replace("value: value", "value: amount")
                                 .replace("page: progress/index.md", "page: ../escape.md"))
    result = build(root)
    assert not result.published
    assert sorted(p.key() for p in result.problems if p.is_error) == [
        ("publication.yml", 5, "page", "bad-value"),
        ("publication.yml", 5, "value", "figure-not-found")]


def test_every_command_is_documented_in_the_readme():
    import argparse

    from generator.cli import _parser

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    [commands] = [a for a in _parser()._actions if isinstance(a, argparse._SubParsersAction)]
    assert len(commands.choices) >= 6
    for name in commands.choices:
        assert f"| `opendata {name}" in readme, name


def test_an_indicator_summary_says_when_a_series_did_not_move_steadily():
    from generator.pages.indicator import describe

    def row(value, date):
        return {"series": "Vehicles", "value": value, "shown": value, "date_text": date}
    steady = describe([row("1", "2022"), row("2", "2023"), row("3", "2024")])
    assert steady == "Vehicles rose from 1 (2022) to 3 (2024)."
    turned = describe([row("2208", "2022"), row("2333", "2023"), row("2297", "2024")])
    assert turned == ("Vehicles went from 2208 (2022) to 2297 (2024), not steadily: its lowest "
                      "was 2208 (2022), its highest 2333 (2023).")


def test_a_chart_of_a_page_at_the_docs_root_stays_in_the_site(tmp_path):
    """A page with no folder: its chart's files go beside it, never to '/'."""
    root = indicator_publication(tmp_path, INDICATOR.replace("page: progress/index.md",
                                                             "page: progress.md"))
    result = build(root)
    assert result.published, [p.format() for p in result.problems if p.is_error]
    assert (root / "site" / "progress-chart.svg").is_file()
    assert (root / "site" / "progress.html").is_file()


ENTITIES = """sections:
  - kind: catalog
  - kind: dataset
  - kind: entities
    folder: places
    title: States and Union Territories
    resource: admin-codes/states
    name: state_name
"""


def test_entity_pages_gather_every_row_any_table_holds_for_an_entity(tmp_path):
    """Through the descriptors' foreign keys: Kerala's undated J23 row, Odisha's districts."""
    import csv
    import html

    root = publication(tmp_path, ENTITIES)
    shutil.rmtree(root / "datasets")
    for name in ("jjm-coverage", "admin-codes"):
        shutil.copytree(ROOT / "datasets" / name, root / "datasets" / name)
    result = build(root)
    assert result.published, [p.format() for p in result.problems if p.is_error]
    states = list(csv.DictReader((ROOT / "datasets/admin-codes/states.csv").open()))
    pages = sorted(p.name for p in (root / "build/docs/places").glob("*.md"))
    assert len(pages) == len(states) + 1  # and the index
    kerala = (root / "site/places/kerala.html").read_text(encoding="utf-8")
    j23 = [r for r in csv.DictReader((ROOT / "datasets/jjm-coverage/jjm_imis_j23_snapshot.csv")
                                     .open()) if r["lgd_state_code"] == "32"]
    assert j23 and "jjm_imis_j23_snapshot.html#row-32" in kerala
    for row in j23:
        assert row["total_rural_hh"] in kerala
    odisha = html.unescape((root / "site/places/odisha.html").read_text(encoding="utf-8"))
    districts = [r for r in csv.DictReader((ROOT / "datasets/jjm-coverage/district_mentions.csv")
                                           .open()) if r["lgd_state_code"] == "21"]
    assert len(districts) >= 17
    for row in districts:
        assert row["district_name_published"] in odisha
    assert "../data/jjm-coverage/index.html#source-" in odisha
    index = (root / "build/docs/places/index.md").read_text(encoding="utf-8")
    assert "[KERALA](kerala.md)" in index  # the names as the dimension spells them


def test_every_publication_gets_the_engine_assets_and_no_outside_shim(tmp_path):
    """A publication lists none of the engine's files: its stylesheet, table script and the
    local iframe-worker shim (else the offline plugin links a CDN copy) come with the build."""
    root = publication(tmp_path, "locale: en-IN\n")
    assert build(root).published
    site = root / "site"
    for name in ("opendata.css", "scroll-focus.js", "vendor/iframe-worker-shim-1.0.4.js",
                 "vendor/iframe-worker-LICENSE.txt"):
        assert (site / "assets" / "opendata" / name).is_file(), name
    home = (site / "index.html").read_text(encoding="utf-8")
    assert 'href="assets/opendata/opendata.css"' in home
    assert 'src="assets/opendata/scroll-focus.js"' in home
    assert "assets/opendata/vendor/iframe-worker-shim-1.0.4.js" in home
    assert "unpkg.com" not in home


def test_a_card_names_every_row_its_figures_come_from(tmp_path):
    root = publication(tmp_path, (
        "sections:\n  - kind: home\n    figures:\n      - label: Two rows\n"
        "        value: \"[[fig demo/items[1].coverage_pct]]\"\n"
        "        detail: \"[[fig demo/items[2].households_lakh]] and [[fig demo/items[1].as_of]]\"\n"
        "  - kind: catalog\n  - kind: dataset\n"))
    assert build(root).published
    home = (root / "build" / "docs" / "index.md").read_text(encoding="utf-8")
    [line] = [t for t in home.splitlines() if "od-figure-source" in t]
    assert line.count("items.csv, line") == 2  # row 1 once, though cited twice; row 2
    assert "line 2](data/demo/items.md#row-1)" in line and "line 3](data/demo/items.md#row-2)" in line
