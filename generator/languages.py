"""The languages a publication publishes in: each a code, a catalogue, number words, a folder.

A page kind renders once per language. It finds the language it renders in on its Jinja
environment (`of(env)`): templates translate with `_()`, Python with `of(env).gettext`, and
both format numbers and dates with the language's own filters (`of(env).numbers`). The first
language is the default one, at the site's root; every other one is a folder of the same
pages (`hi/states/bihar.html` beside `states/bihar.html`), so one path segment switches a link.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import numbers as english_numbers
from .i18n import PLACEHOLDER, PUBLICATION_LOCALE, Catalogue, Memo, language_name
from .model import Problem

if TYPE_CHECKING:
    import jinja2

DEFAULT = "en"


@dataclass(frozen=True)
class Language:
    """One language of a publication: its code, messages, number words and where its pages go.

    `numbers` has the functions of `generator.numbers` (group_indian, group_international,
    in_units, percent, count_text, human_date), in this language.
    """

    code: str = DEFAULT
    catalogue: Catalogue = field(default_factory=lambda: Catalogue(DEFAULT))
    default: bool = True
    digits: str = "latin"
    numbers: Any = field(default=english_numbers, compare=False, repr=False)
    # Texts this language was asked for and has no translation of (an ordered set): the
    # publication's own texts (publication.yml, mkdocs.yml) that page kinds translate.
    missing: dict[str, None] = field(default_factory=dict, compare=False, repr=False)

    @property
    def prefix(self) -> str:
        """Where this language's pages go in the site: '' for the default one, else 'hi/'."""
        return "" if self.default else f"{self.code}/"

    @property
    def name(self) -> str:
        """The language's name in itself (CLDR): 'English', 'हिन्दी'."""
        return language_name(self.code, self.code)

    def gettext(self, message: str) -> str:
        """`message` in this language (itself when untranslated, as in English)."""
        self._seen(message)
        return self.catalogue.gettext(message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        """The form of a message for the count `n`, by this language's plural rule."""
        self._seen(singular)
        return self.catalogue.ngettext(singular, plural, n)

    def pgettext(self, context: str, message: str) -> str:
        """`message` in `context` (one English word, two meanings)."""
        self._seen(message, context)
        return self.catalogue.pgettext(context, message)

    def npgettext(self, context: str, singular: str, plural: str, n: int) -> str:
        """The plural form for `n` of a message in `context`."""
        self._seen(singular, context)
        return self.catalogue.npgettext(context, singular, plural, n)

    def _seen(self, message: str, context: str | None = None) -> None:
        """Note `message` as missing when this language shows words the catalogue lacks."""
        if (self.code != DEFAULT and not self.catalogue.translates(message, context)
                and _WORDS.search(PLACEHOLDER.sub("", FIGURE.sub("", message)))):
            self.missing.setdefault(message, None)

    def filters(self) -> dict[str, Any]:
        """The Jinja number and date filters of this language's pages."""
        n = self.numbers
        return {"indian": n.group_indian, "international": n.group_international,
                "percent": n.percent, "date": n.human_date}

    def cache_part(self) -> str:
        """What a cached page depends on in this language: the code and every message."""
        return repr((self.code, self.default, self.digits, self.catalogue.entries))


ENGLISH = Language()
FIGURE = re.compile(r"\[\[fig .*?\]\](?!\])", re.DOTALL)  # a figure reference is the same in every language
_WORDS = re.compile(r"[^\W\d_]{2,}")  # a text with a word in it (not only figures, numbers)


def english_on(language: Language) -> str:
    """The lang= of the data's own English text on a page in `language` ('' on an English one)."""
    return "" if language.code == ENGLISH.code else ENGLISH.code


def make(code: str, catalogue: Catalogue, default: bool, digits: str = "latin") -> Language:
    """A language with its number words (Hindi's from CLDR, through numbers_hi)."""
    if code == "hi":
        from .numbers_hi import HindiNumbers
        numbers = HindiNumbers.from_catalogue(catalogue.gettext, digits == "devanagari")
        return Language(code, catalogue, default, digits, numbers)
    return Language(code, catalogue, default, digits)


def of(env: jinja2.Environment) -> Language:
    """The language a Jinja environment renders in (the default English one when unset)."""
    language = env.globals.get("language")
    return language if isinstance(language, Language) else ENGLISH


def localised(path: str, language: Language) -> str:
    """A docs path in `language`'s folder: 'states/bihar.md' -> 'hi/states/bihar.md'."""
    return language.prefix + path


def load_languages(codes: tuple[str, ...], project: Path | None, digits: str = "latin",
                   memo: Memo | None = None) -> tuple[tuple[Language, ...], list[Problem]]:
    """The publication's languages with their catalogues, and what stops one from being used.

    A site in English only reads no catalogue check (every msgid is English); any other
    language must translate every message a template or page kind uses (i18n.check_languages;
    `memo`, the build's store, keeps each source file's messages between builds).
    """
    from .i18n import check_languages, load_catalogue

    if tuple(codes) == (DEFAULT,):
        catalogue, problems = load_catalogue(DEFAULT, project)
        return (make(DEFAULT, catalogue, True),), problems
    catalogues, problems = check_languages(codes, project, memo)
    languages = tuple(make(code, catalogues[code], number == 0, digits)
                      for number, code in enumerate(codes) if code in catalogues)
    return languages, problems


def untranslated(languages: tuple[Language, ...], root: Path, files: tuple[str, ...] = (
        "publication.yml", "mkdocs.yml")) -> list[Problem]:
    """A missing-translation problem for each text a page asked for in a language that lacks it.

    The publication's own texts (a section's title or intro, a figure's label, the site's name
    and navigation) are msgids of its catalogue; each problem is at the line of `files` that
    holds the text, when one does.
    """
    if not any(language.missing for language in languages):
        return []  # the usual case: no file is read
    texts = {name: _lines(root / name) for name in files}
    problems = []
    for language in languages:
        for message in language.missing:
            path, line = _where(message, texts)
            problems.append(Problem(
                path, line, message.replace("\n", "\\n")[:80], "missing-translation",
                f"no {language_name(language.code)} translation of this text, which the "
                f"{language_name(language.code)} pages show: add it (msgid: the English text as written, "
                f"msgstr: the translation) to {PUBLICATION_LOCALE}/{language.code}/"
                f"LC_MESSAGES/*.po"))
    return problems


def _lines(path: Path) -> list[str]:
    """A file's lines with runs of white space as one space ([] when it cannot be read)."""
    try:
        return [" ".join(line.split()) for line in path.read_text(encoding="utf-8").splitlines()]
    except (OSError, UnicodeDecodeError):
        return []


def _where(message: str, texts: dict[str, list[str]]) -> tuple[str, int | None]:
    """The file and line where a text's first words are written (the first file otherwise)."""
    start = " ".join(message.split())[:40]
    for name, lines in texts.items():
        for number, line in enumerate(lines, start=1):
            if not start or line.startswith("#"):
                continue
            whole = len(start) == len(" ".join(message.split()))  # a short text: all of it
            value = line.split(": ", 1)[1].strip("'\"") if ": " in line else None
            if (value is not None and (value == start or not whole and value.startswith(start))
                    or line.startswith(f"- {start}:")
                    or (line and " ".join(message.split()).startswith(line)
                        and lines[number - 2].endswith(("|", "|-", ">-", ">")))):
                return name, number
    return next(iter(texts)), None
