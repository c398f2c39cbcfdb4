"""Actions in both forms (script line and JSON object), with one parser and one error type."""

from __future__ import annotations

import json
from collections.abc import Iterable
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
    | End,
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


def _explain(error: ValidationError, raw: dict[str, Any]) -> tuple[str, str]:
    """Turn pydantic's first error into (field, message) a student can act on."""
    first = error.errors()[0]
    # loc starts with the discriminator tag (the kind); the field follows it
    loc = [str(p) for p in first["loc"][1:]]
    # a union field (`source`) adds the member's name after the field's
    field = loc[0] if loc else "kind"
    if field in CHOICES:
        value = raw.get(field)
        return field, f"unknown {field} {value!r}; valid: {', '.join(CHOICES[field])}"
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
        raise ActionError(f"unknown action {kind!r}; valid: {', '.join(ARGUMENTS)}", field="kind")
    extra = sorted(set(raw) - {"kind", *ARGUMENTS[kind]})
    if extra:
        raise ActionError(f"{kind} takes no field {extra[0]!r}", field=extra[0])
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
        raise ActionError(f"unknown action {kind!r}; valid: {', '.join(ARGUMENTS)}", field="kind")
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
            if not (value.isascii() and value.isdigit()):
                raw[name] = -1  # let the range check produce the message
                continue
            raw[name] = int(value)
        else:
            raw[name] = value
    return action_from_json(raw)


def parse_script(text: str, source: str = "") -> list[Action]:
    """Parse a whole action script; every bad line is reported, not just the first."""
    actions: list[Action] = []
    errors: list[ActionError] = []
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        try:
            actions.append(parse_line(stripped))
        except ActionError as error:
            errors.append(ActionError(error.message, field=error.field, line=number, source=source))
    if errors:
        raise ActionErrors(errors)
    return actions


def parse_json_actions(text: str, source: str = "") -> list[Action]:
    """Parse a JSON list of action objects (or JSON Lines), reporting every bad entry."""
    stripped = text.strip()
    try:
        if stripped.startswith("["):
            items = list(enumerate(json.loads(stripped), start=1))
        else:
            items = [
                (n, json.loads(line))
                for n, line in enumerate(text.splitlines(), start=1)
                if line.strip()
            ]
    except json.JSONDecodeError as error:
        raise ActionErrors(
            [ActionError(f"invalid JSON: {error.msg}", line=error.lineno, source=source)]
        ) from None
    actions: list[Action] = []
    errors: list[ActionError] = []
    for number, raw in items:
        try:
            actions.append(action_from_json(raw))
        except ActionError as error:
            errors.append(ActionError(error.message, field=error.field, line=number, source=source))
    if errors:
        raise ActionErrors(errors)
    return actions


class ActionErrors(ValueError):
    """Several bad actions, each with its own line."""

    def __init__(self, errors: Iterable[ActionError]) -> None:
        self.errors = list(errors)
        super().__init__("\n".join(e.one_line() for e in self.errors))


def action_to_json(action: Action) -> dict[str, Any]:
    return action.model_dump(mode="json", exclude_none=True)


def action_to_line(action: Action) -> str:
    """The one way an action becomes its script line."""
    data = action_to_json(action)
    return " ".join([data["kind"], *(str(data[n]) for n in ARGUMENTS[data["kind"]] if n in data)])
