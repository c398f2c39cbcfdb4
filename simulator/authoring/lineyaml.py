"""The quickest reading of case YAML: line by line, for the plain block style `fast_dump`
writes (and most hand-written files keep to).

It accepts only lines whose meaning it is sure of: `key: value` and `- item` rows indented
with spaces, plain scalars without `#` or `: `, one-line single-quoted text, `{}`, `[]` and
`|` / `|-` blocks. Anything else (flow collections, double quotes, anchors, tags,
multi-line scalars, tabs, odd characters) makes it decline (None), and `fastyaml` reads the
document through libyaml, which is about four times slower (one Python event per scalar).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

# Keys the reader accepts: identifiers (a quoted, numeric or multi-word key declines).
_KEY = re.compile(r"([A-Za-z_][A-Za-z0-9_]*):(?: +(.*))?$")
# A plain scalar: no indicator first, no comment anywhere (`: ` and a final `:` are
# checked apart).
_PLAIN = re.compile(r"[^\s\-?:,\[\]{}#&*!|>'\"%@`][^#]*|-[^\s#][^#]*")
_QUOTED = re.compile(r"(?:[^']|'')*")


class _Decline(Exception):
    pass


def read_block_yaml(text: str, plain: Callable[[str], Any]) -> dict[str, Any] | None:
    """The document as plain data, or None when any line is outside the accepted style.
    `plain` types a plain scalar as YAML 1.2 does (raising for what it cannot promise)."""
    # Python's printable characters are all ones YAML prints too; tabs, carriage returns,
    # other spaces, control and format characters are not printable (they decline)
    if not text.endswith("\n") or not text.replace("\n", "").isprintable():
        return None
    reader = _Reader(text.split("\n")[:-1], plain)
    try:
        first = reader.row()
        if first is None or first[0] != 0:
            return None
        data = reader.mapping(0)
        if reader.row() is not None:
            return None
    except Exception:  # _Decline, or `plain` declining a scalar
        return None
    return data


_TYPED: dict[str, Any] = {}  # plain scalar -> its value (values repeat across files)


class _Reader:
    def __init__(self, lines: list[str], plain: Callable[[str], Any]) -> None:
        self.lines = lines
        self.texts = [line.lstrip(" ") for line in lines]
        self.plain = plain
        self.i = 0

    def typed(self, text: str) -> Any:
        value = _TYPED.get(text, _TYPED)
        if value is _TYPED:
            value = self.plain(text)
            if len(_TYPED) > 100_000:
                _TYPED.clear()
            _TYPED[text] = value
        return value

    def row(self) -> tuple[int, str] | None:
        """(indent, text) of the next line with content, skipping comments and blank lines."""
        texts = self.texts
        i = self.i
        while i < len(texts):
            content = texts[i]
            if not content:
                if self.lines[i]:
                    raise _Decline  # spaces alone
            elif content[0] != "#":
                self.i = i
                return len(self.lines[i]) - len(content), content
            i += 1
        self.i = i
        return None

    def node(self, parent: int) -> Any:
        """The block collection on the next row, which must be indented past `parent`."""
        row = self.row()
        if row is None or row[0] <= parent:
            raise _Decline
        indent, content = row
        if content.startswith("- "):
            return self.sequence(indent, indentless=False)
        return self.mapping(indent)

    def mapping(self, indent: int) -> dict[str, Any]:
        out: dict[str, Any] = {}
        while True:
            row = self.row()
            if row is None or row[0] < indent:
                return out
            if row[0] > indent:
                raise _Decline
            match = _KEY.match(row[1])
            if match is None:
                raise _Decline
            key = self.typed(match[1])
            if type(key) is not str or key in out:
                raise _Decline
            self.i += 1
            rest = match[2]
            if rest:
                out[key] = self.scalar(rest, indent)
                continue
            after = self.row()
            if after is not None and after[0] == indent and after[1].startswith("- "):
                out[key] = self.sequence(indent, indentless=True)
            elif after is not None and after[0] > indent:
                out[key] = self.node(indent)
            else:
                out[key] = None

    def sequence(self, indent: int, *, indentless: bool) -> list[Any]:
        out: list[Any] = []
        while True:
            row = self.row()
            if row is None or row[0] < indent:
                return out
            if row[0] > indent:
                raise _Decline
            if not row[1].startswith("- "):
                if indentless:  # the parent mapping's next key
                    return out
                raise _Decline
            rest = row[1][2:]
            item = rest.lstrip(" ")
            if not item or item[0] == "#":
                raise _Decline
            at = indent + 2 + len(rest) - len(item)
            if item.startswith("- ") or _KEY.match(item):
                # the item's collection starts on this line: read it as if it began a line
                self.lines[self.i] = " " * at + item
                self.texts[self.i] = item
                out.append(self.node(indent))
            else:
                self.i += 1
                out.append(self.scalar(item, at))

    def scalar(self, text: str, indent: int) -> Any:
        text = text.rstrip(" ")
        first = text[0]
        if first == "'":
            inner = text[1:-1]
            if len(text) < 2 or text[-1] != "'" or not _QUOTED.fullmatch(inner):
                raise _Decline
            return inner.replace("''", "'")
        if first == "|":
            return self.literal(text, indent)
        if text == "{}":
            return {}
        if text == "[]":
            return []
        if not _PLAIN.fullmatch(text) or ": " in text or text[-1] == ":":
            raise _Decline
        return self.typed(text)

    def literal(self, header: str, indent: int) -> str:
        """A `|` (keep one final line break) or `|-` (none) block under a row at `indent`."""
        if header not in ("|", "|-"):
            raise _Decline
        lines = self.lines
        if self.i >= len(lines):
            raise _Decline
        first = lines[self.i]
        body = first.lstrip(" ")
        width = len(first) - len(body)
        if not body or width <= indent:
            raise _Decline
        prefix = " " * width
        parts: list[str] = []
        while self.i < len(lines):
            line = lines[self.i]
            if line.startswith(prefix):
                if not line.strip(" "):
                    raise _Decline  # spaces alone: chomping rules we do not follow here
                parts.append(line[width:])
            elif line:
                if not line.strip(" "):
                    raise _Decline
                break
            else:
                parts.append("")
            self.i += 1
        while parts and not parts[-1]:
            parts.pop()
        value = "\n".join(parts)
        return value + "\n" if header == "|" else value
