"""Content documents: hand-written pages and update posts (front matter + Markdown) as Problems.

`content/` holds hand-written pages, published as they are once their figure references are
resolved, and `content/updates/`, the update posts, which the updates page kind publishes. An
update's front matter is checked key by key (update_checks.py); every problem points at its key's line.
A page or update in another language of the publication is its file with the language's code
before `.md` (`about.hi.md`, content_languages.py), checked as strictly as the original.
"""

from __future__ import annotations

import dataclasses
import functools
import posixpath
from collections.abc import Callable
from pathlib import Path

from yaml.nodes import MappingNode, ScalarNode

from . import figures, safe_files, sanitise
from .cache import FORMAT, Store, problems_from_json, problems_to_json, source_version
from .content_languages import (
    check_body,
    load_page_translations,
    missing_original,
    other_languages,
    page_files,
    split_translation,
)
from .front_matter import (
    compose_mapping,
    display_path,
    escape_printed,
    parse_front_matter,
    read_document,
    read_text,
)
from .languages import ENGLISH, Language
from .model import Content, Document, Source, Translation, Update
from .problems import Problem, sort_problems
from .sitedata import WITHOUT_CONTENT, SiteData
from .update_checks import (
    SLUG,
    TAGS_FILE,
    FrontMatterCheck,
    check_update,
    scalar,
    source_registry,
)

UPDATES = "updates"
RESERVED_TAGS = frozenset({"index"})  # updates/tags/index.md lists every tag
README = "README.md"
TRANSLATED = ("title", "summary")  # an update's translation: the rest is the original's
CHECKED = "updates"  # cache kind: one checked update (its Update value and problems) a file


class ContentError(Exception):
    """Content changed between the check and the write (the build stops; nothing is published)."""


def load_content(data: SiteData) -> Content:
    """Read and check every page and update under content/, figure references included.

    Returns the content the build already attached to `data`, if any (one read per build).
    """
    if isinstance(data.content, Content):
        return data.content
    if data.content is WITHOUT_CONTENT:
        raise RuntimeError("a page kind cached as data-only (pages.data_only) read content/; "
                           "its cache key would miss content edits")
    config = data.config
    cache = data.store
    codes = other_languages(data)
    pages, problems = load_pages(config.content, config.root, cache, codes)
    bodies: dict[str, str] = {}
    for page in pages:  # figures are resolved here, once; the pages use what this found
        bodies[page.relative], found = figures.resolve_text(
            page.body, page.path, page.body_line, page.relative, data, notes=True)
        problems += found + sanitise.unsafe_links(page)
    translations, found = load_page_translations(
        config.content, config.root, {p.relative for p in pages}, data, UPDATES, cache)
    problems += found
    tags, tag_problems = load_tags(config.content / UPDATES, config.root, cache)
    tag_translations, found = load_tag_translations(config.content / UPDATES, config.root,
                                                    tags, data, cache)
    tag_problems += found
    updates, update_problems = load_updates(config.content / UPDATES, config.root, data, tags,
                                            cache)
    problems += tag_problems + update_problems
    problems += [p for p in safe_files.unsafe_files(config.content, config.root)
                 if p not in problems]
    valid = tuple(u for u in updates if not any(p.path == u.document.path for p in problems))
    return Content(tuple(pages), valid, tags, tuple(sort_problems(problems)), bodies,
                   tuple(translations), tag_translations)


def update_page(update: Update) -> str:
    """The docs-relative path of an update's page."""
    return f"{UPDATES}/{update.slug}.md"


def content_files(data: SiteData, language: Language = ENGLISH) -> dict[str, bytes]:
    """Every file of content/ but the update sources, by relative path, figures resolved.

    The paths are relative to `language`'s folder of the docs. The default language's pages
    are the originals (never their translations); another language's are the translations
    where written, else the originals under a note (content_languages.page_files).
    """
    source = data.config.content
    if not source.is_dir():
        return {}
    codes = other_languages(data)
    files = {path.relative_to(source).as_posix(): path for path in sorted(source.rglob("*"))
             if path.is_file()}
    out = {relative: path.read_bytes() for relative, path in files.items()
           if relative.split("/")[0] != UPDATES and split_translation(relative, codes) is None}
    content = load_content(data)
    if not language.default:
        return {**out, **page_files(content, data, language)}
    for page in content.pages:  # the pages the content stage read, checked and resolved
        body = content.bodies.get(page.relative, page.body)
        front_matter = escape_printed(page.front_matter) if page.has_front_matter else ""
        if body != page.body or front_matter != page.front_matter:
            text = f"---\n{front_matter}\n---\n{body}" if page.has_front_matter else body
            out[page.relative] = text.encode("utf-8")
    return out


def load_pages(folder: Path, root: Path, cache: Store | None = None,
               languages: tuple[str, ...] = ()) -> tuple[list[Document], list[Problem]]:
    """The hand-written Markdown pages under `folder` (not the updates), front matter checked.

    Translations into `languages` (codes: 'about.hi.md') are not pages of their own.
    """
    pages: list[Document] = []
    problems: list[Problem] = []
    if not folder.is_dir():
        return pages, problems
    for path in sorted(folder.rglob("*.md")):
        relative = path.relative_to(folder).as_posix()
        if relative.split("/")[0] == UPDATES or split_translation(relative, languages):
            continue
        document, found = read_document(path, root, relative, required=False)
        problems += found
        if document is not None:
            problems += parse_front_matter(document, cache)[1]
            pages.append(document)
    return pages, problems


def load_tags(folder: Path, root: Path, cache: Store | None = None,
              known: dict[str, str] | None = None, name: str = TAGS_FILE
              ) -> tuple[dict[str, str], list[Problem]]:
    """The tag vocabulary of content/updates/tags.yml: tag -> description.

    With `known` (the vocabulary), the file `name` translates it ('tags.hi.yml'): optional,
    and each of its tags must be one of `known`.
    """
    path = folder / name
    shown = display_path(path, root)
    if not path.is_file():
        if known is not None:
            return {}, []
        has_updates = folder.is_dir() and any(_update_files(folder))
        return {}, [Problem(shown, None, None, "missing-file",
                            "the tag vocabulary is missing: list each tag with a description "
                            "(tag: description)")] if has_updates else []
    text, problems = read_text(path, shown)
    if text is None:
        return {}, problems
    node, problems = compose_mapping(text, shown, 1, "tag vocabulary", cache)
    if node is None:
        return {}, problems
    tags: dict[str, str] = {}
    for key, value in node.value:
        name = key.value if isinstance(key, ScalarNode) else ""
        row = key.start_mark.line + 1
        description = scalar(value)
        if known is not None and name not in known:
            problems.append(Problem(shown, row, name or None, "unknown-tag", (
                f"tag {name!r} is not in {TAGS_FILE}; the tags are {', '.join(known)}")))
            continue
        if not SLUG.fullmatch(name) or name in tags or not description or name in RESERVED_TAGS:
            problems.append(Problem(shown, row, name or None, "bad-tag", (
                f"tag {name!r} is defined twice" if name in tags else
                f"tag {name!r} is reserved: its page would be the list of all tags; "
                "choose another name" if name in RESERVED_TAGS else
                f"a tag is lowercase words joined by '-', found {name!r}"
                if not SLUG.fullmatch(name) else f"tag {name!r} needs a one-line description")))
            continue
        tags[name] = " ".join(description.split())
    return dict(sorted(tags.items())), problems


def load_tag_translations(folder: Path, root: Path, tags: dict[str, str], data: SiteData,
                          cache: Store | None = None
                          ) -> tuple[dict[str, dict[str, str]], list[Problem]]:
    """Each other language's tag descriptions (`tags.hi.yml`, optional): code -> tag -> text."""
    out: dict[str, dict[str, str]] = {}
    problems: list[Problem] = []
    for code in other_languages(data):
        stem, _, suffix = TAGS_FILE.rpartition(".")
        out[code], found = load_tags(folder, root, cache, tags, f"{stem}.{code}.{suffix}")
        problems += found
    return out, problems


def load_updates(folder: Path, root: Path, data: SiteData, tags: dict[str, str],
                 cache: Store | None = None) -> tuple[list[Update], list[Problem]]:
    """Every update under `folder` with its front matter checked; sorted newest first.

    Each carries its translations (`<file>.hi.md`), checked as strictly as itself.
    """
    updates: list[Update] = []
    problems: list[Problem] = []
    slugs: dict[str, str] = {}
    # The source registry is made (pandas, seconds at national scale) only for an update the
    # store does not hold: a rebuild whose updates are all kept never needs it.
    registry = functools.cache(lambda: source_registry(data))
    # What every update's key shares, hashed once (the config's repr alone is costly).
    shared = Store.key([f"checked update {FORMAT}", str(root), data.key, repr(data.config),
                        repr(sorted(tags.items())), source_version()])
    codes = other_languages(data)
    files = _update_files(folder)
    originals = [p for p in files if not split_translation(p.name, codes)]
    translations, problems = load_update_translations(folder, root, files, data, cache)
    for path in originals:
        update, found, slug_line = _checked_update(path, folder, root, data, tags, registry,
                                                   cache, shared)
        problems += found
        if update is None:
            continue
        if update.slug in slugs:
            problems.append(Problem(update.document.path, slug_line, "slug", "duplicate-slug",
                                    f"slug {update.slug!r} is also used by {slugs[update.slug]}"
                                    f"; rename the file or set a different slug"))
            continue
        slugs[update.slug] = update.document.path
        own = tuple(t for t in translations if t.original == update.document.relative)
        updates.append(dataclasses.replace(update, translations=own))
    updates.sort(key=lambda u: u.slug)
    updates.sort(key=lambda u: u.date, reverse=True)
    return updates, problems


def _checked_update(path: Path, folder: Path, root: Path, data: SiteData, tags: dict[str, str],
                    registry: Callable[[], object], cache: Store | None, shared: str
                    ) -> tuple[Update | None, list[Problem], int | None]:
    """One update file read and checked: its Update (body resolved), problems, slug's line.

    Kept in the store under everything it reads: the file's bytes and paths, and `shared`
    (load_updates: the project folder, the data (figures, source registry), the config, the
    tag vocabulary and this code). `registry()` gives the data's source registry.
    """
    relative = path.relative_to(folder).as_posix()
    key = None
    if cache is not None:
        try:
            raw = path.read_bytes()
        except OSError:
            raw = None
        if raw is not None:
            key = Store.key([shared, raw, relative, str(path)])
            cached = _update_from_json(cache.get(CHECKED, key))
            if cached is not None:
                return cached
    result = _check_update_file(path, relative, root, data, tags, registry(), cache)
    if key is not None and cache is not None:
        cache.put(CHECKED, key, _update_to_json(*result))
    return result


def _check_update_file(path: Path, relative: str, root: Path, data: SiteData,
                       tags: dict[str, str], registry: object, cache: Store | None
                       ) -> tuple[Update | None, list[Problem], int | None]:
    """Read, resolve and check one update file (no store of its own result)."""
    document, problems = read_document(path, root, relative)
    if document is None:
        return None, problems, None
    problems += sanitise.unsafe_links(document)
    # Figures are resolved (once) even when the front matter is wrong: every problem at
    # once. Links are relative to updates/, where the page goes whatever its slug.
    body, found = figures.resolve_text(document.body, document.path, document.body_line,
                                       f"{UPDATES}/{path.stem}.md", data, notes=True)
    problems += found
    node, found = parse_front_matter(document, cache)
    problems += found
    if node is None:
        return None, problems, None
    update, found = check_update(document, node, tags, registry)  # type: ignore[arg-type]
    problems += found
    if update is None:
        return None, problems, None
    return dataclasses.replace(update, body=body), problems, _key_line(node, "slug")


def _update_to_json(update: Update | None, problems: list[Problem],
                    slug_line: int | None) -> dict:
    """A checked update as a JSON value (its translations are attached later, not stored)."""
    value = None
    if update is not None:
        value = dataclasses.asdict(dataclasses.replace(update, translations=()))
        del value["translations"]
    return {"update": value, "problems": problems_to_json(problems), "slug_line": slug_line}


def _update_from_json(value: object
                      ) -> tuple[Update | None, list[Problem], int | None] | None:
    """A checked update from its JSON value; None when the entry is not what we stored."""
    if not isinstance(value, dict):
        return None
    problems = problems_from_json(value.get("problems"))
    slug_line = value.get("slug_line")
    if problems is None or not (slug_line is None or isinstance(slug_line, int)):
        return None
    fields = value.get("update")
    if fields is None:
        return None, problems, slug_line
    try:
        update = Update(**{**fields, "document": Document(**fields["document"]),
                           "sources": tuple(Source(**s) for s in fields["sources"]),
                           "tags": tuple(fields["tags"]),
                           "datasets": tuple(fields["datasets"])})
    except (TypeError, KeyError):
        return None
    return update, problems, slug_line


def load_update_translations(folder: Path, root: Path, files: list[Path], data: SiteData,
                             cache: Store | None = None
                             ) -> tuple[list[Translation], list[Problem]]:
    """The translated updates among `files`: title and summary in front matter, nothing else.

    The date, sources, tags, datasets and slug are the original's, which must exist.
    """
    codes = other_languages(data)
    names = {p.relative_to(folder).as_posix() for p in files}
    translations: list[Translation] = []
    problems: list[Problem] = []
    for path in files:
        relative = path.relative_to(folder).as_posix()
        split = split_translation(relative, codes)
        if split is None:
            continue
        code, original = split
        document, found = read_document(path, root, relative)
        problems += found
        if document is None:
            continue
        if original not in names:
            problems.append(missing_original(document, original, code))
            continue
        # Links and figures are relative to updates/, where the page goes whatever its slug.
        problems += check_body(document, f"{UPDATES}/{path.stem}.md", data)
        node, found = parse_front_matter(document, cache)
        problems += found
        if node is None:
            continue
        check = FrontMatterCheck(document)
        keys = check.keys(node, TRANSLATED, (), "", hint=(
            f" (this is the {code!r} version of {posixpath.basename(original)}: its date, "
            f"sources, tags, datasets and slug are written there)"))
        title = check.text(keys.get("title"), "title", plain=True)
        summary = check.text(keys.get("summary"), "summary", plain=True)
        problems += check.problems
        if not check.problems:
            translations.append(Translation(code, original, document, title, summary))
    return translations, problems


def _update_files(folder: Path) -> list[Path]:
    """The update posts under `folder`: Markdown files other than README.md, sorted."""
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.rglob("*.md") if p.name != README)


def _key_line(node: MappingNode, name: str) -> int | None:
    """The physical line of a front-matter key, if present."""
    for key, _ in node.value:
        if isinstance(key, ScalarNode) and key.value == name:
            return key.start_mark.line + 2
    return None
