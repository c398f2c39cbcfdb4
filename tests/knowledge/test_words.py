"""Every id has words beside it in the knowledge layer, and the TUI keeps no copy of them."""

from __future__ import annotations

from enum import StrEnum

import pytest

import simulator.tui.vocabulary as vocabulary
from simulator.domain.actions import ARGUMENTS, CHOICES, action_from_json, action_to_line
from simulator.domain.ids import (
    ActionKind,
    Irritability,
    Reach,
    RedFlagKind,
    Sensation,
    Source,
)
from simulator.knowledge import words
from simulator.knowledge.words import ARGUMENT_WORDS, describe, plural

TABLES: list[tuple[type[StrEnum], dict[object, str]]] = [
    (ActionKind, dict(words.KIND_LABEL)),
    (Reach, dict(words.REACH_LABEL)),
    (Sensation, dict(words.SENSATION_LABEL)),
    (Source, dict(words.SOURCE_LABEL)),
    (Irritability, dict(words.IRRITABILITY_LABEL)),
    (RedFlagKind, dict(words.RED_FLAG_LABEL)),
]


@pytest.mark.parametrize(("ids", "table"), TABLES, ids=lambda v: getattr(v, "__name__", ""))
def test_every_hidden_or_reported_id_has_words(
    ids: type[StrEnum], table: dict[object, str]
) -> None:
    assert set(table) == set(ids)
    assert all(w.strip() for w in table.values())


@pytest.mark.parametrize("name", sorted(CHOICES))
def test_every_action_argument_id_has_words(name: str) -> None:
    assert set(map(str, ARGUMENT_WORDS[name])) == set(CHOICES[name])


def test_the_action_kinds_are_the_parsers_kinds() -> None:
    assert [k.value for k in ActionKind] == list(ARGUMENTS)


@pytest.mark.parametrize("kind", list(ARGUMENTS))
def test_every_action_reads_as_words_and_as_one_script_line(kind: str) -> None:
    raw: dict[str, object] = {"kind": kind}
    for name in ARGUMENTS[kind]:
        raw[name] = 3 if name in ("pressure", "minutes") else CHOICES[name][0]
    action = action_from_json(raw)
    assert describe(action).startswith(words.KIND_LABEL[kind])
    assert action_to_line(action).split() == [kind, *(str(raw[n]) for n in ARGUMENTS[kind])]


def test_the_tui_vocabulary_defines_no_id_words_of_its_own() -> None:
    own = {n for n, v in vars(vocabulary).items() if n.endswith("_LABEL") and isinstance(v, dict)}
    assert own <= {n for n in vars(words) if n.endswith("_LABEL")}
    assert all(getattr(vocabulary, n) is getattr(words, n) for n in own)


@pytest.mark.parametrize(("count", "text"), [(0, "0 steps"), (1, "1 step"), (2, "2 steps")])
def test_plural(count: int, text: str) -> None:
    assert plural(count, "step") == text
