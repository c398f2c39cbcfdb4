"""Taking an exam: the cost of journaling every action before the client answers, and the
exam app's start-up beside a bare Textual app.

Run: python tests/benchmarks/bench_exam.py [--quick] [--screenshots DIR]

1. One journaled action: `ExamRun.apply` (hash-chain the entry, write it, fsync, then the
   engine answers) over the 100 actions of examples/exam/answers.txt, beside two floors
   measured in the same run on the same folder: the engine alone (`Session.apply` on the
   same actions) and the disk alone (append one line of the same size and fsync it). The
   fsync is the price of "nothing a kill can lose" and depends on the disk; the ratio to
   engine + disk says what the journal adds on top.
2. Start-up: headless at 120x40, from creating the app to its first screen idle, for the
   exam overview (pack opened, journal replayed) and the proctored sign-in screen, each
   beside a bare Textual app (Header, Static, Footer) in the same run.

`--screenshots DIR` writes SVG screenshots of the sign-in screen and the exam overview.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import tempfile
import time
from pathlib import Path

from bench_tui import SIZE, Bare, started  # the same floor as the practice app's figures

from simulator.assessment.access import ACCESS_FILE, read_access
from simulator.assessment.journal import action_entry, entry_line
from simulator.assessment.run import ExamRun
from simulator.cli import main as cli_main
from simulator.domain.actions import action_to_json, parse_script
from simulator.engine.session import Session
from simulator.tui.exam_app import ExamApp

REPO = Path(__file__).resolve().parents[2]
EXAM = REPO / "examples" / "exam" / "exam.yaml"
ROSTER = REPO / "examples" / "exam" / "roster.csv"
ANSWERS = REPO / "examples" / "exam" / "answers.txt"


def build(packs: Path) -> None:
    assert cli_main(["exam", "build", str(EXAM), "--roster", str(ROSTER), "--out", str(packs)]) == 0


def per_case(script: str) -> list[list[str]]:
    """The answers split into cases at each `end`."""
    cases: list[list[str]] = [[]]
    for line in script.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            cases[-1].append(line)
            if line == "end":
                cases.append([])
    return [case for case in cases if case]


def journaled(pack: Path, journal: Path, cases: list[list[str]]) -> list[float]:
    """Seconds per ExamRun.apply, one sample per action."""
    samples: list[float] = []
    with ExamRun.open(pack, journal) as run:
        for lines in cases:
            for action in parse_script("\n".join(lines)):
                start = time.perf_counter()
                run.apply(action)
                samples.append(time.perf_counter() - start)
            run.next_item()
    return samples


def engine_only(pack: Path, cases: list[list[str]]) -> list[float]:
    samples: list[float] = []
    with ExamRun.open(pack, pack.with_suffix(".floor.journal")) as run:
        for index, lines in enumerate(cases):
            session = Session(run.cases[index], run.pack.items[index].session_seed)
            for action in parse_script("\n".join(lines)):
                start = time.perf_counter()
                session.apply(action)
                samples.append(time.perf_counter() - start)
    return samples


def disk_only(folder: Path, count: int) -> list[float]:
    """Append-and-fsync of a line the size of a journal entry, `count` times."""
    line = entry_line(action_entry(1, 0, action_to_json(parse_script("ask onset")[0]), "0" * 64))
    samples: list[float] = []
    fd = os.open(folder / "disk.floor", os.O_RDWR | os.O_CREAT | os.O_APPEND, 0o644)
    try:
        for _ in range(count):
            start = time.perf_counter()
            os.write(fd, line)
            os.fsync(fd)
            samples.append(time.perf_counter() - start)
    finally:
        os.close(fd)
    return samples


def start_ups(packs: Path, rounds: int) -> tuple[float, float, float]:
    """Median seconds: bare app, exam overview (pack + journal opened), sign-in screen."""
    access = read_access(packs / ACCESS_FILE)
    bare: list[float] = []
    overview: list[float] = []
    sign_in: list[float] = []

    def exam_app() -> ExamApp:
        run = ExamRun.open(packs / "s1002.pack")
        runs.append(run)
        return ExamApp(run, title=run.pack.exam_title)

    runs: list[ExamRun] = []
    for _ in range(rounds):  # interleaved, so drift on the machine hits all alike
        bare.append(asyncio.run(started(Bare)))
        overview.append(asyncio.run(started(exam_app)))
        runs.pop().close()
        sign_in.append(asyncio.run(started(lambda: ExamApp(packs=packs, access=access))))
    return statistics.median(bare), statistics.median(overview), statistics.median(sign_in)


async def screenshots(packs: Path, out: Path) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    access = read_access(packs / ACCESS_FILE)
    app = ExamApp(packs=packs, access=access, title="Sciatica mid-term practical")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        for key in "s1001":
            await pilot.press(key)
        await pilot.pause()
        path = out / "exam-sign-in.svg"
        path.write_text(app.export_screenshot(title="massage-sim exam"), encoding="utf-8")
        written.append(path)
        await pilot.press("enter")
        for key in access["s1001"]:
            await pilot.press(key if key != "-" else "minus")
        await pilot.press("enter")
        await pilot.pause()
        path = out / "exam-overview.svg"
        path.write_text(app.export_screenshot(title="massage-sim exam"), encoding="utf-8")
        written.append(path)
    if app.exam_run is not None:
        app.exam_run.close()
    return written


def ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer rounds")
    parser.add_argument("--screenshots", type=Path, help="write SVG screenshots here")
    args = parser.parse_args()
    rounds = 2 if args.quick else 5
    cases = per_case(ANSWERS.read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory() as folder:
        packs = Path(folder) / "packs"
        build(packs)
        exam: list[float] = []
        engine: list[float] = []
        disk: list[float] = []
        for number in range(rounds):  # interleaved rounds; fresh journal each time
            exam += journaled(packs / "s1001.pack", Path(folder) / f"j{number}", cases)
            engine += engine_only(packs / "s1001.pack", cases)
            disk += disk_only(Path(folder), len(cases) * 25)
        floor = ms(engine) + ms(disk)
        print(
            f"one journaled action: median {ms(exam):6.3f} ms over {len(exam)} actions; "
            f"engine alone {ms(engine):6.3f} ms, append+fsync alone {ms(disk):6.3f} ms; "
            f"ratio to engine + disk {ms(exam) / floor:.2f}x"
        )
        bare, overview, sign_in = start_ups(packs, 3 if args.quick else 7)
        print(
            f"start-up, in process: bare Textual app {bare * 1000:6.1f} ms, exam overview "
            f"{overview * 1000:6.1f} ms ({overview / bare:.2f}x), sign-in screen "
            f"{sign_in * 1000:6.1f} ms ({sign_in / bare:.2f}x)"
        )
        if args.screenshots:
            for path in asyncio.run(screenshots(packs, args.screenshots)):
                print(f"wrote {path}")


if __name__ == "__main__":
    main()
