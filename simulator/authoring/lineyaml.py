"""The quickest reading and writing of case YAML: line by line, for the plain block style
`fast_dump` writes (and most hand-written files keep to).

Reading accepts only lines whose meaning it is sure of: `key: value` and `- item` rows indented
with spaces, plain scalars without `#` or `: `, one-line single-quoted text, `{}`, `[]` and
`|` / `|-` blocks. Anything else (flow collections, double quotes, anchors, tags,
multi-line scalars, tabs, odd characters) makes it decline (None), and `fastyaml` reads the
document through libyaml, which is about four times slower (one Python event per scalar).
Writing builds the text libyaml would write, byte for byte, and declines (None) any value
whose spelling it is not sure of; libyaml then writes the document.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any, TypeVar

# A plain scalar: no indicator first, no comment anywhere (`: ` and a final `:` are
# checked apart).
_PLAIN = re.compile(r"[^\s\-?:,\[\]{}#&*!|>'\"%@`][^#]*|-[^\s#][^#]*")
_QUOTED = re.compile(r"(?:[^']|'')*")


class _Decline(Exception):
    pass


K = TypeVar("K")
V = TypeVar("V")


def read_block_yaml(text: str, plain: Callable[[str], Any]) -> dict[str, Any] | None:
    """The document as plain data, or None when any line is outside the accepted style.
    `plain` types a plain scalar as YAML 1.2 does (raising for what it cannot promise)."""
    # Python's printable characters are all ones YAML prints too; tabs, carriage returns,
    # other spaces, control and format characters are not printable (they decline)
    if not text.endswith("\n") or not _printable(text):
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


# The printable ASCII characters (" " to "~") and the line break.
_PRINTABLE_ASCII = bytes(range(0x20, 0x7F)) + b"\n"


def _printable(text: str) -> bool:
    """`text.replace("\n", "").isprintable()`; for ASCII text (most files) one pass of
    bytes.translate that deletes the printable characters, about six times quicker."""
    if text.isascii():
        return not text.encode("ascii").translate(None, _PRINTABLE_ASCII)
    return text.replace("\n", "").isprintable()


# What the reader has read before, by spelling (files repeat most of their lines, keys and
# values): keys, one-line scalars, and `key: ...` lines as (indent, key, value, the value's
# text), the value _OPEN when it is read afresh each time (a collection or a | block).
# _DECLINED marks a spelling outside the accepted style.
_KEYS: dict[str, Any] = {}
_SCALARS: dict[str, Any] = {}
_LINES: dict[str, tuple[int, str, Any, str]] = {}
_DECLINED = object()
_OPEN = object()


def _key_split(content: str) -> tuple[str, str] | None:
    """(key, the value's text or "") when the row is `identifier:` alone or followed by
    spaces: a quoted, numeric or multi-word key is not one the reader accepts."""
    colon = content.find(":")
    rest = content[colon + 1 :]
    if colon <= 0 or (rest and rest[0] != " "):
        return None
    name = content[:colon]
    if not (name.isascii() and name.isidentifier()):  # [A-Za-z_][A-Za-z0-9_]*
        return None
    return name, rest.lstrip(" ")


class _Reader:
    def __init__(self, lines: list[str], plain: Callable[[str], Any]) -> None:
        self.lines = lines
        self.plain = plain
        self.i = 0

    def row(self) -> tuple[int, str] | None:
        """(indent, text) of the next line with content, skipping comments and blank lines."""
        lines = self.lines
        i = self.i
        while i < len(lines):
            line = lines[i]
            content = line.lstrip(" ")
            if not content:
                if line:
                    raise _Decline  # spaces alone
            elif content[0] != "#":
                self.i = i
                return len(line) - len(content), content
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
        lines = self.lines
        count = len(lines)
        known_lines = _LINES
        i = self.i
        while True:
            # most lines were read before (in this file or another): straight from the cache
            known = known_lines.get(lines[i]) if i < count else None
            if known is None:
                self.i = i
                row = self.row()  # past comments and blank lines
                if row is None or row[0] < indent:
                    return out
                if row[0] > indent:
                    raise _Decline
                i = self.i
                known = self.learn(lines[i], row[1], indent)
            at, key, value, rest = known
            if at != indent:
                if at < indent:  # the parent's next row
                    self.i = i
                    return out
                raise _Decline
            if key in out:
                raise _Decline
            i += 1
            if value is _OPEN:
                self.i = i
                value = self.opened(rest, indent)
                i = self.i
            out[key] = value

    def learn(self, line: str, content: str, indent: int) -> tuple[int, str, Any, str]:
        """What the `key: ...` row `line` holds, remembered for the next file."""
        split = _key_split(content)
        if split is None:
            raise _Decline
        name, rest = split
        key = _KEYS.get(name)
        if key is None:
            try:
                key = name if type(self.plain(name)) is str else _DECLINED
            except Exception:  # `plain` declined it
                key = _DECLINED
            _remember(_KEYS, name, key)
        if key is _DECLINED:
            raise _Decline  # true, null, yes...: the slow path words what it means
        text = rest.rstrip(" ")
        if not text or text[0] == "|" or text in ("{}", "[]"):
            return _remember(_LINES, line, (indent, name, _OPEN, text))
        return _remember(_LINES, line, (indent, name, self.one_line(text), text))

    def opened(self, text: str, indent: int) -> Any:
        """The value of a `key:` row alone (the collection on the rows below it, or null),
        or of `key: {}`, `key: []` or `key: |`."""
        if text:
            return self.scalar(text, indent)
        lines = self.lines
        known = _LINES.get(lines[self.i]) if self.i < len(lines) else None
        if known is not None:  # a `key: ...` line read before: a mapping if indented further
            return self.mapping(known[0]) if known[0] > indent else None
        after = self.row()
        if after is not None and after[0] == indent and after[1].startswith("- "):
            return self.sequence(indent, indentless=True)
        if after is not None and after[0] > indent:
            return self.node(indent)
        return None

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
            if item.startswith("- ") or _key_split(item) is not None:
                # the item's collection starts on this line: read it as if it began a line
                self.lines[self.i] = " " * at + item
                out.append(self.node(indent))
            else:
                self.i += 1
                out.append(self.scalar(item, at))

    def scalar(self, text: str, indent: int) -> Any:
        text = text.rstrip(" ")
        if text[0] == "|":
            return self.literal(text, indent)
        if text == "{}":  # a new container each time: never shared between documents
            return {}
        if text == "[]":
            return []
        return self.one_line(text)

    def one_line(self, text: str) -> Any:
        """A single-quoted or plain scalar's value (remembered: values repeat)."""
        value = _SCALARS.get(text, _SCALARS)
        if value is _SCALARS:
            value = _remember(_SCALARS, text, self.read_one_line(text))
        if value is _DECLINED:
            raise _Decline
        return value

    def read_one_line(self, text: str) -> Any:
        if text[0] == "'":
            inner = text[1:-1]
            if len(text) < 2 or text[-1] != "'" or not _QUOTED.fullmatch(inner):
                return _DECLINED
            return inner.replace("''", "'")
        if not _PLAIN.fullmatch(text) or ": " in text or text[-1] == ":":
            return _DECLINED
        try:
            return self.plain(text)
        except Exception:  # `plain` declined it
            return _DECLINED

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


# Writing --------------------------------------------------------------------------------

_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,99}")
_FIRST = frozenset("#,[]{}&*!|>'\"%@`")


class _Unsure(Exception):
    pass


def write_block_yaml(
    data: dict[str, Any], plain: Callable[[str], Any], number: Callable[[Any], str]
) -> str | None:
    """The text libyaml writes for `data` (block style, indent 2, unicode, width 4096, as
    `fastyaml.fast_dump` asks of it), built here line by line; None for any value whose
    spelling this is not sure of (multi-line or very long text, odd keys): the caller then
    has libyaml write it. `number` spells a number, true/false or null as fast_dump does."""
    out: list[str] = []
    try:
        _write_mapping(data, "", out, plain, number)
    except _Unsure:
        return None
    return "".join(out)


def _write_mapping(
    data: dict[Any, Any], pad: str, out: list[str], plain: Callable[[str], Any], number: Any
) -> None:
    for key, value in data.items():
        if key not in _KEYS_OK:
            if type(key) is not str or not _IDENTIFIER.fullmatch(key) or _reads(key, plain) != key:
                raise _Unsure
            _remember(_KEYS_OK, key, True)
        out.append(f"{pad}{key}:")
        _write_value(value, pad, out, plain, number, in_mapping=True)


def _write_value(
    value: Any,
    pad: str,
    out: list[str],
    plain: Callable[[str], Any],
    number: Any,
    *,
    in_mapping: bool,
) -> None:
    """After `key:` or `-` on the current line: the value, and any lines it needs."""
    kind = type(value)
    if kind is str:
        spelled = _SPELLED.get(value)
        if spelled is None:
            spelled = _remember(_SPELLED, value, f" {_spelling(value, plain)}\n")
        out.append(spelled)
    elif kind is dict or kind is list or kind is tuple:
        if not value:
            out.append(" {}\n" if kind is dict else " []\n")
        elif kind is dict:
            if in_mapping:
                out.append("\n")
                _write_mapping(value, pad + "  ", out, plain, number)
            else:  # `- key: value`, the rest of the mapping under the first key
                _inline(lambda lines: _write_mapping(value, pad + "  ", lines, plain, number), out)
        elif in_mapping:  # a list under a key is not indented further (libyaml's way)
            out.append("\n")
            _write_sequence(value, pad, out, plain, number)
        else:
            _inline(lambda lines: _write_sequence(value, pad + "  ", lines, plain, number), out)
    else:
        key = (kind, value) if kind is not float or value != 0 else (kind, repr(value))
        spelled = _NUMBERS.get(key)
        if spelled is None:
            spelled = _remember(_NUMBERS, key, f" {number(value)}\n")
        out.append(spelled)


def _inline(write: Callable[[list[str]], None], out: list[str]) -> None:
    """A collection that starts on the `- ` line: its first line's indent becomes the dash."""
    lines: list[str] = []
    write(lines)
    out.append(" " + lines[0].lstrip(" "))
    out.extend(lines[1:])


def _write_sequence(
    items: Any, pad: str, out: list[str], plain: Callable[[str], Any], number: Any
) -> None:
    for item in items:
        out.append(f"{pad}-")
        _write_value(item, pad, out, plain, number, in_mapping=False)


# Keys, texts and numbers repeat from file to file: each is checked and spelled once.
_KEYS_OK: dict[str, bool] = {}
_SPELLED: dict[str, str] = {}
_NUMBERS: dict[tuple[type, Any], str] = {}


def _remember(cache: dict[K, V], key: K, value: V) -> V:
    if len(cache) > 100_000:
        cache.clear()
    cache[key] = value
    return value


def _reads(text: str, plain: Callable[[str], Any]) -> Any:
    try:
        return plain(text)
    except Exception:  # declined: not plain text
        return None


def _spelling(text: str, plain: Callable[[str], Any]) -> str:
    """Text as libyaml writes a block value: plain when that reads back as this text and
    libyaml allows it, else single-quoted."""
    if "\n" in text or len(text) > 2000 or not text.isprintable():
        raise _Unsure  # a | block, an escape, or a line long enough to fold
    if not text.isascii() and max(text) > "\uffff":
        raise _Unsure  # libyaml escapes characters beyond the BMP
    if (
        text
        and text[0] not in _FIRST
        and text[0] != " "
        and text[-1] != " "
        and text[-1] != ":"
        and not (text[0] in "-?:" and (len(text) == 1 or text[1] == " "))
        and not text.startswith(("---", "..."))
        and ": " not in text
        and " #" not in text
        and type(_reads(text, plain)) is str
    ):
        return text
    return "'" + text.replace("'", "''") + "'"
