"""A line to type actions in the script form (`treat friction deep_rotators 3 4`).

It completes the word being typed from the valid ids for its position (→ or Tab-free:
press right arrow to accept), checks the line with the domain's parser, shows the
parser's message when it is wrong, and posts `ActionLine.Entered` when it is right.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.suggester import Suggester
from textual.widgets import Input, Label

from simulator.domain.actions import ARGUMENTS, CHOICES, Action, ActionError, parse_line
from simulator.tui.vocabulary import ActionMatch, search_actions

SUGGESTED = 4  # "did you mean" lines shown when the words fit several actions
TIE = 0.01  # palette scores this close are the same match (they differ by an order term)


class ActionSuggester(Suggester):
    """Completes the current word: the kind first, then each argument's ids."""

    def __init__(self) -> None:
        super().__init__(use_cache=True, case_sensitive=False)

    async def get_suggestion(self, value: str) -> str | None:
        if not value or value.endswith(" "):
            return None
        words = value.split()
        position = len(words) - 1
        partial = words[-1]
        if position == 0:
            options = list(ARGUMENTS)
        else:
            names = ARGUMENTS.get(words[0], ())
            if position > len(names):
                return None
            options = list(CHOICES.get(names[position - 1], ()))
        for option in options:
            if option.startswith(partial) and option != partial:
                return value + option[len(partial) :]
        return None


class ActionLine(Vertical):
    """An input for action lines and the parser's message under it."""

    DEFAULT_CSS = """
    ActionLine { height: auto; }
    ActionLine > #line-error { height: auto; width: 1fr; }
    """

    class Entered(Message):
        def __init__(self, action: Action) -> None:
            self.action = action
            super().__init__()

    class Matched(Message):
        """The words named one treatment without its pressure or minutes: the treat
        dialog finishes it, as it does for the same words in the palette."""

        def __init__(self, match: ActionMatch) -> None:
            self.match = match
            super().__init__()

    # True in a course of care: only then is `visit` an action here
    course = False
    NOT_A_COURSE = "✗ `visit` belongs to a course of care: choose a course on Home (c)"

    def compose(self) -> ComposeResult:
        yield Input(
            placeholder="/ type an action, e.g. treat compression glute_max 3 5",
            suggester=ActionSuggester(),
            id="line-input",
        )
        error = Label("", id="line-error")
        error.display = False
        yield error

    @on(Input.Submitted, "#line-input")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        # "/" focuses the line; pressed again while it has focus, it lands in the text
        line = event.value.strip().lstrip("/:").strip()
        error = self.query_one("#line-error", Label)
        if not line:
            return
        try:
            action = parse_line(line)
        except ActionError as problem:
            # the palette's words (labels, aliases, parts of ids) are accepted here too
            hits = search_actions(line, limit=SUGGESTED + 1)
            best = [h for h in hits if h.score >= hits[0].score - TIE] if hits else []
            if len(best) != 1:
                message = f"✗ {problem.message}"
                if best:
                    lines = ", ".join(h.line for h in best[:SUGGESTED])
                    message += f"\n  did you mean: {lines}"
                error.update(message)
                error.display = True
                return
            match = best[0]
            if match.action is not None and match.action.kind == "visit" and not self.course:
                error.update(self.NOT_A_COURSE)
                error.display = True
                return
            error.update("")
            error.display = False
            event.input.value = ""
            if match.action is None:
                self.post_message(self.Matched(match))
            else:
                self.post_message(self.Entered(match.action))
            return
        if action.kind == "visit" and not self.course:
            error.update(self.NOT_A_COURSE)
            error.display = True
            return
        error.update("")
        error.display = False
        event.input.value = ""
        self.post_message(self.Entered(action))

    @on(Input.Changed, "#line-input")
    def _clear_error(self) -> None:
        error = self.query_one("#line-error", Label)
        if error.display:  # an update costs a layout pass: only when there is one to clear
            error.update("")
            error.display = False
