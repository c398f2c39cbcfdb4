"""Keys, defined once: the session screen's bindings, the action bar's labels and the help
all read them from here."""

from __future__ import annotations

from dataclasses import dataclass

from textual.binding import Binding


@dataclass(frozen=True)
class Key:
    key: str  # Textual's key name
    display: str  # how the footer and buttons show it


ACTION_KEYS: dict[str, Key] = {
    "ask": Key("a", "a"),
    "observe": Key("o", "o"),
    "palpate": Key("p", "p"),
    "test": Key("t", "t"),
    "treat": Key("m", "m"),
    "check_in": Key("c", "c"),
    "reassess": Key("r", "r"),
    "educate": Key("e", "e"),
    "refer": Key("f", "f"),
    "end": Key("ctrl+d", "^d"),
}


def action_bindings() -> list[Binding]:
    """One binding per kind of action. The action bar shows them with their keys at every
    size, so the footer keeps its room for the keys that move between screens. End is a
    priority binding: the action line's input would take Ctrl+D (delete right) first."""
    from simulator.knowledge.words import KIND_LABEL

    return [
        Binding(
            key.key,
            f"act('{kind}')",
            KIND_LABEL[kind],
            key_display=key.display,
            show=False,
            priority=kind == "end",
        )
        for kind, key in ACTION_KEYS.items()
    ]
