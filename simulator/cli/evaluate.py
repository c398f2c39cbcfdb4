"""`evaluate`: the reference agents on the same generated cases, as a table or JSON."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from simulator.agents import SEARCH_ITERATIONS, TRAIN_CASES, VISITS_DEFAULT, VISITS_MAX, VISITS_MIN
from simulator.domain.ids import Source
from simulator.errors import EXIT_USAGE, UserError
from simulator.guard import seed_argument
from simulator.progress import progress


def register(sub: Any) -> None:
    """Add `evaluate` to the main parser's sub-commands."""
    p = sub.add_parser("evaluate", help="score the reference agents on a generated case mix")
    p.add_argument("--count", type=int, default=500, help="number of cases (default 500)")
    p.add_argument("--seed", type=seed_argument, default=0)
    p.add_argument("--json", action="store_true")
    p.add_argument(
        "--adversaries",
        action="store_true",
        help="add the adversary suite (checklists, routine search, prober, debrief learner)",
    )
    p.add_argument(
        "--courses",
        action="store_true",
        help="play every case as a course of care (follow-up visits), scored as a course",
    )
    p.add_argument(
        "--visits",
        type=int,
        default=None,
        help=f"visits per course ({VISITS_MIN}-{VISITS_MAX}, default {VISITS_DEFAULT}); "
        "implies --courses",
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


def cmd_evaluate(args: argparse.Namespace) -> int:
    from simulator.agents.evaluate import evaluate

    if args.count < 1:
        raise UserError("--count must be at least 1", code=EXIT_USAGE)
    if args.train_cases < 1 or args.search_iterations < 0:
        raise UserError(
            "--train-cases must be at least 1 and --search-iterations at least 0", code=EXIT_USAGE
        )
    visits = VISITS_DEFAULT if args.visits is None else args.visits
    if not VISITS_MIN <= visits <= VISITS_MAX:
        raise UserError(f"--visits must be {VISITS_MIN}-{VISITS_MAX}", code=EXIT_USAGE)
    courses = args.courses or args.visits is not None
    result = evaluate(
        args.count,
        args.seed,
        progress=lambda d, t: progress(d, t, "evaluating", sys.stderr),
        adversaries=args.adversaries,
        training_progress=lambda d, t: progress(d, t, "training adversaries", sys.stderr),
        train_cases=args.train_cases,
        search_iterations=args.search_iterations,
        visits=visits if courses else 1,
    )
    if args.json:
        print(json.dumps(result.to_json()))
    else:
        print(format_evaluation(result.to_json(), args.count, args.seed))
    return 0


def _header(names: list[str], first: str, first_width: int, width: int) -> list[str]:
    """Column titles in full on two rows, split at the last underscore: `lumbar` over
    `radicular`, `hip_flexor` over `pelvic`."""
    top, bottom = [], []
    for name in names:
        head, _, tail = name.rpartition("_")
        top.append(f"{head if tail else '':>{width}}")
        bottom.append(f"{tail or head:>{width}}")
    return [f"{'':<{first_width}}" + "".join(top), f"{first:<{first_width}}" + "".join(bottom)]


def format_evaluation(data: dict[str, Any], count: int, seed: int) -> str:
    """The evaluate table: mean and pass rate per agent, overall and per source, and the
    expert's diagnoses; every column title in full."""
    agents = data["agents"]
    sources = [s.value for s in Source]
    name_width = max(len(name) for name in [*agents, "agent"]) + 2
    width = max(13, *(len(part) + 2 for s in sources for part in s.rsplit("_", 1)))
    visits = data.get("visits", 1)
    played = f"{visits}-visit courses" if visits > 1 else "cases"
    scored = "mean course score" if visits > 1 else "mean score"
    lines = [f"{count} generated {played}, seed {seed}; {scored} / pass rate", ""]
    header = _header(["overall", *sources], "agent", name_width, width)
    lines += [*header, "-" * len(header[-1])]
    for name, stats in agents.items():
        cells = [f"{stats['mean']:5.1f} / {stats['pass_rate']:4.0%}"]
        for source in sources:
            by = stats["by_source"].get(source)
            cells.append(f"{by['mean']:5.1f} / {by['pass_rate']:4.0%}" if by else "-")
        lines.append(f"{name:<{name_width}}" + "".join(f"{c:>{width}}" for c in cells))
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
    row_width = max(len(s) for s in [*sources, "hidden / guessed"]) + 2
    column = max(len(part) for s in sources for part in s.rsplit("_", 1)) + 2
    lines += _header(sources, "hidden / guessed", row_width, column)
    for hidden in sources:
        row = diagnosis["confusion"].get(hidden, {})
        lines.append(
            f"{hidden:<{row_width}}" + "".join(f"{row.get(g, 0):>{column}}" for g in sources)
        )
    return "\n".join(lines)
