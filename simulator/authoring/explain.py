"""Pydantic validation errors turned into one helpful line each, at the bad key's position."""

from __future__ import annotations

import difflib
import re
import types
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import Enum
from typing import Any, Union, get_args, get_origin

import annotated_types
from pydantic import BaseModel
from pydantic.fields import FieldInfo
from pydantic_core import ErrorDetails

from simulator.authoring.problems import Problem
from simulator.authoring.yamlio import PathKey, SourceMap, field_path

# Errors that mean "this value has the wrong type" rather than "this value is wrong".
TYPE_ERRORS = frozenset(
    {
        "bool_parsing",
        "bool_type",
        "dict_type",
        "float_parsing",
        "float_type",
        "int_from_float",
        "int_parsing",
        "int_type",
        "list_type",
        "model_attributes_type",
        "model_type",
        "string_type",
        "tuple_type",
    }
)
_PREFIXED = re.compile(r"^([A-Za-z_]\w*(?:\.\w+)*): (.+)$", re.DOTALL)
_CHOICES = re.compile(r"^\^\(([\w|]+)\)\$$")
_ID_PATTERN = r"^[a-z0-9][a-z0-9_\-]*$"


@dataclass
class UnionPoint:
    """Where the expected type was a union: pydantic reports one error per member."""

    path: PathKey
    members: tuple[Any, ...]
    member: Any
    node: Any


@dataclass
class Located:
    """What an error's `loc` means: the data path, the type expected there and its field."""

    path: PathKey
    annotation: Any = None
    info: FieldInfo | None = None
    owner: type[BaseModel] | None = None
    unions: list[UnionPoint] = field(default_factory=list)
    label: str | None = None  # the field's name in messages, when not the path's last name


def explain(
    model: type[BaseModel],
    errors: Iterable[ErrorDetails],
    data: Any,
    source_map: SourceMap,
    kind: str,
) -> list[Problem]:
    """One Problem per distinct error; a union's alternatives collapse into one line."""
    problems: list[Problem] = []
    for error in errors:
        loc, message = split_prefix(error)
        where = locate(model, loc, data)
        path, text = _explain_one(error, where, message)
        if text is None:
            continue
        problems.append(source_map.problem(path, field_path(path, kind), text))
    return unique_sorted(problems)


def unique_sorted(problems: Iterable[Problem]) -> list[Problem]:
    seen: dict[tuple[str, str, str], Problem] = {}
    for problem in problems:
        seen.setdefault((problem.file, problem.field, problem.message), problem)
    return sorted(seen.values(), key=lambda p: (p.file, p.line, p.column, p.field))


def split_prefix(error: ErrorDetails) -> tuple[tuple[Hashable, ...], str | None]:
    """A model validator's "field.path: message" moves the error onto that field."""
    loc: tuple[Hashable, ...] = tuple(error["loc"])
    if error["type"] not in ("value_error", "assertion_error"):
        return loc, None
    message = _strip_error_prefix(error["msg"])
    match = _PREFIXED.match(message)
    if match is None:
        return loc, message
    return (*loc, *match.group(1).split(".")), match.group(2)


def _strip_error_prefix(message: str) -> str:
    for prefix in ("Value error, ", "Assertion failed, "):
        if message.startswith(prefix):
            return message[len(prefix) :]
    return message


# Walking a loc through the model's annotations and the data ------------------------------


def locate(model: type[BaseModel], loc: Sequence[Hashable], data: Any) -> Located:
    """Follow `loc` through `model`'s fields, skipping pydantic's union-member tags."""
    annotation: Any = model
    where = Located(path=())
    path: list[Hashable] = []
    node: Any = data
    key_type: Any = None
    for segment in loc:
        members = union_members(annotation)
        if len(members) == 1:
            annotation = members[0]
        elif members and isinstance(segment, str):
            member = _member_for_tag(members, segment)
            if member is not None:
                where.unions.append(UnionPoint(tuple(path), members, member, node))
                annotation = member
                continue
        if segment == "[key]":  # the error is about the mapping key itself
            annotation = key_type
            continue
        key_type = None
        if _is_model(annotation):
            where.owner = annotation
            where.info = annotation.model_fields.get(segment) if isinstance(segment, str) else None
            annotation = where.info.annotation if where.info is not None else None
        else:
            origin, args = get_origin(annotation), get_args(annotation)
            if origin in (list, tuple) and args:
                annotation = args[0]
            elif origin is dict and len(args) == 2:
                key_type, annotation = args
            else:
                annotation = None
        path.append(segment)
        node = _child(node, segment)
    members = union_members(annotation)
    where.annotation = members[0] if len(members) == 1 else annotation
    where.path = tuple(path)
    return where


_MISSING = object()


def _child(node: Any, segment: Hashable) -> Any:
    if isinstance(node, dict):
        return node.get(segment, _MISSING)
    if isinstance(node, list) and isinstance(segment, int) and 0 <= segment < len(node):
        return node[segment]
    return _MISSING


def union_members(annotation: Any) -> tuple[Any, ...]:
    """The non-None members of a union (one member for `X | None`), or () if not a union."""
    if get_origin(annotation) not in (Union, types.UnionType):
        return ()
    return tuple(arg for arg in get_args(annotation) if arg is not type(None))


def _is_model(annotation: Any) -> bool:
    return isinstance(annotation, type) and issubclass(annotation, BaseModel)


def _is_enum(annotation: Any) -> bool:
    return isinstance(annotation, type) and issubclass(annotation, Enum)


def _member_for_tag(members: tuple[Any, ...], tag: str) -> Any:
    """The union member pydantic names `tag` ("list[float]", "str-enum[Source]", ...)."""
    for member in members:
        origin = get_origin(member)
        if tag.startswith("list[") and origin is list:
            return member
        if tag.startswith("tuple[") and origin is tuple:
            return member
        if tag.startswith("dict[") and origin is dict:
            return member
        if tag.startswith(("list[", "tuple[", "dict[")):
            continue
        if _is_model(member) and (tag == member.__name__ or tag.endswith(f" {member.__name__}]")):
            return member
        if _is_enum(member) and tag.endswith(f"enum[{member.__name__}]"):
            return member
        if member in (int, float, str, bool) and tag == member.__name__:
            return member
    return None


def _shape(annotation: Any) -> str:
    origin = get_origin(annotation)
    if origin is dict or _is_model(annotation):
        return "mapping"
    if origin in (list, tuple):
        return "list"
    return "scalar"


def _node_shape(node: Any) -> str:
    if isinstance(node, dict):
        return "mapping"
    if isinstance(node, list):
        return "list"
    return "scalar"


# Messages -------------------------------------------------------------------------------


def _explain_one(
    error: ErrorDetails, where: Located, message: str | None
) -> tuple[PathKey, str | None]:
    """The path to report and the message; None when another union member explains it."""
    for point in where.unions:
        preferred = [m for m in point.members if _shape(m) == _node_shape(point.node)]
        if point.member not in preferred:
            if preferred:
                return where.path, None
            return point.path, union_message(point.members, point.node)
    if where.unions and error["type"] in TYPE_ERRORS and where.path == where.unions[-1].path:
        point = where.unions[-1]
        return point.path, union_message(point.members, point.node)
    if message is not None:
        return where.path, validator_message(where, message)
    return where.path, error_message(error, where)


def validator_message(where: Located, message: str) -> str:
    """A model validator's own text, with a suggestion for an unknown finding name."""
    if message == "not a finding" and where.path:
        from simulator.domain.case import Findings

        return unknown_name("finding", where.path[-1], list(Findings.model_fields))
    return _one_line(message)


def error_message(error: ErrorDetails, where: Located) -> str:
    kind = error["type"]
    value: Any = error.get("input")
    ctx: dict[str, Any] = dict(error.get("ctx") or {})
    name = where.label or _field_name(where.path)
    if kind == "missing":
        return f"missing required field '{name}'"
    if kind == "extra_forbidden":
        valid = list(where.owner.model_fields) if where.owner is not None else []
        return unknown_name("field", where.path[-1] if where.path else name, valid)
    if kind == "invalid_key":
        return f"field names must be text, not {show(value)}"
    if kind == "enum":
        return enum_message(where.annotation, value, ctx)
    if kind in ("int_parsing", "int_type", "int_from_float"):
        return f"expected a whole number, got {show(value)}"
    if kind == "finite_number":
        return f"expected a finite number, got {show(value)}"
    if kind in ("float_parsing", "float_type"):
        return f"expected a number, got {show(value)}"
    if kind in ("bool_parsing", "bool_type"):
        return f"expected true or false, got {show(value)}"
    if kind == "string_type":
        return f"expected text, got {show(value)}"
    if kind in ("list_type", "tuple_type"):
        return f"expected a list, got {show(value)}"
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return f"expected a mapping of fields, got {show(value)}"
    if kind == "string_too_short":
        minimum = ctx.get("min_length", 1)
        return "must not be empty" if minimum == 1 else f"must be at least {minimum} characters"
    if kind == "string_too_long":
        return f"must be at most {ctx.get('max_length')} characters"
    if kind == "string_pattern_mismatch":
        return pattern_message(str(ctx.get("pattern", "")), value)
    if kind == "literal_error":
        valid = re.findall(r"'([^']*)'", str(ctx.get("expected", "")))
        return f"must be one of: {', '.join(valid)}; got {show(value)}"
    if kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
        return range_message(name, value, where.info, ctx)
    if kind in ("too_short", "too_long"):
        return _one_line(error["msg"]).replace("List", "list")
    return _one_line(_strip_error_prefix(error["msg"]))


def unknown_name(what: str, key: Hashable, valid: Sequence[str]) -> str:
    text = f"unknown {what} {show(key)}"
    close = difflib.get_close_matches(str(key), valid, n=1, cutoff=0.6)
    if close:
        return f"{text}; did you mean '{close[0]}'?"
    return f"{text}; valid: {', '.join(valid)}" if valid else text


def _suggest(value: Any, valid: Sequence[str]) -> str:
    close = difflib.get_close_matches(str(value), valid, n=1, cutoff=0.6)
    return f"; did you mean '{close[0]}'? valid: " if close else "; valid: "


def enum_message(annotation: Any, value: Any, ctx: dict[str, Any]) -> str:
    if _is_enum(annotation):
        what = _words(annotation.__name__)
        valid = [str(member.value) for member in annotation]
    else:
        what = "value"
        valid = re.findall(r"'([^']*)'", str(ctx.get("expected", "")))
    return f"unknown {what} {show(value)}{_suggest(value, valid)}{', '.join(valid)}"


def pattern_message(pattern: str, value: Any) -> str:
    choices = _CHOICES.match(pattern)
    if choices:
        return f"must be one of: {', '.join(choices.group(1).split('|'))}; got {show(value)}"
    if pattern == _ID_PATTERN:
        return (
            f"{show(value)} is not a valid id: use lower-case letters, digits, '_' and '-', "
            "starting with a letter or digit"
        )
    return f"{show(value)} does not match the pattern {pattern}"


def range_message(name: str, value: Any, info: FieldInfo | None, ctx: dict[str, Any]) -> str:
    low: Any = ctx.get("ge", ctx.get("gt"))
    high: Any = ctx.get("le", ctx.get("lt"))
    for constraint in info.metadata if info is not None else ():
        if isinstance(constraint, annotated_types.Ge | annotated_types.Gt):
            low = constraint.ge if isinstance(constraint, annotated_types.Ge) else constraint.gt
        if isinstance(constraint, annotated_types.Le | annotated_types.Lt):
            high = constraint.le if isinstance(constraint, annotated_types.Le) else constraint.lt
    if low is not None and high is not None:
        return f"{show(value)} is out of range: {name} must be between {low} and {high}"
    if low is not None:
        return f"{show(value)} is too small: {name} must be at least {low}"
    return f"{show(value)} is too large: {name} must be at most {high}"


def union_message(members: Sequence[Any], node: Any) -> str:
    options = [describe(member) for member in members]
    listed = options[0] if len(options) == 1 else f"{', '.join(options[:-1])} or {options[-1]}"
    return f"expected {listed}; got {show(node)}"


def describe(annotation: Any, plural: bool = False) -> str:
    """How an author would name a value of this type: "a source id", "a list of numbers"."""
    origin, args = get_origin(annotation), get_args(annotation)
    if origin in (list, tuple) and args:
        inner = union_members(args[0]) or (args[0],)
        return f"a list of {' or '.join(describe(arg, plural=True) for arg in inner)}"
    if origin is dict and len(args) == 2:
        target = "weight" if args[1] is float else describe(args[1])
        return f"a mapping of {describe(args[0], plural=True)} to {target}"
    if _is_enum(annotation):
        noun = f"{_words(annotation.__name__)} id"
    elif _is_model(annotation) and set(annotation.model_fields) == {"min", "max"}:
        return "a range {min, max}"
    elif _is_model(annotation):
        noun = f"{_words(annotation.__name__)} mapping"
    else:
        noun = {int: "whole number", float: "number", str: "text", bool: "true/false"}.get(
            annotation, "value"
        )
    if noun in ("text", "true/false"):
        return noun
    if plural:
        return f"{noun}s"
    return f"an {noun}" if noun[0] in "aeiou" else f"a {noun}"


def show(value: Any) -> str:
    """A value as the author wrote it, on one short line."""
    if value is None:
        text = "null"
    elif isinstance(value, bool):
        text = "true" if value else "false"
    elif isinstance(value, int | float):
        text = str(value)
    elif isinstance(value, str):
        text = repr(value)
    elif isinstance(value, dict):
        text = "a mapping"
    elif isinstance(value, list | tuple):
        text = "a list"
    elif isinstance(value, date):
        text = value.isoformat()
    else:
        text = repr(value)
    text = _one_line(text)
    return text if len(text) <= 48 else f"{text[:45]}..."


def _field_name(path: PathKey) -> str:
    names = [str(part) for part in path if isinstance(part, str)]
    return names[-1] if names else "value"


def _words(class_name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", " ", class_name).lower()


def _one_line(text: str) -> str:
    return " ".join(text.split())
