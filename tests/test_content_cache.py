"""The checked-update cache of the content stage: a hit is used and equal, any input change misses."""

from __future__ import annotations

import dataclasses

import pytest
from test_updates import TAGS, case_data, site_data

from generator import content
from generator.cache import Store
from generator.content import load_tags, load_updates


def updates_of(data, cache):
    """load_updates on the project's content/updates/ with the given store."""
    folder = data.config.content / "updates"
    tags, _ = load_tags(folder, data.config.root)
    return load_updates(folder, data.config.root, data, tags, cache)


@pytest.fixture
def counted(monkeypatch):
    """How many update files were checked afresh (not taken from the store)."""
    calls: list[str] = []
    fresh = content._check_update_file

    def check(path, *args, **kwargs):
        calls.append(path.name)
        return fresh(path, *args, **kwargs)

    monkeypatch.setattr(content, "_check_update_file", check)
    return calls


@pytest.mark.parametrize("case", [None, "bad-dates", "missing-fields"])
def test_cached_updates_equal_fresh_ones(tmp_path, counted, case):
    data = site_data(tmp_path) if case is None else case_data(tmp_path, case)
    store = Store(tmp_path / "cache")
    uncached = updates_of(data, None)
    first = updates_of(data, store)
    checked = len(counted)
    assert checked > 0
    second = updates_of(data, store)
    assert len(counted) == checked  # every update came from the store
    assert first == second == uncached
    assert bool(first[1]) == (case is not None)  # the problem cases' problems are kept too
    assert store.failures() == {}


def test_any_input_change_misses(tmp_path, counted):
    data = site_data(tmp_path)
    store = Store(tmp_path / "cache")
    updates_of(data, store)
    post = tmp_path / "content" / "updates" / "2024-12-01-milestone.md"
    post.write_bytes(post.read_bytes() + b"One more sentence.\n")
    counted.clear()
    updates, problems = updates_of(data, store)
    assert counted == ["2024-12-01-milestone.md"]
    assert updates == updates_of(data, None)[0]
    assert "One more sentence." in next(u for u in updates if u.slug == "milestone").body
    counted.clear()
    updates_of(dataclasses.replace(data, key=data.key + "x"), store)
    assert len(counted) == 3  # the data changed: every update is checked again
    counted.clear()
    tags_file = tmp_path / "content" / "updates" / "tags.yml"
    tags_file.write_text(TAGS.read_text(encoding="utf-8") + "extra: One more tag.\n",
                         encoding="utf-8")
    updates_of(data, store)
    assert len(counted) == 3  # the tag vocabulary changed
