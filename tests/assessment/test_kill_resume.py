"""Kill the real `exam take` process with SIGKILL at random points of a scripted session,
resume, finish: the journal and the grade equal those of an uninterrupted run."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from simulator.assessment.exam import LoadedExam
from simulator.assessment.grading import grade_journal
from simulator.assessment.run import ExamRun

from .conftest import action_lines, exam_command, take_in_process

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")


def journaled(journal: Path) -> int:
    """Actions on disk: complete lines after the header (a torn last line does not count)."""
    if not journal.exists():
        return 0
    return max(0, journal.read_bytes().count(b"\n") - 1)


def wait_for(condition: object, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not condition():  # type: ignore[operator]
        if time.monotonic() > deadline:
            raise AssertionError("timed out waiting for exam take")
        time.sleep(0.002)


def start(pack: Path, journal: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [*exam_command(), "take", str(pack), "--journal", str(journal)],
        stdin=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def kill_at(pack: Path, journal: Path, lines: list[str], point: int, delay: float) -> None:
    """Feed the actions not yet journaled up to `point`, wait until they are on disk, send
    action `point` and SIGKILL the process `delay` seconds later."""
    done = journaled(journal)
    proc = start(pack, journal)
    assert proc.stdin is not None
    proc.stdin.write("".join(lines[done:point]).encode())
    proc.stdin.flush()
    wait_for(lambda: journaled(journal) >= point or proc.poll() is not None)
    assert proc.poll() is None, proc.stderr.read() if proc.stderr else ""
    proc.stdin.write(lines[point].encode())
    proc.stdin.flush()
    time.sleep(delay)
    proc.send_signal(signal.SIGKILL)
    assert proc.wait() == -signal.SIGKILL  # killed, not finished
    after = journaled(journal)
    assert after in (point, point + 1)  # action `point` is either all on disk or not at all
    proc.stdin.close()
    if proc.stderr:
        proc.stderr.close()


def finish(pack: Path, journal: Path, lines: list[str]) -> None:
    done = journaled(journal)
    result = subprocess.run(
        [*exam_command(), "take", str(pack), "--journal", str(journal)],
        input="".join(lines[done:]).encode(),
        capture_output=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr.decode()
    assert b"Traceback" not in result.stderr


@pytest.mark.parametrize("trial", range(5))
def test_killed_and_resumed_run_equals_uninterrupted(
    trial: int, packs: Path, loaded: LoadedExam, tmp_path: Path
) -> None:
    rng = random.Random(f"kill-{trial}")
    lines = action_lines()
    pack = packs / "s1002.pack"
    reference = tmp_path / "reference.journal"
    take_in_process(pack, reference, "".join(lines))

    journal = tmp_path / "killed.journal"
    # one kill during start-up on the first trial, then kills mid-session, across cases
    points = sorted(rng.sample(range(1, len(lines)), 2))
    if trial == 0:
        points[0] = 0
    for point in points:
        kill_at(pack, journal, lines, point, rng.uniform(0, 0.004))
    finish(pack, journal, lines)

    assert journal.read_bytes() == reference.read_bytes()
    fresh = grade_journal(loaded, journal.read_bytes(), "killed")
    expected = grade_journal(loaded, reference.read_bytes(), "reference")
    assert fresh.complete and not fresh.flags
    assert [r.score for r in fresh.results] == [r.score for r in expected.results]
    assert fresh.total == expected.total


def test_torn_last_line_is_dropped_and_the_run_resumes(
    packs: Path, loaded: LoadedExam, tmp_path: Path
) -> None:
    """A kill in the middle of a write leaves half a line: it is cut off on resume."""
    lines = action_lines()
    pack = packs / "s1001.pack"
    reference = tmp_path / "reference.journal"
    take_in_process(pack, reference, "".join(lines))
    journal = tmp_path / "torn.journal"
    take_in_process(pack, journal, "".join(lines[:40]))
    whole = journal.read_bytes()
    next_line = reference.read_bytes().split(b"\n")[41]
    journal.write_bytes(whole + next_line[: len(next_line) // 2])

    torn = grade_journal(loaded, journal.read_bytes(), "torn")
    assert any("torn" in flag for flag in torn.flags)
    with ExamRun.open(pack, journal) as run:
        assert run.dropped_torn and run.resumed_actions == 40
    assert journal.read_bytes() == whole  # cut back to the last complete entry
    take_in_process(pack, journal, "".join(lines[40:]))
    assert journal.read_bytes() == reference.read_bytes()


def test_a_journal_of_another_pack_is_refused(packs: Path, tmp_path: Path) -> None:
    journal = tmp_path / "j.journal"
    take_in_process(packs / "s1001.pack", journal, "ask onset\n")
    before = journal.read_bytes()
    result = subprocess.run(
        [*exam_command(), "take", str(packs / "s1002.pack"), "--journal", str(journal)],
        input=b"ask onset\n",
        capture_output=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 1
    err = result.stderr.decode().strip().splitlines()
    assert len(err) == 1 and "belongs to another pack" in err[0], err
    assert journal.read_bytes() == before


def test_default_journal_sits_beside_the_pack(packs: Path, tmp_path: Path, copy_of) -> None:  # type: ignore[no-untyped-def]
    pack = copy_of(packs / "s1003.pack", tmp_path / "mine")
    take_in_process(pack, None, "ask onset\nask radiation\n")  # type: ignore[arg-type]
    journal = pack.parent / "s1003.journal"
    assert journaled(journal) == 2
    assert os.path.getsize(journal) > 0


def test_a_torn_header_is_rewritten_but_another_file_is_never_touched(
    packs: Path, tmp_path: Path
) -> None:
    from simulator.assessment.run import RunError

    lines = action_lines()
    reference = tmp_path / "reference.journal"
    take_in_process(packs / "s1001.pack", reference, "".join(lines[:3]))
    torn = tmp_path / "torn.journal"
    torn.write_bytes(reference.read_bytes()[:50])
    take_in_process(packs / "s1001.pack", torn, "".join(lines[:3]))
    assert torn.read_bytes() == reference.read_bytes()
    other = tmp_path / "essay.txt"
    other.write_bytes(b"my essay, no newline")
    with pytest.raises(RunError, match="not a journal of this pack"):
        ExamRun.open(packs / "s1001.pack", other)
    assert other.read_bytes() == b"my essay, no newline"
