"""`generate`, `validate` and `schema`: case and blueprint files."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from simulator.cli.common import load_blueprint, make_folder
from simulator.domain.ids import Source
from simulator.errors import EXIT_PROBLEMS, EXIT_USAGE, UserError
from simulator.generator.generate import Generator, default_blueprint
from simulator.guard import seed_argument
from simulator.progress import progress


def register(sub: Any) -> None:
    """Add `generate`, `validate` and `schema` to the main parser's sub-commands."""
    p = sub.add_parser("generate", help="draw cases from a blueprint and write them as YAML")
    p.add_argument("--count", type=int, required=True)
    p.add_argument("--seed", type=seed_argument, default=0)
    p.add_argument("--source", choices=[s.value for s in Source], help="only this hidden source")
    p.add_argument("--blueprint", help="a blueprint file (default: the domain.md case mix)")
    p.add_argument("--out", help="folder to write <id>.yaml files into (default: stdout)")
    p.set_defaults(func=cmd_generate)

    p = sub.add_parser("validate", help="check case and blueprint files")
    p.add_argument("paths", nargs="+", metavar="PATH")
    p.set_defaults(func=cmd_validate)

    p = sub.add_parser("schema", help="print the JSON Schema of case and blueprint files")
    p.set_defaults(func=cmd_schema)


def cmd_generate(args: argparse.Namespace) -> int:
    """N cases from the case mix (or a blueprint) as YAML: files in --out, or a stream."""
    from simulator.authoring.loading import case_to_yaml

    if args.count < 1:
        raise UserError("--count must be at least 1", code=EXIT_USAGE)
    if args.blueprint:
        blueprint = load_blueprint(Path(args.blueprint))
        if args.source:
            blueprint = blueprint.model_copy(update={"source": Source(args.source)})
    else:
        blueprint = default_blueprint(Source(args.source) if args.source else None)
    generator = Generator()
    out = Path(args.out) if args.out else None
    if out is not None:
        make_folder(out)
    for number in range(args.count):
        case = generator.generate(blueprint, args.seed * 100_000 + number)
        text = case_to_yaml(case)
        if out is None:
            sys.stdout.write(("---\n" if number else "") + text)
        else:
            (out / f"{case.id}.yaml").write_text(text, encoding="utf-8")
            progress(number + 1, args.count, "generating", sys.stderr)
    if out is not None:
        print(f"wrote {args.count} case(s) to {out}", file=sys.stderr)
    return 0


def cmd_validate(args: argparse.Namespace) -> int:
    """Every problem in the files, one line each; exit 1 when there is any."""
    from simulator.authoring.loading import validate_paths

    problems = validate_paths([Path(p) for p in args.paths])
    for problem in problems:
        print(problem)
    if problems:
        print(f"{len(problems)} problem(s)", file=sys.stderr)
        return EXIT_PROBLEMS
    print("ok", file=sys.stderr)
    return 0


def cmd_schema(args: argparse.Namespace) -> int:
    """The JSON Schema of case and blueprint files."""
    from simulator.authoring.schema import json_schema

    print(json.dumps(json_schema(), indent=2))
    return 0
