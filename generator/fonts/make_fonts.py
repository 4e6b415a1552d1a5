"""Rebuild the chart fonts in this folder from Debian's font packages (see PROVENANCE.md).

Needs fontTools (`pip install fonttools==4.68.0`, not a dependency of the engine) and the
unpacked packages: `apt-get download fonts-liberation2 fonts-noto-core` and `dpkg-deb -x` each
into one folder, given as the first argument. Writes the same bytes on every run.
"""

from __future__ import annotations

import sys
from pathlib import Path

from fontTools import subset
from fontTools.merge import Merger
from fontTools.ttLib import TTFont
from fontTools.ttLib.ttFont import reorderFontTables

HERE = Path(__file__).parent
LIBERATION = "usr/share/fonts/truetype/liberation2"
NOTO = "usr/share/fonts/truetype/noto"
# What a chart in Hindi also writes in Latin script: ASCII, Latin-1, dashes, quotes and
# ellipsis, per mille, the rupee sign, minus and multiplication signs.
LATIN = "U+0020-007E,U+00A0-00FF,U+2010-2027,U+2030-203A,U+20B9,U+2212,U+00D7"
FACES = {  # family: {style: (weight class, source files)}
    "Opendata Sans": {
        "Regular": [f"{LIBERATION}/LiberationSans-Regular.ttf"],
        "Bold": [f"{LIBERATION}/LiberationSans-Bold.ttf"],
        "Italic": [f"{LIBERATION}/LiberationSans-Italic.ttf"],
    },
    "Opendata Sans Devanagari": {
        "Regular": [f"{NOTO}/NotoSansDevanagari-Regular.ttf", f"{NOTO}/NotoSans-Regular.ttf"],
        "Bold": [f"{NOTO}/NotoSansDevanagari-Bold.ttf", f"{NOTO}/NotoSans-Bold.ttf"],
    },
}
# The order of the tables in each file: what laying out a line of text reads (the directory,
# metrics, character map, glyph locations and the layout tables) first, in the file's first
# 64 KiB, then the outlines (their ASCII glyphs first), then names. vl-convert's SVG layout
# maps a font file again for each text it measures (about 1,600 times a chart), and each page
# of the file it touches is a page fault; this order touches fewer (issue 18).
TABLE_ORDER = ["head", "hhea", "maxp", "OS/2", "cmap", "hmtx", "loca", "GDEF", "GSUB", "GPOS",
               "gasp", "glyf", "name", "post"]


def subsetted(path: Path, unicodes: str) -> TTFont:
    """The font with only `unicodes` and without hinting (resvg draws unhinted outlines)."""
    options = subset.Options()
    options.hinting = False
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.layout_features = ["*"]
    options.notdef_outline = True
    options.glyph_names = True
    font = subset.load_font(str(path), options)
    subsetter = subset.Subsetter(options)
    if unicodes == "*":  # every glyph: only the hinting goes
        subsetter.populate(glyphs=font.getGlyphOrder())
    else:
        subsetter.populate(unicodes=subset.parse_unicodes(unicodes))
    subsetter.subset(font)
    return font


def renamed(font: TTFont, family: str, style: str) -> TTFont:
    """The font under its new family name: Liberation's licence reserves its name, and a name
    no machine has is what keeps an installed font from being drawn instead (PROVENANCE.md)."""
    postscript = f"{family.replace(' ', '')}-{style}"
    full = family if style == "Regular" else f"{family} {style}"
    table = font["name"]
    for name_id in (16, 17, 18, 21, 22, 25):
        table.removeNames(nameID=name_id)
    for name_id, value in ((1, family), (2, style), (3, f"{postscript};opendata"), (4, full),
                           (6, postscript)):
        table.removeNames(nameID=name_id)
        table.setName(value, name_id, 3, 1, 0x409)
        table.setName(value, name_id, 1, 0, 0)
    font["head"].modified = font["head"].created  # no build date in the bytes
    font.recalcTimestamp = False
    return font


def build(source: Path) -> None:
    """Write every face of FACES into this folder."""
    for family, styles in FACES.items():
        for style, files in styles.items():
            fonts = [subsetted(source / files[0], "*")]
            fonts += [subsetted(source / extra, LATIN) for extra in files[1:]]
            if len(fonts) > 1:
                parts = []
                for index, font in enumerate(fonts):
                    part = HERE / f".part{index}.ttf"
                    font.recalcTimestamp = False
                    font.save(part)
                    parts.append(str(part))
                created = fonts[0]["head"].created
                font = Merger().merge(parts)
                font["head"].created = created  # the merger stamps the time otherwise
                for part in parts:
                    Path(part).unlink()
            else:
                font = fonts[0]
            out = HERE / f"{family.replace(' ', '')}-{style}.ttf"
            part = HERE / ".unordered.ttf"
            renamed(font, family, style).save(part, reorderTables=False)
            with part.open("rb") as unordered, out.open("wb") as ordered:
                reorderFontTables(unordered, ordered, tableOrder=TABLE_ORDER)
            part.unlink()
            print(out.name, out.stat().st_size)


if __name__ == "__main__":
    build(Path(sys.argv[1]))
