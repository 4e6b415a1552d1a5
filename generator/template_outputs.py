"""Templates' outputs kept by what they were given, for page kinds that read content/.

The render cache (render_cache.py) keeps a whole page kind's outputs, which only works for
kinds that never read content/. The updates make hundreds of pages from content/ (one per
update, the listings, the tag pages), and a rebuild after one edit changes one or a few of
them. So each such page is kept on its own, under the sha256 of everything its text can
depend on: the template's name and its context (plain values only, see `_plain`), the
language (its code, digits and every message of its catalogue), every template file the
environment can load, and the engine's source and library versions (code_version). The same
key gives the same text, so a page whose context did not change is taken from the store,
and any change to what it shows (a title, a date, a tag, a translation) renders it again.
"""

from __future__ import annotations

from collections.abc import Callable

import jinja2
from markupsafe import Markup

from . import languages
from .cache import Store
from .render_cache import code_version, template_parts

KIND = "markdown"  # build/.cache/markdown: looked up in full by every build (cache.prune)
FORMAT = 1  # raise to drop every kept output at once


class TemplateOutputs:
    """`render(name, context)`: the template's output, kept in the store by its inputs.

    Without a store, or with templates that do not come from folders, every call renders.
    A render that asked for a text without translation is never kept (the build must stop on
    it each time it runs, as languages.untranslated expects)."""

    def __init__(self, env: jinja2.Environment, store: Store | None) -> None:
        self.env = env
        self.store = store
        self.base = _base_key(env) if store is not None else None

    def render(self, name: str, context: dict) -> str:
        """`env.get_template(name).render(**context)`, from the store when it was kept."""
        return self.kept(f"template {name}", context, lambda: self.env.get_template(
            name).render(**context).encode("utf-8")).decode("utf-8")

    def kept(self, name: str, inputs: dict, make: Callable[[], bytes]) -> bytes:
        """`make()`, kept under `name` and `inputs`, which must hold all it depends on
        besides the environment (its language, templates) and the engine's code."""
        key = None
        if self.base is not None and _plain(inputs):
            key = Store.key([self.base, name, repr(inputs)])
            found = self.store.get_bytes(KIND, key)
            if found is not None:
                return found
        language = languages.of(self.env)
        missing = len(language.missing)
        made = make()
        if key is not None and len(language.missing) == missing:
            self.store.put_bytes(KIND, key, made)
        return made


def _base_key(env: jinja2.Environment) -> str | None:
    """What every output of `env` depends on besides its context; None when its templates
    are not all in folders (their files could not be hashed)."""
    templates = template_parts(env)
    if templates is None:
        return None
    return Store.key([f"template outputs {FORMAT}", languages.of(env).cache_part(),
                      code_version(), *templates])


def _plain(value: object) -> bool:
    """True when `value` is made only of values whose repr() is their whole content:
    text (Markup apart from str), numbers, booleans, None, and lists, tuples and dicts of
    those (dicts with text keys). Anything else (an object, a function) is never keyed."""
    if value is None or type(value) in (str, Markup, int, float, bool):
        return True
    if type(value) in (list, tuple):
        return all(_plain(item) for item in value)
    if type(value) is dict:
        return all(type(k) is str and _plain(v) for k, v in value.items())
    return False
