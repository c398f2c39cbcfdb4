"""Where practice clients come from: the case mix, a source, a difficulty, a file, the library.

No Textual here: the home screen asks for a `CaseRequest`, and the app resolves it in a
worker thread (the generator's first import takes a moment).
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from simulator.authoring.folders import YAML_SUFFIXES

if TYPE_CHECKING:  # the models import pydantic: kept off the start-up path
    from simulator.domain.case import Case
    from simulator.domain.ids import Source
    from simulator.generator.blueprint import Blueprint

CASES_ENV = "MASSAGE_SIM_CASES"
EXAM_ITEMS = re.compile(r"^items\s*:", re.MULTILINE)  # an exam's top-level list of cases
RequestKind = Literal["random", "source", "difficulty", "file"]


@dataclass(frozen=True)
class CaseRequest:
    kind: RequestKind
    value: str = ""  # a source or irritability id, or a file path


@dataclass(frozen=True)
class LibraryEntry:
    path: Path
    name: str  # shown: relative to the library folder, never the machine's full path
    kind: str  # "case" or "blueprint"
    title: str  # names the case, and often its hidden source: shown after play only
    problem: str = ""  # why the file cannot be used, when it cannot
    client: str = ""  # a case's client as the briefing shows them: safe to show before play


class CaseLoadError(Exception):
    """The requested case cannot be made; `problems` are one line each."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("\n".join(problems))


def find_cases_dir() -> Path | None:
    """$MASSAGE_SIM_CASES, else ./cases, else the cases/ folder beside the package."""
    import os

    override = os.environ.get(CASES_ENV)
    candidates = [Path(override)] if override else []
    candidates += [Path.cwd() / "cases", Path(__file__).resolve().parents[2] / "cases"]
    for candidate in candidates:
        if candidate.is_dir():
            return candidate
    return None


def library_files(root: Path | None) -> list[Path]:
    """cases/library/*.yaml then cases/blueprints/*.yaml, those that exist."""
    if root is None:
        return []
    files: list[Path] = []
    for folder in ("library", "blueprints"):
        where = root / folder
        if where.is_dir():
            files += sorted(p for p in where.iterdir() if p.suffix in YAML_SUFFIXES)
    return files


def folder_files(folder: Path) -> list[Path]:
    """The YAML files under an instructor's folder (`serve --cases DIR`), by real path.

    Hidden names and symlinks that lead out of the folder are skipped, and so is exam
    material: exam files and the authored cases they list."""
    root = folder.resolve()
    files: list[Path] = []
    for path in sorted(root.rglob("*")):
        inside = path.relative_to(root).parts
        if path.suffix not in YAML_SUFFIXES or any(part.startswith(".") for part in inside):
            continue
        real = path.resolve()
        if real.is_relative_to(root) and real.is_file() and real not in files:
            files.append(real)
    material: set[Path] = set()
    for path in files:
        material |= exam_material(path)
    return [path for path in files if path not in material]


def exam_material(path: Path) -> set[Path]:
    """`path` and the authored cases it lists, when it is an exam file; else nothing.

    An exam's blueprints are not material: a practice draw from one is a different client
    from every student's variant, which the exam's secret decides."""
    from ruamel.yaml import YAML
    from ruamel.yaml.error import YAMLError

    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return set()
    if not EXAM_ITEMS.search(text):  # most files: no YAML parse (a folder may hold 5,000)
        return set()
    try:
        document: Any = YAML(typ="safe").load(text)
    except YAMLError:
        return set()
    if not isinstance(document, dict) or "items" not in document:
        return set()
    material = {path}
    items = document.get("items")
    for item in items if isinstance(items, list) else []:
        if isinstance(item, dict) and isinstance(item.get("case"), str):
            material.add((path.parent / item["case"]).resolve())
    return material


def shelf_files(root: Path | None, folders: Sequence[Path] = ()) -> list[tuple[Path, str]]:
    """Every file the library offers, with the name it is shown by: the library's files
    (relative to it), then each folder's (under the folder's own name)."""
    shelf = [(path, path.relative_to(root).as_posix()) for path in library_files(root) if root]
    for folder in folders:
        real = folder.resolve()
        shelf += [(p, f"{real.name}/{p.relative_to(real).as_posix()}") for p in folder_files(real)]
    return shelf


def allowed_files(root: Path | None, folders: Sequence[Path] = ()) -> frozenset[Path]:
    """The real paths of every file a served app may open."""
    return frozenset(path.resolve() for path, _ in shelf_files(root, folders))


def library_entries(
    root: Path | None, folders: Sequence[Path] = (), *, usable_only: bool = False
) -> list[LibraryEntry]:
    """Every library file with its kind and title; a broken file says why (or, with
    `usable_only`, is left out: a served student has no use for the server's errors)."""
    from simulator.authoring.loading import load_document
    from simulator.authoring.problems import AuthoringError
    from simulator.domain.case import Case

    entries: list[LibraryEntry] = []
    for path, name in shelf_files(root, folders):
        try:
            document = load_document(path)
        except AuthoringError as error:
            first = str(error.problems[0]) if error.problems else "cannot be read"
            problem = first.split(": ", 1)[-1] if ": " in first else first
            if not usable_only:
                entries.append(LibraryEntry(path, name, "?", "", problem))
            continue
        if isinstance(document, Case):
            p = document.persona
            client = f"{p.name}, {p.age}, {p.occupation}"
            entries.append(
                LibraryEntry(path, name, "case", document.title or document.id, "", client)
            )
        else:
            entries.append(LibraryEntry(path, name, "blueprint", document.title or document.id))
    return entries


def blueprint_for_source(source: Source, root: Path | None) -> Blueprint:
    """The library's blueprint for a source when there is one, else the mix pinned to it."""
    from simulator.authoring.loading import load_blueprint
    from simulator.authoring.problems import AuthoringError
    from simulator.generator.generate import default_blueprint

    if root is not None:
        path = root / "blueprints" / f"{source.value}.yaml"
        if path.is_file():
            try:
                blueprint = load_blueprint(path)
            except AuthoringError:
                pass
            else:
                if blueprint.source in (source, [source]):
                    return blueprint
    return default_blueprint(source)


def resolve(
    request: CaseRequest,
    seed: int,
    root: Path | None,
    allowed: Collection[Path] | None = None,
) -> tuple[Case, str]:
    """The case a request asks for, drawn with `seed` where it is drawn; and its origin.

    With `allowed` (a served app), a file must be one of those real paths."""
    from simulator.domain.ids import Irritability, Source
    from simulator.generator.generate import Generator, default_blueprint

    if request.kind == "random":
        return Generator().generate(default_blueprint(), seed), "random client from the mix"
    if request.kind == "source":
        source = Source(request.value)
        blueprint = blueprint_for_source(source, root)
        return Generator().generate(blueprint, seed), f"practice source: {source.value}"
    if request.kind == "difficulty":
        irritability = Irritability(request.value)
        blueprint = default_blueprint().model_copy(
            update={"id": f"mix-{irritability.value}", "irritability": irritability}
        )
        return (
            Generator().generate(blueprint, seed),
            f"difficulty: {irritability.value} irritability",
        )
    path = Path(request.value).expanduser()
    if allowed is not None and path.resolve() not in allowed:
        raise CaseLoadError(["that file is not in the case library"])
    return load_file(path, seed, root)


def load_file(path: Path, seed: int, root: Path | None = None) -> tuple[Case, str]:
    """A case file as it is, or a blueprint file drawn with `seed`."""
    from simulator.authoring.loading import load_document
    from simulator.authoring.problems import AuthoringError
    from simulator.domain.case import Case
    from simulator.generator.generate import Generator

    try:
        document = load_document(path)
    except AuthoringError as error:
        raise CaseLoadError([str(p) for p in error.problems] or [f"{path}: cannot load"]) from None
    name = path.name
    if root is not None:
        with contextlib.suppress(ValueError):
            name = path.resolve().relative_to(root.resolve()).as_posix()
    if isinstance(document, Case):
        return document, f"case file {name}"
    return Generator().generate(document, seed), f"blueprint {name}"
