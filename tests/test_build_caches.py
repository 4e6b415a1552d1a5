"""The build's speed-ups of issue 18 never serve stale output: compiled templates, specs checked
when drawn, and the home chart's cached context."""

from __future__ import annotations

import jinja2
import pytest
from markupsafe import Markup

from generator import charts
from generator.cache import Store
from generator.markdown import environment
from generator.pages.home import dump_context, load_context
from generator.render_cache import TEMPLATES, use_template_cache


def _render(folder, store) -> str:
    env = use_template_cache(environment(folder), store)
    return env.get_template("page.md.j2").render(name="x")


def test_a_changed_template_is_compiled_again(tmp_path):
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "page.md.j2").write_text("first {{ name }}\n", encoding="utf-8")
    store = Store(tmp_path / "cache")
    assert _render(templates, store) == "first x\n"
    entries = list((tmp_path / "cache" / TEMPLATES).rglob("*.cache"))
    assert entries  # the compiled template was kept
    assert _render(templates, store) == "first x\n"  # and is read back
    (templates / "page.md.j2").write_text("second {{ name }}\n", encoding="utf-8")
    assert _render(templates, store) == "second x\n"


def test_other_settings_compile_into_another_folder(tmp_path):
    store = Store(tmp_path / "cache")
    plain = use_template_cache(jinja2.Environment(), store)
    trimmed = use_template_cache(jinja2.Environment(trim_blocks=True), store)
    assert plain.bytecode_cache.directory != trimmed.bytecode_cache.directory


def test_without_a_store_nothing_is_kept(tmp_path):
    env = use_template_cache(jinja2.Environment(), None)
    assert env.bytecode_cache is None


def test_a_spec_outside_the_schema_is_refused_when_drawn():
    spec = {"mark": "not-a-mark", "data": {"values": [{"a": 1}]},
            "encoding": {"x": {"field": "a", "type": "quantitative"}}}
    with pytest.raises(charts.UnsafeChart, match="not a valid Vega-Lite spec"):
        charts.Renderer().svg(spec)


def test_a_spec_in_the_schema_is_drawn():
    spec = {"mark": "point", "data": {"values": [{"a": 1}]},
            "encoding": {"x": {"field": "a", "type": "quantitative"}},
            "config": charts.NARROW_CONFIG}  # the pinned config is not checked (Vega's layout)
    assert charts.Renderer().svg(spec).startswith("<svg")


def test_the_home_chart_context_round_trips():
    context = {"id": "c", "figure": Markup("<figure>&amp;</figure>"), "title": "<b>",
               "sources": [("a", "b")], "downloads": [{"label": "SVG", "filename": "c.svg"}]}
    back = load_context(dump_context(context))
    assert isinstance(back["figure"], Markup) and back["figure"] == context["figure"]
    assert not isinstance(back["title"], Markup) and back["title"] == "<b>"
    assert [tuple(s) for s in back["sources"]] == context["sources"]
    assert back["downloads"] == context["downloads"]
