"""The line-by-line session of `play` and `exam take`, written once: the prompt, the echo of
piped lines, `help`, did-you-mean, and the score and hidden truth printed after a case."""

from __future__ import annotations

import difflib
import sys
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, TextIO

from simulator.domain.actions import ARGUMENTS, CHOICES, Action, ActionError, parse_line

if TYPE_CHECKING:  # the rubric pulls in the engine: not needed to start the command line
    from simulator.domain.case import Case, Hidden
    from simulator.scoring.rubric import Score


def say(text: str = "") -> None:
    """One line on stdout, flushed: a pipe reader sees each response as it happens. (One
    write: print() writes a long line and its newline apart, two system calls a line.)"""
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


def vocabulary() -> list[str]:
    """What `help` prints: each action with its arguments, then each argument's ids."""
    lines = [
        "  " + " ".join([kind, *(n.upper() for n in names)]) for kind, names in ARGUMENTS.items()
    ]
    lines += [f"  {name.upper()}: {', '.join(values)}" for name, values in CHOICES.items()]
    return lines


def _closest(word: str, valid: Sequence[str]) -> str | None:
    """The id meant by a misspelt or shortened word: a unique prefix, else the closest."""
    starts = [v for v in valid if v.startswith(word)]
    if len(starts) == 1:
        return starts[0]
    close = difflib.get_close_matches(word, valid, n=1, cutoff=0.6)
    return close[0] if close else None


def suggestion(line: str) -> str | None:
    """The line with each unknown id replaced by the closest valid one, when that differs
    from what was typed and every unknown word has a close match; else None."""
    words = line.split()
    if not words:
        return None
    kind = words[0] if words[0] in ARGUMENTS else _closest(words[0], list(ARGUMENTS))
    if kind is None:
        return None
    fixed = [kind]
    for name, word in zip(ARGUMENTS[kind], words[1:], strict=False):
        valid = CHOICES.get(name)
        if valid is None or word in valid:
            fixed.append(word)
            continue
        found = _closest(word, valid)
        if found is None:
            return None
        fixed.append(found)
    fixed += words[1 + len(ARGUMENTS[kind]) :]
    guess = " ".join(fixed)
    return guess if guess != line else None


def read_actions(
    lines: TextIO,
    interactive: bool,
    minutes_left: Callable[[], int],
    visit: Callable[[], str] | None = None,
) -> Iterator[Action]:
    """The actions typed (or piped) one per line, until the input ends.

    A person at a terminal sees the prompt; piped input is echoed after the prompt, so the
    output reads as a transcript. Words are matched whatever their case; `help` lists the
    vocabulary; a bad line is explained, with a did-you-mean, and the session goes on.
    `visit`, in a course, says which visit the prompt is in (`2/3`; empty: a single
    session), so a long transcript shows where each line was typed.
    """
    while True:
        where = visit() if visit is not None else ""
        prompt = f"[{minutes_left()} min] " + (f"visit {where} > " if where else "> ")
        if interactive:
            print(prompt, end="", flush=True)
        raw = lines.readline()
        if not raw:
            if interactive:
                say()  # end the prompt's line
            return
        line = " ".join(raw.split()).lower()
        if not line or line.startswith("#"):
            continue
        if not interactive:
            say(prompt + line)
        if line == "help":
            for entry in vocabulary():
                say(entry)
            continue
        try:
            action = parse_line(line)
        except ActionError as error:
            say(f"  {error.message}")
            guess = suggestion(line)
            if guess:
                say(f"  did you mean: {guess}")
            continue
        yield action


def score_lines(heading: str, result: Score) -> list[str]:
    """`heading 58.5/100 FAIL`, then each rubric item and each critical error."""
    verdict = "PASS" if result.passed else "FAIL"
    lines = [f"{heading} {result.total:g}/100 {verdict}"]
    lines += [
        f"  {item.points:>5g}/{item.maximum:<3g} {item.title}: {item.detail}"
        for item in result.items
    ]
    lines += [f"  critical: {error}" for error in result.critical_errors]
    return lines


def hidden_line(hidden: Hidden) -> str:
    """The hidden truth a debrief reveals, on one line."""
    return (
        f"Hidden: {hidden.source.value}, irritability {hidden.irritability.value}, "
        f"nerve sensitivity {hidden.nerve_sensitivity:g}"
        + (f", secondary {hidden.secondary.value}" if hidden.secondary else "")
    )


def briefing_lines(case: Case) -> list[str]:
    """Who the client is and what they say, as the session opens."""
    p = case.persona
    return [
        f"{p.name}, {p.age}, {p.occupation}. {p.sport.capitalize()}: {p.training_load}.",
        f'"{p.complaint}"',
    ]
