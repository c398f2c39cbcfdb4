"""The roster: a CSV file with a header and a `student_id` column (other columns ignored)."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

from simulator.authoring.problems import AuthoringError, Problem
from simulator.authoring.yamlio import read_text

# A student id names files (`<id>.pack`, `<id>.journal`): no path separators, no dot first.
STUDENT_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._@+\-]{0,63}$")
COLUMN = "student_id"


def student_id_problem(value: str) -> str | None:
    """Why `value` is not a usable student id, or None."""
    if not value:
        return "empty student id"
    if not STUDENT_ID.match(value):
        return (
            f"{value!r} is not a valid student id: use up to 64 letters, digits and . _ @ + -, "
            "starting with a letter or digit"
        )
    return None


def read_roster(path: Path) -> list[str]:
    """The student ids in roster order; AuthoringError with one problem per bad row."""
    file = str(path)
    text = read_text(path)  # a missing, unreadable or non-UTF-8 file: one located problem
    lines = text.splitlines()
    if not lines or not lines[0].strip():
        message = f"empty roster: expected a header line with a '{COLUMN}' column"
        raise AuthoringError([Problem(file, 1, 1, "header", message)])
    delimiter = ";" if lines[0].count(";") > lines[0].count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    problems: list[Problem] = []
    ids: list[str] = []
    seen: dict[str, int] = {}
    try:
        header = [cell.strip() for cell in next(reader)]
        if COLUMN not in header:
            found = ", ".join(repr(h) for h in header)
            message = f"no '{COLUMN}' column in the header (found {found})"
            raise AuthoringError([Problem(file, 1, 1, "header", message)])
        column = header.index(COLUMN)
        for row in reader:
            line = reader.line_num
            if not any(cell.strip() for cell in row):
                continue
            if len(row) <= column:
                problems.append(Problem(file, line, 1, COLUMN, "missing student id"))
                continue
            value = row[column].strip()
            problem = student_id_problem(value)
            if problem is not None:
                problems.append(Problem(file, line, 1, COLUMN, problem))
                continue
            folded = value.casefold()  # file names collide on case-insensitive disks
            if folded in seen:
                message = f"duplicate student id {value!r} (first on line {seen[folded]})"
                problems.append(Problem(file, line, 1, COLUMN, message))
                continue
            seen[folded] = line
            ids.append(value)
    except csv.Error as error:
        problems.append(Problem(file, reader.line_num or 1, 1, "csv", str(error)))
    if problems:
        raise AuthoringError(problems)
    if not ids:
        raise AuthoringError([Problem(file, 1, 1, COLUMN, "no students in the roster")])
    return ids
