"""The client as a person: name, age, work, sport and load, side, manner, complaint."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.widgets import Static

from simulator.domain.case import Case
from simulator.domain.ids import Style as Manner
from simulator.knowledge.techniques import ACTION_MINUTES

MANNER: dict[Manner, str] = {
    Manner.PLAIN: "says plainly what they feel",
    Manner.STOIC: "stoic: tends to play symptoms down",
    Manner.EXPRESSIVE: "expressive: tends to play symptoms up",
    Manner.VAGUE: "vague: may need a follow-up question",
}
PRONOUNS = {"he": "he/him", "she": "she/her", "they": "they/them"}


class PersonaCard(Static):
    """What the student reads before the session: the visible persona only."""

    DEFAULT_CSS = """
    PersonaCard {
        border: round $primary;
        border-title-style: bold;
        padding: 1 2;
        height: auto;
    }
    PersonaCard > .persona-card--name {
        text-style: bold;
        color: $text-accent;
    }
    PersonaCard > .persona-card--label {
        text-style: bold;
        color: $text-muted;
    }
    PersonaCard > .persona-card--complaint {
        text-style: italic;
    }
    """
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "persona-card--name",
        "persona-card--label",
        "persona-card--complaint",
    }

    def __init__(self, case: Case, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.case = case

    def on_mount(self) -> None:
        self.update(self.card())

    def card(self) -> Text:
        style = self.get_component_rich_style
        label = style("persona-card--label")
        p = self.case.persona
        text = Text()
        text.append(f"{p.name}\n", style("persona-card--name"))
        text.append(f"{p.age} · {PRONOUNS[p.pronoun]} · {p.occupation}\n\n")
        rows = (
            ("Sport", f"{p.sport}: {p.training_load}"),
            ("Symptoms", f"{p.side} side"),
            ("Manner", MANNER[p.style]),
        )
        for name, value in rows:
            text.append(f"{name:<10}", label)
            text.append(f"{value}\n")
        text.append("\nIn their own words\n", label)
        text.append(f'  "{p.complaint}"\n\n', style("persona-card--complaint"))
        text.append("Session clock  ", label)
        text.append(
            f"{self.case.budget_minutes} minutes. A question costs "
            f"{ACTION_MINUTES['ask']} min, observing {ACTION_MINUTES['observe']}, "
            f"palpation and tests {ACTION_MINUTES['palpate']}, "
            "treatment the minutes you choose."
        )
        return text
