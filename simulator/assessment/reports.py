"""What grading writes: the gradebook CSV, gradebooks ready to import into Moodle and
Canvas with the status of every student beside them, the item analysis (JSON and Markdown),
one feedback file per student, xAPI statements per student, and the rejected submissions.

Everything here is a pure function of the report: no clock, sorted output, so grading the
same submissions twice writes the same bytes.
"""

from __future__ import annotations

import csv
import io
import json
import uuid
from functools import partial
from pathlib import Path
from typing import Any, Literal

from simulator.assessment import DEFAULT_HOMEPAGE
from simulator.assessment.grading import Graded, Rejected, Report
from simulator.assessment.pack import write_atomic
from simulator.scoring.course import CourseScore
from simulator.scoring.rubric import RUBRIC_VERSION, Item, Score
from simulator.transcript import hidden_json

XAPI_VERSION = "1.0.3"
VERBS = {
    name: f"http://adlnet.gov/expapi/verbs/{name}"
    for name in ("attempted", "completed", "passed", "failed")
}
ACTIVITY_TYPES = {
    "exam": "http://adlnet.gov/expapi/activities/assessment",
    "case": "http://adlnet.gov/expapi/activities/simulation",
}
# the upper and lower groups of the discrimination index (Kelley's 27%)
GROUP_SHARE = 0.27
LmsColumns = Literal["cases", "total"]
CanvasId = Literal["sis_user_id", "sis_login_id"]
# Canvas's gradebook import matches students on these columns (its own export's first five)
CANVAS_IDENTITY = ["Student", "ID", "SIS User ID", "SIS Login ID", "Section"]
# Moodle's CSV import maps a column of the file to a user field: "ID number" to useridnumber
MOODLE_IDENTITY = "ID number"


def _num(value: float) -> str:
    return f"{value:.2f}"


def gradebook_csv(report: Report) -> str:
    """student_id, one score column per case, total (their mean), pass (1/0), status, and
    the rubric version the scores were computed with."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    columns = _case_columns(report)
    writer.writerow(["student_id", *columns, "total", "pass", "status", "rubric_version"])
    for graded in report.graded:
        status = "complete" if graded.complete else "incomplete"
        writer.writerow(
            [
                graded.student_id,
                *(_num(r.score.total) for r in graded.results),
                _num(graded.total),
                "1" if graded.passed else "0",
                status,
                RUBRIC_VERSION,
            ]
        )
    return buffer.getvalue()


def _case_columns(report: Report) -> list[str]:
    titles = report.exam.titles()
    return [f"Case {n}: {t}" if t != f"Case {n}" else t for n, t in enumerate(titles, 1)]


def lms_students(report: Report) -> list[tuple[str, Graded | None]]:
    """Who goes into an LMS file, in order, with their grading (None: no score): every
    roster student, or without a roster every student graded or named by a rejected file.
    A student not on the roster is left out: an LMS refuses a file with an unknown user."""
    graded = {g.student_id.casefold(): g for g in report.graded}
    if report.roster is not None:
        return [(s, graded.get(s.casefold())) for s in report.roster]
    named = {r.student.casefold(): r.student for r in report.rejected if r.student}
    for key in graded:
        named.pop(key, None)
    rows: list[tuple[str, Graded | None]] = [(g.student_id, g) for g in report.graded]
    rows += [(student, None) for student in sorted(named.values())]
    return sorted(rows, key=lambda row: row[0].casefold())


def _lms_columns(report: Report, columns: LmsColumns) -> list[str]:
    """Assignment names: the exam's title in each, so that two exams never share a column."""
    title = report.exam.exam.title
    if columns == "total":
        return [title]
    return [f"{title}: {name}" for name in _case_columns(report)]


def _lms_scores(graded: Graded | None, columns: LmsColumns, count: int) -> list[str]:
    """Scores out of 100; empty cells for a student with no score (both LMSs read an empty
    cell as "no grade", never as 0)."""
    if graded is None:
        return [""] * count
    if columns == "total":
        return [_num(graded.total)]
    return [_num(r.score.total) for r in graded.results]


def moodle_csv(report: Report, columns: LmsColumns = "cases") -> str:
    """Moodle: an "ID number" column (map it to the users' ID number) and one grade column
    per case, or one total column."""
    names = _lms_columns(report, columns)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([MOODLE_IDENTITY, *names])
    for student, graded in lms_students(report):
        writer.writerow([student, *_lms_scores(graded, columns, len(names))])
    return buffer.getvalue()


def canvas_csv(
    report: Report, columns: LmsColumns = "cases", identity: CanvasId = "sis_user_id"
) -> str:
    """Canvas: its five identity columns (the student id in SIS User ID, or SIS Login ID),
    a "Points Possible" row as in Canvas's own export, and one column per case, or one
    total column, each an assignment out of 100. No pass or status column: Canvas would make
    each an assignment."""
    names = _lms_columns(report, columns)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([*CANVAS_IDENTITY, *names])
    writer.writerow(["Points Possible", "", "", "", "", *(["100.00"] * len(names))])
    for student, graded in lms_students(report):
        sis_user, sis_login = (student, "") if identity == "sis_user_id" else ("", student)
        scores = _lms_scores(graded, columns, len(names))
        writer.writerow(["", "", sis_user, sis_login, "", *scores])
    return buffer.getvalue()


def status_csv(report: Report) -> str:
    """Every student's outcome beside the LMS files: the total, pass (1/0) and a status:
    complete, incomplete, rejected (with the reason) or no submission (roster only)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["student_id", "total", "pass", "status", "detail", "rubric_version"])
    rejected: dict[str, list[Rejected]] = {}
    for r in sorted(report.rejected, key=_by_file):
        if r.student:
            rejected.setdefault(r.student.casefold(), []).append(r)
    missing = {s.casefold() for s in report.missing}
    graded = {g.student_id.casefold(): g for g in report.graded}
    students = [student for student, _ in lms_students(report)]
    # students outside the roster whose files were rejected: in the report, not in an LMS
    listed = {s.casefold() for s in students}
    students += sorted(rs[0].student or key for key, rs in rejected.items() if key not in listed)
    for student in students:
        key = student.casefold()
        if key in graded:
            g = graded[key]
            status = "complete" if g.complete else "incomplete"
            writer.writerow(
                [student, _num(g.total), "1" if g.passed else "0", status, "", RUBRIC_VERSION]
            )
        elif key in rejected:
            detail = "; ".join(f"{Path(r.file).name}: {r.reason}" for r in rejected[key])
            writer.writerow([student, "", "", "rejected", detail, ""])
        elif key in missing:
            writer.writerow([student, "", "", "no submission", "", ""])
    return buffer.getvalue()


def _mean(values: list[float]) -> float:
    return round(sum(values) / len(values), 4) if values else 0.0


def discrimination(graded: list[Graded], index: int) -> float | None:
    """Upper 27% minus lower 27% of students by total, on the pass rate of case `index`."""
    if len(graded) < 2:
        return None
    ranked = sorted(graded, key=lambda g: (g.total, g.student_id))
    size = max(1, round(GROUP_SHARE * len(ranked)))
    lower, upper = ranked[:size], ranked[-size:]

    def rate(group: list[Graded]) -> float:
        return sum(g.results[index].score.passed for g in group) / len(group)

    return round(rate(upper) - rate(lower), 4)


def result_items(result: Score | CourseScore) -> list[Item]:
    """Every rubric item a result holds: a course's own items and each of its visits'."""
    if isinstance(result, CourseScore):
        return [*result.items, *(item for visit in result.visits for item in visit.items)]
    return list(result.items)


def item_analysis(report: Report) -> dict[str, Any]:
    graded = report.graded
    titles = report.exam.titles()
    rubric: dict[str, dict[str, Any]] = {}
    for g in graded:
        for r in g.results:
            for item in result_items(r.score):
                entry = rubric.setdefault(
                    item.id,
                    {"id": item.id, "title": item.title, "maximum": item.maximum, "points": []},
                )
                entry["points"].append(item.points)
    rubric_items = []
    for entry in rubric.values():
        mean = _mean(entry.pop("points"))
        rubric_items.append(
            {
                **entry,
                "mean": mean,
                "mean_share": round(mean / entry["maximum"], 4) if entry["maximum"] else 0.0,
            }
        )
    cases = []
    for index, title in enumerate(titles):
        scores = [g.results[index].score for g in graded]
        per_item: dict[str, list[float]] = {}
        for s in scores:
            for item in s.items:
                per_item.setdefault(item.id, []).append(item.points)
        visits = _course_visits(graded, index)
        cases.append(
            {
                "index": index + 1,
                "title": title,
                "kind": "blueprint" if report.exam.exam.items[index].blueprint else "case",
                **visits,
                "students": len(scores),
                "mean": _mean([s.total for s in scores]),
                "pass_rate": _mean([float(s.passed) for s in scores]),
                "discrimination": discrimination(graded, index),
                "critical_errors": sum(bool(s.critical_errors) for s in scores),
                "rubric_means": {k: _mean(v) for k, v in per_item.items()},
            }
        )
    return {
        "exam": {"id": report.exam.exam.id, "title": report.exam.exam.title},
        "students": len(graded),
        "rejected": len(report.rejected),
        "no_submission": len(report.missing),
        "incomplete": sum(not g.complete for g in graded),
        "mean_total": _mean([g.total for g in graded]),
        "pass_rate": _mean([float(g.passed) for g in graded]),
        "pass_mark": report.exam.exam.pass_mark,
        "rubric_items": rubric_items,
        "cases": cases,
        "notes": {
            "difficulty": "mean score and pass rate per case (higher = easier)",
            "discrimination": "pass rate on the case in the top 27% of students by total "
            "minus that in the bottom 27%; null with fewer than 2 students",
        },
    }


def _course_visits(graded: list[Graded], index: int) -> dict[str, Any]:
    """A course item's visits and the mean score of each visit (its course items are in
    its rubric means); nothing for a single-session item."""
    planned = next((g.results[index].visits for g in graded if g.results[index].visits), None)
    if planned is None:
        return {}
    by_visit: list[list[float]] = [[] for _ in range(planned)]
    for g in graded:
        course = g.results[index].course
        if course is None:
            continue
        for k, visit in enumerate(course.visits[:planned]):
            by_visit[k].append(visit.total)
    return {"visits": planned, "visit_means": [_mean(v) if v else None for v in by_visit]}


def _kind(case: dict[str, Any]) -> str:
    return f"{case['kind']}, {case['visits']}-visit course" if "visits" in case else case["kind"]


def item_analysis_md(data: dict[str, Any]) -> str:
    lines = [
        f"# Item analysis: {data['exam']['title']} (`{data['exam']['id']}`)",
        "",
        f"{data['students']} student(s) graded, {data['rejected']} submission(s) rejected, "
        f"{data['no_submission']} without a submission, "
        f"{data['incomplete']} incomplete. Mean total {data['mean_total']:.1f}, "
        f"pass rate {data['pass_rate']:.0%} (pass mark {data['pass_mark']:g}).",
        "",
        "## Cases",
        "",
        "| case | kind | mean | pass rate | discrimination | critical errors |",
        "| --- | --- | ---: | ---: | ---: | ---: |",
    ]
    for case in data["cases"]:
        d = case["discrimination"]
        lines.append(
            f"| {case['index']}. {case['title']} | {_kind(case)} | {case['mean']:.1f} | "
            f"{case['pass_rate']:.0%} | {'-' if d is None else f'{d:+.2f}'} | "
            f"{case['critical_errors']} |"
        )
    lines += [
        "",
        "Discrimination: pass rate on the case among the top 27% of students by total minus "
        "among the bottom 27%. Near 0 or negative: the case does not separate stronger from "
        "weaker students; look at it.",
        "",
        *_visit_lines(data["cases"]),
        "## Rubric items (all cases)",
        "",
        "| item | mean | maximum | share |",
        "| --- | ---: | ---: | ---: |",
    ]
    for item in data["rubric_items"]:
        lines.append(
            f"| {item['title']} | {item['mean']:.2f} | {item['maximum']:g} | "
            f"{item['mean_share']:.0%} |"
        )
    return "\n".join(lines) + "\n"


def _visit_lines(cases: list[dict[str, Any]]) -> list[str]:
    """The mean score of each visit of every course item (a course's score is its total)."""
    lines = []
    for case in cases:
        if "visits" not in case:
            continue
        means = ", ".join(
            f"visit {k} {'-' if m is None else f'{m:.1f}'}"
            for k, m in enumerate(case["visit_means"], start=1)
        )
        lines.append(f"- {case['index']}. {case['title']} (course): {means}")
    if lines:
        lines = ["Course items, the mean score of each visit:", "", *lines, ""]
    return lines


def _course_feedback(course: CourseScore) -> list[str]:
    """A course's visits and what the client reported between them."""
    lines = [
        "Visits: "
        + ", ".join(
            f"{k} {v.total:g}/100 {'pass' if v.passed else 'fail'}"
            for k, v in enumerate(course.visits, start=1)
        )
        + ".",
        "",
    ]
    for interval in course.intervals:
        lines.append(f'- After visit {interval["after_visit"]}: "{interval["report"]}"')
    if course.intervals:
        lines.append("")
    return lines


def feedback_md(report: Report, graded: Graded) -> str:
    exam = report.exam.exam
    verdict = "PASS" if graded.passed else "FAIL"
    lines = [
        f"# {exam.title}: feedback for {graded.student_id}",
        "",
        f"Total {graded.total:.1f}/100 (mean of {len(graded.results)} cases), {verdict} "
        f"(pass mark {exam.pass_mark:g}).",
    ]
    if graded.flags:
        lines += ["", *(f"- Note: {flag}" for flag in graded.flags)]
    for r in graded.results:
        s = r.score
        lines += [
            "",
            f"## {r.index + 1}. {r.title}: {s.total:g}/100 {'pass' if s.passed else 'fail'}",
            "",
        ]
        if not r.started:
            lines.append("Not attempted.")
            continue
        hidden = hidden_json(r.case)
        secondary = f", secondary {hidden['secondary']}" if hidden["secondary"] else ""
        lines += [
            f"The client: {r.case.persona.name}. Hidden source {hidden['source']}{secondary}, "
            f"irritability {hidden['irritability']}. {r.actions} action(s)"
            + ("" if r.ended else "; the case was not ended")
            + ".",
            "",
        ]
        if r.course is not None:
            lines += _course_feedback(r.course)
        for error in s.critical_errors:
            lines.append(f"- **Critical error:** {error}")
        if s.critical_errors:
            lines.append("")
        lines += [
            "| item | points | what happened | teaching point |",
            "| --- | ---: | --- | --- |",
        ]
        for item in s.items:
            teaching = item.teaching + (f" ({item.seed_section})" if item.seed_section else "")
            lines.append(
                f"| {item.title} | {item.points:g}/{item.maximum:g} | {_cell(item.detail)} | "
                f"{_cell(teaching)} |"
            )
    return "\n".join(lines) + "\n"


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def _statement(
    graded: Graded,
    verb: str,
    activity: dict[str, Any],
    result: dict[str, Any] | None,
    parent: dict[str, Any] | None,
    homepage: str,
) -> dict[str, Any]:
    key = f"{activity['id']}|{graded.student_id}|{verb}"
    statement: dict[str, Any] = {
        "id": str(uuid.uuid5(uuid.NAMESPACE_URL, key)),
        "version": XAPI_VERSION,
        "actor": {
            "objectType": "Agent",
            "account": {"homePage": homepage, "name": graded.student_id},
        },
        "verb": {"id": VERBS[verb], "display": {"en-US": verb}},
        "object": activity,
    }
    if result is not None:
        statement["result"] = result
    if parent is not None:
        statement["context"] = {
            "contextActivities": {"parent": [{"id": parent["id"], "objectType": "Activity"}]}
        }
    return statement


def _result(total: float, success: bool, completion: bool) -> dict[str, Any]:
    return {
        "score": {"scaled": round(total / 100, 4), "raw": total, "min": 0, "max": 100},
        "success": success,
        "completion": completion,
    }


def xapi_statements(
    report: Report, graded: Graded, homepage: str = DEFAULT_HOMEPAGE
) -> list[dict[str, Any]]:
    """attempted/completed/passed/failed per case and for the exam (ADL verbs)."""
    exam = report.exam.exam
    base = f"{homepage.rstrip('/')}/exams/{exam.id}"
    exam_activity = {
        "objectType": "Activity",
        "id": base,
        "definition": {"name": {"en-US": exam.title}, "type": ACTIVITY_TYPES["exam"]},
    }
    statements = []
    for r in graded.results:
        activity = {
            "objectType": "Activity",
            "id": f"{base}/cases/{r.index + 1}",
            "definition": {"name": {"en-US": r.title}, "type": ACTIVITY_TYPES["case"]},
        }
        if not r.started:
            continue
        statements.append(_statement(graded, "attempted", activity, None, exam_activity, homepage))
        outcome = _result(r.score.total, r.score.passed, r.ended)
        if r.ended:
            statements.append(
                _statement(graded, "completed", activity, outcome, exam_activity, homepage)
            )
        verb = "passed" if r.score.passed else "failed"
        statements.append(_statement(graded, verb, activity, outcome, exam_activity, homepage))
    outcome = _result(graded.total, graded.passed, graded.complete)
    if graded.complete:
        statements.append(_statement(graded, "completed", exam_activity, outcome, None, homepage))
    verb = "passed" if graded.passed else "failed"
    statements.append(_statement(graded, verb, exam_activity, outcome, None, homepage))
    return statements


def rejected_txt(report: Report) -> str:
    return "".join(f"{r.file}: {r.reason}\n" for r in sorted(report.rejected, key=_by_file))


def _by_file(rejected: Any) -> tuple[str, str]:
    return (rejected.file, rejected.reason)


def write_report(
    report: Report,
    out: Path,
    homepage: str = DEFAULT_HOMEPAGE,
    lms_columns: LmsColumns = "cases",
    canvas_id: CanvasId = "sis_user_id",
) -> None:
    """Write every output under `out` (created if need be)."""
    (out / "feedback").mkdir(parents=True, exist_ok=True)
    (out / "xapi").mkdir(parents=True, exist_ok=True)
    write = partial(write_atomic, sync=False)
    write(out / "gradebook.csv", gradebook_csv(report))
    write(out / "moodle.csv", moodle_csv(report, lms_columns))
    write(out / "canvas.csv", canvas_csv(report, lms_columns, canvas_id))
    write(out / "status.csv", status_csv(report))
    analysis = item_analysis(report)
    write(out / "item_analysis.json", json.dumps(analysis, indent=2) + "\n")
    write(out / "item_analysis.md", item_analysis_md(analysis))
    for graded in report.graded:
        write(out / "feedback" / f"{graded.student_id}.md", feedback_md(report, graded))
        statements = xapi_statements(report, graded, homepage)
        write(out / "xapi" / f"{graded.student_id}.json", json.dumps(statements, indent=2) + "\n")
    write(out / "rejected.txt", rejected_txt(report))
