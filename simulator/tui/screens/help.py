"""Help: the keys and how to read the screens; the text is help.md beside this file."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Label, Markdown

HELP_FILE = Path(__file__).with_name("help.md")
MARKER = "<!-- session keys: generated from simulator/tui/keys.py -->"
WHAT: dict[str, str] = {
    "ask": "**ask** a question",
    "observe": "**observe** sitting, standing, gait or a forward bend",
    "palpate": "**palpate** a region",
    "test": "run a **test** (SLR, slump, FAIR, Thomas…)",
    "treat": "**treat**: technique, region, pressure 1-5, minutes",
    "check_in": "**check in** with the client",
    "reassess": "**reassess**: repeat a test or the pain rating",
    "educate": "**educate**: expectations, self-care, the reason for a referral",
    "refer": "**refer**: red flag (emergency), urgent, medical assessment, outside scope",
    "end": "**end** the session and go to the debrief",
}


EXAM_HELP = """\
## In this exam

You are taking a graded exam. The session keys below work as in practice, but there is no
rewind, no reveal and no expert walkthrough, and a case you end is over for good. `Esc`
goes back to the list of cases. Every action is saved before the client answers, so if the
program stops, start it again and you carry on where you were. The debrief sections below
apply only if your exam shows the debrief after each case.

A case listed as a **course of visits** is a course of care: the same client over 2-4
visits a few days apart. `^d` ends a visit, then `v` opens the next one (typed: `visit`),
which starts with the client's report of how they have been since last time. The case is
over when its last visit ends, or when you have sent the client to a doctor (then `v`
closes the case).

"""


def session_keys() -> str:
    """The session's key table, from the one place keys are defined."""
    from simulator.knowledge.techniques import ACTION_MINUTES
    from simulator.tui.keys import ACTION_KEYS

    rows = ["| key | action | clock |", "| --- | --- | --- |"]
    for kind, key in ACTION_KEYS.items():
        if kind == "treat":
            cost = "its minutes"
        elif ACTION_MINUTES[kind]:
            cost = f"{ACTION_MINUTES[kind]} min"
        else:
            cost = ""
        rows.append(f"| `{key.key}` | {WHAT[kind]} | {cost} |")
    return "\n".join(rows) + "\n"


class HelpScreen(ModalScreen[None]):
    CSS_PATH = "dialogs.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,f1,question_mark,q", "close", "Close"),
    ]

    def __init__(self, saved_in: Path | None = None, *, exam: bool = False) -> None:
        super().__init__()
        self.saved_in = saved_in
        self.exam = exam

    def compose(self) -> ComposeResult:
        text = HELP_FILE.read_text(encoding="utf-8").replace(MARKER, session_keys().rstrip())
        if self.exam:  # Home's keys are practice's: an exam starts from its list of cases
            home = text.index("## Home")
            text = text[:home] + EXAM_HELP + text[text.index("## Session") :]
        if self.saved_in is not None:
            text += f"\nSessions are saved in `{self.saved_in}`.\n"
        with Vertical(classes="dialog", id="help-dialog") as box:
            box.border_title = "Help"
            with VerticalScroll():
                yield Markdown(text, id="help-text")
            yield Label("Esc close", classes="dialog-hint")

    def action_close(self) -> None:
        self.dismiss(None)
