"""Read one YAML data file safely, keeping the line number of every value.

PyYAML's own loader turns `no` into False, `0123` into 83 and `1988-06-20` into a date,
silently keeps the last of two equal keys and expands aliases. Maintainers write text,
so every scalar is kept as the string they typed (only an empty value or `null`/`~` is
None), and duplicate keys, anchors, aliases and tags are errors.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .errors import DataError, Problem

MAX_BYTES = 2 * 1024 * 1024  # far above any real record file; stops runaway input early

Loc = tuple[str | int, ...]

_NULLS = {"", "~", "null", "Null", "NULL"}


@dataclass
class YamlDocument:
    """The plain data of a file plus where each value and key stands in it."""

    display_path: str
    root: str  # the name paths start with, e.g. "events"
    data: Any
    lines: dict[Loc, int] = field(default_factory=dict)

    def line_of(self, loc: Loc) -> int:
        """Line of the value at `loc`, or of the nearest enclosing value that exists."""
        loc = tuple(loc)
        while loc and loc not in self.lines:
            loc = loc[:-1]
        return self.lines.get(loc, 1)


class _StrictLoader(yaml.SafeLoader):
    """Composes nodes only; refuses anchors, aliases and explicit tags."""

    def compose_node(self, parent: Any, index: Any) -> Any:  # Any: PyYAML's API
        event = self.peek_event()
        line = event.start_mark.line + 1
        if isinstance(event, yaml.AliasEvent):
            raise _Refused(line, f"alias '*{event.anchor}' is not allowed; write the value out in full")
        if getattr(event, "anchor", None):
            raise _Refused(line, f"anchor '&{event.anchor}' is not allowed; write each value out in full")
        if getattr(event, "tag", None) not in (None, "!"):
            tag = event.tag.replace("tag:yaml.org,2002:", "!!")  # show the tag as it was typed
            raise _Refused(line, f"tag '{tag}' is not allowed; write plain values without '!' tags")
        return super().compose_node(parent, index)


class _Refused(Exception):
    def __init__(self, line: int, message: str) -> None:
        self.line = line
        self.message = message


_MISALIGNED = "the indentation does not line up; indent items of one list or mapping equally"


def _friendly_yaml_problem(exc: yaml.MarkedYAMLError, text: str) -> tuple[int, str]:
    """The line to point at and a maintainer's message for a YAML syntax error."""
    problem = (exc.problem or exc.context or "invalid YAML").strip()
    context = exc.context or ""
    line = _mark_line(exc)
    opened = exc.context_mark.line + 1 if exc.context_mark else line
    if "'\\t'" in problem or "\\t" in problem:
        return line, "a tab character is used for indentation; indent with spaces only"
    if context.startswith("while scanning a quoted scalar"):
        return opened, "invalid YAML: the quote opened on this line is never closed; close it where the text ends"
    runaway = _runaway_quote(text, line)
    if runaway:
        return runaway
    if context.startswith("while parsing a flow") and problem.startswith("expected ','"):
        bracket = "{ }" if "mapping" in context else "[ ]"
        return opened, (
            f"invalid YAML: the '{bracket[0]}' on this line is not closed properly; expected '{bracket[2]}' after the "
            f"last value, commas between values, and quotes around text that contains ',' or ':'"
        )
    if context.startswith("while scanning a simple key"):
        return opened, "invalid YAML: this line has no ': ' after its key; write 'key: value' with a space after ':'"
    if context.startswith("expected a single document"):
        return line, "invalid YAML: a second document starts here; expected one list of records, so remove this '---'"
    if problem.endswith("that cannot start any token"):
        char = problem.removeprefix("found character ").split(" ")[0]
        return line, f"invalid YAML: a value cannot start with {char}; put the text in quotes"
    hints = {
        "mapping values are not allowed here": (
            "a ':' appears where YAML does not expect one; check the indentation, "
            "or put text that contains ': ' in quotes"
        ),
        "expected <block end>, but found '<scalar>'": (
            "unexpected text here; check the indentation, and that text after a closing quote is inside the quotes"
        ),
        "expected <block end>, but found": _MISALIGNED,
        "did not find expected key": _MISALIGNED,
        "did not find expected '-' indicator": (
            "the indentation does not line up; start every list item with '- ' at the same column"
        ),
    }
    for key, hint in hints.items():
        if problem.startswith(key):
            return line, f"invalid YAML: {hint}"
    return line, f"invalid YAML: {problem}"


def _runaway_quote(text: str, error_line: int) -> tuple[int, str] | None:
    """A quote left open swallows the following lines up to the next quote mark, and the
    parser only fails there. Find such quoted text ending just before `error_line`."""
    last: yaml.ScalarToken | None = None
    try:
        for token in yaml.scan(text, Loader=yaml.SafeLoader):
            if token.start_mark.line + 1 >= error_line:
                break
            if isinstance(token, yaml.ScalarToken) and token.style in ('"', "'"):
                if token.end_mark.line > token.start_mark.line:
                    last = token
    except yaml.YAMLError:
        pass
    if last is None or last.end_mark.line + 1 < error_line - 1:
        return None
    start, end = last.start_mark.line + 1, last.end_mark.line + 1
    message = f"invalid YAML: the quote opened on this line is only closed on line {end}; close it where the text ends"
    return start, message


def _mark_line(exc: yaml.MarkedYAMLError) -> int:
    mark = exc.problem_mark or exc.context_mark
    return mark.line + 1 if mark else 1


def read_yaml(path: Path, display_path: str, root: str) -> YamlDocument:
    """Parse the file at `path`; raise DataError naming `display_path` on any problem."""

    def fail(line: int, message: str) -> DataError:
        return DataError([Problem(display_path, line, "", message)])

    try:
        raw = path.read_bytes()
    except FileNotFoundError:  # the system's own wording differs from one computer to the next
        raise fail(1, "the file does not exist; expected it next to the other data files") from None
    except OSError as exc:
        raise fail(1, f"cannot read the file ({exc.strerror}); expected a readable YAML file") from None
    if len(raw) > MAX_BYTES:
        raise fail(1, f"the file is too large ({len(raw):,} bytes); expected at most {MAX_BYTES:,} bytes")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise fail(line, "the file is not UTF-8 text; save it with UTF-8 encoding") from None
    if "\x00" in text:
        raise fail(text[: text.index("\x00")].count("\n") + 1, "the file contains a NUL byte; expected plain text")

    node = _fast_compose(text)
    if node is _SLOW:
        node = _strict_compose(text, fail)
    doc = YamlDocument(display_path, root, None)
    if node is None:
        return doc
    problems: list[Problem] = []
    doc.data = _to_python(node, (), doc, problems)
    if problems:
        raise DataError(problems)
    return doc


_SLOW = object()  # _fast_compose's answer when the file needs the pure-Python loader


def _fast_compose(text: str) -> Any:
    """The file's node tree from libyaml (C, about ten times faster), or _SLOW.

    Only well-formed files without anchors, aliases, tags or control characters take this path;
    everything else goes through `_strict_compose`, whose messages maintainers see, so the C
    parser never decides what an error says. tests/test_loader.py checks both agree."""
    if not yaml.__with_libyaml__ or yaml.reader.Reader.NON_PRINTABLE.search(text):
        return _SLOW
    try:
        for event in yaml.parse(text, Loader=yaml.CSafeLoader):
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                return _SLOW
            if getattr(event, "tag", None) not in (None, "!"):
                return _SLOW
        return yaml.compose(text, Loader=yaml.CSafeLoader)
    except yaml.YAMLError:
        return _SLOW


def _strict_compose(text: str, fail: Callable[[int, str], DataError]) -> Any:
    """The file's node tree from PyYAML's pure-Python loader, or the maintainer's message."""
    loader: _StrictLoader | None = None
    try:
        loader = _StrictLoader(text)  # checks every character already
        node = loader.get_single_node()
    except _Refused as exc:
        raise fail(exc.line, exc.message) from None
    except yaml.MarkedYAMLError as exc:
        raise fail(*_friendly_yaml_problem(exc, text)) from None
    except yaml.reader.ReaderError as exc:  # a control character
        line = text[: exc.position].count("\n") + 1
        message = f"the file contains an invisible control character (U+{exc.character:04X}); delete it"
        raise fail(line, message) from None
    except yaml.YAMLError as exc:
        raise fail(1, f"invalid YAML: {exc}") from None
    finally:
        if loader is not None:
            loader.dispose()
    return node


def _to_python(node: yaml.Node, loc: Loc, doc: YamlDocument, problems: list[Problem]) -> Any:
    doc.lines[loc] = node.start_mark.line + 1
    if isinstance(node, yaml.ScalarNode):
        if not node.style and node.value in _NULLS:  # plain style: None in PyYAML, "" in libyaml
            return None
        return node.value
    if isinstance(node, yaml.SequenceNode):
        return [_to_python(item, (*loc, i), doc, problems) for i, item in enumerate(node.value)]
    assert isinstance(node, yaml.MappingNode)
    result: dict[str, Any] = {}
    for key_node, value_node in node.value:
        line = key_node.start_mark.line + 1
        if not isinstance(key_node, yaml.ScalarNode):
            message = "a key must be a plain word; expected 'name: value'"
            problems.append(Problem(doc.display_path, line, format_loc(doc.root, loc), message))
            continue
        key = key_node.value
        if key in result:
            first = doc.lines[(*loc, key)]
            problems.append(
                Problem(
                    doc.display_path,
                    line,
                    format_loc(doc.root, (*loc, key)),
                    f"duplicate key '{key}' (first given on line {first}); expected each key once per record",
                )
            )
            continue
        result[key] = _to_python(value_node, (*loc, key), doc, problems)
        # The key's own line is the best place to point at for its value.
        doc.lines[(*loc, key)] = line
    return result


def format_loc(root: str, loc: Loc) -> str:
    """`events`, (7, 'sectors', 1) -> `events[7].sectors[1]`."""
    return root + "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in loc)
