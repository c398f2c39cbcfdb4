"""Proctored exams: access codes from `exam build`, the checks of `serve --exam`, and one
real browser session through textual-serve in which the cases never leave the server."""

from __future__ import annotations

import argparse
import asyncio
import csv
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from websocket_browser import Browser, free_port, wait_for_port

from simulator.assessment.access import (
    ACCESS_FILE,
    AccessError,
    access_code,
    codes_match,
    read_access,
)
from simulator.assessment.exam import LoadedExam
from simulator.assessment.pack import read_pack
from simulator.cli import serve as serve_cli
from simulator.tui import launch

from .conftest import ROSTER, run_main

CODE = re.compile(r"^[A-Z2-7]{5}-[A-Z2-7]{5}$")


# access codes -------------------------------------------------------------------------


def test_build_writes_one_code_per_student_in_roster_order(packs: Path, loaded: LoadedExam) -> None:
    with (packs / ACCESS_FILE).open(encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    roster = [row[0] for row in csv.reader(ROSTER.open(encoding="utf-8"))][1:]
    assert rows[0] == ["student_id", "access_code"]
    assert [row[0] for row in rows[1:]] == roster
    codes = [row[1] for row in rows[1:]]
    assert all(CODE.match(code) for code in codes), codes
    assert len(set(codes)) == len(codes)
    assert codes == [access_code(loaded, student) for student in roster]
    assert read_access(packs / ACCESS_FILE) == dict(zip(roster, codes, strict=True))


def test_codes_depend_on_the_secret_and_never_appear_in_a_pack(
    packs: Path, loaded: LoadedExam
) -> None:
    secret = loaded.exam.secret + "x"
    other = LoadedExam(loaded.exam.model_copy(update={"secret": secret}), loaded.path, ())
    assert access_code(other, "s1001") != access_code(loaded, "s1001")
    code = access_code(loaded, "s1001")
    text = (packs / "s1001.pack").read_text(encoding="utf-8")
    assert code not in text and code.replace("-", "") not in text


@pytest.mark.parametrize("typed", ["abcde-fghij", " ABCDE FGHIJ ", "ABCDEFGHIJ", "abcdefghij"])
def test_a_code_is_compared_without_case_spaces_or_dashes(typed: str) -> None:
    assert codes_match("ABCDE-FGHIJ", typed)


@pytest.mark.parametrize("typed", ["", "ABCDE-FGHIK", "ABCDE", "ABCDE-FGHIJK"])
def test_a_wrong_code_does_not_match(typed: str) -> None:
    assert not codes_match("ABCDE-FGHIJ", typed)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("id,code\ns1,AAAAA-BBBBB\n", r"access\.csv:1: header: expected"),
        ("student_id,access_code\ns1,AAAAA-BBBBB,extra\n", r"access\.csv:2: expected 2 fields"),
        ("student_id,access_code\nbad id,AAAAA-BBBBB\n", r"access\.csv:2: student_id: "),
        ("student_id,access_code\ns1,--\n", r"access\.csv:2: access_code: empty"),
        ("student_id,access_code\ns1,A\ns1,B\n", r"access\.csv:3: student_id: 's1' appears twice"),
        ("student_id,access_code\n", r"access\.csv: no students"),
        ("", r"access\.csv:1: header"),
    ],
)
def test_a_bad_access_file_names_the_line_and_field(
    tmp_path: Path, text: str, expected: str
) -> None:
    path = tmp_path / ACCESS_FILE
    path.write_text(text, encoding="utf-8")
    with pytest.raises(AccessError, match=expected) as caught:
        read_access(path)
    assert "\n" not in str(caught.value)


# serve --exam: checks before the server starts ------------------------------------------


def _serve(capsys: pytest.CaptureFixture[str], folder: Path, *more: str) -> tuple[int, str]:
    parser = argparse.ArgumentParser(prog="massage-sim")
    serve_cli.register(parser.add_subparsers(dest="command"))
    code = serve_cli.cmd_serve(parser.parse_args(["serve", "--exam", str(folder), *more]))
    err = capsys.readouterr().err.strip()
    assert "Traceback" not in err
    return code, err


def test_serve_exam_refuses_a_missing_folder(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, err = _serve(capsys, tmp_path / "nowhere")
    assert code == 1
    assert err == f"massage-sim: {tmp_path / 'nowhere'}: no such folder of exam packs"


def test_serve_exam_refuses_packs_without_access_codes(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, packs: Path
) -> None:
    folder = tmp_path / "packs"
    folder.mkdir()
    (folder / "s1001.pack").write_bytes((packs / "s1001.pack").read_bytes())
    code, err = _serve(capsys, folder)
    assert code == 1
    assert err.startswith(f"massage-sim: {folder / ACCESS_FILE}: no access file")


def test_serve_exam_refuses_an_access_file_with_students_missing_a_pack(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, packs: Path
) -> None:
    folder = tmp_path / "packs"
    folder.mkdir()
    (folder / ACCESS_FILE).write_bytes((packs / ACCESS_FILE).read_bytes())
    (folder / "s1002.pack").write_bytes((packs / "s1002.pack").read_bytes())
    code, err = _serve(capsys, folder)
    assert code == 1
    assert err == f"massage-sim: {folder / ACCESS_FILE}: no pack for 2 student(s): s1001, s1003"


def test_serve_exam_runs_the_exam_app_on_the_packs(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], packs: Path
) -> None:
    calls: dict[str, object] = {}

    class Server:
        def __init__(self, command: str, *, students: int, **more: str) -> None:
            calls.update(command=command, students=students, **more)

        def serve(self) -> None:
            calls["served"] = True

    from simulator.tui import proctor

    monkeypatch.setattr(proctor, "ProctoredServer", Server)
    monkeypatch.setattr(launch, "check_address", lambda host, port: None)  # 8000 may be busy
    url = "http://192.168.1.10:8000"
    code, err = _serve(
        capsys, packs, "--host", "0.0.0.0", "--public-url", url, "--per-address", "0"
    )
    assert code == 0
    assert calls["per_address"] == 0  # behind a proxy: no cap per address
    assert (calls["host"], calls["public_url"]) == ("0.0.0.0", url)
    assert calls["command"] == launch.exam_command(packs.resolve())
    assert str(calls["command"]).endswith(f"-m simulator.tui.exam_app {packs.resolve()}")
    assert (calls["students"], calls["served"]) == (3, True)  # the cap follows the roster
    from simulator.tui.serve import PAGE_DIR

    assert calls["templates_path"] == PAGE_DIR  # the package's page: no web font needed
    assert "journals are written beside the packs" in err


def test_the_served_program_refuses_a_folder_without_access_codes(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "simulator.tui.exam_app", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 1
    assert done.stderr.strip().startswith(f"massage-sim: {tmp_path / ACCESS_FILE}: no access file")


def test_cli_serve_exam_through_the_entry_point(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "simulator", "serve", "--exam", str(tmp_path / "none")],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 1
    assert done.stderr.strip() == f"massage-sim: {tmp_path / 'none'}: no such folder of exam packs"


def test_exam_build_reports_the_access_file(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    from .conftest import EXAM

    code, _, err = run_main(capsys, "build", EXAM, "--roster", ROSTER, "--out", tmp_path / "p")
    assert code == 0
    assert "access.csv" in err and (tmp_path / "p" / ACCESS_FILE).is_file()


# one real proctored session through textual-serve ---------------------------------------


async def _browser_session(port: int, code: str, journal: Path) -> tuple[str, str]:
    """Sign in as s1001 over the websocket a browser would open, begin case 1 and ask one
    question; return the page HTML and the plain text the browser received. Keys go as a
    fast typist's do, without waiting for the screen between fields; where the focus must
    move first (the action line), the footer shows that it has."""
    browser = Browser(port, 110, 36)
    try:
        page = await browser.open()
        await browser.read_until("Access code")
        # the id, Enter, the code and Enter at once: Enter moves the focus before the code's
        # keys are read, however loaded the server is
        await browser.keys(f"s1001\r{code.lower()}\r")
        await browser.read_until("Begin case 1")
        await browser.keys("\r")
        await browser.read_until("Session with")
        await browser.footer_without("/", "Impression")  # the action line has the focus
        await browser.keys("ask onset\r")
        await browser.until(
            lambda: journal.read_text(encoding="utf-8").count("\n") >= 2,
            "the action in the journal",
        )
        await browser.read_until("how and when it started")
        return page, browser.seen()
    finally:
        await browser.close()


def test_a_proctored_session_runs_on_the_server_and_journals_there(
    tmp_path: Path, packs: Path
) -> None:
    folder = tmp_path / "packs"
    folder.mkdir()
    for path in packs.iterdir():
        (folder / path.name).write_bytes(path.read_bytes())
    code = read_access(folder / ACCESS_FILE)["s1001"]
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "simulator", "serve", "--exam", str(folder), "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        cwd=tmp_path,
    )
    try:
        wait_for_port(port, server)
        journal = folder / "s1001.journal"
        page, seen = asyncio.run(_browser_session(port, code, journal))
    finally:
        server.terminate()
        server.wait(timeout=30)
    entries = [json.loads(line) for line in journal.read_text(encoding="utf-8").splitlines()]
    assert [e["type"] for e in entries] == ["header", "action"]
    assert entries[1]["action"] == {"kind": "ask", "question": "onset"}
    # the browser gets a page and a picture of the terminal: never the case behind it
    case = read_pack(folder / "s1001.pack").cases()[0]
    assert case.persona.name in seen
    for secret in (case.hidden.source.value, json.dumps(case.hidden.model_dump(mode="json"))):
        assert secret not in page and secret not in seen
    assert "s1001" not in page
