"""`exam grade`: the gradebook, item analysis, feedback, xAPI and rejected submissions."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from simulator.assessment.exam import LoadedExam
from simulator.assessment.grading import Graded, grade_journal
from simulator.assessment.journal import GENESIS, entry_line, seal
from simulator.assessment.reports import VERBS, discrimination
from simulator.scoring.rubric import RUBRIC_VERSION, WEIGHTS

from .conftest import EXAM, run_main, take_in_process


def _lines(entries: list[dict[str, Any]]) -> bytes:
    return b"".join(entry_line(e) for e in entries)


def _rechain(entries: list[dict[str, Any]]) -> list[dict[str, Any]]:
    prev = GENESIS
    out = []
    for entry in entries:
        body = {k: v for k, v in entry.items() if k != "hash"}
        body["prev"] = prev
        sealed = seal(body)
        out.append(sealed)
        prev = sealed["hash"]
    return out


@pytest.fixture(scope="module")
def graded_folder(submissions: Path, packs: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The three roster journals, a journal of another exam and one with an edited line."""
    folder = tmp_path_factory.mktemp("to-grade")
    for journal in submissions.glob("*.journal"):
        shutil.copy(journal, folder)
    entries = [
        json.loads(line) for line in (submissions / "s1002.journal").read_bytes().splitlines()
    ]
    entries[4]["action"] = {"kind": "refer", "reason": "red_flag"}  # hash left as it was
    (folder / "edited.journal").write_bytes(_lines(entries))
    entries = [
        json.loads(line) for line in (submissions / "s1001.journal").read_bytes().splitlines()
    ]
    entries[0]["exam_id"] = "another-exam"  # a whole chain, well formed, of another exam
    (folder / "other-exam.journal").write_bytes(_lines(_rechain(entries)))
    (folder / "notes.txt").write_text("not a journal")
    return folder


@pytest.fixture(scope="module")
def results(graded_folder: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    from .conftest import main

    out = tmp_path_factory.mktemp("results")
    assert main(["grade", str(EXAM), str(graded_folder), "--out", str(out)]) == 0
    return out


def _rows(results: Path) -> list[dict[str, str]]:
    with (results / "gradebook.csv").open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_gradebook_has_one_row_per_graded_student(results: Path, loaded: LoadedExam) -> None:
    rows = _rows(results)
    header = list(rows[0])
    assert header[0] == "student_id"
    assert header[-4:] == ["total", "pass", "status", "rubric_version"]
    assert len(header) == 1 + len(loaded.exam.items) + 4
    assert [r["student_id"] for r in rows] == ["s1001", "s1002", "s1003"]
    for row in rows:
        assert row["rubric_version"] == RUBRIC_VERSION
        cases = [float(row[h]) for h in header[1:-4]]
        assert float(row["total"]) == pytest.approx(sum(cases) / len(cases), abs=0.01)
        assert row["pass"] in ("0", "1")
    assert [r["status"] for r in rows] == ["complete", "complete", "incomplete"]


def test_rejected_submissions_name_the_entry_and_reason(results: Path) -> None:
    lines = (results / "rejected.txt").read_text().splitlines()
    assert len(lines) == 2
    assert "edited.journal: entry 4 (line 5): content does not match its hash" in lines[0]
    assert "other-exam.journal: entry 0 (line 1): exam 'another-exam'" in lines[1]


def test_item_analysis_shape(results: Path, loaded: LoadedExam) -> None:
    data = json.loads((results / "item_analysis.json").read_text())
    assert data["students"] == 3 and data["rejected"] == 2 and data["incomplete"] == 1
    assert [c["index"] for c in data["cases"]] == [1, 2, 3, 4]
    for case in data["cases"]:
        assert 0 <= case["mean"] <= 100 and 0 <= case["pass_rate"] <= 1
        assert case["discrimination"] is None or -1 <= case["discrimination"] <= 1
        assert set(case["rubric_means"]) == {i["id"] for i in data["rubric_items"]}
    assert len(data["rubric_items"]) == len(WEIGHTS)
    assert sum(i["maximum"] for i in data["rubric_items"]) == 100
    md = (results / "item_analysis.md").read_text()
    assert "| case | kind | mean | pass rate | discrimination |" in md


def test_feedback_per_student(results: Path) -> None:
    files = sorted(p.name for p in (results / "feedback").iterdir())
    assert files == ["s1001.md", "s1002.md", "s1003.md"]
    text = (results / "feedback" / "s1003.md").read_text()
    assert "not ended: graded as far as it goes" in text and "Not attempted." in text
    assert "| Technique fits the source |" in text


def _xapi(results: Path, student: str) -> list[dict[str, Any]]:
    data: list[dict[str, Any]] = json.loads((results / "xapi" / f"{student}.json").read_text())
    return data


def test_xapi_statements(results: Path) -> None:
    statements = _xapi(results, "s1002")
    verbs = [s["verb"]["id"] for s in statements]
    assert set(verbs) <= set(VERBS.values())
    assert verbs.count(VERBS["attempted"]) == 4
    assert verbs.count(VERBS["completed"]) == 5  # four cases and the exam
    assert len({s["id"] for s in statements}) == len(statements)
    for s in statements:
        assert s["actor"]["account"]["name"] == "s1002"
        assert s["actor"]["account"]["homePage"].startswith("https://")
        assert s["object"]["id"].startswith(s["actor"]["account"]["homePage"])
        assert "timestamp" not in s
        if "result" in s:
            score = s["result"]["score"]
            assert score["min"] == 0 and score["max"] == 100
            assert score["scaled"] == pytest.approx(score["raw"] / 100, abs=1e-4)
            assert isinstance(s["result"]["success"], bool)
    exam_last = statements[-1]
    assert exam_last["verb"]["id"] in (VERBS["passed"], VERBS["failed"])
    assert "context" not in exam_last
    incomplete = _xapi(results, "s1003")
    assert [s["verb"]["id"] for s in incomplete].count(VERBS["completed"]) == 1


def test_grading_is_deterministic(graded_folder: Path, results: Path, tmp_path: Path) -> None:
    from .conftest import main

    assert main(["grade", str(EXAM), str(graded_folder), "--out", str(tmp_path)]) == 0
    for path in sorted(results.rglob("*")):
        if path.is_file():
            assert (tmp_path / path.relative_to(results)).read_bytes() == path.read_bytes()


def test_roster_reports_missing_and_unknown_students(
    submissions: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(submissions / "s1001.journal", folder)
    roster = tmp_path / "roster.csv"
    roster.write_text("student_id\ns1002\n")
    code, _, _ = run_main(
        capsys, "grade", EXAM, folder, "--out", tmp_path / "out", "--roster", roster
    )
    assert code == 0
    rejected = (tmp_path / "out" / "rejected.txt").read_text()
    assert "student 's1001' is not on the roster" in rejected
    assert "s1002" not in rejected  # handing nothing in is not a rejected submission
    status = _csv(tmp_path / "out" / "status.csv")
    assert [r[:4] for r in status[1:]] == [
        ["s1002", "", "", "no submission"],
        ["s1001", "", "", "rejected"],
    ]
    assert "is not on the roster" in status[2][4]
    # the LMS files hold the roster's students only: an unknown user would stop an import
    assert [r[2] for r in _csv(tmp_path / "out" / "canvas.csv")[2:]] == ["s1002"]


def _csv(path: Path) -> list[list[str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.reader(handle))


@pytest.fixture(scope="module")
def lms(submissions: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """A roster of four: s1001 and s1003 graded, s1002's journal tampered with and renamed,
    s1004 with nothing handed in."""
    from .conftest import main

    folder = tmp_path_factory.mktemp("lms-in")
    shutil.copy(submissions / "s1001.journal", folder)
    shutil.copy(submissions / "s1003.journal", folder)
    entries = [
        json.loads(line) for line in (submissions / "s1002.journal").read_bytes().splitlines()
    ]
    entries[3]["action"] = {"kind": "end"}  # hash left as it was
    (folder / "renamed.journal").write_bytes(_lines(entries))
    roster = folder / "roster.csv"
    roster.write_text("student_id,name\ns1001,Ana\ns1002,Ben\ns1003,Cy\ns1004,Di\n")
    out = tmp_path_factory.mktemp("lms-out")
    import contextlib
    import io

    err = io.StringIO()
    with contextlib.redirect_stderr(err):
        code = main(["grade", str(EXAM), str(folder), "--out", str(out), "--roster", str(roster)])
    assert code == 0
    return out, err.getvalue()


def test_canvas_csv_has_canvas_identity_columns_and_every_roster_student(
    lms: tuple[Path, str], loaded: LoadedExam
) -> None:
    out, _ = lms
    rows = _csv(out / "canvas.csv")
    title = loaded.exam.title
    cases = [f"{title}: Case {n}: {t}" for n, t in enumerate(loaded.titles(), 1)]
    assert rows[0] == ["Student", "ID", "SIS User ID", "SIS Login ID", "Section", *cases]
    assert rows[1] == ["Points Possible", "", "", "", "", *(["100.00"] * len(cases))]
    assert [r[2] for r in rows[2:]] == ["s1001", "s1002", "s1003", "s1004"]
    book = {r["student_id"]: r for r in _rows(out)}
    for row in rows[2:]:
        scores = row[5:]
        if row[2] in ("s1002", "s1004"):
            assert scores == [""] * len(cases)  # no score, not a zero
        else:
            columns = [case[len(title) + 2 :] for case in cases]  # the gradebook's names
            assert [float(x) for x in scores] == [float(book[row[2]][c]) for c in columns]
    assert not {"total", "pass", "status"} & {h.casefold() for h in rows[0]}


def test_moodle_csv_maps_an_id_number_column_and_every_roster_student(
    lms: tuple[Path, str], loaded: LoadedExam
) -> None:
    out, _ = lms
    rows = _csv(out / "moodle.csv")
    assert rows[0][0] == "ID number" and len(rows[0]) == 1 + len(loaded.exam.items)
    assert [r[0] for r in rows[1:]] == ["s1001", "s1002", "s1003", "s1004"]
    assert rows[2][1:] == [""] * len(loaded.exam.items) == rows[4][1:]
    assert all(float(x) >= 0 for x in rows[1][1:])


def test_status_report_gives_each_student_one_status_and_no_submission_is_no_rejection(
    lms: tuple[Path, str],
) -> None:
    out, err = lms
    status = {r[0]: r for r in _csv(out / "status.csv")[1:]}
    assert [status[s][3] for s in ("s1001", "s1002", "s1003", "s1004")] == [
        "complete",
        "rejected",
        "incomplete",
        "no submission",
    ]
    reason = "renamed.journal: entry 3 (line 4): content does not match its hash"
    assert reason in status["s1002"][4]
    assert status["s1001"][2] in ("0", "1") and status["s1004"][1:3] == ["", ""]
    # the tampered journal is one rejection, and its student is not also "no submission"
    assert len((out / "rejected.txt").read_text().splitlines()) == 1
    data = json.loads((out / "item_analysis.json").read_text())
    assert (data["rejected"], data["no_submission"]) == (1, 1)
    assert "rejected 1, 1 student(s) without a submission" in err


def test_one_total_column_and_the_login_id_column_on_request(
    submissions: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], loaded: LoadedExam
) -> None:
    code, _, _ = run_main(
        capsys,
        "grade",
        EXAM,
        submissions,
        "--out",
        tmp_path,
        "--lms-columns",
        "total",
        "--canvas-id",
        "sis_login_id",
    )
    assert code == 0
    canvas = _csv(tmp_path / "canvas.csv")
    assert canvas[0][5:] == [loaded.exam.title] and canvas[1][5:] == ["100.00"]
    totals = {r["student_id"]: r["total"] for r in _rows(tmp_path)}
    assert {r[3]: r[5] for r in canvas[2:]} == totals
    assert all(r[2] == "" for r in canvas[2:])
    moodle = _csv(tmp_path / "moodle.csv")
    assert moodle[0] == ["ID number", loaded.exam.title]
    assert {r[0]: r[1] for r in moodle[1:]} == totals


def test_a_journal_taken_with_another_students_pack_is_graded_as_that_student(
    submissions: Path, loaded: LoadedExam
) -> None:
    """Renaming a journal changes nothing: the student is the one in the header."""
    graded = grade_journal(loaded, (submissions / "s1002.journal").read_bytes(), "s1001.journal")
    assert graded.student_id == "s1002"


def test_a_pack_built_from_another_secret_is_rejected(
    packs: Path, tmp_path: Path, loaded: LoadedExam
) -> None:
    from simulator.assessment.exam import Exam
    from simulator.assessment.pack import build_pack, pack_text

    other = LoadedExam(
        Exam.model_validate({**loaded.exam.model_dump(), "secret": "a-different-secret-42"}),
        loaded.path,
        loaded.sources,
    )
    pack = tmp_path / "s1001.pack"
    pack.write_text(pack_text(build_pack(other, "s1001")))
    take_in_process(pack, tmp_path / "s1001.journal", "ask onset\nend\n")
    from simulator.assessment.grading import Rejection

    with pytest.raises(Rejection, match="pack digest differs"):
        grade_journal(loaded, (tmp_path / "s1001.journal").read_bytes(), "x")


def _fake(student: str, total: float, passed: list[bool]) -> Graded:
    from types import SimpleNamespace

    results = [SimpleNamespace(score=SimpleNamespace(passed=p)) for p in passed]
    return Graded(student, "", results, total, False)  # type: ignore[arg-type]


def test_discrimination_index() -> None:
    cohort = [_fake(f"s{n:02}", float(n), [n >= 5, n % 2 == 0]) for n in range(10)]
    # 27% of 10 -> groups of 3: top (7, 8, 9) all pass case 1, bottom (0, 1, 2) none do
    assert discrimination(cohort, 0) == 1.0
    assert discrimination(cohort, 1) == pytest.approx(1 / 3 - 2 / 3, abs=1e-3)
    assert discrimination(cohort[:1], 0) is None


def test_a_journal_from_an_older_rubric_is_re_scored_and_says_so(
    loaded: LoadedExam, tmp_path: Path
) -> None:
    """Issue 12, rubric version: a journal taken under rubric 1 (no version in its header)
    is graded under the current rubric and its flags say so; a current one says nothing."""
    from simulator.assessment.grading import grade_journal
    from simulator.assessment.journal import RUBRIC_KEY, header_entry

    current = header_entry(loaded.exam.id, "s1001", "0" * 64)
    assert current[RUBRIC_KEY] == RUBRIC_VERSION
    old = {k: v for k, v in current.items() if k not in (RUBRIC_KEY, "hash")}
    old_line = entry_line(seal(old))
    graded = grade_journal(loaded, old_line, "old.journal", verify_pack=False)
    assert f"taken under rubric 1: re-scored under rubric {RUBRIC_VERSION}" in graded.flags
    new_line = entry_line(current)
    graded = grade_journal(loaded, new_line, "new.journal", verify_pack=False)
    assert not any("re-scored" in f for f in graded.flags)
