"""Message catalogues: gettext .po files per language (Babel), merged engine then publication."""

from __future__ import annotations

import functools
import gettext
import io
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

import jinja2
from babel import Locale
from babel import __version__ as _BABEL_VERSION
from babel.messages.catalog import Catalog, Message
from babel.messages.extract import extract_from_file
from babel.messages.mofile import write_mo
from babel.messages.pofile import PoFileError, read_po

from .model import ERROR, WARNING, Problem

DOMAIN = "opendata"  # the engine's catalogue: generator/locale/<lang>/LC_MESSAGES/opendata.po
SOURCE_LANGUAGE = "en"  # msgids are English: an English catalogue only overrides wording
ENGINE_LOCALE = Path(__file__).parent / "locale"
PUBLICATION_LOCALE = "locale"  # a publication's own: <project>/locale/<lang>/LC_MESSAGES/*.po
PUBLICATION_CATALOGUE = "messages.po"  # where a publication adds a message it uses
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "pgettext": ((1, "c"), 2),
            "npgettext": ((1, "c"), 2, 3), "N_": None}
# What `extract_messages` reads, as (glob, Babel method, options); babel.cfg says the same
# for `pybabel extract` (tests/test_i18n.py keeps the two in step).
ENGINE_SOURCES = (
    ("**.py", "python", {}),
    ("templates/*.j2", "jinja2.ext:babel_extract", {"trimmed": "true", "trim_blocks": "true",
                                  "lstrip_blocks": "true"}),
)
PUBLICATION_SOURCES = (
    ("page_kinds/**.py", "python", {}),
    ("site_templates/*.j2", "jinja2.ext:babel_extract", {"trimmed": "true", "trim_blocks": "true",
                                       "lstrip_blocks": "true"}),
)

MessageKey = tuple[str, str | None]  # (singular msgid, msgctxt)
PLACEHOLDER = re.compile(r"%\((\w+)\)[#0 +-]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa]")


def N_(message: str) -> str:
    """Mark a message for extraction where it is defined; it is translated where it is shown."""
    return message


# Messages the engine itself needs, whatever the templates say.
NOT_REPORTED = N_("not reported")
DATE_NOT_PUBLISHED = N_("date not published")
FALLBACK_NOTE = N_("This text is not yet written in this language; it is shown in English.")


@dataclass(frozen=True)
class Entry:
    """One message of one .po file: its id, its translation, and where it is written."""

    msgid: str | tuple[str, ...]
    context: str | None
    translation: str | tuple[str, ...]
    path: str  # as problems show it: generator/locale/... or the project's locale/...
    line: int
    fuzzy: bool = False

    @property
    def key(self) -> MessageKey:
        """The (singular msgid, context) this entry translates."""
        singular = self.msgid[0] if isinstance(self.msgid, tuple) else self.msgid
        return singular, self.context

    @property
    def translated(self) -> bool:
        """True when every form has a translation and the entry is not marked fuzzy."""
        forms = self.translation if isinstance(self.translation, tuple) else (self.translation,)
        return not self.fuzzy and all(form.strip() for form in forms)


@dataclass(frozen=True)
class Catalogue:
    """The messages of one language: the engine's .po, then the publication's, later wins."""

    language: str
    entries: tuple[Entry, ...] = ()
    translations: gettext.NullTranslations = field(
        default_factory=gettext.NullTranslations, compare=False, repr=False)

    def gettext(self, message: str) -> str:
        """The translation of `message`, or `message` itself (English) when there is none."""
        return self.translations.gettext(message)

    @functools.cached_property
    def _translated(self) -> frozenset[MessageKey]:
        """The (msgid, context) of every message this catalogue translates."""
        return frozenset(key for key, entry in self.winners().items() if entry.translated)

    def translates(self, message: str, context: str | None = None) -> bool:
        """True when the catalogue has a translation of `message` (which may equal it)."""
        return (message, context) in self._translated

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        """The form of a message for `n`, by the language's plural rule."""
        return self.translations.ngettext(singular, plural, n)

    def pgettext(self, context: str, message: str) -> str:
        """The translation of `message` in `context` (one English word, two meanings)."""
        return self.translations.pgettext(context, message)

    def npgettext(self, context: str, singular: str, plural: str, n: int) -> str:
        """The plural form for `n` of a message in `context`."""
        return self.translations.npgettext(context, singular, plural, n)

    def winners(self) -> dict[MessageKey, Entry]:
        """The entry that decides each message: the last translated one, else the last one."""
        decided: dict[MessageKey, Entry] = {}
        for entry in self.entries:
            if entry.translated or not (entry.key in decided and decided[entry.key].translated):
                decided[entry.key] = entry
        return decided


class Translator(Protocol):
    """What `install` needs: a Catalogue, or a languages.Language (which notes what it lacks)."""

    def gettext(self, message: str) -> str: ...
    def ngettext(self, singular: str, plural: str, n: int) -> str: ...
    def pgettext(self, context: str, message: str) -> str: ...
    def npgettext(self, context: str, singular: str, plural: str, n: int) -> str: ...


def engine_catalogue_path(language: str) -> Path:
    """The engine's .po file for `language`."""
    return ENGINE_LOCALE / language / "LC_MESSAGES" / f"{DOMAIN}.po"


def catalogue_files(language: str, project: Path | None) -> list[tuple[Path, str]]:
    """The .po files of `language` in merge order, each with the path problems show."""
    files = []
    engine = engine_catalogue_path(language)
    # The engine's messages may be split by area (opendata.po first, then the others by name).
    for path in sorted(engine.parent.glob("*.po"), key=lambda p: (p != engine, p.name)):
        files.append((path, f"generator/locale/{language}/LC_MESSAGES/{path.name}"))
    if project is not None:
        folder = project / PUBLICATION_LOCALE / language / "LC_MESSAGES"
        if folder.is_dir():
            files += [(p, p.relative_to(project).as_posix()) for p in sorted(folder.glob("*.po"))]
    return files


def read_entries(path: Path, shown: str, language: str) -> tuple[list[Entry], list[Problem]]:
    """The messages of one .po file, or the problems that stop it from being read."""
    try:
        with path.open("rb") as handle:
            parsed = read_po(handle, locale=language, domain=DOMAIN, abort_invalid=True)
    except PoFileError as error:
        return [], [Problem(shown, getattr(error, "lineno", None), None, "bad-catalogue",
                            f"not a readable .po file: {error}")]
    except (OSError, UnicodeDecodeError, ValueError) as error:
        return [], [Problem(shown, None, None, "bad-catalogue", f"cannot be read: {error}")]
    entries: list[Entry] = []
    problems: list[Problem] = []
    for message in parsed:
        if not message.id:
            continue  # the header
        entry = Entry(_tuple(message.id), message.context, _tuple(message.string), shown,
                      message.lineno, message.fuzzy)
        entries.append(entry)
        if entry.translated:
            problems += _checked(message, parsed, entry)
    return entries, problems


def _tuple(value: object) -> str | tuple[str, ...]:
    """Babel gives plural ids and strings as lists or tuples; keep them hashable."""
    return tuple(value) if isinstance(value, list | tuple) else str(value or "")


def _checked(message: Message, parsed: Catalog, entry: Entry) -> list[Problem]:
    """Placeholders kept and plural forms counted (Babel's checks, and every name kept)."""
    errors = [str(error) for error in message.check(parsed)]
    ids = entry.msgid if isinstance(entry.msgid, tuple) else (entry.msgid,)
    wanted = set().union(*(PLACEHOLDER.findall(text) for text in ids))
    forms = entry.translation if isinstance(entry.translation, tuple) else (entry.translation,)
    for form in forms[-1:]:  # the last form is the plural one (every form when not plural)
        dropped = sorted(wanted - set(PLACEHOLDER.findall(form)))
        if dropped:
            errors.append(f"the translation drops {', '.join(f'%({n})s' for n in dropped)}")
    # An HTML template's gettext marks its result safe: markup must not come from a .po file.
    if any(c in form for form in forms for c in "<>&") and not any(
            c in text for text in ids for c in "<>&"):
        errors.append("the translation has <, > or &, which its msgid has not (no markup in "
                      "translations)")
    return [Problem(entry.path, entry.line, _shown_id(entry.key[0]), "bad-translation",
                    f"{error}; a translation keeps every %(name)s placeholder of the msgid "
                    "(a singular form may leave out the count) and has one form for each "
                    "plural form of the language") for error in errors]


def _shown_id(msgid: str) -> str:
    """A msgid on one line, as the problem's field."""
    return msgid.replace("\n", "\\n")


def load_catalogue(language: str, project: Path | None = None) -> tuple[Catalogue, list[Problem]]:
    """The merged catalogue of `language` (engine, then the publication's files by name)."""
    entries: list[Entry] = []
    problems: list[Problem] = []
    for path, shown in catalogue_files(language, project):
        found, trouble = read_entries(path, shown, language)
        entries += found
        problems += trouble
    catalogue = Catalogue(language, tuple(entries))
    return (Catalogue(language, catalogue.entries, _translations(catalogue)), problems)


def _translations(catalogue: Catalogue) -> gettext.NullTranslations:
    """A gettext object of the translated messages (compiled in memory, never written)."""
    compiled = Catalog(locale=catalogue.language, domain=DOMAIN)
    for entry in catalogue.winners().values():
        if entry.translated:
            compiled.add(entry.msgid, entry.translation, context=entry.context)
    buffer = io.BytesIO()
    write_mo(buffer, compiled, use_fuzzy=False)
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


def install(env: jinja2.Environment, catalogue: Catalogue | Translator) -> None:
    """Give a Jinja environment `_`, `gettext`, `ngettext` and `{% trans %}` in one language.

    New-style gettext: `_("%(count)s States", count=n)` formats after translating, and
    `{% trans %}` blocks are trimmed, as `extract_messages` reads them.
    """
    if "jinja2.ext.InternationalizationExtension" not in env.extensions:
        env.add_extension("jinja2.ext.i18n")
    env.policies["ext.i18n.trimmed"] = True
    env.install_gettext_callables(  # type: ignore[attr-defined]
        catalogue.gettext, catalogue.ngettext, newstyle=True,
        pgettext=catalogue.pgettext, npgettext=catalogue.npgettext)


@dataclass(frozen=True)
class Use:
    """One place a message is used: the file (as shown) and its line."""

    path: str
    line: int
    engine: bool  # True for the engine's own files, whose catalogue is generator/locale


class Memo(Protocol):
    """Where extraction results may be kept between builds (cache.Store has this shape)."""

    def key(self, parts: list[bytes | str]) -> str: ...
    def get(self, kind: str, key: str) -> object | None: ...
    def put(self, kind: str, key: str, value: object) -> None: ...


MEMO_KIND = "messages"  # build/.cache/messages: each source file's marked messages


def extract_messages(folder: Path, sources: Iterable[tuple[str, str, dict]], shown: str,
                     engine: bool, memo: Memo | None = None) -> dict[MessageKey, list[Use]]:
    """Every message marked in `folder`'s templates and Python, with where it is used.

    With a `memo`, each file's messages are kept under the hash of its bytes, the extraction
    method and options, the keywords and Babel's and Jinja's versions, so an unchanged file is not parsed
    again (Babel's tokenising of every source file was a second of each build).
    """
    found: dict[MessageKey, list[Use]] = {}
    for path, method, options, data in _source_files(folder, sources):
        relative = path.relative_to(folder).as_posix()
        for line, singular, context in _file_messages(path, method, options, data, memo):
            found.setdefault((singular, context), []).append(
                Use(f"{shown}/{relative}" if shown else relative, line, engine))
    return found


def _file_messages(path: Path, method: str, options: dict, data: bytes, memo: Memo | None
                   ) -> list[tuple[int, str, str | None]]:
    """(line, singular msgid, context) of each message marked in one file, in file order."""
    key = None
    if memo is not None:
        key = memo.key([MEMO_KIND, _BABEL_VERSION, jinja2.__version__, repr(sorted(KEYWORDS.items())), method,
                        repr(sorted(options.items())), data])
        kept = memo.get(MEMO_KIND, key)
        if isinstance(kept, list):
            return [(line, singular, context) for line, singular, context in kept]
    messages = []
    for line, message, _comments, context in extract_from_file(
            method, str(path), keywords=KEYWORDS, options=options, strip_comment_tags=True):
        singular = message[0] if isinstance(message, tuple) else message
        if singular:
            messages.append((line, singular, context))
    if memo is not None and key is not None:
        memo.put(MEMO_KIND, key, [list(item) for item in messages])
    return messages


_MARKERS = (b"_(", b"gettext(", b"{% trans")  # a file with none of these has no message


def _source_files(folder: Path, sources: Iterable[tuple[str, str, dict]]
                  ) -> Iterator[tuple[Path, str, dict, bytes]]:
    """The files of `folder` each source pattern names that mark a message, in sorted order,
    with their bytes."""
    if not folder.is_dir():
        return
    seen: set[Path] = set()
    for pattern, method, options in sources:
        for path in sorted(folder.glob(pattern.replace("**.", "**/*."))):
            if path in seen or "__pycache__" in path.parts or not path.is_file():
                continue
            seen.add(path)
            data = path.read_bytes()
            if any(marker in data for marker in _MARKERS):
                yield path, method, options, data


def messages_used(project: Path | None, memo: Memo | None = None
                  ) -> dict[MessageKey, list[Use]]:
    """The messages of the engine and of the publication's page kinds and templates."""
    used = extract_messages(ENGINE_LOCALE.parent, ENGINE_SOURCES, "generator", True, memo)
    if project is not None:
        for key, uses in extract_messages(project, PUBLICATION_SOURCES, "", False,
                                          memo).items():
            used.setdefault(key, []).extend(uses)
    return {key: sorted(uses, key=lambda u: (u.path, u.line)) for key, uses in sorted(
        used.items(), key=lambda item: (item[0][0], item[0][1] or ""))}


def check_catalogue(catalogue: Catalogue, used: dict[MessageKey, list[Use]]) -> list[Problem]:
    """A missing-translation problem for each message without a translation in the catalogue.

    A message written in a .po file with an empty (or fuzzy) msgstr, and not translated by a
    later file, is reported at its line; one used but written in no .po file is reported at
    the file it belongs in (the engine's, or the publication's messages.po).
    """
    if catalogue.language == SOURCE_LANGUAGE:
        return []  # msgids are English
    name = language_name(catalogue.language)
    winners = catalogue.winners()
    problems = []
    for key, entry in sorted(winners.items(), key=lambda item: (item[1].path, item[1].line)):
        if not entry.translated:
            why = "it is marked fuzzy" if entry.fuzzy else "its msgstr is empty"
            problems.append(Problem(
                entry.path, entry.line, _shown_id(key[0]), "missing-translation",
                f"no {name} translation: {why}; write one (a publication may give it in "
                f"{PUBLICATION_LOCALE}/{catalogue.language}/LC_MESSAGES/*.po)"))
    for key, uses in used.items():
        if key in winners:
            continue
        first = uses[0]
        path = (f"generator/locale/{catalogue.language}/LC_MESSAGES/{DOMAIN}.po" if first.engine
                else f"{PUBLICATION_LOCALE}/{catalogue.language}/LC_MESSAGES/"
                     f"{PUBLICATION_CATALOGUE}")
        context = f" (msgctxt {key[1]!r})" if key[1] else ""
        problems.append(Problem(
            path, None, _shown_id(key[0]), "missing-translation",
            f"no {name} translation: the message{context} used at {first.path}:{first.line}"
            f"{_more(uses)} is in no .po file of this language; add it with its msgstr"))
    return problems


def _more(uses: list[Use]) -> str:
    """' and 3 more places' for a message used more than once."""
    return f" and {len(uses) - 1} more place{'s' if len(uses) > 2 else ''}" if len(uses) > 1 else ""


def check_languages(languages: Iterable[str], project: Path | None = None,
                    memo: Memo | None = None) -> tuple[dict[str, Catalogue], list[Problem]]:
    """Load every enabled language's catalogue and report what stops it from being used."""
    used = messages_used(project, memo)
    catalogues: dict[str, Catalogue] = {}
    problems: list[Problem] = []
    for language in languages:
        bad = _known_language(language)
        if bad:
            problems += bad
            continue
        catalogue, trouble = load_catalogue(language, project)
        catalogues[language] = catalogue
        problems += trouble
        if language != SOURCE_LANGUAGE and not catalogue.entries and not trouble:
            problems.append(Problem(
                f"generator/locale/{language}/LC_MESSAGES/{DOMAIN}.po", None, None,
                "missing-catalogue", f"no catalogue for the language {language!r}: every "
                "message would be missing"))
        else:
            problems += check_catalogue(catalogue, used)
    return catalogues, problems


def _known_language(language: str) -> list[Problem]:
    """A problem when Babel (CLDR) does not know the language code."""
    try:
        Locale.parse(language)
    except (ValueError, LookupError) as error:
        return [Problem("publication.yml", None, "languages", "bad-language",
                        f"{language!r} is not a language code CLDR knows ({error})")]
    return []


def language_name(language: str, in_language: str = SOURCE_LANGUAGE) -> str:
    """A language's name (CLDR): ('hi', 'en') -> 'Hindi', ('hi', 'hi') -> 'हिन्दी'."""
    return Locale.parse(language).get_display_name(in_language) or language


def unused(catalogue: Catalogue, used: dict[MessageKey, list[Use]]) -> Iterator[Problem]:
    """Warnings for messages a publication's .po translates but nothing uses (stale entries)."""
    for entry in catalogue.entries:
        if entry.key not in used and not entry.path.startswith("generator/"):
            yield Problem(entry.path, entry.line, _shown_id(entry.key[0]), "unused-message",
                          "no template or page kind uses this message", WARNING)


__all__ = ["DATE_NOT_PUBLISHED", "DOMAIN", "ERROR", "FALLBACK_NOTE", "NOT_REPORTED", "N_",
           "Catalogue", "Entry", "Memo", "Use", "catalogue_files", "check_catalogue", "check_languages",
           "engine_catalogue_path", "extract_messages", "install", "language_name",
           "load_catalogue", "messages_used", "read_entries", "unused"]
