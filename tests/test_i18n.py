"""Message catalogues: loading, publication overrides, Jinja's gettext, and the missing-translation check."""

from __future__ import annotations

import configparser
import textwrap
from pathlib import Path

import pytest

from generator import i18n
from generator.markdown import environment

ROOT = Path(__file__).resolve().parent.parent
HEADER = ('msgid ""\nmsgstr ""\n"Language: hi\\n"\n"Content-Type: text/plain; charset=utf-8\\n"\n'
          '"Plural-Forms: nplurals=2; plural=(n > 1);\\n"\n\n')


def write_po(project: Path, name: str, body: str, language: str = "hi") -> Path:
    """A publication .po file of `language` with a standard header."""
    path = project / "locale" / language / "LC_MESSAGES" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(HEADER + textwrap.dedent(body), encoding="utf-8")
    return path


def write_template(project: Path, name: str, text: str) -> None:
    """A template of the publication (site_templates/)."""
    folder = project / "site_templates"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(textwrap.dedent(text), encoding="utf-8")


def keys(problems: list) -> list[tuple]:
    """The (path, row, field, code) of each problem, sorted."""
    return sorted((p.key() for p in problems), key=lambda k: (k[0], k[1] or 0, k[2] or "", k[3]))


def test_the_engine_catalogue_translates_its_own_messages() -> None:
    catalogue, problems = i18n.load_catalogue("hi")
    assert problems == []
    assert catalogue.gettext(i18n.NOT_REPORTED) == "रिपोर्ट नहीं किया गया"
    assert catalogue.gettext("a message no catalogue has") == "a message no catalogue has"
    english, _ = i18n.load_catalogue("en")
    assert english.gettext(i18n.NOT_REPORTED) == "not reported"


def test_the_real_project_has_every_message_translated() -> None:
    _, problems = i18n.check_languages(["en", "hi"], ROOT)
    assert [p.format() for p in problems] == []


def test_every_engine_message_is_in_the_hindi_catalogue() -> None:
    used = i18n.messages_used(None)
    assert ("not reported", None) in used  # extraction finds N_() in generator/i18n.py
    catalogue, _ = i18n.load_catalogue("hi")
    assert set(used) <= set(catalogue.winners())


def test_a_publication_adds_and_overrides_messages(tmp_path: Path) -> None:
    write_po(tmp_path, "site.po", """\
        msgid "not reported"
        msgstr "सूचना नहीं"

        msgid "Households with a tap"
        msgstr "नल वाले परिवार"
        """)
    catalogue, problems = i18n.load_catalogue("hi", tmp_path)
    assert problems == []
    assert catalogue.gettext("not reported") == "सूचना नहीं"  # the publication's wins
    assert catalogue.gettext("date not published") == "तारीख़ प्रकाशित नहीं"  # the engine's stays
    assert catalogue.gettext("Households with a tap") == "नल वाले परिवार"


def test_later_files_win_and_an_empty_override_keeps_the_translation(tmp_path: Path) -> None:
    write_po(tmp_path, "a.po", 'msgid "Source"\nmsgstr "स्रोत"\n')
    write_po(tmp_path, "b.po", 'msgid "Source"\nmsgstr "आधार"\n\nmsgid "not reported"\nmsgstr ""\n')
    catalogue, _ = i18n.load_catalogue("hi", tmp_path)
    assert catalogue.gettext("Source") == "आधार"
    assert catalogue.gettext("not reported") == "रिपोर्ट नहीं किया गया"
    assert i18n.check_catalogue(catalogue, {}) == []


def test_missing_translations_are_named_at_their_line(tmp_path: Path) -> None:
    path = write_po(tmp_path, "site.po", """\
        msgid "Households with a tap"
        msgstr ""

        #, fuzzy
        msgid "Villages"
        msgstr "गाँव"

        msgid "Districts"
        msgstr "ज़िले"
        """)
    catalogue, problems = i18n.load_catalogue("hi", tmp_path)
    assert problems == []
    found = i18n.check_catalogue(catalogue, {})
    lines = path.read_text(encoding="utf-8").splitlines()
    where = {p.field: p.row for p in found}
    assert lines[where["Households with a tap"] - 1] == 'msgid "Households with a tap"'
    assert lines[where["Villages"] - 1] == 'msgid "Villages"'
    assert keys(found) == [
        ("locale/hi/LC_MESSAGES/site.po", where["Households with a tap"], "Households with a tap",
         "missing-translation"),
        ("locale/hi/LC_MESSAGES/site.po", where["Villages"], "Villages", "missing-translation"),
    ]
    assert found[0].format().startswith(
        f"locale/hi/LC_MESSAGES/site.po:{where['Households with a tap']}:Households with a tap: "
        "missing-translation: no Hindi translation")
    assert catalogue.gettext("Villages") == "Villages"  # a fuzzy translation is never shown


def test_a_message_used_in_a_template_but_in_no_catalogue(tmp_path: Path) -> None:
    write_template(tmp_path, "state.md.j2", """\
        # {{ name }}

        {{ _("Households with a tap") }}: {{ count }}
        {% trans n=count %}{{ n }} village{% pluralize %}{{ n }} villages{% endtrans %}
        """)
    _, problems = i18n.check_languages(["en", "hi"], tmp_path)
    assert keys(problems) == [
        ("locale/hi/LC_MESSAGES/messages.po", None, "%(n)s village", "missing-translation"),
        ("locale/hi/LC_MESSAGES/messages.po", None, "Households with a tap",
         "missing-translation"),
    ]
    assert "site_templates/state.md.j2:3" in problems[1].message + problems[0].message


def test_messages_in_page_kinds_are_found_too(tmp_path: Path) -> None:
    (tmp_path / "page_kinds").mkdir()
    (tmp_path / "page_kinds" / "kind.py").write_text(
        'def render(tr):\n    return tr.gettext("Coverage by State")\n', encoding="utf-8")
    used = i18n.messages_used(tmp_path)
    assert used[("Coverage by State", None)] == [i18n.Use("page_kinds/kind.py", 2, False)]


def test_the_build_store_keeps_each_files_messages(tmp_path: Path, monkeypatch) -> None:
    """An unchanged file is not parsed again; a changed one is, and its new message is found."""
    from generator.cache import Store

    project, store = tmp_path / "project", Store(tmp_path / "cache")
    write_template(project, "state.md.j2", '{{ _("Households with a tap") }}\n')
    first = i18n.messages_used(project, store)
    parsed: list[str] = []
    real = i18n.extract_from_file
    monkeypatch.setattr(i18n, "extract_from_file",
                        lambda method, path, **kw: parsed.append(path) or real(method, path, **kw))
    assert i18n.messages_used(project, store) == first and parsed == []
    write_template(project, "state.md.j2", '{{ _("Households with a tap") }}\n{{ _("Villages") }}\n')
    again = i18n.messages_used(project, store)
    assert parsed == [str(project / "site_templates" / "state.md.j2")]
    assert again[("Villages", None)] == [i18n.Use("site_templates/state.md.j2", 2, False)]
    assert i18n.messages_used(project) == again  # the memo changes nothing found


def test_jinja_gets_gettext_and_still_escapes(tmp_path: Path) -> None:
    write_po(tmp_path, "site.po", """\
        msgid "Households with a tap"
        msgstr "नल वाले *परिवार*"

        msgid "%(n)s village"
        msgid_plural "%(n)s villages"
        msgstr[0] "%(n)s गाँव"
        msgstr[1] "%(n)s गाँवों"
        """)
    write_template(tmp_path, "t.md.j2", """\
        {{ _("Households with a tap") }}
        {% for count in [0, 1, 2] -%}
        {% trans n=count %}{{ n }} village{% pluralize %}{{ n }} villages{% endtrans %};
        {%- endfor %}

        {{ _("not reported") }}
        """)
    catalogue, _ = i18n.load_catalogue("hi", tmp_path)
    env = environment(tmp_path / "site_templates")
    i18n.install(env, catalogue)
    lines = env.get_template("t.md.j2").render().splitlines()
    # Markdown in a translation is escaped like any other text (finalize); Hindi's plural rule
    # (CLDR: one for 0 and 1) picks the singular for 0.
    assert lines == ["नल वाले \\*परिवार\\*", "0 गाँव;1 गाँव;2 गाँवों;", "रिपोर्ट नहीं किया गया"]


def test_a_broken_catalogue_is_a_problem_not_a_traceback(tmp_path: Path) -> None:
    write_po(tmp_path, "site.po", 'msgid "Source"\nmsgstr "स्रोत"\nmsgid "x"\n')
    catalogue, problems = i18n.load_catalogue("hi", tmp_path)
    assert [(p.path, p.code) for p in problems] == [("locale/hi/LC_MESSAGES/site.po",
                                                     "bad-catalogue")]
    assert catalogue.gettext("not reported") == "रिपोर्ट नहीं किया गया"  # the engine's still load


def test_a_translation_that_drops_a_placeholder(tmp_path: Path) -> None:
    path = write_po(tmp_path, "site.po", """\
        #, python-format
        msgid "%(count)s States"
        msgstr "राज्य"
        """)
    _, problems = i18n.load_catalogue("hi", tmp_path)
    line = path.read_text(encoding="utf-8").splitlines().index('msgid "%(count)s States"') + 1
    assert keys(problems) == [("locale/hi/LC_MESSAGES/site.po", line, "%(count)s States",
                               "bad-translation")]
    assert "drops %(count)s" in problems[0].message


def test_a_translation_may_not_bring_markup(tmp_path: Path) -> None:
    # HTML templates mark gettext's result safe, so a .po file must not carry tags.
    write_po(tmp_path, "site.po", 'msgid "Source"\nmsgstr "<script>x</script>स्रोत"\n')
    _, problems = i18n.load_catalogue("hi", tmp_path)
    assert [(p.field, p.code) for p in problems] == [("Source", "bad-translation")]


def test_an_unknown_language_and_a_language_without_catalogue(tmp_path: Path) -> None:
    _, problems = i18n.check_languages(["en", "xx-nonsense", "ta"], tmp_path)
    assert ("publication.yml", None, "languages", "bad-language") in keys(problems)
    assert ("generator/locale/ta/LC_MESSAGES/opendata.po", None, None,
            "missing-catalogue") in keys(problems)


def test_unused_publication_messages_are_warnings(tmp_path: Path) -> None:
    write_po(tmp_path, "site.po", 'msgid "Nowhere used"\nmsgstr "कहीं नहीं"\n')
    catalogue, _ = i18n.load_catalogue("hi", tmp_path)
    found = list(i18n.unused(catalogue, i18n.messages_used(tmp_path)))
    assert [(p.field, p.code, p.is_error) for p in found] == [("Nowhere used", "unused-message",
                                                               False)]


@pytest.mark.parametrize("language, name", [("hi", "Hindi"), ("en", "English")])
def test_language_names_come_from_cldr(language: str, name: str) -> None:
    assert i18n.language_name(language) == name
    assert i18n.language_name("hi", "hi") == "हिन्दी"


def test_babel_cfg_reads_what_the_check_reads() -> None:
    # `pybabel extract -F babel.cfg ... generator` must see the same files as messages_used.
    parser = configparser.ConfigParser()
    parser.read(ROOT / "babel.cfg", encoding="utf-8")
    sections = []
    for section in parser.sections():
        method, _, pattern = section.partition(":")
        if method == "jinja2.ext":  # 'jinja2.ext:babel_extract: templates/*.j2'
            name, _, pattern = pattern.partition(":")
            method = f"jinja2.ext:{name}"
        sections.append((pattern.strip(), method, dict(parser[section])))
    assert sections == [tuple(s) for s in i18n.ENGINE_SOURCES]


def test_every_state_has_its_hindi_name_with_a_source() -> None:
    # admin-codes states.csv: a Hindi name for each State/UT, each saying where it comes from.
    import csv
    import json
    import unicodedata

    folder = ROOT / "datasets" / "admin-codes"
    with (folder / "states.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    descriptor = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    assert len(rows) == 36
    for row in rows:
        name, source = row["state_name_hi"], row["state_name_hi_source"]
        assert (name == "") == (source == ""), row["state_name"]  # a blank is not reported
        assert source in {"", "constitution-first-schedule", "our-translation"}
        assert unicodedata.normalize("NFC", name) == name
        assert all(c in " -" or unicodedata.name(c).startswith("DEVANAGARI") for c in name), name
    assert len({row["state_name_hi"] for row in rows}) == 36
    by_code = {row["lgd_state_code"]: row["state_name_hi"] for row in rows}
    assert by_code["10"] == "बिहार"  # the search of the Hindi site looks for this word
    if any(row["state_name_hi_source"] == "constitution-first-schedule" for row in rows):
        assert any("First Schedule" in s["title"] for s in descriptor["sources"])
