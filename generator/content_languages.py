"""Hand-written content in the publication's other languages: `about.hi.md` beside `about.md`.

A page or update written in another language is the original's file with the language's code
before `.md`. On that language's site a translated page takes the original's path, its
figures written in that language; a page without one is the original, in English, under a
note that says so: never a missing page. The default language's site never shows the
translations.
"""

from __future__ import annotations

import html
import posixpath
from pathlib import Path

from . import figures, sanitise
from .cache import Store
from .front_matter import escape_printed, parse_front_matter, read_document
from .i18n import FALLBACK_NOTE
from .languages import Language
from .model import Content, Document, Problem, Translation
from .sitedata import SiteData


def original_language(data: SiteData) -> str:
    """The code of the language the originals are written in: the publication's first."""
    return data.config.publication.languages[0]


def other_languages(data: SiteData) -> tuple[str, ...]:
    """The codes of the publication's languages but the default one ('hi',)."""
    return tuple(data.config.publication.languages[1:])


def split_translation(relative: str, codes: tuple[str, ...]) -> tuple[str, str] | None:
    """('about.hi.md', ('hi',)) -> ('hi', 'about.md'); None for a file of the default language."""
    name = posixpath.basename(relative)
    for code in codes:
        suffix = f".{code}.md"
        if name.endswith(suffix) and len(name) > len(suffix):
            return code, relative[:-len(suffix)] + ".md"
    return None


def missing_original(document: Document, original: str, code: str) -> Problem:
    """The problem of a translation whose original file does not exist."""
    shown = posixpath.join(posixpath.dirname(document.path), posixpath.basename(original))
    return Problem(document.path, None, None, "missing-original",
                   f"this is the {code!r} version of {shown}, which does not exist: write "
                   f"the original first, or rename this file to match it")


def check_body(document: Document, page: str, data: SiteData) -> list[Problem]:
    """The figure references and links of a translation's body, checked as the original's."""
    _, problems = figures.resolve_text(document.body, document.path, document.body_line, page,
                                       data, notes=True)
    return problems + sanitise.unsafe_links(document)


def load_page_translations(folder: Path, root: Path, originals: set[str], data: SiteData,
                           skip: str, cache: Store | None = None
                           ) -> tuple[list[Translation], list[Problem]]:
    """The translated hand-written pages under `folder` (not those under `skip`/), checked."""
    codes = other_languages(data)
    translations: list[Translation] = []
    problems: list[Problem] = []
    if not codes or not folder.is_dir():
        return translations, problems
    for path in sorted(folder.rglob("*.md")):
        relative = path.relative_to(folder).as_posix()
        split = split_translation(relative, codes)
        if split is None or relative.split("/")[0] == skip:
            continue
        code, original = split
        document, found = read_document(path, root, relative, required=False)
        problems += found
        if document is None:
            continue
        problems += parse_front_matter(document, cache)[1]
        if original not in originals:
            problems.append(missing_original(document, original, code))
            continue
        problems += check_body(document, original, data)
        translations.append(Translation(code, original, document))
    return translations, problems


def page_files(content: Content, data: SiteData, language: Language) -> dict[str, bytes]:
    """The hand-written pages on `language`'s site, at their originals' paths.

    A translation with its figures in `language`; else the original (figures in English) in
    a block marked as English, under the language's note that it is not yet translated.
    """
    out: dict[str, bytes] = {}
    for page in content.pages:
        translation = content.translation(page.relative, language.code)
        if translation is not None:
            document = translation.document
            body, _ = figures.resolve_text(document.body, document.path, document.body_line,
                                           page.relative, data, notes=True, language=language)
        else:
            document = page
            body = in_original_language(content.bodies.get(page.relative, page.body), language,
                                        original_language(data))
        front_matter = escape_printed(document.front_matter) if document.has_front_matter else ""
        text = f"---\n{front_matter}\n---\n{body}" if document.has_front_matter else body
        out[page.relative] = text.encode("utf-8")
    return out


def fallback_note(language: Language) -> str:
    """The note above a text shown in English on `language`'s site (an admonition, raw HTML,
    so it needs no Markdown extension)."""
    note = html.escape(language.gettext(FALLBACK_NOTE), quote=False)
    return (f'<div class="admonition note od-fallback" markdown="0">\n'
            f'<p>{note}</p>\n</div>\n')


def in_original_language(body: str, language: Language, original: str) -> str:
    """A Markdown body shown untranslated on `language`'s site: the note, then the body in a
    block marked with its own language (md_in_html), so a screen reader reads it as such."""
    return (f"\n{fallback_note(language)}\n<div lang=\"{original}\" markdown=\"1\">\n\n"
            f"{body.strip(chr(10))}\n\n</div>\n")
