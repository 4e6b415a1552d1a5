"""Templates' outputs kept by their context (template_outputs.py), as the updates use them:
a page whose context did not change comes from the store, byte for byte what rendering gives;
any change to what it shows, to a template or to the language renders it again."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import jinja2
import pytest
from test_updates import site_data

from generator.cache import Store
from generator.content import load_content
from generator.i18n import load_catalogue
from generator.languages import Language
from generator.markdown import environment
from generator.pages import updates
from generator.template_outputs import KIND, TemplateOutputs


@pytest.fixture
def rendered(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the templates rendered from now on (every render goes through
    jinja2.Template.render)."""
    names: list[str] = []
    render = jinja2.Template.render

    def counted(self, *args, **kwargs):
        names.append(self.name)
        return render(self, *args, **kwargs)
    monkeypatch.setattr(jinja2.Template, "render", counted)
    return names


def templates(tmp_path: Path, text: str = "{{ title }}: {{ count }}\n") -> Path:
    folder = tmp_path / "templates"
    folder.mkdir(exist_ok=True)
    (folder / "page.md.j2").write_text(text, encoding="utf-8")
    return folder


def test_an_output_is_kept_by_its_context_and_its_templates(tmp_path, rendered):
    store = Store(tmp_path / "cache")
    folder = templates(tmp_path)
    context = {"title": "A <b>title</b>", "count": 3}
    first = TemplateOutputs(environment(folder), store).render("page.md.j2", context)
    assert rendered == ["page.md.j2"]
    again = TemplateOutputs(environment(folder), store).render("page.md.j2", dict(context))
    assert again == first and rendered == ["page.md.j2"]  # from the store: not rendered
    changed = TemplateOutputs(environment(folder), store).render(
        "page.md.j2", {**context, "count": 4})
    assert changed != first and len(rendered) == 2
    templates(tmp_path, "{{ title }} ({{ count }})\n")  # a template edited: rendered again
    edited = TemplateOutputs(environment(folder), store).render("page.md.j2", context)
    assert edited == environment(folder).get_template("page.md.j2").render(**context)
    assert edited != first


def test_markup_and_text_are_different_contexts(tmp_path, rendered):
    """Markup is shown as it is, text escaped: a value turning into Markup is a new key."""
    store = Store(tmp_path / "cache")
    folder = templates(tmp_path)
    plain = TemplateOutputs(environment(folder), store).render(
        "page.md.j2", {"title": "<i>x</i>", "count": 1})
    marked = TemplateOutputs(environment(folder), store).render(
        "page.md.j2", {"title": jinja2.utils.markupsafe.Markup("<i>x</i>"), "count": 1})
    assert plain != marked and len(rendered) == 2


def test_a_context_that_is_not_plain_values_is_never_kept(tmp_path, rendered):
    """An object's repr() need not be its content: such a context is rendered every time."""
    @dataclasses.dataclass
    class Opaque:
        value: str

        def __repr__(self) -> str:
            return "Opaque"

        def __str__(self) -> str:
            return self.value

    store = Store(tmp_path / "cache")
    outputs = TemplateOutputs(environment(templates(tmp_path)), store)
    assert outputs.render("page.md.j2", {"title": Opaque("one"), "count": 1}).startswith("one")
    assert outputs.render("page.md.j2", {"title": Opaque("two"), "count": 1}).startswith("two")
    assert len(rendered) == 2
    assert not (store.folder / KIND).exists()


def test_a_render_that_lacked_a_translation_is_never_kept(tmp_path, rendered):
    """The build stops on a missing translation every time: the page is rendered again."""
    store = Store(tmp_path / "cache")
    folder = templates(tmp_path, "{{ _('A text nobody translated') }}\n")
    for _ in range(2):
        hindi = Language("hi", load_catalogue("hi")[0], default=False)
        TemplateOutputs(environment(folder, hindi), store).render("page.md.j2", {})
        assert list(hindi.missing) == ["A text nobody translated"]
    assert len(rendered) == 2


def test_a_damaged_entry_is_rendered_again(tmp_path, rendered):
    store = Store(tmp_path / "cache")
    folder = templates(tmp_path)
    context = {"title": "T", "count": 1}
    first = TemplateOutputs(environment(folder), store).render("page.md.j2", context)
    for entry in (store.folder / KIND).iterdir():
        entry.write_bytes(entry.read_bytes()[:-2] + b"!\n")
    assert TemplateOutputs(environment(folder), store).render("page.md.j2", context) == first
    assert len(rendered) == 2


def outputs_of(data) -> dict[str, bytes]:
    made = updates.render(data, environment(data.config.templates))
    return {o.path: (o.markdown.encode() if hasattr(o, "markdown") else o.data) for o in made}


def test_updates_render_again_only_the_pages_an_edit_changes(tmp_path, rendered):
    """The second render takes every page from the store; after one update's title changes,
    only the pages that show it are rendered: its own page, its listing page and its tags'
    pages; and the outputs are those of a render without a store."""
    data = site_data(tmp_path)
    first = outputs_of(data)
    made = len(rendered)
    assert made >= 5
    assert outputs_of(site_data(tmp_path)) == first
    assert len(rendered) == made  # every page from the store
    update = tmp_path / "content" / "updates" / "2024-12-01-milestone.md"
    text = update.read_text(encoding="utf-8")
    title = next(line for line in text.splitlines() if line.startswith("title:"))
    update.write_text(text.replace(title, title + " (revised)"), encoding="utf-8")
    del rendered[:]
    edited = site_data(tmp_path)
    after = outputs_of(edited)
    tags = next(u for u in load_content(edited).updates
                if u.document.path.endswith("2024-12-01-milestone.md")).tags
    assert sorted(rendered) == sorted(["update.md.j2", "update_list.md.j2"]
                                      + ["update_tag.md.j2"] * len(tags)), rendered
    without_store = dataclasses.replace(edited, store=None)
    assert after == outputs_of(without_store)
    assert after != first


def test_the_feed_is_kept_until_what_it_shows_changes(tmp_path, monkeypatch):
    """A body edit leaves the feed as it was (it shows titles, summaries, dates and tags):
    it comes from the store; a summary edit makes it again; both equal feed() itself."""
    made: list[int] = []
    feed = updates.feed

    def counted(*args, **kwargs):
        made.append(1)
        return feed(*args, **kwargs)
    monkeypatch.setattr(updates, "feed", counted)
    first = outputs_of(site_data(tmp_path))[updates.FEED]
    update = tmp_path / "content" / "updates" / "2024-12-01-milestone.md"
    text = update.read_text(encoding="utf-8")
    update.write_text(text + "\nA sentence added to the body.\n", encoding="utf-8")
    assert outputs_of(site_data(tmp_path))[updates.FEED] == first
    assert len(made) == 1
    update.write_text(text.replace("summary: Coverage passes a milestone.",
                                   "summary: Coverage passes a milestone, revised."),
                      encoding="utf-8")
    data = site_data(tmp_path)
    again = outputs_of(data)[updates.FEED]
    assert len(made) == 2 and b"milestone, revised." in again
    assert again == outputs_of(dataclasses.replace(data, store=None))[updates.FEED]
