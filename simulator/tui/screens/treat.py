"""The treat dialog: technique, region, pressure 1-5 and minutes, with a summary line.

Keys: Tab moves between the fields, 1-5 set the pressure, + and - change the minutes,
Enter in the minutes field (or ctrl+s anywhere) applies, Escape cancels.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, HorizontalGroup, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.validation import Number
from textual.widgets import Button, Input, Label, OptionList, RadioButton, RadioSet, Static
from textual.widgets.option_list import Option

from simulator.domain.actions import ActionError, Treat, action_from_json
from simulator.domain.ids import (
    MINUTES_MAX,
    MINUTES_MIN,
    PRESSURE_MAX,
    PRESSURE_MIN,
    Region,
    Technique,
)
from simulator.guard import whole_number
from simulator.knowledge.regions import LABEL as REGION_LABEL
from simulator.knowledge.techniques import LABEL as TECHNIQUE_LABEL
from simulator.knowledge.words import PRESSURE_LABEL
from simulator.tui.view import VisibleRecord

DEFAULT_PRESSURE = 2
DEFAULT_MINUTES = 5


class PressureButton(RadioButton):
    """A radio button marked ● when chosen and ○ when not: the state is never colour alone."""

    @property
    def _button(self) -> Content:
        self.BUTTON_INNER = "●" if self.value else "○"
        return super()._button


class TreatDialog(ModalScreen[Treat | None]):
    CSS_PATH = "dialogs.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel"),
        Binding("ctrl+s", "apply", "Treat"),
        *(Binding(str(p), f"pressure({p})", show=False) for p in range(1, 6)),
        Binding("plus,equals_sign", "minutes(1)", "+1 min", show=False),
        Binding("minus", "minutes(-1)", "-1 min", show=False),
    ]

    def __init__(
        self,
        record: VisibleRecord | None = None,
        *,
        technique: Technique | None = None,
        region: Region | None = None,
        pressure: int | None = None,
        minutes: int | None = None,
    ) -> None:
        super().__init__()
        self.record = record
        self.initial_technique = technique
        self.initial_region = region
        self.pressure = pressure if pressure is not None else DEFAULT_PRESSURE
        self.minutes = minutes
        self.prefilled = technique is not None and region is not None

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="treat-dialog") as box:
            box.border_title = "Treat"
            with Horizontal(id="treat-lists"):
                with Vertical():
                    yield Label("Technique", classes="field-label")
                    yield OptionList(*self._technique_options(), id="treat-technique")
                with Vertical():
                    yield Label("Region", classes="field-label")
                    yield OptionList(*self._region_options(), id="treat-region")
            with HorizontalGroup(id="treat-pressure-row"):
                yield Label("Pressure ", classes="field-label")
                with RadioSet(id="treat-pressure"):
                    for p in range(PRESSURE_MIN, PRESSURE_MAX + 1):
                        yield PressureButton(
                            f"{p} {PRESSURE_LABEL[p]}", value=p == self.pressure, id=f"pressure-{p}"
                        )
            with HorizontalGroup(id="treat-minutes-row"):
                yield Label("Minutes  ", classes="field-label")
                yield Input(
                    str(self.minutes or DEFAULT_MINUTES),
                    type="integer",
                    validators=[Number(MINUTES_MIN, MINUTES_MAX)],
                    id="treat-minutes",
                    compact=True,
                )
                left = self.record.minutes_left if self.record else None
                yield Label(
                    f"  {MINUTES_MIN}-{MINUTES_MAX}"
                    + (f"; {left} min left" if left is not None else ""),
                    classes="field-hint",
                )
            yield Static(id="treat-summary")
            with HorizontalGroup(classes="dialog-buttons"):
                yield Button("Cancel (esc)", id="treat-cancel")
                yield Button("Treat (ctrl+s)", id="treat-apply", variant="primary")

    def _technique_options(self) -> list[Option]:
        return [Option(TECHNIQUE_LABEL[t], id=t.value) for t in Technique]

    def _region_options(self) -> list[Option]:
        out: list[Option] = []
        for region in Region:
            prompt = Text(REGION_LABEL[region])
            found = self.record.palpated.get(region) if self.record else None
            worked = self.record.treated.get(region, 0) if self.record else 0
            if found is not None:
                prompt.append("  ● familiar" if found.familiar else "  ○ palpated", style="italic")
            if worked:
                prompt.append(f"  {worked}m worked", style="italic")
            out.append(Option(prompt, id=region.value))
        return out

    def on_mount(self) -> None:
        techniques = self.query_one("#treat-technique", OptionList)
        regions = self.query_one("#treat-region", OptionList)
        techniques.highlighted = (
            list(Technique).index(self.initial_technique) if self.initial_technique else 0
        )
        regions.highlighted = list(Region).index(self.initial_region) if self.initial_region else 0
        self.call_after_refresh(self._highlight_pressure)
        if self.prefilled:
            minutes = self.query_one("#treat-minutes", Input)
            minutes.focus()
            minutes.select_all()
        else:
            techniques.focus()
        self._update_summary()

    # reading the fields -------------------------------------------------------------

    def _highlighted(self, selector: str) -> str | None:
        options = self.query_one(selector, OptionList)
        if options.highlighted is None:
            return None
        return options.get_option_at_index(options.highlighted).id

    def _raw(self) -> dict[str, object]:
        text = self.query_one("#treat-minutes", Input).value.strip()
        number = whole_number(text)
        minutes: object = -1 if number is None else number  # -1: the range check's message
        return {
            "kind": "treat",
            "technique": self._highlighted("#treat-technique"),
            "region": self._highlighted("#treat-region"),
            "pressure": self.pressure,
            "minutes": minutes,
        }

    def _build(self) -> Treat:
        action = action_from_json(self._raw())
        assert isinstance(action, Treat)
        return action

    def _update_summary(self) -> None:
        summary = self.query_one("#treat-summary", Static)
        try:
            action = self._build()
        except ActionError as error:
            summary.update(Text(f"✗ {error.message}", style="bold"))
            return
        text = Text("→ ")
        text.append(
            f"{TECHNIQUE_LABEL[action.technique].capitalize()} on the "
            f"{REGION_LABEL[action.region]}, pressure {action.pressure} "
            f"({PRESSURE_LABEL[action.pressure]}), {action.minutes} min",
            style="bold",
        )
        if self.record and action.minutes > self.record.minutes_left:
            text.append(f"  ⚠ only {self.record.minutes_left} min left")
        summary.update(text)

    @on(OptionList.OptionHighlighted)
    @on(Input.Changed, "#treat-minutes")
    def _changed(self) -> None:
        self._update_summary()

    @on(OptionList.OptionSelected)
    def _option_chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.focus_next()

    @on(RadioSet.Changed, "#treat-pressure")
    def _pressure_changed(self, event: RadioSet.Changed) -> None:
        button_id = event.pressed.id or ""
        if button_id.startswith("pressure-"):
            self.pressure = int(button_id.removeprefix("pressure-"))
            self._update_summary()

    @on(Input.Submitted, "#treat-minutes")
    def _minutes_submitted(self) -> None:
        self.action_apply()

    @on(Button.Pressed, "#treat-apply")
    def _apply_pressed(self) -> None:
        self.action_apply()

    @on(Button.Pressed, "#treat-cancel")
    def _cancel_pressed(self) -> None:
        self.dismiss(None)

    # actions ------------------------------------------------------------------------

    def _highlight_pressure(self) -> None:
        # RadioSet highlights its first button on mount whatever is pressed; move the
        # highlight to the chosen pressure (Textual has no public setter for it)
        self.query_one("#treat-pressure", RadioSet)._selected = self.pressure - PRESSURE_MIN

    def action_pressure(self, pressure: int) -> None:
        if isinstance(self.focused, Input):
            return
        self.query_one(f"#pressure-{pressure}", RadioButton).value = True
        self.call_after_refresh(self._highlight_pressure)

    def action_minutes(self, by: int) -> None:
        field = self.query_one("#treat-minutes", Input)
        current = whole_number(field.value)
        current = DEFAULT_MINUTES if current is None else current
        field.value = str(max(MINUTES_MIN, min(MINUTES_MAX, current + by)))

    def action_apply(self) -> None:
        try:
            action = self._build()
        except ActionError:
            self._update_summary()
            self.query_one("#treat-minutes", Input).focus()
            return
        self.dismiss(action)

    def action_cancel(self) -> None:
        self.dismiss(None)
