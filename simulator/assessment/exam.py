"""The exam file: its model, loading with `file:line:col: field: message` problems, and the
concrete case each student gets for each item (the per-student variants)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from simulator.authoring.explain import explain, unique_sorted
from simulator.authoring.problems import AuthoringError, Problem
from simulator.authoring.yamlio import SourceMap, parse_text, read_text
from simulator.domain.case import Case
from simulator.generator.blueprint import Blueprint
from simulator.generator.generate import Generator
from simulator.knowledge.course import VISITS_MAX, VISITS_MIN

ID_PATTERN = r"^[a-z0-9][a-z0-9_\-]*$"
SECRET_MIN = 12


class ExamItem(BaseModel):
    """One case of the exam: an authored case (the same for everyone) or a blueprint (a
    different concrete case for each student)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    case: str | None = Field(None, description="An authored case file, relative to the exam.")
    blueprint: str | None = Field(None, description="A blueprint file, relative to the exam.")
    title: str = Field("", description="What students see; default 'Case N'.")
    visits: int | None = Field(
        None,
        ge=VISITS_MIN,
        le=VISITS_MAX,
        description="Take the item as a course of care of this many visits (2-4); default: "
        "a single session, or the visits the case's `course:` block pins.",
    )

    @model_validator(mode="after")
    def _one_source(self) -> ExamItem:
        if (self.case is None) == (self.blueprint is None):
            raise ValueError("case: give exactly one of 'case' or 'blueprint'")
        for name in ("case", "blueprint"):
            value = getattr(self, name)
            if value is not None and not value.strip():
                raise ValueError(f"{name}: must not be empty")
        return self


class Exam(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=ID_PATTERN, description="Stable lower-case id.")
    title: str = Field(min_length=1)
    secret: str = Field(
        min_length=SECRET_MIN,
        description="Kept by the instructor only: the per-student variants derive from it.",
    )
    items: list[ExamItem] = Field(description="The cases, in the order students take them.")
    minutes: int = Field(60, ge=10, le=180, description="The session clock of every case.")
    pass_mark: float = Field(70, ge=0, le=100)
    debrief: Literal["after_each", "after_grading"] = "after_grading"

    @model_validator(mode="after")
    def _has_items(self) -> Exam:
        if not self.items:
            raise ValueError("items: an exam needs at least one case or blueprint")
        return self


@dataclass(frozen=True)
class Variant:
    """What one student gets for one item: the concrete case and the session seed."""

    index: int
    title: str
    case: Case
    session_seed: int
    visits: int | None = None  # a course of this many visits; None: a single session


@dataclass
class LoadedExam:
    """An exam with every item's case or blueprint loaded."""

    exam: Exam
    path: Path
    sources: tuple[Case | Blueprint, ...]

    def __post_init__(self) -> None:
        self._generator: Generator | None = None
        self._authored: dict[int, Case] = {}  # the same object for everyone

    @property
    def id(self) -> str:
        return self.exam.id

    def titles(self) -> list[str]:
        return [item.title or f"Case {n}" for n, item in enumerate(self.exam.items, start=1)]

    def variants(self, student_id: str) -> list[Variant]:
        """The concrete cases of `student_id`: the same student always gets the same ones."""
        out = []
        titles = self.titles()
        for index, source in enumerate(self.sources):
            if isinstance(source, Blueprint):
                if self._generator is None:
                    self._generator = Generator()
                case = self._generator.generate(source, self.derive(student_id, index, "case"))
                case = case.model_copy(update={"budget_minutes": self.exam.minutes})
            else:
                if index not in self._authored:
                    update = {"budget_minutes": self.exam.minutes}
                    self._authored[index] = source.model_copy(update=update)
                case = self._authored[index]
            seed = self.derive(student_id, index, "session")
            out.append(Variant(index, titles[index], case, seed, self.visits(index, case)))
        return out

    def visits(self, index: int, case: Case) -> int | None:
        """The visits of item `index` when it is a course: the item's own count, else the
        count its case's `course:` block pins; None for a single session."""
        item = self.exam.items[index]
        if item.visits is not None:
            return item.visits
        return case.course.visits if case.course is not None else None

    def derive(self, student_id: str, index: int, purpose: str) -> int:
        return derive_seed(self.exam.secret, self.exam.id, student_id, index, purpose)


def derive_seed(secret: str, exam_id: str, student_id: str, index: int, purpose: str) -> int:
    """A 48-bit seed from BLAKE2b over the secret, exam, student, item and purpose."""
    material = "\0".join([exam_id, student_id, str(index), purpose]).encode()
    key = hashlib.blake2b(secret.encode()).digest()
    digest = hashlib.blake2b(material, key=key, digest_size=6, person=b"massage-sim-exam").digest()
    return int.from_bytes(digest, "big")


def load_exam(path: Path) -> LoadedExam:
    """The exam in `path` with its cases and blueprints; AuthoringError lists every problem."""
    file = str(path)
    data, source_map = parse_text(read_text(path), file)
    problems: list[Problem] = []
    try:
        exam = Exam.model_validate(data)
    except ValidationError as exc:
        problems = explain(Exam, exc.errors(include_url=False), data, source_map, "exam")
        if not problems:
            problems = [source_map.problem((), "exam", "not a valid exam")]
        raise AuthoringError(unique_sorted(problems)) from None
    sources: list[Case | Blueprint] = []
    for index, item in enumerate(exam.items):
        try:
            sources.append(_load_item(path, source_map, index, item))
        except AuthoringError as exc:
            problems.extend(exc.problems)
    if problems:
        raise AuthoringError(problems)
    return LoadedExam(exam, path, tuple(sources))


def _load_item(path: Path, source_map: SourceMap, index: int, item: ExamItem) -> Case | Blueprint:
    from simulator.authoring.loading import load_blueprint, load_case

    kind = "case" if item.case is not None else "blueprint"
    relative = item.case if item.case is not None else item.blueprint
    assert relative is not None
    target = path.parent / relative
    where = ("items", index, kind)
    field = f"items[{index}].{kind}"
    if not target.exists():
        raise AuthoringError([source_map.problem(where, field, f"no such file: {target}")])
    if not target.is_file():
        raise AuthoringError([source_map.problem(where, field, f"not a file: {target}")])
    if kind == "case":
        return load_case(target)
    return load_blueprint(target)
