"""The publication's Hindi pages: every update and page translated, each fact and link kept."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
import yaml
from babel.messages.pofile import read_po
from markdown.extensions.toc import slugify

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"
UPDATES = CONTENT / "updates"
CATALOGUE = ROOT / "locale" / "hi" / "LC_MESSAGES" / "publication.po"

FIGURE = re.compile(r"\[\[fig [^\n]*?\]\]")  # one figure reference, closed on its line
LINK = re.compile(r"\]\(([^)\s]+)\)")  # a Markdown link's target
CODE = re.compile(r"`[^`\n]*`")
HEADING = re.compile(r"^(#{1,6}) (.+?)(?: \{#([\w-]+)\})?$", re.M)
DEVANAGARI = re.compile(r"[\u0900-\u097F]")
LATIN_WORD = re.compile(r"[A-Za-z]")
SENTENCE_END = re.compile(r"[।?!]|\.(?:\s|$)")
MOST_LATIN_WORDS = 5  # a name ("Government Open Data License – India") may stay in English


def english_updates() -> list[Path]:
    """The English update files (not README, not another language's version)."""
    return sorted(p for p in UPDATES.glob("*.md")
                  if p.name != "README.md" and not p.name.endswith(".hi.md"))


def hindi_of(english: Path) -> Path:
    """`content/x.md` -> `content/x.hi.md`."""
    return english.with_name(english.name.removesuffix(".md") + ".hi.md")


def split(path: Path) -> tuple[dict, str]:
    """A Markdown file's front matter (as YAML gives it) and its body."""
    text = path.read_text(encoding="utf-8")
    _, front, body = text.split("---\n", 2)
    return yaml.safe_load(front), body


def prose(body: str) -> str:
    """The text a reader reads: no figure references, code spans or link targets."""
    return LINK.sub("]", CODE.sub(" ", FIGURE.sub(" ", body)))


def untranslated(text: str) -> list[str]:
    """Sentences without Devanagari, or with a long run of Latin-script words."""
    found = []
    for sentence in SENTENCE_END.split(text):
        words = sentence.split()
        latin = [w for w in words if LATIN_WORD.search(w) and not DEVANAGARI.search(w)]
        if latin and not DEVANAGARI.search(sentence):
            found.append(sentence.strip())
            continue
        run = 0
        for word in words:
            if DEVANAGARI.search(word):
                run = 0
            elif LATIN_WORD.search(word):
                run += 1
                if run > MOST_LATIN_WORDS:
                    found.append(sentence.strip())
                    break
    return found


def test_every_update_has_a_hindi_version() -> None:
    assert english_updates(), "no English updates found"
    missing = [p.name for p in english_updates() if not hindi_of(p).is_file()]
    assert missing == []


@pytest.mark.parametrize("english", english_updates(), ids=lambda p: p.stem)
def test_a_hindi_update_gives_only_its_title_and_summary(english: Path) -> None:
    front, _ = split(hindi_of(english))
    assert set(front) == {"title", "summary"}
    for key in ("title", "summary"):
        assert DEVANAGARI.search(front[key]), key
        assert not re.search(r"[<>]", front[key]), key
        assert untranslated(front[key]) == [], key


@pytest.mark.parametrize("english", [*english_updates(), CONTENT / "about.md"],
                         ids=lambda p: p.stem)
def test_a_hindi_page_keeps_every_figure_and_link_and_is_in_hindi(english: Path) -> None:
    _, body = split(english)
    _, hindi = split(hindi_of(english))
    assert Counter(FIGURE.findall(hindi)) == Counter(FIGURE.findall(body))
    assert sorted(LINK.findall(hindi)) == sorted(LINK.findall(body))
    assert sorted(CODE.findall(hindi)) == sorted(CODE.findall(body))
    assert untranslated(prose(hindi)) == []


def test_the_hindi_about_page_keeps_the_headings_and_their_anchors() -> None:
    front, hindi = split(CONTENT / "about.hi.md")
    assert set(front) == {"title", "description"}
    assert all(DEVANAGARI.search(front[key]) for key in front)
    english = [(level, slugify(text, "-")) for level, text, _ in
               HEADING.findall(split(CONTENT / "about.md")[1])]
    translated = [(level, anchor) for level, text, anchor in HEADING.findall(hindi)]
    assert translated == english  # links to about.md#units work on the Hindi site too
    assert all(DEVANAGARI.search(text) for _, text, _ in HEADING.findall(hindi))


def test_the_publication_catalogue_keeps_figures_and_links_in_hindi() -> None:
    with CATALOGUE.open("rb") as handle:
        catalogue = read_po(handle, locale="hi")
    messages = [m for m in catalogue if m.id]
    assert messages
    for message in messages:
        assert message.string and not message.fuzzy, message.id
        assert DEVANAGARI.search(message.string), message.id
        assert Counter(FIGURE.findall(message.string)) == Counter(FIGURE.findall(message.id))
        assert sorted(LINK.findall(message.string)) == sorted(LINK.findall(message.id))
        assert message.string.endswith("\n") == message.id.endswith("\n"), message.id
        assert untranslated(prose(message.string)) == [], message.id
