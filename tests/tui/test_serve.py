"""Practice serving (`massage-sim serve`): a browser sees no file of the server outside the
case library and the instructor's folders, and no other browser's sessions."""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import subprocess
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import DataTable, Header, OptionList
from websocket_browser import Browser, free_port, wait_for_port

from simulator.authoring.loading import case_to_yaml
from simulator.domain.case import Case
from simulator.tui.cases import (
    CaseLoadError,
    CaseRequest,
    allowed_files,
    folder_files,
    library_entries,
    resolve,
)
from simulator.tui.screens.briefing import BriefingScreen
from simulator.tui.screens.help import HelpScreen
from simulator.tui.screens.home import HomeScreen
from simulator.tui.screens.library import LibraryScreen
from simulator.tui.served import BROWSER_ICON
from simulator.tui.store import DATA_ENV, Store, Summary

from .conftest import REPO, SIZE, make_app, run, screen_text


@pytest.fixture
def shelf(tmp_path: Path, flare_case: Case) -> dict[str, Path]:
    """A library, an instructor's folder holding an exam and its authored case, and files
    outside both that links inside try to reach."""
    library = tmp_path / "cases"
    (library / "library").mkdir(parents=True)
    (library / "blueprints").mkdir()
    (library / "library" / "pinned.yaml").write_text(case_to_yaml(flare_case))
    blueprint = (REPO / "cases" / "blueprints" / "deep_gluteal.yaml").read_text()
    (library / "blueprints" / "deep_gluteal.yaml").write_text(blueprint)
    folder = tmp_path / "class"
    (folder / "week2").mkdir(parents=True)
    (folder / "week2" / "practice.yaml").write_text(case_to_yaml(flare_case))
    (folder / "bp.yaml").write_text(blueprint)
    (folder / "exam-case.yaml").write_text(case_to_yaml(flare_case))
    (folder / "exam.yaml").write_text(
        "id: mid\ntitle: Mid-term\nsecret: a-long-enough-secret\n"
        "items:\n  - case: exam-case.yaml\n  - blueprint: bp.yaml\n"
    )
    (folder / ".hidden.yaml").write_text(case_to_yaml(flare_case))
    outside = tmp_path / "private"
    outside.mkdir()
    (outside / "secret.yaml").write_text(case_to_yaml(flare_case))
    (folder / "link.yaml").symlink_to(outside / "secret.yaml")
    (folder / "passwd.yaml").symlink_to("/etc/passwd")
    (folder / "up").symlink_to(outside, target_is_directory=True)
    return {"library": library, "folder": folder, "outside": outside}


def test_an_instructor_folder_offers_its_cases_but_no_exam_material_or_way_out(
    shelf: dict[str, Path],
) -> None:
    folder = shelf["folder"].resolve()
    assert folder_files(shelf["folder"]) == [folder / "bp.yaml", folder / "week2/practice.yaml"]
    names = [e.name for e in library_entries(shelf["library"], [shelf["folder"]])]
    assert names == [
        "library/pinned.yaml",
        "blueprints/deep_gluteal.yaml",
        "class/bp.yaml",
        "class/week2/practice.yaml",
    ]


@pytest.mark.parametrize(
    "path",
    [
        "/etc/passwd",
        "{outside}/secret.yaml",
        "{folder}/link.yaml",
        "{folder}/passwd.yaml",
        "{folder}/up/secret.yaml",
        "{folder}/week2/../../private/secret.yaml",
        "{folder}/exam.yaml",
        "{folder}/exam-case.yaml",
        "{folder}/.hidden.yaml",
        "{library}/../private/secret.yaml",
        "~/.bashrc",
    ],
)
def test_a_served_app_opens_no_file_outside_the_allowed_folders(
    shelf: dict[str, Path], path: str
) -> None:
    allowed = allowed_files(shelf["library"], [shelf["folder"]])
    wanted = path.format(**{k: str(v) for k, v in shelf.items()})
    with pytest.raises(CaseLoadError, match="not in the case library"):
        resolve(CaseRequest("file", wanted), 7, shelf["library"], allowed)
    _, origin = resolve(
        CaseRequest("file", str(shelf["folder"] / "week2/practice.yaml")),
        7,
        shelf["library"],
        allowed,
    )
    assert origin.startswith("case file")


def _served(store: Store, shelf: dict[str, Path]) -> Any:
    return make_app(store, cases_dir=shelf["library"], case_folders=[shelf["folder"]], served=True)


@run
async def test_the_served_home_has_no_file_dialog(store: Store, shelf: dict[str, Path]) -> None:
    app = _served(store, shelf)
    async with app.run_test(size=SIZE) as pilot:
        menu = app.screen.query_one("#start-menu", OptionList)
        ids = [menu.get_option_at_index(i).id for i in range(menu.option_count)]
        assert "file" not in ids and "library" in ids
        assert "Open a case file" not in screen_text(app) and "Open file" not in screen_text(app)
        await pilot.press("o")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        app.screen.post_message(HomeScreen.OpenFile())  # the dialog's message, sent anyway
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        # a request for a path that did not come from the library is refused
        app.screen.post_message(HomeScreen.Start(CaseRequest("file", "/etc/passwd")))
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert any("not in the case library" in str(n.message) for n in app._notifications)
        assert app.screen.query_one(Header).icon == BROWSER_ICON  # drawable offline


@run
async def test_the_served_library_lists_and_opens_only_allowed_files(
    store: Store, shelf: dict[str, Path], tmp_path: Path
) -> None:
    (shelf["library"] / "library" / "broken.yaml").write_text("id: [\n")
    app = _served(store, shelf)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("l")
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, LibraryScreen)
        table = app.screen.query_one("#library-table", DataTable)
        assert [entry.name for entry in app.screen.entries] == [
            "library/pinned.yaml",
            "blueprints/deep_gluteal.yaml",
            "class/bp.yaml",
            "class/week2/practice.yaml",
        ]
        # shown before play: a number, never the file's name (it may name the source)
        assert [str(table.get_row_at(row)[0]) for row in range(table.row_count)] == [
            "Case 1",
            "Blueprint 2",
            "Blueprint 3",
            "Case 4",
        ]
        text = screen_text(app)
        for hidden in ("broken", "exam", "secret", "link.", "passwd", ".hidden", str(tmp_path)):
            assert hidden not in text
        await pilot.press("down", "down", "down", "enter")  # class/week2/practice.yaml
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, BriefingScreen)
        assert app.screen.query_one(Header).icon == BROWSER_ICON
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        assert str(store.root) not in screen_text(app)  # no server path in the help


@run
async def test_the_proctored_exam_in_a_browser_has_a_drawable_header_icon(tmp_path: Path) -> None:
    from simulator.tui.exam_app import ExamApp

    app = ExamApp(packs=tmp_path, access={"s1": "AAAAA-BBBBB"}, title="Mid-term")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.screen.query_one(Header).icon == BROWSER_ICON


# the server: one token per browser, checked on the socket --------------------------------


def _server(tmp_path: Path, shelf: dict[str, Path]) -> Any:
    from simulator.tui.serve import PracticeServer

    return PracticeServer(
        data_root=tmp_path / "served",
        library=shelf["library"],
        folders=[shelf["folder"]],
        host="127.0.0.1",
        port=8000,
    )


def _with_client(
    tmp_path: Path, shelf: dict[str, Path], body: Callable[[Any], Awaitable[None]]
) -> None:
    from aiohttp.test_utils import TestClient, TestServer

    async def main() -> None:
        application = await _server(tmp_path, shelf)._make_app()
        async with TestClient(TestServer(application)) as client:
            await body(client)

    asyncio.run(main())


def test_the_page_gives_a_browser_a_private_token_and_needs_no_internet(
    tmp_path: Path, shelf: dict[str, Path]
) -> None:
    async def body(client: Any) -> None:
        response = await client.get("/")
        page = await response.text()
        cookie = response.cookies["massage_sim_browser"]
        assert re.fullmatch(r"[A-Za-z0-9_-]{32}", cookie.value)
        assert cookie["httponly"] and cookie["samesite"] == "Strict"
        again = await client.get("/")  # the same browser keeps its token
        assert "massage_sim_browser" not in again.cookies
        # nothing on the page comes from another site: the font is this server's
        urls = re.findall(r"(?:href|src)=\"([^\"]+)\"|url\(\"([^\"]+)\"\)", page)
        fetched = [a or b for a, b in urls]
        assert not any("googleapis" in url for url in fetched) and "googleapis" not in page
        font = next(url for url in fetched if url.endswith("RobotoMono-VariableFont_wght.ttf"))
        assert (await client.get(font.split(":8000", 1)[-1])).status == 200
        # keys reach the terminal without a click: the page focuses xterm's input itself
        assert ".xterm-helper-textarea" in page and ".focus(" in page

    _with_client(tmp_path, shelf, body)


def test_a_socket_without_the_page_s_token_or_from_another_site_is_refused(
    tmp_path: Path, shelf: dict[str, Path]
) -> None:
    import aiohttp

    async def body(client: Any) -> None:
        for cookies in ({}, {"massage_sim_browser": "../../etc"}):
            client.session.cookie_jar.clear()
            client.session.cookie_jar.update_cookies(cookies)
            with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
                await client.ws_connect("/ws")
            assert refused.value.status == 403
        client.session.cookie_jar.clear()
        await client.get("/")
        with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
            await client.ws_connect("/ws", origin="http://evil.example")
        assert refused.value.status == 403

    _with_client(tmp_path, shelf, body)
    assert not (tmp_path / "served").exists()  # no app process, no folder


def test_one_browser_cannot_open_many_apps_nor_a_crowd_more_than_the_cap(
    tmp_path: Path, shelf: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    import aiohttp
    from aiohttp.test_utils import TestClient, TestServer

    from simulator.tui import serve

    class AppService:  # no app process: the caps are decided before one would start
        def __init__(self, command: str, **_: Any) -> None:
            assert "simulator.tui.served" in command

        async def start(self, width: int, height: int) -> None:
            pass

        async def stop(self) -> None:
            pass

    monkeypatch.setattr(serve, "TABS_PER_BROWSER", 1)
    monkeypatch.setattr(serve, "AppService", AppService)

    async def main() -> None:
        server = _server(tmp_path, shelf)
        server.max_browsers = 1
        async with TestClient(TestServer(await server._make_app())) as client:
            await client.get("/")
            first = await client.ws_connect("/ws")
            for cookies in ({}, None):  # the same browser again, then another browser
                if cookies is not None:
                    client.session.cookie_jar.clear()
                    await client.get("/")
                with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
                    await client.ws_connect("/ws")
                assert refused.value.status == 503
            assert sum(server.running.values()) == 1
            await first.close()
            for _ in range(600):  # the socket has closed and the slot is free again
                if not server.running:
                    break
                await asyncio.sleep(0.1)
            assert not server.running

    asyncio.run(main())


@pytest.mark.parametrize("count", ["0", "-3"])
def test_serve_refuses_a_cap_below_one_browser(
    capsys: pytest.CaptureFixture[str], count: str
) -> None:
    from simulator.cli import serve as serve_cli

    parser = argparse.ArgumentParser(prog="massage-sim")
    serve_cli.register(parser.add_subparsers(dest="command"))
    assert serve_cli.cmd_serve(parser.parse_args(["serve", "--max-browsers", count])) == 1
    err = capsys.readouterr().err.strip()
    assert err == f"massage-sim: --max-browsers: {count} is not a number of browsers (at least 1)"


# two real browsers over the websocket ----------------------------------------------------


async def _two_browsers(port: int) -> tuple[str, str, str]:
    """Browser A plays one action and leaves; B opens its home; A comes back."""
    first, second = Browser(port), Browser(port)
    try:
        await first.open()
        await first.read_until("Random client")
        await first.keys("n")
        briefing = await first.read_until("Begin session")
        await first.keys("\r")
        await first.read_until("Session with")
        await first.footer_without("/", "Impression")  # the action line has the focus
        await first.keys("ask onset\r")
        await first.read_until("how and when it started")
        await first.ws.close()
        await second.open()
        home_b = await second.read_until("No sessions yet")
        await first.open()
        home_a = await first.read_until("in progress")
        return briefing, home_b, home_a
    finally:
        await first.close()
        await second.close()


def test_two_browsers_never_see_each_other_s_sessions(
    tmp_path: Path, shelf: dict[str, Path]
) -> None:
    port = free_port()
    data = tmp_path / "data"
    command = ["serve", "--port", str(port), "--cases", str(shelf["folder"])]
    server = subprocess.Popen(
        [sys.executable, "-m", "simulator", *command],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        cwd=tmp_path,
        env={**os.environ, DATA_ENV: str(data), "MASSAGE_SIM_CASES": str(shelf["library"])},
    )
    try:
        wait_for_port(port, server)
        briefing, home_b, home_a = asyncio.run(_two_browsers(port))
    finally:
        server.terminate()
        server.wait(timeout=30)
    journals = sorted((data / "served" / "browsers").glob("*/sessions/*.json"))
    assert len(journals) == 1  # A's one session, in A's own folder
    entry = Store(journals[0].parents[1]).entries()[0]
    assert isinstance(entry, Summary) and entry.steps == 1
    assert entry.client in briefing and entry.client in home_a
    assert entry.client not in home_b and "in progress" not in home_b
