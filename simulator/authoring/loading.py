"""Load and save case and blueprint files; every problem as `file:line:col: field: message`.

Files written here start with a yaml-language-server modeline naming
`massage-sim-schema.json`; `massage-sim schema > massage-sim-schema.json` writes that file
so editors offer completion and checking while an author types.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any, Literal, TypeVar, overload

from pydantic import BaseModel, ValidationError

from simulator.authoring.checks import blueprint_problems
from simulator.authoring.explain import explain, locate, split_prefix, unique_sorted
from simulator.authoring.fastyaml import fast_load
from simulator.authoring.folders import yaml_files
from simulator.authoring.problems import AuthoringError, Problem
from simulator.authoring.yamlio import PathKey, SourceMap, dump_yaml, parse_text, read_text
from simulator.domain.case import Case
from simulator.generator.blueprint import Blueprint

SCHEMA_FILE = "massage-sim-schema.json"
MODELINE = f"# yaml-language-server: $schema={SCHEMA_FILE}\n"
HEADER = MODELINE + f"# Editor completion: massage-sim schema > {SCHEMA_FILE}\n"

ModelT = TypeVar("ModelT", bound=BaseModel)


def load_yaml(path: Path) -> tuple[dict[str, Any], SourceMap]:
    """(plain data, the 1-based line and column of every key and list item) of a YAML file.

    Raises AuthoringError for a file that is missing, unreadable, not UTF-8, empty, not YAML,
    or whose top level is not a mapping.
    """
    return parse_text(read_text(path), str(path))


def document_kind(data: dict[str, Any]) -> str:
    """ "case" when the document has a `hidden` section, otherwise "blueprint"."""
    return "case" if "hidden" in data else "blueprint"


def parse_case(text: str, file: str = "<string>") -> Case:
    """The case in `text`; AuthoringError lists every problem, each at its line."""
    return _parse(text, file, "case")


def parse_blueprint(text: str, file: str = "<string>") -> Blueprint:
    """The blueprint in `text`; AuthoringError lists every problem, each at its line."""
    return _parse(text, file, "blueprint")


def parse_document(text: str, file: str = "<string>") -> Case | Blueprint:
    """A case (the text has a top-level `hidden`) or else a blueprint."""
    return _parse(text, file, None)


@overload
def _parse(text: str, file: str, kind: Literal["case"]) -> Case: ...
@overload
def _parse(text: str, file: str, kind: Literal["blueprint"]) -> Blueprint: ...
@overload
def _parse(text: str, file: str, kind: None) -> Case | Blueprint: ...


def _parse(text: str, file: str, kind: str | None) -> Case | Blueprint:
    """libyaml and the model first; only a file that fails either is read again by the slow
    loader that knows every key's line, so the problems can be placed."""
    data = fast_load(text)
    if data is not None:
        valid = _fast_validate(data, kind or document_kind(data))
        if valid is not None:
            return valid
    data, source_map = parse_text(text, file)
    kind = kind or document_kind(data)
    if kind == "case":
        return _validate(Case, data, source_map, "case")
    return _validate(Blueprint, data, source_map, "blueprint")


def _fast_validate(data: dict[str, Any], kind: str) -> Case | Blueprint | None:
    try:
        if kind == "case":
            return Case.model_validate(data)
        blueprint = Blueprint.model_validate(data)
    except ValidationError:
        return None
    if blueprint_problems(data, SourceMap("<fast>"), []):
        return None
    return blueprint


def load_case(path: Path) -> Case:
    """The case in `path`; AuthoringError lists every problem in the file."""
    return parse_case(read_text(path), str(path))


def load_blueprint(path: Path) -> Blueprint:
    """The blueprint in `path`; AuthoringError lists every problem in the file."""
    return parse_blueprint(read_text(path), str(path))


def load_document(path: Path) -> Case | Blueprint:
    """A case (the file has a top-level `hidden`) or else a blueprint."""
    return parse_document(read_text(path), str(path))


def validate_paths(paths: Iterable[Path]) -> list[Problem]:
    """Every problem in the given files; a directory means its *.yaml and *.yml, recursively."""
    problems: list[Problem] = []
    for path in paths:
        if path.is_dir():
            files = yaml_files(path)
            if not files:
                problems.append(Problem(str(path), 1, 1, "file", "no .yaml or .yml files here"))
        else:
            files = [path]
        for file in files:
            try:
                load_document(file)
            except AuthoringError as exc:
                problems.extend(exc.problems)
    return problems


def case_to_yaml(case: Case) -> str:
    """The case as YAML that `load_case` reads back equal, every value pinned."""
    return dump_yaml(case.model_dump(mode="json"), HEADER)


def blueprint_to_yaml(blueprint: Blueprint) -> str:
    """The blueprint as YAML that `load_blueprint` reads back equal; defaults left out."""
    data = blueprint.model_dump(mode="json", exclude_defaults=True)
    return dump_yaml(data, HEADER)


def _validate(
    model: type[ModelT], data: dict[str, Any], source_map: SourceMap, kind: str
) -> ModelT:
    problems: list[Problem] = []
    reported: list[PathKey] = []
    result: ModelT | None = None
    try:
        result = model.model_validate(data)
    except ValidationError as exc:
        errors = exc.errors(include_url=False)
        problems = explain(model, errors, data, source_map, kind)
        reported = [locate(model, split_prefix(error)[0], data).path for error in errors]
        if not problems:  # cannot happen with pydantic's union reporting; never stay silent
            problems = [source_map.problem((), kind, f"not a valid {kind}")]
    if model is Blueprint:
        problems += blueprint_problems(data, source_map, reported)
    if problems or result is None:
        raise AuthoringError(unique_sorted(problems))
    return result
