"""Reading and writing case YAML through libyaml: the fast path beside yamlio's located one.

The fast loader answers only for documents it reads exactly as the round-trip loader of
`yamlio` does (YAML 1.2): any scalar whose meaning differs between YAML 1.1 (libyaml's
resolver) and 1.2, any tag, anchor, alias, directive, duplicate key or exotic line break
makes it decline (None), and the caller takes the slow path, which also places every
problem at its line. A valid file never pays for the slow path. Before libyaml, both ways
try `lineyaml`, which reads and writes the plain block style line by line, faster still.
"""

from __future__ import annotations

import math
import re
from typing import Any

import yaml.cyaml  # type: ignore[import-untyped]  # no stubs; kept out of the dependency list
from yaml.events import (  # type: ignore[import-untyped]
    AliasEvent,
    DocumentEndEvent,
    DocumentStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
    StreamStartEvent,
)

from simulator.authoring.lineyaml import read_block_yaml, write_block_yaml

# libyaml is what makes this fast; PyYAML without it still works, only slower.
_BaseParser: Any = yaml.cyaml.CParser if yaml.__with_libyaml__ else yaml.SafeLoader
_BaseDumper: Any = yaml.cyaml.CEmitter if yaml.__with_libyaml__ else yaml.emitter.Emitter

_AMBIGUOUS = "tag:massage-sim:ambiguous"

# Plain scalars whose meaning is the same in YAML 1.1 and 1.2 and in both libraries.
_CLEAN: list[tuple[str, str, re.Pattern[str]]] = [
    ("tTfF", "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$")),
    ("~nN", "tag:yaml.org,2002:null", re.compile(r"^(?:~|null|Null|NULL)$")),
    ("-+0123456789", "tag:yaml.org,2002:int", re.compile(r"^[-+]?(?:0|[1-9][0-9]*)$")),
    (
        "-+0123456789",
        "tag:yaml.org,2002:float",
        re.compile(r"^[-+]?(?:[0-9]+\.[0-9]*(?:[eE][-+]?[0-9]+)?|[1-9][0-9]*[eE][-+]?[0-9]+)$"),
    ),
]


# Anything else that either YAML version reads as other than text (octal, sexagesimal,
# yes/no/on/off, underscores, timestamps, merge and value keys, .inf/.nan): the slow loader
# decides these. The patterns are the two libraries' own.
def _other_patterns() -> dict[str, list[Any]]:
    from ruamel.yaml.resolver import implicit_resolvers

    table: dict[str, list[Any]] = {}
    for first, entries in yaml.resolver.Resolver.yaml_implicit_resolvers.items():
        table.setdefault(first, []).extend(pattern for _tag, pattern in entries)
    for _versions, _tag, pattern, firsts in implicit_resolvers:
        for first in firsts:  # ruamel compiles lazily, through a slow proxy: compile here
            table.setdefault(first, []).append(re.compile(pattern.pattern, pattern.flags))
    for special in "!&*":  # cannot start a plain scalar; the documentation-only entries
        table.pop(special, None)
    return table


_OTHER = _other_patterns()


# Line breaks YAML 1.1 knows but 1.2 does not: leave them to the slow loader.
_OLD_BREAKS = ("\x85", "\u2028", "\u2029")


def _resolvers() -> dict[Any, list[tuple[str, re.Pattern[str]]]]:
    table: dict[Any, list[tuple[str, re.Pattern[str]]]] = {}
    for firsts, tag, pattern in _CLEAN:
        for first in firsts:
            table.setdefault(first, []).append((tag, pattern))
    for first, patterns in _OTHER.items():
        table.setdefault(first, []).extend((_AMBIGUOUS, pattern) for pattern in patterns)
    table[""] = [("tag:yaml.org,2002:null", re.compile(r"^$"))]
    return table


class _Decline(Exception):
    """The fast loader cannot promise the slow loader's reading of this document."""


_PLAIN = _resolvers()


def _ambiguous(_value: str) -> Any:
    return _DECLINED


_CONVERT: dict[str, Any] = {
    "tag:yaml.org,2002:bool": lambda value: value[0] in "tT",
    "tag:yaml.org,2002:null": lambda _value: None,
    "tag:yaml.org,2002:int": int,
    "tag:yaml.org,2002:float": float,
    _AMBIGUOUS: _ambiguous,
}


def _plain(value: str) -> Any:
    """A plain (unquoted) scalar read as YAML 1.2 reads it (remembered: values repeat)."""
    known = _PLAIN_SEEN.get(value, _UNSEEN)
    if known is _UNSEEN:
        known = value
        for tag, pattern in _PLAIN.get(value[:1], ()):
            if pattern.match(value):
                known = _CONVERT[tag](value)
                if type(known) is int and known.bit_length() > 64:
                    known = _DECLINED  # the slow path says "number too long" at its line
                break
        if len(_PLAIN_SEEN) > 100_000:
            _PLAIN_SEEN.clear()
        _PLAIN_SEEN[value] = known
    if known is _DECLINED:
        raise _Decline
    return known


_UNSEEN = object()
_DECLINED = object()
_PLAIN_SEEN: dict[str, Any] = {}


class _Parser(_BaseParser):  # type: ignore[misc]
    """libyaml's event parser alone: no resolver, no constructor (this module builds the
    data from the events, which is most of the speed)."""


_KEY = object()  # a mapping waiting for its next key


def _build(text: str) -> Any:
    """Plain data from libyaml's events; _Decline for anything the slow loader must read."""
    parser = _Parser(text)
    try:
        root: Any = None
        stack: list[Any] = []  # open containers, innermost last
        keys: list[Any] = []  # per open container: the key awaiting a value, or _KEY
        documents = 0
        while True:
            event = parser.get_event()
            kind = type(event)
            if kind is ScalarEvent:
                if event.anchor is not None or (not event.implicit[0] and not event.implicit[1]):
                    raise _Decline  # an anchor or an explicit tag
                value: Any = _plain(event.value) if event.implicit[0] else event.value
            elif kind is MappingStartEvent or kind is SequenceStartEvent:
                if event.anchor is not None or event.tag is not None:
                    raise _Decline
                value = {} if kind is MappingStartEvent else []
            elif kind is MappingEndEvent or kind is SequenceEndEvent:
                stack.pop()
                keys.pop()
                continue
            elif kind is DocumentStartEvent:
                documents += 1
                if documents > 1 or event.version is not None or event.tags:
                    raise _Decline  # a second document, or a %YAML/%TAG directive
                continue
            elif kind is StreamEndEvent:
                return root
            elif kind is AliasEvent:
                raise _Decline
            else:  # stream start, document end
                continue
            if not stack:
                root = value
            else:
                parent = stack[-1]
                if type(parent) is list:
                    parent.append(value)
                elif keys[-1] is _KEY:
                    if type(value) not in _KEY_TYPES or value in parent:
                        raise _Decline  # a complex or duplicate key: the slow path words it
                    keys[-1] = value
                else:
                    parent[keys[-1]] = value
                    keys[-1] = _KEY
            if kind is not ScalarEvent:
                stack.append(value)
                keys.append(_KEY)
    finally:
        parser.dispose()


_KEY_TYPES = (str, int, float, bool, type(None))


def fast_load(text: str) -> dict[str, Any] | None:
    """The document as plain data when libyaml reads it exactly as the slow loader would
    and its top level is a mapping; None to send it down the slow, located path."""
    data = read_block_yaml(text, _plain)  # the plain block style, line by line: fastest
    if data is not None:  # (it declines YAML 1.1's line breaks too: they are not printable)
        return data
    if any(mark in text for mark in _OLD_BREAKS):
        return None
    try:
        data = _build(text)
    except Exception:  # any failure at all: the slow loader reports it with its position
        return None
    return data if type(data) is dict else None


# Writing --------------------------------------------------------------------------------


def _text_event(value: str) -> Any:
    event = _TEXT_EVENTS.get(value)
    if event is not None:  # events are only read by the emitter: the same one serves again
        return event
    if value.isprintable():
        style = None
    elif value.replace("\n", "").isprintable():
        style = "|"
    else:  # control characters and YAML's other line breaks survive only as escapes
        style = '"'
    try:
        reads_back = type(_plain(value)) is str
    except _Decline:
        reads_back = False
    # (True, True): plain if it reads back as this text; (False, True): it must be quoted
    event = ScalarEvent(None, None, (reads_back, True), value, style=style)
    if len(_TEXT_EVENTS) > 100_000:
        _TEXT_EVENTS.clear()
    _TEXT_EVENTS[value] = event
    return event


_TEXT_EVENTS: dict[str, Any] = {}


def _float_text(value: float) -> str:
    if value != value:
        return ".nan"
    if value in (math.inf, -math.inf):
        return ".inf" if value > 0 else "-.inf"
    text = repr(value).lower()
    if "." not in text and "e" in text:  # 1e-05 is text in YAML 1.1: write 1.0e-05
        text = text.replace("e", ".0e", 1)
    return text


def _scalar_event(value: Any) -> Any:
    """The event of a number, true/false or null (remembered, as text events are)."""
    key = (type(value), value)
    if type(value) is float and value == 0:
        key = (float, repr(value))  # -0.0 equals 0.0 but is written apart
    event = _SCALAR_EVENTS.get(key)
    if event is None:
        if value is None:
            text = "null"
        elif type(value) is bool:
            text = "true" if value else "false"
        elif type(value) is int:
            text = str(value)
        elif type(value) is float:
            text = _float_text(value)
        else:
            raise TypeError(f"cannot write {type(value).__name__} as YAML")
        event = ScalarEvent(None, None, (True, False), text)
        if len(_SCALAR_EVENTS) > 100_000:
            _SCALAR_EVENTS.clear()
        _SCALAR_EVENTS[key] = event
    return event


_SCALAR_EVENTS: dict[tuple[type, Any], Any] = {}


def _number_text(value: Any) -> str:
    text: str = _scalar_event(value).value
    return text


# Start and end events carry no data: the emitter reads them, so one of each serves all.
_BLOCK: dict[type, tuple[Any, Any]] = {
    dict: (MappingStartEvent(None, None, True, flow_style=False), MappingEndEvent()),
    list: (SequenceStartEvent(None, None, True, flow_style=False), SequenceEndEvent()),
}
_EMPTY: dict[type, tuple[Any, Any]] = {
    dict: (MappingStartEvent(None, None, True, flow_style=True), MappingEndEvent()),
    list: (SequenceStartEvent(None, None, True, flow_style=True), SequenceEndEvent()),
}


def _events(value: Any, out: list[Any]) -> None:
    kind: type = list if type(value) is tuple else type(value)
    start, end = (_BLOCK if value else _EMPTY)[kind]
    out.append(start)
    items = value.items() if kind is dict else ((None, item) for item in value)
    for key, item in items:
        if kind is dict:
            out.append(_text_event(key) if type(key) is str else _scalar_event(key))
        if type(item) is str:
            out.append(_TEXT_EVENTS.get(item) or _text_event(item))
        elif type(item) in _CONTAINERS:
            _events(item, out)
        else:
            out.append(_scalar_event(item))
    out.append(end)


_CONTAINERS = (dict, list, tuple)


def fast_dump(data: dict[str, Any]) -> str:
    """Block-style YAML written by libyaml from plain data (dict, list, str, int, float,
    bool, None): fields in order, one line per value, multi-line text as a | block, and
    text that would read back as anything else quoted."""
    if data:  # most documents: the same text, built line by line without libyaml's events
        written = write_block_yaml(data, _plain, _number_text)
        if written is not None:
            return written
    events: list[Any] = [StreamStartEvent(encoding="utf-8"), DocumentStartEvent(explicit=False)]
    _events(data, events)
    events += [DocumentEndEvent(explicit=False), StreamEndEvent()]
    text: str = yaml.emit(events, Dumper=_BaseDumper, allow_unicode=True, width=4096, indent=2)
    return text
