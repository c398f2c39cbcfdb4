"""`massage-sim exam take PACK` at a real terminal (a pseudo-terminal): the full-screen app in
exam mode, every action in the journal, and a clean pause message on quitting; `--lines`
keeps the line mode on a terminal."""

from __future__ import annotations

import io
import json
import os
import random
import re
import select
import shutil
import sys
import time
from pathlib import Path

import pytest

from simulator.cli.exam import take

from .conftest import action_lines

pty = pytest.importorskip("pty")  # POSIX only


def _have_pty() -> bool:
    try:
        parent, child = os.openpty()
    except OSError:  # a sandbox without /dev/ptmx
        return False
    os.close(parent)
    os.close(child)
    return True


pytestmark = pytest.mark.skipif(not _have_pty(), reason="no pseudo-terminal on this machine")

ANSI = re.compile(r"\x1b\[[0-9;?<>=$]*[A-Za-z]|\x1b[()][A-Z0-9]|\x1b[=>]|\x1b\][^\x07]*\x07")


class Terminal:
    """A child process on a pseudo-terminal, with its screen output as plain text."""

    def __init__(self, *argv: str) -> None:
        env = {**os.environ, "COLUMNS": "120", "LINES": "40", "TERM": "xterm-256color"}
        self.pid, self.fd = pty.fork()
        if self.pid == 0:  # the child: becomes the command
            os.execvpe(sys.executable, [sys.executable, "-m", "simulator", *argv], env)
        self.output = ""

    def read_until(self, word: str, seconds: float = 60) -> str:
        deadline = time.monotonic() + seconds
        while word not in ANSI.sub("", self.output):
            if time.monotonic() > deadline:
                raise AssertionError(f"{word!r} never shown: {ANSI.sub('', self.output)[-2000:]}")
            ready, _, _ = select.select([self.fd], [], [], 0.2)
            if ready:
                try:
                    self.output += os.read(self.fd, 1 << 16).decode("utf-8", "replace")
                except OSError:  # the child has gone
                    break
        return ANSI.sub("", self.output)

    def pump(self, seconds: float = 0.02) -> None:
        """Read what the child has drawn, so it never blocks on a full terminal."""
        ready, _, _ = select.select([self.fd], [], [], seconds)
        if ready:
            self.output = (self.output + os.read(self.fd, 1 << 16).decode("utf-8", "replace"))[
                -20000:
            ]

    def type(self, keys: str) -> None:
        self.output = ""
        os.write(self.fd, keys.encode())

    def wait(self, seconds: float = 60) -> int:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            try:  # keep the pty drained, or the child blocks writing its last frame
                ready, _, _ = select.select([self.fd], [], [], 0.2)
                if ready:
                    self.output += os.read(self.fd, 1 << 16).decode("utf-8", "replace")
            except OSError:
                pass
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                os.close(self.fd)
                return os.waitstatus_to_exitcode(status)
        os.kill(self.pid, 9)
        raise AssertionError("the program did not exit")


def _lines(journal: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in journal.read_text(encoding="utf-8").splitlines()]


def _in_case_one(pack: Path) -> Terminal:
    """`exam take PACK` at a terminal, case 1 begun and the action line focused (it keeps
    the focus after each action)."""
    term = Terminal("exam", "take", str(pack))
    term.read_until("Begin case 1")
    term.type("\r")
    term.read_until("Session with")
    term.type("/")
    time.sleep(1.5)  # a person types slower than a pty: on a busy machine the focus takes a while
    return term


def test_exam_take_on_a_terminal_opens_the_app_and_journals_each_action(
    packs: Path, tmp_path: Path
) -> None:
    pack = Path(shutil.copy(packs / "s1002.pack", tmp_path / "s1002.pack"))
    journal = tmp_path / "s1002.journal"
    term = _in_case_one(pack)
    term.type("ask onset\r")
    term.read_until("how and when it started")
    # the label can show in the line's suggestions before Enter lands: wait for the journal
    deadline = time.monotonic() + 60
    while len(_lines(journal)) < 2 and time.monotonic() < deadline:
        time.sleep(0.1)
    assert [e["type"] for e in _lines(journal)] == ["header", "action"]
    term.type("\x11")  # ctrl+q: quit mid-case
    assert term.wait() == 0
    assert f"Paused: everything so far is in {journal}" in ANSI.sub("", term.output)

    term = Terminal("exam", "take", str(pack))  # resume: the overview offers to continue
    screen = term.read_until("Continue case 1")
    term.read_until("1 action replayed")
    assert "● Case 1: First client  in progress" in screen
    term.type("\x11")
    assert term.wait() == 0
    assert len(_lines(journal)) == 2


def test_exam_take_lines_keeps_line_mode_on_a_terminal(packs: Path, tmp_path: Path) -> None:
    pack = Path(shutil.copy(packs / "s1001.pack", tmp_path / "s1001.pack"))
    term = Terminal("exam", "take", str(pack), "--lines")
    term.read_until("== Case 1 of 4")
    term.type("ask onset\r")
    term.read_until("It started")
    term.type("\x04")  # end of input: the line mode pauses
    assert term.wait() == 0
    assert "Paused: everything so far is in" in ANSI.sub("", term.output)
    assert len(_lines(tmp_path / "s1001.journal")) == 2


def _line_mode(pack: Path, journal: Path, lines: list[str]) -> None:
    saved = sys.stdout
    sys.stdout = io.StringIO()
    try:
        assert take(pack, journal, io.StringIO("".join(lines)), interactive=False) == 0
    finally:
        sys.stdout = saved


@pytest.mark.parametrize("seed", [3, 11])
def test_killing_the_app_at_a_random_moment_loses_nothing(
    packs: Path, tmp_path: Path, seed: int
) -> None:
    """SIGKILL the full-screen `exam take` at a random moment of case 1, finish the exam in
    line mode from the same journal: the journal equals an uninterrupted run's, byte for
    byte, and every action whose answer could have been on screen is in it."""
    rng = random.Random(seed)
    lines = action_lines()
    first_end = next(i for i, line in enumerate(lines) if line.strip() == "end")
    typed = rng.randint(1, first_end - 1)
    pack = Path(shutil.copy(packs / "s1003.pack", tmp_path / "s1003.pack"))
    journal = tmp_path / "s1003.journal"
    term = _in_case_one(pack)
    for number, line in enumerate(lines[:typed], start=1):
        term.type(line.strip() + "\r")
        deadline = time.monotonic() + 30
        while len(_lines(journal)) < number + 1:  # on disk before the answer is drawn
            assert time.monotonic() < deadline, f"{line.strip()!r} never reached the journal"
            term.pump()
    time.sleep(rng.uniform(0, 0.3))  # somewhere while the last answer is being drawn
    os.kill(term.pid, 9)
    assert term.wait() == -9
    assert len(_lines(journal)) == typed + 1

    _line_mode(pack, journal, lines[typed:])
    uninterrupted = tmp_path / "uninterrupted.journal"
    _line_mode(pack, uninterrupted, lines)
    assert journal.read_bytes() == uninterrupted.read_bytes()
