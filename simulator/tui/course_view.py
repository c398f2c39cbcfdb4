"""A course of care at the debrief: one timeline across the visits (each visit's score, the
report that opened it, what happened at home in between) and the course items with their
teaching points. Hidden details are shown: this is for the debrief only.

Text only (no Textual), so the words are testable alone.
"""

from __future__ import annotations

from rich.text import Text

from simulator.domain.actions import action_to_line
from simulator.domain.ids import Reason, Topic
from simulator.engine.course import Course, Interval
from simulator.engine.session import Session
from simulator.knowledge.follow_up import ASKED
from simulator.knowledge.words import IRRITABILITY_NAME, REASON_LABEL, TOPIC_LABEL
from simulator.scoring.course import CourseScore

ADVICE_MARK = {1: "✓ helped", 0: "· no effect", -1: "✗ made it worse"}


def bar(points: float, maximum: float, width: int = 10) -> str:
    filled = round(width * points / maximum) if maximum else 0
    return "█" * filled + "░" * (width - filled)


def mark(passed: bool) -> str:
    return "✓ pass" if passed else "✗ fail"


def num(value: float) -> str:
    """A pain to one decimal, without a trailing .0: `9`, `7.5`."""
    return f"{round(value, 1):g}"


def end_pain(session: Session, start: float) -> float:
    """The true pain when a visit ended (its start when nothing was done)."""
    return session.steps[-1].response.note.pain if session.steps else start


def between(interval: Interval, session: Session) -> list[str]:
    """What happened at home after a visit, in short phrases (hidden truths included)."""
    trend = "▲ worse" if interval.worse else "▼ better" if interval.better else "= about the same"
    out = [
        f"pain {num(interval.pain_before)} at the end of the visit → {num(interval.pain_after)} "
        f"at the next: {trend}"
    ]
    if interval.relief_held or interval.relief_faded:
        out.append(
            f"relief held {num(interval.relief_held)} NRS point(s), "
            f"faded {num(interval.relief_faded)}"
        )
    if interval.delayed_flare is not None:
        flared = session.steps[interval.delayed_flare].action
        out.append(
            f"▲ a delayed flare at home from step {interval.delayed_flare + 1} "
            f"({action_to_line(flared)}): a load over tolerance shows up later"
        )
    if interval.lingering >= 0.1:
        out.append(f"flare pain that lingered: {num(interval.lingering)}")
    if interval.soreness:
        out.append("◆ post-massage soreness within a day, gone by the visit")
    before, after = interval.irritability_before, interval.irritability_after
    if before is after:
        out.append(f"irritability unchanged: {IRRITABILITY_NAME[before]}")
    else:
        out.append(f"irritability {IRRITABILITY_NAME[before]} → {IRRITABILITY_NAME[after]}")
    for topic, effect in interval.advice.items():
        out.append(f"home advice, {TOPIC_LABEL[Topic(topic)]}: {ADVICE_MARK[effect]}")
    if interval.referral:
        out.append(f"referral made: {REASON_LABEL[Reason(interval.referral)]}")
    return out


def course_timeline(
    course: Course, result: CourseScore, pass_mark: float, expert: CourseScore | None = None
) -> Text:
    """The course's total, its visits in order with what came between, and its items
    (at the end: the visits are what a short terminal shows first)."""
    text = Text()
    visits = len(course.sessions)
    text.append("Your course\n", style="bold underline")
    text.append(f"  {result.total:g} / 100  {bar(result.total, 100, 20)}  ")
    text.append(
        "✓ PASSED" if result.passed else "✗ NOT PASSED",
        style="bold green" if result.passed else "bold red",
    )
    text.append(f"  (pass mark {pass_mark:g}; {visits} of {course.planned} visits)\n")
    if result.critical_errors:
        for error in result.critical_errors:
            text.append(f"  ✗ critical: {error.message}\n", style="bold")
    if expert is not None:
        text.append(
            f"  The expert, same client and seed: {expert.total:g} "
            f"{'✓ PASSED' if expert.passed else '✗ NOT PASSED'}\n"
        )
    text.append("\nCourse timeline\n", style="bold underline")
    for number, (case, session, score) in enumerate(
        zip(course.cases, course.sessions, result.visits, strict=False), start=1
    ):
        start = float(case.hidden.pain)
        text.append(f"  Visit {number}  ", style="bold")
        text.append(f"{score.total:g} {mark(score.passed)}  {bar(score.total, 100)}  ")
        text.append(
            f"pain {num(start)} → {num(end_pain(session, start))} · {len(session.steps)} steps\n"
        )
        if number > 1:
            report = course.intervals[number - 2].report
            text.append(f'     {ASKED} "{report}"\n', style="italic")
        if number <= len(course.intervals):
            for phrase in between(course.intervals[number - 1], session):
                text.append(f"     · {phrase}\n", style="dim")
    if course.referred_out:
        text.append(
            "  The client went to the doctor as advised and left the course.\n", style="bold"
        )
    text.append("\nCourse items\n", style="bold underline")
    width = max((len(item.title) for item in result.items), default=0)
    for item in result.items:
        text.append(f"  {item.title:<{width}}  {bar(item.points, item.maximum)} ")
        text.append(f"{item.points:g}/{item.maximum:g}\n")
        if item.detail:
            text.append(f"     {item.detail}\n")
        if item.teaching:
            text.append(f"     Teaching: {item.teaching}\n", style="italic")
    return text
