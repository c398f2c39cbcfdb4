"""Grading by replay: verify each journal's chain, regenerate the student's cases from the
exam and its secret, replay every action through the engine and score it. Nothing the
student's program computed (cases, responses, scores) is read from a submission."""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from simulator.assessment.exam import LoadedExam
from simulator.assessment.journal import JournalError, parse_journal
from simulator.assessment.pack import variants_digest
from simulator.assessment.replay import Sitting, all_steps, fresh_sittings, replay_entries
from simulator.assessment.roster import student_id_problem
from simulator.domain.actions import End
from simulator.domain.case import Case
from simulator.engine.course import Course
from simulator.guard import loads
from simulator.scoring.course import CourseScore, score_course
from simulator.scoring.rubric import RUBRIC_VERSION, Score, score

JOURNAL_SUFFIX = ".journal"


@dataclass
class CaseResult:
    index: int
    title: str
    case: Case
    score: Score | CourseScore  # a course item's: score_course over its visits
    started: bool
    ended: bool  # ended by the student (an unfinished case is ended for grading)
    actions: int
    visits: int | None = None  # a course item: the visits planned

    @property
    def course(self) -> CourseScore | None:
        return self.score if isinstance(self.score, CourseScore) else None


@dataclass
class Graded:
    student_id: str
    file: str
    results: list[CaseResult]
    total: float  # mean of the case scores
    passed: bool
    flags: list[str] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        return all(result.ended for result in self.results)


@dataclass(frozen=True)
class Rejected:
    file: str
    reason: str
    student: str | None = None  # whose it is, when the header or the file name says


@dataclass
class Report:
    exam: LoadedExam
    graded: list[Graded]
    rejected: list[Rejected]
    # roster students with no submission at all (not a rejection: nothing was handed in)
    missing: list[str] = field(default_factory=list)
    roster: list[str] | None = None


class Rejection(ValueError):
    """Why a submission is not graded: one line; `student` when the header names one."""

    def __init__(self, reason: str, student: str | None = None) -> None:
        super().__init__(reason)
        self.student = student


def zero_score(case: Case) -> Score:
    """The score of a case never started: every rubric item at 0."""
    blank = score(case, [])
    items = [
        item.model_copy(update={"points": 0.0, "evidence": [], "detail": "not attempted"})
        for item in blank.items
    ]
    return Score(total=0.0, passed=False, items=items, critical_errors=[])


def zero_course_score(case: Case, seed: int, visits: int) -> CourseScore:
    """The score of a course never started: every visit and course item at 0."""
    course = Course(case, seed, visits)
    course.apply(End())
    blank = score_course(course)
    items = [
        item.model_copy(update={"points": 0.0, "evidence": [], "detail": "not attempted"})
        for item in blank.items
    ]
    return CourseScore(
        total=0.0, passed=False, visits=[zero_score(case)], items=items, critical_errors=[]
    )


def _score(sitting: Sitting, case: Case, pass_mark: float) -> Score | CourseScore:
    if isinstance(sitting, Course):
        return score_course(sitting, pass_mark)
    return score(case, sitting.steps, pass_mark)


def grade_journal(loaded: LoadedExam, data: bytes, file: str, verify_pack: bool = True) -> Graded:
    """Grade one journal's bytes; Rejection (one line) when it cannot be trusted."""
    try:
        journal = parse_journal(data)
    except JournalError as error:
        raise Rejection(str(error), claimed_student(data)) from None
    if journal.exam_id != loaded.exam.id:
        raise Rejection(f"entry 0 (line 1): exam {journal.exam_id!r} is not {loaded.exam.id!r}")
    student = journal.student_id
    problem = student_id_problem(student)
    if problem is not None:
        raise Rejection(f"entry 0 (line 1): student_id: {problem}")
    variants = loaded.variants(student)
    if verify_pack and variants_digest(loaded, student, variants) != journal.pack_digest:
        raise Rejection(
            "entry 0 (line 1): pack digest differs from the pack this exam builds for "
            f"{student!r} (taken with another pack, or the exam changed after build)",
            student,
        )
    sessions = fresh_sittings([(v.case, v.session_seed, v.visits) for v in variants])
    try:
        replay_entries(sessions, journal.actions)
    except JournalError as error:
        raise Rejection(str(error), student) from None
    flags = []
    if journal.torn:
        flags.append("last line torn (the program was killed mid-write): dropped")
    if journal.rubric_version != RUBRIC_VERSION:
        # one rubric is kept: an exam taken under an older one is re-scored, and says so
        flags.append(
            f"taken under rubric {journal.rubric_version}: re-scored under rubric {RUBRIC_VERSION}"
        )
    results = []
    counts = [0] * len(variants)
    for entry in journal.actions:
        counts[entry.item] += 1
    pass_mark = loaded.exam.pass_mark
    for variant, session in zip(variants, sessions, strict=True):
        started = all_steps(session) > 0
        ended = session.ended
        result: Score | CourseScore
        if not started:
            if variant.visits is None:
                result = zero_score(variant.case)
            else:
                result = zero_course_score(variant.case, variant.session_seed, variant.visits)
            flags.append(f"case {variant.index + 1} not started")
        else:
            if not ended:
                # a course stops at the visit it reached: its visits so far are graded
                session.apply(End())
                flags.append(f"case {variant.index + 1} not ended: graded as far as it goes")
            result = _score(session, variant.case, pass_mark)
        results.append(
            CaseResult(
                variant.index,
                variant.title,
                variant.case,
                result,
                started,
                ended,
                counts[variant.index],
                variant.visits,
            )
        )
    total = round(sum(r.score.total for r in results) / len(results), 2)
    passed = total >= pass_mark and not any(r.score.critical_errors for r in results)
    return Graded(student, file, results, total, passed, flags)


def claimed_student(data: bytes) -> str | None:
    """The student id a journal's first line names, for the report of a journal that
    cannot be graded (never for grading: the chain behind it did not verify)."""
    try:
        header = loads(data.split(b"\n", 1)[0].decode("utf-8"))
    except ValueError:  # InputError (deep, huge numbers), bad UTF-8, not JSON
        return None
    student = header.get("student_id") if isinstance(header, dict) else None
    if isinstance(student, str) and student_id_problem(student) is None:
        return student
    return None


def journal_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.suffix == JOURNAL_SUFFIX and p.is_file())


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Grading allocates many small objects and keeps the results: the cyclic garbage
    collector would rescan them again and again. Nothing here makes cycles that matter."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _grade_files(
    loaded: LoadedExam,
    files: Sequence[Path],
    on_roster: set[str] | None,
    by_student: dict[str, list[Graded]],
    rejected: list[Rejected],
    progress: Callable[[int, int], None] | None,
) -> None:
    for number, path in enumerate(files, start=1):
        try:
            data = path.read_bytes()
            result = grade_journal(loaded, data, str(path))
            if on_roster is not None and result.student_id.casefold() not in on_roster:
                raise Rejection(
                    f"student {result.student_id!r} is not on the roster", result.student_id
                )
            by_student.setdefault(result.student_id.casefold(), []).append(result)
        except OSError as error:
            rejected.append(Rejected(str(path), f"cannot read: {error.strerror}"))
        except Rejection as error:
            rejected.append(Rejected(str(path), str(error), error.student))
        except Exception as error:  # one hand-in, however broken, never stops the class
            reason = " ".join(f"cannot be graded: {type(error).__name__}: {error}".split())
            rejected.append(Rejected(str(path), reason[:300]))
        if progress is not None:
            progress(number, len(files))


def grade_folder(
    loaded: LoadedExam,
    files: Sequence[Path],
    roster: Sequence[str] | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> Report:
    graded: list[Graded] = []
    rejected: list[Rejected] = []
    by_student: dict[str, list[Graded]] = {}
    on_roster = {s.casefold() for s in roster} if roster is not None else None
    with _collector_paused():
        _grade_files(loaded, files, on_roster, by_student, rejected, progress)
    for results in by_student.values():
        if len(results) == 1:
            graded.append(results[0])
            continue
        files_named = ", ".join(r.file for r in results)
        for result in results:
            rejected.append(
                Rejected(
                    result.file,
                    f"several submissions for student {result.student_id!r} ({files_named})",
                    result.student_id,
                )
            )
    missing: list[str] = []
    if roster is not None:
        rejected = [_owned(r, roster) for r in rejected]
        # a student whose journal was rejected handed something in: one status, not two
        handed_in = {g.student_id.casefold() for gs in by_student.values() for g in gs}
        handed_in |= {r.student.casefold() for r in rejected if r.student}
        missing = [s for s in roster if s.casefold() not in handed_in]
    graded.sort(key=lambda g: g.student_id)
    return Report(loaded, graded, rejected, missing, list(roster) if roster is not None else None)


def _owned(rejected: Rejected, roster: Sequence[str]) -> Rejected:
    """A rejected file whose header could not be read belongs to the roster student its
    name gives (`<student_id>.journal`), if any."""
    if rejected.student is not None:
        return rejected
    stem = Path(rejected.file).stem.casefold()
    student = next((s for s in roster if s.casefold() == stem), None)
    return Rejected(rejected.file, rejected.reason, student)
