"""Garbage in, one-line problems out: no input makes the loaders raise anything else."""

from __future__ import annotations

import re
from collections.abc import Hashable, Iterator
from pathlib import Path
from typing import Any, get_args, get_origin

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import BaseModel

from simulator.authoring.loading import (
    case_to_yaml,
    load_blueprint,
    load_document,
    parse_blueprint,
    parse_case,
    parse_document,
)
from simulator.authoring.problems import AuthoringError, Problem
from simulator.authoring.yamlio import dump_yaml, field_path, parse_text
from simulator.domain.case import Case
from simulator.domain.ids import Irritability, RedFlagKind, Region, Source, Style
from simulator.generator.blueprint import Blueprint
from simulator.generator.generate import Generator

PROBLEM = re.compile(r"^.+:\d+:\d+: [\w.\[\]]+: .+$")
BLUEPRINTS = Path(__file__).resolve().parents[2] / "cases" / "blueprints"
GENERATOR = Generator()
SAMPLE_CASES = [
    GENERATOR.generate(load_blueprint(path), seed)
    for path in sorted(BLUEPRINTS.glob("*.yaml"))
    for seed in (1, 2)
]
SAMPLE_DUMPS = [case.model_dump(mode="json") for case in SAMPLE_CASES]
BLUEPRINT_DUMPS = [
    load_blueprint(path).model_dump(mode="json", exclude_defaults=True)
    for path in sorted(BLUEPRINTS.glob("*.yaml"))
]
FUZZ = settings(max_examples=50, deadline=None)

Path_ = tuple[Hashable, ...]


def assert_well_formed(error: AuthoringError) -> list[Problem]:
    assert error.problems
    for problem in error.problems:
        assert PROBLEM.fullmatch(str(problem)), str(problem)
        assert problem.line >= 1 and problem.column >= 1
    assert str(error) == "\n".join(str(problem) for problem in error.problems)
    return error.problems


def outcome(text: str, kind: str = "document") -> Case | Blueprint | AuthoringError:
    """The loaded model, or the AuthoringError; any other exception fails the test."""
    try:
        if kind == "case":
            return parse_case(text, "fuzz.yaml")
        if kind == "blueprint":
            return parse_blueprint(text, "fuzz.yaml")
        return parse_document(text, "fuzz.yaml")
    except AuthoringError as error:
        assert_well_formed(error)
        return error


def must_fail(text: str, kind: str = "case") -> list[Problem]:
    result = outcome(text, kind)
    assert isinstance(result, AuthoringError), text
    return result.problems


# walking a dump -----------------------------------------------------------------------------


def all_paths(node: Any, prefix: Path_ = ()) -> Iterator[Path_]:
    """Every key and list item below `node`."""
    if isinstance(node, dict):
        for key, value in node.items():
            yield (*prefix, key)
            yield from all_paths(value, (*prefix, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield (*prefix, index)
            yield from all_paths(value, (*prefix, index))


def model_keys(
    model: type[BaseModel], node: Any, prefix: Path_ = ()
) -> Iterator[tuple[Path_, bool, list[str]]]:
    """(path, required, field names at that level) of every model field in the dump."""
    if not isinstance(node, dict):
        return
    names = list(model.model_fields)
    for name, info in model.model_fields.items():
        if name not in node:
            continue
        yield (*prefix, name), info.is_required(), names
        annotation, value = info.annotation, node[name]
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            yield from model_keys(annotation, value, (*prefix, name))
        elif get_origin(annotation) is tuple and isinstance(value, list):
            item = get_args(annotation)[0]
            if isinstance(item, type) and issubclass(item, BaseModel):
                for index, element in enumerate(value):
                    yield from model_keys(item, element, (*prefix, name, index))


def get(node: Any, path: Path_) -> Any:
    for part in path:
        node = node[part]
    return node


def replaced(data: Any, path: Path_, value: Any) -> Any:
    if not path:
        return value
    head, rest = path[0], path[1:]
    if isinstance(data, dict):
        return {k: replaced(v, rest, value) if k == head else v for k, v in data.items()}
    return [replaced(v, rest, value) if i == head else v for i, v in enumerate(data)]


def deleted(data: dict[str, Any], path: Path_) -> dict[str, Any]:
    parent = get(data, path[:-1])
    return replaced(data, path[:-1], {k: v for k, v in parent.items() if k != path[-1]})  # type: ignore[no-any-return]


def renamed(data: dict[str, Any], path: Path_, new: str) -> dict[str, Any]:
    parent = get(data, path[:-1])
    fresh = {(new if k == path[-1] else k): v for k, v in parent.items()}
    return replaced(data, path[:-1], fresh)  # type: ignore[no-any-return]


def wrong_values(original: Any) -> list[Any]:
    """Values of a type the field cannot take, whatever the field is."""
    if original is None:
        return [5, [1], {"a": 1}, "zzz_not_an_id"]
    if isinstance(original, bool):
        return ["maybe", 2, 0.5, [1], {"a": 1}, None]
    if isinstance(original, int):
        return ["abc", 2.5, [1], {"a": 1}, None]
    if isinstance(original, float):
        return ["abc", [1], {"a": 1}, None]
    if isinstance(original, str):
        return [5, 2.5, True, [1], {"a": 1}]
    if isinstance(original, list):
        return ["abc", 5, {"a": 1}, None]
    return ["abc", 5, [1], None]


def position(text: str, path: Path_) -> tuple[int, int]:
    _, source_map = parse_text(text, "fuzz.yaml")
    return source_map.locate(path)


# properties --------------------------------------------------------------------------------

YAMLISH = st.lists(
    st.sampled_from([*"abcdeiy01 :-?[]{},#&*!|>'\"%@`\n\t.~", "id: ", "hidden:", "\n  ", "- "]),
    max_size=60,
).map("".join)
JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats()
    | st.text(max_size=12)
    | st.sampled_from(
        [s.value for s in Source]
        + [i.value for i in Irritability]
        + [r.value for r in Region]
        + [k.value for k in RedFlagKind]
        + [s.value for s in Style]
        + ["min", "max", "left", "right"]
    ),
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(
            st.text(max_size=8) | st.sampled_from(["min", "max", "low", "high"]), inner, max_size=4
        )
    ),
    max_leaves=12,
)


@FUZZ
@given(text=st.text(max_size=200))
def test_any_text_loads_or_gives_problems(text: str) -> None:
    outcome(text)


@FUZZ
@given(text=YAMLISH)
def test_yaml_like_text_loads_or_gives_problems(text: str) -> None:
    outcome(text)


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("fuzz")


@FUZZ
@given(raw=st.binary(max_size=300))
def test_random_bytes_load_or_give_problems(scratch: Path, raw: bytes) -> None:
    path = scratch / "bytes.yaml"
    path.write_bytes(raw)
    try:
        load_document(path)
    except AuthoringError as error:
        assert_well_formed(error)


@FUZZ
@given(data=st.data())
def test_a_wrong_type_in_any_field_is_reported_at_its_key(data: st.DataObject) -> None:
    case = data.draw(st.sampled_from(SAMPLE_DUMPS))
    path = data.draw(st.sampled_from(list(all_paths(case))))
    value = data.draw(st.sampled_from(wrong_values(get(case, path))))
    text = dump_yaml(replaced(case, path, value), "")
    problems = must_fail(text)
    line, column = position(text, path)
    assert any(
        p.field == field_path(path) and (p.line, p.column) == (line, column) for p in problems
    ), (path, value, [str(p) for p in problems])


@FUZZ
@given(data=st.data())
def test_a_deleted_required_field_is_reported_at_its_parent(data: st.DataObject) -> None:
    case = data.draw(st.sampled_from(SAMPLE_DUMPS))
    required = [path for path, needed, _ in model_keys(Case, case) if needed]
    path = data.draw(st.sampled_from(required))
    text = dump_yaml(deleted(case, path), "")
    problems = must_fail(text)
    line, column = position(text, path[:-1])
    expected = f"missing required field '{path[-1]}'"
    assert any(
        p.field == field_path(path)
        and p.message == expected
        and (p.line, p.column) == (line, column)
        for p in problems
    ), (path, [str(p) for p in problems])


def _typos(word: str) -> st.SearchStrategy[str]:
    index = st.integers(min_value=0, max_value=max(0, len(word) - 1))
    letters = st.sampled_from("abcdefghijklmnopqrstuvwxyz_")
    return st.one_of(
        index.map(lambda i: word[:i] + word[i + 1 :]),
        index.map(lambda i: word[:i] + word[i] + word[i:]),
        index.map(lambda i: word[:i] + word[i + 1 : i + 2] + word[i : i + 1] + word[i + 2 :]),
        st.tuples(index, letters).map(lambda t: word[: t[0]] + t[1] + word[t[0] + 1 :]),
    )


@FUZZ
@given(data=st.data())
def test_a_misspelt_key_is_named_on_its_line(data: st.DataObject) -> None:
    case = data.draw(st.sampled_from(SAMPLE_DUMPS))
    path, _, names = data.draw(st.sampled_from(list(model_keys(Case, case))))
    original = str(path[-1])
    typo = data.draw(_typos(original).filter(lambda t: t and t not in names))
    text = dump_yaml(renamed(case, path, typo), "")
    problems = must_fail(text)
    new_path = (*path[:-1], typo)
    line, column = position(text, new_path)
    matching = [p for p in problems if p.field == field_path(new_path)]
    assert matching, (new_path, [str(p) for p in problems])
    (problem,) = matching
    assert problem.message.startswith(f"unknown field '{typo}'")
    assert (problem.line, problem.column) == (line, column)
    if len(original) >= 3:
        assert "did you mean" in problem.message


@FUZZ
@given(data=st.data(), value=JSON_VALUES)
def test_any_value_in_a_case_loads_or_gives_problems(data: st.DataObject, value: Any) -> None:
    case = data.draw(st.sampled_from(SAMPLE_DUMPS))
    path = data.draw(st.sampled_from(list(all_paths(case))))
    outcome(dump_yaml(replaced(case, path, value), ""), "case")


@FUZZ
@given(data=st.data(), values=st.lists(JSON_VALUES, min_size=1, max_size=3))
def test_a_blueprint_that_loads_always_generates(data: st.DataObject, values: list[Any]) -> None:
    blueprint = dict(data.draw(st.sampled_from(BLUEPRINT_DUMPS)))
    persona = dict(blueprint.get("persona", {}))
    for value in values:
        field = data.draw(st.sampled_from([*Blueprint.model_fields, "persona.age", "persona.side"]))
        if field.startswith("persona."):
            persona[field.removeprefix("persona.")] = value
            blueprint["persona"] = persona
        else:
            blueprint[field] = value
    result = outcome(dump_yaml(blueprint, ""), "blueprint")
    if isinstance(result, Blueprint):
        for seed in range(3):
            GENERATOR.generate(result, seed)


@FUZZ
@given(case=st.sampled_from(SAMPLE_CASES), cut=st.integers(min_value=0, max_value=4000))
def test_a_truncated_case_file_loads_or_gives_problems(case: Case, cut: int) -> None:
    outcome(case_to_yaml(case)[:cut])
