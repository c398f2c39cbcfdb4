"""The action vocabulary (DESIGN section 4): ids, both forms, and errors that never crash."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from simulator.domain.actions import (
    ARGUMENTS,
    ActionError,
    ActionErrors,
    Ask,
    CheckIn,
    Educate,
    End,
    Impression,
    Observe,
    Palpate,
    Reassess,
    Refer,
    RunTest,
    Treat,
    action_from_json,
    action_to_json,
    action_to_line,
    parse_json_actions,
    parse_line,
    parse_script,
)
from simulator.domain.ids import (
    Irritability,
    Observation,
    Question,
    Reason,
    Region,
    Source,
    Technique,
    Topic,
)
from simulator.domain.ids import (
    Test as ExamTest,
)

# The contract, copied from DESIGN section 4 (not from the code under test).
DESIGN_IDS: dict[str, list[str]] = {
    "question": [
        "onset",
        "location",
        "radiation",
        "quality",
        "aggravating",
        "easing",
        "sitting_vs_walking",
        "cough_sneeze",
        "history_disc",
        "history_injury",
        "training_load",
        "occupation",
        "numbness",
        "weakness",
        "bladder_bowel",
        "saddle_numbness",
        "night_pain",
        "general_health",
        "pain_rating",
        "previous_treatment",
        "goals",
    ],
    "what": ["sitting", "standing", "gait", "forward_bend"],
    "region": [
        "lumbar",
        "quadratus_lumborum",
        "thoracolumbar_fascia",
        "glute_max",
        "glute_med",
        "glute_min",
        "deep_rotators",
        "hamstrings",
        "calf",
        "lateral_hip",
        "hip_flexors",
    ],
    "test": [
        "slr",
        "slump",
        "fair",
        "hip_internal_rotation",
        "thomas",
        "hamstring_length",
        "lumbar_flexion",
        "lumbar_extension",
        "pain_rating",
    ],
    "technique": [
        "effleurage",
        "compression",
        "petrissage",
        "friction",
        "sustained_pressure",
        "stripping",
        "trigger_point",
        "myofascial",
        "passive_movement",
        "contract_relax",
        "stretch",
    ],
    "topic": ["expectations", "self_care", "referral_reason"],
    "reason": ["red_flag", "medical_assessment", "outside_scope"],
}
DESIGN_KINDS = {
    "ask": ["question"],
    "observe": ["what"],
    "palpate": ["region"],
    "test": ["test"],
    "treat": ["technique", "region", "pressure", "minutes"],
    "check_in": [],
    "reassess": ["test"],
    "educate": ["topic"],
    "refer": ["reason"],
    "impression": ["source", "irritability"],
    "end": [],
}
ENUMS = {
    "question": Question,
    "what": Observation,
    "region": Region,
    "test": ExamTest,
    "technique": Technique,
    "topic": Topic,
    "reason": Reason,
    "irritability": Irritability,
}


# ---------------------------------------------------------------- strategies


def _ids(name: str) -> st.SearchStrategy[Any]:
    return st.sampled_from(list(ENUMS[name]))


ACTIONS = st.one_of(
    st.builds(Ask, question=_ids("question")),
    st.builds(Observe, what=_ids("what")),
    st.builds(Palpate, region=_ids("region")),
    st.builds(RunTest, test=_ids("test")),
    st.builds(
        Treat,
        technique=_ids("technique"),
        region=_ids("region"),
        pressure=st.integers(1, 5),
        minutes=st.integers(1, 20),
    ),
    st.builds(CheckIn),
    st.builds(Reassess, test=_ids("test")),
    st.builds(Educate, topic=_ids("topic")),
    st.builds(Refer, reason=_ids("reason")),
    st.builds(Impression, source=st.sampled_from(list(Source)), irritability=_ids("irritability")),
    st.builds(Impression, source=st.just("unsure")),
    st.builds(End),
)

ALL_WORDS = sorted({w for ids in DESIGN_IDS.values() for w in ids} | set(DESIGN_KINDS))
JSON_SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-10, 30),
    st.floats(allow_nan=False),
    st.text(max_size=10),
    st.sampled_from(ALL_WORDS),
)
JSON_VALUES = st.recursive(
    JSON_SCALARS,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=8,
)
# Tokens that look like a script: real ids and kinds, near misses, numbers of every kind
# (including Unicode digits such as superscripts), and arbitrary text.
TOKENS = st.one_of(
    st.sampled_from(ALL_WORDS),
    st.sampled_from(ALL_WORDS).map(str.upper),
    st.integers(-3, 30).map(str),
    st.text(alphabet=st.characters(categories=["Nd", "No", "Nl"]), min_size=1, max_size=3),
    st.sampled_from(
        ["3.5", "1e1", "+3", "-0", "0x3", "\u0663", "\uff13", "\u00b2", "\u00bd", "nan"]
    ),
    st.text(min_size=1, max_size=8),
)


@st.composite
def _mutated_lines(draw: st.DrawFn) -> str:
    """A valid action line with one word replaced: reaches every field's error path."""
    words = action_to_line(draw(ACTIONS)).split()
    i = draw(st.integers(0, len(words) - 1))
    words[i] = draw(TOKENS).replace("\n", " ")
    return " ".join(words)


@st.composite
def _mutated_objects(draw: st.DrawFn) -> dict[str, Any]:
    """A valid JSON action with one value replaced by any JSON value."""
    raw = action_to_json(draw(ACTIONS))
    key = draw(st.sampled_from(sorted(raw)))
    raw[key] = draw(JSON_VALUES)
    return raw


LINES = st.one_of(
    st.text(max_size=60), st.lists(TOKENS, max_size=6).map(" ".join), _mutated_lines()
)

FIELD_NAMES = sorted({f for fields in DESIGN_KINDS.values() for f in fields} | {"kind"})
ACTION_LIKE = st.dictionaries(
    st.sampled_from(FIELD_NAMES) | st.text(max_size=6),
    st.one_of(JSON_VALUES, st.sampled_from(ALL_WORDS), st.integers(-1, 25)),
    max_size=6,
)


# ---------------------------------------------------------------- the id contract


# Ids added after the first release: DESIGN section 4 lets new ids join, never renaming old.
ADDED_IDS: dict[str, list[str]] = {
    "test": ["single_leg_stance", "neuro_screen"],
    "reason": ["urgent"],
    # home advice that fits some sources and harms others (courses of care, issue 14)
    "topic": ["stretching", "pacing"],
}
# Kinds added after the first release, with their arguments: the next visit of a course.
ADDED_KINDS: dict[str, list[str]] = {"visit": []}


@pytest.mark.parametrize("field", sorted(DESIGN_IDS))
def test_every_design_id_exists_in_its_enum(field: str) -> None:
    values = [member.value for member in ENUMS[field]]
    assert values == DESIGN_IDS[field] + ADDED_IDS.get(field, [])


def test_action_kinds_and_arguments_match_design() -> None:
    assert {kind: list(names) for kind, names in ARGUMENTS.items()} == DESIGN_KINDS | ADDED_KINDS


@pytest.mark.parametrize(
    ("line", "obj"),
    [
        ("ask onset", {"kind": "ask", "question": "onset"}),
        ("observe sitting", {"kind": "observe", "what": "sitting"}),
        ("palpate deep_rotators", {"kind": "palpate", "region": "deep_rotators"}),
        ("test slr", {"kind": "test", "test": "slr"}),
        (
            "treat friction deep_rotators 3 4",
            {
                "kind": "treat",
                "technique": "friction",
                "region": "deep_rotators",
                "pressure": 3,
                "minutes": 4,
            },
        ),
        ("check_in", {"kind": "check_in"}),
        ("reassess slr", {"kind": "reassess", "test": "slr"}),
        ("educate expectations", {"kind": "educate", "topic": "expectations"}),
        ("refer red_flag", {"kind": "refer", "reason": "red_flag"}),
        ("end", {"kind": "end"}),
    ],
)
def test_design_examples_line_and_json_forms_are_equal(line: str, obj: dict[str, Any]) -> None:
    """Every example row of the DESIGN section 4 table parses to the same action both ways."""
    from_line, from_json = parse_line(line), action_from_json(obj)
    assert from_line == from_json
    assert action_to_json(from_line) == obj
    assert action_to_line(from_json) == line


@pytest.mark.parametrize("field", sorted(DESIGN_IDS))
def test_every_id_parses_in_both_forms(field: str) -> None:
    kinds = {"region": "palpate", "technique": "treat", "test": "test"}
    kind = kinds.get(field) or next(k for k, names in DESIGN_KINDS.items() if names == [field])
    for value in DESIGN_IDS[field]:
        if kind == "treat":
            line, obj = (
                f"treat {value} glute_max 2 3",
                {
                    "kind": "treat",
                    "technique": value,
                    "region": "glute_max",
                    "pressure": 2,
                    "minutes": 3,
                },
            )
        else:
            line, obj = f"{kind} {value}", {"kind": kind, field: value}
        assert parse_line(line) == action_from_json(obj)


@given(ACTIONS)
def test_round_trip_line_and_json(action: Any) -> None:
    line = action_to_line(action)
    assert parse_line(line) == action
    data = action_to_json(action)
    assert action_from_json(json.loads(json.dumps(data))) == action
    assert parse_line(line) == action_from_json(data)
    # the line form is canonical: printing it again gives the same text
    assert action_to_line(parse_line(line)) == line


@given(ACTIONS)
def test_round_trip_through_a_script_and_json_lines(action: Any) -> None:
    script = f"# a comment\n\n  {action_to_line(action)}  \n"
    assert parse_script(script) == [action]
    assert parse_json_actions(json.dumps([action_to_json(action)])) == [action]
    assert parse_json_actions(json.dumps(action_to_json(action)) + "\n") == [action]


# ---------------------------------------------------------------- errors


def _error(line: str) -> ActionError:
    with pytest.raises(ActionError) as info:
        parse_line(line)
    return info.value


@pytest.mark.parametrize(
    ("line", "field", "bad"),
    [
        ("ask onsett", "question", "onsett"),
        ("observe lying", "what", "lying"),
        ("palpate piriformis", "region", "piriformis"),
        ("test sl", "test", "sl"),
        ("treat massage glute_max 2 3", "technique", "massage"),
        ("treat friction glutes 2 3", "region", "glutes"),
        ("reassess straight_leg", "test", "straight_leg"),
        ("educate diet", "topic", "diet"),
        ("refer hospital", "reason", "hospital"),
    ],
)
def test_unknown_id_names_the_field_and_lists_the_valid_ids(
    line: str, field: str, bad: str
) -> None:
    error = _error(line)
    assert error.field == field
    assert bad in error.message
    for valid in DESIGN_IDS[field]:
        assert valid in error.message, f"{valid} not listed in: {error.message}"


def test_unknown_action_lists_the_valid_actions() -> None:
    error = _error("massage glute_max")
    assert error.field == "kind"
    for kind in DESIGN_KINDS:
        assert kind in error.message


@pytest.mark.parametrize(
    "line",
    [
        "ask",
        "ask onset location",
        "treat friction deep_rotators 3",
        "treat",
        "end now",
        "check_in please",
        "palpate",
        "treat friction deep_rotators 3 4 5",
    ],
)
def test_wrong_arity_is_an_action_error_with_usage(line: str) -> None:
    error = _error(line)
    kind = line.split()[0]
    assert error.field in ("kind", *DESIGN_KINDS[kind])
    assert "usage" in error.message
    assert kind in error.message


@pytest.mark.parametrize(
    ("pressure", "minutes", "field"),
    [
        ("0", "3", "pressure"),
        ("6", "3", "pressure"),
        ("-1", "3", "pressure"),
        ("three", "3", "pressure"),
        ("2.5", "3", "pressure"),
        ("3", "0", "minutes"),
        ("3", "21", "minutes"),
        ("3", "ten", "minutes"),
        ("3", "4.0", "minutes"),
    ],
)
def test_pressure_and_minutes_out_of_range_or_not_numbers(
    pressure: str, minutes: str, field: str
) -> None:
    error = _error(f"treat friction deep_rotators {pressure} {minutes}")
    assert error.field == field
    assert ("1-5" if field == "pressure" else "1-20") in error.message


@pytest.mark.parametrize(
    ("value", "field"),
    [
        (0, "pressure"),
        (6, "pressure"),
        ("x", "pressure"),
        (2.5, "pressure"),
        (None, "pressure"),
        (0, "minutes"),
        (21, "minutes"),
        ([3], "minutes"),
    ],
)
def test_json_numbers_out_of_range(value: Any, field: str) -> None:
    raw = {
        "kind": "treat",
        "technique": "friction",
        "region": "glute_max",
        "pressure": 2,
        "minutes": 3,
        field: value,
    }
    with pytest.raises(ActionError) as info:
        action_from_json(raw)
    assert info.value.field == field


@pytest.mark.parametrize("value", [True, False])
@pytest.mark.parametrize("field", ["pressure", "minutes"])
def test_json_booleans_are_not_pressures_or_minutes(value: bool, field: str) -> None:
    """`"pressure": true` in a hand-edited transcript is not the number 1 (DESIGN section 6:
    bad input gets a clear message)."""
    raw = {
        "kind": "treat",
        "technique": "friction",
        "region": "glute_max",
        "pressure": 2,
        "minutes": 3,
        field: value,
    }
    with pytest.raises(ActionError) as info:
        action_from_json(raw)
    assert info.value.field == field


@pytest.mark.parametrize(
    "raw",
    [
        {"kind": ["ask"], "question": "onset"},
        {"kind": {"ask": 1}},
        {"kind": 3},
        {"kind": None},
        {},
        [],
        "ask onset",
        None,
        {"kind": "ask", "question": "onset", "extra": 1},
        {"kind": "ask", "question": ["onset"]},
        {"kind": "ask", "question": {"a": 1}},
    ],
)
def test_malformed_json_actions_are_action_errors(raw: Any) -> None:
    with pytest.raises(ActionError):
        action_from_json(raw)


@pytest.mark.parametrize(
    "line", ["treat friction deep_rotators ² 3", "treat friction glute_max 3 ½"]
)
def test_unicode_digit_lookalikes_are_action_errors(line: str) -> None:
    """`str.isdigit()` is true for '²' but int('²') fails: must still be an ActionError."""
    error = _error(line)
    assert error.field in ("pressure", "minutes")


@given(LINES)
def test_any_text_line_is_an_action_or_an_action_error(line: str) -> None:
    try:
        action = parse_line(line)
    except ActionError as error:
        assert error.message
        assert error.field
    else:
        assert parse_line(action_to_line(action)) == action


@given(st.one_of(JSON_VALUES, ACTION_LIKE, _mutated_objects()))
def test_any_json_value_is_an_action_or_an_action_error(raw: Any) -> None:
    try:
        action = action_from_json(raw)
    except ActionError as error:
        assert error.message
        assert error.one_line()
    else:
        assert action_from_json(action_to_json(action)) == action


@given(
    st.lists(
        st.one_of(LINES, ACTIONS.map(action_to_line), st.just("# note"), st.just("")), max_size=8
    )
)
def test_any_script_is_actions_or_errors_with_line_numbers(lines: list[str]) -> None:
    text = "\n".join(line.replace("\n", " ").replace("\r", " ") for line in lines)
    # the lines an editor numbers: split on \n only (form feeds and U+2028 stay inside a line)
    file_lines = text.removeprefix("\ufeff").split("\n")
    try:
        actions = parse_script(text, source="s.txt")
    except ActionErrors as errors:
        assert errors.errors
        numbers = [e.line for e in errors.errors]
        assert numbers == sorted(set(numbers))
        for error in errors.errors:
            assert 1 <= error.line <= len(file_lines)
            bad = file_lines[error.line - 1].strip()
            assert bad and not bad.startswith("#")
            assert error.one_line().startswith(f"s.txt:{error.line}:")
    else:
        meaningful = [
            ln.strip() for ln in file_lines if ln.strip() and not ln.strip().startswith("#")
        ]
        assert len(actions) == len(meaningful)


def test_parse_script_reports_every_bad_line_with_its_number() -> None:
    script = "\n".join(
        [
            "# intake",  # 1
            "ask onset",  # 2
            "",  # 3
            "ask onsett",  # 4  bad id
            "   # indented comment",  # 5
            "treat friction glute_max 9 3",  # 6  bad pressure
            "palpate",  # 7  arity
            "check_in",  # 8
            "dance",  # 9  bad kind
        ]
    )
    with pytest.raises(ActionErrors) as info:
        parse_script(script, source="plan.txt")
    errors = info.value.errors
    assert [e.line for e in errors] == [4, 6, 7, 9]
    assert [e.field for e in errors] == ["question", "pressure", "region", "kind"]
    text = str(info.value)
    for n in (4, 6, 7, 9):
        assert f"plan.txt:{n}:" in text
    assert "plan.txt:2:" not in text


def test_comments_and_blank_lines_are_ignored() -> None:
    script = "\n# only a comment\n\n   \n#ask onset\nend\n"
    assert parse_script(script) == [End()]
    assert parse_script("") == []
    assert parse_script("# nothing\n\n") == []


def test_json_script_reports_every_bad_entry() -> None:
    text = json.dumps(
        [
            {"kind": "ask", "question": "onset"},
            {"kind": "ask", "question": "x"},
            {"kind": "end"},
            {"kind": "fly"},
        ]
    )
    with pytest.raises(ActionErrors) as info:
        parse_json_actions(text)
    # one line of JSON: every entry is on line 1, and the field names the entry
    assert [(e.line, e.field) for e in info.value.errors] == [(1, "[1].question"), (1, "[3].kind")]
    with pytest.raises(ActionErrors) as info:
        parse_json_actions(json.dumps(json.loads(text), indent=1))
    assert [e.line for e in info.value.errors] == [6, 13]  # the lines the entries start on
    with pytest.raises(ActionErrors):
        parse_json_actions("[{")


@given(st.text(max_size=80))
def test_any_json_script_text_is_actions_or_action_errors(text: str) -> None:
    try:
        parse_json_actions(text)
    except ActionErrors as errors:
        assert errors.errors
