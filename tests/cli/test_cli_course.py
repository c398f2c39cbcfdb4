"""Courses of care through the real entry point: `run` (separators, one file per visit,
--visits), its JSON, a folder, `replay` of a course, bad input, and piped `play`."""

from __future__ import annotations

import copy
import json
import re
import shlex
from pathlib import Path
from typing import Any

import pytest

from .conftest import REPO, ROUTINE, Outcome

COURSE = REPO / "examples" / "course.txt"
TOP_KEYS = {"case", "session_seed", "course", "visits", "score", "hidden"}
VISIT_KEYS = {"visit", "report", "opening", "steps", "score"}
STEP_KEYS = {"action", "text", "effect", "signals"}
SCORE_KEYS = {"total", "passed", "items", "critical_errors", "rubric_version", "visits"}
VISIT_SCORE_KEYS = {"total", "passed", "items", "critical_errors", "rubric_version"}
COURSE_ITEMS = {"follow_up_reassessment", "plan_progression", "no_repeat_flare", "discharge"}
HIDDEN_KEYS = {"source", "secondary", "irritability", "nerve_sensitivity", "intervals"}


def _visit_files(folder: Path) -> list[Path]:
    """examples/course.txt cut at its `visit` lines: one file per visit."""
    parts: list[list[str]] = [[]]
    for line in COURSE.read_text(encoding="utf-8").splitlines():
        if line.strip() == "visit":
            parts.append([])
        else:
            parts[-1].append(line)
    paths = []
    for k, lines in enumerate(parts, start=1):
        path = folder / f"visit{k}.txt"
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        paths.append(path)
    return paths


@pytest.fixture(scope="module")
def case_arg(workdir: Path, one_case: Path) -> Path:
    return one_case.relative_to(workdir)


@pytest.fixture(scope="module")
def course_out(cli: Any, case_arg: Path) -> str:
    result = cli("run", "--case", case_arg, "--actions", COURSE, "--json")
    assert result.code == 0, result.err
    assert len(result.out.splitlines()) == 1
    return str(result.out)


@pytest.fixture(scope="module")
def course(course_out: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(course_out)
    return data


def _write(folder: Path, name: str, data: Any) -> Path:
    path = folder / name
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


# run -----------------------------------------------------------------------------------------


def test_a_script_with_visit_separators_runs_a_course(course: dict[str, Any]) -> None:
    assert set(course) == TOP_KEYS
    assert {"id", "seed", "file", "data"} <= set(course["case"])
    assert course["course"] == {"planned": 3, "referred_out": False, "closing": None}
    visits = course["visits"]
    assert [v["visit"] for v in visits] == [1, 2, 3]
    for v in visits:
        assert set(v) == VISIT_KEYS
        assert v["steps"] and v["steps"][-1]["action"] == {"kind": "end"}
        assert all(set(step) == STEP_KEYS for step in v["steps"])
        assert all(step["action"]["kind"] != "visit" for step in v["steps"])
        assert set(v["score"]) == VISIT_SCORE_KEYS
    assert visits[0]["report"] is None and visits[0]["opening"] is None
    for k, v in enumerate(visits[1:], start=2):
        assert v["report"].startswith(f"Visit {k}, a few days later.")
        assert "How have you been since last time?" in v["report"]
        assert v["opening"]["action"] == {"kind": "visit"}
        assert v["opening"]["text"] == v["report"]
        assert "minutes_left" in v["opening"]["signals"]


def test_the_course_score_holds_the_items_and_each_visits_total(course: dict[str, Any]) -> None:
    score = course["score"]
    assert set(score) == SCORE_KEYS
    assert {item["id"] for item in score["items"]} == COURSE_ITEMS
    for item in score["items"]:
        assert 0 <= item["points"] <= item["maximum"]
        assert item["teaching"]
    assert score["visits"] == [
        {"visit": v["visit"], "total": v["score"]["total"], "passed": v["score"]["passed"]}
        for v in course["visits"]
    ]
    assert 0 <= score["total"] <= 100 and isinstance(score["passed"], bool)
    assert score["rubric_version"] == course["visits"][0]["score"]["rubric_version"]


def test_the_hidden_truth_carries_the_intervals(course: dict[str, Any]) -> None:
    hidden = course["hidden"]
    assert set(hidden) == HIDDEN_KEYS
    intervals = hidden["intervals"]
    assert [i["after_visit"] for i in intervals] == [1, 2]
    for interval, visit in zip(intervals, course["visits"][1:], strict=True):
        assert interval["report"] and interval["report"] in visit["report"]
        assert interval["irritability"][0] in ("low", "moderate", "high")


def test_one_file_per_visit_is_the_same_course(
    cli: Any, case_arg: Path, workdir: Path, course_out: str
) -> None:
    files = _visit_files(workdir)
    args = [a for path in files for a in ("--actions", path)]
    result = cli("run", "--case", case_arg, *args, "--json")
    assert result.code == 0, result.err
    assert result.out == course_out


def test_the_same_input_gives_the_same_output(cli: Any, case_arg: Path, course_out: str) -> None:
    again = cli("run", "--case", case_arg, "--actions", COURSE, "--json")
    assert again.out == course_out
    other_seed = cli("run", "--case", case_arg, "--actions", COURSE, "--json", "--seed", 5)
    assert json.loads(other_seed.out)["session_seed"] == 5


def test_visits_n_plays_a_script_at_every_visit(cli: Any, case_arg: Path) -> None:
    result = cli("run", "--case", case_arg, "--actions", ROUTINE, "--visits", 2, "--json")
    assert result.code == 0, result.err
    data = json.loads(result.out)
    assert data["course"]["planned"] == 2
    kinds = [[s["action"] for s in v["steps"]] for v in data["visits"]]
    assert len(kinds) == 2 and kinds[0] == kinds[1]


def test_without_a_course_run_prints_the_session_as_before(cli: Any, case_arg: Path) -> None:
    result = cli("run", "--case", case_arg, "--actions", ROUTINE, "--json")
    data = json.loads(result.out)
    assert set(data) == {"case", "session_seed", "steps", "score", "hidden"}
    assert "visits" not in data["score"]


def test_text_output_scores_each_visit_and_the_course(cli: Any, case_arg: Path) -> None:
    result = cli("run", "--case", case_arg, "--actions", COURSE)
    assert result.code == 0, result.err
    lines = result.out.splitlines()
    for k in (1, 2, 3):
        assert f"Visit {k} of 3" in lines
        assert any(re.match(rf"Visit {k} score [\d.]+/100 (PASS|FAIL)$", line) for line in lines)
    course_line = next(i for i, line in enumerate(lines) if line.startswith("Course "))
    assert re.match(r"Course [\d.]+/100 (PASS|FAIL)$", lines[course_line])
    body = "\n".join(lines[course_line:])
    assert "The plan followed the client's report" in body
    assert "Discharge or referral at the end" in body
    assert "why:" in body or "PASS" in lines[course_line]
    assert any(line.startswith("Hidden: ") for line in lines)
    assert "Between visits:" in lines and "  after visit 2: " in body


def test_a_folder_prints_json_lines_and_a_course_summary(
    cli: Any, workdir: Path, case_files: list[Path]
) -> None:
    result = cli("run", "--case", "d", "--actions", COURSE, "--json")
    assert result.code == 0, result.err
    rows = [json.loads(line) for line in result.out.splitlines()]
    assert len(rows) == len(case_files)
    assert all(set(row) == TOP_KEYS for row in rows)
    summary = result.err.splitlines()
    passed = sum(row["score"]["passed"] for row in rows)
    mean = sum(row["score"]["total"] for row in rows) / len(rows)
    assert summary[0] == (
        f"{len(rows)} course(s): pass rate {passed / len(rows):.0%} ({passed}/{len(rows)}), "
        f"mean score {mean:.1f}"
    )
    sources = {row["hidden"]["source"] for row in rows}
    listed = {line.split()[0] for line in summary[2:]}
    assert listed == sources


def test_a_case_that_pins_its_visits_sets_the_course_length(
    cli_main: Any, one_case: Path, tmp_path: Path
) -> None:
    pinned = tmp_path / "pinned.yaml"
    pinned.write_text(
        one_case.read_text(encoding="utf-8") + "course:\n  visits: 2\n", encoding="utf-8"
    )
    result = cli_main("run", "--case", pinned, "--actions", COURSE)
    assert result.code == 1
    assert result.lines() == [
        f"massage-sim: {pinned}: course.visits: the case pins 2 visits, but {COURSE} plays 3; "
        "pass --visits 3 to override"
    ]
    assert cli_main("run", "--case", pinned, "--actions", COURSE, "--visits", 3).code == 0
    two = _script(tmp_path, "two.txt", "ask onset\nvisit\nask onset\n")
    result = cli_main("run", "--case", pinned, "--actions", two, "--json")
    assert json.loads(result.out)["course"]["planned"] == 2


# replay --------------------------------------------------------------------------------------


def test_replay_verifies_a_course_and_recomputes_its_score(
    cli: Any, workdir: Path, course: dict[str, Any]
) -> None:
    path = _write(workdir, "course.json", course)
    result = cli("replay", path.name, "--json")
    assert result.code == 0, result.err
    out = json.loads(result.out)
    assert out["verified"] is True and out["mismatches"] == []
    assert out["score"] == course["score"] and out["visits"] == course["visits"]
    text = cli("replay", path.name)
    assert text.code == 0
    assert text.out.splitlines()[-1] == "verified: every recorded response matches the replay"


def test_replay_ignores_a_recorded_score(cli: Any, workdir: Path, course: dict[str, Any]) -> None:
    data = copy.deepcopy(course)
    data["score"]["total"] = 100.0
    data["score"]["passed"] = True
    data["visits"][1]["score"]["total"] = 100.0
    out = json.loads(cli("replay", _write(workdir, "boast.json", data).name, "--json").out)
    assert out["score"] == course["score"]
    assert out["visits"][1]["score"] == course["visits"][1]["score"]


def _tamper_step(data: dict[str, Any]) -> str:
    data["visits"][1]["steps"][2]["text"] += " (edited)"
    return "visits[1].steps[2].text"


def _tamper_report(data: dict[str, Any]) -> str:
    data["visits"][2]["opening"]["text"] = data["visits"][2]["opening"]["text"].replace(
        "How have you been", "How are you"
    )
    return "visits[2].opening.text"


def _tamper_effect(data: dict[str, Any]) -> str:
    step = next(
        n for n, s in enumerate(data["visits"][2]["steps"]) if s["action"]["kind"] == "treat"
    )
    old = data["visits"][2]["steps"][step]["effect"]
    data["visits"][2]["steps"][step]["effect"] = "relief" if old != "relief" else "flare"
    return f"visits[2].steps[{step}].effect"


def _drop_an_end(data: dict[str, Any]) -> str:
    data["visits"][0]["steps"].pop()  # the `visit` ends it in the replay: one step more
    return "visits[0].steps: recorded"


@pytest.mark.parametrize(
    "tamper", [_tamper_step, _tamper_report, _tamper_effect, _drop_an_end], ids=lambda f: f.__name__
)
def test_replay_names_each_tampered_course_step(
    cli: Any, workdir: Path, course: dict[str, Any], tamper: Any
) -> None:
    data = copy.deepcopy(course)
    where = tamper(data)
    path = _write(workdir, f"{tamper.__name__}.json", data)
    result = cli("replay", path.name, "--json")
    assert result.code == 1
    assert json.loads(result.out)["verified"] is False
    assert any(line.startswith(f"{path.name}: {where}") for line in result.lines()), result.err


def test_replay_of_a_broken_course_transcript_is_one_line_per_problem(
    cli_main: Any, tmp_path: Path, course: dict[str, Any]
) -> None:
    data = copy.deepcopy(course)
    data["course"]["planned"] = 9
    data["visits"][1]["steps"][0]["action"] = {"kind": "ask", "question": "banana"}
    data["visits"][2]["visit"] = 7
    data["case"]["file"] = str(REPO / data["case"]["file"])  # not needed: data is inline
    result: Outcome = cli_main("replay", _write(tmp_path, "broken.json", data))
    assert result.code == 1
    assert len(result.lines()) == 1 and "course.planned" in result.err
    data["course"]["planned"] = 3
    result = cli_main("replay", _write(tmp_path, "broken.json", data))
    assert result.code == 1
    problems = result.lines()
    assert any("visits[1].steps[0].action.question" in p for p in problems), problems
    assert any("visits[2].visit: expected 3, found 7" in p for p in problems), problems


def test_an_emergency_referral_closes_the_course(cli: Any, case_arg: Path, workdir: Path) -> None:
    _script(workdir, "refer.txt", "ask bladder_bowel\nrefer red_flag\nend\nvisit\nask onset\n")
    result = cli("run", "--case", case_arg, "--actions", "refer.txt", "--json")
    assert result.code == 0, result.err
    data = json.loads(result.out)
    assert data["course"]["referred_out"] is True
    assert "the course has ended" in data["course"]["closing"]
    assert len(data["visits"]) == 1 and len(data["hidden"]["intervals"]) == 1
    assert data["hidden"]["intervals"][0]["referral"] == "red_flag"
    path = _write(workdir, "refer.json", data)
    assert cli("replay", path.name).code == 0
    text = cli("run", "--case", case_arg, "--actions", "refer.txt").out.splitlines()
    closing = text.index("     " + data["course"]["closing"])
    assert text[closing - 2] == "  3. end"  # told where it happened, before the refused steps
    data["visits"][0]["steps"].insert(0, {**data["visits"][0]["steps"][0]})
    data["visits"][0]["steps"][0]["action"] = {"kind": "visit"}
    result = cli("replay", _write(workdir, "refer-bad.json", data).name)
    assert result.code == 1
    assert "visits[0].steps[0].action.kind: `visit` separates visits" in result.err


# bad input -----------------------------------------------------------------------------------


def _script(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--visits", "7"], "--visits: a course has 2 to 4 visits, not 7"),
        (["--visits", "1"], "--visits: a course has 2 to 4 visits, not 1"),
    ],
)
def test_visits_out_of_range_is_a_usage_error(
    cli_main: Any, one_case: Path, extra: list[str], message: str
) -> None:
    result = cli_main("run", "--case", one_case, "--actions", ROUTINE, *extra)
    assert result.code == 2
    assert result.lines() == [f"massage-sim: {message}"]


def test_too_many_separators_name_the_file_and_line(
    cli_main: Any, one_case: Path, tmp_path: Path
) -> None:
    path = _script(tmp_path, "s.txt", "ask onset\nvisit\nask onset\nvisit\n# three\nvisit\nend\n")
    result = cli_main("run", "--case", one_case, "--actions", path, "--visits", 3)
    assert result.code == 1
    assert result.lines() == [
        f"massage-sim: {path}:6: visit: this separator opens visit 4, but --visits 3 plans 3; "
        "pass --visits 4"
    ]
    five = _script(tmp_path, "five.txt", "visit\n" * 4 + "end\n")
    result = cli_main("run", "--case", one_case, "--actions", five)
    assert result.lines() == [
        f"massage-sim: {five}:4: visit: this separator opens visit 5, but a course has at most "
        "4 visits"
    ]


def test_several_files_take_no_separators_and_at_most_four(
    cli_main: Any, one_case: Path, tmp_path: Path
) -> None:
    plain = _script(tmp_path, "plain.txt", "ask onset\nend\n")
    marked = _script(tmp_path, "marked.txt", "ask onset\n\nvisit\nend\n")
    result = cli_main("run", "--case", one_case, "--actions", plain, "--actions", marked)
    assert result.code == 1
    assert result.lines() == [
        f"massage-sim: {marked}:3: visit: with several --actions files each file is one visit; "
        "give one file, or put no `visit` separator in the files"
    ]
    five = [a for _ in range(5) for a in ("--actions", plain)]
    result = cli_main("run", "--case", one_case, *five)
    assert result.code == 2 and "a course has at most 4 visits" in result.err
    result = cli_main("run", "--case", one_case, *five[:6], "--visits", 2)
    assert result.lines() == ["massage-sim: --actions: 3 files, one per visit, but --visits 2"]


def test_a_bad_line_in_a_visit_file_names_that_file(
    cli_main: Any, one_case: Path, tmp_path: Path
) -> None:
    good = _script(tmp_path, "good.txt", "ask onset\nend\n")
    bad = _script(tmp_path, "bad.txt", "ask onset\nvisit now\n")
    result = cli_main("run", "--case", one_case, "--actions", good, "--actions", bad)
    assert result.code == 1
    assert len(result.lines()) == 1 and result.lines()[0].startswith(f"massage-sim: {bad}:2:")


# play, piped ---------------------------------------------------------------------------------


def test_piped_play_of_a_course(cli: Any, case_arg: Path) -> None:
    script = "ask onset\ntest slr\nend\nvisit\nreassess slr\nvisit\nask pain_rating\n"
    result = cli("play", "--case", case_arg, "--visits", 2, stdin=script)
    assert result.code == 0, result.err
    lines = result.out.splitlines()
    assert "Visit 1 of 2" in lines and "Visit 2 of 2" in lines
    assert "  Visit 1 has ended: type `visit` to see the client again." in lines
    opened = lines.index("Visit 2 of 2")
    assert lines[opened + 1].startswith("  Visit 2, a few days later. How have you been")
    assert "  This is the last visit of a 2-visit course." in lines
    assert any(re.match(r"Visit 1 score [\d.]+/100", line) for line in lines)
    assert any(re.match(r"Visit 2 score [\d.]+/100", line) for line in lines)
    assert any(re.match(r"Course [\d.]+/100 (PASS|FAIL)$", line) for line in lines)
    assert "Between visits:" in lines
    # the prompt says which visit each line was typed in
    assert "[60 min] visit 1/2 > ask onset" in lines
    assert any(re.fullmatch(r"\[\d+ min\] visit 1/2 > visit", line) for line in lines)
    assert "[60 min] visit 2/2 > reassess slr" in lines
    assert not any(re.match(r"\[\d+ min\] > ", line) for line in lines)


def test_play_course_scores_as_run_does(cli: Any, case_arg: Path, workdir: Path) -> None:
    script = "ask onset\ntest slr\ntreat compression glute_max 3 5\nvisit\nreassess slr\nvisit\n"
    played = cli("play", "--case", case_arg, "--course", stdin=script)
    assert played.code == 0, played.err
    assert "Visit 3 of 3" in played.out.splitlines()
    _script(workdir, "three.txt", script)
    ran = cli("run", "--case", case_arg, "--actions", "three.txt")
    assert ran.code == 0, ran.err

    def debrief(out: str) -> list[str]:
        lines = out.splitlines()
        return lines[next(i for i, line in enumerate(lines) if line.startswith("Visit 1 score")) :]

    assert debrief(played.out) == debrief(ran.out)


def test_visit_in_a_single_session_play_says_where_it_belongs(cli: Any, case_arg: Path) -> None:
    result = cli("play", "--case", case_arg, stdin="ask onset\nvisit\nend\n")
    assert result.code == 0, result.err
    assert "  `visit` belongs to a course of care: start `play --visits N` (2-4 visits)." in (
        result.out.splitlines()
    )
    assert "Score " in result.out and "Course " not in result.out
    assert "[60 min] > ask onset" in result.out.splitlines()  # no visit in a session's prompt


# the README's commands -----------------------------------------------------------------------


def _readme_course_commands() -> list[list[str]]:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    section = text.split("## Courses of care", 1)[1].split("\n## ", 1)[0]
    block = re.findall(r"```sh\n(.*?)```", section, flags=re.DOTALL)[0]
    return [shlex.split(line, comments=True) for line in block.strip().splitlines()]


def test_the_readme_course_commands_work_and_routines_fail(cli: Any, tmp_path: Path) -> None:
    (tmp_path / "examples").symlink_to(REPO / "examples")
    commands = _readme_course_commands()
    assert [c[1] for c in commands] == ["generate", "run", "run", "replay", "run", "play"]
    for command in commands:
        assert command[0] == "massage-sim"
        args, out = command[1:], None
        if ">" in args:
            args, out = args[: args.index(">")], tmp_path / args[args.index(">") + 1]
        stdin = "ask onset\nvisit\nask onset\n" if args[0] == "play" else None
        result = cli(*args, stdin=stdin, cwd=tmp_path)
        assert result.code == 0, (command, result.err)
        if out is not None:
            out.write_text(result.out, encoding="utf-8")
        if args[0] == "replay":
            assert "verified: every recorded response" in result.out
        if "--visits" in args and args[0] == "run":  # the routine repeated: no course passes
            assert result.err.startswith("50 course(s): pass rate 0% (0/50)"), result.err
    fixed = cli("run", "--case", "mix", "--actions", COURSE, "--json", cwd=tmp_path)
    passed = sum(json.loads(line)["score"]["passed"] for line in fixed.out.splitlines())
    assert passed <= 10, "a fixed three-visit script passes only a few (README)"


def test_play_visits_at_a_terminal_opens_the_app_on_a_course(
    cli_main: Any, one_case: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from simulator.cli import play
    from simulator.tui import launch

    calls: list[dict[str, Any]] = []
    monkeypatch.setattr(play, "interactive", lambda: True)
    monkeypatch.setattr(launch, "run_app", lambda case, seed, **kw: calls.append(kw) or 0)
    assert cli_main("play", "--case", one_case, "--visits", 2).code == 0
    assert cli_main("play", "--case", one_case).code == 0
    assert calls == [{"reveal": False, "visits": 2}, {"reveal": False, "visits": None}]
