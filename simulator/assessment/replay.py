"""Replaying journaled actions through fresh sessions (or courses of care): shared by
`exam take` (to resume) and `exam grade` (to recompute every response and score)."""

from __future__ import annotations

from collections.abc import Sequence

from simulator.assessment.journal import ActionEntry, JournalError
from simulator.domain.actions import ActionError, action_from_json
from simulator.domain.case import Case
from simulator.engine.course import Course
from simulator.engine.session import Session

# What a student plays for one exam item: a single session, or a course of visits (whose
# `visit` actions are journaled like any other; it has ended when its last visit has).
Sitting = Session | Course


def fresh_sessions(cases: Sequence[tuple[Case, int]]) -> list[Session]:
    return [Session(case, seed) for case, seed in cases]


def fresh_sittings(items: Sequence[tuple[Case, int, int | None]]) -> list[Sitting]:
    """A session per item, or a course where the item gives its visits."""
    return [
        Session(case, seed) if visits is None else Course(case, seed, visits)
        for case, seed, visits in items
    ]


def current_session(sitting: Sitting) -> Session:
    """The session being played: a course's current visit."""
    return sitting.session if isinstance(sitting, Course) else sitting


def all_steps(sitting: Sitting) -> int:
    """How many steps the item holds, over every visit of a course."""
    if isinstance(sitting, Course):
        return sum(len(s.steps) for s in sitting.sessions)
    return len(sitting.steps)


def first_open(sessions: Sequence[Sitting]) -> int:
    """The index of the first case not ended (len(sessions) when all have ended)."""
    for index, session in enumerate(sessions):
        if not session.ended:
            return index
    return len(sessions)


def replay_entries(sessions: Sequence[Sitting], entries: Sequence[ActionEntry]) -> int:
    """Apply every entry's action to its case's session (or course), in order; the cases
    are taken one after another, each until its `end` (a course's, until its last visit's).
    Returns the index of the current case."""
    current = first_open(sessions)
    for entry in entries:
        where = f"entry {entry.seq} (line {entry.seq + 1})"
        if current >= len(sessions):
            raise JournalError(f"{where}: an action after the last case ended")
        if entry.item != current:
            raise JournalError(
                f"{where}: an action for case {entry.item + 1} while case {current + 1} is open"
            )
        try:
            action = action_from_json(entry.action)
        except ActionError as error:
            raise JournalError(
                f"{where}: action.{error.field or 'kind'}: {error.message}"
            ) from None
        session = sessions[current]
        session.apply(action)
        if session.ended:
            current += 1
    return current
