"""Proctored serve under load and attack: app processes capped per address and in all
before anyone signs in, failed sign-ins counted per student id and per address across tabs
(not per tab), and a plain message for a bad or busy port."""

from __future__ import annotations

import socket
from pathlib import Path
from typing import Any

import pytest
from aiohttp.test_utils import TestClient, TestServer
from textual.widgets import Input, Label

from simulator.assessment.access import (
    ADDRESS_FAILURES,
    STUDENT_FAILURES,
    SignInLog,
    read_access,
)
from simulator.cli import main as cli_main
from simulator.tui.exam_app import ExamApp
from simulator.tui.proctor import ProctoredServer, total_cap
from simulator.tui.screens.exam import ExamLoginScreen, ExamOverviewScreen

from .conftest import REPO, SIZE, run, until

EXAM = REPO / "examples" / "exam" / "exam.yaml"
ROSTER = REPO / "examples" / "exam" / "roster.csv"


@pytest.fixture(scope="module")
def packs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("packs")
    assert cli_main(["exam", "build", str(EXAM), "--roster", str(ROSTER), "--out", str(out)]) == 0
    return out


# process caps ---------------------------------------------------------------------------


def server(students: int, per_address: int = 3) -> ProctoredServer:
    return ProctoredServer("true", students=students, per_address=per_address, port=0)


@run
async def test_the_page_and_socket_are_refused_past_the_caps_with_a_message() -> None:
    proctored = server(students=30)
    async with TestClient(TestServer(await proctored._make_app())) as client:
        page = await client.get("/")
        assert page.status == 200  # under the caps: textual-serve's page
        proctored.running["127.0.0.1"] = 3  # this address has three app processes
        for path in ("/", "/ws"):
            refused = await client.get(path)
            assert refused.status == 429
            text = await refused.text()
            assert "Too many exam windows open from this computer (3)" in text
            assert len(text.strip().splitlines()) == 1
        proctored.running.clear()
        proctored.running.update({f"10.0.0.{n}": 1 for n in range(total_cap(30))})
        refused = await client.get("/ws")
        assert refused.status == 429
        assert "The exam server is full (35 windows open)" in await refused.text()


def test_caps_follow_the_roster_and_per_address_can_be_lifted() -> None:
    assert total_cap(3) == 8 and total_cap(200) == 220
    lifted = server(students=3, per_address=0)  # behind a proxy every browser shares one
    lifted.running["127.0.0.1"] = 7
    assert lifted.refusal("127.0.0.1") is None
    lifted.running["127.0.0.1"] = 8
    assert "server is full" in (lifted.refusal("127.0.0.1") or "")


# lockout across tabs ----------------------------------------------------------------------


async def sign_in(pilot: Any, student: str, code: str) -> str:
    """The refusal shown, or "" once signed in (back once the app has answered)."""
    app = pilot.app
    screen = app.screen
    assert isinstance(screen, ExamLoginScreen)
    screen.query_one("#login-student", Input).value = student
    screen.query_one("#login-code", Input).value = code
    error = screen.query_one("#login-error", Label)
    error.update("")  # a refusal from before is not an answer
    await pilot.click("#login-submit")
    await until(pilot, lambda: app.screen is not screen or bool(str(error.render())), "an answer")
    if isinstance(app.screen, ExamLoginScreen):
        return str(error.render())
    return ""


@run
async def test_a_new_tab_does_not_reset_the_lockout_of_a_student_id(
    packs: Path, tmp_path: Path
) -> None:
    access = read_access(packs / "access.csv")
    log = SignInLog(tmp_path)
    for tab in range(STUDENT_FAILURES):  # a fresh tab (process) for every guess
        app = ExamApp(packs=packs, access=access, sign_ins=log, address=f"10.0.0.{tab}")
        async with app.run_test(size=SIZE) as pilot:
            assert "wrong access code" in await sign_in(pilot, "s1001", "AAAAA-AAAAA")
    assert log.failures("student", "S1001") == STUDENT_FAILURES  # ids count without case
    app = ExamApp(packs=packs, access=access, sign_ins=log, address="10.0.0.99")
    async with app.run_test(size=SIZE) as pilot:
        # the right code no longer opens s1001; another student still signs in
        assert "Too many wrong codes" in await sign_in(pilot, "s1001", access["s1001"])
        assert app.exam_run is None
        assert await sign_in(pilot, "s1002", access["s1002"]) == ""
        assert isinstance(app.screen, ExamOverviewScreen)
    assert app.exam_run is not None
    app.exam_run.close()


def test_an_address_is_locked_after_many_failures_for_any_ids(tmp_path: Path) -> None:
    now = [1_000_000.0]
    log = SignInLog(tmp_path, clock=lambda: now[0])
    for number in range(ADDRESS_FAILURES):
        assert log.locked(f"s{number}", "10.1.1.1") is None
        log.failed(None if number % 2 else f"s{number}", "10.1.1.1")  # unknown ids too
    assert "from this computer" in (log.locked("s1001", "10.1.1.1") or "")
    assert log.locked("s1001", "10.1.1.2") is None  # another computer is not affected
    now[0] += 16 * 60  # the lockout ends by itself
    assert log.locked("s1001", "10.1.1.1") is None


# ports ------------------------------------------------------------------------------------


def test_serve_on_a_busy_or_bad_port_is_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        assert cli_main(["serve", "--port", str(port)]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert err == [f"massage-sim: cannot serve on 127.0.0.1:{port}: address already in use"]
    for bad in ("70000", "0", "http", "9" * 5000):
        with pytest.raises(SystemExit) as exit_:
            cli_main(["serve", "--port", bad])
        assert exit_.value.code == 2
        assert "is not a port: use 1-65535" in capsys.readouterr().err
    assert cli_main(["serve", "--host", "no-such-host.invalid", "--port", "8000"]) == 1
    assert "unknown host" in capsys.readouterr().err
