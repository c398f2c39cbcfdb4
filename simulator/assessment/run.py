"""Taking an exam: the journal and the sessions behind `exam take`, as functions and a
class that a line mode and a TUI drive alike.

    run = ExamRun.open(pack_path)            # resumes from the journal if there is one
    while not run.finished:
        item = run.current_item              # index, title, case briefing, session
        response = run.apply(action)         # journaled and fsynced before it returns
        if response.ended:
            score = run.debrief(item.index)  # None unless the exam says after_each
            run.next_item()

After a resume, `current_item` can be a case that has already ended (the program was killed
right after its `end`): show its debrief, then call `next_item()`.

A course item (`item.course` is not None) is one case of several visits: `end` ends a visit,
the `visit` action opens the next, and the item has ended (`item.ended`) with its last visit;
`response.ended` then says only that the visit has.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from simulator.assessment.journal import JournalError, JournalWriter
from simulator.assessment.pack import Pack, PackError, read_pack
from simulator.assessment.replay import Sitting, current_session, fresh_sittings, replay_entries
from simulator.domain.actions import Action, action_to_json
from simulator.domain.case import Case
from simulator.domain.response import Response
from simulator.engine.course import Course
from simulator.engine.session import Session
from simulator.scoring.course import CourseScore, score_course
from simulator.scoring.rubric import Score, score


class RunError(ValueError):
    """Something that stops the exam run; the message is one line."""


@dataclass(frozen=True)
class RunItem:
    index: int
    title: str
    case: Case
    sitting: Sitting

    @property
    def session(self) -> Session:
        """The session being played: a course's current visit."""
        return current_session(self.sitting)

    @property
    def course(self) -> Course | None:
        return self.sitting if isinstance(self.sitting, Course) else None

    @property
    def ended(self) -> bool:
        """The case is over: its session, or a course's last visit, has ended."""
        return self.sitting.ended


def default_journal(pack_path: Path, student_id: str) -> Path:
    return pack_path.parent / f"{student_id}.journal"


class ExamRun:
    """One student's exam: a pack, its journal, one session per case."""

    def __init__(self, pack: Pack, journal_path: Path, writer: JournalWriter) -> None:
        self.pack = pack
        self.journal_path = journal_path
        self.writer = writer
        self.cases = pack.cases()
        self.sittings = fresh_sittings(
            [
                (case, item.session_seed, item.visits)
                for case, item in zip(self.cases, pack.items, strict=True)
            ]
        )
        self.resumed_actions = len(writer.journal.actions)
        self.dropped_torn = writer.journal.torn
        try:
            self.index = replay_entries(self.sittings, writer.journal.actions)
        except JournalError as error:
            writer.close()
            raise RunError(f"{journal_path}: {error}") from None
        # a case ended just before a kill stays current until next_item(), as it was live
        if self.index > 0 and self.writer.journal.actions:
            last = self.writer.journal.actions[-1]
            if last.item == self.index - 1:
                self.index -= 1

    @classmethod
    def open(cls, pack_path: Path, journal_path: Path | None = None) -> ExamRun:
        """Open the pack and its journal (created beside it by default), replaying what the
        journal holds. RunError (one line) when either cannot be used."""
        try:
            pack = read_pack(pack_path)
            journal_path = journal_path or default_journal(pack_path, pack.student_id)
            writer = JournalWriter.open(journal_path, pack.exam_id, pack.student_id, pack.digest)
        except (PackError, JournalError) as error:
            raise RunError(str(error)) from None
        return cls(pack, journal_path, writer)

    @property
    def sessions(self) -> list[Session]:
        """Each item's session being played (a course's current visit)."""
        return [current_session(sitting) for sitting in self.sittings]

    @property
    def finished(self) -> bool:
        return all(sitting.ended for sitting in self.sittings)

    @property
    def current_item(self) -> RunItem | None:
        if self.index >= len(self.sittings):
            return None
        return RunItem(
            self.index,
            self.pack.items[self.index].title,
            self.cases[self.index],
            self.sittings[self.index],
        )

    def apply(self, action: Action) -> Response:
        """Journal the action (on disk before this returns), then answer it."""
        item = self.current_item
        if item is None:
            raise RunError("the exam is finished")
        if item.ended:
            raise RunError(f"case {item.index + 1} has ended: move on with next_item()")
        try:
            self.writer.append(item.index, action_to_json(action))
        except JournalError as error:  # not on disk: the client does not answer
            raise RunError(f"{error}; the action was not carried out") from None
        return item.sitting.apply(action)

    def next_item(self) -> RunItem | None:
        """Move past an ended case; the next case (None when the exam is over)."""
        item = self.current_item
        if item is not None and item.ended:
            self.index += 1
        return self.current_item

    def debrief(self, index: int) -> Score | CourseScore | None:
        """The score of an ended case (a course's over all its visits), when the exam shows
        the debrief after each case."""
        sitting = self.sittings[index]
        if self.pack.debrief != "after_each" or not sitting.ended:
            return None
        if isinstance(sitting, Course):
            return score_course(sitting, self.pack.pass_mark)
        return score(self.cases[index], sitting.steps, self.pack.pass_mark)

    def close(self) -> None:
        self.writer.close()

    def __enter__(self) -> ExamRun:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()
