"""`massage-sim exam build|take|grade`: the command line of graded assessment.

Every handler takes the parsed arguments and returns the exit code; problems the user can
fix are raised as `UserError`, which the entry point prints one line each (simulator/errors.py).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any, TextIO

from simulator.cli.common import make_folder
from simulator.cli.lines import briefing_lines, hidden_line, read_actions, say, score_lines
from simulator.domain.actions import action_to_line
from simulator.errors import EXIT_USAGE, PROG, UserError
from simulator.progress import progress


def _load_exam(path: Path) -> Any:
    from simulator.assessment.exam import load_exam
    from simulator.authoring.problems import AuthoringError

    try:
        return load_exam(path)
    except AuthoringError as error:
        raise UserError(*(str(p) for p in error.problems)) from None


def _load_roster(path: Path) -> list[str]:
    from simulator.assessment.roster import read_roster
    from simulator.authoring.problems import AuthoringError

    try:
        return read_roster(path)
    except AuthoringError as error:
        raise UserError(*(str(p) for p in error.problems)) from None


# build ------------------------------------------------------------------------------------


def _refuse_journals(out: Path, *, force: bool) -> None:
    """A folder that holds journals is an exam under way: new packs there would no longer
    match them, so rebuilding needs --force (and even then only packs are rewritten)."""
    journals = sorted(out.glob("*.journal")) if out.is_dir() else []
    if journals and not force:
        raise UserError(
            f"{out}: already holds {len(journals)} journal(s) of students taking this exam; "
            "build into a new folder, or pass --force to rewrite the packs (journals are kept)"
        )


def cmd_build(args: argparse.Namespace) -> int:
    """One pack per student on the roster."""
    from simulator.assessment.access import ACCESS_FILE, access_code, access_text
    from simulator.assessment.pack import build_pack, pack_text, write_atomic

    loaded = _load_exam(Path(args.exam))
    students = _load_roster(Path(args.roster))
    out = Path(args.out)
    _refuse_journals(out, force=args.force)
    make_folder(out)
    for number, student in enumerate(students, start=1):
        pack = build_pack(loaded, student)
        try:
            write_atomic(out / f"{student}.pack", pack_text(pack))
        except OSError as error:
            raise UserError(f"{out / student}.pack: cannot write: {error.strerror}") from None
        progress(number, len(students), "building", sys.stderr)
    codes = {student: access_code(loaded, student) for student in students}
    try:
        write_atomic(out / ACCESS_FILE, access_text(codes))
    except OSError as error:
        raise UserError(f"{out / ACCESS_FILE}: cannot write: {error.strerror}") from None
    print(
        f"wrote {len(students)} pack(s) to {out}, and {ACCESS_FILE} with each student's "
        "access code for `massage-sim serve --exam` (keep it: hand out each code, not the file)",
        file=sys.stderr,
    )
    return 0


# take -------------------------------------------------------------------------------------


def _briefing(item: Any, total: int) -> None:
    say(f"\n== Case {item.index + 1} of {total}: {item.title} ==")
    for line in briefing_lines(item.case):
        say(line)
    course = item.course
    if course is None:
        say(
            f"{item.case.budget_minutes} minutes. One action per line; `help` lists them, `end` "
            "finishes the case. There is no undo."
        )
        return
    say(
        f"A course of {course.planned} visits a few days apart, {item.case.budget_minutes} "
        "minutes each. One action per line; `help` lists them, `end` finishes a visit, "
        "`visit` opens the next one; the case is over after the last visit. There is no undo."
    )


def _visit_heading(course: Any) -> str:
    return f"-- Visit {course.visit} of {course.planned} --"


def _replayed(item: Any) -> None:
    """What was already done in the case (resumed after a stop), visit by visit."""
    course = item.course
    if course is None:
        visits = [(None, item.session.steps)]
    else:
        openings = [None, *course.openings]
        visits = [(openings[k], s.steps) for k, s in enumerate(course.sessions)]
    for k, (opening, steps) in enumerate(visits, start=1):
        if course is not None:
            say(f"-- Visit {k} of {course.planned} --")
        if opening is not None:
            say("  " + opening.text)
        for step in steps:
            say(f"> {action_to_line(step.action)}")
            say("  " + step.response.text)


def _debrief(run: Any, index: int) -> None:
    result = run.debrief(index)
    if result is None:
        say("Case ended. Your score comes with the instructor's grading.")
        return
    if hasattr(result, "visits"):  # a course: each visit, then the course
        from simulator.cli.course import course_score_lines

        lines = [f"Case {index + 1}:", *("  " + line for line in course_score_lines(result))]
    else:
        lines = score_lines(f"Case {index + 1}:", result)
    for line in lines:
        say(line)
    say("  " + hidden_line(run.cases[index].hidden))


def take(pack: Path, journal: Path | None, lines: TextIO, interactive: bool) -> int:
    """The line mode of `exam take`: actions from `lines`, responses on stdout."""
    from simulator.assessment.run import ExamRun, RunError

    try:
        run = ExamRun.open(pack, journal)
    except RunError as error:
        raise UserError(str(error)) from None
    with run:
        total = len(run.sessions)
        say(f"{run.pack.exam_title}: {total} case(s), student {run.pack.student_id}.")
        say(f"Journal: {run.journal_path}")
        if run.resumed_actions:
            say(f"Resuming: {run.resumed_actions} action(s) replayed from the journal.")
        briefed = -1

        def brief() -> bool:
            """Brief the current case (skipping cases already ended); False when all are done."""
            nonlocal briefed
            while (item := run.current_item) is not None and item.ended:
                _debrief(run, item.index)  # resumed after a kill between a case and the next
                run.next_item()
            if item is None:
                return False
            if briefed != item.index:
                _briefing(item, total)
                _replayed(item)  # resumed mid-case: what was already done
                briefed = item.index
            return True

        def minutes_left() -> int:
            return run.current_item.session.minutes_left if run.current_item else 0

        def visit() -> str:
            """`2/3` in a course item, empty in a single session."""
            course = run.current_item.course if run.current_item else None
            return f"{course.visit}/{course.planned}" if course is not None else ""

        if brief():
            for action in read_actions(lines, interactive, minutes_left, visit):
                item = run.current_item
                assert item is not None  # brief() returned True
                course = item.course
                opened = course.visit if course is not None else 0
                try:
                    response = run.apply(action)  # on disk before the client answers
                except RunError as error:
                    raise UserError(str(error)) from None
                if course is not None and course.visit > opened:
                    say(_visit_heading(course))
                say("  " + response.text)
                if item.ended:
                    _debrief(run, item.index)
                    run.next_item()
                    if not brief():
                        break
                elif course is not None and item.session.ended:
                    say(f"  Visit {course.visit} has ended: type `visit` to see the client again.")
                elif item.session.minutes_left == 0:
                    what = "the case" if course is None else "the visit"
                    say(f"  No time left: type `end` to finish {what}.")
        if run.current_item is not None:
            say(
                f"\nPaused: everything so far is in {run.journal_path}. Run "
                f"`{PROG} exam take {pack}` again to carry on."
            )
            return 0
        say(f"\nExam complete. Hand in {run.journal_path}.")
    return 0


def take_app(pack: Path, journal: Path | None) -> int:
    """`exam take` on a terminal: the full-screen app in exam mode."""
    from simulator.assessment.run import ExamRun, RunError
    from simulator.tui.exam_app import take_in_app

    try:
        run = ExamRun.open(pack, journal)
    except RunError as error:
        raise UserError(str(error)) from None
    with run:
        code = take_in_app(run)
        if run.finished:
            print(f"Exam complete. Hand in {run.journal_path}.")
        else:
            print(
                f"Paused: everything so far is in {run.journal_path}. Run "
                f"`{PROG} exam take {pack}` again to carry on."
            )
    return code


def cmd_take(args: argparse.Namespace) -> int:
    """Take an exam from a pack: the app on a terminal, line by line when piped or with
    --lines; resumes from the journal either way."""
    journal = Path(args.journal) if args.journal else None
    terminal = sys.stdin.isatty() and sys.stdout.isatty()
    if terminal and not args.lines:
        return take_app(Path(args.pack), journal)
    return take(Path(args.pack), journal, sys.stdin, sys.stdin.isatty())


# grade ------------------------------------------------------------------------------------


def cmd_grade(args: argparse.Namespace) -> int:
    """Grade a folder of journals by replay and write the reports."""
    from simulator.assessment.grading import grade_folder, journal_files
    from simulator.assessment.reports import write_report

    loaded = _load_exam(Path(args.exam))
    folder = Path(args.submissions)
    if not folder.is_dir():
        raise UserError(f"{folder}: no such folder of submissions")
    roster = _load_roster(Path(args.roster)) if args.roster else None
    files = journal_files(folder)
    if not files:
        raise UserError(f"{folder}: no submissions (*.journal) in this folder")
    report = grade_folder(
        loaded, files, roster, progress=lambda d, t: progress(d, t, "grading", sys.stderr)
    )
    out = Path(args.out)
    make_folder(out)
    try:
        write_report(report, out, args.xapi_homepage, args.lms_columns, args.canvas_id)
    except OSError as error:
        raise UserError(f"{out}: cannot write results: {error.strerror}") from None
    for rejected in report.rejected:
        print(f"rejected: {rejected.file}: {rejected.reason}", file=sys.stderr)
    missing = f", {len(report.missing)} student(s) without a submission" if report.missing else ""
    print(
        f"graded {len(report.graded)} submission(s), rejected {len(report.rejected)}{missing}; "
        f"results in {out} (moodle.csv and canvas.csv to import, status.csv beside them)",
        file=sys.stderr,
    )
    return 0


# parser -----------------------------------------------------------------------------------


def register(subparsers: Any) -> None:
    """Add `exam build|take|grade` to the main parser's sub-commands."""
    from simulator.assessment import DEFAULT_HOMEPAGE

    exam = subparsers.add_parser("exam", help="graded assessment: build packs, take, grade")
    exam.set_defaults(func=lambda _args: (exam.print_help(), EXIT_USAGE)[1])
    sub = exam.add_subparsers(dest="exam_command", metavar="SUBCOMMAND")

    p = sub.add_parser("build", help="write one exam pack per student on the roster")
    p.add_argument("exam", metavar="EXAM", help="the exam YAML file")
    p.add_argument("--roster", required=True, help="CSV with a student_id column")
    p.add_argument("--out", required=True, help="folder for the <student_id>.pack files")
    p.add_argument(
        "--force",
        action="store_true",
        help="rebuild even when OUT already holds journals (they are kept, never deleted)",
    )
    p.set_defaults(func=cmd_build)

    p = sub.add_parser("take", help="take an exam from a pack (resumes from its journal)")
    p.add_argument("pack", metavar="PACK", help="the student's .pack file from `exam build`")
    p.add_argument("--journal", help="journal file (default: <student_id>.journal beside PACK)")
    p.add_argument(
        "--lines", action="store_true", help="line mode even on a terminal (also used when piped)"
    )
    p.set_defaults(func=cmd_take)

    p = sub.add_parser("grade", help="grade a folder of journals by replaying them")
    p.add_argument("exam", metavar="EXAM", help="the exam YAML file (with its secret)")
    p.add_argument("submissions", metavar="SUBMISSIONS", help="folder of *.journal files")
    p.add_argument("--out", required=True, help="folder for the results")
    p.add_argument(
        "--roster",
        help="CSV roster: every student on it gets a row in the LMS files (no submission: an "
        "empty score, and the status in status.csv)",
    )
    p.add_argument(
        "--lms-columns",
        choices=["cases", "total"],
        default="cases",
        help="moodle.csv and canvas.csv: one score column per case (default), or one total",
    )
    p.add_argument(
        "--canvas-id",
        choices=["sis_user_id", "sis_login_id"],
        default="sis_user_id",
        help="the Canvas column that holds the student id (default sis_user_id)",
    )
    p.add_argument(
        "--xapi-homepage",
        default=DEFAULT_HOMEPAGE,
        help=f"account homePage of xAPI actors and activity id base (default {DEFAULT_HOMEPAGE})",
    )
    p.set_defaults(func=cmd_grade)
