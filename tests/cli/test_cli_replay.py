"""`massage-sim replay`: recompute a `run --json` transcript and report every tampered step."""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from .conftest import BLUEPRINTS, ROUTINE

Tamper = Callable[[dict[str, Any]], int | None]  # edits the transcript; the step to blame


@pytest.fixture(scope="module")
def transcript(transcript_text: str) -> dict[str, Any]:
    data = json.loads(transcript_text)
    assert data["steps"][-1]["action"] == {"kind": "end"}
    return data


def _write(workdir: Path, name: str, data: Any) -> Path:
    path = workdir / name
    path.write_text(json.dumps(data) if not isinstance(data, str) else data, encoding="utf-8")
    return path


def _first(data: dict[str, Any], predicate: Callable[[dict[str, Any]], bool]) -> int:
    return next(i for i, s in enumerate(data["steps"]) if predicate(s))


def _kind(kind: str) -> Callable[[dict[str, Any]], bool]:
    return lambda step: step["action"]["kind"] == kind


# the tamperings -----------------------------------------------------------------------------


def edit_text(data: dict[str, Any]) -> int:
    i = 3
    data["steps"][i]["text"] += " (edited)"
    return i


def edit_effect_of_a_treatment(data: dict[str, Any]) -> int:
    i = _first(data, _kind("treat"))
    old = data["steps"][i]["effect"]
    data["steps"][i]["effect"] = "flare" if old != "flare" else "relief"
    return i


def give_a_question_an_effect(data: dict[str, Any]) -> int:
    i = _first(data, _kind("ask"))
    data["steps"][i]["effect"] = "relief"
    return i


def edit_a_signal(data: dict[str, Any]) -> int:
    i = _first(data, lambda s: "nrs" in s["signals"])
    data["steps"][i]["signals"]["nrs"] = (data["steps"][i]["signals"]["nrs"] + 3) % 11
    return i


def edit_minutes_left(data: dict[str, Any]) -> int:
    i = 5
    data["steps"][i]["signals"]["minutes_left"] += 1
    return i


def add_a_signal(data: dict[str, Any]) -> int:
    i = _first(data, _kind("ask"))
    data["steps"][i]["signals"]["positive"] = True
    return i


def remove_a_signal(data: dict[str, Any]) -> int:
    i = _first(data, lambda s: "reach" in s["signals"])
    del data["steps"][i]["signals"]["reach"]
    return i


def delete_a_step(data: dict[str, Any]) -> int:
    i = 2  # a question: every later step now has a minute more left than recorded
    assert data["steps"][i]["action"]["kind"] == "ask"
    del data["steps"][i]
    return i


def reorder_two_steps(data: dict[str, Any]) -> int:
    steps = data["steps"]
    ask, palpate = _first(data, _kind("ask")), _first(data, _kind("palpate"))
    steps[ask], steps[palpate] = steps[palpate], steps[ask]  # 1 minute and 2 minutes
    return min(ask, palpate)


TAMPERINGS: list[Tamper] = [
    edit_text,
    edit_effect_of_a_treatment,
    give_a_question_an_effect,
    edit_a_signal,
    edit_minutes_left,
    add_a_signal,
    remove_a_signal,
    delete_a_step,
    reorder_two_steps,
]


# tests ----------------------------------------------------------------------------------------


def test_replay_of_a_run_output_is_verified(cli, workdir: Path, transcript_text, transcript):
    path = _write(workdir, "verified.json", transcript_text)
    result = cli("replay", path.name, "--json")
    assert result.code == 0, result.err
    out = json.loads(result.out)
    assert out["verified"] is True
    assert out["mismatches"] == []
    assert out["score"] == transcript["score"]
    assert out["steps"] == transcript["steps"]
    assert out["hidden"] == transcript["hidden"]
    assert result.err == ""


def test_replay_in_text_mode_says_it_verified(cli, workdir: Path, transcript_text) -> None:
    """Without --json the only verdict is the exit code; a reader is told nothing.

    Fails today: the session is reprinted, but no line says the recording checked out.
    """
    path = _write(workdir, "verified-text.json", transcript_text)
    result = cli("replay", path.name)
    assert result.code == 0, result.err
    assert "Score " in result.out
    assert "verified" in (result.out + result.err).lower()


def test_a_tampered_response_fails_replay_in_a_real_process(cli, workdir: Path, transcript):
    data = copy.deepcopy(transcript)
    index = edit_text(data)
    path = _write(workdir, "tampered.json", data)
    result = cli("replay", path.name)
    assert result.code == 1
    assert f"{path.name}: steps[{index}].text:" in result.err


@pytest.mark.parametrize("tamper", TAMPERINGS, ids=lambda t: t.__name__)
def test_tampering_is_reported_with_the_step_index(cli_main, workdir: Path, transcript, tamper):
    data = copy.deepcopy(transcript)
    index = tamper(data)
    path = _write(workdir, f"tampered-{tamper.__name__}.json", data)
    result = cli_main("replay", path, "--json")
    assert result.code == 1, result.err
    problems = result.lines()
    assert problems, "tampering must be reported"
    for line in problems:
        assert line.startswith(f"{path}: steps["), line
    blamed = {int(m) for m in re.findall(r"steps\[(\d+)\]", result.err)}
    assert min(blamed) == index, result.err
    out = json.loads(result.out)
    assert out["verified"] is False
    assert out["mismatches"] and all(m.startswith("steps[") for m in out["mismatches"])
    if tamper is not delete_a_step and tamper is not reorder_two_steps:
        # the actions are unchanged: the recomputed score is the honest one
        assert out["score"] == transcript["score"]
        assert out["steps"] == transcript["steps"]


@pytest.mark.parametrize(
    "edit",
    [
        {"total": 100.0, "passed": True},
        {"critical_errors": []},
        {"items": []},
    ],
    ids=["inflated-total", "errors-removed", "items-removed"],
)
def test_the_recorded_score_is_recomputed_not_trusted(cli_main, workdir: Path, transcript, edit):
    data = copy.deepcopy(transcript)
    data["score"].update(edit)
    data["hidden"]["source"] = "red_flag"  # `hidden` is output too: never read back
    path = _write(workdir, "score-edited.json", data)
    result = cli_main("replay", path, "--json")
    assert result.code == 0, result.err
    out = json.loads(result.out)
    assert out["verified"] is True
    assert out["score"] == transcript["score"]
    assert out["hidden"] == transcript["hidden"]


GARBAGE_ACTIONS = [
    pytest.param("dance", id="a-string"),
    pytest.param(None, id="null"),
    pytest.param({"kind": "dance"}, id="unknown-kind"),
    pytest.param({"question": "onset"}, id="no-kind"),
    pytest.param({"kind": "ask", "question": "banana"}, id="unknown-question"),
    pytest.param({"kind": "ask", "question": "onset", "extra": 1}, id="extra-field"),
    pytest.param(
        {
            "kind": "treat",
            "technique": "friction",
            "region": "glute_max",
            "pressure": 7,
            "minutes": 4,
        },
        id="pressure-7",
    ),
    pytest.param({"kind": ["ask"], "question": "onset"}, id="kind-is-a-list"),
    pytest.param({"kind": {"ask": 1}}, id="kind-is-an-object"),
]


@pytest.mark.parametrize("garbage", GARBAGE_ACTIONS)
def test_a_garbage_action_gets_one_line_naming_the_step(cli_main, workdir, transcript, garbage):
    data = copy.deepcopy(transcript)
    index = 4
    data["steps"][index]["action"] = garbage
    path = _write(workdir, "garbage-action.json", data)
    result = cli_main("replay", path)
    assert result.code == 1, result.err
    lines = result.lines()
    assert len(lines) == 1, result.err
    # `steps[4].action...` from the action parser, `steps.4.action` from the model check
    prefix = re.escape(f"massage-sim: {path}: steps")
    assert re.match(rf"{prefix}(\[{index}\]|\.{index})\.action\b", lines[0]), lines[0]
    assert "internal error" not in lines[0]


def test_replay_of_a_case_file_reference_works_from_where_run_was_run(
    cli_main, workdir: Path, transcript, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`run --case d/x.yaml` records `case.file` relative to the working folder.

    Fails today when the transcript is saved in another folder: replay resolves `case.file`
    against the transcript's folder only (a blueprint path is tried both ways).
    """
    monkeypatch.chdir(workdir)
    data = copy.deepcopy(transcript)
    assert not Path(data["case"]["file"]).is_absolute()
    del data["case"]["data"]
    (workdir / "saved").mkdir(exist_ok=True)
    path = _write(workdir, "saved/by-file.json", data)
    result = cli_main("replay", path.relative_to(workdir), "--json")
    assert result.code == 0, result.err
    assert json.loads(result.out)["verified"] is True


def test_replay_of_a_case_file_reference_next_to_the_transcript(
    cli_main, workdir: Path, transcript, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(workdir)
    data = copy.deepcopy(transcript)
    del data["case"]["data"]
    path = _write(workdir, "by-file.json", data)
    result = cli_main("replay", path.name, "--json")
    assert result.code == 0, result.err
    assert json.loads(result.out)["verified"] is True


def test_replay_of_a_blueprint_and_seed_reference(cli_main, workdir: Path) -> None:
    blueprint = BLUEPRINTS / "deep_gluteal.yaml"
    ran = cli_main(
        "run", "--blueprint", blueprint, "--case-seed", 9, "--actions", ROUTINE, "--json"
    )
    assert ran.code == 0, ran.err
    data = json.loads(ran.out)
    del data["case"]["data"]
    path = _write(workdir, "by-blueprint.json", data)
    result = cli_main("replay", path, "--json")
    assert result.code == 0, result.err
    out = json.loads(result.out)
    assert out["verified"] is True
    assert out["steps"] == data["steps"]


def test_replay_with_a_case_id_that_does_not_match(cli_main, workdir: Path, transcript) -> None:
    data = copy.deepcopy(transcript)
    data["case"]["id"] = "someone-else"
    path = _write(workdir, "wrong-id.json", data)
    result = cli_main("replay", path)
    assert result.code == 1
    (line,) = result.lines()
    assert f"{path}: case.id:" in line
