"""The journal store: round trip, resume by replay, rewind, atomic writes, broken files."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from simulator.domain.actions import parse_line
from simulator.domain.case import Case
from simulator.engine.session import Session
from simulator.tui.practice import Practice
from simulator.tui.store import DATA_ENV, Store, StoreError, Summary, Unreadable, data_dir

LINES = (
    "ask radiation",
    "check_in",
    "palpate deep_rotators",
    "treat compression glute_max 2 4",
    "check_in",
)


def play(practice: Practice, lines: tuple[str, ...] = LINES) -> None:
    for line in lines:
        practice.apply(parse_line(line))


def test_round_trip_resumes_by_replay(store: Store, flare_case: Case) -> None:
    practice = Practice.begin(flare_case, 3, store, origin="test")
    play(practice)
    raw = json.loads(store.path_of(practice.journal.id).read_text())
    assert raw["case"] == flare_case.model_dump(mode="json")
    assert raw["session_seed"] == 3
    assert [a["kind"] for a in raw["actions"]] == [line.split()[0] for line in LINES]
    assert raw["finished"] is False and raw["score"] is None

    resumed = Practice.resume(store.load(practice.journal.id), store)
    assert [s.response.text for s in resumed.steps] == [s.response.text for s in practice.steps]
    assert resumed.minutes_left == practice.minutes_left
    resumed.apply(parse_line("end"))
    finished = store.load(practice.journal.id)
    assert finished.finished
    assert finished.score is not None
    assert finished.score["total"] == resumed.score.total


def test_the_listing_shows_each_session(store: Store, flare_case: Case) -> None:
    first = Practice.begin(flare_case, 0, store, origin="one")
    play(first)
    second = Practice.begin(flare_case, 1, store, origin="two")
    play(second, (*LINES, "end"))
    entries = store.entries()
    assert [e.origin for e in entries if isinstance(e, Summary)] == ["two", "one"]
    done = entries[0]
    assert isinstance(done, Summary) and done.finished and done.total is not None
    assert done.client == flare_case.persona.name and done.steps == len(LINES) + 1


def test_rewind_is_an_exact_branch(store: Store, flare_case: Case) -> None:
    practice = Practice.begin(flare_case, 5, store)
    play(practice, (*LINES, "end"))
    branch = practice.rewind(3)
    assert branch.journal.parent == practice.journal.id and branch.journal.branched_at == 3
    assert [s.response for s in branch.steps] == [s.response for s in practice.steps[:3]]
    branch.apply(parse_line("treat friction deep_rotators 5 5"))
    # the original journal is untouched and the branch replays to the same state
    assert len(store.load(practice.journal.id).actions) == len(LINES) + 1
    again = Session(flare_case, 5)
    for step in branch.steps:
        assert again.apply(step.action) == step.response
    with pytest.raises(ValueError):
        practice.rewind(99)


def test_writes_are_atomic(store: Store, flare_case: Case, monkeypatch: pytest.MonkeyPatch) -> None:
    practice = Practice.begin(flare_case, 0, store)
    play(practice, LINES[:2])
    path = store.path_of(practice.journal.id)
    before = path.read_text()

    def broken_replace(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)
    practice.apply(parse_line("check_in"))
    assert practice.save_error is not None and "No space left" in practice.save_error
    assert path.read_text() == before  # the old journal is intact
    assert [p.name for p in path.parent.iterdir()] == [path.name]  # no temp file left
    monkeypatch.undo()
    practice.apply(parse_line("check_in"))
    assert practice.save_error is None
    assert len(store.load(practice.journal.id).actions) == 4


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "empty file"),
        (b"{not json", "not JSON (line 1"),
        (b"[1, 2]", "expected a JSON object"),
        (b'{"id": "x"}', "not a massage-sim journal"),
        (b"\xff\xfe\x00", "not UTF-8"),
    ],
)
def test_corrupt_files_are_listed_with_a_reason(
    store: Store, flare_case: Case, content: bytes, reason: str
) -> None:
    good = Practice.begin(flare_case, 0, store)
    (store.sessions / "broken.json").write_bytes(content)
    entries = store.entries()
    assert isinstance(entries[0], Summary) and entries[0].id == good.journal.id
    bad = entries[1]
    assert isinstance(bad, Unreadable) and bad.name == "broken.json"
    assert reason in bad.reason and "\n" not in bad.reason
    with pytest.raises(StoreError):
        store.load("broken")


def test_a_journal_with_a_bad_action_or_case_is_unreadable(store: Store, flare_case: Case) -> None:
    practice = Practice.begin(flare_case, 0, store)
    play(practice, LINES[:2])
    raw = json.loads(store.path_of(practice.journal.id).read_text())
    raw["actions"][1] = {"kind": "ask", "question": "favourite_colour"}
    (store.sessions / "bad-action.json").write_text(json.dumps(raw))
    raw["actions"] = []
    raw["case"]["persona"]["age"] = 3
    (store.sessions / "bad-case.json").write_text(json.dumps(raw))
    reasons = {e.name: e.reason for e in store.entries() if isinstance(e, Unreadable)}
    assert reasons["bad-action.json"].startswith("actions[1].question: unknown question")
    assert reasons["bad-case.json"].startswith("case.persona.age")


def test_the_data_folder_follows_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(DATA_ENV, str(tmp_path / "here"))
    assert data_dir() == tmp_path / "here"
    assert Store().sessions == tmp_path / "here" / "sessions"
    monkeypatch.delenv(DATA_ENV)
    assert data_dir().name == "massage-sim"
