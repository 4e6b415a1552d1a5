"""Languages (issue 16): one MkDocs run per language, a switch and hreflang links to the same
page, each language its own search index, and a publication text without translation refused."""

from __future__ import annotations

import dataclasses
import json
import re
from pathlib import Path

import pytest
from sitebuild import MINIMAL_MKDOCS, ROOT

from generator import languages, render_cache
from generator.cache import Store
from generator.config import load_config
from generator.i18n import load_catalogue
from generator.languages import ENGLISH, Language, make, untranslated
from generator.markdown import environment
from generator.mkdocs_site import counterparts, page_locale, run_mkdocs, slugify_words
from generator.model import Page

PO = """msgid ""
msgstr ""
"Language: hi\\n"
"Content-Type: text/plain; charset=UTF-8\\n"
"Plural-Forms: nplurals=2; plural=(n != 1);\\n"

msgid "Languages demo"
msgstr "भाषाओं का नमूना"

msgid "Home"
msgstr "मुखपृष्ठ"

msgid "States"
msgstr "राज्य"
"""
NAV = """nav:
  - Home: index.md
  - States: states/bihar.md
"""
PAGES = {
    "index.md": "# Home page\n\nEnglishword prose.\n",
    "states/bihar.md": "# Bihar\n\nBiharprose in English.\n",
    "hi/index.md": "# मुखपृष्ठ\n\nहिन्दी शब्द।\n",
    "hi/states/bihar.md": "# बिहार\n\nबिहार के बारे में।\n\n## स्रोत\n\nसूची।\n",
}


def project(root: Path) -> Path:
    """A two-page publication with a Hindi catalogue of its own texts."""
    (root / "mkdocs.yml").write_text(MINIMAL_MKDOCS.format(name="Languages demo") + NAV,
                                     encoding="utf-8")
    folder = root / "locale" / "hi" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    (folder / "site.po").write_text(PO, encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The MkDocs stage of a site in English and Hindi, run as the build runs it."""
    root = project(tmp_path_factory.mktemp("languages"))
    docs = root / "build" / "docs"
    for path, text in PAGES.items():
        (docs / path).parent.mkdir(parents=True, exist_ok=True)
        (docs / path).write_text(text, encoding="utf-8")
    hindi, _ = load_catalogue("hi", root)
    both = (ENGLISH, make("hi", hindi, default=False))
    for language in both:
        run_mkdocs(load_config(root), docs / language.prefix, root / "site" / language.prefix,
                   0, language=language, languages=both)
    return root / "site"


def read(site: Path, page: str) -> str:
    return (site / page).read_text(encoding="utf-8")


def test_each_language_is_its_own_site_and_the_default_leaves_the_others_out(site):
    """English at the root without the hi/ pages in it; Hindi under hi/ with the same paths."""
    assert (site / "states/bihar.html").is_file() and (site / "hi/states/bihar.html").is_file()
    assert not (site / "hi/hi").exists()
    english = json.loads(read(site, "search/search_index.json"))
    hindi = json.loads(read(site, "hi/search/search_index.json"))
    assert english["config"]["lang"] == ["en"] and hindi["config"]["lang"] == ["hi", "en"]
    english_text = " ".join(d["title"] + d["text"] for d in english["docs"])
    hindi_text = " ".join(d["title"] + d["text"] for d in hindi["docs"])
    assert "Biharprose" in english_text and "बिहार" not in english_text
    assert "बिहार" in hindi_text and "Biharprose" not in hindi_text


def test_html_lang_and_the_theme_words_are_the_pages_language(site):
    assert '<html lang="en"' in read(site, "states/bihar.html")
    assert '<html lang="hi"' in read(site, "hi/states/bihar.html")
    # Site name and navigation titles come from the publication's catalogue.
    hindi = read(site, "hi/states/bihar.html")
    assert "भाषाओं का नमूना" in hindi and "राज्य" in hindi
    assert "Languages demo" not in hindi.split("<body", 1)[1]


@pytest.mark.parametrize("page, links", [
    ("states/bihar.html", {"en": "bihar.html", "hi": "../hi/states/bihar.html"}),
    ("hi/states/bihar.html", {"en": "../../states/bihar.html", "hi": "bihar.html"}),
    ("hi/index.html", {"en": "../index.html", "hi": "index.html"}),
])
def test_hreflang_and_the_switch_lead_to_the_same_page_in_each_language(site, page, links):
    html = read(site, page)
    found = dict(re.findall(r'<link rel=" alternate" hreflang="(\w+)" href="([^"]+)">', html))
    # The theme's script fetches a sitemap.xml beside every link[rel=alternate]: none is one.
    assert not re.search(r'<link rel="alternate"(?! feed)', html)
    assert found == links
    switch = dict(re.findall(r'<a href="([^"]+)" hreflang="(\w+)" lang="\w+" '
                             r'class="md-select__link"', html))
    assert {code: href for href, code in switch.items()} == links
    for href in links.values():  # every link leads to a page that exists
        assert ((site / page).parent / href).resolve().is_file(), href
    current = re.search(r'hreflang="(\w+)"[^>]*aria-current="true"', html)
    assert current and current.group(1) == ("hi" if page.startswith("hi/") else "en")


def test_counterparts_are_relative_to_the_page():
    hindi = Language("hi", default=False)
    both = (ENGLISH, hindi)
    assert [c["href"] for c in counterparts("index.html", ENGLISH, both)] == [
        "index.html", "hi/index.html"]
    assert [c["href"] for c in counterparts("a/b/c.html", hindi, both)] == [
        "../../../a/b/c.html", "c.html"]


def test_a_language_notes_the_texts_it_has_no_translation_of():
    hindi = Language("hi", load_catalogue("hi")[0], default=False)
    assert hindi.gettext("not reported") != "not reported"  # the engine's catalogue has it
    assert hindi.gettext("A text of the publication") == "A text of the publication"
    hindi.gettext("[[fig a/b[latest].c]]")  # a figure reference alone needs no translation
    hindi.gettext("3.23%")
    assert list(hindi.missing) == ["A text of the publication"]
    ENGLISH.gettext("Anything")
    assert not ENGLISH.missing


def test_untranslated_texts_are_problems_at_their_line(tmp_path):
    (tmp_path / "publication.yml").write_text(
        "# title: About\nsections:\n  - kind: home\n    title: About the data\n"
        "  - kind: catalog\n    title: About\n    intro: >-\n      A long introduction that\n"
        "      goes on.\n", encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text("nav:\n  - Home: index.md\n", encoding="utf-8")
    hindi = Language("hi", default=False)
    for text in ("About", "Home", "A long introduction that goes on.", "Not written anywhere"):
        hindi.gettext(text)
    found = {p.field: (p.path, p.row, p.code) for p in untranslated((hindi,), tmp_path)}
    assert found == {
        "About": ("publication.yml", 6, "missing-translation"),
        "Home": ("mkdocs.yml", 2, "missing-translation"),
        "A long introduction that goes on.": ("publication.yml", 8, "missing-translation"),
        "Not written anywhere": ("publication.yml", None, "missing-translation"),
    }


@dataclasses.dataclass(frozen=True)
class StandIn:
    """What render_cache.cached reads of the site data."""

    key: str
    config: str
    store: Store
    content: object = None
    downloads: object = None  # the packages' downloads (none here)


def test_pages_that_lack_a_translation_are_not_kept_in_the_render_cache(tmp_path):
    """Else the next build would take them from the cache and not see the gap."""
    hindi = Language("hi", default=False)
    env = environment(ROOT / "site_templates", hindi)
    assert languages.of(env) is hindi
    data = StandIn("k", "c", Store(tmp_path / "cache"))
    calls = []

    def make(_data):
        calls.append(1)
        return [Page("p.md", hindi.gettext("Untranslated words"))]

    for _ in range(2):
        render_cache.cached("demo", data, env, make)
    assert len(calls) == 2  # made again: nothing was kept
    english = environment(ROOT / "site_templates")
    for _ in range(2):
        render_cache.cached("demo", data, english, make)
    assert len(calls) == 3  # English has nothing to translate: kept, then taken from the cache


def test_another_languages_pages_have_its_locale_in_the_publications_region():
    hindi = Language("hi", default=False)
    assert page_locale("en-IN", ENGLISH) == "en-IN"
    assert page_locale("en-IN", hindi) == "hi-IN"
    assert page_locale("en", hindi) == "hi"


def test_a_blank_cell_says_not_reported_in_the_pages_language():
    hindi = make("hi", load_catalogue("hi")[0], default=False)
    template = "{{ '' | cell }}|{{ 'x' | cell }}"
    assert environment(ROOT / "site_templates").from_string(template).render() == \
        "<em>not reported</em>|x"
    assert environment(ROOT / "site_templates", hindi).from_string(template).render() == \
        f"<em>{hindi.gettext('not reported')}</em>|x"
    assert hindi.gettext("not reported") != "not reported"


def test_a_qualified_figure_puts_the_figure_where_the_language_says():
    from generator.figures import worded_text

    hindi = make("hi", load_catalogue("hi", ROOT)[0], default=False)
    assert worded_text("around", "15.82 crore") == "around 15.82 crore"
    assert worded_text("more than", "12.58 करोड़", hindi) == "12.58 करोड़ से अधिक"
    assert worded_text("around", "15.82 करोड़", hindi) == "लगभग 15.82 करोड़"
    assert worded_text("at 100%", "5") == "at 100% 5"  # a % of the data is no placeholder


def test_only_another_languages_pages_load_the_query_normaliser(site):
    """search-nfc.js: a precomposed nukta letter typed in the box finds the NFC index text."""
    assert "assets/opendata/search-nfc.js" in read(site, "hi/states/bihar.html")
    assert "search-nfc.js" not in read(site, "states/bihar.html")


def test_a_hindi_site_fetches_no_thai_segmenter(site):
    """The theme loads lunr/wordcut.js (a Thai dictionary) for Hindi search; its tokeniser never
    calls it, so the Hindi site has the stub (lunr.hi's init() only) and English the theme's."""
    from generator.mkdocs_site import WORDCUT, WORDCUT_STUB

    stub = WORDCUT_STUB.read_text(encoding="utf-8")
    assert read(site, f"hi/{WORDCUT}") == stub
    assert len(stub) < 2_000
    english = (site / WORDCUT).read_bytes()
    assert english != stub.encode() and len(english) > 600_000  # unused there, as the theme ships it


def test_no_stub_where_a_search_language_is_thai(tmp_path):
    from generator.mkdocs_site import WORDCUT, light_word_splitter

    (tmp_path / WORDCUT).parent.mkdir(parents=True)
    (tmp_path / WORDCUT).write_text("the theme's segmenter")
    assert not light_word_splitter(tmp_path, ["th", "hi", "en"])
    assert not light_word_splitter(tmp_path, ["en"])
    assert (tmp_path / WORDCUT).read_text() == "the theme's segmenter"
    assert light_word_splitter(tmp_path, ["hi", "en"])
    assert "lunr.wordcut" in (tmp_path / WORDCUT).read_text()


def test_a_hindi_heading_keeps_its_words_in_its_id(site):
    html = read(site, "hi/states/bihar.html")
    assert '<h2 id="स्रोत">' in html
    assert slugify_words("Sources of these rows", "-") == "sources-of-these-rows"
    assert slugify_words("राज्य / केंद्र शासित प्रदेश", "-") == "राज्य-केंद्र-शासित-प्रदेश"


def test_a_translation_equal_to_its_msgid_and_a_bare_format_are_not_missing(tmp_path):
    folder = tmp_path / "locale" / "hi" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    (folder / "site.po").write_text(PO + '\nmsgid "JJM-IMIS"\nmsgstr "JJM-IMIS"\n', "utf-8")
    hindi = Language("hi", load_catalogue("hi", tmp_path)[0], default=False)
    assert hindi.gettext("JJM-IMIS") == "JJM-IMIS"  # translated as itself: a name
    hindi.gettext("%(series)s (%(value)s, %(date)s)")  # no word of its own to translate
    hindi.gettext("%(count)s more words")
    assert list(hindi.missing) == ["%(count)s more words"]


def test_a_snippet_on_another_languages_page_embeds_that_languages_chart():
    """Its src is the embed page's path in the site: hi/... on the Hindi pages."""
    from generator import embeds

    values = {"embed": "coverage/embed/national.html", "title": "t", "caption": 40,
              "sizes": [[600, 300], [340, 400]]}
    hindi = make("hi", load_catalogue("hi")[0], default=False)
    for site_url in ("", "https://example.org/site/"):
        english = embeds.snippet_block(values, "coverage/index.md", site_url, "Demo")
        in_hindi = embeds.snippet_block(values, "coverage/index.md", site_url, "Demo", hindi)
        assert f"src=&quot;{site_url}coverage/embed/national.html&quot;" in english
        assert f"src=&quot;{site_url}hi/coverage/embed/national.html&quot;" in in_hindi
        # The link to the embed page stays relative to the page, in its own language's folder.
        assert '<a href="embed/national.html">' in in_hindi
