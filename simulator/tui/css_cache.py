"""Parsed CSS shared by every app in the process.

Textual parses each stylesheet (the app's files and every widget's DEFAULT_CSS) again for
each new App: a third of the home screen's start-up. `massage-sim serve` starts one app per
browser in the same process, and each one parsed the same CSS again. Parsed rules depend on
the CSS text and the theme's variables, so they are shared per set of variables.
"""

from __future__ import annotations

from typing import Any

_SHARED: dict[tuple[Any, ...], Any] = {}


class SharedParses:
    """Stands in for `Stylesheet._parse_cache`: the same rules for the same CSS and theme."""

    def __init__(self, stylesheet: Any) -> None:
        self._stylesheet = stylesheet
        self._variables: object = None
        self._theme: tuple[tuple[str, str], ...] = ()

    def _key(self, key: tuple[Any, ...]) -> tuple[Any, ...]:
        variables = self._stylesheet._variables
        if variables is not self._variables:  # a new theme replaces the dict
            self._variables = variables
            self._theme = tuple(sorted(variables.items()))
        return (key, self._theme)

    def __getitem__(self, key: tuple[Any, ...]) -> Any:
        return _SHARED[self._key(key)]

    def __setitem__(self, key: tuple[Any, ...], rules: Any) -> None:
        if len(_SHARED) > 1024:  # many themes over a long serve: start afresh
            _SHARED.clear()
        _SHARED[self._key(key)] = rules

    def clear(self) -> None:
        """A theme change: nothing to drop, entries are kept per theme."""


def share_parsed_css(app: Any) -> None:
    """Make `app`'s stylesheet use the process-wide parsed rules (when Textual still keeps
    its parse cache where this expects; otherwise nothing changes)."""
    stylesheet = app.stylesheet
    if isinstance(getattr(stylesheet, "_variables", None), dict) and hasattr(
        stylesheet, "_parse_cache"
    ):
        stylesheet._parse_cache = SharedParses(stylesheet)
