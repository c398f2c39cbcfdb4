"""Authoring errors: one line each, at the real line of the bad key, with a helpful message."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from simulator.authoring.loading import (
    case_to_yaml,
    load_blueprint,
    load_case,
    load_document,
    load_yaml,
    parse_blueprint,
    parse_case,
    parse_document,
    validate_paths,
)
from simulator.authoring.problems import AuthoringError, Problem
from simulator.domain.case import Case
from simulator.domain.ids import Source
from simulator.generator.blueprint import Blueprint
from simulator.generator.generate import Generator, default_blueprint

PROBLEM = re.compile(r"^.+:\d+:\d+: [\w.\[\]]+: .+$")
CASE = Generator().generate(default_blueprint(Source.LUMBAR_RADICULAR), 11)
CASE_TEXT = case_to_yaml(CASE)


def problems_of(text: str, kind: str = "document") -> list[Problem]:
    parse = {"case": parse_case, "blueprint": parse_blueprint, "document": parse_document}[kind]
    with pytest.raises(AuthoringError) as caught:
        parse(text, "bad.yaml")
    problems = caught.value.problems
    assert problems
    for problem in problems:
        assert PROBLEM.fullmatch(str(problem)), str(problem)
    return problems


def line_of(text: str, fragment: str) -> int:
    """1-based line of the first line that contains `fragment`."""
    for number, line in enumerate(text.splitlines(), start=1):
        if fragment in line:
            return number
    raise AssertionError(f"{fragment!r} not in text")


def only(problems: list[Problem], field: str) -> Problem:
    matching = [p for p in problems if p.field == field]
    assert len(matching) == 1, [str(p) for p in problems]
    return matching[0]


def test_problem_format_and_error_text() -> None:
    first = Problem("cases/a.yaml", 3, 5, "persona.age", "out of range")
    second = Problem("cases/b.yaml", 1, 1, "yaml", "empty file")
    assert str(first) == "cases/a.yaml:3:5: persona.age: out of range"
    error = AuthoringError([first, second])
    assert str(error) == f"{first}\n{second}"
    assert error.problems == [first, second]


# misspelt keys ----------------------------------------------------------------------------


def test_a_misspelt_top_level_key_suggests_the_right_name_on_its_line() -> None:
    text = CASE_TEXT.replace("\npersona:\n", "\npersnoa:\n")
    problems = problems_of(text)
    unknown = only(problems, "persnoa")
    assert unknown.message == "unknown field 'persnoa'; did you mean 'persona'?"
    assert unknown.line == line_of(text, "persnoa:")
    assert unknown.column == 1
    missing = only(problems, "persona")
    assert missing.message == "missing required field 'persona'"


def test_a_misspelt_nested_key_suggests_the_right_name_on_its_line() -> None:
    text = CASE_TEXT.replace("  irritability:", "  irritabilty:")
    problems = problems_of(text, "case")
    unknown = only(problems, "hidden.irritabilty")
    assert unknown.message == "unknown field 'irritabilty'; did you mean 'irritability'?"
    assert (unknown.line, unknown.column) == (line_of(text, "irritabilty:"), 3)
    # the missing field points at its parent mapping
    missing = only(problems, "hidden.irritability")
    assert missing.line == line_of(text, "hidden:")


def test_a_key_far_from_any_field_lists_the_valid_ones() -> None:
    text = CASE_TEXT.replace("  sport:", "  zzz_qqq:")
    unknown = only(problems_of(text), "persona.zzz_qqq")
    assert unknown.message.startswith("unknown field 'zzz_qqq'; valid: name, age, pronoun")


def test_a_misspelt_finding_in_a_blueprint_suggests_the_right_name() -> None:
    text = "id: b\nfindings:\n  slr: true\n  notch_tendr: 0.5\n"
    problem = only(problems_of(text, "blueprint"), "findings.notch_tendr")
    assert problem.message == "unknown finding 'notch_tendr'; did you mean 'notch_tender'?"
    assert (problem.line, problem.column) == (4, 3)


# enums, ranges, types ----------------------------------------------------------------------


def test_a_bad_enum_lists_the_valid_ids() -> None:
    text = CASE_TEXT.replace("  source: lumbar_radicular", "  source: piriformis")
    problem = only(problems_of(text), "hidden.source")
    assert problem.message == (
        "unknown source 'piriformis'; valid: lumbar_radicular, deep_gluteal, trigger_point, "
        "posterior_chain, hip_flexor_pelvic, red_flag"
    )
    assert problem.line == line_of(text, "source: piriformis")


def test_a_near_miss_enum_also_suggests() -> None:
    text = CASE_TEXT.replace("  source: lumbar_radicular", "  source: lumbar_radicualr")
    problem = only(problems_of(text), "hidden.source")
    assert problem.message.startswith(
        "unknown source 'lumbar_radicualr'; did you mean 'lumbar_radicular'? valid: "
    )


def test_a_bad_region_key_is_reported_on_its_own_line() -> None:
    region = next(iter(CASE.hidden.regions)).value
    text = CASE_TEXT.replace(f"    {region}:\n", "    buttock:\n", 1)
    problem = only(problems_of(text), "hidden.regions.buttock")
    assert problem.message.startswith("unknown region 'buttock'; valid: lumbar, ")
    assert (problem.line, problem.column) == (line_of(text, "    buttock:"), 5)


def test_numbers_out_of_range_say_the_range() -> None:
    text = re.sub(r"\n  age: \d+\n", "\n  age: 120\n", CASE_TEXT)
    text = re.sub(r"\n  pain: \d+\n", "\n  pain: -1\n", text)
    problems = problems_of(text)
    age = only(problems, "persona.age")
    assert age.message == "120 is out of range: age must be between 16 and 95"
    assert age.line == line_of(text, "age: 120")
    pain = only(problems, "hidden.pain")
    assert pain.message == "-1 is out of range: pain must be between 0 and 10"


def test_patterns_name_their_choices() -> None:
    text = CASE_TEXT.replace("  side: right", "  side: middle").replace(
        "  side: left", "  side: middle"
    )
    problem = only(problems_of(text), "persona.side")
    assert problem.message == "must be one of: left, right; got 'middle'"
    bad_id = only(problems_of(CASE_TEXT.replace(f"id: {CASE.id}", "id: Bad Id")), "id")
    assert "is not a valid id" in bad_id.message


def test_wrong_types_are_named() -> None:
    text = re.sub(r"\n  age: \d+\n", "\n  age: old\n", CASE_TEXT)
    text = text.replace("  slr: false", "  slr: maybe").replace("  slr: true", "  slr: maybe")
    text = text.replace("learning_objectives: []", "learning_objectives: 5")
    problems = problems_of(text)
    assert only(problems, "persona.age").message == "expected a whole number, got 'old'"
    assert only(problems, "findings.slr").message == "expected true or false, got 'maybe'"
    assert only(problems, "learning_objectives").message == "expected a list, got 5"


def test_every_problem_in_a_file_is_reported_at_once() -> None:
    text = CASE_TEXT.replace("\npersona:\n", "\npersnoa:\n")
    text = text.replace("  source: lumbar_radicular", "  source: piriformis")
    text = re.sub(r"\n  pain: \d+\n", "\n  pain: 12\n", text)
    text = text.replace("  reach:", "  reech:")
    fields = {p.field for p in problems_of(text)}
    assert {"persnoa", "persona", "hidden.source", "hidden.pain", "hidden.reech"} <= fields


def test_a_model_rule_lands_on_its_field() -> None:
    text = CASE_TEXT.replace("  secondary: trigger_point", "  secondary: null").replace(
        "  secondary: null", "  secondary: red_flag"
    )
    problem = only(problems_of(text), "hidden.secondary")
    assert problem.message == "a red flag is always the primary source"
    assert problem.line == line_of(text, "secondary: red_flag")


# blueprint specs ----------------------------------------------------------------------------


def test_blueprint_union_fields_explain_the_accepted_forms() -> None:
    problems = problems_of("id: b\nnerve_sensitivity: high\npersona:\n  age: old\n", "blueprint")
    assert only(problems, "nerve_sensitivity").message == (
        "expected a number, a list of numbers or a range {min, max}; got 'high'"
    )
    assert only(problems, "persona.age").message == (
        "expected a whole number, a list of whole numbers or a range {min, max}; got 'old'"
    )


def test_blueprint_list_and_mapping_items_are_located() -> None:
    text = "id: b\nsource:\n  - deep_gluteal\n  - piriformis\nirritability:\n  low: 1\n  hi: 2\n"
    problems = problems_of(text, "blueprint")
    item = only(problems, "source[1]")
    assert item.message.startswith("unknown source 'piriformis'; valid: ")
    assert (item.line, item.column) == (4, 5)
    key = only(problems, "irritability.hi")
    assert key.message.startswith("unknown irritability 'hi'; did you mean 'high'? valid: ")
    assert (key.line, key.column) == (7, 3)


def test_blueprint_choices_must_fit_the_case() -> None:
    text = (
        "id: b\n"
        "secondary: [trigger_point, red_flag]\n"
        "budget_minutes: 5\n"
        "pain: {min: 2, max: 14}\n"
        "source: []\n"
        "irritability: {low: 0, high: 0}\n"
        "persona:\n"
        "  side: [left, centre]\n"
        "  sport: ''\n"
        "findings:\n"
        "  extension: true\n"
    )
    problems = {p.field: p for p in problems_of(text, "blueprint")}
    assert "a red flag is always primary" in problems["secondary[1]"].message
    assert problems["budget_minutes"].message.endswith("must be between 10 and 180")
    assert problems["pain.max"].message.endswith("pain must be between 0 and 10")
    assert problems["source"].message == "an empty list gives nothing to choose from"
    assert problems["irritability"].message == "at least one weight must be above 0"
    assert problems["persona.side[1]"].message.endswith("must be one of: left, right; got 'centre'")
    assert problems["persona.sport"].message.endswith("must not be empty")
    assert "cannot set it" in problems["findings.extension"].message
    assert problems["persona.side[1]"].line == 8


def test_range_order_is_checked() -> None:
    problem = only(problems_of("id: b\npain: {min: 6, max: 2}\n", "blueprint"), "pain")
    assert problem.message == "min must not exceed max"


# files and YAML ----------------------------------------------------------------------------


def test_yaml_syntax_errors_carry_ruamels_position() -> None:
    problem = only(problems_of("id: b\nsource: [deep_gluteal\ntitle: x\n"), "yaml")
    assert (problem.line, problem.column) == (3, 6)
    assert "flow sequence" in problem.message
    duplicate = only(problems_of("id: b\ntitle: x\ntitle: y\n"), "yaml")
    assert duplicate.line == 3
    assert "duplicate key" in duplicate.message


_LAUGHS = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{name}: &{name} [{', '.join([f'*{previous}'] * 10)}]\n"
    for previous, name in zip("abcd", "bcde", strict=True)
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", "empty file"),
        ("# just a comment\n", "empty file"),
        ("- a\n- b\n", "must be a mapping of fields, not a list"),
        ("just words\n", "must be a mapping of fields, not text"),
        ("id: b\nx: !custom 3\n", "YAML tag '!custom' is not supported"),
        (_LAUGHS, "document too large"),
    ],
)
def test_odd_documents_are_one_line_problems(text: str, expected: str) -> None:
    problems = problems_of(text)
    assert any(expected in p.message for p in problems), [str(p) for p in problems]


def test_file_problems(tmp_path: Path) -> None:
    missing = tmp_path / "nope.yaml"
    with pytest.raises(AuthoringError) as caught:
        load_case(missing)
    assert str(caught.value) == f"{missing}:1:1: file: file not found"
    with pytest.raises(AuthoringError, match="is a directory"):
        load_blueprint(tmp_path)
    latin = tmp_path / "latin.yaml"
    latin.write_bytes(b"id: b\ntitle: caf\xe9\n")
    with pytest.raises(AuthoringError) as caught:
        load_document(latin)
    (problem,) = caught.value.problems
    assert (problem.line, problem.column, problem.field) == (2, 11, "file")
    assert "not UTF-8" in problem.message
    # a byte-order mark is not a column: the bad byte is placed where an editor shows it
    marked = tmp_path / "marked.yaml"
    marked.write_bytes(b"\xef\xbb\xbfid\xff: b\n")
    with pytest.raises(AuthoringError) as caught:
        load_document(marked)
    (problem,) = caught.value.problems
    assert (problem.line, problem.column) == (1, 3)
    assert "byte 0xff" in problem.message
    empty = tmp_path / "empty.yaml"
    empty.write_text("")
    with pytest.raises(AuthoringError, match="empty file"):
        load_yaml(empty)


def test_load_document_tells_cases_from_blueprints(tmp_path: Path) -> None:
    case_file = tmp_path / "case.yaml"
    case_file.write_text(CASE_TEXT, encoding="utf-8")
    blueprint_file = tmp_path / "blueprint.yml"
    blueprint_file.write_text("id: b\nsource: deep_gluteal\n", encoding="utf-8")
    assert isinstance(load_document(case_file), Case)
    assert isinstance(load_document(blueprint_file), Blueprint)
    with pytest.raises(AuthoringError):
        load_case(blueprint_file)
    with pytest.raises(AuthoringError):
        load_blueprint(case_file)


def test_validate_paths_walks_folders(tmp_path: Path) -> None:
    (tmp_path / "deep").mkdir()
    (tmp_path / "good.yaml").write_text(CASE_TEXT, encoding="utf-8")
    (tmp_path / "deep" / "bad.yml").write_text("id: b\nsource: piriformis\n", encoding="utf-8")
    (tmp_path / "deep" / "notes.txt").write_text("not yaml: [", encoding="utf-8")
    (tmp_path / "empty").mkdir()
    problems = validate_paths([tmp_path, tmp_path / "empty", tmp_path / "missing.yaml"])
    assert [p.file for p in problems] == [
        str(tmp_path / "deep" / "bad.yml"),
        str(tmp_path / "empty"),
        str(tmp_path / "missing.yaml"),
    ]
    assert problems[0].line == 2
    assert problems[1].message == "no .yaml or .yml files here"
    assert problems[2].message == "file not found"
    assert validate_paths([tmp_path / "good.yaml"]) == []
