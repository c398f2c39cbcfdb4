"""Blueprint checks pydantic cannot make: every choice must be a valid value of the case field
it feeds, so a blueprint that loads never fails later inside the generator."""

from __future__ import annotations

import math
from collections.abc import Hashable, Iterator
from functools import cache
from typing import Any

from pydantic import BaseModel, ValidationError, create_model

from simulator.authoring.explain import Located, error_message, unknown_name
from simulator.authoring.problems import Problem
from simulator.authoring.yamlio import PathKey, SourceMap, field_path
from simulator.domain.case import Case, Findings, Hidden, Persona
from simulator.domain.ids import Source

# blueprint field -> the case field its choices end up in
TARGETS: tuple[tuple[PathKey, type[BaseModel], str], ...] = (
    (("source",), Hidden, "source"),
    (("secondary",), Hidden, "secondary"),
    (("irritability",), Hidden, "irritability"),
    (("nerve_sensitivity",), Hidden, "nerve_sensitivity"),
    (("red_flag_kind",), Hidden, "red_flag_kind"),
    (("pain",), Hidden, "pain"),
    (("budget_minutes",), Case, "budget_minutes"),
    (("persona", "age"), Persona, "age"),
    (("persona", "occupation"), Persona, "occupation"),
    (("persona", "sport"), Persona, "sport"),
    (("persona", "style"), Persona, "style"),
    (("persona", "side"), Persona, "side"),
)


def blueprint_problems(
    data: dict[str, Any], source_map: SourceMap, reported: list[PathKey]
) -> list[Problem]:
    """Problems in the choices of a blueprint, skipping fields that already have a problem."""
    problems: list[Problem] = []

    def add(path: PathKey, message: str) -> None:
        problems.append(source_map.problem(path, field_path(path, "blueprint"), message))

    for path, model, name in TARGETS:
        if any(_overlaps(path, bad) for bad in reported):
            continue
        spec = _lookup(data, path)
        if spec is None:
            continue
        adapter = _field_model(model, name)
        info = model.model_fields[name]
        for option_path, option in _options(spec, path, add):
            if option is None:
                continue
            if path == ("secondary",) and option == Source.RED_FLAG.value:
                add(option_path, "red_flag cannot be a secondary: a red flag is always primary")
                continue
            if (
                info.annotation is int
                and isinstance(option, float)
                and math.isfinite(option)
                and option_path[-1] in ("min", "max")
            ):
                option = round(option)  # the generator rounds a number drawn from a range
            try:
                adapter.model_validate({name: option})
            except ValidationError as exc:
                where = Located(option_path, info.annotation, info, label=name)
                for error in exc.errors(include_url=False):
                    add(option_path, f"not valid in a case: {error_message(error, where)}")
    findings = data.get("findings")
    if isinstance(findings, dict):
        # The blueprint's own findings check runs only once every field is valid; repeating
        # it here reports unknown findings together with all other problems.
        for key, value in findings.items():
            finding = Findings.model_fields.get(key) if isinstance(key, str) else None
            if finding is None:
                add(("findings", key), unknown_name("finding", key, list(Findings.model_fields)))
            elif isinstance(value, float) and not 0 <= value <= 1:
                add(("findings", key), "a probability is between 0 and 1")
            elif finding.annotation is not bool:
                add(
                    ("findings", key),
                    f"{key} is not a true/false finding, so a blueprint cannot set it "
                    "(pin it in an authored case)",
                )
    return problems


def _overlaps(path: PathKey, other: PathKey) -> bool:
    shorter = min(len(path), len(other))
    return path[:shorter] == other[:shorter]


def _lookup(data: Any, path: PathKey) -> Any:
    for key in path:
        if not isinstance(data, dict):
            return None
        data = data.get(key)
    return data


def _options(spec: Any, path: PathKey, add: Any) -> Iterator[tuple[PathKey, Any]]:
    """Each value a spec can produce: the value, each list item, each key, a range's ends."""
    if isinstance(spec, list):
        if not spec:
            add(path, "an empty list gives nothing to choose from")
        yield from (((*path, index), item) for index, item in enumerate(spec))
    elif isinstance(spec, dict) and spec and set(spec) <= {"min", "max"}:
        yield from (((*path, key), spec[key]) for key in ("min", "max") if key in spec)
    elif isinstance(spec, dict):
        weights = [weight for weight in spec.values() if isinstance(weight, int | float)]
        if not spec:
            add(path, "an empty mapping gives nothing to choose from")
        elif not all(math.isfinite(weight) for weight in weights):
            add(path, "weights must be finite numbers")
        elif any(weight < 0 for weight in weights):
            add(path, "weights must not be negative")
        elif weights and sum(weights) <= 0:
            add(path, "at least one weight must be above 0")
        elif not math.isfinite(sum(weights)):  # the generator adds them up to draw
            add(path, "the weights add up to more than a number can hold; use smaller ones")
        key: Hashable
        for key in spec:
            yield (*path, key), key
    else:
        yield path, spec


@cache
def _field_model(model: type[BaseModel], name: str) -> type[BaseModel]:
    """A one-field model carrying the case field's type and constraints."""
    info = model.model_fields[name]
    fields: dict[str, Any] = {name: (info.annotation, info)}
    one_field: type[BaseModel] = create_model(f"{model.__name__}_{name}", **fields)
    return one_field
