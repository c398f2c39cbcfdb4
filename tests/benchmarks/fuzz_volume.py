"""The fuzz suite at volume: 10,000+ hostile inputs through the real entry points, in
process, and the memory a 10 MB action script costs.

Run: python tests/benchmarks/fuzz_volume.py [--inputs N] [--seed S] [--compare MAIN_CHECKOUT]

Inputs are mutated case files and blueprints (`validate`), action scripts (`run`),
transcripts (`replay`) and journals (grading one class with one poisoned hand-in), made by
the mutators of tests/fuzz/harness.py. Prints the tally: inputs tried, internal errors
(exit 70 or a traceback; goal 0), other broken promises, hangs (over 20 s). Then `run` on
10 MB action scripts in a fresh process each, peak resident memory (ru_maxrss) against the
floor of the same command on the 30-line routine; with --compare, the same scripts under
another checkout (e.g. /work/main before the streaming parse) for the before/after figure.
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "tests"))

from fuzz.harness import (  # noqa: E402
    BLUEPRINTS,
    LIBRARY,
    ROUTINE,
    Hang,
    Outcome,
    Tally,
    contract_problem,
    dumps_hostile,
    mutate_json,
    mutate_text,
    run_cli,
    script_variants,
    time_limit,
)
from fuzz.journals import Class, build_class, poisoned_lines  # noqa: E402

MB = 1 << 20
KEEP = Path(tempfile.gettempdir()) / "massage-sim-fuzz-failures"
# the share of each kind of input: scripts, transcripts and journals are cheap to try, YAML
# files cost a parse by ruamel each
MIX = {"script": 0.35, "transcript": 0.2, "journal": 0.25, "case": 0.12, "blueprint": 0.08}


def record(tally: Tally, kind: str, label: str, outcome: Outcome) -> None:
    tally.count(kind)
    problem = contract_problem(outcome)
    if problem is None:
        return
    if "internal error" in problem or "traceback" in problem:
        tally.internal.append(f"{kind} {label}: {problem}")
    else:
        tally.broken.append(f"{kind} {label}: {problem}")


def fuzz(total: int, seed: int, work: Path, progress: Callable[[int], None]) -> Tally:
    rng = random.Random(seed)
    tally = Tally()
    cases = sorted(LIBRARY.glob("*.yaml"))
    case_texts = [p.read_text(encoding="utf-8") for p in cases]
    blueprint_texts = [p.read_text(encoding="utf-8") for p in sorted(BLUEPRINTS.glob("*.yaml"))]
    routine = ROUTINE.read_text(encoding="utf-8")
    base = run_cli("run", "--case", cases[0], "--actions", ROUTINE, "--json")
    transcript = json.loads(base.out)
    exam_class = build_class(work / "class")
    kinds, weights = zip(*MIX.items(), strict=True)
    path = work / "input"
    for number in range(total):
        kind = rng.choices(kinds, weights)[0]
        label = f"#{number}"
        try:
            if kind == "script":
                path.write_text(script_variants(rng, routine), encoding="utf-8")
                outcome = run_cli("run", "--case", cases[0], "--actions", path, "--json")
            elif kind == "transcript":
                if rng.random() < 0.3:
                    text = mutate_text(rng, dumps_hostile(transcript))
                else:
                    text = dumps_hostile(mutate_json(rng, copy.deepcopy(transcript)))
                path.write_text(text, encoding="utf-8", errors="surrogatepass")
                outcome = run_cli("replay", path)
            elif kind == "journal":
                outcome = grade_poisoned(exam_class, rng)
            else:
                texts = case_texts if kind == "case" else blueprint_texts
                text = mutate_text(rng, rng.choice(texts))
                path.write_text(text, encoding="utf-8", errors="surrogatepass")
                outcome = run_cli("validate", path)
        except Hang:
            tally.count(kind)
            tally.hangs.append(f"{kind} {label}")
            continue
        if outcome.seconds > 20:
            tally.hangs.append(f"{kind} {label}: {outcome.seconds:.1f} s")
        before = len(tally.internal) + len(tally.broken)
        record(tally, kind, label, outcome)
        if len(tally.internal) + len(tally.broken) > before and kind != "journal":
            KEEP.mkdir(exist_ok=True)  # the input, to reproduce it
            (KEEP / f"{kind}-{number}").write_bytes(path.read_bytes())
        progress(number + 1)
    return tally


def grade_poisoned(exam_class: Class, rng: random.Random) -> Outcome:
    """Grade the class with one poisoned journal: the others graded, the bad one named."""
    from simulator.assessment.grading import grade_folder

    start = time.perf_counter()
    files = exam_class.poison(poisoned_lines(rng, exam_class.journal_lines()))
    try:
        with time_limit(20):
            report = grade_folder(exam_class.loaded, files)
    except Exception as error:  # grading itself failed: the whole class lost
        return Outcome(70, "", f"internal error: {type(error).__name__}: {error}", 0.0)
    seconds = time.perf_counter() - start
    others = {p.name for p in files} - {exam_class.victim_name}
    graded = {Path(g.file).name for g in report.graded}
    if not others <= graded:
        return Outcome(1, "", f"internal error: graded only {sorted(graded)}", seconds)
    for rejected in report.rejected:
        if "cannot be graded" in rejected.reason:  # the catch-all: a bug we hid, not a reason
            return Outcome(70, "", f"internal error: {rejected.reason}", seconds)
    return Outcome(0, "", "", seconds)


# memory of a 10 MB script ---------------------------------------------------------------


def big_scripts(folder: Path) -> dict[str, Path]:
    """10 MB action scripts: the routine over and over (past any session), the routine
    under 10 MB of comments (it runs), 10 MB of bad lines, and a 10 MB JSON list."""
    routine = [ln for ln in ROUTINE.read_text(encoding="utf-8").split("\n") if ln.strip()]
    routine = [ln for ln in routine if not ln.startswith("#")]
    lines = "\n".join(routine) + "\n"
    scripts = {
        "routine repeated": lines * (10 * MB // len(lines)),
        "routine + comments": "# x\n" * (10 * MB // 4) + lines,
        "bad lines": "fly away\n" * (10 * MB // 9),
    }
    entry = '{"kind": "ask", "question": "onset"},\n'
    scripts["JSON list"] = "[\n" + entry * (10 * MB // len(entry)) + '{"kind": "end"}]\n'
    out = {}
    for name, text in scripts.items():
        path = folder / (name.replace(" ", "-").replace("+", "and") + ".txt")
        path.write_text(text, encoding="utf-8")
        out[name] = path
    return out


def peak_mb(checkout: Path, script: Path) -> tuple[float, int, float]:
    """(peak resident MB, exit code, seconds) of `run` on `script` in a fresh process."""
    case = LIBRARY / "lr-warehouse-lift.yaml"
    probe = (
        "import resource, subprocess, sys;"
        "p = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL);"
        "print(p.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
    )
    env = {**os.environ, "PYTHONPATH": str(checkout)}
    command = [sys.executable, "-m", "simulator", "run", "--case", str(case)]
    command += ["--actions", str(script), "--json"]
    start = time.perf_counter()
    result = subprocess.run(  # cwd too: `-m` puts the working folder first on sys.path
        [sys.executable, "-c", probe, *command],
        capture_output=True,
        text=True,
        env=env,
        cwd=checkout,
    )
    seconds = time.perf_counter() - start
    code, kilobytes = (int(word) for word in result.stdout.split())
    return kilobytes / 1024, code, seconds


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--inputs", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=15)
    parser.add_argument("--compare", type=Path, help="another checkout to measure memory of")
    parser.add_argument("--memory-only", action="store_true", help="skip the fuzzing")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        start = time.perf_counter()
        step = max(1, args.inputs // 20)

        def progress(done: int) -> None:
            if done % step == 0:
                print(f"  {done}/{args.inputs} ({time.perf_counter() - start:.0f} s)", flush=True)

        tally = fuzz(0 if args.memory_only else args.inputs, args.seed, work, progress)
        seconds = time.perf_counter() - start
        rate = tally.tried / max(seconds, 1e-9)
        print(f"\ninputs tried: {tally.tried} in {seconds:.0f} s ({rate:.0f}/s)")
        print("  by kind: " + ", ".join(f"{k} {n}" for k, n in sorted(tally.by_kind.items())))
        print(f"internal errors (exit 70 or traceback): {len(tally.internal)}")
        print(f"other broken promises: {len(tally.broken)}")
        print(f"hangs (over 20 s): {len(tally.hangs)}")
        for line in (tally.internal + tally.broken + tally.hangs)[:20]:
            print("  " + line[:300])
        if tally.internal or tally.broken:
            print(f"  (the inputs are kept in {KEEP})")

        scripts = big_scripts(work)
        floor, _code, _s = peak_mb(REPO, ROUTINE)
        print(f"\nmemory of `run` (peak RSS), floor: {floor:.0f} MB on the 30-line routine")
        for name, path in scripts.items():
            peak, code, took = peak_mb(REPO, path)
            line = f"  10 MB {name:<20} {peak:7.0f} MB  {peak / floor:5.2f}x floor  exit {code}"
            line += f"  {took:5.1f} s"
            if args.compare:
                before, before_code, before_took = peak_mb(args.compare, path)
                line += f"   | {args.compare}: {before:7.0f} MB, exit {before_code}, "
                line += f"{before_took:.1f} s"
            print(line, flush=True)
    return 1 if tally.internal or tally.hangs else 0


if __name__ == "__main__":
    sys.exit(main())
