"""One guarded parse for numbers and JSON read from outside data: bounded digits, bounded
nesting, and a one-line error (with the line) instead of ValueError or RecursionError.

Python refuses to convert integers past 4,300 digits (ValueError) and its JSON decoder
recurses once per nesting level (RecursionError). Nothing a user writes needs more than a
few digits or a few levels, so every reader of scripts, transcripts, journals, packs and
sessions parses through here and reports the limit like any other mistake.
"""

from __future__ import annotations

import argparse
import json
import re
from typing import Any

MAX_DIGITS = 20  # a whole number in an action line, a seed, a pressure: far below 4,300
MAX_JSON_DIGITS = 40  # an integer inside JSON
MAX_DEPTH = 32  # JSON nesting; our deepest format (a transcript) needs 5
_ASCII_DIGITS = re.compile(r"[0-9]+")


class InputError(ValueError):
    """Outside data we will not parse; `line` and `column` are 1-based (0 when unknown)."""

    def __init__(self, message: str, line: int = 0, column: int = 0) -> None:
        self.message = message
        self.line = line
        self.column = column
        super().__init__(message)

    def where(self, source: str) -> str:
        """`source:line:column` (as much of it as is known)."""
        out = source
        if self.line:
            out += f":{self.line}"
            if self.column:
                out += f":{self.column}"
        return out


def whole_number(text: str, max_digits: int = MAX_DIGITS) -> int | None:
    """`text` as a whole number when it is plain ASCII digits of sane length, else None.

    str.isdigit accepts characters int() refuses (superscripts) and any length; this does not.
    """
    if len(text) > max_digits or not _ASCII_DIGITS.fullmatch(text):
        return None
    return int(text)


def seed_argument(text: str) -> int:
    """argparse type of --seed and friends: a whole number from 0, as a one-line usage error."""
    number = whole_number(text.strip())
    if number is None:
        raise argparse.ArgumentTypeError(
            f"{text[:30]!r} is not a seed: use a whole number from 0 (at most {MAX_DIGITS} digits)"
        )
    return number


class _TooLong(Exception):
    def __init__(self, digits: str) -> None:
        self.digits = digits


def _bounded_int(text: str) -> int:
    if len(text.lstrip("-")) > MAX_JSON_DIGITS:
        raise _TooLong(text)
    return int(text)


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON number")


def _position(text: str, index: int) -> tuple[int, int]:
    line = text.count("\n", 0, index) + 1
    return line, index - (text.rfind("\n", 0, index) + 1) + 1


def _too_deep_at(text: str, limit: int) -> int:
    """The index where nesting first passes `limit` (outside strings), or -1."""
    depth = 0
    in_string = escaped = False
    for index, char in enumerate(text):
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            if depth > limit:
                return index
        elif char in "]}":
            depth -= 1
    return -1


def _depth_exceeds(value: Any, limit: int) -> bool:
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        node, depth = stack.pop()
        if isinstance(node, dict):
            children: Any = node.values()
        elif isinstance(node, list):
            children = node
        else:
            continue
        if depth > limit:
            return True
        stack.extend((child, depth + 1) for child in children)
    return False


_DECODER = json.JSONDecoder(parse_int=_bounded_int, parse_constant=_no_constant)


def loads(text: str, max_depth: int = MAX_DEPTH) -> Any:
    """JSON `text` as Python data; InputError (with line and column) for anything else."""
    return decode_at(text, 0, max_depth, whole=True)[0]


def decode_at(
    text: str, index: int, max_depth: int = MAX_DEPTH, whole: bool = False
) -> tuple[Any, int]:
    """The JSON value starting at `index` of `text` (after whitespace) and where it ends;
    with `whole`, nothing but whitespace may follow. InputError (file line and column)."""
    try:
        if whole:
            value, end = _DECODER.decode(text[index:]), len(text)
        else:
            value, end = _DECODER.raw_decode(text, index)
    except json.JSONDecodeError as error:
        raise InputError(f"invalid JSON: {error.msg}", error.lineno, error.colno) from None
    except _TooLong as error:
        index = text.find(error.digits)
        line, column = _position(text, max(index, 0))
        message = f"number too long (over {MAX_JSON_DIGITS} digits)"
        raise InputError(message, line, column) from None
    except RecursionError:
        index = _too_deep_at(text, max_depth)
        line, column = _position(text, max(index, 0))
        raise InputError(f"JSON nested too deep (over {max_depth} levels)", line, column) from None
    except ValueError as error:  # NaN / Infinity, or a value Python refuses
        raise InputError(f"invalid JSON: {error}") from None
    opened = text.count("[", index, end) + text.count("{", index, end)
    if opened > max_depth and _depth_exceeds(value, max_depth):  # the count is cheap, the walk not
        index = _too_deep_at(text, max_depth)
        line, column = _position(text, max(index, 0))
        raise InputError(f"JSON nested too deep (over {max_depth} levels)", line, column)
    return value, end
