"""The fuzz harness shared by tests/fuzz and tests/benchmarks/fuzz_volume.py: mutators that
turn real files (cases, blueprints, action scripts, transcripts, journals) into hostile ones,
and the contract every entry point keeps with them.

The contract (DESIGN: bad input gets a one-line message and a non-zero exit, never a
traceback): `massage-sim` exits 0, 1 (problems, one line each) or 2 (usage); never 70 (an
internal error), never a traceback. Grading keeps a stricter one: every hand-in is graded or
rejected with its file named, and one bad hand-in never stops the others.
"""

from __future__ import annotations

import contextlib
import io
import json
import random
import signal
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType
from typing import Any

from simulator.authoring.lint import EXIT_WARNINGS
from simulator.cli import main
from simulator.errors import EXIT_INTERNAL

REPO = Path(__file__).resolve().parents[2]
LIBRARY = REPO / "cases" / "library"
BLUEPRINTS = REPO / "cases" / "blueprints"
ROUTINE = REPO / "examples" / "routine.txt"
EXAM = REPO / "examples" / "exam" / "exam.yaml"
ANSWERS = REPO / "examples" / "exam" / "answers.txt"
ALLOWED = (0, 1, 2)  # ok, problems, usage (errors.py)
# `lint` also exits 3 when it found warnings only (README, `massage-sim lint`)
LINT_ALLOWED = (*ALLOWED, EXIT_WARNINGS)
HANG_SECONDS = 20.0

# Hostile pieces the mutators splice in: each one once crashed something (issue 15).
HUGE = "9" * 5000
DEEP_JSON = "[" * 100_000 + "]" * 100_000
NUMBERS = [
    HUGE,
    "-" + HUGE,
    "0",
    "-1",
    "1e308",
    "1e999",
    ".inf",
    "-.inf",
    ".nan",
    "0x" + "f" * 5000,
]
NUMBERS += ["²", "١٢", "3.5", "007", "99999999999999999999999"]
YAML_ODDITIES = ["!!omap\n- a: 1", "!!pairs\n- a: 1", "!!set {a, b}", "!!binary aGk=", "&a [*a]"]
YAML_ODDITIES += ["!!python/object:os.system {}", "!!timestamp 2024-01-01", "{a: [b, {c: d}]}"]
LINE_BREAKS = ["\x0c", "\u2028", "\u2029", "\x85", "\x0b", "\x1c", "\r", "\r\n", "\ufeff", "\x00"]


@dataclass
class Outcome:
    code: int
    out: str
    err: str
    seconds: float
    command: str = ""  # the subcommand run (its exit codes are the contract)


@dataclass
class Tally:
    """What a fuzz run found: every input counted, and the ones that broke the contract."""

    tried: int = 0
    internal: list[str] = field(default_factory=list)  # exit 70 or a traceback
    broken: list[str] = field(default_factory=list)  # another broken promise
    hangs: list[str] = field(default_factory=list)
    by_kind: dict[str, int] = field(default_factory=dict)

    def count(self, kind: str) -> None:
        self.tried += 1
        self.by_kind[kind] = self.by_kind.get(kind, 0) + 1


class Hang(BaseException):  # not Exception: run_command must not turn it into exit 70
    pass


def _alarm(_signum: int, _frame: FrameType | None) -> None:
    raise Hang


@contextlib.contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Raise Hang in the main thread after `seconds` (POSIX; no limit elsewhere)."""
    if not hasattr(signal, "setitimer"):  # pragma: no cover - Windows
        yield
        return
    previous = signal.signal(signal.SIGALRM, _alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def run_cli(*args: Any, seconds: float = HANG_SECONDS) -> Outcome:
    """`massage-sim ARGS` in this process: the real parser, handlers and error path."""
    out, err = io.StringIO(), io.StringIO()
    start = time.perf_counter()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            with time_limit(seconds):
                code = main([str(a) for a in args])
        except SystemExit as exit_:  # argparse usage errors
            code = exit_.code if isinstance(exit_.code, int) else 1
    command = str(args[0]) if args else ""
    return Outcome(code, out.getvalue(), err.getvalue(), time.perf_counter() - start, command)


def contract_problem(outcome: Outcome) -> str | None:
    """How an outcome breaks the contract, or None."""
    if outcome.code == EXIT_INTERNAL or "internal error" in outcome.err:
        return f"exit {outcome.code}: {outcome.err.strip()[:300]}"
    if "Traceback" in outcome.err or "Traceback" in outcome.out:
        return "traceback: " + outcome.err[-300:]
    if outcome.code not in (LINT_ALLOWED if outcome.command == "lint" else ALLOWED):
        return f"exit {outcome.code}"
    if outcome.code == 1:
        lines = [line for line in outcome.err.splitlines() if line.strip()]
        lines += [line for line in outcome.out.splitlines() if line.strip()]
        if not lines:
            return "exit 1 without a message"
        if any(len(line) > 2000 for line in lines):
            return "a message line over 2000 characters"
    return None


# mutators ---------------------------------------------------------------------------------


def _lines(text: str) -> list[str]:
    return text.split("\n")


def mutate_text(rng: random.Random, text: str) -> str:
    """One to three hostile edits of a text file (YAML, scripts, JSON alike)."""
    for _ in range(rng.randint(1, 3)):
        text = rng.choice(_TEXT_MUTATORS)(rng, text)
    return text


def _replace_number(rng: random.Random, text: str) -> str:
    spots = [
        i for i, ch in enumerate(text) if ch.isdigit() and (i == 0 or not text[i - 1].isdigit())
    ]
    if not spots:
        return text + " " + rng.choice(NUMBERS)
    start = rng.choice(spots)
    end = start
    while end < len(text) and (text[end].isdigit() or text[end] == "."):
        end += 1
    return text[:start] + rng.choice(NUMBERS) + text[end:]


def _replace_value(rng: random.Random, text: str) -> str:
    lines = _lines(text)
    index = rng.randrange(len(lines))
    line = lines[index]
    if ":" in line:
        key = line.split(":", 1)[0]
        value = rng.choice([*NUMBERS, *YAML_ODDITIES, "", "null", "[]", "{}", "~", "'", '"'])
        lines[index] = f"{key}: {value}"
    else:
        lines[index] = rng.choice(NUMBERS)
    return "\n".join(lines)


def _insert_break(rng: random.Random, text: str) -> str:
    at = rng.randrange(len(text) + 1)
    return text[:at] + rng.choice(LINE_BREAKS) + text[at:]


def _prefix(rng: random.Random, text: str) -> str:
    return (
        rng.choice(["\ufeff", "%YAML 2.0\n---\n", "%YAML 1.1\n---\n", "%TAG ! tag:x,1:\n---\n"])
        + text
    )


def _truncate(rng: random.Random, text: str) -> str:
    return text[: rng.randrange(len(text) + 1)]


def _duplicate_line(rng: random.Random, text: str) -> str:
    lines = _lines(text)
    index = rng.randrange(len(lines))
    lines.insert(index, lines[index])
    return "\n".join(lines)


def _delete_line(rng: random.Random, text: str) -> str:
    lines = _lines(text)
    del lines[rng.randrange(len(lines))]
    return "\n".join(lines)


def _flip_char(rng: random.Random, text: str) -> str:
    if not text:
        return chr(rng.randrange(1, 0x3000))
    at = rng.randrange(len(text))
    return (
        text[:at]
        + chr(rng.choice([rng.randrange(1, 128), rng.randrange(128, 0x3000)]))
        + text[at + 1 :]
    )


def _deep(rng: random.Random, text: str) -> str:
    depth = rng.choice([40, 1_000, 100_000])
    lines = _lines(text)
    index = rng.randrange(len(lines))
    lines.insert(index, "x: " + "[" * depth + "]" * depth if rng.random() < 0.5 else "[" * depth)
    return "\n".join(lines)


def _alias_bomb(_rng: random.Random, text: str) -> str:
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n"
    for level in "bcdefgh":
        prev = chr(ord(level) - 1)
        bomb += f"{level}: &{level} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]\n"
    return bomb + text


_TEXT_MUTATORS: list[Callable[[random.Random, str], str]] = [
    _replace_number,
    _replace_number,
    _replace_value,
    _replace_value,
    _insert_break,
    _prefix,
    _truncate,
    _duplicate_line,
    _delete_line,
    _flip_char,
    _deep,
    _alias_bomb,
]


def mutate_json(rng: random.Random, value: Any) -> Any:
    """A structural edit of JSON data: a value swapped for a hostile one."""
    hostile: list[Any] = [
        10**5000,
        -(10**30),
        2**64,
        -1,
        0,
        1.5,
        float("inf"),
        None,
        "",
        "x" * 10_000,
        [],
        {},
        True,
        json.loads("[" * 50 + "]" * 50),
    ]
    paths: list[tuple[Any, Any]] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            for key in node:
                paths.append((node, key))
                walk(node[key])
        elif isinstance(node, list):
            for index in range(len(node)):
                paths.append((node, index))
                walk(node[index])

    walk(value)
    if not paths:
        return rng.choice(hostile)
    parent, key = rng.choice(paths)
    choice = rng.random()
    if choice < 0.7:
        parent[key] = rng.choice(hostile)
    elif isinstance(parent, dict):
        parent["extra_" + str(rng.randrange(10))] = rng.choice(hostile)
    else:
        del parent[key]
    return value


def dumps_hostile(value: Any) -> str:
    """JSON text of `value`, huge integers and all (str() of them would raise)."""
    import sys

    limit = sys.get_int_max_str_digits()
    sys.set_int_max_str_digits(0)
    try:
        return json.dumps(value)
    finally:
        sys.set_int_max_str_digits(limit)


# action scripts -----------------------------------------------------------------------------


def script_variants(rng: random.Random, base: str) -> str:
    """A hostile action script: lines mutated, or the JSON forms of the routine mutated."""
    form = rng.random()
    if form < 0.6:
        return mutate_text(rng, base)
    from simulator.domain.actions import action_to_json, parse_script

    data = [action_to_json(a) for a in parse_script(base)]
    if rng.random() < 0.3:
        return rng.choice(["[", ""]) + DEEP_JSON
    data = mutate_json(rng, data)
    if form < 0.8 and isinstance(data, list):
        return "\n".join(dumps_hostile(entry) for entry in data)
    return dumps_hostile(data)
