"""`run` (an action script against a case, a blueprint draw or a folder of cases) and `replay`
(recompute a recorded transcript and verify it)."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from simulator.cli.common import (
    case_files,
    load_actions,
    load_blueprint,
    load_case,
    load_cases,
    read_text,
)
from simulator.cli.course import CoursePlan, course_script, print_course
from simulator.cli.lines import briefing_lines, hidden_line, say, score_lines
from simulator.domain.actions import action_to_line
from simulator.domain.case import Case
from simulator.engine.session import Step
from simulator.errors import EXIT_PROBLEMS, EXIT_USAGE, UserError
from simulator.generator.generate import Generator
from simulator.guard import InputError, loads, seed_argument
from simulator.knowledge.course import VISITS_MAX, VISITS_MIN
from simulator.scoring.rubric import Score
from simulator.transcript import (
    TranscriptError,
    encode_json,
    parse_transcript,
    play,
    replay,
    result_json,
    result_text,
)

if TYPE_CHECKING:
    from simulator.scoring.course import CourseScore


def register(sub: Any) -> None:
    """Add `run` and `replay` to the main parser's sub-commands."""
    p = sub.add_parser("run", help="play an action script against a case (or a folder)")
    p.add_argument("--case", help="a case file, or a folder of them (JSON Lines out)")
    p.add_argument("--blueprint", help="draw the case from this blueprint instead")
    p.add_argument("--case-seed", type=seed_argument, default=0, help="seed for --blueprint")
    p.add_argument(
        "--actions",
        required=True,
        action="append",
        help="action script: lines or JSON; repeat it for a course, one file per visit",
    )
    p.add_argument(
        "--visits",
        type=int,
        help=f"play a course of N visits ({VISITS_MIN}-{VISITS_MAX}); a script's `visit` "
        "lines also make one",
    )
    p.add_argument("--seed", type=seed_argument, default=0, help="session seed (default 0)")
    p.add_argument("--json", action="store_true", help="print JSON instead of text")
    p.set_defaults(func=cmd_run)

    p = sub.add_parser("replay", help="recompute a recorded session and verify it")
    p.add_argument("transcript")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_replay)


def print_session(case: Case, steps: Sequence[Step], result: Score) -> None:
    """The briefing, each step and its response, the score by item and the hidden truth."""
    for line in briefing_lines(case):
        print(line)
    for number, step in enumerate(steps, start=1):
        print(f"{number:>3}. {action_to_line(step.action)}")
        print(f"     {step.response.text}")
    print()
    for line in [*score_lines("Score", result), hidden_line(case.hidden)]:
        print(line)


# run --------------------------------------------------------------------------------------


def _cases_for_run(args: argparse.Namespace) -> Iterator[tuple[Case, dict[str, Any]]]:
    if args.blueprint:
        blueprint = load_blueprint(Path(args.blueprint))
        case = Generator().generate(blueprint, args.case_seed)
        yield case, {"blueprint": args.blueprint}
        return
    if not args.case:
        raise UserError("run needs --case FILE|DIR or --blueprint FILE", code=EXIT_USAGE)
    paths = case_files(Path(args.case))
    for path, case in zip(paths, load_cases(paths), strict=True):
        yield case, {"file": str(path)}


@dataclass
class Tally:
    """Scores of one script over many cases: overall and per hidden source."""

    scores: list[tuple[str, float, bool]] = field(default_factory=list)

    def add(self, source: str, result: Score | CourseScore) -> None:
        self.scores.append((source, result.total, result.passed))

    def lines(self, unit: str = "case(s)") -> list[str]:
        """`N case(s): pass rate P% (k/N), mean score M`, then one row per hidden source."""
        lines = [_rate_line(f"{len(self.scores)} {unit}:", self.scores)]
        sources = sorted({source for source, _total, _passed in self.scores})
        width = max(len(s) for s in [*sources, "hidden source"])
        lines.append(f"  {'hidden source':<{width}}  cases  pass rate   mean")
        for source in sources:
            rows = [row for row in self.scores if row[0] == source]
            passed = sum(1 for row in rows if row[2])
            mean = sum(row[1] for row in rows) / len(rows)
            lines.append(
                f"  {source:<{width}}  {len(rows):>5}  {passed / len(rows):>9.0%}  {mean:>5.1f}"
            )
        return lines


def _rate_line(label: str, rows: list[tuple[str, float, bool]]) -> str:
    passed = sum(1 for row in rows if row[2])
    mean = sum(row[1] for row in rows) / len(rows)
    return (
        f"{label} pass rate {passed / len(rows):.0%} ({passed}/{len(rows)}), mean score {mean:.1f}"
    )


def cmd_run(args: argparse.Namespace) -> int:
    """Play the script against each case; over a folder, a summary follows on stderr (stdout
    stays one JSON object per line with --json)."""
    paths = [Path(p) for p in args.actions]
    course = course_script(paths, args.visits)
    if course is not None:
        return _run_course(args, course)
    actions = load_actions(paths[0])
    tally = Tally()
    for case, ref in _cases_for_run(args):
        session, result = play(case, args.seed, actions)
        tally.add(case.hidden.source.value, result)
        if args.json:
            say(result_text(case, args.seed, session, result, ref))
        else:
            print_session(case, session.steps, result)
    if args.case and Path(args.case).is_dir():
        for line in tally.lines():
            print(line, file=sys.stderr)
    return 0


def _run_course(args: argparse.Namespace, plan: CoursePlan) -> int:
    """The course's script against each case, as `cmd_run` does a session's."""
    from simulator.course_transcript import course_json, play_course_script
    from simulator.scoring.course import score_course

    tally = Tally()
    for case, ref in _cases_for_run(args):
        visits = plan.planned(case, str(ref.get("file") or ref.get("blueprint")))
        played = play_course_script(case, args.seed, visits, plan.actions)
        result = score_course(played.course)
        tally.add(case.hidden.source.value, result)
        if args.json:
            say(encode_json(course_json(case, args.seed, played, result, ref)))
        else:
            print_course(case, played, result)
    if args.case and Path(args.case).is_dir():
        for line in tally.lines(unit="course(s)"):
            print(line, file=sys.stderr)
    return 0


# replay -----------------------------------------------------------------------------------


def cmd_replay(args: argparse.Namespace) -> int:
    """Recompute every response and the score; exit 1 when a recorded step differs."""
    path = Path(args.transcript)
    text = read_text(path)
    try:
        raw = loads(text)
    except InputError as error:
        raise UserError(f"{error.where(str(path))}: json: {error.message}") from None
    from simulator.course_transcript import is_course

    if is_course(raw):
        return _replay_course(args, path, raw)
    try:
        transcript = parse_transcript(raw)
        case = _transcript_case(transcript, path)
        result = replay(transcript, case)
    except TranscriptError as error:
        raise UserError(*(f"{path}: {p}" for p in error.problems)) from None
    except ValueError as error:  # zip(strict=True): fewer/more steps than recorded
        raise UserError(f"{path}: steps: {error}") from None
    return _replayed(
        args,
        path,
        result.mismatches,
        lambda: result_json(
            case, transcript.session_seed, result.session, result.score, _case_ref(transcript)
        ),
        lambda: print_session(case, result.session.steps, result.score),
    )


def _case_ref(transcript: Any) -> dict[str, Any]:
    """How the transcript named its case (a blueprint or a file), for the replay's JSON."""
    return {
        k: v for k, v in transcript.case.model_dump().items() if k in ("blueprint", "file") and v
    }


def _replayed(
    args: argparse.Namespace,
    path: Path,
    mismatches: Sequence[str],
    as_json: Callable[[], dict[str, Any]],
    as_text: Callable[[], None],
) -> int:
    """What `replay` prints for a session or a course: the result and whether it verified,
    each differing entry on stderr, and the exit status."""
    if args.json:
        print(json.dumps(as_json() | {"mismatches": mismatches, "verified": not mismatches}))
    else:
        as_text()
        print(
            "verified: every recorded response matches the replay"
            if not mismatches
            else f"NOT verified: {len(mismatches)} recorded response(s) differ"
        )
    for mismatch in mismatches:
        print(f"{path}: {mismatch}", file=sys.stderr)
    return EXIT_PROBLEMS if mismatches else 0


def _replay_course(args: argparse.Namespace, path: Path, raw: Any) -> int:
    """`replay` of a course transcript: every visit's responses, reports and the score."""
    from simulator.course_transcript import course_json, parse_course_transcript, replay_course

    try:
        transcript = parse_course_transcript(raw)
        case = _transcript_case(transcript, path)
        result = replay_course(transcript, case)
    except TranscriptError as error:
        raise UserError(*(f"{path}: {p}" for p in error.problems)) from None
    return _replayed(
        args,
        path,
        result.mismatches,
        lambda: course_json(
            case, transcript.session_seed, result.played, result.score, _case_ref(transcript)
        ),
        lambda: print_course(case, result.played, result.score),
    )


def _transcript_case(transcript: Any, path: Path) -> Case:
    ref = transcript.case
    if ref.data is not None:
        case: Case = ref.data
    elif ref.file:
        case = load_case(_near(Path(ref.file), path))
    elif ref.blueprint:
        case = Generator().generate(load_blueprint(_near(Path(ref.blueprint), path)), ref.seed)
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
