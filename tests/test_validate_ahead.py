"""fast_read.ahead: the next block made in a thread, the items and their errors unchanged (issue 18)."""

from __future__ import annotations

import threading

import pytest

from generator.validate import fast_read


def test_items_come_in_order_and_each_is_made_once() -> None:
    """Every item, in order; the source is advanced once per item, never twice at a time."""
    made: list[int] = []
    busy = threading.Lock()

    def source():
        for i in range(50):
            assert busy.acquire(blocking=False), "advanced by two threads at once"
            made.append(i)
            busy.release()
            yield i

    assert list(fast_read.ahead(source())) == list(range(50))
    assert made == list(range(50))


def test_the_next_item_is_made_while_this_one_is_used() -> None:
    """While the caller holds item 0, item 1 is made (in another thread)."""
    second = threading.Event()

    def source():
        yield 0
        second.set()
        yield 1

    items = fast_read.ahead(source())
    assert next(items) == 0
    assert second.wait(5)
    assert list(items) == [1]


def test_an_error_of_the_source_is_raised_in_the_caller_after_the_items_before_it() -> None:
    """The items made before the error come first, then the error itself."""
    def source():
        yield 1
        raise OSError("disk gone")

    items = fast_read.ahead(source())
    assert next(items) == 1
    with pytest.raises(OSError, match="disk gone"):
        next(items)


def test_stopping_early_waits_for_the_item_being_made() -> None:
    """Closing the items joins the thread: nothing advances the source afterwards."""
    advanced: list[int] = []

    def source():
        for i in range(10):
            advanced.append(i)
            yield i

    items = fast_read.ahead(source())
    assert next(items) == 0
    items.close()
    seen = list(advanced)
    assert seen in ([0], [0, 1])
    threading.Event().wait(0.05)
    assert advanced == seen


def test_read_batches_gives_the_same_blocks(tmp_path) -> None:
    """A file read in blocks with ahead gives the blocks read one after the other."""
    from generator.packages import load_package

    root = tmp_path / "p"
    root.mkdir()
    lines = ["a,b"] + [f"{i},{'x' * (i % 7)}" for i in range(20_000)]
    (root / "t.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (root / "datapackage.json").write_text(
        '{"name": "p", "resources": [{"name": "t", "path": "t.csv", "schema": {"fields": '
        '[{"name": "a", "type": "integer"}, {"name": "b"}]}}]}', encoding="utf-8")
    package, _ = load_package(root, tmp_path)
    resource = package.resource("t")
    batches = list(fast_read.read_batches(resource, 1 << 14))
    assert len(batches) > 5
    assert [c for b in batches for c in b.frame["a"].to_list()] == [str(i) for i in range(20_000)]
    lines_of = [n for b in batches for n in b.lines[1:]]
    assert lines_of == list(range(2, 20_002))
