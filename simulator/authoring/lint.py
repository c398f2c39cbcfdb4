"""`massage-sim lint`: beyond the schema, is a case sound and fair to the student?

Each check reads the case the way the simulator will play it and reports a `Finding` at the
line and column of the field it concerns, as `file:line:col: severity: field: message`:

- `expert`: the reference expert agent passes the case (sessions 0-2). It fails every
  session: error; it fails some: warning. A case the expert cannot pass teaches nothing.
- `red_flags`: a red-flag case shows a red flag when its screening questions are asked
  (knowledge/red_flags.py REVEALED_BY; domain.md section 4) (error otherwise); a soft-tissue
  case shows none of saddle numbness, bladder/bowel change, both legs, cancer history or
  systemic illness (error: the correct answer would be a referral the case does not expect).
- `posterior`: the findings point to the hidden source. The naive-Bayes posterior over the
  soft-tissue sources (simulator.knowledge.likelihoods, domain.md section 3b; the red flag
  is out because the screen is negative, as the expert reasons) ranks another source first:
  warning; gives the true source under 5%: error. Red-flag cases are found by screening,
  not inference, so they skip this check.
- `trigger_points`: a trigger_point source needs a trigger point (error), one whose referral
  reaches as far as the complaint (warning); a trigger point elsewhere must not reproduce the
  whole complaint (warning: the case reads as a trigger-point case).
- `hip_rotation`: a hidden.hip_ir under 25 degrees tests positive, so findings.hip_ir_restricted
  must say so (warning otherwise: the likelihoods miss what the test shows, domain.md 3a).
- `teaching`: learning objectives and a teaching note are present (warning), and the note
  names a section heading of the seed text (warning).
- `course`: for a case with a `course:` block (or every case, with `lint --courses`), the
  expert agent passes the course of care (its pinned visits, else 3; sessions 0-2), scored
  by score_course. It fails every course: error; some: warning. A scripted follow-up the
  expert cannot get through teaches nothing either.

A blueprint is linted through five of its draws (seeds 0-4) reported against the blueprint
file: a check that fails in most draws keeps its severity, one that fails in a few draws is a
warning. Exit codes: 0 clean, 1 any error, 3 warnings only.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from simulator.agents.base import drive, drive_course
from simulator.agents.expert import ExpertAgent
from simulator.authoring.folders import yaml_files as yaml_folder_files
from simulator.authoring.loading import load_document, load_yaml
from simulator.authoring.problems import AuthoringError, Problem
from simulator.authoring.yamlio import PathKey, SourceMap, field_path
from simulator.domain.case import Case
from simulator.domain.ids import DRIVER_TISSUES, Reach, RedFlagKind, Source
from simulator.engine.examination import GLUTES, HIP_IR_LIMIT
from simulator.generator.blueprint import Blueprint
from simulator.generator.generate import Generator
from simulator.knowledge.course import VISITS_DEFAULT
from simulator.knowledge.dose import NERVE_SENSITIVE, radiating
from simulator.knowledge.examination import TENDER_ABOVE
from simulator.knowledge.likelihoods import CATEGORICAL_LIKELIHOOD, FINDING_LIKELIHOOD, posterior
from simulator.knowledge.red_flags import QUESTION_REVEALS, RED_FLAG_FINDINGS, REVEALED_BY
from simulator.scoring.rubric import PASS_MARK

Severity = Literal["error", "warning"]
ERROR: Severity = "error"
WARNING: Severity = "warning"

EXIT_CLEAN, EXIT_ERRORS, EXIT_WARNINGS = 0, 1, 3
SESSION_SEEDS: tuple[int, ...] = (0, 1, 2)
BLUEPRINT_SEEDS: tuple[int, ...] = (0, 1, 2, 3, 4)
# Below this posterior the findings contradict the source outright.
CONTRADICTION = 0.05

# The section headings of the seed text (shared/seed/sports-massage-techniques-for-
# sciatica.txt). A teaching note cites the section it paraphrases by its heading.
SEED_HEADINGS: tuple[str, ...] = (
    "What sciatica means in a sports massage setting",
    "Sports massage techniques for sciatica: what often helps",
    "Gluteal compression and broad warming strokes",
    "Targeted work to deep hip rotators",
    "Myofascial work for the posterior chain",
    "Trigger point work with clear communication",
    "Passive movement and sports stretching",
    "When massage can make symptoms worse",
    "Assessment comes before technique",
    "How students should think about treatment planning",
    "Building confidence with sports massage techniques for sciatica",
)

SOFT_SOURCES: tuple[Source, ...] = tuple(s for s in Source if s is not Source.RED_FLAG)


@dataclass(frozen=True)
class Finding:
    """One lint result at `file:line:col` (1-based) about the field at `field`."""

    file: str
    line: int
    col: int
    field: str
    severity: Severity
    message: str
    check: str = ""  # which check made it: expert, red_flags, posterior, ...

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.col}: {self.severity}: {self.field}: {self.message}"


def exit_code(findings: Iterable[Finding]) -> int:
    """0 when clean, 1 when anything is an error, 3 when there are warnings only."""
    severities = {finding.severity for finding in findings}
    if ERROR in severities:
        return EXIT_ERRORS
    return EXIT_WARNINGS if WARNING in severities else EXIT_CLEAN


# Locating findings ------------------------------------------------------------------------


class _Reporter:
    """Makes Findings located through a source map (or at 1:1 without one)."""

    def __init__(self, file: str, source_map: SourceMap | None) -> None:
        self.file = file
        self.source_map = source_map
        self.findings: list[Finding] = []

    def add(self, check: str, severity: Severity, path: PathKey, message: str) -> None:
        line, col = self.source_map.locate(path) if self.source_map else (1, 1)
        self.findings.append(
            Finding(self.file, line, col, field_path(path, "case"), severity, message, check)
        )


# The checks on one case -------------------------------------------------------------------


def check_expert(case: Case, report: _Reporter, seeds: Sequence[int] = SESSION_SEEDS) -> None:
    """The expert agent passes the case in every session seed."""
    results = [drive(ExpertAgent(), case, seed)[1] for seed in seeds]
    failed = [
        (seed, result) for seed, result in zip(seeds, results, strict=True) if not result.passed
    ]
    if not failed:
        return
    worst = min((result for _seed, result in failed), key=lambda result: result.total)
    weak = sorted(worst.items, key=lambda item: item.points - item.maximum)[:2]
    why = ", ".join(f"{item.id} {item.points:g}/{item.maximum:g}" for item in weak)
    if worst.critical_errors:
        why = "; ".join(str(e) for e in worst.critical_errors) + "; " + why
    scores = ", ".join(f"{result.total:g}" for result in results)
    seeds_text = ", ".join(str(seed) for seed, _result in failed)
    if len(failed) == len(results):
        severity, what = ERROR, f"the expert agent fails every session (scores {scores})"
    else:
        severity = WARNING
        what = f"the expert agent fails session seed(s) {seeds_text} (scores {scores})"
    report.add(
        "expert",
        severity,
        ("hidden", "source"),
        f"{what}; pass mark {PASS_MARK}; weakest: {why}; play-test it to see where a sound "
        "session falls short",
    )


def check_course(case: Case, report: _Reporter, seeds: Sequence[int] = SESSION_SEEDS) -> None:
    """The expert agent passes the course of care in every session seed."""
    visits = (case.course.visits if case.course else None) or VISITS_DEFAULT
    results = [drive_course(ExpertAgent(), case, seed, visits)[1] for seed in seeds]
    failed = [seed for seed, result in zip(seeds, results, strict=True) if not result.passed]
    if not failed:
        return
    worst = min(results, key=lambda result: (result.passed, result.total))
    short = [item for item in worst.items if item.points < item.maximum]
    weak = sorted(short, key=lambda item: item.points - item.maximum)[:2]
    why = ", ".join(f"{item.id} {item.points:g}/{item.maximum:g} ({item.detail})" for item in weak)
    why = why or "a visit below the pass mark"
    if worst.critical_errors:
        why = "; ".join(e.message for e in worst.critical_errors) + "; " + why
    visit_scores = "/".join(f"{v.total:g}" for v in worst.visits)
    scores = ", ".join(f"{result.total:g}" for result in results)
    if len(failed) == len(results):
        severity, what = ERROR, f"the expert agent fails every {visits}-visit course"
    else:
        severity = WARNING
        seeds_text = ", ".join(str(seed) for seed in failed)
        what = f"the expert agent fails the {visits}-visit course in seed(s) {seeds_text}"
    report.add(
        "course",
        severity,
        ("course",) if case.course is not None else ("hidden", "source"),
        f"{what} (course scores {scores}; visits {visit_scores}); weakest: {why}; play the "
        "course (`massage-sim play --course`) to see where it leaves no sound plan",
    )


def revealing_findings(kind: RedFlagKind) -> tuple[str, ...]:
    """The red-flag findings that the screening questions for `kind` bring out."""
    found: list[str] = []
    for question in sorted(REVEALED_BY[kind]):
        for name in QUESTION_REVEALS.get(question, ()):
            if name not in found:
                found.append(name)
    return tuple(found)


def check_red_flags(case: Case, report: _Reporter) -> None:
    findings = case.findings
    kind = case.hidden.red_flag_kind
    if case.hidden.source is Source.RED_FLAG and kind is not None:
        names = revealing_findings(kind)
        if not any(getattr(findings, name) for name in names):
            questions = ", ".join(sorted(REVEALED_BY[kind]))
            report.add(
                "red_flags",
                ERROR,
                ("findings",),
                f"a red_flag case ({kind.value}) shows nothing when screened: asking "
                f"{questions} reveals a flag only if one of findings."
                + ", findings.".join(names)
                + " is true",
            )
        return
    for name in RED_FLAG_FINDINGS:
        if getattr(findings, name):
            report.add(
                "red_flags",
                ERROR,
                ("findings", name),
                f"a red-flag finding in a {case.hidden.source.value} case: the right answer "
                "would be an emergency referral, not this source (set it false, or make the "
                "source red_flag)",
            )


def evidence(case: Case) -> dict[str, bool | str]:
    """The case's findings as the likelihood tables name them (below_knee from the reach;
    the categorical history findings by value)."""
    values = case.findings.model_dump()
    out: dict[str, bool | str] = {
        name: bool(values[name]) for name in FINDING_LIKELIHOOD if name in values
    }
    out |= {name: str(values[name]) for name in CATEGORICAL_LIKELIHOOD}
    out["below_knee"] = case.hidden.reach.level >= Reach.BELOW_KNEE.level
    return out


def soft_posterior(case: Case) -> dict[Source, float]:
    """P(source | findings) over the soft-tissue sources: the red-flag screen is negative."""
    raw = posterior(evidence(case), case.hidden.source is Source.TRIGGER_POINT)
    total = sum(raw[source] for source in SOFT_SOURCES)
    return {source: raw[source] / total for source in SOFT_SOURCES}


def check_posterior(case: Case, report: _Reporter) -> None:
    source = case.hidden.source
    if source is Source.RED_FLAG:
        return  # a red flag is found by screening, never inferred from soft findings
    belief = soft_posterior(case)
    leading = max(belief, key=belief.__getitem__)
    if leading is source:
        return
    mine = belief[source]
    ranked = ", ".join(
        f"{s.value} {belief[s]:.2f}" for s in sorted(belief, key=belief.__getitem__, reverse=True)
    )
    if mine < CONTRADICTION:
        severity, what = ERROR, "the findings contradict the source"
    else:
        severity, what = (
            WARNING,
            f"the findings point to {leading.value} more than to {source.value}",
        )
    report.add(
        "posterior",
        severity,
        ("findings",),
        f"{what} (posterior {ranked}); change findings that belong to another source "
        "(domain.md section 3b)",
    )


def check_trigger_points(case: Case, report: _Reporter) -> None:
    hidden = case.hidden
    points = hidden.trigger_points
    whole = [tp for tp in points if tp.refers_to.level >= hidden.reach.level]
    if hidden.source is Source.TRIGGER_POINT:
        if not points:
            report.add(
                "trigger_points",
                ERROR,
                ("hidden", "trigger_points"),
                "a trigger_point source needs at least one trigger point (region and how far "
                "it refers): palpation has nothing to find",
            )
        elif not whole:
            report.add(
                "trigger_points",
                WARNING,
                ("hidden", "trigger_points"),
                f"no trigger point refers as far as the complaint ({hidden.reach.value}): "
                "pressing it never reproduces the familiar pain",
            )
        return
    # the likelihoods read findings.gluteal_trp; palpation answers from the trigger points
    gluteal = any(tp.region in GLUTES for tp in points)
    if case.findings.gluteal_trp != gluteal:
        report.add(
            "trigger_points",
            WARNING,
            ("findings", "gluteal_trp"),
            f"gluteal_trp is {str(case.findings.gluteal_trp).lower()} but hidden.trigger_points "
            f"has {'a' if gluteal else 'no'} gluteal trigger point: palpation finds what the "
            "trigger points say, so the findings and the session disagree (keep them in step)",
        )
    if hidden.secondary is Source.TRIGGER_POINT and not points:
        report.add(
            "trigger_points",
            WARNING,
            ("hidden", "secondary"),
            "secondary is trigger_point but hidden.trigger_points is empty: there is nothing "
            "to find or treat",
        )
    for index, tp in enumerate(points):
        if tp in whole:
            report.add(
                "trigger_points",
                WARNING,
                ("hidden", "trigger_points", index, "refers_to"),
                f"this trigger point reproduces the whole complaint (refers to "
                f"{tp.refers_to.value}, the complaint reaches {hidden.reach.value}): the case "
                f"reads as a trigger_point source, not {hidden.source.value}",
            )


def check_driver(case: Case, report: _Reporter) -> None:
    """The driver must be the tissue palpation finds: tender, and the only tender one of its
    kind (a chain client's link, a hip-flexor client's overworked tissue; the seed: look at
    the connections, not the spot that hurts)."""
    driver = case.hidden.driver
    if driver is None:
        return
    links = DRIVER_TISSUES.get(case.hidden.source, ())
    tender = [link for link in links if case.tissue(link).tenderness > TENDER_ABOVE]
    if driver not in tender:
        report.add(
            "driver",
            WARNING,
            ("hidden", "regions"),
            f"the driver {driver.value} does not palpate tender (tenderness "
            f"{case.tissue(driver).tenderness} is not over {TENDER_ABOVE}): the examination "
            "cannot find it",
        )
    others = [link.value for link in tender if link is not driver]
    if others:
        report.add(
            "driver",
            WARNING,
            ("hidden", "regions"),
            f"{', '.join(others)} palpate tender too: the examination cannot tell which "
            f"one is this client's driver ({driver.value})",
        )


def check_nerve(case: Case, report: _Reporter) -> None:
    """A deep-gluteal client's nerve is sensitised when, and only when, the pain radiates
    below the knee: that is what the examination can see (domain.md 7: "R if no radiating,
    else lighten")."""
    h = case.hidden
    if h.source is not Source.DEEP_GLUTEAL:
        return
    sensitive, radiates = h.nerve_sensitivity > NERVE_SENSITIVE, radiating(h.reach)
    if sensitive != radiates:
        where = "reaches below the knee" if radiates else "stops above the knee"
        report.add(
            "nerve",
            WARNING,
            ("hidden", "nerve_sensitivity"),
            f"nerve_sensitivity {h.nerve_sensitivity} is {'over' if sensitive else 'not over'} "
            f"{NERVE_SENSITIVE} but the pain {where} (reach {h.reach.value}): the "
            "examination cannot tell how much lighter deep-rotator work must be",
        )


def check_hip_rotation(case: Case, report: _Reporter) -> None:
    # the test is positive below the limit whatever the finding; the likelihoods read the
    # finding, so the two must agree (a painful IR above the limit is the finding alone)
    if case.hidden.hip_ir < HIP_IR_LIMIT and not case.findings.hip_ir_restricted:
        report.add(
            "hip_rotation",
            WARNING,
            ("findings", "hip_ir_restricted"),
            f"hidden.hip_ir is {case.hidden.hip_ir} degrees, under {HIP_IR_LIMIT}: the "
            "hip_internal_rotation test is positive, but hip_ir_restricted is false, so the "
            "likelihoods miss it (set it true, or the angle to 25 or more)",
        )


def check_teaching(
    objectives: Sequence[str], note: str, report: _Reporter, kind: str = "case"
) -> None:
    if not any(objective.strip() for objective in objectives):
        report.add(
            "teaching",
            WARNING,
            ("learning_objectives",),
            f"no learning objectives: say what a student should learn from this {kind}",
        )
    if not note.strip():
        report.add(
            "teaching",
            WARNING,
            ("teaching_note",),
            "no teaching note: explain the point of the case and cite the seed section it teaches",
        )
    elif cited_headings(note) == ():
        report.add(
            "teaching",
            WARNING,
            ("teaching_note",),
            "the teaching note cites no seed section; name one heading, e.g. "
            f'"{SEED_HEADINGS[0]}" (see docs/authoring.md for the list)',
        )


def cited_headings(note: str) -> tuple[str, ...]:
    """The seed headings that `note` names (case-insensitive, spacing ignored)."""
    flat = " ".join(note.split()).casefold()
    return tuple(heading for heading in SEED_HEADINGS if heading.casefold() in flat)


CaseCheck = Callable[[Case, _Reporter], None]
SOUNDNESS: tuple[CaseCheck, ...] = (
    check_red_flags,
    check_trigger_points,
    check_hip_rotation,
    check_driver,
    check_nerve,
    check_posterior,
    check_expert,
)


def lint_case(
    case: Case, file: str = "<case>", source_map: SourceMap | None = None, courses: bool = False
) -> list[Finding]:
    """Every finding about one case; the course check when it has a `course:` block or
    `courses` asks for it."""
    report = _Reporter(file, source_map)
    for check in SOUNDNESS:
        check(case, report)
    if courses or case.course is not None:
        check_course(case, report)
    check_teaching(case.learning_objectives, case.teaching_note, report)
    return report.findings


# Blueprints ------------------------------------------------------------------------------

# A case field -> where a blueprint sets it.
_BLUEPRINT_PATHS: dict[PathKey, PathKey] = {
    ("hidden", "source"): ("source",),
    ("hidden", "secondary"): ("secondary",),
    ("hidden", "trigger_points"): ("source",),
    ("hidden", "irritability"): ("irritability",),
    ("hidden", "red_flag_kind"): ("red_flag_kind",),
    ("course",): ("course",),
}


def lint_blueprint(
    blueprint: Blueprint,
    file: str = "<blueprint>",
    source_map: SourceMap | None = None,
    seeds: Sequence[int] = BLUEPRINT_SEEDS,
    generator: Generator | None = None,
    courses: bool = False,
) -> list[Finding]:
    """The blueprint's teaching fields, then the soundness checks on its draws: a check that
    fails in most draws keeps its severity, one that fails in a few draws is a warning. The
    course check (a `course:` block, or `courses`) plays one course per draw."""
    report = _Reporter(file, source_map)
    check_teaching(blueprint.learning_objectives, blueprint.teaching_note, report, "blueprint")
    generator = generator or Generator()
    by_key: dict[tuple[str, str, Severity], list[tuple[int, Case, Finding]]] = {}
    for seed in seeds:
        case = generator.generate(blueprint, seed)
        draw = _Reporter(file, None)
        for run_check in SOUNDNESS:
            run_check(case, draw)
        if courses or blueprint.course is not None:
            check_course(case, draw, (seed,))
        for finding in draw.findings:
            by_key.setdefault((finding.check, finding.field, finding.severity), []).append(
                (seed, case, finding)
            )
    for (check, field, severity), hits in by_key.items():
        most = 2 * len(hits) > len(seeds)
        seed, case, first = hits[0]
        where = ", ".join(str(s) for s, _c, _f in hits)
        kind = f"a {case.hidden.source.value} case"
        message = (
            f"in 1 of {len(seeds)} draws (seed {seed}, {kind}): {first.message}"
            if len(hits) == 1
            else f"in {len(hits)} of {len(seeds)} draws (seeds {where}; seed {seed} is "
            f"{kind}): {first.message}"
        )
        path = _blueprint_path(field)
        line, col = source_map.locate(path) if source_map else (1, 1)
        report.findings.append(
            Finding(
                file,
                line,
                col,
                field_path(path, "blueprint"),
                severity if most else WARNING,
                message,
                check,
            )
        )
    return _ordered(report.findings)


def _blueprint_path(case_field: str) -> PathKey:
    parts: list[Hashable] = []
    for piece in case_field.replace("[", ".[").split("."):
        if piece.startswith("[") and piece.endswith("]"):
            parts.append(int(piece[1:-1]))
        elif piece:
            parts.append(piece)
    path = tuple(parts)
    for end in range(len(path), 0, -1):
        if path[:end] in _BLUEPRINT_PATHS:
            return _BLUEPRINT_PATHS[path[:end]]
    return path


# Files -----------------------------------------------------------------------------------


def yaml_files(paths: Iterable[Path]) -> tuple[list[Path], list[Finding]]:
    """The files to lint (a folder means its *.yaml and *.yml, recursively)."""
    files: list[Path] = []
    problems: list[Finding] = []
    for path in paths:
        if path.is_dir():
            found = yaml_folder_files(path)
            if not found:
                problems.append(
                    Finding(str(path), 1, 1, "file", ERROR, "no .yaml or .yml files here", "file")
                )
            files.extend(found)
        else:
            files.append(path)
    return files, problems


def lint_file(
    path: Path, generator: Generator | None = None, courses: bool = False
) -> list[Finding]:
    """Every finding about one case or blueprint file; a file that does not validate gives
    its validation problems as errors."""
    try:
        document = load_document(path)
        _data, source_map = load_yaml(path)
    except AuthoringError as error:
        return [_from_problem(problem) for problem in error.problems]
    if isinstance(document, Case):
        return _ordered(lint_case(document, str(path), source_map, courses))
    return lint_blueprint(document, str(path), source_map, generator=generator, courses=courses)


def lint_paths(paths: Iterable[Path], courses: bool = False) -> list[Finding]:
    """Every finding in the given files and folders, file by file, in line order; with
    `courses`, every case is also played as a course of care by the expert."""
    files, findings = yaml_files(paths)
    generator = Generator()
    for file in files:
        findings.extend(lint_file(file, generator, courses))
    return findings


def _from_problem(problem: Problem) -> Finding:
    return Finding(
        problem.file, problem.line, problem.column, problem.field, ERROR, problem.message, "schema"
    )


def _ordered(findings: list[Finding]) -> list[Finding]:
    rank = {ERROR: 0, WARNING: 1}
    return sorted(findings, key=lambda f: (f.file, f.line, f.col, rank[f.severity], f.field))


def summary(findings: Sequence[Finding], files: int) -> str:
    """The one-line summary `lint` prints on stderr."""
    errors = sum(1 for f in findings if f.severity == ERROR)
    warnings = len(findings) - errors
    if not findings:
        return f"ok: {files} file(s), no problems"
    return f"{errors} error(s), {warnings} warning(s) in {files} file(s)"
