"""`play` (the full-screen app on a client's briefing, or line by line when piped) and the
bare `massage-sim` (the app's home screen)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from simulator.cli.common import interactive, load_blueprint, load_case
from simulator.cli.lines import briefing_lines, hidden_line, read_actions, say, score_lines
from simulator.domain.actions import End
from simulator.generator.generate import Generator, default_blueprint
from simulator.guard import seed_argument


def register(sub: Any) -> None:
    """Add `play` to the main parser's sub-commands."""
    p = sub.add_parser("play", help="play a session: the full-screen app, or line by line")
    p.add_argument("--case", help="a case YAML file")
    p.add_argument("--blueprint", help="a blueprint YAML file to draw the case from")
    p.add_argument(
        "--seed", type=seed_argument, default=0, help="case and session seed (default 0)"
    )
    p.add_argument(
        "--reveal", action="store_true", help="show the hidden state live (play-testing a case)"
    )
    p.add_argument(
        "--lines", action="store_true", help="line mode even on a terminal (also used when piped)"
    )
    p.set_defaults(func=cmd_play)


def open_app() -> int:
    """`massage-sim` with no command: the app's home screen."""
    from simulator.tui.launch import run_app

    return run_app()


def cmd_play(args: argparse.Namespace) -> int:
    """A session with one client: the app at a terminal, else one action per line."""
    from simulator.engine.session import Session
    from simulator.scoring.rubric import score

    if args.case:
        case = load_case(Path(args.case))
    else:
        blueprint = load_blueprint(Path(args.blueprint)) if args.blueprint else default_blueprint()
        case = Generator().generate(blueprint, args.seed)
    if interactive() and not args.lines:
        from simulator.tui.launch import run_app

        return run_app(case, args.seed, reveal=args.reveal)
    session = Session(case, args.seed)
    for line in briefing_lines(case):
        say(line)
    say(
        f"{case.budget_minutes} minutes. Type actions such as `ask onset` or "
        "`treat compression glute_max 3 5`; `help` lists them, `end` finishes."
    )
    for action in read_actions(sys.stdin, sys.stdin.isatty(), lambda: session.minutes_left):
        say("  " + session.apply(action).text)
        if session.ended:
            break
    if not session.ended:  # end of input ends the session
        say("  " + session.apply(End()).text)
    say()
    for line in [*score_lines("Score", score(case, session.steps)), hidden_line(case.hidden)]:
        say(line)
    return 0
