"""The chart fonts the engine ships (generator/fonts/), registered with vl-convert before it draws.

vl-convert measures and draws text with the fonts it can find, the machine's included, so a
font installed on one machine changed a chart's bytes. The shipped faces have family names no
machine has (a font of the same name installed on the machine would be drawn instead: vl-convert
prefers system fonts), so every chart is measured and drawn with the same outlines anywhere.
Where they come from and how they were made: generator/fonts/PROVENANCE.md.
"""

from __future__ import annotations

import functools
import hashlib
from pathlib import Path

FONT_DIR = Path(__file__).parent / "fonts"
# Liberation Sans 2.1.5, renamed: the metrics of Arial, so a browser drawing an inline chart
# with Arial or Helvetica (the site loads no web fonts) gives every label the width it was
# laid out with. Regular, bold and italic: the weights and styles the charts use.
FAMILY = "Opendata Sans"
# Noto Sans Devanagari with Noto Sans' Latin letters merged in, for charts in Hindi: one face
# holds every glyph such a chart needs, so none is looked up in the machine's fonts.
DEVANAGARI_FAMILY = "Opendata Sans Devanagari"
# Named after the shipped family for browsers only; vl-convert always finds the first.
BROWSER_FALLBACK = "Arial, Helvetica, sans-serif"
FONT = f"{FAMILY}, {BROWSER_FALLBACK}"
DEVANAGARI_FONT = f"{DEVANAGARI_FAMILY}, {BROWSER_FALLBACK}"

_registered: list[Path] = []


def font_files() -> list[Path]:
    """The shipped font files, sorted by name."""
    return sorted(FONT_DIR.glob("*.ttf"))


@functools.cache
def fonts_hash() -> str:
    """sha256 of every shipped font file's name and bytes: part of every chart's cache key."""
    digest = hashlib.sha256()
    for path in font_files():
        digest.update(f"{path.name}\0{path.stat().st_size}\0".encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def register() -> None:
    """Register the shipped fonts with vl-convert (once per process; later calls do nothing)."""
    if _registered:
        return
    import vl_convert

    vl_convert.register_font_directory(str(FONT_DIR.resolve()))
    _registered.append(FONT_DIR.resolve())


def registered_directories() -> list[Path]:
    """The folders this process registered with vl-convert."""
    return list(_registered)
