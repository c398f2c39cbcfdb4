"""Reading YAML with line and column for every key and item, and writing it back readably."""

from __future__ import annotations

import codecs
import re
import warnings
from collections.abc import Hashable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq, TaggedScalar
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.reader import ReaderError

from simulator.authoring.fastyaml import fast_dump
from simulator.authoring.problems import AuthoringError, Problem
from simulator.errors import unreadable
from simulator.guard import MAX_DEPTH, MAX_DIGITS

PathKey = tuple[Hashable, ...]
Position = tuple[int, int]

# Aliases can multiply a small file into a huge tree ("billion laughs"); no case needs this many.
MAX_NODES = 50_000
_MAX_BITS = 64  # ints in a case or blueprint are small; str() of a huge one raises ValueError


@dataclass
class SourceMap:
    """Where each key (by its path of keys and item indices) sits in the file, 1-based."""

    file: str
    root: Position = (1, 1)
    positions: dict[PathKey, Position] = field(default_factory=dict)

    def locate(self, path: PathKey) -> Position:
        """The position of `path`, or of its nearest parent that is in the file."""
        for end in range(len(path), 0, -1):
            found = self.positions.get(tuple(path[:end]))
            if found is not None:
                return found
        return self.root

    def problem(self, path: PathKey, field_path: str, message: str) -> Problem:
        line, column = self.locate(path)
        return Problem(self.file, line, column, field_path, message)


def read_text(path: Path) -> str:
    """The file's text; every way of failing to read it is a one-line Problem."""
    file = str(path)
    try:
        # unbuffered: a buffered reader asks whether the file is a terminal and where it
        # stands, two system calls a file that reading it whole never needs
        with open(path, "rb", buffering=0) as handle:
            raw = handle.readall()
    except FileNotFoundError:  # the authoring tools' own words, older than errors.py
        raise AuthoringError([Problem(file, 1, 1, "file", "file not found")]) from None
    except OSError as exc:
        raise AuthoringError([Problem(file, 1, 1, "file", unreadable(exc))]) from None
    try:
        # utf-8-sig's decoder is Python code: C's utf-8 with the BOM dropped is the same text
        return raw.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        # the position in the file's bytes; a BOM is not a column an editor shows
        line_start = max(raw.rfind(b"\n", 0, exc.start) + 1, _bom(raw))
        line = raw.count(b"\n", 0, exc.start) + 1
        column = exc.start - line_start + 1
        message = f"not UTF-8 text (byte 0x{raw[exc.start]:02x}); save the file as UTF-8"
        raise AuthoringError([Problem(file, line, column, "file", message)]) from None


def _bom(raw: bytes) -> int:
    """The length of a UTF-8 byte-order mark at the start of the file (0 without one)."""
    return len(codecs.BOM_UTF8) if raw.startswith(codecs.BOM_UTF8) else 0


def parse_text(text: str, file: str) -> tuple[dict[str, Any], SourceMap]:
    """Plain data (dict, list, str, int, float, bool, None) and where each key came from."""
    for directive in _YAML_DIRECTIVE.finditer(text):  # ruamel asserts on any but 1.1 and 1.2
        if directive.group(1) not in ("1.1", "1.2"):
            line = text.count("\n", 0, directive.start()) + 1
            message = f"YAML version {directive.group(1)[:20]!r} is not supported: use 1.2"
            raise AuthoringError([Problem(file, line, 1, "yaml", message)])
    deep = _DEEP_FLOW.search(text)
    if deep is not None:  # the parser recurses per level: refuse before it spends seconds
        line = text.count("\n", 0, deep.start()) + 1
        column = deep.start() - (text.rfind("\n", 0, deep.start()) + 1) + 1
        message = f"nested too deep (over {MAX_DEPTH} levels of [ or {{)"
        raise AuthoringError([Problem(file, line, column, "yaml", message)])
    loader = YAML(typ="rt")
    try:
        with warnings.catch_warnings():  # a reused anchor is legal YAML: no noise on stderr
            warnings.simplefilter("ignore")
            tree = loader.load(text)
    except MarkedYAMLError as exc:
        raise AuthoringError([_syntax_problem(exc, file)]) from None
    except ReaderError as exc:
        line = text.count("\n", 0, exc.position) + 1
        column = exc.position - (text.rfind("\n", 0, exc.position) + 1) + 1
        message = f"character {exc.character!r} is not allowed in YAML"
        raise AuthoringError([Problem(file, line, column, "yaml", message)]) from None
    except ValueError as exc:
        raise AuthoringError([_value_problem(exc, text, file)]) from None
    except (YAMLError, RecursionError, TypeError, AttributeError, KeyError, AssertionError) as exc:
        # ruamel.yaml occasionally fails on hostile input without a marked error; the
        # author still gets one line, never a traceback.
        message = _one_line(f"cannot parse YAML: {type(exc).__name__}: {exc}")
        raise AuthoringError([Problem(file, 1, 1, "yaml", message)]) from None
    if tree is None:
        message = "empty file: expected a case or blueprint (a mapping of fields)"
        raise AuthoringError([Problem(file, 1, 1, "yaml", message)])
    if not isinstance(tree, CommentedMap):
        line, column = _node_position(tree)
        message = f"the top level must be a mapping of fields, not {_kind(tree)}"
        raise AuthoringError([Problem(file, line, column, "yaml", message)])
    source_map = SourceMap(file, _node_position(tree))
    converter = _Converter(source_map)
    data = converter.convert(tree, ())
    if converter.problems:
        raise AuthoringError(converter.problems)
    return data, source_map


def load_yaml(path: Path) -> tuple[dict[str, Any], SourceMap]:
    """Read `path` with the round-trip loader: (plain data, the line/column of every key)."""
    return parse_text(read_text(path), str(path))


_YAML_DIRECTIVE = re.compile(r"^%YAML[ \t]+(\S*)", re.MULTILINE)
_DEEP_FLOW = re.compile(rf"(?:[\[{{]\s*){{{MAX_DEPTH},}}")
_LONG_NUMBER = re.compile(rf"[-+]?[0-9][0-9_]{{{MAX_DIGITS},}}")


def _value_problem(exc: ValueError, text: str, file: str) -> Problem:
    """A value the loader could not convert: Python's 4,300-digit limit on integers, most
    often; point at the first overlong number."""
    found = _LONG_NUMBER.search(text)
    if found is not None:
        line = text.count("\n", 0, found.start()) + 1
        column = found.start() - (text.rfind("\n", 0, found.start()) + 1) + 1
        return Problem(file, line, column, "yaml", f"number too long (over {MAX_DIGITS} digits)")
    message = _one_line(f"cannot parse YAML: {type(exc).__name__}: {exc}")
    return Problem(file, 1, 1, "yaml", message)


def _syntax_problem(exc: MarkedYAMLError, file: str) -> Problem:
    mark = exc.problem_mark or exc.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
    problem = exc.problem or exc.context or type(exc).__name__
    message = str(problem)
    if exc.context and exc.problem and exc.context_mark is not None:
        where = f"line {exc.context_mark.line + 1}, column {exc.context_mark.column + 1}"
        message = f"{problem} ({exc.context} at {where})"
    return Problem(file, line, column, "yaml", _one_line(message))


def _one_line(text: str, limit: int = 300) -> str:
    """One short line: ruamel quotes whole values (a duplicate key's can be megabytes)."""
    line = " ".join(text.split())
    return line if len(line) <= limit else line[: limit - 3] + "..."


def _node_position(node: Any) -> Position:
    lc = getattr(node, "lc", None)
    if lc is None or lc.line is None:
        return (1, 1)
    return (int(lc.line) + 1, int(lc.col) + 1)


def _kind(value: Any) -> str:
    if isinstance(value, list | tuple):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, str):
        return "text"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return "a number"
    return f"a {type(value).__name__}"


class _Converter:
    """ruamel's round-trip tree to plain Python data, recording each key's position."""

    def __init__(self, source_map: SourceMap) -> None:
        self.source_map = source_map
        self.problems: list[Problem] = []
        self.nodes = 0
        self.active: set[int] = set()

    def convert(self, node: Any, path: PathKey) -> Any:
        self.nodes += 1
        if self.nodes > MAX_NODES:
            if self.nodes == MAX_NODES + 1:
                message = f"document too large (over {MAX_NODES} values once aliases expand)"
                self._problem(path, message)
            return None
        if isinstance(node, CommentedMap | CommentedSeq):
            if id(node) in self.active:
                self._problem(path, "an alias refers to a mapping or list that contains it")
                return None
            self.active.add(id(node))
            try:
                if isinstance(node, CommentedMap):
                    return self._mapping(node, path)
                return self._sequence(node, path)
            finally:
                self.active.discard(id(node))
        return self._scalar(node, path)

    def _mapping(self, node: CommentedMap, path: PathKey) -> dict[Any, Any]:
        out: dict[Any, Any] = {}
        for raw_key in node:
            key = self._key(raw_key, path)
            child = (*path, key)
            position = (node.lc.data or {}).get(raw_key)  # none for a !!omap
            if position is not None:
                where = (position[0] + 1, position[1] + 1)
                self.source_map.positions[child] = where
                if not isinstance(key, str):
                    # pydantic names a non-text key by its str() in an error's loc
                    self.source_map.positions.setdefault((*path, str(key)), where)
            out[key] = self.convert(node[raw_key], child)
        return out

    def _sequence(self, node: CommentedSeq, path: PathKey) -> list[Any]:
        out: list[Any] = []
        for index, item in enumerate(node):
            child = (*path, index)
            position = (node.lc.data or {}).get(index)
            if position is not None:
                self.source_map.positions[child] = (position[0] + 1, position[1] + 1)
            out.append(self.convert(item, child))
        return out

    def _key(self, raw_key: Any, path: PathKey) -> Hashable:
        if raw_key is None or isinstance(raw_key, bool):
            return raw_key
        if isinstance(raw_key, str):
            return str(raw_key)
        if isinstance(raw_key, int):
            return int(raw_key)
        if isinstance(raw_key, float):
            return float(raw_key)
        self._problem(path, f"a mapping key must be a plain name, not {_kind(raw_key)}")
        return str(raw_key)

    def _scalar(self, node: Any, path: PathKey) -> Any:
        if node is None or isinstance(node, bool):
            return node
        if isinstance(node, str):
            return str(node)
        if isinstance(node, int):
            if abs(node).bit_length() > _MAX_BITS:  # 0x... or 0o... past any field's range
                self._problem(path, f"number too long (over {MAX_DIGITS} digits)")
                return None
            return int(node)
        if isinstance(node, float):
            return float(node)
        if isinstance(node, TaggedScalar):
            self._problem(path, f"YAML tag {node.tag.value!r} is not supported here")
            return None
        if isinstance(node, date):
            # Left as a date so validation says "expected text/number, got 2024-01-01".
            return node
        self._problem(path, f"unsupported YAML value ({_kind(node)})")
        return None

    def _problem(self, path: PathKey, message: str) -> None:
        self.problems.append(self.source_map.problem(path, field_path(path), message))


def field_path(path: PathKey, kind: str = "document") -> str:
    """`hidden.trigger_points[0].region`; keys that are not names are made into names."""
    out = ""
    for part in path:
        if isinstance(part, int) and not isinstance(part, bool):
            out += f"[{part}]"
            continue
        name = re.sub(r"\W", "_", str(part)) or "_"
        out += f".{name}" if out else name
    return out or kind


# Writing --------------------------------------------------------------------------------


def dump_yaml(data: dict[str, Any], header: str) -> str:
    """Block-style YAML with the fields in order and multi-line text as literal blocks,
    written by libyaml (see fastyaml); `parse_text` reads it back equal."""
    return header + fast_dump(data)
