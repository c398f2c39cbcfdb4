"""The JSON Schema of case and blueprint files, built from the pydantic models themselves."""

from __future__ import annotations

import copy
import json
from typing import Any

from pydantic import BaseModel

from simulator.domain.case import Case, Findings
from simulator.generator.blueprint import Blueprint

DIALECT = "https://json-schema.org/draft/2020-12/schema"
DEFS = "#/$defs/"
KINDS: dict[str, type[BaseModel]] = {"case": Case, "blueprint": Blueprint}


def json_schema() -> dict[str, Any]:
    """One schema accepting a case or a blueprint: anyOf two $refs over shared $defs."""
    defs: dict[str, Any] = {}
    any_of: list[dict[str, str]] = []
    for kind, model in KINDS.items():
        schema = _model_schema(kind, model)
        name = _merge(defs, schema, model.__name__)
        any_of.append({"$ref": DEFS + name})
    return {
        "$schema": DIALECT,
        "title": "massage-sim case or blueprint",
        "description": "A case (it has a `hidden` section) or a blueprint (it has none).",
        "anyOf": any_of,
        "$defs": defs,
    }


def json_schema_for(kind: str) -> dict[str, Any]:
    """The schema of one kind of file: "case" or "blueprint"."""
    if kind not in KINDS:
        raise ValueError(f"unknown kind {kind!r}; valid: {', '.join(KINDS)}")
    return {"$schema": DIALECT, **_model_schema(kind, KINDS[kind])}


def _model_schema(kind: str, model: type[BaseModel]) -> dict[str, Any]:
    schema = model.model_json_schema()
    if kind == "blueprint":
        # `findings` is a free mapping in the model; name its keys (the true/false findings
        # a blueprint may set) so editors complete them. Derived from Findings, not copied.
        names = [name for name, info in Findings.model_fields.items() if info.annotation is bool]
        schema["properties"]["findings"]["propertyNames"] = {"enum": names}
    return schema


def _merge(defs: dict[str, Any], schema: dict[str, Any], name: str) -> str:
    """Move `schema` and its $defs into `defs`, renaming any definition whose name is taken
    by a different definition (and every $ref to it). Returns the schema's own name."""
    schema = copy.deepcopy(schema)
    local: dict[str, Any] = schema.pop("$defs", {})
    renames: dict[str, str] = {}
    changed = True
    while changed:  # a rename can make a definition that refers to it differ in turn
        changed = False
        for def_name, definition in local.items():
            if def_name in renames or def_name not in defs:
                continue
            if defs[def_name] != _rewrite(definition, renames):
                renames[def_name] = _free_name(f"{name}{def_name}", defs, local, renames)
                changed = True
    for def_name, definition in local.items():
        defs[renames.get(def_name, def_name)] = _rewrite(definition, renames)
    own = _free_name(name, defs, {}, {}) if name in defs else name
    defs[own] = _rewrite(schema, renames)
    return own


def _free_name(
    wanted: str, defs: dict[str, Any], local: dict[str, Any], renames: dict[str, str]
) -> str:
    taken = set(defs) | set(local) | set(renames.values())
    candidate, number = wanted, 2
    while candidate in taken:
        candidate, number = f"{wanted}{number}", number + 1
    return candidate


def _rewrite(node: Any, renames: dict[str, str]) -> Any:
    """A copy of `node` with each `#/$defs/X` reference renamed per `renames`."""
    if isinstance(node, dict):
        out: dict[str, Any] = {}
        for key, value in node.items():
            if key == "$ref" and isinstance(value, str) and value.startswith(DEFS):
                target = value[len(DEFS) :]
                out[key] = DEFS + renames.get(target, target)
            else:
                out[key] = _rewrite(value, renames)
        return out
    if isinstance(node, list):
        return [_rewrite(item, renames) for item in node]
    return node


def schema_text() -> str:
    """The combined schema as the JSON text `massage-sim schema` prints."""
    return json.dumps(json_schema(), indent=2) + "\n"


if __name__ == "__main__":  # python -m simulator.authoring.schema > cases/massage-sim-schema.json
    print(schema_text(), end="")
