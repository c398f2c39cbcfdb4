"""`play` (the full-screen app on a client's briefing, or line by line when piped) and the
bare `massage-sim` (the app's home screen)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from simulator.cli.common import interactive, load_blueprint, load_case
from simulator.cli.course import course_debrief, planned_visits
from simulator.cli.lines import briefing_lines, hidden_line, read_actions, say, score_lines
from simulator.domain.actions import End
from simulator.domain.case import Case
from simulator.generator.generate import Generator, default_blueprint
from simulator.guard import seed_argument
from simulator.knowledge.course import VISITS_DEFAULT, VISITS_MAX, VISITS_MIN


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
    p.add_argument(
        "--visits",
        type=int,
        help=f"play a course of care of N visits ({VISITS_MIN}-{VISITS_MAX}); `visit` opens "
        "the next",
    )
    p.add_argument(
        "--course",
        action="store_true",
        help=f"play a course of care ({VISITS_DEFAULT} visits unless --visits says)",
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
    visits = planned_visits(case, args.visits, args.course)
    if interactive() and not args.lines:
        from simulator.tui.launch import run_app

        return run_app(case, args.seed, reveal=args.reveal, visits=visits)
    if visits is not None:
        return _play_course_lines(case, args.seed, visits)
    session = Session(case, args.seed)
    for line in briefing_lines(case):
        say(line)
    say(
        f"{case.budget_minutes} minutes. Type actions such as `ask onset` or "
        "`treat compression glute_max 3 5`; `help` lists them, `end` finishes."
    )
    for action in read_actions(sys.stdin, sys.stdin.isatty(), lambda: session.minutes_left):
        if action.kind == "visit":  # no step: a hint, not a refusal on the record
            say(f"  `visit` belongs to a course of care: start `play --visits N` ({SPAN}).")
            continue
        say("  " + session.apply(action).text)
        if session.ended:
            break
    if not session.ended:  # end of input ends the session
        say("  " + session.apply(End()).text)
    say()
    for line in [*score_lines("Score", score(case, session.steps)), hidden_line(case.hidden)]:
        say(line)
    return 0


SPAN = f"{VISITS_MIN}-{VISITS_MAX} visits"


def _play_course_lines(case: Case, seed: int, visits: int) -> int:
    """A course line by line: `visit` opens the next visit with the client's report; the
    debrief after the last visit (or the end of input) scores each visit and the course."""
    from simulator.course_transcript import Played, apply
    from simulator.engine.course import Course
    from simulator.scoring.course import score_course

    played = Played(Course(case, seed, visits))
    course = played.course
    for line in briefing_lines(case):
        say(line)
    say(
        f"A course of {visits} visits, {case.budget_minutes} minutes each. Type actions such as "
        "`ask onset`; `end` finishes a visit, `visit` opens the next a few days later, "
        "`help` lists the actions."
    )
    say(f"Visit 1 of {visits}")
    for action in read_actions(
        sys.stdin,
        sys.stdin.isatty(),
        lambda: course.session.minutes_left,
        lambda: f"{course.visit}/{course.planned}",
    ):
        opened = course.visit
        response = apply(played, action)
        if action.kind == "visit" and course.visit > opened:
            say()
            say(f"Visit {course.visit} of {visits}")
        say("  " + response.text)
        if course.ended or played.closing is not None:
            break
        if action.kind != "visit" and course.session.ended:
            say(f"  Visit {course.visit} has ended: type `visit` to see the client again.")
    if not course.session.ended:  # end of input ends the visit, and the course
        say("  " + course.apply(End()).text)
    say()
    for line in course_debrief(case, played, score_course(course)):
        say(line)
    return 0
