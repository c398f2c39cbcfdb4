"""Transcripts: the JSON of `run` and `replay`, and recomputing a recorded session."""

from __future__ import annotations

import json
import json.encoder
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from enum import Enum
from json.encoder import encode_basestring_ascii
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from simulator.domain.actions import Action, ActionError, action_from_json, action_to_json
from simulator.domain.case import Case
from simulator.domain.ids import Effect
from simulator.domain.response import Signals
from simulator.engine.session import Session, Step
from simulator.scoring.rubric import Item, Score, score


class CaseRef(BaseModel):
    """The case of a transcript: inline (`data`), or by id plus seed with its blueprint."""

    model_config = ConfigDict(extra="forbid")

    id: str
    seed: int = 0
    data: Case | None = None
    blueprint: str | None = None  # path of the blueprint that draws it from `seed`
    file: str | None = None  # path of an authored case file


class RecordedStep(BaseModel):
    model_config = ConfigDict(extra="forbid")

    action: dict[str, Any]
    text: str
    effect: Effect | None = None
    signals: dict[str, Any] = Field(default_factory=dict)


class Transcript(BaseModel):
    """What `run --json` prints; `replay` reads it back (score and hidden are ignored)."""

    model_config = ConfigDict(extra="forbid")

    case: CaseRef
    session_seed: int = 0
    steps: list[RecordedStep]
    score: dict[str, Any] | None = None
    hidden: dict[str, Any] | None = None


def step_json(step: Step) -> dict[str, Any]:
    r = step.response
    return {
        "action": action_to_json(step.action),
        "text": r.text,
        "effect": r.effect.value if r.effect else None,
        "signals": r.signals.visible(),
    }


def score_json(result: Score) -> dict[str, Any]:
    return result.model_dump(mode="json")


def hidden_json(case: Case) -> dict[str, Any]:
    h = case.hidden
    return {
        "source": h.source.value,
        "secondary": h.secondary.value if h.secondary else None,
        "irritability": h.irritability.value,
        "nerve_sensitivity": h.nerve_sensitivity,
    }


def play(case: Case, seed: int, actions: Sequence[Action]) -> tuple[Session, Score]:
    """Drive a session headless through the actions (ending it if they do not) and score it."""
    session = Session(case, seed)
    for action in actions:
        session.apply(action)
    if not session.ended:
        session.apply(action_from_json({"kind": "end"}))
    return session, score(case, session.steps)


def result_json(
    case: Case, seed: int, session: Session, result: Score, ref: dict[str, Any] | None = None
) -> dict[str, Any]:
    """The object `run --json` prints (DESIGN section 6)."""
    case_ref: dict[str, Any] = {"id": case.id, "seed": case.seed, **(ref or {})}
    case_ref["data"] = case.model_dump(mode="json")
    return {
        "case": case_ref,
        "session_seed": seed,
        "steps": [step_json(s) for s in session.steps],
        "score": score_json(result),
        "hidden": hidden_json(case),
    }


def _json_encoder() -> Callable[[Any], str]:
    """json.dumps's text. The results are fresh trees, never circular, so the check is
    skipped; and `JSONEncoder.encode` makes a new C encoder on every call (about 1 us, more
    than encoding a step's signals), so this one is made once."""
    plain = json.JSONEncoder(check_circular=False)
    make = getattr(json.encoder, "c_make_encoder", None)
    if make is None:  # no C accelerator: the pure-Python encoder gives the same text
        return plain.encode
    chunks = make(
        None,  # no circular check
        plain.default,
        encode_basestring_ascii,
        None,  # no indent
        plain.key_separator,
        plain.item_separator,
        plain.sort_keys,
        plain.skipkeys,
        plain.allow_nan,
    )

    def encode(value: Any) -> str:
        return "".join(chunks(value, 0))

    return encode


encode_json = _json_encoder()


def result_text(
    case: Case, seed: int, session: Session, result: Score, ref: dict[str, Any] | None = None
) -> str:
    """`encode_json(result_json(...))`, the same text built from pieces: a script's actions
    and a rubric's Items are the same objects from case to case (simulator.domain.actions,
    simulator.scoring.rubric._item), so each is encoded once, not once a case (a test holds
    the two equal)."""
    case_ref: dict[str, Any] = {"id": case.id, "seed": case.seed, **(ref or {})}
    if "data" in case_ref:  # result_json would write the case in its place, not last
        return encode_json(result_json(case, seed, session, result, ref))
    steps = ", ".join([_step_text(s) for s in session.steps])
    return (
        f'{{"case": {encode_json(case_ref)[:-1]}, "data": '
        f"{encode_json(case.model_dump(mode='json'))}}}, "
        f'"session_seed": {encode_json(seed)}, "steps": [{steps}], '
        f'"score": {score_text(result)}, "hidden": {encode_json(hidden_json(case))}}}'
    )


def _step_text(step: Step) -> str:
    """`encode_json(step_json(step))`."""
    r = step.response
    effect = _value_text(r.effect) if r.effect else "null"
    text = _TEXT.get(r.text)
    if text is None:  # most answers are words another client had (nine in ten, a mix)
        if len(_TEXT) >= 16384:
            _TEXT.clear()
        text = _TEXT[r.text] = encode_basestring_ascii(r.text)
    return (
        f'{{"action": {_action_text(step.action)}, "text": {text}, '
        f'"effect": {effect}, "signals": {_signals_text(r.signals)}}}'
    )


_TEXT: dict[str, str] = {}  # a response's text, encoded


def _signals_text(signals: Signals) -> str:
    """`encode_json(signals.visible())`, written out: a dict and the encoder cost about a
    microsecond a step. (json writes True, False and an exact int as below; anything else
    goes through the encoder.)"""
    s = signals
    text = "{"
    if (positive := s.positive) is not None:
        if positive is True:
            text += '"positive": true, '
        elif positive is False:
            text += '"positive": false, '
        else:
            text += f'"positive": {encode_json(positive)}, '
    if (nrs := s.nrs) is not None:
        text += f'"nrs": {nrs!r}, ' if type(nrs) is int else f'"nrs": {encode_json(nrs)}, '
    if s.reach is not None:
        text += f'"reach": {_value_text(s.reach)}, '
    if s.sensation is not None:
        text += f'"sensation": {_value_text(s.sensation)}, '
    minutes = s.minutes_left
    if type(minutes) is int:
        return f'{text}"minutes_left": {minutes!r}}}'
    return f'{text}"minutes_left": {encode_json(minutes)}}}'


def _value_text(member: Enum) -> str:
    """An enum member's value, encoded."""
    text = _VALUE_TEXT.get(member)
    if text is None:
        text = _VALUE_TEXT[member] = encode_json(member.value)
    return text


_VALUE_TEXT: dict[Enum, str] = {}


def _encoded_once(cache: dict[int, tuple[Any, str]], obj: Any, encode: Callable[[], str]) -> str:
    """`encode()` for an object met before, by identity: a script's actions and a rubric's
    Items are the same objects from case to case. The entry holds the object, so its id is
    not reused while cached."""
    entry = cache.get(id(obj))
    if entry is None or entry[0] is not obj:
        if len(cache) > 8192:
            cache.clear()
        entry = cache[id(obj)] = (obj, encode())
    return entry[1]


def _action_text(action: Action) -> str:
    return _encoded_once(_ACTION_TEXT, action, lambda: encode_json(action_to_json(action)))


_ACTION_TEXT: dict[int, tuple[Any, str]] = {}


def score_text(result: Score) -> str:
    """`encode_json(score_json(result))`."""
    if not _SCORE_KNOWN:  # a field this does not know of: the long way
        return encode_json(score_json(result))
    items = ", ".join([_item_text(item) for item in result.items])
    errors = [e.model_dump(mode="json") for e in result.critical_errors]
    return (
        f'{{"total": {encode_json(result.total)}, "passed": {encode_json(result.passed)}, '
        f'"items": [{items}], "critical_errors": {encode_json(errors)}, '
        f'"rubric_version": {encode_json(result.rubric_version)}}}'
    )


_SCORE_KNOWN = tuple(Score.model_fields) == (
    "total",
    "passed",
    "items",
    "critical_errors",
    "rubric_version",
)


def _item_text(item: Item) -> str:
    return _encoded_once(_ITEM_TEXT, item, lambda: encode_json(item.model_dump(mode="json")))


_ITEM_TEXT: dict[int, tuple[Any, str]] = {}


@dataclass
class Replay:
    session: Session
    score: Score
    mismatches: list[str] = field(default_factory=list)


class TranscriptError(ValueError):
    """A transcript that cannot be replayed; `problems` are one-line messages."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("\n".join(problems))


def parse_transcript(raw: Any) -> Transcript:
    try:
        return Transcript.model_validate(raw)
    except ValidationError as error:
        problems = []
        for e in error.errors():
            where = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in e["loc"])
            where = where.lstrip(".") or "transcript"
            problems.append(f"{where}: {e['msg']}")
        raise TranscriptError(problems) from None


def recorded_actions(transcript: Transcript) -> list[Action]:
    actions, problems = [], []
    for number, step in enumerate(transcript.steps):
        try:
            actions.append(action_from_json(step.action))
        except ActionError as error:
            problems.append(f"steps[{number}].action.{error.field or 'kind'}: {error.message}")
    if problems:
        raise TranscriptError(problems)
    return actions


def replay(transcript: Transcript, case: Case) -> Replay:
    """Recompute every response and the score from case, seeds and actions alone."""
    actions = recorded_actions(transcript)
    session = Session(case, transcript.session_seed)
    mismatches = []
    for number, (action, recorded) in enumerate(zip(actions, transcript.steps, strict=True)):
        response = session.apply(action)
        fresh = step_json(Step(action, response))
        for key in ("text", "effect", "signals"):
            if fresh[key] != recorded.model_dump(mode="json")[key]:
                mismatches.append(f"steps[{number}].{key}: recorded response differs from replay")
    return Replay(session, score(case, session.steps), mismatches)
