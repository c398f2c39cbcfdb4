"""One test per crash class of issue 15: each input once reached the internal-error exit (70)
and now gets a one-line message naming file, line and field, or runs."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest

from simulator.domain.actions import MAX_ACTIONS, ActionError, parse_line
from simulator.errors import EXIT_PROBLEMS, EXIT_USAGE

from .harness import DEEP_JSON, EXAM, HUGE, LIBRARY, ROUTINE, Outcome, contract_problem, run_cli
from .journals import Class

CASE = LIBRARY / "lr-warehouse-lift.yaml"


def refused(outcome: Outcome, *expected: str, code: int = EXIT_PROBLEMS) -> list[str]:
    """The outcome is a refusal with one line per problem, each holding `expected`."""
    assert contract_problem(outcome) is None, outcome.err
    assert outcome.code == code, outcome.err
    lines = [line for line in (outcome.out + outcome.err).splitlines() if line.strip()]
    text = "\n".join(lines)
    for part in expected:
        assert part in text, text
    return lines


# numbers past Python's 4,300-digit limit ----------------------------------------------------


def test_a_huge_number_in_a_case_file_is_a_located_problem(tmp_path: Path) -> None:
    text = CASE.read_text(encoding="utf-8")
    path = tmp_path / "case.yaml"
    path.write_text(re.sub(r"(?m)^  pain: \d+", f"  pain: {HUGE}", text), encoding="utf-8")
    line = next(n for n, s in enumerate(text.split("\n"), 1) if s.startswith("  pain:"))
    for command in (
        ["validate", path],
        ["lint", path],
        ["run", "--case", path, "--actions", ROUTINE],
    ):
        refused(run_cli(*command), f"{path}:{line}:", "number too long")


def test_a_huge_hex_number_in_a_case_file_is_a_located_problem(tmp_path: Path) -> None:
    path = tmp_path / "case.yaml"
    text = CASE.read_text(encoding="utf-8").replace("seed:", "seed: 0x" + "f" * 5000 + "\n#", 1)
    path.write_text(text, encoding="utf-8")
    refused(run_cli("validate", path), "seed: number too long")


def test_a_huge_pressure_in_an_action_line_is_the_pressure_message(tmp_path: Path) -> None:
    script = tmp_path / "a.txt"
    script.write_text(f"ask onset\ntreat friction glute_max {HUGE} 3\n", encoding="utf-8")
    refused(run_cli("run", "--case", CASE, "--actions", script), f"{script}:2: pressure:")
    with pytest.raises(ActionError, match="pressure must be a whole number"):
        parse_line(f"treat friction glute_max {HUGE} 3")
    with pytest.raises(ActionError, match="minutes must be a whole number"):
        parse_line("treat friction glute_max 3 ²")  # isdigit() says yes, int() says no


def test_a_huge_number_in_a_json_script_names_its_line(tmp_path: Path) -> None:
    script = tmp_path / "a.json"
    script.write_text('[\n{"kind": "check_in"},\n{"kind": "treat", "pressure": ' + HUGE + "}\n]")
    refused(run_cli("run", "--case", CASE, "--actions", script), f"{script}:3:", "too long")


def test_huge_or_negative_seeds_are_usage_errors_in_one_line() -> None:
    for seed in ("-1", HUGE, "x"):
        outcome = run_cli("generate", "--count", "1", "--seed", seed)
        lines = refused(outcome, "is not a seed", code=EXIT_USAGE)
        assert not any("validation error" in line for line in lines)
        assert len([line for line in lines if "error:" in line]) == 1


# JSON nested 100,000 deep -----------------------------------------------------------------


def test_deep_json_action_script_is_refused(tmp_path: Path) -> None:
    script = tmp_path / "deep.json"
    script.write_text(DEEP_JSON, encoding="utf-8")
    refused(run_cli("run", "--case", CASE, "--actions", script), f"{script}:1:", "nested too deep")
    script.write_text('{"kind": "end"}\n' + DEEP_JSON, encoding="utf-8")  # JSON Lines
    refused(run_cli("run", "--case", CASE, "--actions", script), f"{script}:2:", "nested too deep")


def test_deep_json_transcript_is_refused(tmp_path: Path) -> None:
    transcript = tmp_path / "t.json"
    transcript.write_text("\n" + DEEP_JSON, encoding="utf-8")
    refused(run_cli("replay", transcript), f"{transcript}:2:", "nested too deep")


def test_deep_nesting_in_yaml_is_refused_fast(tmp_path: Path) -> None:
    path = tmp_path / "case.yaml"
    path.write_text("id: x\nsteps: " + "[" * 100_000 + "]" * 100_000 + "\n", encoding="utf-8")
    refused(run_cli("validate", path), f"{path}:2:", "nested too deep")


# scoring is total for every valid case ------------------------------------------------------


def test_a_valid_case_with_pain_0_runs_lints_and_scores(tmp_path: Path) -> None:
    path = tmp_path / "case.yaml"
    text = CASE.read_text(encoding="utf-8")
    assert "source: lumbar_radicular" in text
    path.write_text(re.sub(r"(?m)^  pain: \d+", "  pain: 0", text), encoding="utf-8")
    assert run_cli("validate", path).code == 0
    outcome = run_cli("run", "--case", path, "--actions", ROUTINE, "--json")
    assert outcome.code == 0, outcome.err
    assert 0 <= json.loads(outcome.out)["score"]["total"] <= 100
    assert contract_problem(run_cli("lint", path)) is None


def test_blueprint_weights_that_sum_to_infinity_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "bp.yaml"
    path.write_text("id: inf\nsource:\n  lumbar_radicular: 1.0e308\n  deep_gluteal: 1.0e308\n")
    refused(run_cli("validate", path), f"{path}:2:", "source:", "add up to more")
    outcome = run_cli("run", "--blueprint", path, "--actions", ROUTINE)
    refused(outcome, "add up to more")


# YAML tags and directives -------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    ["!!omap\n- a: 1\n", "id: !!omap\n- a: 1\n", "!!pairs\n- a: 1\n", "id: !!pairs\n- a: 1\n"],
)
def test_yaml_omap_and_pairs_are_one_line_problems(tmp_path: Path, text: str) -> None:
    path = tmp_path / "case.yaml"
    path.write_text(text, encoding="utf-8")
    for line in refused(run_cli("validate", path))[:-1]:
        assert line.startswith(f"{path}:")


@pytest.mark.parametrize("version", ["2.0", "1.7", "x"])
def test_a_yaml_directive_other_than_1_1_or_1_2_is_a_one_line_problem(
    tmp_path: Path, version: str
) -> None:
    path = tmp_path / "case.yaml"
    path.write_text(f"id: a\n...\n%YAML {version}\n---\nid: x\n", encoding="utf-8")
    refused(run_cli("validate", path), f"{path}:3:1: yaml: YAML version {version!r}")


# paths ------------------------------------------------------------------------------------


def test_a_300_character_file_name_is_one_line(tmp_path: Path) -> None:
    long = tmp_path / ("x" * 300 + ".yaml")
    refused(run_cli("run", "--case", long, "--actions", ROUTINE), "File name too long")
    refused(run_cli("run", "--case", CASE, "--actions", long), "File name too long")
    refused(run_cli("validate", long))
    refused(run_cli("replay", long), "File name too long")


def test_a_symlink_loop_is_one_line(tmp_path: Path) -> None:
    loop = tmp_path / "loop.yaml"
    os.symlink(loop.name, loop)
    refused(run_cli("run", "--case", loop, "--actions", ROUTINE), str(loop))
    refused(run_cli("run", "--case", CASE, "--actions", loop), str(loop))
    refused(run_cli("validate", loop), str(loop))


def test_run_on_a_folder_skips_a_sub_folder_named_yaml(tmp_path: Path) -> None:
    (tmp_path / "sub.yaml").mkdir()
    (tmp_path / "c.yaml").write_text(CASE.read_text(encoding="utf-8"), encoding="utf-8")
    assert run_cli("validate", tmp_path).code == 0
    outcome = run_cli("run", "--case", tmp_path, "--actions", ROUTINE, "--json")
    assert outcome.code == 0, outcome.err
    assert len(outcome.out.splitlines()) == 1


# script lines -----------------------------------------------------------------------------


def test_line_numbers_do_not_drift_on_form_feeds_or_unicode_breaks(tmp_path: Path) -> None:
    script = tmp_path / "a.txt"
    script.write_text("ask onset\x0c\nask radiation\u2028x\r\nobserve gait\x85\nfly\n", "utf-8")
    lines = refused(run_cli("run", "--case", CASE, "--actions", script))
    assert len(lines) == 2, lines
    assert f"{script}:2: " in lines[0], lines  # "ask radiation\u2028x": one word too many
    assert f"{script}:4: kind: unknown action 'fly'" in lines[1], lines


def test_a_bom_does_not_make_the_first_action_unknown(tmp_path: Path) -> None:
    script = tmp_path / "a.txt"
    script.write_text("\ufeffask onset\nend\n", encoding="utf-8")
    assert run_cli("run", "--case", CASE, "--actions", script).code == 0
    script.write_text('\ufeff[{"kind": "end"}]', encoding="utf-8")
    assert run_cli("run", "--case", CASE, "--actions", script).code == 0


def test_a_json_list_entry_reports_the_line_it_starts_on(tmp_path: Path) -> None:
    script = tmp_path / "a.json"
    script.write_text('[\n  {"kind": "check_in"},\n\n  {"kind": "fly"}\n]\n', encoding="utf-8")
    refused(run_cli("run", "--case", CASE, "--actions", script), f"{script}:4: [1].kind:")


def test_a_script_longer_than_any_session_is_refused_in_one_line(tmp_path: Path) -> None:
    script = tmp_path / "long.txt"
    script.write_text("check_in\n" * (MAX_ACTIONS + 5), encoding="utf-8")
    lines = refused(
        run_cli("run", "--case", CASE, "--actions", script), f"{script}:{MAX_ACTIONS + 1}:"
    )
    assert len(lines) == 1


def test_a_thousand_bad_lines_give_twenty_and_stop(tmp_path: Path) -> None:
    script = tmp_path / "bad.txt"
    script.write_text("fly\n" * 1000, encoding="utf-8")
    lines = refused(run_cli("run", "--case", CASE, "--actions", script))
    assert len(lines) == 21
    assert lines[-1].endswith(f"{script}:21: more bad lines from here on; stopped after 20")


# grading: one poisoned journal --------------------------------------------------------------


@pytest.mark.parametrize(
    "poison",
    [DEEP_JSON.encode(), b'{"hash": ' + HUGE.encode() + b"}", b"\xff\xfe not utf-8"],
    ids=["deep", "huge-number", "not-utf8"],
)
def test_grading_a_folder_with_one_poisoned_journal_grades_everyone_else(
    exam_class: Class, tmp_path: Path, poison: bytes
) -> None:
    lines = exam_class.journal_lines()
    lines[3] = poison
    files = exam_class.poison(lines)
    out = tmp_path / "results"
    folder = files[0].parent
    outcome = run_cli("exam", "grade", EXAM, folder, "--out", out)
    assert outcome.code == 0, outcome.err
    victim = folder / exam_class.victim_name
    rejected = [line for line in outcome.err.splitlines() if line.startswith("rejected:")]
    assert len(rejected) == 1, outcome.err
    assert rejected[0].startswith(f"rejected: {victim}: entry 3 (line 4): not "), rejected
    assert f"graded {len(files) - 1} submission(s), rejected 1" in outcome.err
    assert any(out.iterdir())


def test_a_pack_whose_student_id_is_a_path_is_refused(exam_class: Class, tmp_path: Path) -> None:
    from simulator.assessment.pack import Pack, pack_text

    pack_file = next(exam_class.packs.glob("*.pack"))
    data = json.loads(pack_file.read_text(encoding="utf-8"))
    data["student_id"] = "../../escaped"
    crafted = Pack.model_validate(data)
    data["digest"] = crafted.computed_digest()  # anyone can recompute it: not keyed
    crafted_file = tmp_path / "deep" / "er" / "x.pack"
    crafted_file.parent.mkdir(parents=True)
    crafted_file.write_text(pack_text(Pack.model_validate(data)), encoding="utf-8")
    outcome = run_cli("exam", "take", crafted_file, "--lines")
    refused(outcome, f"{crafted_file}: student_id:", "not a valid student id")
    assert not (tmp_path / "escaped.journal").exists()
    assert not list(tmp_path.rglob("*.journal"))


def test_a_duplicate_key_of_a_huge_value_is_one_short_line(tmp_path: Path) -> None:
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n"
    for level in "bcdef":
        prev = chr(ord(level) - 1)
        bomb += f"{level}: &{level} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]\n"
    path = tmp_path / "case.yaml"
    path.write_text(bomb + bomb.splitlines()[-1] + "\n", encoding="utf-8")  # f twice
    lines = refused(run_cli("validate", path), f"{path}:7:1: yaml: found duplicate key")
    assert len(lines) == 2 and len(lines[0]) < 400  # the problem and the count, no warning
