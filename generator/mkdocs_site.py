"""Stage 4, build: turns the docs folder into HTML. With mkdocs_pages.py and search_index.py, the
only MkDocs-aware code."""

from __future__ import annotations

import logging
import os
import posixpath
import re
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from .cache import Store
from .config import SiteConfig
from .i18n import N_
from .languages import ENGLISH, Language
from .markdown import ENGINE_TEMPLATES

ENGINE_THEME = ENGINE_TEMPLATES / "theme"
ENGINE_ASSETS_URL = "assets/opendata"  # where build.engine_assets puts them in the docs


@dataclass(frozen=True)
class MkDocsResult:
    """What the MkDocs stage made: HTML files, and how many pages came from the page cache."""

    html_files: int
    reused: int = 0
    pages: int = 0
    # dest_uri -> sha256 of each page written (for mkdocs_pages.record_published).
    shown: Mapping[str, str] = field(default_factory=dict)


class SiteBuildError(Exception):
    """MkDocs refused the site (strict mode turns its warnings into this)."""


class _Collect(logging.Handler):
    """Collects MkDocs warnings so the CLI can print them in our own words."""

    def __init__(self) -> None:
        super().__init__(level=logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def run_mkdocs(config: SiteConfig, docs_dir: Path, out_dir: Path, epoch: int,
               cache: Store | None = None, dev_addr: str | None = None,
               footer: Mapping[str, object] | None = None, language: Language = ENGLISH,
               languages: tuple[Language, ...] = (), published: Path | None = None
               ) -> MkDocsResult:
    """Build HTML from `docs_dir` into the empty `out_dir` in strict mode, in one language.

    `footer` is what every page's footer says (generator/footer.py); the theme formats it.
    With more than one language each is its own MkDocs run (its own search index, theme
    language and navigation titles): the default one from the docs' root, leaving out the
    others' folders, each other one from its folder into the same folder of the site.

    With a cache, pages whose inputs did not change are taken from it instead of being rendered
    again (mkdocs_pages.py); the site is the same, byte for byte. `published`: the same folder
    of the site this build replaces, whose unchanged pages are hard-linked into `out_dir`.
    """
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, ConfigurationError

    from . import mkdocs_pages, search_index

    # MkDocs dates pages (sitemap lastmod) with SOURCE_DATE_EPOCH when it is set: use the
    # data's release date so the same inputs give the same bytes.
    os.environ["SOURCE_DATE_EPOCH"] = str(epoch)
    logger = logging.getLogger("mkdocs")
    build_logger = logging.getLogger("mkdocs.commands.build")
    collect = _Collect()
    logger.addHandler(collect)
    previous = logger.level
    logger.setLevel(logging.WARNING)
    try:
        # Another language's pages are a folder of the site: its site URL is that folder's.
        site_url = (config.site_url.rstrip("/") + "/" + language.prefix if config.site_url
                    and language.prefix else config.site_url or "")
        overrides = {"docs_dir": str(docs_dir), "site_dir": str(out_dir), "strict": True,
                     "site_url": site_url}
        if dev_addr:
            overrides["dev_addr"] = dev_addr
        others = [other for other in languages if other.prefix and other != language]
        if others:
            overrides["exclude_docs"] = "".join(f"/{o.prefix}\n" for o in others)
        mk_config = load_config(str(config.mkdocs_file), **overrides)
        mk_config["nav"] = present_nav(mk_config["nav"], docs_dir)
        if len(languages) > 1:
            set_language(mk_config, language, languages)
        theme_dirs = add_engine_theme(mk_config.theme)
        add_engine_assets(mk_config)
        mk_config["extra"]["opendata_footer"] = dict(footer or {})
        # Nothing from content runs: every page's HTML is cleaned against an allowlist.
        mk_config.plugins["opendata/sanitise"] = mkdocs_pages.Sanitise()
        # The search index every visitor fetches holds titles and prose, not table cells.
        mk_config.plugins["opendata/search-scope"] = mkdocs_pages.SearchScope()
        # The same index, its pages divided into sections in less time.
        mk_config.plugins["opendata/search-index"] = search_index.FasterSearch()
        # Open Graph and Twitter card tags on every page (the theme's main.html writes them).
        mk_config.plugins["opendata/link-previews"] = mkdocs_pages.LinkPreviews(
            page_locale(config.publication.locale, language))
        if cache is not None:  # the theme's compiled templates are kept across builds
            mk_config.plugins["opendata/template-cache"] = _template_cache_plugin(cache)
        pages = None
        if cache is not None:
            pages = mkdocs_pages.PageCache(cache, mkdocs_pages.site_inputs(
                config.mkdocs_file, overrides | {"docs_dir": "", "site_dir": "",
                                                 "footer": repr(dict(footer or {})),
                                                 "locale": config.publication.locale,
                                                 "language": language.cache_part(),
                                                 "languages": [o.code for o in languages]},
                theme_dirs, epoch), published)
            mk_config.plugins["opendata/page-cache"] = pages
        mk_config.plugins.on_startup(command="build", dirty=False)
        build_logger.addFilter(mkdocs_pages.DIRTY_FILTER)
        try:
            # A "dirty" build skips the pages the cache put in place; without a cache every
            # page is rendered, as the output folder starts empty.
            build(mk_config, dirty=pages is not None)
        finally:
            build_logger.removeFilter(mkdocs_pages.DIRTY_FILTER)
            mk_config.plugins.on_shutdown()
        if pages is not None:
            pages.store()
    except (Abort, ConfigurationError, SystemExit) as exc:
        details = "; ".join(collect.messages) or str(exc)
        raise SiteBuildError(f"MkDocs refused the site: {details}") from exc
    finally:
        logger.removeHandler(collect)
        logger.setLevel(previous)
    # This language's pages only: the others' folders may be filling meanwhile (build.mkdocs_runs).
    theirs = tuple(o.prefix for o in languages if o.prefix and o != language)
    html = sum(1 for p in out_dir.rglob("*.html")
               if not p.relative_to(out_dir).as_posix().startswith(theirs))
    if pages is None:
        return MkDocsResult(html)
    return MkDocsResult(html, len(pages.reused), pages.pages, pages.shown)


PERMALINK_TITLE = N_("Permanent link")  # the title of a heading's link to itself (toc)


def set_language(mk_config, language: Language, languages: tuple[Language, ...]) -> None:
    """One language's MkDocs run: the theme's words, the search's stemmer, the titles, the switch.

    The site's name and description and the navigation's titles are messages of the
    publication's catalogue (mkdocs.yml's English is the msgid). The theme's language switch
    and hreflang links (main.html) go to the same page in each language.
    """
    mk_config.theme["language"] = language.code
    search = search_plugin(mk_config)
    if search is not None:  # the language's own stemmer first; English for fallback text
        search.config["lang"] = list(dict.fromkeys([language.code, "en"]))
    for key in ("site_name", "site_description"):
        if mk_config.get(key):
            mk_config[key] = language.gettext(mk_config[key])
    mk_config["nav"] = translated_nav(mk_config["nav"], language)
    toc = dict(mk_config["mdx_configs"].get("toc") or {})
    toc.setdefault("permalink_title", language.gettext(PERMALINK_TITLE))
    if not language.default:  # a heading in another script keeps its words in its id
        toc.setdefault("slugify", slugify_words)
    mk_config["mdx_configs"]["toc"] = toc
    mk_config["extra"]["alternate"] = True  # the theme shows the switch; our partial fills it
    if not language.default:  # a query with a precomposed nukta letter finds the NFC text
        nfc = f"{ENGINE_ASSETS_URL}/search-nfc.js"
        if all(str(s) != nfc for s in mk_config["extra_javascript"]):
            from mkdocs.config.config_options import ExtraScriptValue
            mk_config["extra_javascript"] = [ExtraScriptValue(nfc), *mk_config["extra_javascript"]]
    mk_config.plugins["opendata/languages"] = _languages_plugin(language, languages)


def search_plugin(mk_config):
    """The theme's search plugin of an MkDocs config, or None when the site has no search."""
    return mk_config.plugins.get("material/search") or mk_config.plugins.get("search")


def page_locale(locale: str, language: Language) -> str:
    """The locale of a language's pages: the publication's for the default language, else the
    language in the publication's region ('en-IN', hi -> 'hi-IN')."""
    if language.default:
        return locale
    region = locale.split("-", 1)[1] if "-" in locale else ""
    return f"{language.code}-{region}" if region else language.code


def counterparts(url: str, language: Language, languages: tuple[Language, ...]) -> list[dict]:
    """Each language's version of the page at `url` (relative to its language's root), as a
    link relative to this page: ('states/bihar.html', hi) -> en: '../../states/bihar.html'."""
    here = posixpath.dirname(language.prefix + url) or "."
    return [{"code": other.code, "name": other.name, "current": other == language,
             "href": posixpath.relpath(other.prefix + url, here)} for other in languages]


def _languages_plugin(language: Language, languages: tuple[Language, ...]):
    """An MkDocs plugin giving each page its counterparts (the theme's switch and hreflang)."""
    from mkdocs.plugins import BasePlugin

    class Languages(BasePlugin):
        def on_page_context(self, context, *, page, config, nav):
            context["opendata_languages"] = counterparts(page.url or "index.html", language,
                                                         languages)
            return context

        def on_post_build(self, *, config):
            search = search_plugin(config)
            if search is not None:
                light_word_splitter(Path(config["site_dir"]), search.config.get("lang") or [])

    return Languages()


WORDCUT = "assets/javascripts/lunr/wordcut.js"  # the theme's Thai segmenter, as it ships it
WORDCUT_STUB = ENGINE_TEMPLATES / "search" / "wordcut-stub.js"


def light_word_splitter(site_dir: Path, search_languages: list[str]) -> bool:
    """Replace the theme's 677 KB Thai segmenter with a stub where no search language is Thai.

    The theme's search worker fetches lunr/wordcut.js on every first view for "hi" as for "th",
    but its own tokeniser splits at the search separator and never calls it (lunr.hi only calls
    its init()); the stub gives lunr.hi that, so Hindi search finds what it found (158 KB
    gzipped less to fetch). Returns whether the file was replaced.
    """
    target = site_dir / WORDCUT
    if "th" in search_languages or "hi" not in search_languages or not target.is_file():
        return False
    target.write_bytes(WORDCUT_STUB.read_bytes())
    return True


def slugify_words(value: str, separator: str) -> str:
    """A heading's id with its letters, vowel signs and digits in any script ('स्रोत' stays
    'स्रोत'; Python-Markdown's slugify drops other scripts, its slugify_unicode the vowel
    signs), lower case, other characters left out, spaces as `separator`."""
    text = unicodedata.normalize("NFC", value).strip().lower()
    kept = "".join(c for c in text if c.isspace() or c in "-_"
                   or unicodedata.category(c)[0] in "LMN")
    return re.sub(rf"[{re.escape(separator)}\s]+", separator, kept).strip(separator)


def translated_nav(nav: list | None, language: Language) -> list | None:
    """The navigation with each title in `language` (its paths unchanged)."""
    if nav is None:
        return None
    out: list = []
    for entry in nav:
        if isinstance(entry, dict):
            out.append({language.gettext(title): translated_nav(target, language)
                        if isinstance(target, list) else target
                        for title, target in entry.items()})
        else:
            out.append(entry)
    return out


def _template_cache_plugin(store: Store):
    """An MkDocs plugin keeping the theme's compiled templates in `store`
    (render_cache.TemplateCache; its folder named by MkDocs' and the theme's versions too)."""
    from mkdocs.plugins import BasePlugin

    from .cache import library_versions
    from .render_cache import use_template_cache

    class TemplateCache(BasePlugin):
        def on_env(self, env, *, config, files):
            return use_template_cache(env, store, tuple(library_versions(
                ("mkdocs", "mkdocs-material"))))

    return TemplateCache()


def add_engine_theme(theme) -> list[Path]:
    """Put the engine's theme overrides after the publication's own (custom_dir), before the theme.

    Returns the override folders, publication's first, for the page cache's key.
    """
    custom = [Path(theme.custom_dir)] if theme.custom_dir else []
    if ENGINE_THEME.is_dir() and str(ENGINE_THEME) not in theme.dirs:
        theme.dirs.insert(len(custom), str(ENGINE_THEME))
    return [*custom, ENGINE_THEME]


def engine_asset_settings(extra_css: list, extra_javascript: list, polyfills: list
                          ) -> tuple[list, list, list]:
    """A site's extra_css, extra_javascript and polyfills with the engine's own added.

    The engine's stylesheet and script come before the publication's own (which may override
    them); they are copied into docs/assets/opendata/ by the build (build.engine_assets), so
    a publication lists only its own files. The offline plugin adds a CDN copy of
    iframe-worker unless a local one is named, so the engine names its own.
    """
    css, script = f"{ENGINE_ASSETS_URL}/opendata.css", f"{ENGINE_ASSETS_URL}/scroll-focus.js"
    extra_css = extra_css if css in extra_css else [css, *extra_css]
    if all(str(s) != script for s in extra_javascript):
        extra_javascript = [script, *extra_javascript]
    if not any("iframe-worker" in str(url) for url in polyfills):
        polyfills = [*polyfills, f"{ENGINE_ASSETS_URL}/vendor/iframe-worker-shim-1.0.4.js"]
    return list(extra_css), list(extra_javascript), list(polyfills)


def add_engine_assets(mk_config) -> None:
    """Put the engine's assets into a loaded MkDocs config (see engine_asset_settings)."""
    from mkdocs.config.config_options import ExtraScriptValue

    css, scripts, polyfills = engine_asset_settings(
        list(mk_config["extra_css"]), list(mk_config["extra_javascript"]),
        list(mk_config["extra"].get("polyfills") or []))
    mk_config["extra_css"] = css
    mk_config["extra_javascript"] = [s if isinstance(s, ExtraScriptValue) else
                                     ExtraScriptValue(s) for s in scripts]
    mk_config["extra"]["polyfills"] = polyfills


def present_nav(nav: list | None, docs_dir: Path) -> list | None:
    """The configured navigation without sections whose page was not generated.

    A page kind renders nothing when its datasets are absent (a fixture site, a partial
    release); its navigation entry then goes too, instead of failing the strict build.
    """
    if nav is None:
        return None
    kept = []
    for entry in nav:
        target = next(iter(entry.values())) if isinstance(entry, dict) else entry
        if isinstance(target, str) and not (docs_dir / target).is_file():
            continue
        kept.append(entry)
    return kept


def serve(config: SiteConfig, rebuild: Callable[[Path], None], serve_dir: Path,
          host: str, port: int) -> None:
    """Serve `serve_dir` with live reload, calling `rebuild` when content or data change."""
    from mkdocs.livereload import LiveReloadServer

    def builder() -> None:
        rebuild(serve_dir)

    server = LiveReloadServer(builder=builder, host=host, port=port, root=str(serve_dir))
    for path in (config.content, config.datasets, config.templates, config.mkdocs_file,
                 config.root / "releases", config.root / "publication.yml",
                 *(config.root / name.split(".")[0] for name in config.publication.page_kinds)):
        if path.exists():
            server.watch(str(path))
    builder()
    try:
        server.serve()
    except KeyboardInterrupt:
        pass
    finally:
        server.shutdown()
