"""`massage-sim new`: the scaffold explains every field, loads back equal, lints clean, and
never overwrites a file unless asked."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import BaseModel

from simulator.authoring.lint import lint_case, lint_file
from simulator.authoring.loading import load_case, parse_case, validate_paths
from simulator.authoring.scaffold import (
    FIELD_HELP,
    case_to_commented_yaml,
    id_from_path,
    scaffold_case,
    schema_reference,
)
from simulator.cli.authoring import cmd_new, register
from simulator.domain.case import Case, Findings, Hidden, Persona
from simulator.domain.ids import Source

REPO = Path(__file__).resolve().parents[2]
BLUEPRINTS = REPO / "cases" / "blueprints"
SECTIONS: dict[str, type[BaseModel]] = {"persona": Persona, "hidden": Hidden, "findings": Findings}


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="massage-sim")
    register(parser.add_subparsers(dest="command"))
    return parser


def new(*argv: str) -> int:
    args = _parser().parse_args(["new", *argv])
    assert args.func is cmd_new
    code: int = args.func(args)
    return code


def test_every_case_field_has_help() -> None:
    expected = set(Case.model_fields)
    for section, model in SECTIONS.items():
        expected |= {f"{section}.{name}" for name in model.model_fields}
    assert expected <= set(FIELD_HELP), sorted(expected - set(FIELD_HELP))
    assert set(FIELD_HELP) <= expected, sorted(set(FIELD_HELP) - expected)


def _key_lines(text: str) -> list[tuple[int, str]]:
    """(line index, dotted key) of every field of the top level and the three sections."""
    found: list[tuple[int, str]] = []
    section = ""
    for index, line in enumerate(text.splitlines()):
        if not line or line.lstrip().startswith(("#", "-")) or ":" not in line:
            continue
        indent = len(line) - len(line.lstrip())
        key = line.strip().split(":", 1)[0]
        if indent == 0:
            section = key
            found.append((index, key))
        elif indent == 2 and section in SECTIONS:
            found.append((index, f"{section}.{key}"))
    return found


def test_a_comment_sits_above_every_field() -> None:
    case = scaffold_case(seed=4, source=Source.LUMBAR_RADICULAR, case_id="lr-draft")
    text = case_to_commented_yaml(case)
    lines = text.splitlines()
    keys = _key_lines(text)
    # the course block is optional: written (with its comment) only when a case has one
    assert {key for _i, key in keys} == set(FIELD_HELP) - {"course"}
    for index, key in keys:
        assert lines[index - 1].lstrip().startswith("# "), (key, lines[index - 1])
    assert parse_case(text) == case


@settings(max_examples=15, deadline=None)
@given(
    seed=st.integers(min_value=0, max_value=10**9),
    source=st.none() | st.sampled_from(list(Source)),
)
def test_scaffolds_round_trip(seed: int, source: Source | None) -> None:
    case = scaffold_case(seed=seed, source=source)
    assert parse_case(case_to_commented_yaml(case), "new.yaml") == case
    assert case.learning_objectives
    assert case.teaching_note
    if source is not None:
        assert case.hidden.source is source


def test_drafts_cite_a_seed_section() -> None:
    for source in Source:
        case = scaffold_case(seed=1, source=source)
        teaching = [f for f in lint_case(case) if f.check == "teaching"]
        assert teaching == [], (source, teaching)


def test_new_writes_a_file_that_loads_validates_and_lints_clean(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "cases" / "dg-new-client.yaml"
    assert (
        new("--from", str(BLUEPRINTS / "deep_gluteal.yaml"), "--seed", "1", "--out", str(out)) == 0
    )
    _out, err = capsys.readouterr()
    assert f"wrote {out}" in err
    case = load_case(out)
    assert case.id == "dg-new-client"
    assert case.hidden.source is Source.DEEP_GLUTEAL
    assert validate_paths([out]) == []
    assert lint_file(out) == []
    text = out.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=massage-sim-schema.json\n")
    assert "--from" in text.splitlines()[3]


def test_new_to_stdout(capsys: pytest.CaptureFixture[str]) -> None:
    assert new("--seed", "2", "--source", "red_flag") == 0
    out, _err = capsys.readouterr()
    case = parse_case(out)
    assert case.hidden.source is Source.RED_FLAG
    assert case.id == "mix-red_flag-2"


def test_new_refuses_to_overwrite(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "mine.yaml"
    out.write_text("keep me\n", encoding="utf-8")
    assert new("--out", str(out)) == 1
    stdout, stderr = capsys.readouterr()
    assert len(stdout.splitlines()) == 1
    assert "already exists" in stdout and "--force" in stdout
    assert "nothing written" in stderr
    assert out.read_text(encoding="utf-8") == "keep me\n"
    assert new("--out", str(out), "--force", "--seed", "5") == 0
    assert load_case(out).id == "mine"


def test_new_reports_a_bad_blueprint(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    blueprint = tmp_path / "bp.yaml"
    blueprint.write_text("id: bp\nsource: deep_glutes\n", encoding="utf-8")
    out = tmp_path / "case.yaml"
    assert new("--from", str(blueprint), "--out", str(out)) == 1
    stdout, _stderr = capsys.readouterr()
    assert f"{blueprint}:2:" in stdout and "deep_gluteal" in stdout
    assert not out.exists()
    assert new("--from", str(tmp_path / "missing.yaml")) == 1
    stdout, _stderr = capsys.readouterr()
    assert "file not found" in stdout


def test_the_modeline_points_at_the_nearest_schema(tmp_path: Path) -> None:
    (tmp_path / "cases" / "library").mkdir(parents=True)
    (tmp_path / "cases" / "massage-sim-schema.json").write_text("{}", encoding="utf-8")
    out = tmp_path / "cases" / "library" / "x.yaml"
    assert schema_reference(out) == "../massage-sim-schema.json"
    assert new("--out", str(out), "--seed", "3") == 0
    assert out.read_text(encoding="utf-8").startswith(
        "# yaml-language-server: $schema=../massage-sim-schema.json\n"
    )
    assert schema_reference(None) == "massage-sim-schema.json"


@pytest.mark.parametrize(
    ("name", "expected"),
    [("DG Cyclist.yaml", "dg-cyclist"), ("lr_case-2.yml", "lr_case-2"), ("__.yaml", None)],
)
def test_ids_come_from_file_names(name: str, expected: str | None) -> None:
    assert id_from_path(Path(name)) == expected


_BASE = scaffold_case(seed=0, source=Source.DEEP_GLUTEAL)


@pytest.mark.parametrize(
    "note",
    [
        "word " * 60,
        " ".join(["spaced  out"] * 30),
        "x" * 300,
        "- looks like a list item " * 8,
        "# looks like a comment " * 8,
        "She said: \"yes\" and 'no', then {braces} & [brackets]: " * 5,
        "short",
    ],
)
def test_long_notes_fold_and_round_trip(note: str) -> None:
    case = _BASE.model_copy(update={"teaching_note": note})
    assert parse_case(case_to_commented_yaml(case)) == case


@settings(max_examples=40, deadline=None)
@given(note=st.text(st.characters(codec="utf-8"), max_size=300))
def test_any_note_round_trips(note: str) -> None:
    case = _BASE.model_copy(update={"teaching_note": note})
    assert parse_case(case_to_commented_yaml(case)) == case
