"""Access codes for proctored exams: one per student, derived from the exam's secret.

`exam build` writes them to `access.csv` beside the packs; the instructor hands each student
their code and keeps the file. `serve --exam` asks for the student id and the code before
it opens a pack, so a student cannot sit as someone else.
"""

from __future__ import annotations

import base64
import contextlib
import csv
import hashlib
import hmac
import io
import os
import time
from collections.abc import Callable
from pathlib import Path

from simulator.assessment.exam import LoadedExam
from simulator.assessment.roster import student_id_problem
from simulator.errors import unreadable

ACCESS_FILE = "access.csv"
COLUMNS = ("student_id", "access_code")
CODE_CHARS = 10  # base32: 50 bits, far beyond guessing through a login screen


class AccessError(ValueError):
    """An access file that cannot be used: one line naming the file, line and field."""


def access_code(loaded: LoadedExam, student_id: str) -> str:
    """The student's code, as XXXXX-XXXXX in base32 (no 0/1/8/9 to misread)."""
    material = "\0".join(["access", loaded.exam.id, student_id]).encode()
    key = hashlib.blake2b(loaded.exam.secret.encode()).digest()
    digest = hashlib.blake2b(material, key=key, digest_size=10).digest()
    code = base64.b32encode(digest).decode("ascii")[:CODE_CHARS]
    return f"{code[:5]}-{code[5:]}"


def normalise(code: str) -> str:
    """What a student types, compared without case, spaces or dashes."""
    return "".join(ch for ch in code.upper() if ch.isalnum())


def codes_match(expected: str, typed: str) -> bool:
    return hmac.compare_digest(normalise(expected).encode(), normalise(typed).encode())


def access_text(codes: dict[str, str]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    writer.writerows(codes.items())
    return out.getvalue()


def read_access(path: Path) -> dict[str, str]:
    """Student id -> code. AccessError (file:line: field: message) when unusable."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise AccessError(
            f"{path}: no access file; `massage-sim exam build` writes it beside the packs"
        ) from None
    except UnicodeDecodeError:
        raise AccessError(f"{path}: not UTF-8 text") from None
    except OSError as error:
        raise AccessError(f"{path}: {unreadable(error)}") from None
    rows = csv.reader(io.StringIO(text))
    header = next(rows, None)
    if header is None or tuple(h.strip() for h in header) != COLUMNS:
        raise AccessError(f"{path}:1: header: expected `{','.join(COLUMNS)}`")
    codes: dict[str, str] = {}
    for number, row in enumerate(rows, start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(COLUMNS):
            raise AccessError(f"{path}:{number}: expected 2 fields, found {len(row)}")
        student, code = (cell.strip() for cell in row)
        problem = student_id_problem(student)
        if problem:
            raise AccessError(f"{path}:{number}: student_id: {problem}")
        if not normalise(code):
            raise AccessError(f"{path}:{number}: access_code: empty")
        if student in codes:
            raise AccessError(f"{path}:{number}: student_id: {student!r} appears twice")
        codes[student] = code
    if not codes:
        raise AccessError(f"{path}: no students")
    return codes


# Failed sign-ins, counted across browser tabs ---------------------------------------------

SIGN_IN_FOLDER = ".sign-ins"
STUDENT_FAILURES = 5  # wrong codes for one student id, from anywhere
ADDRESS_FAILURES = 20  # from one address: higher, as a room behind one router shares it
LOCKOUT_SECONDS = 15 * 60


class SignInLog:
    """Failed sign-ins per student id and per address, shared by every browser tab (each tab
    is its own process): one file of failure times per id or address, in PACKS/.sign-ins/.
    A proctor lifts a lockout early by deleting that folder."""

    def __init__(self, packs: Path, clock: Callable[[], float] = time.time) -> None:
        self.folder = packs / SIGN_IN_FOLDER
        self.clock = clock

    def _file(self, kind: str, key: str) -> Path:
        digest = hashlib.sha256(f"{kind}\0{key.casefold()}".encode()).hexdigest()[:32]
        return self.folder / f"{kind}-{digest}"

    def failures(self, kind: str, key: str) -> int:
        """Failures of `kind` ("student" or "address") within the lockout window."""
        try:
            text = self._file(kind, key).read_text(encoding="ascii", errors="replace")
        except OSError:
            return 0
        since = self.clock() - LOCKOUT_SECONDS
        return sum(1 for word in text.split() if _float(word) >= since)

    def locked(self, student: str | None, address: str | None) -> str | None:
        """Why sign-in is refused now (one line), or None."""
        if student is not None and self.failures("student", student) >= STUDENT_FAILURES:
            return "Too many wrong codes for this student id: ask the proctor."
        if address is not None and self.failures("address", address) >= ADDRESS_FAILURES:
            return "Too many failed sign-ins from this computer: ask the proctor."
        return None

    def failed(self, student: str | None, address: str | None) -> None:
        stamp = f"{self.clock():.0f}\n".encode()
        with contextlib.suppress(OSError):  # a read-only folder: fall back to per tab
            self.folder.mkdir(exist_ok=True)
            for kind, key in (("student", student), ("address", address)):
                if key is not None:
                    fd = os.open(self._file(kind, key), os.O_WRONLY | os.O_CREAT | os.O_APPEND)
                    try:
                        os.write(fd, stamp)  # one small append: atomic between processes
                    finally:
                        os.close(fd)

    def succeeded(self, student: str) -> None:
        with contextlib.suppress(OSError):
            self._file("student", student).unlink(missing_ok=True)


def _float(word: str) -> float:
    try:
        return float(word)
    except ValueError:
        return 0.0
