"""Link preview images: a chart's wide layout centred on a 1200 x 630 card, the size Open Graph
and Twitter cards show best (1.91:1), drawn at build time like every chart.

The card is one SVG (a white canvas, the chart's marks in it scaled to fit inside a margin) that
the chart renderer turns into a PNG; nothing is fetched and the same SVG gives the same bytes.
"""

from __future__ import annotations

import re

WIDTH = 1200
HEIGHT = 630
MARGIN = 30  # pixels of white around the chart, so a card cropped to a square keeps its middle
SUFFIX = "-preview.png"  # <chart>-preview.png, beside the chart's embed page

_OPENING = re.compile(r"<svg\b[^>]*>")
_SIZE = re.compile(r'\s(width|height)="([\d.]+)"')
# The opening tag of an SVG vl-convert draws: its viewBox the same as its size, from 0 0.
_PLAIN = re.compile(r'<svg xmlns="http://www\.w3\.org/2000/svg" '
                    r'xmlns:xlink="http://www\.w3\.org/1999/xlink" version="1\.1" '
                    r'class="(?P<cls>[\w -]*)" width="(?P<w>[\d.]+)" height="(?P<h>[\d.]+)" '
                    r'viewBox="0 0 (?P=w) (?P=h)">')


def card_svg(svg: str) -> str:
    """The chart's SVG scaled to fit (never cropped) and centred on a WIDTH x HEIGHT white card."""
    opening = _OPENING.match(svg)
    if opening is None:
        raise ValueError("a preview needs an SVG")
    tag = opening.group(0)
    size = dict((name, float(value)) for name, value in _SIZE.findall(tag))
    if not {"width", "height"} <= set(size) or not size["width"] or not size["height"]:
        raise ValueError("a preview needs an SVG with its width and height")
    width, height = size["width"], size["height"]
    scale = min((WIDTH - 2 * MARGIN) / width, (HEIGHT - 2 * MARGIN) / height)
    drawn_width, drawn_height = width * scale, height * scale
    x, y = (WIDTH - drawn_width) / 2, (HEIGHT - drawn_height) / 2
    plain = _PLAIN.fullmatch(tag)
    if plain is not None and float(plain["w"]) == width and float(plain["h"]) == height:
        # vl-convert's own root: its marks drawn in a group, moved and scaled into place. A
        # nested <svg> would be a clipped viewport, which resvg draws as a layer and mask of
        # the whole card: 2.3 times the time of the group, for the national charts (issue 18).
        # Without it, text that runs past the chart's edge (vl-convert measures Devanagari
        # short) is drawn whole instead of cut off.
        return (f'<svg xmlns="http://www.w3.org/2000/svg" '
                f'xmlns:xlink="http://www.w3.org/1999/xlink" width="{WIDTH}" height="{HEIGHT}" '
                f'viewBox="0 0 {WIDTH} {HEIGHT}"><rect width="{WIDTH}" height="{HEIGHT}" '
                f'fill="white"/><g class="{plain["cls"]}" transform="translate({_number(x)} '
                f'{_number(y)}) scale({scale:.6f})">{_inner(svg, opening.end())}</g></svg>')
    nested = _SIZE.sub("", tag)
    if "viewBox=" not in nested:
        nested = nested[:-1] + f' viewBox="0 0 {_number(width)} {_number(height)}">'
    nested = nested[:-1] + (f' x="{_number(x)}" y="{_number(y)}" width="{_number(drawn_width)}"'
                            f' height="{_number(drawn_height)}">')
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" '
            f'viewBox="0 0 {WIDTH} {HEIGHT}"><rect width="{WIDTH}" height="{HEIGHT}" '
            f'fill="white"/>{nested}{svg[opening.end():]}</svg>')


def _inner(svg: str, start: int) -> str:
    """What the root element of `svg` holds (from `start`, the end of its opening tag)."""
    end = svg.rstrip().rfind("</svg>")
    if end < start:
        raise ValueError("a preview needs an SVG with its closing tag")
    return svg[start:end]


def _number(value: float) -> str:
    """A coordinate with at most two decimals, without trailing zeros (stable across runs)."""
    return f"{value:.2f}".rstrip("0").rstrip(".")


def preview_path(folder: str, name: str) -> str:
    """Where a chart's preview image goes in the docs: <folder>/embed/<name>-preview.png."""
    return "/".join(part for part in (folder, "embed", name + SUFFIX) if part)
