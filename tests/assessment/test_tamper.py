"""Any single edit, deletion, insertion or reordering of journal entries is detected by
grading (a deletion of the very last entry leaves a shorter but valid journal: it is graded
as incomplete, which is all an unkeyed chain can know)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from simulator.assessment.exam import LoadedExam
from simulator.assessment.grading import Rejection, grade_journal
from simulator.assessment.journal import entry_line
from simulator.assessment.pack import canonical


@pytest.fixture(scope="module")
def journal_lines(submissions: Path) -> list[bytes]:
    return (submissions / "s1001.journal").read_bytes().splitlines(keepends=True)


def _grade(loaded: LoadedExam, lines: list[bytes]) -> str:
    """'rejected: reason', or the complete flag and total of a graded journal."""
    try:
        graded = grade_journal(loaded, b"".join(lines), "mutated")
    except Rejection as error:
        return f"rejected: {error}"
    return f"graded complete={graded.complete} total={graded.total}"


def test_the_untouched_journal_is_graded_complete(
    loaded: LoadedExam, journal_lines: list[bytes]
) -> None:
    assert _grade(loaded, journal_lines).startswith("graded complete=True")


json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-5, 10**6) | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=2) | st.dictionaries(st.text(max_size=4), inner, max_size=2)
    ),
    max_leaves=4,
)


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [prefix] if prefix else []
    if isinstance(value, dict):
        for key, child in value.items():
            out += _paths(child, (*prefix, key))
    return out


def _set(value: dict[str, Any], path: tuple[Any, ...], new: Any) -> None:
    for key in path[:-1]:
        value = value[key]
    value[path[-1]] = new


@given(data=st.data())
def test_any_edit_of_an_entry_is_rejected(
    loaded: LoadedExam, journal_lines: list[bytes], data: st.DataObject
) -> None:
    index = data.draw(st.integers(0, len(journal_lines) - 1), label="entry")
    entry = json.loads(journal_lines[index])
    path = data.draw(st.sampled_from(_paths(entry)), label="field")
    old = entry
    for key in path:
        old = old[key]
    new = data.draw(json_values.filter(lambda v: canonical(v) != canonical(old)), label="value")
    _set(entry, path, new)
    mutated = list(journal_lines)
    mutated[index] = entry_line(entry)
    verdict = _grade(loaded, mutated)
    assert verdict.startswith(f"rejected: entry {index} "), verdict


@given(data=st.data())
def test_any_deletion_is_detected(
    loaded: LoadedExam, journal_lines: list[bytes], data: st.DataObject
) -> None:
    index = data.draw(st.integers(0, len(journal_lines) - 1), label="deleted entry")
    mutated = journal_lines[:index] + journal_lines[index + 1 :]
    verdict = _grade(loaded, mutated)
    if index == len(journal_lines) - 1:
        assert verdict.startswith("graded complete=False"), verdict
    else:
        assert verdict.startswith(f"rejected: entry {index} "), verdict


@given(data=st.data())
def test_any_reordering_or_duplication_is_rejected(
    loaded: LoadedExam, journal_lines: list[bytes], data: st.DataObject
) -> None:
    count = len(journal_lines)
    first = data.draw(st.integers(0, count - 2), label="first")
    second = data.draw(st.integers(first + 1, count - 1), label="second")
    mutated = list(journal_lines)
    if data.draw(st.booleans(), label="duplicate instead of swap"):
        mutated.insert(second, journal_lines[first])
    else:
        mutated[first], mutated[second] = mutated[second], mutated[first]
    verdict = _grade(loaded, mutated)
    assert verdict.startswith("rejected: entry "), verdict


def test_garbage_in_the_middle_is_an_error_not_a_torn_line(
    loaded: LoadedExam, journal_lines: list[bytes]
) -> None:
    mutated = list(journal_lines)
    mutated[5] = mutated[5][: len(mutated[5]) // 2] + b"\n"
    assert _grade(loaded, mutated).startswith("rejected: entry 5 (line 6): not valid JSON")


def test_a_rehashed_action_the_session_cannot_take_is_rejected(
    loaded: LoadedExam, journal_lines: list[bytes]
) -> None:
    """The chain is not a signature: a rewritten chain is only as good as its actions."""
    from simulator.assessment.journal import action_entry

    entries = [json.loads(line) for line in journal_lines]
    entries[3] = action_entry(3, 0, {"kind": "treat", "technique": "laser"}, entries[2]["hash"])
    rest = entries[4:]
    prev = entries[3]["hash"]
    rebuilt = entries[:4]
    for entry in rest:
        entry = action_entry(entry["seq"], entry["item"], entry["action"], prev)
        rebuilt.append(entry)
        prev = entry["hash"]
    verdict = _grade(loaded, [entry_line(e) for e in rebuilt])
    assert verdict.startswith("rejected: entry 3 (line 4): action.technique: unknown"), verdict
