"""Courses of care on the command line: which scripts make a course (`visit` separators,
one --actions file per visit, or --visits N), and the course's text debrief."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from simulator.cli.common import load_actions, read_text
from simulator.cli.lines import briefing_lines, hidden_line
from simulator.domain.actions import Action, Visit, action_to_line
from simulator.domain.case import Case
from simulator.errors import EXIT_USAGE, UserError
from simulator.knowledge.course import VISITS_DEFAULT, VISITS_MAX, VISITS_MIN

if TYPE_CHECKING:  # the engine and scoring load only when a course is played
    from simulator.course_transcript import Played
    from simulator.engine.course import Interval
    from simulator.scoring.course import CourseScore

# a `visit` line of a script, or a `visit` object of JSON (for messages naming the line)
_VISIT_LINE = re.compile(r'^\s*visit\s*(#.*)?$|"kind"\s*:\s*"visit"', re.IGNORECASE)


def check_visits(visits: int | None) -> int | None:
    """--visits as given, or a one-line usage error outside 2-4."""
    if visits is not None and not VISITS_MIN <= visits <= VISITS_MAX:
        raise UserError(
            f"--visits: a course has {VISITS_MIN} to {VISITS_MAX} visits, not {visits}",
            code=EXIT_USAGE,
        )
    return visits


def visit_lines(path: Path) -> list[int]:
    """The line numbers of the `visit` separators in a script file."""
    text = read_text(path).removeprefix("\ufeff")
    return [n for n, line in enumerate(text.split("\n"), start=1) if _VISIT_LINE.search(line)]


def _separators(actions: Sequence[Action]) -> int:
    return sum(a.kind == "visit" for a in actions)


def _joined(scripts: Sequence[Sequence[Action]]) -> list[Action]:
    """One script per visit, with a `visit` between each."""
    actions: list[Action] = []
    for k, script in enumerate(scripts):
        if k:
            actions.append(Visit())
        actions += script
    return actions


@dataclass(frozen=True)
class CoursePlan:
    """A course's whole script and how many visits it plans."""

    actions: list[Action]
    visits: int | None  # --visits, when given
    script_visits: int  # the visits the script holds
    script: str  # the script's file(s), for messages

    def planned(self, case: Case, where: str) -> int:
        """--visits, else the case's pinned count (which must hold the script's visits),
        else the script's own count."""
        if self.visits is not None:
            return self.visits
        pinned = case.course.visits if case.course is not None else None
        if pinned is None:
            return max(VISITS_MIN, self.script_visits)
        if self.script_visits > pinned:
            raise UserError(
                f"{where}: course.visits: the case pins {pinned} visits, but {self.script} "
                f"plays {self.script_visits}; pass --visits {self.script_visits} to override"
            )
        return pinned


def course_script(paths: Sequence[Path], visits: int | None) -> CoursePlan | None:
    """The course's whole script and its planned visits, or None for a single session (one
    file, no `visit` separator, no --visits). A single script without separators under
    --visits N is played at every visit: a fixed routine repeated, as a student might."""
    check_visits(visits)
    if len(paths) > VISITS_MAX:
        raise UserError(
            f"--actions: {len(paths)} files given, one per visit, but a course has at most "
            f"{VISITS_MAX} visits",
            code=EXIT_USAGE,
        )
    scripts = [load_actions(p) for p in paths]
    if len(paths) > 1:
        for path, script in zip(paths, scripts, strict=True):
            if _separators(script):
                line = next(iter(visit_lines(path)), 0)
                raise UserError(
                    f"{path}:{line}: visit: with several --actions files each file is one "
                    "visit; give one file, or put no `visit` separator in the files"
                )
        if visits is not None and len(paths) > visits:
            raise UserError(
                f"--actions: {len(paths)} files, one per visit, but --visits {visits}",
                code=EXIT_USAGE,
            )
        names = ", ".join(str(p) for p in paths)
        return CoursePlan(_joined(scripts), visits, len(paths), names)
    path, script = paths[0], scripts[0]
    separators = _separators(script)
    if not separators:
        if visits is None:
            return None
        return CoursePlan(_joined([script] * visits), visits, visits, str(path))
    planned = visits if visits is not None else min(VISITS_MAX, separators + 1)
    if separators + 1 > planned:
        lines = visit_lines(path)
        line = lines[planned - 1] if len(lines) >= planned else 0
        if visits is None:
            limit = f"a course has at most {VISITS_MAX} visits"
        elif separators + 1 <= VISITS_MAX:
            limit = f"--visits {visits} plans {visits}; pass --visits {separators + 1}"
        else:
            limit = f"--visits {visits} plans {visits}; remove a separator"
        raise UserError(
            f"{path}:{line}: visit: this separator opens visit {planned + 1}, but {limit}"
        )
    return CoursePlan(script, visits, separators + 1, str(path))


def planned_visits(case: Case, visits: int | None, course: bool) -> int | None:
    """`play`: --visits N, or --course (the case's pinned count, else the default); None
    for a single session."""
    if visits is not None:
        return check_visits(visits)
    if not course:
        return None
    pinned = case.course.visits if case.course is not None else None
    return pinned or VISITS_DEFAULT


# the text debrief -------------------------------------------------------------------------


def interval_line(i: Interval) -> str:
    """What happened between two visits, hidden until now, on one line."""
    parts = [f"pain {i.pain_before:.1f} -> {i.pain_after:.1f}"]
    if i.relief_held or i.relief_faded:
        parts.append(f"relief held {i.relief_held:.1f}, faded {i.relief_faded:.1f}")
    if i.soreness:
        parts.append("sore for a day")
    if i.delayed_flare is not None:
        parts.append(f"flared at home (step {i.delayed_flare + 1})")
    before, after = i.irritability_before.value, i.irritability_after.value
    parts.append(f"irritability {before}" + (f" -> {after}" if after != before else ""))
    parts += [
        f"{topic} advice {('hurt', 'neutral', 'helped')[e + 1]}" for topic, e in i.advice.items()
    ]
    if i.referral:
        parts.append(f"referral: {i.referral}")
    return f"  after visit {i.after_visit}: " + "; ".join(parts)


def course_score_lines(result: CourseScore) -> list[str]:
    """Each visit's score on a line, then the course total with its items and their
    teaching points, and every critical error."""
    lines = []
    for k, s in enumerate(result.visits, start=1):
        lines.append(f"Visit {k} score {s.total:g}/100 {'PASS' if s.passed else 'FAIL'}")
        lines += [f"  critical: {e.message}" for e in s.critical_errors]
    verdict = "PASS" if result.passed else "FAIL"
    lines.append(f"Course {result.total:g}/100 {verdict}")
    for item in result.items:
        lines.append(f"  {item.points:>5g}/{item.maximum:<3g} {item.title}: {item.detail}")
        if item.teaching and item.points < item.maximum:
            lines.append(f"            why: {item.teaching}")
    visit_errors = {e.message for s in result.visits for e in s.critical_errors}
    lines += [
        f"  critical: {e.message}" for e in result.critical_errors if e.message not in visit_errors
    ]
    return lines


def course_debrief(case: Case, played: Played, result: CourseScore) -> list[str]:
    """After the last visit: the scores, the hidden truth and what happened in between."""
    lines = [*course_score_lines(result), hidden_line(case.hidden)]
    if played.course.intervals:
        lines.append("Between visits:")
        lines += [interval_line(i) for i in played.course.intervals]
    return lines


def print_course(case: Case, played: Played, result: CourseScore) -> None:
    """The briefing, each visit (its report, steps and responses), then the debrief."""
    course = played.course
    for line in briefing_lines(case):
        print(line)
    for k, session in enumerate(course.sessions, start=1):
        print()
        print(f"Visit {k} of {course.planned}")
        if k > 1:
            print(f"     {course.openings[k - 2].text}")
        for number, step in enumerate(session.steps, start=1):
            print(f"{number:>3}. {action_to_line(step.action)}")
            print(f"     {step.response.text}")
            if played.closing is not None and k == course.visit and number == played.closing_at:
                print(f"     {played.closing.text}")
    print()
    for line in course_debrief(case, played, result):
        print(line)


__all__ = [
    "CoursePlan",
    "check_visits",
    "course_debrief",
    "course_score_lines",
    "course_script",
    "planned_visits",
    "print_course",
    "visit_lines",
]
