"""A practice session: the engine's Session, journaled to the store after every action.

The TUI drives the engine only through this object: it computes no response or score of
its own. Resuming and rewinding rebuild a Session from the case, the seed and the actions,
so a branch is exact because the engine is deterministic.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cached_property
from typing import Protocol

from simulator.domain.actions import Action, action_from_json, action_to_json
from simulator.domain.case import Case
from simulator.domain.response import Response
from simulator.engine.session import Session, Step
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


class Practice:
    """One session with one client, and its journal kept up to date on disk."""

    def __init__(self, case: Case, session: Session, journal: Journal, store: Store) -> None:
        self.case = case
        self.session = session
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
    ) -> Practice:
        """A new session (optionally replaying `actions` first) with a fresh journal."""
        session = Session(case, seed)
        for action in actions:
            session.apply(action)
        journal = store.new_journal(
            case.model_dump(mode="json"),
            seed,
            origin=origin,
            actions=[action_to_json(a) for a in actions],
            parent=parent,
            branched_at=len(actions) if parent else None,
        )
        practice = cls(case, session, journal, store)
        practice._save()
        return practice

    @classmethod
    def resume(cls, journal: Journal, store: Store) -> Practice:
        """Rebuild the session by replaying the journal's actions (nothing else is trusted)."""
        case = Case.model_validate(journal.case)
        session = Session(case, journal.session_seed)
        for raw in journal.actions:
            session.apply(action_from_json(raw))
        return cls(case, session, journal, store)

    def rewind(self, keep: int) -> Practice:
        """A new branch that keeps the first `keep` steps of this one; this one is untouched."""
        if not 0 <= keep <= len(self.session.steps):
            raise ValueError(f"cannot rewind to step {keep} of {len(self.session.steps)}")
        actions = [step.action for step in self.session.steps[:keep]]
        return Practice.begin(
            self.case,
            self.seed,
            self.store,
            origin=self.journal.origin,
            actions=actions,
            parent=self.journal.id,
        )

    # playing --------------------------------------------------------------------------

    @property
    def seed(self) -> int:
        return self.session.seed

    @property
    def steps(self) -> list[Step]:
        return self.session.steps

    @property
    def ended(self) -> bool:
        return self.session.ended

    @property
    def minutes_left(self) -> int:
        return self.session.minutes_left

    def apply(self, action: Action) -> Response:
        """Apply one action and journal it; a save failure is kept in `save_error`."""
        response = self.session.apply(action)
        self.__dict__.pop("score", None)
        self.journal = self.journal.model_copy(
            update={"actions": [*self.journal.actions, action_to_json(action)]}
        )
        if self.session.ended:
            self.journal = self.journal.model_copy(
                update={"finished": True, "score": self.score.model_dump(mode="json")}
            )
        self._save()
        return response

    def _save(self) -> None:
        try:
            self.journal = self.store.save(self.journal)
            self.save_error = None
        except StoreError as error:
            self.save_error = str(error)

    @cached_property
    def score(self) -> Score:
        """The rubric's score of the steps so far (the debrief reads it once ended)."""
        return score(self.case, self.session.steps)
