"""Charts are drawn with the fonts the engine ships: registered from generator/fonts/, named in
every SVG, the same PNG bytes in every fresh process, and part of every chart cache key."""

from __future__ import annotations

import hashlib
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from generator import charts, fonts, render_cache

ROOT = Path(__file__).resolve().parent.parent

# Run in a fresh process: what vl-convert was given to register, and what it drew.
DRAW = r"""
import hashlib, json, sys
import vl_convert
registered = []
original = vl_convert.register_font_directory
def record(folder):
    registered.append(folder)
    return original(folder)
vl_convert.register_font_directory = record
from generator import charts, fonts
spec = json.loads(sys.argv[1])
renderer = charts.Renderer()
svg = renderer.svg(spec)
png = renderer.png(svg)
print(json.dumps({"registered": registered, "svg": svg,
                  "png": hashlib.sha256(png).hexdigest()}))
"""


def chart_spec(font: str = charts.FONT) -> dict:
    """A small chart with every style the charts use: bold title, plain axes, italic note,
    and a label in Devanagari drawn with the Devanagari family."""
    values = [{"state": "Assam", "share": 81.5}, {"state": "Bihar", "share": 95.25}]
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "config": {**charts.CONFIG, "font": font},
        "title": {"text": "Rural households with a tap", "subtitle": "As of 3 Mar 2026."},
        "data": {"values": values},
        "layer": [
            {"mark": "bar", "encoding": {"x": {"field": "share", "type": "quantitative"},
                                         "y": {"field": "state", "type": "nominal"}}},
            {"mark": {"type": "text", "fontStyle": "italic", "align": "left", "dx": 3},
             "encoding": {"x": {"field": "share", "type": "quantitative"},
                          "y": {"field": "state", "type": "nominal"},
                          "text": {"value": "n/r"}}},
            {"mark": {"type": "text", "font": fonts.DEVANAGARI_FONT, "fontWeight": "bold",
                      "x": 10, "y": -5, "align": "left"},
             "encoding": {"text": {"value": "हर घर जल: 75% (Assam)"}}},
        ],
    }


def draw(spec: dict) -> dict:
    """Render `spec` in a new Python process."""
    done = subprocess.run([sys.executable, "-c", DRAW, json.dumps(spec)], cwd=ROOT,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


@pytest.fixture(scope="module")
def drawn() -> list[dict]:
    """The same chart drawn in two fresh processes."""
    return [draw(chart_spec()), draw(chart_spec())]


def test_registers_the_projects_font_folder(drawn):
    """vl-convert is given the engine's own font folder, once, before the first chart."""
    assert fonts.FONT_DIR == ROOT / "generator" / "fonts"
    for run in drawn:
        assert run["registered"] == [str(fonts.FONT_DIR.resolve())]
    names = [path.name for path in fonts.font_files()]
    assert names == ["OpendataSans-Bold.ttf", "OpendataSans-Italic.ttf",
                     "OpendataSans-Regular.ttf", "OpendataSansDevanagari-Bold.ttf",
                     "OpendataSansDevanagari-Regular.ttf"]


def test_svg_names_only_the_shipped_families(drawn):
    """Every text of the SVG names a shipped family first; the only other names are the
    browser fallbacks, which vl-convert never reaches (drawn without them: the same PNG)."""
    families = set(re.findall(r'font-family="([^"]*)"', drawn[0]["svg"]))
    assert families == {fonts.FONT, fonts.DEVANAGARI_FONT}
    for family in families:
        first, *rest = [name.strip() for name in family.split(",")]
        assert first in (fonts.FAMILY, fonts.DEVANAGARI_FAMILY)
        assert ", ".join(rest) == fonts.BROWSER_FALLBACK
    assert charts.CONFIG["font"] == fonts.FONT
    bare = chart_spec(fonts.FAMILY)
    bare["layer"][2]["mark"]["font"] = fonts.DEVANAGARI_FAMILY
    assert draw(bare)["png"] == drawn[0]["png"]


def test_same_png_bytes_in_fresh_processes(drawn):
    """Two processes draw the chart to identical bytes (SVG and PNG)."""
    assert drawn[0]["svg"] == drawn[1]["svg"]
    assert drawn[0]["png"] == drawn[1]["png"]


def test_font_files_are_in_every_chart_cache_key(monkeypatch):
    """A changed font file gives new store keys for charts and for cached pages."""
    renderer = charts.Renderer()
    before = renderer._store_key("svg:abc")
    version = render_cache.code_version()
    monkeypatch.setattr(charts, "fonts_hash", lambda: "another font")
    monkeypatch.setattr(render_cache, "fonts_hash", lambda: "another font")
    render_cache.code_version.cache_clear()
    try:
        assert renderer._store_key("svg:abc") != before
        assert render_cache.code_version() != version
    finally:
        render_cache.code_version.cache_clear()


def test_fonts_hash_covers_every_file():
    """fonts_hash is the sha256 of each file's name, size and bytes, in name order."""
    digest = hashlib.sha256()
    for path in sorted(fonts.FONT_DIR.glob("*.ttf")):
        digest.update(f"{path.name}\0{path.stat().st_size}\0".encode())
        digest.update(path.read_bytes())
    assert fonts.fonts_hash() == digest.hexdigest()


def test_each_font_has_its_licence_and_provenance():
    """OFL.txt holds the licence and notices; PROVENANCE.md records each file's sha256."""
    licence = (fonts.FONT_DIR / "OFL.txt").read_text(encoding="utf-8")
    assert "SIL OPEN FONT LICENSE Version 1.1" in licence
    assert "Reserved Font Name Liberation" in licence and "Google" in licence
    provenance = (fonts.FONT_DIR / "PROVENANCE.md").read_text(encoding="utf-8")
    for path in fonts.font_files():
        sha = hashlib.sha256(path.read_bytes()).hexdigest()
        assert f"| {path.name} |" in provenance and sha in provenance, path.name
        assert path.stat().st_size < 300_000, path.name


def test_fonts_travel_in_the_wheel():
    """pyproject's package data takes the font folder into the installed engine."""
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    data = re.search(r'^generator = \[(.*)\]', text, re.M).group(1)
    assert '"fonts/*"' in data
