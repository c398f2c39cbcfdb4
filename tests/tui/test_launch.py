"""The launcher: run_app, the `serve` subcommand and its textual-serve dependency."""

from __future__ import annotations

import argparse
import sys
import types
from typing import Any

import pytest

from simulator.domain.case import Case
from simulator.tui import launch
from simulator.tui.app import MassageSimApp


def parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="massage-sim")
    launch.register(parser.add_subparsers(dest="command"))
    return parser.parse_args(argv)


def test_serve_is_registered_with_localhost_defaults() -> None:
    args = parse(["serve"])
    assert (args.host, args.port, args.func) == ("127.0.0.1", 8000, launch.cmd_serve)
    args = parse(["serve", "--host", "0.0.0.0", "--port", "9001"])
    assert (args.host, args.port) == ("0.0.0.0", 9001)


def test_serve_without_textual_serve_says_how_to_install_it(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setitem(sys.modules, "textual_serve", None)
    monkeypatch.setitem(sys.modules, "textual_serve.server", None)
    assert launch.cmd_serve(parse(["serve"])) == 1
    err = capsys.readouterr().err.strip()
    assert err == "massage-sim serve needs textual-serve: pip install textual-serve"


def test_serve_runs_the_app_module_through_textual_serve(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: dict[str, Any] = {}

    class Server:
        def __init__(self, command: str, host: str, port: int, title: str) -> None:
            calls.update(command=command, host=host, port=port, title=title)

        def serve(self) -> None:
            calls["served"] = True

    package = types.ModuleType("textual_serve")
    module = types.ModuleType("textual_serve.server")
    module.Server = Server  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "textual_serve", package)
    monkeypatch.setitem(sys.modules, "textual_serve.server", module)
    assert launch.cmd_serve(parse(["serve", "--port", "8123"])) == 0
    assert calls["command"].endswith("-m simulator.tui")
    assert (calls["host"], calls["port"], calls["served"]) == ("127.0.0.1", 8123, True)


def test_run_app_opens_the_briefing_of_a_given_case(
    monkeypatch: pytest.MonkeyPatch, flare_case: Case
) -> None:
    made: list[MassageSimApp] = []

    def fake_run(self: MassageSimApp, *args: Any, **kwargs: Any) -> None:
        made.append(self)

    monkeypatch.setattr(MassageSimApp, "run", fake_run)
    assert launch.run_app(flare_case, 5, reveal=True) == 0
    app = made[0]
    assert (app.start_case, app.start_seed, app.reveal) == (flare_case, 5, True)
    assert launch.run_app() == 0
    assert made[1].start_case is None
