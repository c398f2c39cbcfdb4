"""`massage-sim exam build|take|grade`: the command line of graded assessment.

Wired into the main parser by `register(subparsers)`. Every handler takes the parsed
arguments and returns the exit code; problems the user can fix are raised as `UserError`,
which the entry point prints one line each (simulator/errors.py).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TextIO

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


def _mkdir(path: Path) -> None:
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise UserError(f"{path}: cannot create folder: {error.strerror}") from None


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
    _mkdir(out)
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


def _say(text: str = "") -> None:
    print(text, flush=True)


def _briefing(item: Any, total: int) -> None:
    p = item.case.persona
    _say(f"\n== Case {item.index + 1} of {total}: {item.title} ==")
    _say(f"{p.name}, {p.age}, {p.occupation}. {p.sport.capitalize()}: {p.training_load}.")
    _say(f'"{p.complaint}"')
    _say(
        f"{item.case.budget_minutes} minutes. One action per line; `help` lists them, `end` "
        "finishes the case. There is no undo."
    )


def _vocabulary() -> None:
    from simulator.domain.actions import ARGUMENTS, CHOICES

    for kind, names in ARGUMENTS.items():
        _say("  " + " ".join([kind, *(n.upper() for n in names)]))
    for name, values in CHOICES.items():
        _say(f"  {name.upper()}: {', '.join(values)}")


def _debrief(run: Any, index: int) -> None:
    result = run.debrief(index)
    if result is None:
        _say("Case ended. Your score comes with the instructor's grading.")
        return
    case = run.cases[index]
    verdict = "PASS" if result.passed else "FAIL"
    _say(f"Case {index + 1}: {result.total:g}/100 {verdict}")
    for item in result.items:
        _say(f"  {item.points:>5g}/{item.maximum:<3g} {item.title}: {item.detail}")
    for error in result.critical_errors:
        _say(f"  critical: {error}")
    h = case.hidden
    _say(f"  Hidden: {h.source.value}, irritability {h.irritability.value}")


def take(pack: Path, journal: Path | None, lines: TextIO, interactive: bool) -> int:
    """The line mode of `exam take`: actions from `lines`, responses on stdout."""
    from simulator.assessment.run import ExamRun, RunError
    from simulator.domain.actions import ActionError, action_to_line, parse_line

    try:
        run = ExamRun.open(pack, journal)
    except RunError as error:
        raise UserError(str(error)) from None
    with run:
        total = len(run.sessions)
        _say(f"{run.pack.exam_title}: {total} case(s), student {run.pack.student_id}.")
        _say(f"Journal: {run.journal_path}")
        if run.resumed_actions:
            _say(f"Resuming: {run.resumed_actions} action(s) replayed from the journal.")
        briefed = -1
        while (item := run.current_item) is not None:
            if item.session.ended:  # resumed after a kill between a case's end and the next
                _debrief(run, item.index)
                run.next_item()
                continue
            if briefed != item.index:
                _briefing(item, total)
                for step in item.session.steps:  # resumed mid-case: what was already done
                    _say(f"> {action_to_line(step.action)}")
                    _say("  " + step.response.text)
                briefed = item.index
            if interactive:
                sys.stdout.write(f"[{item.session.minutes_left} min] > ")
                sys.stdout.flush()
            line = lines.readline()
            if not line:
                _say(
                    f"\nPaused: everything so far is in {run.journal_path}. Run "
                    f"`{PROG} exam take {pack}` again to carry on."
                )
                return 0
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            if line == "help":
                _vocabulary()
                continue
            try:
                action = parse_line(line)
            except ActionError as error:
                _say(f"  {error.message}")
                continue
            try:
                response = run.apply(action)  # on disk before the client answers
            except RunError as error:
                raise UserError(str(error)) from None
            if not interactive:  # a script piped in: show what was done beside the answer
                _say(f"> {action_to_line(action)}")
            _say("  " + response.text)
            if response.ended:
                _debrief(run, item.index)
                run.next_item()
            elif item.session.minutes_left == 0:
                _say("  No time left: type `end` to finish the case.")
        _say(f"\nExam complete. Hand in {run.journal_path}.")
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
    _mkdir(out)
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


def main(argv: Sequence[str] | None = None) -> int:
    """`massage-sim exam ARGS`: the same as the main entry point with `exam` in front."""
    from simulator.cli import main as cli_main

    return cli_main(["exam", *(argv if argv is not None else sys.argv[1:])])


if __name__ == "__main__":
    sys.exit(main())
