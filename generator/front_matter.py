"""Front matter: a Markdown file split into YAML keys and body, the keys read with their lines.

PyYAML's node tree keeps the line of every key, so a problem can point at it. Node trees are
cached in build/.cache by the sha256 of the text (see compose).

Hostile YAML is bounded before anything is built of it: anchors and aliases are refused (a
"billion laughs" of nine aliases nine deep would expand to gigabytes wherever the tree is
walked), lists and mappings nest at most MAX_DEPTH deep (PyYAML composes recursively), and a
block of YAML is at most MAX_YAML_BYTES long.
"""

from __future__ import annotations

from pathlib import Path

import yaml
from yaml.events import AliasEvent, CollectionStartEvent, NodeEvent
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from . import safe_files
from .cache import Store
from .markdown import meta_text
from .model import Document, Problem

COMPOSED = "yaml"  # the cache's kind for node trees
# Keys of a hand-written page's front matter that the theme prints as they are, into <title>,
# the header, the navigation and <meta content="...">.
PRINTED_KEYS = ("title", "description", "author")
YAML_FORMAT = 2  # 2: texts with aliases are no longer cached (they are refused)
MAX_DEPTH = 32  # lists and mappings inside each other; front matter needs four
MAX_YAML_BYTES = 64 * 1024  # a front matter, tags.yml or publication.yml; each needs a few KiB


class Refused(yaml.YAMLError):
    """YAML that is read no further: an anchor or alias, or nesting beyond MAX_DEPTH."""

    def __init__(self, code: str, line: int, problem: str) -> None:
        super().__init__(problem)
        self.code, self.line, self.problem = code, line, problem


class BoundedLoader(yaml.SafeLoader):
    """PyYAML's safe loader that refuses anchors and aliases and nesting beyond MAX_DEPTH."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.depth = 0

    def compose_node(self, parent: Node | None, index: object) -> Node | None:
        event = self.peek_event()
        line = event.start_mark.line
        if isinstance(event, AliasEvent) or (isinstance(event, NodeEvent) and event.anchor):
            sign = "*" if isinstance(event, AliasEvent) else "&"
            raise Refused("yaml-alias", line,
                          f"uses a YAML {'alias' if sign == '*' else 'anchor'} "
                          f"({sign}{event.anchor}); anchors and aliases are not read (they can "
                          "expand a few lines into gigabytes): write the value out where it is "
                          "used")
        if not isinstance(event, CollectionStartEvent):
            return super().compose_node(parent, index)
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise Refused("too-deep", line,
                          f"nests lists and mappings more than {MAX_DEPTH} deep; at most "
                          f"{MAX_DEPTH} levels are read")
        try:
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


def read_document(path: Path, root: Path, relative: str, required: bool = True
                  ) -> tuple[Document | None, list[Problem]]:
    """Split a UTF-8 Markdown file into front matter and body; problems when it cannot be read."""
    shown = display_path(path, root)
    text, problems = read_text(path, shown, root)
    if text is None:
        return None, problems
    lines = text.split("\n")
    if lines[0].rstrip() != "---":
        if required:
            return None, [Problem(shown, 1, None, "front-matter-error",
                                  "expected front matter: the file must start with a '---' "
                                  "line, then the YAML keys, then a closing '---' line")]
        return Document(shown, relative, "", "\n".join(lines), 1, False), []
    for index in range(1, len(lines)):
        if lines[index].rstrip() in ("---", "..."):
            break
    else:
        return None, [Problem(shown, 1, None, "front-matter-error",
                              "the front matter opened on line 1 is never closed by a '---' "
                              "line")]
    return Document(shown, relative, "\n".join(lines[1:index]), "\n".join(lines[index + 1:]),
                    index + 2), []


def escape_printed(front_matter: str) -> str:
    """Front matter whose title, description and author are HTML-escaped, as generated pages'
    are (markdown.yaml_text); the text as it is when none of them needs it."""
    try:
        values = yaml.load(front_matter, Loader=BoundedLoader)  # noqa: S506 (a safe loader)
    except yaml.YAMLError:
        return front_matter  # the content stage reported it; nothing is published
    if not isinstance(values, dict):
        return front_matter
    escaped = {key: meta_text(value) if key in PRINTED_KEYS and isinstance(value, str) else value
               for key, value in values.items()}
    if all(escaped[key] == values[key] for key in values):
        return front_matter
    return yaml.safe_dump(escaped, allow_unicode=True, sort_keys=False, width=10_000).rstrip("\n")


def read_text(path: Path, shown: str, root: Path | None = None
              ) -> tuple[str | None, list[Problem]]:
    """A UTF-8 text file with Unix line ends, or an encoding problem at the line of the bad byte.

    Never a device or a named pipe (they would hang the build); with `root`, never a link to a
    file outside it either (it would be published).
    """
    raw, problems = safe_files.read_bytes(path, root, shown)
    if raw is None:
        return None, problems
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        return None, [Problem(shown, line, None, "encoding-error",
                              f"the file is not UTF-8 (byte 0x{raw[exc.start]:02x} on line "
                              f"{line}); save it as UTF-8")]
    return text.removeprefix("\ufeff").replace("\r\n", "\n"), []


def parse_front_matter(document: Document, cache: Store | None = None
                       ) -> tuple[MappingNode | None, list[Problem]]:
    """The front matter as a YAML node tree (lines kept), or the problem that stops reading it."""
    return compose_mapping(document.front_matter, document.path, 2, "front matter", cache)


def compose_mapping(text: str, path: str, first_line: int, what: str, cache: Store | None = None
                    ) -> tuple[MappingNode | None, list[Problem]]:
    """YAML `text` (starting at physical line `first_line` of `path`) as a mapping node."""
    size = len(text.encode("utf-8"))
    if size > MAX_YAML_BYTES:
        return None, [Problem(path, None, None, "too-large",
                              f"the {what} is {size:,} bytes; at most {MAX_YAML_BYTES:,} "
                              f"({MAX_YAML_BYTES // 1024} KiB) are read: move long text into "
                              "the body or a data file")]
    try:
        node = compose(text, cache)
    except Refused as exc:
        return None, [Problem(path, exc.line + first_line, None, exc.code,
                              f"the {what} {exc.problem}")]
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        row = mark.line + first_line if mark else first_line
        context = exc.context and exc.context_mark and exc.context_mark.line != mark.line
        reason = " ".join(str(part) for part in (
            exc.context, f"(line {exc.context_mark.line + first_line})" if context else "",
            exc.problem) if part)
        return None, [Problem(path, row, None, "yaml-error",
                              f"the {what} is not valid YAML: {reason}")]
    except yaml.YAMLError as exc:
        return None, [Problem(path, first_line, None, "yaml-error",
                              f"the {what} is not valid YAML: {exc}")]
    if node is None:
        return MappingNode("tag:yaml.org,2002:map", []), []
    if not isinstance(node, MappingNode):
        return None, [Problem(path, node.start_mark.line + first_line, None,
                              "front-matter-error", f"the {what} must be keys with values "
                                                    f"(key: value), found a {kind_of(node)}")]
    return node, []


def compose(text: str, cache: Store | None = None) -> Node | None:
    """YAML text as PyYAML's node tree, taken from build/.cache when this very text was read.

    PyYAML's pure-Python loader is slow (2 ms a front matter) but is the one whose lines and
    messages problems report; libyaml marks some nodes on other lines. So its node trees are
    kept by the sha256 of the text and PyYAML's version: an edited text has a new key. Text
    that is not valid YAML is read afresh each time, for its error.
    """
    key = Store.key([f"yaml {YAML_FORMAT}", yaml.__version__, text])
    stored = cache.get(COMPOSED, key) if cache is not None else None
    if isinstance(stored, dict) and "node" in stored:
        try:
            return node_from_json(stored["node"])
        except (TypeError, ValueError):
            pass
    loader = BoundedLoader(text)
    try:
        node = loader.get_single_node()
    finally:
        loader.dispose()
    if cache is not None:
        cache.put(COMPOSED, key, {"node": node_to_json(node)})
    return node


def node_to_json(node: Node | None) -> list | None:
    """A node tree as JSON: [kind, tag, value or children, line, column] (marks: start only)."""
    if node is None:
        return None
    if isinstance(node, ScalarNode):
        value: object = node.value
    elif isinstance(node, SequenceNode):
        value = [node_to_json(item) for item in node.value]
    else:
        value = [[node_to_json(k), node_to_json(v)] for k, v in node.value]
    return [type(node).__name__, node.tag, value, node.start_mark.line, node.start_mark.column]


def node_from_json(value: list | None) -> Node | None:
    """The node tree node_to_json stored (marks keep the start line and column only)."""
    if value is None:
        return None
    kind, tag, content, line, column = value
    mark = yaml.Mark("<unicode string>", 0, int(line), int(column), None, None)
    if kind == "ScalarNode" and isinstance(content, str):
        return ScalarNode(str(tag), content, mark, mark)
    if kind == "SequenceNode":
        return SequenceNode(str(tag), [node_from_json(item) for item in content], mark, mark)
    if kind == "MappingNode":
        return MappingNode(str(tag), [(node_from_json(k), node_from_json(v)) for k, v in content],
                           mark, mark)
    raise ValueError(f"not a stored node: {kind!r}")


def kind_of(node: Node) -> str:
    """What a YAML node is, in words."""
    return {MappingNode: "mapping (key: value)", SequenceNode: "list"}.get(type(node), "value")


def display_path(path: Path, root: Path) -> str:
    """A path as shown in problems: relative to the project, POSIX separators, a link shown
    where it is (not where it leads)."""
    return safe_files.shown_path(path, root)
