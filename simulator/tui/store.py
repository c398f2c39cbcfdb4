"""Session journals on disk: one JSON file per session or course of care, rewritten atomically
after each action.

A journal holds what is needed to rebuild the session exactly (the case inline, the session
seed, the actions) plus what the home screen lists. The score stored with a finished
session is for the listing only: opening a session always recomputes it by replaying.
Files live in `platformdirs.user_data_dir("massage-sim")/sessions/`, or under
`$MASSAGE_SIM_DATA_DIR/sessions/` when that variable is set (tests use a temporary one).
"""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from simulator.errors import unreadable
from simulator.guard import InputError, loads

if TYPE_CHECKING:  # pydantic loads on the first journal read or write, not at start-up
    from simulator.tui.journal import Journal

DATA_ENV = "MASSAGE_SIM_DATA_DIR"
APP_NAME = "massage-sim"
SUFFIX = ".json"
Clock = Callable[[], datetime]


def data_dir() -> Path:
    """Where massage-sim keeps user data: $MASSAGE_SIM_DATA_DIR, else the platform's place."""
    override = os.environ.get(DATA_ENV)
    if override:
        return Path(override).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir(APP_NAME, appauthor=False))


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class Summary:
    """A readable journal as the home screen lists it."""

    id: str
    path: Path
    client: str
    title: str
    steps: int
    finished: bool
    total: float | None
    passed: bool | None
    updated: datetime
    origin: str
    branched: bool
    visits: int | None = None  # a course's planned visits; None for a single session
    visit: int | None = None  # the course's current visit

    @property
    def progress(self) -> str:
        """`visit 2/3` for a course, empty for a single session."""
        if self.visits is None:
            return ""
        return f"visit {self.visit or 1}/{self.visits}"


@dataclass(frozen=True)
class Unreadable:
    """A journal file that could not be read, with a one-line reason."""

    path: Path
    reason: str

    @property
    def name(self) -> str:
        return self.path.name


class StoreError(Exception):
    """Saving or loading failed; the message is one line a user can act on."""


class Store:
    """The folder of session journals."""

    def __init__(self, root: Path | None = None, clock: Clock = utc_now) -> None:
        self.root = root if root is not None else data_dir()
        self.clock = clock

    @property
    def sessions(self) -> Path:
        return self.root / "sessions"

    def path_of(self, journal_id: str) -> Path:
        return self.sessions / f"{journal_id}{SUFFIX}"

    def new_journal(
        self,
        case_json: dict[str, Any],
        session_seed: int,
        *,
        origin: str = "",
        actions: list[dict[str, Any]] | None = None,
        parent: str | None = None,
        branched_at: int | None = None,
        visits: int | None = None,
    ) -> Journal:
        from simulator.tui.journal import Journal

        now = self.clock()
        return Journal(
            id=self._fresh_id(now, str(case_json.get("id", "case"))),
            created=now,
            updated=now,
            origin=origin,
            case=case_json,
            session_seed=session_seed,
            actions=list(actions or []),
            parent=parent,
            branched_at=branched_at,
            visits=visits,
            visit=1 if visits is not None else None,
        )

    def _fresh_id(self, now: datetime, case_id: str) -> str:
        slug = re.sub(r"[^A-Za-z0-9_\-]+", "-", case_id).strip("-") or "case"
        base = f"{now:%Y%m%d-%H%M%S}-{slug}"
        candidate, number = base, 1
        while self.path_of(candidate).exists():
            number += 1
            candidate = f"{base}-{number}"
        return candidate

    def save(self, journal: Journal) -> Journal:
        """Write the journal atomically (temp file, fsync, rename); returns it stamped."""
        stamped = journal.model_copy(update={"updated": self.clock()})
        text = stamped.model_dump_json(indent=1)
        try:
            self.sessions.mkdir(parents=True, exist_ok=True)
            write_atomic(self.path_of(stamped.id), text)
        except OSError as error:
            raise StoreError(
                f"could not save session to {self.sessions}: {error.strerror or error}"
            ) from None
        return stamped

    def load(self, journal_id: str) -> Journal:
        return read_journal(self.path_of(journal_id))

    def delete(self, journal_id: str) -> None:
        with contextlib.suppress(FileNotFoundError):
            self.path_of(journal_id).unlink()

    def entries(self) -> list[Summary | Unreadable]:
        """Every journal, newest first; unreadable files last, each with its reason."""
        if not self.sessions.is_dir():
            return []
        good: list[Summary] = []
        bad: list[Unreadable] = []
        for path in sorted(self.sessions.glob(f"*{SUFFIX}")):
            try:
                good.append(summarise(read_journal(path), path))
            except StoreError as error:
                bad.append(Unreadable(path, str(error)))
        good.sort(key=lambda s: (s.updated, s.id), reverse=True)
        return [*good, *bad]


def write_atomic(path: Path, text: str) -> None:
    """Replace `path` with `text` so that a crash leaves either the old or the new file."""
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def read_journal(path: Path) -> Journal:
    """The journal in `path`; StoreError with a one-line reason for anything wrong."""
    from pydantic import ValidationError

    from simulator.tui.journal import Journal

    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise StoreError("not UTF-8 text") from None
    except OSError as error:
        raise StoreError(unreadable(error)) from None
    if not text.strip():
        raise StoreError("empty file")
    try:
        raw = loads(text)
    except InputError as error:
        raise StoreError(f"not JSON (line {error.line}: {error.message})") from None
    if not isinstance(raw, dict):
        raise StoreError("not a massage-sim journal (expected a JSON object)")
    try:
        journal = Journal.model_validate(raw)
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "journal"
        more = f" (+{error.error_count() - 1} more)" if error.error_count() > 1 else ""
        raise StoreError(f"not a massage-sim journal: {where}: {first['msg']}{more}") from None
    _check_content(journal)
    return journal


def _check_content(journal: Journal) -> None:
    """The case and every action must validate, or the session could not be replayed."""
    from pydantic import ValidationError

    from simulator.domain.actions import ActionError, action_from_json
    from simulator.domain.case import Case

    try:
        Case.model_validate(journal.case)
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise StoreError(f"case.{where}: {first['msg']}") from None
    if journal.visits is not None:
        from simulator.knowledge.course import VISITS_MAX, VISITS_MIN

        if not VISITS_MIN <= journal.visits <= VISITS_MAX:
            raise StoreError(f"visits: a course has {VISITS_MIN}-{VISITS_MAX} visits")
    for number, raw in enumerate(journal.actions):
        try:
            action_from_json(raw)
        except ActionError as error:
            raise StoreError(
                f"actions[{number}].{error.field or 'kind'}: {error.message}"
            ) from None


def summarise(journal: Journal, path: Path) -> Summary:
    persona = journal.case.get("persona", {})
    score = journal.score or {}
    total = score.get("total")
    passed = score.get("passed")
    return Summary(
        id=journal.id,
        path=path,
        client=str(persona.get("name", "?")),
        title=str(journal.case.get("title") or ""),
        steps=sum(action.get("kind") != "visit" for action in journal.actions),  # not separators
        finished=journal.finished,
        total=float(total) if isinstance(total, int | float) else None,
        passed=bool(passed) if isinstance(passed, bool) else None,
        updated=journal.updated,
        origin=journal.origin,
        branched=journal.parent is not None,
        visits=journal.visits,
        visit=journal.visit if journal.visits is not None else None,
    )
