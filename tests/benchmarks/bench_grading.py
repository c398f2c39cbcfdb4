"""Grading throughput: `exam grade` over 500 students x 4 cases, ~25 actions a case.

Run: python tests/benchmarks/bench_grading.py [--quick] [--students N]
Prints sessions graded per second (target: >= 500 on one core) beside a floor measured in
the same run: replaying and scoring the same sessions with the cases already in hand and
the actions already parsed (no journal to verify, no case to regenerate, no pack digest to
recompute). Absolute rates vary with the machine; compare the ratio between runs.
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from simulator.assessment.exam import load_exam
from simulator.assessment.grading import Report, grade_folder, journal_files
from simulator.assessment.journal import action_entry, entry_line, header_entry
from simulator.assessment.pack import build_pack
from simulator.assessment.reports import write_report
from simulator.domain.actions import action_to_json, parse_script
from simulator.engine.session import Session
from simulator.scoring.rubric import score

REPO = Path(__file__).resolve().parents[2]
EXAM = REPO / "examples" / "exam" / "exam.yaml"
ANSWERS = REPO / "examples" / "exam" / "answers.txt"


def best_of(repeats: int, fn: Callable[[], object]) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="100 students, one repeat")
    parser.add_argument("--students", type=int, default=500)
    args = parser.parse_args()
    students = 100 if args.quick else args.students
    repeats = 1 if args.quick else 3

    loaded = load_exam(EXAM)
    actions = parse_script(ANSWERS.read_text(encoding="utf-8"))
    cases_n = len(loaded.exam.items)
    per_case = len(actions) // cases_n
    ids = [f"s{n:05}" for n in range(students)]

    # the submissions: journals as `exam take` writes them (built directly, without fsync)
    journals: dict[str, bytes] = {}
    for student in ids:
        pack = build_pack(loaded, student)
        entry = header_entry(loaded.exam.id, student, pack.digest)
        lines = [entry_line(entry)]
        for seq, action in enumerate(actions, start=1):
            entry = action_entry(seq, (seq - 1) // per_case, action_to_json(action), entry["hash"])
            lines.append(entry_line(entry))
        journals[student] = b"".join(lines)
    sessions = students * cases_n
    print(
        f"{students} students x {cases_n} cases, {per_case} actions a case "
        f"({sessions} sessions, {sum(map(len, journals.values())) / 1e6:.1f} MB of journals)"
    )

    folder = Path(tempfile.mkdtemp(prefix="bench-grading-"))
    for student, data in journals.items():
        (folder / f"{student}.journal").write_bytes(data)
    files = journal_files(folder)
    reports: list[Report] = []

    def grade_all() -> None:
        reports[:] = [grade_folder(loaded, files)]

    played = {
        student: [(v.case, v.session_seed) for v in loaded.variants(student)] for student in ids
    }

    def floor() -> None:
        for student in ids:
            for index, (case, seed) in enumerate(played[student]):
                session = Session(case, seed)
                for action in actions[index * per_case : (index + 1) * per_case]:
                    session.apply(action)
                score(case, session.steps, loaded.exam.pass_mark)

    base = best_of(repeats, floor)
    full = best_of(repeats, grade_all)
    print(
        f"grading (read, verify chain, regenerate cases and pack digest, replay, score): "
        f"{sessions / full:,.0f} sessions/s on one core "
        f"({full / base:.2f}x the floor; target >= 500/s)"
    )
    print(f"floor (replay + score, cases and actions in hand): {sessions / base:,.0f} sessions/s")

    report = reports[0]
    assert len(report.graded) == students and not report.rejected
    with tempfile.TemporaryDirectory() as out:
        write = best_of(repeats, lambda: write_report(report, Path(out)))
    shutil.rmtree(folder)
    print(
        f"writing the reports (gradebook, item analysis, {students} feedback and xAPI files): "
        f"{write:.2f} s; with grading: {sessions / (full + write):,.0f} sessions/s end to end"
    )


if __name__ == "__main__":
    main()
