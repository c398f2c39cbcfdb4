"""The launcher: run_app, the `serve` subcommand and its textual-serve dependency."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

import pytest

from simulator.cli import serve as serve_cli
from simulator.domain.case import Case
from simulator.tui import launch
from simulator.tui.app import MassageSimApp

REPO = Path(__file__).resolve().parents[2]


def parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="massage-sim")
    serve_cli.register(parser.add_subparsers(dest="command"))
    return parser.parse_args(argv)


def test_serve_is_registered_with_localhost_defaults() -> None:
    args = parse(["serve"])
    assert (args.host, args.port, args.func) == ("127.0.0.1", 8000, serve_cli.cmd_serve)
    args = parse(["serve", "--host", "0.0.0.0", "--port", "9001"])
    assert (args.host, args.port) == ("0.0.0.0", 9001)


def test_serve_without_textual_serve_says_how_to_install_it(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setitem(sys.modules, "textual_serve", None)
    monkeypatch.setitem(sys.modules, "textual_serve.server", None)
    assert serve_cli.cmd_serve(parse(["serve"])) == 1
    err = capsys.readouterr().err.strip()
    assert err == "massage-sim serve needs textual-serve: pip install textual-serve"


def test_serve_runs_the_practice_server_on_the_library_and_named_folders(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    from simulator.tui import serve

    calls: dict[str, Any] = {}

    class Server:
        def __init__(self, **options: Any) -> None:
            calls.update(options)

        def serve(self) -> None:
            calls["served"] = True

    monkeypatch.setattr(serve, "PracticeServer", Server)
    monkeypatch.setenv("MASSAGE_SIM_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("MASSAGE_SIM_CASES", str(REPO / "cases"))
    folder = tmp_path / "class"
    folder.mkdir()
    assert serve_cli.cmd_serve(parse(["serve", "--port", "8123", "--cases", str(folder)])) == 0
    assert (calls["host"], calls["port"], calls["served"]) == ("127.0.0.1", 8123, True)
    assert calls["library"] == (REPO / "cases").resolve()
    assert calls["folders"] == [folder.resolve()]
    assert calls["data_root"] == tmp_path / "data" / "served"
    assert "each browser's sessions under" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["--cases", "{tmp}/none"], "massage-sim: {tmp}/none: no such folder of cases"),
        (
            ["--cases", "{tmp}", "--exam", "{tmp}"],
            "massage-sim: --cases is for practice; an exam's cases come from its packs",
        ),
    ],
)
def test_serve_refuses_bad_case_folders_in_one_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, argv: list[str], expected: str
) -> None:
    words = [word.format(tmp=tmp_path) for word in argv]
    assert serve_cli.cmd_serve(parse(["serve", *words])) == 1
    assert capsys.readouterr().err.strip() == expected.format(tmp=tmp_path)


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
