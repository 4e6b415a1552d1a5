"""The render cache: page kinds whose pages depend only on data, templates and options.

A cached kind's outputs are kept in build/.cache/rendered under a key that hashes every input,
so a changed byte anywhere (data, template, option, the kind's own code) gives a new key.
"""

from __future__ import annotations

import dataclasses
import functools
import sys
from collections.abc import Callable
from pathlib import Path

import jinja2

from .cache import Store, digest, folder_parts, library_versions
from .fonts import fonts_hash
from .model import NO_OPTIONS, Asset, Options, Page
from .sitedata import WITHOUT_CONTENT, SiteData, pack_files, unpack_files

# Raise to drop every cached page at once (e.g. when the stored shape changes).
FORMAT = 2
CACHED = "rendered"  # build/.cache/rendered: the Markdown and files page kinds made
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
    templates = _template_folders(env)
    cache = data.store
    if templates is None or not data.key or cache is None:
        return make(dataclasses.replace(data, content=WITHOUT_CONTENT))
    key = Store.key([f"rendered {FORMAT}", name, data.key, repr(data.config), *inputs,
                     *_folder_parts(templates), code_version()])
    stored = cache.get_bytes(CACHED, key)
    outputs = unpack_outputs(stored) if stored is not None else None
    if outputs is None:
        outputs = make(dataclasses.replace(data, content=WITHOUT_CONTENT))
        cache.put_bytes(CACHED, key, pack_outputs(outputs))
    return outputs


@functools.cache
def code_version() -> str:
    """The generator's source files, its chart fonts, Python's and the libraries' versions
    (once per process)."""
    parts: list[bytes | str] = [sys.version]
    for path in sorted(GENERATOR.rglob("*.py")):
        parts += [path.relative_to(GENERATOR).as_posix(), path.read_bytes()]
    return digest(parts + library_versions(LIBRARIES) + [fonts_hash()])


def _template_folders(env: jinja2.Environment) -> list[Path] | None:
    """The folders templates load from; None when they come from anywhere else."""
    loader = env.loader
    if type(loader) is not jinja2.FileSystemLoader:
        return None
    return [Path(folder) for folder in loader.searchpath]


def _folder_parts(folders: list[Path]) -> list[bytes | str]:
    """Every file under `folders`, by name, with its bytes."""
    parts: list[bytes | str] = []
    for folder in folders:
        parts += [f"folder {folder}", *folder_parts(folder)]
    return parts


def pack_outputs(outputs: list[Page | Asset]) -> bytes:
    """Pages and assets as one blob, for the cache."""
    return pack_files([(["page", o.path], o.markdown.encode("utf-8")) if isinstance(o, Page)
                       else (["asset", o.path], o.data) for o in outputs])


def unpack_outputs(blob: bytes) -> list[Page | Asset] | None:
    """The outputs packed in `blob`; None when it is not what pack_outputs wrote."""
    entries = unpack_files(blob, 2)
    if entries is None or any(kind not in ("page", "asset") for (kind, _), _ in entries):
        return None
    try:
        return [Page(path, data.decode("utf-8")) if kind == "page" else Asset(path, data)
                for (kind, path), data in entries]
    except UnicodeDecodeError:
        return None
