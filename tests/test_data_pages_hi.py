"""The data pages in Hindi (issue 16): catalog, dataset, table, releases, citations and footer.

Rendered from the fixture package in English and Hindi (no MkDocs run: the Markdown is what the
engine writes); the English pages are the golden files' (tests/test_build.py), so here only what
the Hindi ones say, how a descriptor's Hindi text is used, and lang= on text of another language.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import jinja2
import pytest
from sitebuild import ROOT, make_project

from generator import i18n
from generator.build import render_pages
from generator.config import load_config
from generator.footer import site_footer
from generator.languages import ENGLISH, load_languages
from generator.markdown import ENGINE_TEMPLATES
from generator.model import Asset, Page
from generator.sitedata import load_site_data
from generator.validate import validate_paths

FIXTURE = ROOT / "tests" / "fixtures" / "site" / "datasets"
MINE = ("templates/catalog.md.j2", "templates/dataset.md.j2", "templates/resource.md.j2",
        "templates/cite.md.j2", "templates/releases.md.j2", "pages/catalog.py",
        "pages/dataset.py", "pages/rows.py", "pages/releases.py", "pages/schema_org.py",
        "citations.py", "footer.py", "diff_markdown.py")
# The dataset page's one note on fields without Hindi titles (and the table page's).
FIELDS_NOTE = ("*जिन कॉलमों के शीर्षक और विवरण अभी हिन्दी में नहीं लिखे गए हैं, वे अंग्रेज़ी में दिखाए "
               "गए हैं; तालिकाओं में ऐसे कॉलम के ऊपर उसका अंग्रेज़ी नाम लिखा है।*")
# English words of the data pages' headings, labels and notes; none may be left on a Hindi page
# (data values, file names and the citation itself are the data's own and stay as they are).
ENGLISH_WORDS = ("Data catalog", "Downloads", "Checksums", "How to cite", "Tables", "Sources",
                 "Property", "Version", "Licence", "Period covered", "Area covered",
                 "Validation", "not reported", "rows", "Rows", "Size", "File", "Download the",
                 "Subscribe", "Cite this", "reference manager", "primary key", "field",
                 "Released", "Changelog", "Earlier releases", "Current release", "bytes",
                 "for Excel", "Whole package", "required", "unit:", "at least", "to 100",
                 "line", "this version")


def render(project: Path) -> dict[str, Page | Asset]:
    """Every output of the project's page kinds in English and Hindi, by path."""
    config = load_config(project, site_url="")
    validation = validate_paths([config.datasets], project)
    assert validation.valid, [p.format() for p in validation.problems]
    languages, _ = load_languages(("en", "hi"), project)
    return {o.path: o for o in render_pages(load_site_data(config, validation), languages)}


@pytest.fixture(scope="module")
def pages(tmp_path_factory) -> dict[str, Page | Asset]:
    """The fixture project's outputs in both languages."""
    return render(make_project(tmp_path_factory.mktemp("hi"), FIXTURE))


def words_of(markdown: str) -> str:
    """A page's own words: no front matter, comments, code, JSON-LD, citations or data cells."""
    text = markdown.split("\n---\n", 1)[1]
    for pattern in (r"<!--.*?-->", r"<script.*?</script>", r"<details class=\"od-cite\".*?</details>",
                    r"<blockquote lang=\"en\".*?</blockquote>", r"<span lang=\"en\">.*?</span>",
                    r"<thead>.*?</thead>", r"<td[^>]*>(?!<span class=\"od-nr\">).*?</td>",
                    r"<span class=\"od-cell-note\"[^>]*>(?=[^<]*</span>)", r"`[^`]*`",
                    r"^\[.* › .*$", r"\[[^\]]*\]\([^)]*\)", r"^### .*$", r"^- .*$", r"^# .*$"):
        text = re.sub(pattern, " ", text, flags=re.S | re.M)
    return text


@pytest.mark.parametrize("path", ["data/index.md", "data/demo/index.md", "data/demo/items.md",
                                  "data/demo/sources.md", "releases/index.md"])
def test_a_hindi_data_page_has_no_english_words_of_its_own(pages, path: str) -> None:
    hindi = pages[f"hi/{path}"].markdown
    assert re.search(r"[\u0900-\u097f]", hindi), path
    own = words_of(hindi)
    left = [w for w in ENGLISH_WORDS if re.search(rf"\b{re.escape(w)}\b", own)]
    assert left == [], (path, left, own)


def test_the_english_pages_keep_their_words(pages) -> None:
    """The same render gives the English pages their English text (the goldens hold it all)."""
    assert "# Data catalog" in pages["data/index.md"].markdown
    assert "## Sources\n" in pages["data/demo/index.md"].markdown  # no id of its own in English
    assert "<span lang=" not in pages["data/demo/index.md"].markdown.split("## Tables")[0]


def test_hindi_headings_that_links_name_keep_their_ids(pages) -> None:
    """A Hindi heading has no ASCII slug: a heading a link points at says its id itself."""
    dataset = pages["hi/data/demo/index.md"].markdown
    items = pages["hi/data/demo/items.md"].markdown
    assert "### चेकसम {: #checksums }" in dataset and "(#checksums)" in dataset
    assert "## इन पंक्तियों के स्रोत {: #sources-of-these-rows }" in items
    assert "(#sources-of-these-rows)" in items
    # The fixture has a table named sources, whose heading is #sources (as in English, where
    # MkDocs names the Sources heading sources_1): no second element with that id.
    assert dataset.count("#sources }") == 1


def test_blanks_are_not_reported_in_hindi(pages) -> None:
    hindi = pages["hi/data/demo/items.md"].markdown
    english = pages["data/demo/items.md"].markdown
    assert english.count('<span class="od-nr">not reported</span>') == 3
    assert hindi.count('<span class="od-nr">रिपोर्ट नहीं किया गया</span>') == 3
    assert "not reported" not in hindi and "*रिपोर्ट नहीं किया गया*" in hindi


def test_english_text_on_a_hindi_page_is_marked_and_said(pages) -> None:
    """The fixture's descriptor has no Hindi text: English, lang="en", with a note."""
    catalog = pages["hi/data/index.md"].markdown
    dataset = pages["hi/data/demo/index.md"].markdown
    assert "<span lang=\"en\">A small fixture package." in catalog and "*\\(अंग्रेज़ी में\\)*" in catalog
    assert "<span lang=\"en\">A small fixture package." in dataset
    assert "इस डेटासेट का शीर्षक और विवरण अभी हिन्दी में नहीं लिखा गया है" in dataset
    assert '# <span lang="en">Demo package &lt;em&gt;for tests&lt;/em&gt;</span>\n' in dataset
    assert '### <span lang="en">Items</span> {: #items }' in dataset
    # Said once, visibly (above the tables, not inside each table's folded list of fields).
    assert dataset.count(FIELDS_NOTE) == 1
    assert dataset.index(FIELDS_NOTE) < dataset.index("<details class=\"od-fields\"")
    items = pages["hi/data/demo/items.md"].markdown
    assert "इस तालिका का शीर्षक और विवरण अभी हिन्दी में नहीं" in items
    assert items.count(FIELDS_NOTE) == 1
    # Each field's English title and description, marked; its type in Hindi.
    assert ('- `households_lakh` **<span lang="en">Households</span>** · संख्या · इकाई: '
            '<span lang="en">lakh households</span> · कम से कम 0<br><span lang="en">A count.'
            '</span>') in dataset
    # The fixture's one release has no lists of changes: no note about their language.
    assert "अंग्रेज़ी" not in pages["hi/releases/index.md"].markdown


def test_a_descriptor_s_hindi_text_is_shown_on_the_hindi_pages(tmp_path: Path) -> None:
    project = make_project(tmp_path, FIXTURE)
    path = project / "datasets/demo/datapackage.json"
    package = json.loads(path.read_text(encoding="utf-8"))
    package |= {"title_hi": "परीक्षण पैकेज", "description_hi": "जाँच के लिए एक छोटा पैकेज।"}
    items = package["resources"][0]
    items |= {"title_hi": "वस्तुएँ", "description_hi": "जाँच की पंक्तियाँ।"}
    for field in items["schema"]["fields"]:
        field |= {"title_hi": f"शीर्षक {field['name']}", "description_hi": "एक कॉलम।"}
    path.write_text(json.dumps(package, ensure_ascii=False), encoding="utf-8")
    out = render(project)
    catalog, dataset = out["hi/data/index.md"].markdown, out["hi/data/demo/index.md"].markdown
    table = out["hi/data/demo/items.md"].markdown
    assert "## [परीक्षण पैकेज](demo/index.md)\n\nजाँच के लिए एक छोटा पैकेज।\n" in catalog
    assert "[वस्तुएँ](demo/items.md)<br><span class=\"od-cell-note\">जाँच की पंक्तियाँ।</span>" in catalog
    assert "# परीक्षण पैकेज\n\nजाँच के लिए एक छोटा पैकेज।\n\n|" in dataset  # no note
    assert "### वस्तुएँ {: #items }\n\nजाँच की पंक्तियाँ।\n" in dataset
    assert "**शीर्षक households\\_lakh**" in dataset and "<br>एक कॉलम।" in dataset
    fields = dataset.split("### वस्तुएँ")[1].split("</details>")[0]
    assert "अंग्रेज़ी" not in fields  # every field of this table has its Hindi text
    # Titles and descriptions all in Hindi; the units (no unit_hi) stay English, marked.
    assert 'इकाई: <span lang="en">lakh households</span>' in fields
    assert 'lang="en"' not in re.sub(r'इकाई: <span lang="en">[^<]*</span>', "", fields)
    # The table heads its columns with their Hindi titles, the name (the CSV's) below.
    assert ('<th scope="col">शीर्षक households_lakh<br><code lang="en">households_lakh</code>'
            '</th>') in table
    # The sources table's fields have no Hindi: the note is said for them, once.
    assert dataset.count(FIELDS_NOTE) == 1 and FIELDS_NOTE not in table
    assert table.startswith('---\ntitle: "वस्तुएँ — परीक्षण पैकेज"')
    assert "# वस्तुएँ\n\nजाँच की पंक्तियाँ।\n\n" in table and "अंग्रेज़ी" not in table.split("##")[0]
    # The English pages keep the descriptor's English text.
    assert "# Demo package &lt;em&gt;for tests&lt;/em&gt;" in out["data/demo/index.md"].markdown
    assert "परीक्षण" not in out["data/demo/index.md"].markdown.split("<script")[0]


def test_a_field_in_another_language_carries_lang_on_its_cells(tmp_path: Path) -> None:
    """A field with "language": "hi" writes its cells in <span lang="hi"> on the English pages
    (a screen reader then reads them with a Hindi voice); on the Hindi pages they need none."""
    project = make_project(tmp_path, FIXTURE)
    path = project / "datasets/demo/datapackage.json"
    package = json.loads(path.read_text(encoding="utf-8"))
    package["resources"][0]["schema"]["fields"][1]["language"] = "hi"  # items.title
    package["resources"][0]["schema"]["fields"][2]["language"] = "x\" onclick=\"a"  # not a tag
    path.write_text(json.dumps(package), encoding="utf-8")
    out = render(project)
    english, hindi = out["data/demo/items.md"].markdown, out["hi/data/demo/items.md"].markdown
    assert '<td><span lang="hi">Plain row</span></td>' in english
    assert '<span lang="hi">&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;' in english  # escaped
    assert "<td>Plain row</td>" in hindi and 'lang="hi"' not in hindi
    assert "onclick=\"a" not in english and 'lang="x' not in english
    assert '<span lang="hi">Plain row</span>' in out["data/demo/index.md"].markdown  # preview


def test_a_field_s_hindi_title_where_it_has_one_english_marked_where_not(tmp_path: Path
                                                                        ) -> None:
    """One field with title_hi/description_hi, the others without: each shown in its own way
    in the field list, the table headers and the preview, and the note said once."""
    project = make_project(tmp_path, FIXTURE)
    path = project / "datasets/demo/datapackage.json"
    package = json.loads(path.read_text(encoding="utf-8"))
    fields = package["resources"][0]["schema"]["fields"]
    fields[2] |= {"title_hi": "परिवार <b>", "description_hi": "एक गिनती।", "unit_hi": "लाख परिवार"}
    path.write_text(json.dumps(package, ensure_ascii=False), encoding="utf-8")
    out = render(project)
    dataset, table = out["hi/data/demo/index.md"].markdown, out["hi/data/demo/items.md"].markdown
    assert ("- `households_lakh` **परिवार &lt;b&gt;** · संख्या · इकाई: लाख परिवार · कम से कम 0"
            "<br>एक गिनती।\n") in dataset
    assert '- `as_of` **<span lang="en">As of</span>** · तारीख़ · अनिवार्य<br><span lang="en">Date.' in dataset
    header = table.split("<thead>")[1].split("</thead>")[0]
    assert ('<th scope="col">परिवार &lt;b&gt;<br><code lang="en">households_lakh</code></th>'
            in header)
    assert '<th scope="col"><span lang="en">as_of</span></th>' in header
    assert '<th scope="col">लाइन</th>' in header
    assert dataset.count(FIELDS_NOTE) == 1 and table.count(FIELDS_NOTE) == 1
    # The English pages keep the field names as headers and no Hindi anywhere.
    english = out["data/demo/items.md"].markdown
    assert '<th scope="col">households_lakh</th>' in english and "परिवार" not in english


def test_english_cells_and_sources_on_a_hindi_page_are_marked(pages) -> None:
    """A cell with words of the data (English) is lang="en" on the Hindi page; a number, a date
    or a blank (the page's "not reported") is not; a source's English title and publisher are
    marked, its date (in Hindi) is not. The English page has none of these marks."""
    hindi, english = pages["hi/data/demo/items.md"].markdown, pages["data/demo/items.md"].markdown
    assert '<td lang="en">Plain row</td>' in hindi and "<td>Plain row</td>" in english
    assert '<td class="od-long" lang="en">&lt;script&gt;' in hindi  # escaped, still wide
    assert '<td class="num">1.25</td>' in hindi and "<td>2024-07-25</td>" in hindi
    assert '<td class="num"><span class="od-nr">रिपोर्ट नहीं किया गया</span></td>' in hindi
    assert ('<span class="od-cell-note"><span lang="en">A source with a &lt;b&gt;tag&lt;/b&gt; in '
            'its title, Demo publisher</span>, 29 जुलाई 2024</span>') in hindi
    assert ('**D1** · <span lang="en">[A source with a &lt;b&gt;tag&lt;/b&gt; in its title]'
            '(<https://example.org/d1>), Demo publisher</span>, 29 जुलाई 2024') in hindi
    dataset = pages["hi/data/demo/index.md"].markdown
    assert '| लाइसेंस | <span lang="en">[Creative Commons Attribution 4.0]' in dataset
    assert '| क्षेत्र | <span lang="en">Nowhere \\(fixture\\)</span> |' in dataset
    for page in ("data/demo/index.md", "data/demo/items.md", "data/demo/sources.md"):
        assert 'lang="en"' not in pages[page].markdown, page


def test_citation_files_are_one_set_in_every_language(pages) -> None:
    """The Hindi page links the same citation: its files are byte for byte the English ones."""
    files = [p for p in pages if p.startswith("data/demo/cite/")]
    assert len(files) == 12  # four formats, for the dataset and each of its two tables
    for path in files:
        assert pages[f"hi/{path}"].data == pages[path].data, path
    hindi = pages["hi/data/demo/index.md"].markdown
    assert '<blockquote lang="en" markdown>\nTest suite \\(2026\\). Demo package' in hindi
    assert "[सादा पाठ](cite/demo-0.1.0.txt)" in hindi and "<summary>सादा पाठ (demo-0.1.0.txt)" in hindi
    assert "डेटासेट के इस संस्करण का उद्धरण इस तरह दें \\(संस्करण 0.1.0, 1 जनवरी 2026\\):" in hindi


def test_sizes_dates_and_constraints_in_hindi(pages) -> None:
    hindi = pages["hi/data/demo/index.md"].markdown
    assert "| 266 बाइट |" in pages["hi/data/index.md"].markdown
    assert '· इकाई: <span lang="en">percent</span> · 0 से 100 तक<br>' in hindi
    assert "· अनिवार्य<br>" in hindi
    assert "29 जुलाई 2024" in hindi and "तारीख़ प्रकाशित नहीं" in hindi  # source dates
    assert "items, एक्सेल के लिए \\(UTF-8, BOM के साथ\\)" in hindi
    assert "<caption>3 में से पहली 3 पंक्तियाँ</caption>" in hindi


# --- the footer ---------------------------------------------------------------------------------
def footer_data(project: Path):
    """The fixture project's site data (what site_footer reads)."""
    config = load_config(project, site_url="")
    return load_site_data(config, validate_paths([config.datasets], project))


def render_partial(footer: dict) -> str:
    """The theme's copyright partial as MkDocs renders it (url: the path as it is)."""
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(ENGINE_TEMPLATES / "theme")))
    env.filters["url"] = lambda value: value
    config = {"extra": {"opendata_footer": footer, "generator": False}, "copyright": ""}
    return env.get_template("partials/copyright.html").render(config=config)


def test_the_footer_in_english_and_hindi(tmp_path: Path) -> None:
    project = make_project(tmp_path, FIXTURE)
    data = footer_data(project)
    languages, _ = load_languages(("en", "hi"), project)
    english, hindi = site_footer(data), site_footer(data, languages[1])
    assert english == site_footer(data, ENGLISH)
    text = " ".join(re.sub(r"<[^>]+>", " ", render_partial(english)).split())
    assert ("Data licence: Creative Commons Attribution 4.0 . Where the data comes from: "
            "2 public sources, each named with the rows it gave, in 1 dataset . Release: "
            "0.1.0 , 1 Jan 2026.") in text
    shown = render_partial(hindi)
    text = " ".join(re.sub(r"<[^>]+>", " ", shown).split())
    assert "डेटा का लाइसेंस: Creative Commons Attribution 4.0 ." in text
    assert ("डेटा कहाँ से आता है: 2 सार्वजनिक स्रोत, जिनमें से हर एक का नाम उसकी दी हुई पंक्तियों "
            "के साथ दर्ज है; ये 1 डेटासेट में हैं।") in text
    assert "रिलीज़: 0.1.0 , 1 जनवरी 2026." in text
    assert '<a href="data/index.html">1 डेटासेट</a> में हैं।' in shown


def test_the_english_footer_is_the_one_it_was(tmp_path: Path) -> None:
    """The partial writes the English footer as it did before its words came from footer.py."""
    footer = site_footer(footer_data(make_project(tmp_path, FIXTURE)))
    footer |= {"licences": [{"title": "A", "url": ""}, {"title": "B", "url": ""}],
               "report_page": "about.html", "report_errors": "Write to us."}
    footer["words"] |= {"licences": "Data licences:"}
    shown = render_partial(footer)
    assert ('<p><span class="od-footer-label">Data licences:</span>\n      A, B (each dataset\'s '
            "page names its own).</p>") in shown
    assert ('<span class="od-footer-label">Where the data comes from:</span>\n'
            "      2 public sources, each named with the rows it gave, in\n"
            '      <a href="data/index.html">1 dataset</a>.</p>') in shown
    assert ('<span class="od-footer-label">Found an error?</span>\n      Write to us. '
            '<a href="about.html">How to report it</a></p>') in shown


def test_every_message_of_the_data_pages_has_its_hindi() -> None:
    _, problems = i18n.check_languages(["hi"], ROOT)
    mine = [p.format() for p in problems
            if any(f"generator/{name}" in p.message for name in MINE)
            or p.path.endswith("/data.po")]
    assert mine == []
    catalogue, _ = i18n.load_catalogue("hi")
    assert catalogue.gettext("Data catalog") == "डेटा सूची"
    assert catalogue.ngettext("Data licence:", "Data licences:", 2) == "डेटा के लाइसेंस:"


def test_devanagari_digits_when_the_publication_asks(tmp_path: Path) -> None:
    """digits: devanagari prints the counts, sizes and dates of the data pages in Devanagari."""
    project = make_project(tmp_path, FIXTURE)
    config = load_config(project, site_url="")
    validation = validate_paths([config.datasets], project)
    languages, _ = load_languages(("en", "hi"), project, "devanagari")
    data = load_site_data(config, validation)
    out = {o.path: o for o in render_pages(data, languages)}
    catalog, dataset = out["hi/data/index.md"].markdown, out["hi/data/demo/index.md"].markdown
    assert "| ३ | २६६ बाइट |" in catalog
    assert "३ पंक्तियाँ, २६६ बाइट" in dataset and "इस तालिका के ६ कॉलम" in dataset
    assert "० से १०० तक" in dataset and "२९ जुलाई २०२४" in dataset
    assert "३ पंक्तियाँ, [items.csv](items.csv) से।" in out["hi/data/demo/items.md"].markdown
    assert "| 3 | 266 bytes |" in out["data/index.md"].markdown  # English as it was
    words = site_footer(data, languages[1])["words"]
    assert words["datasets"] == "१ डेटासेट" and words["where_before"].startswith("२ सार्वजनिक")


def test_the_hindi_releases_page_with_changes(tmp_path: Path) -> None:
    """Three releases (tests/fixtures/releases): the changelog in Hindi (diff_markdown's words
    through the catalogue), the data's names and values as they are, marked lang="en"; the
    archived zips are the same files."""
    import subprocess
    import sys

    fixture = ROOT / "tests" / "fixtures" / "releases"
    project = make_project(tmp_path, fixture / "datasets")
    for version in ("1.0.0", "1.1.0"):
        done = subprocess.run([sys.executable, "-m", "generator.cli", "release", "--from",
                               str(fixture / version)], cwd=project, capture_output=True,
                              text=True, check=False)
        assert done.returncode == 0, done.stdout + done.stderr
    out = render(project)
    hindi = out["hi/releases/index.md"].markdown
    assert "अंग्रेज़ी" not in hindi  # no note: the lists are in Hindi now
    changes = hindi.split("## बदलावों का ब्योरा")[1].split("## पुरानी रिलीज़")[0]
    english_words = re.sub(r"<span lang=\"en\">.*?</span>|`[^`]*`|\([^)]*\.csv\)", " ", changes)
    assert not re.findall(r"\b(?:added|removed|changed|rows|Rows|fields?|Field|Line|Package|"
                          r"Version|released|Unchanged|Schema)\b", english_words), changes
    assert "पैकेजों की तुलना की गई" in changes or "पैकेज की तुलना की गई" in changes
    assert "1.1.0 के बाद के बदलाव:" in hindi and "1.0.0 के बाद के बदलाव:" in hindi
    assert re.findall(r"^### रिलीज़ (\S+) \{: #release-files-", hindi, re.M) == ["1.1.0", "1.0.0"]
    assert "अंग्रेज़ी" not in out["releases/index.md"].markdown
    zips = [p for p in out if p.startswith("releases/") and p.endswith(".zip")]
    assert zips and all(out[f"hi/{p}"].data == out[p].data for p in zips)
