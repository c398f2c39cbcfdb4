"""Actions in both forms (script line and JSON object), with one parser and one error type."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError, model_validator

from simulator.domain.ids import (
    MINUTES_MAX,
    MINUTES_MIN,
    PRESSURE_MAX,
    PRESSURE_MIN,
    Irritability,
    Observation,
    Question,
    Reason,
    Region,
    Source,
    Technique,
    Test,
    Topic,
)
from simulator.guard import InputError, decode_at, loads, whole_number

# More actions than any session can hold (180 minutes, a minute or more each); a longer
# script is a mistake, and refusing it keeps memory bounded however large the file is.
MAX_ACTIONS = 10_000
# Report this many bad lines, then only count the rest.
MAX_REPORTED = 20


class _Action(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, use_enum_values=False)


class Ask(_Action):
    kind: Literal["ask"] = "ask"
    question: Question


class Observe(_Action):
    kind: Literal["observe"] = "observe"
    what: Observation


class Palpate(_Action):
    kind: Literal["palpate"] = "palpate"
    region: Region


class RunTest(_Action):
    kind: Literal["test"] = "test"
    test: Test


class Treat(_Action):
    kind: Literal["treat"] = "treat"
    technique: Technique
    region: Region
    # strict: JSON `true` or "3" is not a pressure
    pressure: int = Field(ge=PRESSURE_MIN, le=PRESSURE_MAX, strict=True)
    minutes: int = Field(ge=MINUTES_MIN, le=MINUTES_MAX, strict=True)


class CheckIn(_Action):
    kind: Literal["check_in"] = "check_in"


class Reassess(_Action):
    kind: Literal["reassess"] = "reassess"
    test: Test


class Educate(_Action):
    kind: Literal["educate"] = "educate"
    topic: Topic


class Refer(_Action):
    kind: Literal["refer"] = "refer"
    reason: Reason


UNSURE = "unsure"


class Impression(_Action):
    """The working impression (the A of a SOAP note): a source and an irritability, or
    `unsure`. Recorded at most once per session, before the end."""

    kind: Literal["impression"] = "impression"
    source: Source | Literal["unsure"]
    irritability: Irritability | None = None

    @model_validator(mode="after")
    def _paired(self) -> Impression:
        if self.source == UNSURE and self.irritability is not None:
            raise ValueError("an 'unsure' impression takes no irritability")
        if self.source != UNSURE and self.irritability is None:
            raise ValueError("an impression names a source and an irritability")
        return self

    @property
    def unsure(self) -> bool:
        return self.source == UNSURE


class End(_Action):
    kind: Literal["end"] = "end"


class Visit(_Action):
    """In a course of care: end this visit (if it has not ended) and open the next one a
    few days later, with the client's report of how they have been."""

    kind: Literal["visit"] = "visit"


Action = Annotated[
    Ask
    | Observe
    | Palpate
    | RunTest
    | Treat
    | CheckIn
    | Reassess
    | Educate
    | Refer
    | Impression
    | End
    | Visit,
    Field(discriminator="kind"),
]
ACTION_ADAPTER: TypeAdapter[Action] = TypeAdapter(Action)

# The argument names of each kind, in line order; the JSON keys are the same names.
ARGUMENTS: dict[str, tuple[str, ...]] = {
    "ask": ("question",),
    "observe": ("what",),
    "palpate": ("region",),
    "test": ("test",),
    "treat": ("technique", "region", "pressure", "minutes"),
    "check_in": (),
    "reassess": ("test",),
    "educate": ("topic",),
    "refer": ("reason",),
    "impression": ("source", "irritability"),
    "end": (),
    "visit": (),
}
# Arguments a line may leave out, with the value that stands for them (`impression unsure`).
OPTIONAL_TAIL: dict[str, dict[str, tuple[str, ...]]] = {"impression": {UNSURE: ("source",)}}
# The valid ids for each argument of the line form, in vocabulary order.
CHOICES: dict[str, list[str]] = {
    "question": [q.value for q in Question],
    "what": [o.value for o in Observation],
    "region": [r.value for r in Region],
    "test": [t.value for t in Test],
    "technique": [t.value for t in Technique],
    "topic": [t.value for t in Topic],
    "reason": [r.value for r in Reason],
    "source": [*(s.value for s in Source), UNSURE],
    "irritability": [i.value for i in Irritability],
}


class ActionError(ValueError):
    """A bad action: where it is (source, line), which field, and what is wrong."""

    def __init__(self, message: str, *, field: str = "", line: int = 0, source: str = "") -> None:
        self.message = message
        self.field = field
        self.line = line
        self.source = source
        super().__init__(self.one_line())

    def one_line(self) -> str:
        where = self.source or "<actions>"
        if self.line:
            where += f":{self.line}"
        field = f" {self.field}:" if self.field else ""
        return f"{where}:{field} {self.message}"


def clip(value: object, limit: int = 40) -> str:
    """repr() of a value from outside, cut short so one message stays one short line."""
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _explain(error: ValidationError, raw: dict[str, Any]) -> tuple[str, str]:
    """Turn pydantic's first error into (field, message) a student can act on."""
    first = error.errors()[0]
    # loc starts with the discriminator tag (the kind); the field follows it
    loc = [str(p) for p in first["loc"][1:]]
    # a union field (`source`) adds the member's name after the field's
    field = loc[0] if loc else "kind"
    if field in CHOICES:
        value = raw.get(field)
        return field, f"unknown {field} {clip(value)}; valid: {', '.join(CHOICES[field])}"
    if field == "pressure":
        return field, f"pressure must be a whole number {PRESSURE_MIN}-{PRESSURE_MAX}"
    if field == "minutes":
        return field, f"minutes must be a whole number {MINUTES_MIN}-{MINUTES_MAX}"
    return field, str(first["msg"])


def action_from_json(raw: Any) -> Action:
    """Validate the JSON form of one action; raises ActionError."""
    if not isinstance(raw, dict):
        raise ActionError("an action must be a JSON object with a 'kind'", field="kind")
    kind = raw.get("kind")
    if not isinstance(kind, str) or kind not in ARGUMENTS:
        message = f"unknown action {clip(kind)}; valid: {', '.join(ARGUMENTS)}"
        raise ActionError(message, field="kind")
    extra = sorted(set(raw) - {"kind", *ARGUMENTS[kind]})
    if extra:
        raise ActionError(f"{kind} takes no field {clip(extra[0])}", field=clip(extra[0]))
    try:
        return ACTION_ADAPTER.validate_python(raw)
    except ValidationError as error:
        field, message = _explain(error, raw)
        raise ActionError(message, field=field) from None


def parse_line(text: str) -> Action:
    """Parse one script line such as `treat friction deep_rotators 3 4`; raises ActionError."""
    words = text.split()
    if not words:
        raise ActionError("empty action", field="kind")
    kind, args = words[0], words[1:]
    if kind not in ARGUMENTS:
        message = f"unknown action {clip(kind)}; valid: {', '.join(ARGUMENTS)}"
        raise ActionError(message, field="kind")
    names = ARGUMENTS[kind]
    if args and args[0] in OPTIONAL_TAIL.get(kind, {}):
        names = OPTIONAL_TAIL[kind][args[0]]
    if len(args) != len(names):
        usage = " ".join([kind, *(n.upper() for n in ARGUMENTS[kind])])
        usage += "".join(f", or {kind} {word}" for word in OPTIONAL_TAIL.get(kind, {}))
        raise ActionError(
            f"{kind} takes {len(names)} argument(s), got {len(args)}; usage: {usage}",
            field=names[len(args)] if len(args) < len(names) else "kind",
        )
    raw: dict[str, Any] = {"kind": kind}
    for name, value in zip(names, args, strict=True):
        if name in ("pressure", "minutes"):
            number = whole_number(value)
            raw[name] = -1 if number is None else number  # -1: the range check's message
        else:
            raw[name] = value
    return action_from_json(raw)


def script_lines(text: str) -> list[str]:
    """The lines of a script as editors number them: split on \\n only (str.splitlines also
    splits on form feeds and Unicode separators, and the line numbers would drift)."""
    return text.removeprefix("\ufeff").split("\n")


class _Collector:
    """Actions and errors of a parse: identical actions shared (memory stays bounded by the
    vocabulary, not the file); the parse stops at the bad line after MAX_REPORTED."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.actions: list[Action] = []
        self.errors: list[ActionError] = []
        self._seen: dict[Action, Action] = {}

    def add(self, action: Action, line: int) -> None:
        if len(self.actions) >= MAX_ACTIONS:
            message = f"more than {MAX_ACTIONS} actions; no session holds that many"
            error = ActionError(message, field="kind", line=line, source=self.source)
            raise ActionErrors([*self.errors, error])
        self.actions.append(self._seen.setdefault(action, action))

    def fail(self, error: ActionError, line: int) -> None:
        if len(self.errors) >= MAX_REPORTED:  # a file of nothing but bad lines: stop here
            raise ActionErrors(self.errors, stopped_at=line)
        self.errors.append(
            ActionError(error.message, field=error.field, line=line, source=self.source)
        )

    def result(self) -> list[Action]:
        if self.errors:
            raise ActionErrors(self.errors)
        return self.actions


def parse_script_lines(lines: Iterable[str], source: str = "") -> list[Action]:
    """Parse script lines (numbered from 1); every bad line is reported, not just the first."""
    collected = _Collector(source)
    for number, line in enumerate(lines, start=1):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        try:
            collected.add(parse_line(stripped), number)
        except ActionError as error:
            collected.fail(error, number)
    return collected.result()


def parse_script(text: str, source: str = "") -> list[Action]:
    """Parse a whole action script; every bad line is reported, not just the first."""
    return parse_script_lines(script_lines(text), source)


def parse_json_lines(lines: Iterable[str], source: str = "") -> list[Action]:
    """Parse JSON Lines of action objects (numbered from 1), reporting every bad entry."""
    collected = _Collector(source)
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            raw = loads(line)
        except InputError as error:
            collected.fail(ActionError(error.message), number)
            continue
        try:
            collected.add(action_from_json(raw), number)
        except ActionError as error:
            collected.fail(error, number)
    return collected.result()


def parse_json_actions(text: str, source: str = "") -> list[Action]:
    """Parse a JSON list of action objects (or JSON Lines), reporting every bad entry with the
    file line it starts on; the list is decoded entry by entry, so at most MAX_ACTIONS are
    ever held."""
    text = text.removeprefix("\ufeff")
    if not text.lstrip().startswith("["):
        return parse_json_lines(text.split("\n"), source)
    collected = _Collector(source)
    try:
        for index, line, raw in _list_entries(text):
            try:
                collected.add(action_from_json(raw), line)
            except ActionError as error:
                field = f"[{index}].{error.field}" if error.field else f"[{index}]"
                collected.fail(ActionError(error.message, field=field), line)
    except InputError as error:
        collected.fail(ActionError(error.message), error.line)
        return collected.result()
    return collected.result()


_SPACE = re.compile(r"[ \t\r\n]*")


def _list_entries(text: str) -> Iterator[tuple[int, int, Any]]:
    """(entry number from 0, the line it starts on, its value) of the JSON list in `text`."""
    position = _SPACE.match(text).end() + 1  # type: ignore[union-attr]  # after the "["
    line, counted = 1, 0
    index = 0
    while True:
        position = _SPACE.match(text, position).end()  # type: ignore[union-attr]
        if position < len(text) and text[position] == "]" and index == 0:
            break
        line += text.count("\n", counted, position)
        counted = position
        value, position = decode_at(text, position)
        yield index, line, value
        index += 1
        position = _SPACE.match(text, position).end()  # type: ignore[union-attr]
        if position < len(text) and text[position] == ",":
            position += 1
            continue
        if position < len(text) and text[position] == "]":
            break
        line += text.count("\n", counted, position)
        counted = position
        raise InputError("invalid JSON: expected ',' or ']' after a list entry", line)
    rest = _SPACE.match(text, position + 1).end()  # type: ignore[union-attr]
    if rest != len(text):
        line += text.count("\n", counted, rest)
        raise InputError("invalid JSON: extra data after the list", line)


class ActionErrors(ValueError):
    """Several bad actions, each with its own line."""

    def __init__(self, errors: Iterable[ActionError], stopped_at: int = 0) -> None:
        self.errors = list(errors)
        self.stopped_at = stopped_at  # the line of a further bad one, not read on from
        super().__init__("\n".join(self.lines()))

    def lines(self) -> list[str]:
        """One line per reported error, and a last line when the parse stopped early."""
        out = [e.one_line() for e in self.errors]
        if self.stopped_at:
            source = self.errors[0].source or "<actions>"
            out.append(
                f"{source}:{self.stopped_at}: more bad lines from here on; stopped after "
                f"{len(self.errors)}"
            )
        return out


def action_to_json(action: Action) -> dict[str, Any]:
    # a script's actions are the same objects in every case `run --case DIR` plays: each
    # is dumped once (the entry holds the action, so its id is not reused while cached)
    entry = _DUMPED.get(id(action))
    if entry is None or entry[0] is not action:
        if len(_DUMPED) > 4096:
            _DUMPED.clear()
        entry = _DUMPED[id(action)] = (action, action.model_dump(mode="json", exclude_none=True))
    return dict(entry[1])  # flat: a copy is the caller's own


_DUMPED: dict[int, tuple[Action, dict[str, Any]]] = {}


def action_to_line(action: Action) -> str:
    """The one way an action becomes its script line."""
    data = action_to_json(action)
    return " ".join([data["kind"], *(str(data[n]) for n in ARGUMENTS[data["kind"]] if n in data)])
