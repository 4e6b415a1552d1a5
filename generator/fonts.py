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
import html
import re
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
# Languages written in Devanagari: their charts name the Devanagari family (it has Latin too).
DEVANAGARI_LANGUAGES = frozenset({"hi", "mr", "ne", "sa", "kok", "mai"})

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


def font_for(language: str) -> str:
    """The chart font list of a language (its code): the Devanagari family for Hindi."""
    return DEVANAGARI_FONT if language.split("-")[0] in DEVANAGARI_LANGUAGES else FONT


# ---- Text as outlines, for the PNG drawings ----------------------------------------------
# vl-convert's renderer (resvg, in vl-convert 1.9) advances a cluster of several glyphs by its
# first glyph only, so a vowel sign drawn before or after its consonant ('ि', 'ा') is
# overdrawn by the next letter ('परिवार' came out garbled). Browsers shape an inline SVG's text
# themselves; for the PNGs, every text is shaped here with HarfBuzz (uharfbuzz) in the shipped
# face its font-family names and drawn as paths, so resvg only fills outlines. That is also
# the quick way (issue 18): resvg opens and maps the font file again for every glyph it draws
# (about 2,000 times a chart, most of a PNG's time); HarfBuzz reads each face once a process.
# A text this cannot draw exactly as resvg would (a family or attribute it does not know, a
# glyph the face lacks, spacing that SVG collapses) is left for resvg to draw, as before.
OUTLINE_VERSION = "3"  # part of every PNG's cache key (2: Devanagari texts only)
_DEVANAGARI = re.compile("[\u0900-\u097f\ua8e0-\ua8ff]")
# A <text> with content (not an empty <text .../>, which vl-convert writes for unlabelled marks).
_TEXT = re.compile(r"<text\b([^>]*)(?<!/)>((?:(?!<text\b).)*?)</text>", re.S)
_SPAN = re.compile(r"<tspan\b([^>]*)>(.*?)</tspan>", re.S)
_ATTRIBUTE = re.compile(r'\s([\w:-]+)="([^"]*)"')
_KEPT = ("transform", "fill", "opacity", "fill-opacity", "stroke", "stroke-width",
         "stroke-opacity")
# What a text may carry to be outlined: what it is drawn with (_KEPT), the font, and words for
# assistive technology (a PNG has none). A tspan may carry x and dy, as vl-convert writes them.
_OUTLINED = frozenset({*_KEPT, "font-family", "font-size", "font-weight", "font-style",
                       "text-anchor", "role", "aria-label", "aria-roledescription"})
_SPAN_OUTLINED = frozenset({"x", "dy"})
_NUMBER = re.compile(r"-?(?:\d+\.?\d*|\.\d+)")
_BOLD = frozenset({"bold", "bolder", "600", "700", "800", "900"})
ITALIC_SKEW = -12  # degrees: the Devanagari faces have no italic; a slant stands for it


def has_devanagari(svg: str) -> bool:
    """True when an SVG's text has Devanagari letters in it."""
    return _DEVANAGARI.search(svg) is not None


def outline_text(svg: str) -> str:
    """The SVG with every <text> in a shipped family replaced by its shaped outlines."""
    return _TEXT.sub(_outlined_text, svg)


def _outlined_text(match: re.Match) -> str:
    attributes = dict(_ATTRIBUTE.findall(match.group(1)))
    body = match.group(2)
    spans = _SPAN.findall(body) or [("", body)]
    texts = [html.unescape(re.sub(r"<[^>]*>", "", text)) for _, text in spans]
    devanagari = any(_DEVANAGARI.search(text) for text in texts)
    # Devanagari is outlined whatever else the text says: resvg would garble it
    if not (_outlinable(attributes, spans, texts) or devanagari and _numbers(attributes, spans)):
        return match.group(0)
    family = attributes.get("font-family", "").split(",")[0].strip().strip("'\"")
    bold = attributes.get("font-weight") in _BOLD
    italic = attributes.get("font-style") in ("italic", "oblique")
    if devanagari or family == DEVANAGARI_FAMILY:
        face, slanted = _face("bold" if bold else "regular"), italic
    elif family == FAMILY:  # CSS matching: the style before the weight (there is no bold italic)
        face, slanted = _latin_face("italic" if italic else "bold" if bold else "regular"), False
    else:
        return match.group(0)
    size = float(attributes["font-size"].removesuffix("px"))
    anchor = attributes.get("text-anchor", "start")
    paths, x, y = [], 0.0, 0.0
    for (span_attributes, _), text in zip(spans, texts, strict=True):
        values = dict(_ATTRIBUTE.findall(span_attributes))
        x = float(values.get("x", x))
        y += float(values.get("dy", "0"))
        drawn, width, complete = face.outline(text, size)
        if not complete and not devanagari:  # resvg draws it with the machine's fonts, as before
            return match.group(0)
        shift = {"middle": width / 2, "end": width}.get(anchor, 0.0)
        if drawn:  # glyphs in font units (y up), scaled to the size and turned upright
            scale = f"{size / face.upem:.6f}".rstrip("0")
            paths.append(f'<g transform="translate({_n(x - shift)},{_n(y)}) '
                         f'scale({scale},-{scale})">{drawn}</g>')
        x += width  # a tspan without x goes on where the last one ended
    kept = "".join(f' {name}="{attributes[name]}"' for name in _KEPT if name in attributes)
    slant = f' transform="skewX({ITALIC_SKEW})"' if slanted else ""
    inner = f"<g{slant}>{''.join(paths)}</g>" if slant else "".join(paths)
    return f"<g{kept}>{inner}</g>"


def _outlinable(attributes: dict[str, str], spans: list[tuple[str, str]],
                texts: list[str]) -> bool:
    """True when a text's attributes and words are all ones outlining draws as resvg would."""
    if not set(attributes) <= _OUTLINED or not _numbers(attributes, spans):
        return False
    if attributes.get("text-anchor", "start") not in ("start", "middle", "end"):
        return False
    if any(not {name for name, _ in _ATTRIBUTE.findall(span)} <= _SPAN_OUTLINED
           for span, _ in spans):
        return False
    # SVG drops line breaks and collapses spaces, which outlining would draw as they are
    return not any(text != text.strip() or "  " in text or any(c in text for c in "\n\r\t")
                   for text in texts)


def _numbers(attributes: dict[str, str], spans: list[tuple[str, str]]) -> bool:
    """True when the font size is in pixels and every tspan's x and dy a plain number."""
    if not attributes.get("font-size", "").endswith("px") or not _NUMBER.fullmatch(
            attributes["font-size"].removesuffix("px")):
        return False
    return all(_NUMBER.fullmatch(value) for span, _ in spans
               for name, value in _ATTRIBUTE.findall(span) if name in _SPAN_OUTLINED)


def text_width(text: str, size: float, bold: bool = False) -> float:
    """A text's width in pixels at `size` px, shaped by HarfBuzz in the Devanagari face."""
    return _face("bold" if bold else "regular").outline(text, size)[1]


def _n(value: float) -> str:
    """A coordinate with at most two decimals, without trailing zeros."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text


class _Face:
    """One shipped face: HarfBuzz shapes a text in it and draws its glyphs."""

    def __init__(self, path: Path) -> None:
        import uharfbuzz

        self._hb = uharfbuzz
        self.font = uharfbuzz.Font(uharfbuzz.Face(uharfbuzz.Blob.from_file_path(str(path))))
        self.upem = self.font.face.upem
        self._glyphs: dict[int, str] = {}

    def outline(self, text: str, size: float) -> tuple[str, float, bool]:
        """A text's glyphs as <path>s in font units (y up, the pen starting at 0,0), its width
        in pixels at `size` px, and whether the face has a glyph for every letter."""
        buffer = self._hb.Buffer()
        buffer.add_str(text)
        buffer.guess_segment_properties()
        self._hb.shape(self.font, buffer, {})
        parts, pen_x, complete = [], 0, True
        for info, position in zip(buffer.glyph_infos, buffer.glyph_positions, strict=True):
            complete = complete and info.codepoint != 0  # glyph 0: the face has no such letter
            drawn = self._glyph(info.codepoint)
            if drawn:
                parts.append(f'<path transform="translate({pen_x + position.x_offset},'
                             f'{position.y_offset})" d="{drawn}"/>')
            pen_x += position.x_advance
        return "".join(parts), pen_x * size / self.upem, complete

    def _glyph(self, glyph: int) -> str:
        """A glyph's outline as SVG path data in font units (y up), drawn once."""
        if glyph not in self._glyphs:
            pen = _Pen()
            self.font.draw_glyph_with_pen(glyph, pen)
            self._glyphs[glyph] = "".join(
                command + " ".join(_n(c) for c in points) for command, points in pen.commands)
        return self._glyphs[glyph]


class _Pen:
    """Collects a glyph's outline (the fontTools pen protocol HarfBuzz draws with)."""

    def __init__(self) -> None:
        self.commands: list[tuple[str, tuple[float, ...]]] = []

    def moveTo(self, point):  # noqa: N802 (the pen protocol's names)
        self.commands.append(("M", tuple(point)))

    def lineTo(self, point):  # noqa: N802
        self.commands.append(("L", tuple(point)))

    def qCurveTo(self, *points):  # noqa: N802
        self.commands.append(("Q", tuple(c for p in points for c in p)))

    def curveTo(self, *points):  # noqa: N802
        self.commands.append(("C", tuple(c for p in points for c in p)))

    def closePath(self):  # noqa: N802
        self.commands.append(("Z", ()))


@functools.cache
def _face(weight: str) -> _Face:
    """The shipped Devanagari face of a weight ('regular' or 'bold')."""
    return _Face(FONT_DIR / f"OpendataSansDevanagari-{weight.capitalize()}.ttf")


@functools.cache
def _latin_face(style: str) -> _Face:
    """The shipped Latin face of a style ('regular', 'bold' or 'italic')."""
    return _Face(FONT_DIR / f"OpendataSans-{style.capitalize()}.ttf")
