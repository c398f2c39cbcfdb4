"""Course transcripts: the JSON of `run` and `replay` for a course of care, and recomputing a
recorded course (the session form lives in `transcript.py`; this one reuses its steps)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from simulator.domain.actions import Action, ActionError, End, Visit, action_from_json
from simulator.domain.case import Case
from simulator.domain.response import Response
from simulator.engine.course import Course
from simulator.engine.session import Step
from simulator.knowledge.course import VISITS_MAX, VISITS_MIN
from simulator.scoring.course import CourseScore, interval_json, score_course
from simulator.transcript import (
    CaseRef,
    RecordedStep,
    TranscriptError,
    hidden_json,
    score_json,
    step_json,
)


@dataclass
class Played:
    """A course driven through a script: the course (its `openings` hold the responses that
    opened follow-ups) and the `visit` response that closed it when the client was referred
    out, which the engine returns but keeps no step for."""

    course: Course
    closing: Response | None = None
    closing_at: int = 0  # the last visit's step count when the course closed


def drive(course: Course, actions: Sequence[Action]) -> Played:
    """Apply the actions to a fresh course, then end the last visit if the script did not."""
    played = Played(course)
    for action in actions:
        apply(played, action)
    if not course.session.ended:
        course.apply(End())
    return played


def apply(played: Played, action: Action) -> Response:
    """One action; keeps the response that ends the course on an emergency referral."""
    course = played.course
    was_out = course.referred_out
    response = course.apply(action)
    if action.kind == "visit" and course.referred_out and not was_out:
        played.closing = response
        played.closing_at = len(course.session.steps)
    return response


def play_course_script(case: Case, seed: int, visits: int, actions: Sequence[Action]) -> Played:
    return drive(Course(case, seed, visits), actions)


# the JSON ---------------------------------------------------------------------------------


def _visit_total(k: int, total: float, passed: bool) -> dict[str, Any]:
    return {"visit": k, "total": total, "passed": passed}


def course_score_json(result: CourseScore) -> dict[str, Any]:
    """The course's score: as a session's (total, passed, items, critical_errors,
    rubric_version), plus each visit's total; each visit's full rubric sits with its visit."""
    return {
        "total": result.total,
        "passed": result.passed,
        "items": [i.model_dump(mode="json") for i in result.items],
        "critical_errors": [e.model_dump(mode="json") for e in result.critical_errors],
        "rubric_version": result.rubric_version,
        "visits": [
            _visit_total(k, s.total, s.passed) for k, s in enumerate(result.visits, start=1)
        ],
    }


def course_json(
    case: Case,
    seed: int,
    played: Played,
    result: CourseScore,
    ref: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """The object `run --json` prints for a course (README "Courses of care")."""
    course = played.course
    case_ref: dict[str, Any] = {"id": case.id, "seed": case.seed, **(ref or {})}
    case_ref["data"] = case.model_dump(mode="json")
    visits = []
    for k, (session, visit_score) in enumerate(
        zip(course.sessions, result.visits, strict=True), start=1
    ):
        opening = course.openings[k - 2] if k > 1 else None
        visits.append(
            {
                "visit": k,
                "report": opening.text if opening else None,
                "opening": step_json(Step(Visit(), opening)) if opening else None,
                "steps": [step_json(s) for s in session.steps],
                "score": score_json(visit_score),
            }
        )
    hidden = hidden_json(case)
    hidden["intervals"] = [interval_json(i) for i in course.intervals]
    return {
        "case": case_ref,
        "session_seed": seed,
        "course": {
            "planned": course.planned,
            "referred_out": course.referred_out,
            "closing": played.closing.text if played.closing else None,
        },
        "visits": visits,
        "score": course_score_json(result),
        "hidden": hidden,
    }


# reading one back -------------------------------------------------------------------------


class CourseInfo(BaseModel):
    model_config = ConfigDict(extra="forbid")

    planned: int = Field(ge=VISITS_MIN, le=VISITS_MAX)
    referred_out: bool = False
    closing: str | None = None


class RecordedVisit(BaseModel):
    model_config = ConfigDict(extra="forbid")

    visit: int
    report: str | None = None
    opening: RecordedStep | None = None
    steps: list[RecordedStep]
    score: dict[str, Any] | None = None


class CourseTranscript(BaseModel):
    """What `run --json` prints for a course; `replay` reads it back (scores and hidden
    are ignored: recomputed)."""

    model_config = ConfigDict(extra="forbid")

    case: CaseRef
    session_seed: int = 0
    course: CourseInfo
    visits: list[RecordedVisit] = Field(min_length=1, max_length=VISITS_MAX)
    score: dict[str, Any] | None = None
    hidden: dict[str, Any] | None = None


def is_course(raw: Any) -> bool:
    """A course transcript has visits where a session's has steps."""
    return isinstance(raw, dict) and "visits" in raw and "steps" not in raw


def parse_course_transcript(raw: Any) -> CourseTranscript:
    try:
        return CourseTranscript.model_validate(raw)
    except ValidationError as error:
        problems = []
        for e in error.errors():
            where = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in e["loc"])
            problems.append(f"{where.lstrip('.') or 'transcript'}: {e['msg']}")
        raise TranscriptError(problems) from None


def course_actions(t: CourseTranscript) -> list[Action]:
    """The script the transcript records: each visit's actions, a `visit` before each
    follow-up, and the `visit` that closed the course when the client was referred out."""
    actions: list[Action] = []
    problems: list[str] = []
    if t.course.planned < len(t.visits):
        problems.append(
            f"course.planned: {t.course.planned} visits planned, {len(t.visits)} recorded"
        )
    for k, visit in enumerate(t.visits):
        if visit.visit != k + 1:
            problems.append(f"visits[{k}].visit: expected {k + 1}, found {visit.visit}")
        if k:
            actions.append(Visit())
        for n, step in enumerate(visit.steps):
            if step.action.get("kind") == "visit":
                problems.append(
                    f"visits[{k}].steps[{n}].action.kind: `visit` separates visits; "
                    "it is never a step of one"
                )
                continue
            try:
                actions.append(action_from_json(step.action))
            except ActionError as error:
                field_ = error.field or "kind"
                problems.append(f"visits[{k}].steps[{n}].action.{field_}: {error.message}")
    if problems:
        raise TranscriptError(problems)
    if t.course.referred_out:
        actions.append(Visit())
    return actions


@dataclass
class CourseReplay:
    played: Played
    score: CourseScore
    mismatches: list[str] = field(default_factory=list)


def _differs(fresh: dict[str, Any], recorded: RecordedStep, where: str) -> list[str]:
    old = recorded.model_dump(mode="json")
    return [
        f"{where}.{key}: recorded response differs from replay"
        for key in ("text", "effect", "signals")
        if fresh[key] != old[key]
    ]


def replay_course(t: CourseTranscript, case: Case) -> CourseReplay:
    """Recompute every response, each report and the score from case, seed and actions."""
    played = play_course_script(case, t.session_seed, t.course.planned, course_actions(t))
    course = played.course
    mismatches: list[str] = []
    if len(course.sessions) != len(t.visits):
        mismatches.append(
            f"visits: recorded {len(t.visits)} visit(s), the replay has {len(course.sessions)}"
        )
    for k, (session, visit) in enumerate(zip(course.sessions, t.visits, strict=False)):
        where = f"visits[{k}]"
        if k:
            opening = course.openings[k - 1]
            if visit.opening is None:
                mismatches.append(f"{where}.opening: missing (the client's report)")
            else:
                fresh = step_json(Step(Visit(), opening))
                mismatches += _differs(fresh, visit.opening, f"{where}.opening")
            if visit.report is not None and visit.report != opening.text:
                mismatches.append(f"{where}.report: recorded report differs from replay")
        if len(session.steps) != len(visit.steps):
            mismatches.append(
                f"{where}.steps: recorded {len(visit.steps)} step(s), "
                f"the replay has {len(session.steps)}"
            )
        for n, (step, recorded) in enumerate(zip(session.steps, visit.steps, strict=False)):
            mismatches += _differs(step_json(step), recorded, f"{where}.steps[{n}]")
    if course.referred_out != t.course.referred_out:
        mismatches.append("course.referred_out: recorded value differs from replay")
    closing = played.closing.text if played.closing else None
    if t.course.closing is not None and t.course.closing != closing:
        mismatches.append("course.closing: recorded text differs from replay")
    return CourseReplay(played, score_course(course), mismatches)
