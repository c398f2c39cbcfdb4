"""The palette's fuzzy search and the visible record, without a screen."""

from __future__ import annotations

import asyncio
import dataclasses

import pytest

from simulator.domain.actions import action_from_json, parse_line
from simulator.domain.case import Case
from simulator.domain.ids import Effect, Reach, Region
from simulator.domain.response import Note
from simulator.engine.session import Session, Step
from simulator.knowledge.words import describe
from simulator.tui.view import timeline, visible_record
from simulator.tui.vocabulary import _SIMPLE, search_actions


def test_fric_pir_3_finds_friction_on_the_deep_rotators() -> None:
    hits = search_actions("fric pir 3")
    assert hits[0].line == "treat friction deep_rotators 3 <minutes>"
    assert hits[0].action is None  # the minutes are chosen in the treat dialog
    assert (hits[0].technique, hits[0].region, hits[0].pressure) == (
        "friction",
        Region.DEEP_ROTATORS,
        3,
    )


def test_a_second_number_is_the_minutes_and_makes_the_action_complete() -> None:
    hit = search_actions("fric pir 3 4")[0]
    assert hit.line == "treat friction deep_rotators 3 4"
    assert hit.action == parse_line("treat friction deep_rotators 3 4")


@pytest.mark.parametrize(
    ("query", "line"),
    [
        ("piriformis", "palpate deep_rotators"),
        ("palp ql", "palpate quadratus_lumborum"),
        ("ask rad", "ask radiation"),
        ("retest slr", "reassess slr"),
        ("check", "check_in"),
        ("tp gmin 2 3", "treat trigger_point glute_min 2 3"),
        ("mfr tlf 3 10", "treat myofascial thoracolumbar_fascia 3 10"),
        ("refer red", "refer red_flag"),
    ],
)
def test_aliases_and_prefixes(query: str, line: str) -> None:
    assert search_actions(query)[0].line == line


def test_every_simple_action_is_found_by_its_own_line() -> None:
    for candidate in _SIMPLE:
        line = " ".join(candidate.action.model_dump(mode="json").values())
        assert line in [h.line for h in search_actions(line)[:3]], line


def test_out_of_range_numbers_and_nonsense_find_no_treatment() -> None:
    assert search_actions("fric pir 9") == []
    assert search_actions("fric pir 3 40") == []
    assert search_actions("zzzz") == []
    assert search_actions("") == []


def test_describe_uses_the_knowledge_labels() -> None:
    action = parse_line("treat friction deep_rotators 3 4")
    assert describe(action) == (
        "Treat: cross-fibre friction · deep hip rotators (piriformis) · "
        "pressure 3 (moderate) · 4 min"
    )


def test_visible_record_never_reads_effect_or_note(flare_case: Case) -> None:
    session = Session(flare_case, 0)
    for line in (
        "ask radiation",
        "palpate deep_rotators",
        "treat friction deep_rotators 5 5",
        "check_in",
        "test slr",
    ):
        session.apply(parse_line(line))
    scrambled = [
        Step(
            s.action,
            dataclasses.replace(
                s.response, effect=Effect.RELIEF, note=Note(rule="x", pain=0, reach=Reach.NONE)
            ),
        )
        for s in session.steps
    ]
    budget = flare_case.budget_minutes
    assert visible_record(scrambled, budget) == visible_record(session.steps, budget)


def test_visible_record_follows_the_reports(flare_case: Case) -> None:
    session = Session(flare_case, 0)
    for line in (
        "ask radiation",
        "palpate deep_rotators",
        "treat friction deep_rotators 5 5",
        "check_in",
    ):
        session.apply(parse_line(line))
    record = visible_record(session.steps, flare_case.budget_minutes)
    assert record.reaches[0][1] is Reach.THIGH
    assert record.reach is Reach.BELOW_KNEE and record.reach_trend == 1
    assert record.palpated[Region.DEEP_ROTATORS].familiar
    # a palpation's referral is not the client's report of how far symptoms go
    assert [step for step, _ in record.reaches] == [1, 4]
    assert record.treated == {Region.DEEP_ROTATORS: 5}
    moments = timeline(session.steps)
    assert moments[2].effect is Effect.FLARE
    assert action_from_json({"kind": "check_in"}).kind == moments[3].kind


def test_the_action_line_completes_the_word_being_typed() -> None:
    from simulator.tui.widgets.action_line import ActionSuggester

    suggester = ActionSuggester()

    def suggest(value: str) -> str | None:
        return asyncio.run(suggester.get_suggestion(value))

    assert suggest("tre") == "treat"
    assert suggest("treat fr") == "treat friction"
    assert suggest("treat friction deep") == "treat friction deep_rotators"
    assert suggest("ask rad") == "ask radiation"
    assert suggest("ask radiation ") is None
    assert suggest("ask zz") is None


def test_the_help_lists_every_action_key_from_the_one_keymap() -> None:
    from simulator.tui.keys import ACTION_KEYS
    from simulator.tui.screens.help import HELP_FILE, MARKER, session_keys

    assert MARKER in HELP_FILE.read_text(encoding="utf-8")
    table = session_keys()
    for key in ACTION_KEYS.values():
        assert f"| `{key.key}` |" in table
