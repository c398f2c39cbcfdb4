"""The `lint` and `new` commands: argparse wiring and handlers.

`register(subparsers)` adds both to the `massage-sim` parser. Handlers take the parsed
arguments and return the exit code; they raise nothing: every problem is one line on stdout
and a summary goes to stderr.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from simulator.domain.ids import Source
from simulator.guard import seed_argument

# The checks and the generator load only when a command runs: `register` stays cheap, so
# the rest of the CLI starts as fast as before.
EXIT_ERRORS = 1


def register(subparsers: Any) -> None:
    """Add `lint` and `new` to the parser's subcommands (the object `add_subparsers` returns)."""
    p = subparsers.add_parser(
        "lint",
        help="check that cases and blueprints are sound and fair (beyond the schema)",
        description=(
            "Lint case and blueprint files: the expert agent passes, red flags surface when "
            "screened, findings fit the source, trigger points exist, teaching fields are "
            "present. Exit 0 clean, 1 errors, 3 warnings only."
        ),
    )
    p.add_argument("paths", nargs="+", metavar="PATH", help="files or folders (*.yaml)")
    p.add_argument(
        "--courses",
        action="store_true",
        help="also check that the expert passes every case as a course of care (cases with "
        "a course: block are always checked)",
    )
    p.set_defaults(func=cmd_lint)

    sources = [s.value for s in Source]
    p = subparsers.add_parser(
        "new",
        help="scaffold a pinned case file, each field explained in a comment",
        description=(
            "Write a new case drawn from the case mix (or --from a blueprint) with --seed, "
            "every value pinned and every field commented. Refuses to overwrite --out "
            "unless --force."
        ),
    )
    p.add_argument("--from", dest="blueprint", metavar="BLUEPRINT", help="a blueprint file")
    p.add_argument("--seed", type=seed_argument, default=0, help="the draw's seed (default 0)")
    p.add_argument("--source", choices=sources, help="pin the hidden source")
    p.add_argument("--out", metavar="FILE", help="write here (default: stdout); sets the id")
    p.add_argument("--force", action="store_true", help="overwrite an existing --out file")
    p.set_defaults(func=cmd_new)


def cmd_lint(args: argparse.Namespace) -> int:
    """`massage-sim lint PATH...`: findings on stdout, a summary on stderr."""
    from simulator.authoring.lint import exit_code, lint_paths, summary, yaml_files

    paths = [Path(p) for p in args.paths]
    findings = lint_paths(paths, courses=args.courses)
    files, _missing = yaml_files(paths)
    for finding in findings:
        print(finding)
    print(summary(findings, len(files)), file=sys.stderr)
    return exit_code(findings)


def cmd_new(args: argparse.Namespace) -> int:
    """`massage-sim new`: the scaffold on stdout or in --out; problems one line each."""
    from simulator.authoring.lint import lint_case
    from simulator.authoring.loading import load_blueprint
    from simulator.authoring.problems import AuthoringError
    from simulator.authoring.scaffold import (
        case_to_commented_yaml,
        id_from_path,
        scaffold_case,
        schema_reference,
    )

    out = Path(args.out) if args.out else None
    if out is not None and out.is_dir():
        print(f"{out}:1:1: error: file: is a folder; give a file name such as {out}/my-case.yaml")
        print("nothing written", file=sys.stderr)
        return EXIT_ERRORS
    if out is not None and out.exists() and not args.force:
        print(f"{out}:1:1: error: file: already exists; use --force to overwrite it")
        print("nothing written", file=sys.stderr)
        return EXIT_ERRORS
    blueprint = None
    if args.blueprint:
        try:
            blueprint = load_blueprint(Path(args.blueprint))
        except AuthoringError as error:
            for problem in error.problems:
                print(problem)
            print(
                f"{len(error.problems)} problem(s) in the blueprint; nothing written",
                file=sys.stderr,
            )
            return EXIT_ERRORS
    source = Source(args.source) if args.source else None
    case_id = id_from_path(out) if out is not None else None
    case = scaffold_case(blueprint, args.seed, source, case_id)
    origin = " ".join(
        ["massage-sim new"]
        + ([f"--from {args.blueprint}"] if args.blueprint else [])
        + [f"--seed {args.seed}"]
        + ([f"--source {args.source}"] if args.source else [])
    )
    text = case_to_commented_yaml(case, schema_reference(out), origin)
    if out is None:
        sys.stdout.write(text)
        return 0
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(text, encoding="utf-8")
    except OSError as error:
        print(f"{out}:1:1: error: file: cannot write: {error.strerror or type(error).__name__}")
        print("nothing written", file=sys.stderr)
        return EXIT_ERRORS
    findings = lint_case(case, str(out))
    note = _lint_note(findings)
    print(
        f"wrote {out} (case {case.id}, {case.hidden.source.value}); {note}; next: edit it, "
        f"then `massage-sim lint {out}` and `massage-sim play --case {out}`",
        file=sys.stderr,
    )
    return 0


def _lint_note(findings: list[Any]) -> str:
    if not findings:
        return "lint: clean"
    errors = sum(1 for f in findings if f.severity == "error")
    return f"lint: {errors} error(s), {len(findings) - errors} warning(s)"
