"""Per-student variants and packs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from simulator.assessment.exam import LoadedExam, derive_seed, load_exam
from simulator.assessment.pack import PackError, build_pack, pack_text, read_pack
from simulator.assessment.run import ExamRun, RunError

from .conftest import EXAM


def _dump(loaded: LoadedExam, student: str) -> list[str]:
    return [json.dumps(v.case.model_dump(mode="json")) for v in loaded.variants(student)]


def test_students_get_different_cases_from_a_blueprint(loaded: LoadedExam) -> None:
    blueprint_items = [i for i, item in enumerate(loaded.exam.items) if item.blueprint]
    a, b = _dump(loaded, "s1001"), _dump(loaded, "s1002")
    for index in blueprint_items:
        assert a[index] != b[index]
    many = {_dump(loaded, f"student{n}")[1] for n in range(20)}
    assert len(many) == 20


def test_the_same_student_always_gets_the_same_cases(loaded: LoadedExam) -> None:
    again = load_exam(EXAM)  # a fresh load: nothing cached
    assert _dump(loaded, "s1001") == _dump(again, "s1001")
    assert build_pack(loaded, "s1001").digest == build_pack(again, "s1001").digest


def test_authored_cases_are_the_same_for_everyone(loaded: LoadedExam) -> None:
    authored = [i for i, item in enumerate(loaded.exam.items) if item.case]
    assert authored
    for index in authored:
        assert _dump(loaded, "s1001")[index] == _dump(loaded, "s1002")[index]


def test_the_exam_clock_applies_to_every_case(loaded: LoadedExam) -> None:
    assert {v.case.budget_minutes for v in loaded.variants("x")} == {loaded.exam.minutes}


def test_seeds_depend_on_the_secret() -> None:
    assert derive_seed("secret-one-123", "e", "s", 0, "case") != derive_seed(
        "secret-two-123", "e", "s", 0, "case"
    )
    assert derive_seed("secret-one-123", "e", "s", 0, "case") != derive_seed(
        "secret-one-123", "e", "s", 1, "case"
    )


def test_a_pack_hides_the_case_and_not_the_secret(loaded: LoadedExam) -> None:
    pack = build_pack(loaded, "s1001")
    text = pack_text(pack)
    for variant in loaded.variants("s1001"):
        case = variant.case
        for visible in (case.persona.name, case.persona.complaint, case.hidden.source.value):
            assert visible not in text
    assert loaded.exam.secret not in text
    assert "hidden" not in text and "irritability" not in text
    assert pack.cases() == [v.case for v in loaded.variants("s1001")]


def test_a_changed_pack_is_refused(packs: Path, tmp_path: Path) -> None:
    raw = json.loads((packs / "s1001.pack").read_text())
    raw["items"][0]["session_seed"] += 1
    changed = tmp_path / "s1001.pack"
    changed.write_text(json.dumps(raw))
    with pytest.raises(PackError, match="digest: the pack was changed"):
        read_pack(changed)
    with pytest.raises(RunError, match="digest"):
        ExamRun.open(changed)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("not json", "not an exam pack"),
        ('{"format": "other"}', "not an exam pack"),
        ("[]", "not an exam pack"),
    ],
)
def test_a_file_that_is_not_a_pack_is_one_line(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "x.pack"
    path.write_text(content)
    with pytest.raises(PackError, match=message) as error:
        read_pack(path)
    assert "\n" not in str(error.value)


def test_exam_run_api_for_a_tui(packs: Path, tmp_path: Path) -> None:
    """The calls a TUI makes: current_item, apply, debrief, next_item, finished."""
    from simulator.domain.actions import parse_line

    with ExamRun.open(packs / "s1001.pack", tmp_path / "t.journal") as run:
        item = run.current_item
        assert item is not None and item.index == 0 and not run.finished
        run.apply(parse_line("ask onset"))
        assert run.next_item() == item  # not ended: the case stays current
        assert run.apply(parse_line("end")).ended
        with pytest.raises(RunError, match="has ended"):
            run.apply(parse_line("ask onset"))  # no rewind, no second go
        assert run.debrief(0) is None  # after_grading: no score during the exam
        run.next_item()
        assert run.current_item is not None and run.current_item.index == 1
        for _ in range(len(run.sessions) - 1):
            run.apply(parse_line("end"))
            run.next_item()
        assert run.finished and run.current_item is None
        with pytest.raises(RunError, match="finished"):
            run.apply(parse_line("ask onset"))
