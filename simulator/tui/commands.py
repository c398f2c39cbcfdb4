"""Command palette providers: every action line of the session, found by fuzzy words.

Typing `fric pir 3` finds `treat friction deep_rotators 3 <minutes>` ("pir" is an alias of
the deep rotators, from the region's label "piriformis"); a treatment with its minutes
(`fric pir 3 4`) is applied at once, one without opens the treat dialog filled in.
"""

from __future__ import annotations

import re
from functools import partial
from typing import Protocol, runtime_checkable

from rich.style import Style
from rich.text import Text
from textual.command import DiscoveryHit, Hit, Hits, Provider

from simulator.knowledge.words import KIND_LABEL
from simulator.tui.vocabulary import KINDS, ActionMatch, search_actions


@runtime_checkable
class ActionTarget(Protocol):
    """A screen that can carry out a palette hit (the session screen)."""

    def run_match(self, match: ActionMatch) -> None: ...

    def choose_kind(self, kind: str) -> None: ...


def highlight(line: str, query: str) -> Text:
    """The line with each word that a query token starts underlined and bold."""
    text = Text(line)
    tokens = [t for t in re.split(r"[\s,]+", query.lower()) if t]
    for match in re.finditer(r"[^\s_]+", line):
        word = match.group().lower()
        if any(word.startswith(t) for t in tokens):
            text.stylize(Style(bold=True, underline=True), match.start(), match.end())
    return text


class ActionCommands(Provider):
    """Action lines for the session screen."""

    async def search(self, query: str) -> Hits:
        screen = self.screen
        if not isinstance(screen, ActionTarget):
            return
        # the impression is built in its own dialog (two lists), not from one line's words
        impression = self.matcher(query).match("Impression… working impression assessment")
        if impression > 0:
            yield Hit(
                impression,
                "Impression…",
                partial(screen.choose_kind, "impression"),
                text="Impression…",
                help="your working impression: a source and an irritability, or unsure",
            )
        for match in search_actions(query):
            yield Hit(
                match.score,
                highlight(match.line, query),
                partial(screen.run_match, match),
                text=match.line,
                help=match.label,
            )

    async def discover(self) -> Hits:
        screen = self.screen
        if not isinstance(screen, ActionTarget):
            return
        if getattr(screen, "next_visit_ready", False):  # a course, between two visits
            yield DiscoveryHit(
                f"{KIND_LABEL['visit']}",
                partial(screen.choose_kind, "visit"),
                text=KIND_LABEL["visit"],
                help="see the client again a few days later: the visit opens with their report",
            )
        elif getattr(screen, "course_over", False):  # the client has gone to a doctor
            yield DiscoveryHit(
                "Close the course",
                partial(screen.choose_kind, "visit"),
                text="Close the course",
                help="the client has left the course for a doctor: on to the debrief",
            )
        for kind in (*KINDS, "impression"):
            yield DiscoveryHit(
                f"{KIND_LABEL[kind]}…",
                partial(screen.choose_kind, kind),
                text=f"{KIND_LABEL[kind]}…",
                help="type words to find an action, e.g. fric pir 3",
            )
