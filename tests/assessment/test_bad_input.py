"""Bad input to `exam build|take|grade`: one line per problem, with file:line, and a
non-zero exit; never a traceback."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from .conftest import EXAM, EXAMPLE, ROSTER, run_main

GOOD = f"""id: quiz
title: A quiz
secret: a-long-enough-secret
items:
  - blueprint: {(EXAMPLE / "../../cases/blueprints/deep_gluteal.yaml").resolve()}
"""
LOCATED = re.compile(r"^massage-sim: \S+:\d+(:\d+)?: [\w.\[\]]+: .+$")


def _exam(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "exam.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def _build(capsys: pytest.CaptureFixture[str], exam: Path, roster: Path, out: Path) -> list[str]:
    code, _, err = run_main(capsys, "build", exam, "--roster", roster, "--out", out)
    assert code == 1
    lines = err.strip().splitlines()
    assert lines and all(LOCATED.match(line) for line in lines), lines
    assert not out.exists() or not any(out.iterdir())
    return lines


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            ("title: A quiz", "titel: A quiz"),
            r"exam.yaml:2:1: titel: unknown field 'titel'; did you mean 'title'\?",
        ),
        (
            ("secret: a-long-enough-secret", "secret: short"),
            r"exam.yaml:3:1: secret: must be at least 12 characters",
        ),
        (("id: quiz", "id: Quiz!"), r"exam.yaml:1:1: id: 'Quiz!' is not a valid id"),
        (
            ("items:", "minutes: 5\nitems:"),
            r"exam.yaml:4:1: minutes: 5 is out of range: minutes must be between 10 and 180",
        ),
        (
            ("items:", "debrief: never\nitems:"),
            r"exam.yaml:4:1: debrief: must be one of: after_each, after_grading; got 'never'",
        ),
        (
            ("  - blueprint:", "  - case: x.yaml\n    blueprint:"),
            r"exam.yaml:5:5: items\[0\].case: give exactly one of 'case' or 'blueprint'",
        ),
        (
            ("deep_gluteal.yaml", "nowhere.yaml"),
            r"exam.yaml:5:5: items\[0\].blueprint: no such file: .*nowhere.yaml",
        ),
    ],
)
def test_exam_file_problems(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, change: tuple[str, str], expected: str
) -> None:
    exam = _exam(tmp_path, GOOD.replace(*change))
    lines = _build(capsys, exam, ROSTER, tmp_path / "packs")
    assert any(re.search(expected, line) for line in lines), lines


def test_every_problem_at_once_and_problems_inside_item_files(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    bad_case = tmp_path / "bad-case.yaml"
    bad_case.write_text("id: x\npersona: {}\n", encoding="utf-8")
    exam = _exam(
        tmp_path,
        GOOD + "  - case: bad-case.yaml\n  - blueprint: missing.yaml\n",
    )
    lines = _build(capsys, exam, ROSTER, tmp_path / "packs")
    assert any("bad-case.yaml:" in line and "hidden" in line for line in lines)
    assert any("exam.yaml:7:5: items[2].blueprint: no such file" in line for line in lines)


def test_yaml_syntax_error(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    exam = _exam(tmp_path, "id: quiz\ntitle: [unclosed\n")
    lines = _build(capsys, exam, ROSTER, tmp_path / "packs")
    assert lines[0].startswith(f"massage-sim: {exam}:")


@pytest.mark.parametrize(
    ("roster", "expected"),
    [
        ("", r"roster.csv:1:1: header: empty roster"),
        ("name,email\nAna,a@x\n", r"roster.csv:1:1: header: no 'student_id' column"),
        (
            "student_id\ns1\ns1\n",
            r"roster.csv:3:1: student_id: duplicate student id 's1' \(first on line 2\)",
        ),
        (
            "student_id,name\n../evil,Eve\n",
            r"roster.csv:2:1: student_id: '../evil' is not a valid student id",
        ),
        ("name,student_id\nAna\n", r"roster.csv:2:1: student_id: missing student id"),
        ("student_id\n\n", r"roster.csv:1:1: student_id: no students in the roster"),
    ],
)
def test_roster_problems(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, roster: str, expected: str
) -> None:
    path = tmp_path / "roster.csv"
    path.write_text(roster, encoding="utf-8")
    lines = _build(capsys, EXAM, path, tmp_path / "packs")
    assert len(lines) == 1 and re.search(expected, lines[0]), lines


def test_roster_with_semicolons_and_a_bom(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "roster.csv"
    path.write_bytes("\ufeffname;student_id\nAna;a1\nBen;b2\n".encode())
    code, _, _ = run_main(capsys, "build", EXAM, "--roster", path, "--out", tmp_path / "p")
    assert code == 0
    assert sorted(p.name for p in (tmp_path / "p").iterdir()) == [
        "a1.pack",
        "access.csv",
        "b2.pack",
    ]


def _one_line_error(capsys: pytest.CaptureFixture[str], *args: object) -> str:
    code, _, err = run_main(capsys, *args)
    assert code == 1
    lines = err.strip().splitlines()
    assert len(lines) == 1, lines
    return lines[0]


def test_grade_bad_inputs(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert "no such folder" in _one_line_error(
        capsys, "grade", EXAM, tmp_path / "nope", "--out", out
    )
    (tmp_path / "empty").mkdir()
    assert "no submissions (*.journal)" in _one_line_error(
        capsys, "grade", EXAM, tmp_path / "empty", "--out", out
    )
    exam = _exam(tmp_path, GOOD.replace("secret: a-long-enough-secret\n", ""))
    line = _one_line_error(capsys, "grade", exam, tmp_path / "empty", "--out", out)
    assert LOCATED.match(line) and "missing required field 'secret'" in line


def test_a_bad_journal_is_rejected_not_a_crash(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    folder = tmp_path / "subs"
    folder.mkdir()
    (folder / "a.journal").write_bytes(b"\xff\xfe not text\n")
    (folder / "b.journal").write_text("")
    (folder / "c.journal").write_text("[1, 2]\n")
    code, _, _ = run_main(capsys, "grade", EXAM, folder, "--out", tmp_path / "out")
    assert code == 0
    rejected = (tmp_path / "out" / "rejected.txt").read_text().splitlines()
    assert [line.split(": ", 1)[1] for line in rejected] == [
        "entry 0 (line 1): not UTF-8 text",
        "entry 0 (line 1): empty journal, no header",
        "entry 0 (line 1): not a journal entry (expected a JSON object)",
    ]


def test_take_bad_inputs(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert "no such file" in _one_line_error(capsys, "take", tmp_path / "none.pack")
    bad = tmp_path / "bad.pack"
    bad.write_text("{}")
    assert "not an exam pack" in _one_line_error(capsys, "take", bad)


def test_register_wires_into_the_main_parser(tmp_path: Path) -> None:
    """What the lead's line in cli.py does: `exam` among the main parser's commands."""
    import argparse

    from simulator.cli import build_parser
    from simulator.cli.exam import register

    parser = build_parser()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    if "exam" not in sub.choices:
        register(sub)
    args = parser.parse_args(
        ["exam", "build", str(EXAM), "--roster", str(ROSTER), "--out", str(tmp_path)]
    )
    assert args.func(args) == 0
    assert len(list(tmp_path.glob("*.pack"))) == 3
    args = parser.parse_args(["exam"])
    assert args.func(args) == 2


def test_build_refuses_a_folder_holding_journals_and_force_keeps_them(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    out = tmp_path / "packs"
    assert run_main(capsys, "build", EXAM, "--roster", ROSTER, "--out", out)[0] == 0
    journal = out / "s1001.journal"
    journal.write_text('{"type": "header"}\n', encoding="utf-8")
    pack = (out / "s1001.pack").read_bytes()
    line = _one_line_error(capsys, "build", EXAM, "--roster", ROSTER, "--out", out)
    assert line.startswith(f"massage-sim: {out}: already holds 1 journal(s)")
    assert "--force" in line
    assert (out / "s1001.pack").read_bytes() == pack
    code, _, _ = run_main(capsys, "build", EXAM, "--roster", ROSTER, "--out", out, "--force")
    assert code == 0
    assert journal.read_text(encoding="utf-8") == '{"type": "header"}\n'
