"""Case files per second: `generate --out`, `validate` and `run --case DIR` over a folder.

Run: python tests/benchmarks/bench_files.py [--quick] [--count N]
Each command runs in process (no interpreter start-up), timed in CPU seconds of one core,
and is printed beside floors measured in the same run, because absolute rates on a shared
machine are noisy: generating the same cases in memory, libyaml's own loader and dumper
(PyYAML's CSafeLoader / CSafeDumper on the same data), writing the same bytes, the engine
playing and scoring the same script, and the ruamel reader and writer the fast path
replaced. `run` is timed with the 19-action routine (mostly the engine) and with two short
scripts (mostly reading the files and writing the JSON). Compare the ratios between runs,
not the raw rates.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import yaml  # type: ignore[import-untyped]
from ruamel.yaml import YAML

from simulator.authoring.yamlio import parse_text
from simulator.cli import main
from simulator.cli.common import load_actions
from simulator.domain.case import Case
from simulator.generator.generate import Generator, default_blueprint
from simulator.transcript import play

ROUTINE = Path(__file__).resolve().parents[2] / "examples" / "routine.txt"
# Short scripts, where the run is mostly reading the case file and writing its JSON line.
SHORT = {
    "end": ["end"],
    "intake": [
        "ask onset",
        "ask bladder_bowel",
        "palpate glute_max",
        "treat compression glute_max 3 5",
        "end",
    ],
}


def best_of(repeats: int, fn: Callable[[], object]) -> float:
    """The fastest of several runs, in this process's CPU time (user and system, so file
    writes count): on a shared machine, waiting for a core is not the code's cost."""
    times = []
    for _ in range(repeats):
        start = time.process_time()
        fn()
        times.append(time.process_time() - start)
    return min(times)


def quiet(argv: list[str]) -> None:
    """Run the command in process with its output thrown away; it must succeed."""
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        code = main(argv)
    assert code == 0, argv


def main_bench() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="fewer cases (smoke run)")
    parser.add_argument("--count", type=int, help="cases per run (default 2000, quick 300)")
    args = parser.parse_args()
    count = args.count or (300 if args.quick else 2000)
    repeats = 2 if args.quick else 3
    rate = lambda seconds: count / seconds  # noqa: E731

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "mix"
        generator = Generator()
        blueprint = default_blueprint()

        def in_memory() -> None:
            for number in range(count):
                generator.generate(blueprint, number)

        cases = [generator.generate(blueprint, n) for n in range(count)]
        dumps = [case.model_dump(mode="json") for case in cases]

        def bare_dump() -> None:
            for data in dumps:
                yaml.dump(data, Dumper=yaml.CSafeDumper, sort_keys=False, allow_unicode=True)

        generate = rate(best_of(repeats, lambda: quiet(gen_argv(folder, count))))
        files = sorted(folder.glob("*.yaml"))
        texts = [f.read_text(encoding="utf-8") for f in files]
        copy = Path(tmp) / "copy"
        copy.mkdir()

        def bare_write() -> None:
            for file, text in zip(files, texts, strict=True):
                (copy / file.name).write_text(text, encoding="utf-8")

        def ruamel_dump() -> None:  # the writer generate used before libyaml, on a tenth
            writer = YAML(typ="rt")
            for data in dumps[: count // 10]:
                writer.dump(data, io.StringIO())

        memory = rate(best_of(repeats, in_memory))
        dumper = rate(best_of(repeats, bare_dump))
        disk = rate(best_of(repeats, bare_write))
        old = rate(best_of(1, ruamel_dump)) / 10
        floor = 1 / (1 / memory + 1 / dumper + 1 / disk)
        print(
            f"generate --out: {generate:,.0f} cases/s; {generate / floor:.2f}x the floor of "
            f"generating them in memory ({memory:,.0f}/s), libyaml's own dumper on the same "
            f"cases (bare yaml.dump with CSafeDumper, {dumper:,.0f}/s) and writing the same "
            f"bytes to as many files ({disk:,.0f}/s) one after the other ({floor:,.0f}/s); "
            f"the ruamel writer it replaced, alone: {old:,.0f}/s"
        )

        def bare_load() -> None:
            for file in files:
                yaml.load(file.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)

        def located() -> None:  # the loader validate used before libyaml, on a tenth
            for number, text in enumerate(texts[: count // 10]):
                parse_text(text, str(number))

        validate = rate(best_of(repeats, lambda: quiet(["validate", str(folder)])))
        loader = rate(best_of(repeats, bare_load))
        slow = rate(best_of(1, located)) / 10
        print(
            f"validate DIR: {validate:,.0f} cases/s; {validate / loader:.2f}x reading the same "
            f"files with libyaml's own loader (bare yaml.load with CSafeLoader, "
            f"{loader:,.0f}/s); the located ruamel loader alone: {slow:,.0f}/s"
        )

        scripts = [ROUTINE]
        for name, lines in SHORT.items():  # where reading and writing files is most of it
            scripts.append(Path(tmp) / name)
            scripts[-1].write_text("\n".join(lines) + "\n", encoding="utf-8")
        for script in scripts:
            print(run_line(folder, script, cases, loader, repeats))


def run_line(folder: Path, script: Path, cases: list[Case], loader: float, repeats: int) -> str:
    """`run --case DIR --json` with this script, beside the engine playing and scoring the
    same cases in memory, alone and with libyaml's loader (`loader` files/s) on top."""
    actions = load_actions(script)

    def engine() -> None:
        for case in cases:
            play(case, 0, actions)

    run_argv = ["run", "--case", str(folder), "--actions", str(script), "--json"]
    run = len(cases) / best_of(repeats, lambda: quiet(run_argv))
    floor = len(cases) / best_of(repeats, engine)
    both = 1 / (1 / floor + 1 / loader)
    return (
        f"run --case DIR --json ({len(actions)}-action {script.stem}): {run:,.0f} cases/s; "
        f"{run / floor:.2f}x the engine playing and scoring the same cases in memory "
        f"({floor:,.0f}/s), {run / both:.2f}x the engine plus libyaml's loader ({both:,.0f}/s)"
    )


def gen_argv(folder: Path, count: int) -> list[str]:
    return ["generate", "--count", str(count), "--out", str(folder)]


if __name__ == "__main__":
    main_bench()
