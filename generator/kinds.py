"""The one registry of page kinds: the engine's built-ins, installed plugins, a publication's own.

A page kind is a module with `render(data, env, options) -> list[Page | Asset]` and, optionally,
`OPTIONS` (its documented options, checked like the rest of the publication file) and `KIND`
(its name; the module's own name by default). Built-in kinds are found the same way as anyone
else's: by name, through this registry. Installed packages add kinds with an entry point in the
group `opendata.page_kinds`; a publication adds its own with modules of its folder, named in
the publication file's `page_kinds`.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from importlib.metadata import entry_points
from pathlib import Path
from types import ModuleType

ENTRY_POINTS = "opendata.page_kinds"
# The engine's own kinds, by name: each a module of generator.pages.
BUILTIN = {
    "home": "generator.pages.home",
    "catalog": "generator.pages.catalog",
    "dataset": "generator.pages.dataset",
    "updates": "generator.pages.updates",
    "releases": "generator.pages.releases",
    "indicator": "generator.pages.indicator",
    "entities": "generator.pages.entities",
    "timeline": "generator.pages.timeline",
    "directory": "generator.pages.directory",
    "ranking": "generator.pages.ranking",
}
# The sections of a publication that does not declare any.
DEFAULT_SECTIONS = ("home", "catalog", "dataset", "updates", "releases")


class KindError(Exception):
    """A page kind could not be loaded (the message says which and why)."""


@dataclass(frozen=True)
class Option:
    """One documented option of a page kind (or key of the publication file).

    `type` is text, markdown (text that may hold Markdown and figure references), date, bool,
    int, list (of `items`) or map (with the keys in `keys`).
    """

    doc: str
    type: str = "text"
    default: object = None
    required: bool = False
    items: Option | None = None
    keys: Mapping[str, Option] = field(default_factory=dict)
    choices: tuple[str, ...] = ()


@dataclass(frozen=True)
class PageKind:
    """A loaded page kind: its name, where it comes from, its render function and options."""

    name: str
    origin: str                       # "built-in", "plugin <dist>" or "publication <module>"
    render: Callable[..., list]
    options: Mapping[str, Option]
    module: ModuleType = field(repr=False, compare=False)


def kind_of_module(module: ModuleType, origin: str) -> PageKind:
    """The page kind a module defines; KindError when it does not follow the contract."""
    render = getattr(module, "render", None)
    if not callable(render):
        raise KindError(f"{module.__name__} has no render(data, env, options) function")
    options = getattr(module, "OPTIONS", {})
    if not isinstance(options, Mapping) or not all(isinstance(o, Option) for o in options.values()):
        raise KindError(f"{module.__name__}.OPTIONS must map option names to kinds.Option")
    name = getattr(module, "KIND", module.__name__.rsplit(".", 1)[-1])
    return PageKind(str(name), origin, render, dict(options), module)


def builtin_kinds() -> dict[str, PageKind]:
    """The engine's own page kinds."""
    return {name: kind_of_module(importlib.import_module(path), "built-in")
            for name, path in BUILTIN.items()}


def plugin_kinds() -> dict[str, str]:
    """Installed page kinds: entry point name -> 'module' (loaded only when a section uses it)."""
    return {ep.name: ep.value for ep in entry_points(group=ENTRY_POINTS)}


def load_plugin(name: str, target: str) -> PageKind:
    """An installed page kind, by its entry point."""
    try:
        module = importlib.import_module(target.split(":")[0])
    except Exception as exc:  # any error in someone else's code is a problem, not a crash
        raise KindError(f"the installed page kind {name!r} ({target}) failed to import: "
                        f"{type(exc).__name__}: {exc}") from exc
    return kind_of_module(module, f"plugin {target}")


def load_publication_module(root: Path, name: str) -> PageKind:
    """A publication's own page kind: module `name` (e.g. 'page_kinds.coverage') of `root`.

    The publication folder is put first on sys.path while it imports. A module of that name
    imported earlier from another folder (another publication built in this process) is
    forgotten first, so each publication gets its own code.
    """
    top = name.split(".")[0]
    base = (root / top).resolve()
    for loaded in [m for m in sys.modules if m == top or m.startswith(top + ".")]:
        file = getattr(sys.modules[loaded], "__file__", None) or ""
        if not Path(file).resolve().is_relative_to(base):
            del sys.modules[loaded]
    sys.path.insert(0, str(root))
    try:
        module = importlib.import_module(name)
    except Exception as exc:
        raise KindError(f"page kind module {name!r} failed to import: {type(exc).__name__}: "
                        f"{exc}") from exc
    finally:
        sys.path.remove(str(root))
    file = getattr(module, "__file__", None) or ""
    if not Path(file).resolve().is_relative_to(root.resolve()):
        raise KindError(f"page kind module {name!r} is not a module of this publication's "
                        f"folder (found {file or 'a built-in module'})")
    return kind_of_module(module, f"publication {name}")
