"""The render cache: page kinds whose pages depend only on data, templates and options.

A cached kind's outputs are kept in build/.cache/rendered under a key that hashes every input,
so a changed byte anywhere (data, template, option, the kind's own code) gives a new key.
"""

from __future__ import annotations

import dataclasses
import functools
import sys
from collections.abc import Callable, Mapping
from pathlib import Path

import jinja2

from . import languages
from .cache import Store, digest, folder_parts, library_versions, source_version
from .downloads import Download, by_bytes, by_name
from .fonts import fonts_hash
from .model import NO_OPTIONS, Asset, Options, Page
from .sitedata import WITHOUT_CONTENT, SiteData, pack_files, unpack_files

# Raise to drop every cached page at once (e.g. when the stored shape changes).
FORMAT = 3
CACHED = "rendered"  # build/.cache/rendered: the Markdown and files page kinds made
KINDS = ("page", "asset", "download")  # of a packed output (pack_outputs)
GENERATOR = Path(__file__).parent
# What the page kinds call: a new version of any of them may change a byte of output.
LIBRARIES = ("jinja2", "markupsafe", "pandas", "polars", "numpy", "pyarrow", "altair",
             "vl-convert-python", "pyyaml", "frictionless")


Render = Callable[[SiteData, jinja2.Environment, Options], list]


def data_only(render: Render) -> Render:
    """Cache a page kind that reads the datasets, templates and its options only, never content/."""
    @functools.wraps(render)
    def cached_render(data: SiteData, env: jinja2.Environment, options: Options = NO_OPTIONS
                      ) -> list[Page | Asset]:
        return cached(render.__module__, data, env, lambda hidden: render(hidden, env, options),
                      (repr(options), *module_parts(render.__module__)))
    return cached_render


def module_parts(name: str) -> list[bytes | str]:
    """The source of a page kind outside the engine: every .py file of its package's folder."""
    file = getattr(sys.modules.get(name), "__file__", None)
    if not file or Path(file).resolve().is_relative_to(GENERATOR.resolve()):
        return []  # the engine's own code is in code_version()
    folder = Path(file).parent
    return [part for path in sorted(folder.rglob("*.py"))
            for part in (path.relative_to(folder).as_posix(), path.read_bytes())]


def cached(name: str, data: SiteData, env: jinja2.Environment,
           make: Callable[[SiteData], list], inputs: tuple[bytes | str, ...] = ()
           ) -> list[Page | Asset]:
    """`make(data)`, kept in build/.cache/rendered under a key that hashes every input.

    The key hashes the data (SiteData.key: each package's files and what validation reported),
    the site settings, every template file, the generator's own source, the versions of the
    libraries it calls, and `inputs`: whatever the caller took from content/ for these pages.
    A changed byte anywhere gives a new key, so an old result is never served. `make` gets the
    data without content/: should it read content/ itself, load_content raises instead of
    letting a content edit go unseen.
    """
    cache = data.store
    templates = template_parts(env) if data.key and cache is not None else None
    if templates is None:
        return make(dataclasses.replace(data, content=WITHOUT_CONTENT))
    key = Store.key([f"rendered {FORMAT}", name, data.key, repr(data.config),
                     languages.of(env).cache_part(), *inputs, *templates, code_version()])
    stored = cache.get_bytes(CACHED, key)
    outputs = unpack_outputs(stored, data.downloads) if stored is not None else None
    if outputs is None:
        language = languages.of(env)
        missing = len(language.missing)
        outputs = make(dataclasses.replace(data, content=WITHOUT_CONTENT))
        # Pages that asked for a text without translation stop the build: never keep them,
        # or the next build would take them from here and not notice the gap.
        if len(language.missing) == missing:
            cache.put_bytes(CACHED, key, pack_outputs(outputs, data.downloads))
    return outputs


@functools.cache
def code_version() -> str:
    """The generator's source files, its chart fonts, Python's and the libraries' versions
    (once per process)."""
    return digest([source_version(), *library_versions(LIBRARIES), fonts_hash()])


TEMPLATES = "templates"  # build/.cache/templates: compiled Jinja templates


class TemplateCache(jinja2.FileSystemBytecodeCache):
    """Compiled templates kept across builds (Jinja's bytecode cache), so a rebuild does not
    compile every template again (issue 18).

    A template's entry is found by the sha256 of its name and file and is used only when the
    sha256 of its source is the one it was compiled from (Jinja checks, and refuses code of
    another Python). The folder is named by the sha256 of what else shapes compiled code: the
    engine's source and library versions (code_version) and the environment's settings, filters
    and tests, so a changed template, engine, Jinja or setting never runs old code.
    """

    def __init__(self, store: Store, env: jinja2.Environment,
                 parts: tuple[str, ...] = ()) -> None:
        folder = store.folder / TEMPLATES / digest([code_version(), *environment_parts(env),
                                                    *parts])
        folder.mkdir(parents=True, exist_ok=True)
        super().__init__(str(folder))

    def get_cache_key(self, name: str, filename: str | None = None) -> str:
        """The entry's name: sha256 of the template's name and file."""
        return digest([name, filename or ""])

    def get_source_checksum(self, source: str) -> str:
        """sha256 of the template's source: an entry compiled from other source is not used."""
        return digest([source])


def environment_parts(env: jinja2.Environment) -> list[str]:
    """The settings of `env` that change the code a template compiles to."""
    autoescape = (env.autoescape if isinstance(env.autoescape, bool)
                  else getattr(env.autoescape, "__qualname__", "callable"))
    settings = (env.block_start_string, env.block_end_string, env.variable_start_string,
                env.variable_end_string, env.comment_start_string, env.comment_end_string,
                env.line_statement_prefix, env.line_comment_prefix, env.trim_blocks,
                env.lstrip_blocks, env.newline_sequence, env.keep_trailing_newline,
                env.optimized, autoescape, getattr(env.finalize, "__qualname__", None),
                env.undefined.__qualname__, sorted(env.extensions))
    return [repr(settings), repr(sorted(env.filters)), repr(sorted(env.tests))]


def use_template_cache(env: jinja2.Environment, store: Store | None,
                       parts: tuple[str, ...] = ()) -> jinja2.Environment:
    """`env`, its compiled templates kept in `store` (TemplateCache); unchanged without one."""
    if store is not None:
        env.bytecode_cache = TemplateCache(store, env, parts)
    return env


def template_parts(env: jinja2.Environment) -> list[bytes | str] | None:
    """Every file under the folders `env` loads templates from, by name, with its bytes (a
    key part of whatever its templates render); None when they come from anywhere else."""
    loader = env.loader
    if type(loader) is not jinja2.FileSystemLoader:
        return None
    parts: list[bytes | str] = []
    for folder in loader.searchpath:
        parts += [f"folder {Path(folder)}", *folder_parts(Path(folder))]
    return parts


def pack_outputs(outputs: list[Page | Asset],
                 downloads: Mapping[str, list[Download]] | None = None) -> bytes:
    """Pages and assets as one blob, for the cache. An asset holding one of `downloads`' very
    bytes (the dataset pages publish each package's files) is packed by its package and file
    name, not its bytes: the key hashes the data the downloads are made of, and at national
    scale they are 92 MB of a language's 95 (issue 18: a rebuild read and checked them again,
    once per language)."""
    named = {key: f"{package}\n{d.filename}".encode() for key, (package, d)
             in by_bytes(downloads or {}).items()}
    return pack_files([(["page", o.path], o.markdown.encode("utf-8")) if isinstance(o, Page)
                       else (["download", o.path], named[id(o.data)])
                       if id(o.data) in named else (["asset", o.path], o.data) for o in outputs])


def unpack_outputs(blob: bytes, downloads: Mapping[str, list[Download]] | None = None
                   ) -> list[Page | Asset] | None:
    """The outputs packed in `blob`, each download's bytes taken from `downloads`; None when it
    is not what pack_outputs wrote, or names a download `downloads` does not hold."""
    entries = unpack_files(blob, 2)
    if entries is None or any(kind not in KINDS for (kind, _), _ in entries):
        return None
    files = by_name(downloads or {})
    outputs: list[Page | Asset] = []
    try:
        for (kind, path), data in entries:
            if kind == "page":
                outputs.append(Page(path, data.decode("utf-8")))
            elif kind == "asset":
                outputs.append(Asset(path, data))
            else:
                package, _, filename = data.decode("utf-8").partition("\n")
                if (package, filename) not in files:
                    return None
                outputs.append(Asset(path, files[(package, filename)]))
    except UnicodeDecodeError:
        return None
    return outputs
