"""The case library loads, generates and round-trips; the JSON Schema is valid and current."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from simulator.authoring.lint import SEED_HEADINGS
from simulator.authoring.loading import (
    MODELINE,
    blueprint_to_yaml,
    case_to_yaml,
    load_blueprint,
    load_case,
    load_document,
    load_yaml,
    parse_blueprint,
    parse_case,
    validate_paths,
)
from simulator.authoring.schema import _merge, json_schema, json_schema_for, schema_text
from simulator.domain.case import Case, Findings
from simulator.domain.ids import Source
from simulator.generator.generate import Generator

CASES = Path(__file__).resolve().parents[2] / "cases"
BLUEPRINTS = CASES / "blueprints"
LIBRARY = sorted(p for p in CASES.rglob("*") if p.suffix in (".yaml", ".yml"))
BLUEPRINT_FILES = sorted(BLUEPRINTS.glob("*.yaml"))
GENERATOR = Generator()


def test_the_library_has_one_blueprint_per_source_and_the_mix() -> None:
    names = {path.stem for path in BLUEPRINT_FILES}
    assert names >= {source.value for source in Source} | {"mix"}


@pytest.mark.parametrize("path", LIBRARY, ids=lambda p: str(p.relative_to(CASES)))
def test_every_library_file_validates(path: Path) -> None:
    assert validate_paths([path]) == []
    load_document(path)


def test_the_whole_folder_validates() -> None:
    assert validate_paths([CASES]) == []


@pytest.mark.parametrize("path", BLUEPRINT_FILES, ids=lambda p: p.stem)
def test_blueprints_generate_cases_of_their_source(path: Path) -> None:
    blueprint = load_blueprint(path)
    assert blueprint.title
    assert blueprint.learning_objectives
    assert any(f'"{heading}"' in blueprint.teaching_note for heading in SEED_HEADINGS)
    for seed in range(25):
        case = GENERATOR.generate(blueprint, seed)
        if path.stem == "mix":
            assert blueprint.source is None
        else:
            assert case.hidden.source.value == path.stem
        assert case.teaching_note == blueprint.teaching_note


@pytest.mark.parametrize("path", BLUEPRINT_FILES, ids=lambda p: p.stem)
def test_blueprints_round_trip(path: Path) -> None:
    blueprint = load_blueprint(path)
    text = blueprint_to_yaml(blueprint)
    assert text.startswith(MODELINE)
    assert parse_blueprint(text) == blueprint


@settings(max_examples=60, deadline=None)
@given(path=st.sampled_from(BLUEPRINT_FILES), seed=st.integers(min_value=0, max_value=2**63))
def test_generated_cases_round_trip_through_yaml(path: Path, seed: int) -> None:
    case = GENERATOR.generate(load_blueprint(path), seed)
    text = case_to_yaml(case)
    assert text.startswith("# yaml-language-server: $schema=massage-sim-schema.json\n")
    assert parse_case(text, "generated.yaml") == case


def test_a_written_case_file_loads_back_equal(tmp_path: Path) -> None:
    case = GENERATOR.generate(load_blueprint(BLUEPRINTS / "red_flag.yaml"), 7)
    path = tmp_path / "case.yaml"
    path.write_text(case_to_yaml(case), encoding="utf-8")
    assert load_case(path) == case
    assert load_document(path) == case
    data, _ = load_yaml(path)
    # field order kept; a case without a course block writes none
    assert list(data) == [name for name in Case.model_fields if name != "course"]


_TEXT = st.text(st.characters(codec="utf-8"), max_size=60)  # any text a file can hold


@settings(max_examples=60, deadline=None)
@given(
    title=_TEXT,
    note=_TEXT,
    objectives=st.lists(_TEXT, max_size=3),
    complaint=_TEXT.filter(bool),
    seed=st.integers(min_value=0, max_value=10_000),
)
def test_any_text_round_trips(
    title: str, note: str, objectives: list[str], complaint: str, seed: int
) -> None:
    case = GENERATOR.generate(load_blueprint(BLUEPRINTS / "mix.yaml"), seed)
    persona = case.persona.model_copy(update={"complaint": complaint})
    case = case.model_copy(
        update={
            "title": title,
            "teaching_note": note,
            "learning_objectives": tuple(objectives),
            "persona": persona,
        }
    )
    assert parse_case(case_to_yaml(case)) == case


def test_multi_line_text_is_written_as_a_literal_block() -> None:
    case = GENERATOR.generate(load_blueprint(BLUEPRINTS / "mix.yaml"), 1)
    case = case.model_copy(update={"teaching_note": "First line.\nSecond line.\n"})
    text = case_to_yaml(case)
    assert "teaching_note: |\n  First line.\n  Second line.\n" in text
    assert parse_case(text) == case


# JSON Schema ----------------------------------------------------------------------------


def _refs(node: Any) -> list[str]:
    if isinstance(node, dict):
        found = [node["$ref"]] if isinstance(node.get("$ref"), str) else []
        return found + [ref for value in node.values() for ref in _refs(value)]
    if isinstance(node, list):
        return [ref for item in node for ref in _refs(item)]
    return []


def test_schema_is_valid_json_and_every_ref_resolves() -> None:
    schema = json.loads(json.dumps(json_schema()))
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert {"$ref": "#/$defs/Case"} in schema["anyOf"]
    assert {"$ref": "#/$defs/Blueprint"} in schema["anyOf"]
    for ref in _refs(schema):
        assert ref.startswith("#/$defs/")
        assert ref.removeprefix("#/$defs/") in schema["$defs"], ref
    jsonschema = pytest.importorskip("jsonschema")
    jsonschema.Draft202012Validator.check_schema(schema)


def test_schema_for_one_kind() -> None:
    assert json_schema_for("case")["title"] == "Case"
    assert json_schema_for("blueprint")["title"] == "Blueprint"
    with pytest.raises(ValueError, match="valid: case, blueprint"):
        json_schema_for("exam")


def test_schema_accepts_the_library_and_generated_cases() -> None:
    jsonschema = pytest.importorskip("jsonschema")
    validator = jsonschema.Draft202012Validator(json_schema())
    case_only = jsonschema.Draft202012Validator(json_schema_for("case"))
    blueprint_only = jsonschema.Draft202012Validator(json_schema_for("blueprint"))
    for path in BLUEPRINT_FILES:
        data, _ = load_yaml(path)
        validator.validate(data)
        blueprint_only.validate(data)
        assert not case_only.is_valid(data)
        case = GENERATOR.generate(load_blueprint(path), 3)
        dumped = case.model_dump(mode="json")
        validator.validate(dumped)
        case_only.validate(dumped)
        assert not blueprint_only.is_valid(dumped)
    assert not validator.is_valid({"id": "x", "persnoa": {}})
    assert not validator.is_valid({"id": "x", "findings": {"slrr": True}})


def test_the_committed_schema_file_is_current() -> None:
    committed = (CASES / "massage-sim-schema.json").read_text(encoding="utf-8")
    assert committed == schema_text(), (
        "cases/massage-sim-schema.json is stale: run "
        "`python -m simulator.authoring.schema > cases/massage-sim-schema.json`"
    )


def test_merging_renames_colliding_definitions_and_their_refs() -> None:
    defs: dict[str, Any] = {}
    first = {
        "properties": {"a": {"$ref": "#/$defs/Inner"}},
        "$defs": {"Inner": {"type": "string"}, "Outer": {"$ref": "#/$defs/Inner"}},
    }
    second = {
        "properties": {"b": {"$ref": "#/$defs/Outer"}},
        "$defs": {"Inner": {"type": "integer"}, "Outer": {"$ref": "#/$defs/Inner"}},
    }
    assert _merge(defs, first, "First") == "First"
    assert _merge(defs, second, "Second") == "Second"
    assert defs["Inner"] == {"type": "string"}
    assert defs["SecondInner"] == {"type": "integer"}
    # Outer differs only through its renamed reference, so it is renamed as well
    assert defs["SecondOuter"] == {"$ref": "#/$defs/SecondInner"}
    assert defs["Second"]["properties"]["b"] == {"$ref": "#/$defs/SecondOuter"}
    assert defs["First"]["properties"]["a"] == {"$ref": "#/$defs/Inner"}
    # an identical definition is shared, not duplicated
    _merge(defs, {"$defs": {"Inner": {"type": "string"}}}, "Third")
    assert not any(re.fullmatch(r"ThirdInner\d*", name) for name in defs)


def test_blueprint_schema_names_the_findings_a_blueprint_may_set() -> None:
    findings = json_schema()["$defs"]["Blueprint"]["properties"]["findings"]
    names = findings["propertyNames"]["enum"]
    assert "slr" in names
    assert "extension" not in names  # not a true/false finding
    assert set(names) <= set(Findings.model_fields)
