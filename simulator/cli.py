"""The `massage-sim` command: a thin layer over functions the tests call directly."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, NoReturn

from simulator import __version__
from simulator.agents import SEARCH_ITERATIONS, TRAIN_CASES
from simulator.assessment.commands import register as register_exam_commands
from simulator.authoring.commands import register as register_authoring_commands
from simulator.domain.actions import (
    Action,
    ActionError,
    ActionErrors,
    parse_json_actions,
    parse_line,
    parse_script,
)
from simulator.domain.case import Case
from simulator.domain.ids import Source
from simulator.errors import EXIT_PROBLEMS, EXIT_USAGE, UserError, run_command, unreadable
from simulator.generator.blueprint import Blueprint
from simulator.generator.generate import Generator, default_blueprint
from simulator.progress import progress
from simulator.transcript import TranscriptError, parse_transcript, play, replay, result_json
from simulator.tui.launch import register as register_serve


def _authoring() -> Any:
    from simulator.authoring import loading

    return loading


def _load_case(path: Path) -> Case:
    loading = _authoring()
    try:
        case: Case = loading.load_case(path)
    except loading.AuthoringError as error:
        raise UserError(*(str(p) for p in error.problems)) from None
    return case


def _load_blueprint(path: Path) -> Blueprint:
    loading = _authoring()
    try:
        blueprint: Blueprint = loading.load_blueprint(path)
    except loading.AuthoringError as error:
        raise UserError(*(str(p) for p in error.problems)) from None
    return blueprint


def _read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise UserError(f"{path}: not UTF-8 text") from None
    except OSError as error:
        raise UserError(f"{path}: {unreadable(error)}") from None


def load_actions(path: Path) -> list[Action]:
    """An action script: text lines, or JSON (a list of objects, or one object per line)."""
    text = _read_text(path)
    try:
        if text.lstrip().startswith(("[", "{")):
            actions = parse_json_actions(text, str(path))
        else:
            actions = parse_script(text, str(path))
    except ActionErrors as errors:
        raise UserError(*(e.one_line() for e in errors.errors)) from None
    if not actions:
        raise UserError(f"{path}: no actions in the script (only blank lines or comments)")
    return actions


def case_files(path: Path) -> list[Path]:
    if path.is_dir():
        files = sorted(p for p in path.rglob("*") if p.suffix in (".yaml", ".yml"))
        if not files:
            raise UserError(f"{path}: no case files (*.yaml) in this folder")
        return files
    if not path.exists():
        raise UserError(f"{path}: no such file or folder")
    return [path]


# commands ---------------------------------------------------------------------------------


def cmd_generate(args: argparse.Namespace) -> int:
    loading = _authoring()
    if args.count < 1:
        raise UserError("--count must be at least 1", code=EXIT_USAGE)
    if args.blueprint:
        blueprint = _load_blueprint(Path(args.blueprint))
        if args.source:
            blueprint = blueprint.model_copy(update={"source": Source(args.source)})
    else:
        blueprint = default_blueprint(Source(args.source) if args.source else None)
    generator = Generator()
    out = Path(args.out) if args.out else None
    if out is not None:
        try:
            out.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise UserError(f"{out}: cannot create folder: {error.strerror}") from None
    for number in range(args.count):
        case = generator.generate(blueprint, args.seed * 100_000 + number)
        text = loading.case_to_yaml(case)
        if out is None:
            sys.stdout.write(("---\n" if number else "") + text)
        else:
            (out / f"{case.id}.yaml").write_text(text, encoding="utf-8")
            progress(number + 1, args.count, "generating", sys.stderr)
    if out is not None:
        print(f"wrote {args.count} case(s) to {out}", file=sys.stderr)
    return 0


def cmd_validate(args: argparse.Namespace) -> int:
    loading = _authoring()
    paths = [Path(p) for p in args.paths]
    problems = loading.validate_paths(paths)
    for problem in problems:
        print(problem)
    if problems:
        print(f"{len(problems)} problem(s)", file=sys.stderr)
        return EXIT_PROBLEMS
    print("ok", file=sys.stderr)
    return 0


def cmd_schema(args: argparse.Namespace) -> int:
    from simulator.authoring.schema import json_schema

    print(json.dumps(json_schema(), indent=2))
    return 0


def _cases_for_run(args: argparse.Namespace) -> Iterator[tuple[Case, dict[str, Any]]]:
    if args.blueprint:
        blueprint = _load_blueprint(Path(args.blueprint))
        case = Generator().generate(blueprint, args.case_seed)
        yield case, {"blueprint": args.blueprint}
        return
    if not args.case:
        raise UserError("run needs --case FILE|DIR or --blueprint FILE", code=EXIT_USAGE)
    for path in case_files(Path(args.case)):
        yield _load_case(path), {"file": str(path)}


def cmd_run(args: argparse.Namespace) -> int:
    actions = load_actions(Path(args.actions))
    for case, ref in _cases_for_run(args):
        session, result = play(case, args.seed, actions)
        if args.json:
            print(json.dumps(result_json(case, args.seed, session, result, ref)), flush=True)
        else:
            _print_session(case, session.steps, result)
    return 0


def _print_session(case: Case, steps: Sequence[Any], result: Any) -> None:
    from simulator.domain.actions import action_to_line

    p = case.persona
    print(f"{p.name}, {p.age}, {p.occupation}; {p.sport}: {p.training_load}")
    print(f'  "{p.complaint}"')
    for number, step in enumerate(steps, start=1):
        print(f"{number:>3}. {action_to_line(step.action)}")
        print(f"     {step.response.text}")
    verdict = "PASS" if result.passed else "FAIL"
    print(f"\nScore {result.total:g}/100 {verdict}")
    for item in result.items:
        print(f"  {item.points:>5g}/{item.maximum:<3g} {item.title}: {item.detail}")
    for error in result.critical_errors:
        print(f"  critical: {error}")
    h = case.hidden
    print(
        f"Hidden: {h.source.value}, irritability {h.irritability.value}, "
        f"nerve sensitivity {h.nerve_sensitivity:g}"
        + (f", secondary {h.secondary.value}" if h.secondary else "")
    )


def cmd_replay(args: argparse.Namespace) -> int:
    path = Path(args.transcript)
    text = _read_text(path)
    try:
        raw = json.loads(text)
    except json.JSONDecodeError as error:
        raise UserError(f"{path}:{error.lineno}:{error.colno}: json: {error.msg}") from None
    try:
        transcript = parse_transcript(raw)
        case = _transcript_case(transcript, path)
        result = replay(transcript, case)
    except TranscriptError as error:
        raise UserError(*(f"{path}: {p}" for p in error.problems)) from None
    except ValueError as error:  # zip(strict=True): fewer/more steps than recorded
        raise UserError(f"{path}: steps: {error}") from None
    if args.json:
        out = result_json(
            case,
            transcript.session_seed,
            result.session,
            result.score,
            {
                k: v
                for k, v in transcript.case.model_dump().items()
                if k in ("blueprint", "file") and v
            },
        )
        out["mismatches"] = result.mismatches
        out["verified"] = not result.mismatches
        print(json.dumps(out))
    else:
        _print_session(case, result.session.steps, result.score)
        print(
            "verified: every recorded response matches the replay"
            if not result.mismatches
            else f"NOT verified: {len(result.mismatches)} recorded response(s) differ"
        )
    for mismatch in result.mismatches:
        print(f"{path}: {mismatch}", file=sys.stderr)
    return EXIT_PROBLEMS if result.mismatches else 0


def _transcript_case(transcript: Any, path: Path) -> Case:
    ref = transcript.case
    if ref.data is not None:
        case: Case = ref.data
    elif ref.file:
        case = _load_case(_near(Path(ref.file), path))
    elif ref.blueprint:
        case = Generator().generate(_load_blueprint(_near(Path(ref.blueprint), path)), ref.seed)
    else:
        raise TranscriptError(["case: give data, file, or blueprint with seed"])
    if case.id != ref.id:
        raise TranscriptError([f"case.id: {ref.id!r} does not match the case's id {case.id!r}"])
    return case


def _near(recorded: Path, transcript: Path) -> Path:
    """A path a transcript recorded: as given (relative to where `run` ran), else relative
    to the transcript's own folder."""
    if recorded.is_absolute() or recorded.exists():
        return recorded
    beside = transcript.parent / recorded
    return beside if beside.exists() else recorded


def _interactive() -> bool:
    """A person at a terminal: the full-screen app; pipes and scripts get line mode."""
    return sys.stdin.isatty() and sys.stdout.isatty()


def cmd_play(args: argparse.Namespace) -> int:
    """A line-by-line session in the terminal: type actions, read the client's responses."""
    from simulator.engine.session import Session
    from simulator.scoring.rubric import score

    if args.case:
        case = _load_case(Path(args.case))
    else:
        blueprint = _load_blueprint(Path(args.blueprint)) if args.blueprint else default_blueprint()
        case = Generator().generate(blueprint, args.seed)
    if _interactive() and not args.lines:
        from simulator.tui.launch import run_app

        return run_app(case, args.seed, reveal=args.reveal)
    session = Session(case, args.seed)
    p = case.persona
    print(f"{p.name}, {p.age}, {p.occupation}. {p.sport.capitalize()}: {p.training_load}.")
    print(f'"{p.complaint}"')
    print(
        f"{case.budget_minutes} minutes. Type actions such as `ask onset` or "
        "`treat compression glute_max 3 5`; `help` lists them, `end` finishes."
    )
    while not session.ended:
        try:
            line = input(f"[{session.minutes_left} min] > ").strip()
        except EOFError:
            line = "end"
        if not line or line.startswith("#"):
            continue
        if line == "help":
            from simulator.domain.actions import ARGUMENTS, CHOICES

            for kind, names in ARGUMENTS.items():
                print(" ", kind, *(n.upper() for n in names))
            for name, values in CHOICES.items():
                print(f"  {name.upper()}: {', '.join(values)}")
            continue
        try:
            action = parse_line(line)
        except ActionError as error:
            print(f"  {error.message}")
            continue
        print("  " + session.apply(action).text)
    _print_session(case, [], score(case, session.steps))
    return 0


def cmd_evaluate(args: argparse.Namespace) -> int:
    from simulator.agents.evaluate import evaluate

    if args.count < 1:
        raise UserError("--count must be at least 1", code=EXIT_USAGE)
    if args.train_cases < 1 or args.search_iterations < 0:
        raise UserError(
            "--train-cases must be at least 1 and --search-iterations at least 0", code=EXIT_USAGE
        )
    result = evaluate(
        args.count,
        args.seed,
        progress=lambda d, t: progress(d, t, "evaluating", sys.stderr),
        adversaries=args.adversaries,
        training_progress=lambda d, t: progress(d, t, "training adversaries", sys.stderr),
        train_cases=args.train_cases,
        search_iterations=args.search_iterations,
    )
    if args.json:
        print(json.dumps(result.to_json()))
    else:
        print(format_evaluation(result.to_json(), args.count, args.seed))
    return 0


def format_evaluation(data: dict[str, Any], count: int, seed: int) -> str:
    """The evaluate table: mean and pass rate per agent, overall and per source."""
    agents = data["agents"]
    sources = [s.value for s in Source]
    short = {s: s.split("_")[0][:6] for s in sources}
    lines = [f"{count} generated cases, seed {seed}; mean score / pass rate", ""]
    header = f"{'agent':<32}{'overall':>14}" + "".join(f"{short[s]:>14}" for s in sources)
    lines += [header, "-" * len(header)]
    for name, stats in agents.items():
        cells = [f"{stats['mean']:5.1f} / {stats['pass_rate']:4.0%}"]
        for source in sources:
            by = stats["by_source"].get(source)
            cells.append(f"{by['mean']:5.1f} / {by['pass_rate']:4.0%}" if by else "-")
        lines.append(f"{name:<32}" + "".join(f"{c:>14}" for c in cells))
    training = data.get("adversary_training")
    if training:
        lines += [
            "",
            f"adversaries trained on a separate mix: debrief_learner read "
            f"{training['train_cases']} debriefs; searched_routine passed "
            f"{training['search_train_pass_rate']:.0%} of its {training['search_cases']} "
            f"training cases after {training['search_iterations']} hill-climb steps",
        ]
    diagnosis = data["expert_diagnosis"]
    lines += [
        "",
        f"expert's leading hypothesis after assessment: {diagnosis['accuracy']:.0%} right",
    ]
    corner = "hidden / guessed"
    lines.append(f"{corner:<20}" + "".join(f"{short[s]:>8}" for s in sources))
    for hidden in sources:
        row = diagnosis["confusion"].get(hidden, {})
        lines.append(f"{hidden:<20}" + "".join(f"{row.get(g, 0):>8}" for g in sources))
    return "\n".join(lines)


# parser -----------------------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="massage-sim",
        description="A clinical-reasoning simulator for sports massage and sciatica.",
    )
    parser.add_argument("--version", action="version", version=f"massage-sim {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sources = [s.value for s in Source]

    p = sub.add_parser("play", help="play a session: the full-screen app, or line by line")
    p.add_argument("--case", help="a case YAML file")
    p.add_argument("--blueprint", help="a blueprint YAML file to draw the case from")
    p.add_argument("--seed", type=int, default=0, help="case and session seed (default 0)")
    p.add_argument(
        "--reveal", action="store_true", help="show the hidden state live (play-testing a case)"
    )
    p.add_argument(
        "--lines", action="store_true", help="line mode even on a terminal (also used when piped)"
    )
    p.set_defaults(func=cmd_play)
    register_serve(sub)

    p = sub.add_parser("generate", help="draw cases from a blueprint and write them as YAML")
    p.add_argument("--count", type=int, required=True)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--source", choices=sources, help="only this hidden source")
    p.add_argument("--blueprint", help="a blueprint file (default: the domain.md case mix)")
    p.add_argument("--out", help="folder to write <id>.yaml files into (default: stdout)")
    p.set_defaults(func=cmd_generate)

    p = sub.add_parser("validate", help="check case and blueprint files")
    p.add_argument("paths", nargs="+", metavar="PATH")
    p.set_defaults(func=cmd_validate)

    p = sub.add_parser("schema", help="print the JSON Schema of case and blueprint files")
    p.set_defaults(func=cmd_schema)

    p = sub.add_parser("run", help="play an action script against a case (or a folder)")
    p.add_argument("--case", help="a case file, or a folder of them (JSON Lines out)")
    p.add_argument("--blueprint", help="draw the case from this blueprint instead")
    p.add_argument("--case-seed", type=int, default=0, help="seed for --blueprint")
    p.add_argument("--actions", required=True, help="action script: lines or JSON")
    p.add_argument("--seed", type=int, default=0, help="session seed (default 0)")
    p.add_argument("--json", action="store_true", help="print JSON instead of text")
    p.set_defaults(func=cmd_run)

    register_authoring_commands(sub)
    register_exam_commands(sub)

    p = sub.add_parser("evaluate", help="score the reference agents on a generated case mix")
    p.add_argument("--count", type=int, default=500, help="number of cases (default 500)")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--json", action="store_true")
    p.add_argument(
        "--adversaries",
        action="store_true",
        help="add the adversary suite (checklists, routine search, prober, debrief learner)",
    )
    p.add_argument(
        "--train-cases",
        type=int,
        default=TRAIN_CASES,
        help=f"debriefs the learner reads, from a separate mix (default {TRAIN_CASES})",
    )
    p.add_argument(
        "--search-iterations",
        type=int,
        default=SEARCH_ITERATIONS,
        help=f"hill-climb steps of the routine search (default {SEARCH_ITERATIONS})",
    )
    p.set_defaults(func=cmd_evaluate)

    p = sub.add_parser("replay", help="recompute a recorded session and verify it")
    p.add_argument("transcript")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_replay)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        if _interactive():
            from simulator.tui.launch import run_app

            return run_app()
        parser.print_help()
        return 0
    return run_command(args.func, args)


def entry() -> NoReturn:
    sys.exit(main())
