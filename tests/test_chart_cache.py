"""The on-disk chart cache: reused when the chart is the same, never when it changed."""

from generator.charts import Renderer

SPEC = {"$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "data": {"values": [{"x": "a", "y": 1}, {"x": "b", "y": 2}]},
        "mark": "bar", "encoding": {"x": {"field": "x", "type": "nominal"},
                                    "y": {"field": "y", "type": "quantitative"}}}


def test_disk_cache_hit_and_no_stale_result(tmp_path):
    first = Renderer()
    first.use_disk(tmp_path)
    svg = first.svg(SPEC)
    assert first.stats.svg_renders == 1 and any(tmp_path.iterdir())

    second = Renderer()  # a new build: empty memory cache, same disk cache
    second.use_disk(tmp_path)
    assert second.svg(SPEC) == svg
    assert second.stats.svg_renders == 0 and second.stats.cache_hits == 1

    changed = {**SPEC, "data": {"values": [{"x": "a", "y": 1}, {"x": "b", "y": 3}]}}
    assert second.svg(changed) != svg
    assert second.stats.svg_renders == 1
