"""A practice session or course of care: the engine's Session (or Course), journaled to the
store after every action.

The TUI drives the engine only through this object: it computes no response or score of
its own. Resuming and rewinding rebuild a Session (or a Course, `visit` separators and all)
from the case, the seed and the actions, so a branch is exact because the engine is
deterministic.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cached_property
from typing import Protocol

from simulator.domain.actions import Action, Visit, action_from_json, action_to_json
from simulator.domain.case import Case
from simulator.domain.response import Response
from simulator.engine.course import Course, evolve
from simulator.engine.session import Session, Step
from simulator.scoring.course import CourseScore, score_course
from simulator.scoring.rubric import Score, score
from simulator.tui.journal import Journal
from simulator.tui.store import Store, StoreError


class Sitting(Protocol):
    """What the session and debrief screens need: a practice, or one case of an exam."""

    case: Case
    save_error: str | None

    @property
    def seed(self) -> int: ...

    @property
    def steps(self) -> list[Step]: ...

    @property
    def ended(self) -> bool: ...

    @property
    def minutes_left(self) -> int: ...

    @property
    def score(self) -> Score: ...

    def apply(self, action: Action) -> Response:
        """Carry out one action; raise NotRecorded when it cannot be kept (then nothing
        happened)."""
        ...


class NotRecorded(Exception):
    """An action that could not be written down, and so was not carried out (exams)."""


def expert_run(case: Case, seed: int) -> tuple[Session, Score]:
    """What the expert agent does with the same case and seed."""
    from simulator.agents.base import drive
    from simulator.agents.expert import ExpertAgent

    return drive(ExpertAgent(), case, seed)


def expert_course(case: Case, seed: int, visits: int) -> tuple[Course, CourseScore]:
    """What the expert agent does with the same client, seed and number of visits."""
    from simulator.agents.base import drive_course
    from simulator.agents.expert import ExpertAgent

    return drive_course(ExpertAgent(), case, seed, visits)


def leaves_course(course: Course | None) -> bool:
    """A course whose visit has ended with the client going to a doctor (an emergency
    referral): the next `visit` closes the course rather than opening a visit. The engine's
    own step between visits decides (it is pure and seeded: the answer `visit` will give)."""
    if course is None or not course.session.ended or course.last_visit:
        return False
    return evolve(course.case_now, course.session, course.visit, course.seed)[2]


class Practice:
    """One session with one client, or a course of visits with one client, and its journal
    kept up to date on disk. In a course, `session`, `steps` and `score` are the current
    visit's; `ended` is the whole course's."""

    def __init__(
        self,
        case: Case,
        session: Session,
        journal: Journal,
        store: Store,
        course: Course | None = None,
    ) -> None:
        self.case = case  # the client as first met (a course's later visits evolve it)
        self._session = session
        self.course = course
        self.journal = journal
        self.store = store
        self.save_error: str | None = None

    # building -------------------------------------------------------------------------

    @classmethod
    def begin(
        cls,
        case: Case,
        seed: int,
        store: Store,
        *,
        origin: str = "",
        actions: Sequence[Action] = (),
        parent: str | None = None,
        visits: int | None = None,
    ) -> Practice:
        """A new session, or a course of `visits` visits (optionally replaying `actions`
        first), with a fresh journal."""
        course = Course(case, seed, visits) if visits is not None else None
        session = Session(case, seed)
        for action in actions:
            (course or session).apply(action)
        journal = store.new_journal(
            case.model_dump(mode="json"),
            seed,
            origin=origin,
            actions=[action_to_json(a) for a in actions],
            parent=parent,
            branched_at=len(actions) if parent else None,
            visits=visits,
        )
        practice = cls(case, session, journal, store, course)
        practice._stamp()
        practice._save()
        return practice

    @classmethod
    def resume(cls, journal: Journal, store: Store) -> Practice:
        """Rebuild the session or course by replaying the journal's actions (nothing else
        is trusted)."""
        case = Case.model_validate(journal.case)
        session = Session(case, journal.session_seed)
        course = (
            Course(case, journal.session_seed, journal.visits)
            if journal.visits is not None
            else None
        )
        for raw in journal.actions:
            (course or session).apply(action_from_json(raw))
        return cls(case, session, journal, store, course)

    def rewind(self, keep: int, visit: int | None = None) -> Practice:
        """A new branch that keeps the first `keep` steps of this one (of visit `visit` in
        a course, after the whole of the visits before it); this one is untouched."""
        sessions = self.course.sessions if self.course is not None else [self._session]
        number = len(sessions) if visit is None else visit
        if not 1 <= number <= len(sessions):
            raise ValueError(f"cannot rewind to visit {number} of {len(sessions)}")
        steps = sessions[number - 1].steps
        if not 0 <= keep <= len(steps):
            raise ValueError(f"cannot rewind to step {keep} of {len(steps)}")
        actions: list[Action] = []
        for earlier in sessions[: number - 1]:
            actions += [step.action for step in earlier.steps]
            actions.append(Visit())
        actions += [step.action for step in steps[:keep]]
        return Practice.begin(
            self.case,
            self.seed,
            self.store,
            origin=self.journal.origin,
            actions=actions,
            parent=self.journal.id,
            visits=self.course.planned if self.course is not None else None,
        )

    # playing --------------------------------------------------------------------------

    @property
    def session(self) -> Session:
        """The session being played: a course's current visit."""
        return self.course.session if self.course is not None else self._session

    @property
    def seed(self) -> int:
        return self.session.seed

    @property
    def steps(self) -> list[Step]:
        return self.session.steps

    @property
    def ended(self) -> bool:
        """The session has ended; in a course, the last visit has."""
        return self.course.ended if self.course is not None else self.session.ended

    @property
    def visit_ended(self) -> bool:
        """The current visit (or the single session) has ended."""
        return self.session.ended

    @property
    def next_visit_ready(self) -> bool:
        """A course whose current visit has ended and has another visit to come."""
        return self.course is not None and self.session.ended and not self.course.last_visit

    @property
    def minutes_left(self) -> int:
        return self.session.minutes_left

    def apply(self, action: Action) -> Response:
        """Apply one action and journal it; a save failure is kept in `save_error`."""
        response = (self.course or self.session).apply(action)
        self.__dict__.pop("score", None)
        self.__dict__.pop("course_score", None)
        self.journal = self.journal.model_copy(
            update={"actions": [*self.journal.actions, action_to_json(action)]}
        )
        self._stamp()
        if self.ended:
            final = self.course_score if self.course is not None else self.score
            self.journal = self.journal.model_copy(
                update={"finished": True, "score": final.model_dump(mode="json")}
            )
        self._save()
        return response

    def _stamp(self) -> None:
        """A course's journal says which visit it has reached (for the home list)."""
        if self.course is not None:
            self.journal = self.journal.model_copy(update={"visit": self.course.visit})

    def _save(self) -> None:
        try:
            self.journal = self.store.save(self.journal)
            self.save_error = None
        except StoreError as error:
            self.save_error = str(error)

    @cached_property
    def score(self) -> Score:
        """The rubric's score of the steps so far (the debrief reads it once ended); in a
        course, the current visit's, with the earlier visits as context."""
        if self.course is not None:
            return self.course_score.visits[-1]
        return score(self.case, self.session.steps)

    @cached_property
    def course_score(self) -> CourseScore:
        """The whole course's score (a course only)."""
        if self.course is None:
            raise ValueError("a single session has no course score")
        return score_course(self.course)
