"""The chart cache in the build's store: reused when the chart is the same, never when it changed."""

from generator.cache import Store
from generator.charts import Renderer

SPEC = {"$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "data": {"values": [{"x": "a", "y": 1}, {"x": "b", "y": 2}]},
        "mark": "bar", "encoding": {"x": {"field": "x", "type": "nominal"},
                                    "y": {"field": "y", "type": "quantitative"}}}


def test_disk_cache_hit_and_no_stale_result(tmp_path):
    first = Renderer()
    first.use_store(Store(tmp_path))
    svg = first.svg(SPEC)
    assert first.stats.svg_renders == 1 and any(tmp_path.iterdir())

    second = Renderer()  # a new build: empty memory cache, same store
    second.use_store(Store(tmp_path))
    assert second.svg(SPEC) == svg
    assert second.stats.svg_renders == 0 and second.stats.cache_hits == 1

    changed = {**SPEC, "data": {"values": [{"x": "a", "y": 1}, {"x": "b", "y": 3}]}}
    assert second.svg(changed) != svg
    assert second.stats.svg_renders == 1


def test_a_damaged_chart_entry_is_drawn_again_with_a_warning(tmp_path):
    first = Renderer()
    first.use_store(Store(tmp_path))
    svg = first.svg(SPEC)
    [entry] = (tmp_path / "charts").iterdir()
    entry.write_bytes(entry.read_bytes().replace(b"<svg", b"<svG", 1))  # one changed byte
    store = Store(tmp_path)
    second = Renderer()
    second.use_store(store)
    assert second.svg(SPEC) == svg and second.stats.svg_renders == 1
    assert [(p.code, p.severity) for p in store.problems()] == [("cache-entry-damaged", "warning")]
