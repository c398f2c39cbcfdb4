"""Exam packs: what a student's machine gets, one JSON file per student.

The cases inside a pack are zlib-compressed, XORed with a SHAKE-256 keystream and base64
encoded. The key is derived from the exam secret but travels inside the pack (the student's
program must decode the cases to run them), so this stops casual reading, not a determined
student. Grading never trusts a pack: it regenerates every case from the exam and its secret.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import zlib
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from simulator.assessment.exam import LoadedExam, Variant
from simulator.domain.case import Case
from simulator.errors import unreadable
from simulator.guard import InputError, loads
from simulator.knowledge.course import VISITS_MAX, VISITS_MIN

PACK_FORMAT = "massage-sim-exam-pack/1"
# The pack digest covers what the sessions depend on: the exam and student ids, the clock,
# the session seeds and the SHA-256 of each case's canonical JSON. The titles, the pass mark
# and the debrief mode may be corrected after packs are built without voiding journals.
DIGEST_FIELDS = ("format", "exam_id", "student_id", "minutes")
MAX_CASE_BYTES = 1 << 20  # a case's JSON is a few kB; a pack may be crafted to inflate to GBs


def canonical(value: Any) -> str:
    """The one JSON text of a value: sorted keys, no spaces, UTF-8."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


class PackItem(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    title: str
    session_seed: int = Field(ge=0)
    case: str  # base64 of the obfuscated case JSON
    visits: int | None = Field(None, ge=VISITS_MIN, le=VISITS_MAX)  # a course item


class Pack(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    format: Literal["massage-sim-exam-pack/1"]
    exam_id: str
    exam_title: str
    student_id: str
    debrief: Literal["after_each", "after_grading"]
    pass_mark: float
    minutes: int
    key: str
    items: tuple[PackItem, ...] = Field(min_length=1)
    digest: str

    def computed_digest(self) -> str:
        texts = [_case_json(case) for case in self.cases()]
        seeds = [item.session_seed for item in self.items]
        visits = [item.visits for item in self.items]
        return pack_digest(self.model_dump(mode="json"), texts, seeds, visits)

    def cases(self) -> list[Case]:
        return [decode_case(self.key, index, item.case) for index, item in enumerate(self.items)]


class PackError(ValueError):
    """A pack that cannot be used; the message is one line."""


def pack_digest(
    data: dict[str, Any],
    case_texts: list[str],
    seeds: list[int],
    visits: list[int | None] | None = None,
) -> str:
    cases = [hashlib.sha256(text.encode()).hexdigest() for text in case_texts]
    covered: dict[str, Any] = {
        **{k: data[k] for k in DIGEST_FIELDS},
        "cases": cases,
        "seeds": seeds,
    }
    if visits is not None and any(v is not None for v in visits):
        # course items: their visits are covered too (an exam without one keeps its digest)
        covered["visits"] = visits
    return hashlib.sha256(canonical(covered).encode()).hexdigest()


# The canonical JSON of recently seen cases: an authored case is the same object for every
# student, so it is serialised once per exam, not once per student.
_TEXTS: dict[int, tuple[Case, str]] = {}


def _case_json(case: Case) -> str:
    hit = _TEXTS.get(id(case))
    if hit is not None and hit[0] is case:
        return hit[1]
    text = canonical(case.model_dump(mode="json"))
    if len(_TEXTS) > 64:
        _TEXTS.clear()
    _TEXTS[id(case)] = (case, text)
    return text


def pack_key(loaded: LoadedExam, student_id: str) -> str:
    """The obfuscation key: one-way from the secret, so a pack never reveals the secret."""
    material = "\0".join(["pack", loaded.exam.id, student_id]).encode()
    key = hashlib.blake2b(loaded.exam.secret.encode()).digest()
    return hashlib.blake2b(material, key=key, digest_size=32).hexdigest()


def _keystream(key: str, index: int, length: int) -> bytes:
    return hashlib.shake_256(f"{key}:{index}".encode()).digest(length)


def _xor(data: bytes, stream: bytes) -> bytes:
    size = len(data)
    mixed = int.from_bytes(data, "big") ^ int.from_bytes(stream, "big")
    return mixed.to_bytes(size, "big")


def encode_case(key: str, index: int, case: Case) -> str:
    plain = zlib.compress(_case_json(case).encode(), 6)
    return base64.b64encode(_xor(plain, _keystream(key, index, len(plain)))).decode("ascii")


def decode_case(key: str, index: int, blob: str) -> Case:
    try:
        raw = base64.b64decode(blob.encode("ascii"), validate=True)
        inflate = zlib.decompressobj()
        plain = inflate.decompress(_xor(raw, _keystream(key, index, len(raw))), MAX_CASE_BYTES)
        if inflate.unconsumed_tail or not inflate.eof:  # a zip bomb, or cut short
            raise ValueError("too large or incomplete")
        return Case.model_validate_json(plain)
    except (ValueError, zlib.error, ValidationError, RecursionError):
        raise PackError(f"items[{index}].case: cannot be decoded (damaged pack?)") from None


def pack_data(
    loaded: LoadedExam, student_id: str, variants: list[Variant] | None = None
) -> dict[str, Any]:
    """The pack of `student_id` as JSON data, digest included."""
    exam = loaded.exam
    key = pack_key(loaded, student_id)
    variants = variants if variants is not None else loaded.variants(student_id)
    data: dict[str, Any] = {
        "format": PACK_FORMAT,
        "exam_id": exam.id,
        "exam_title": exam.title,
        "student_id": student_id,
        "debrief": exam.debrief,
        "pass_mark": exam.pass_mark,
        "minutes": exam.minutes,
        "key": key,
        "items": [
            {
                "title": v.title,
                "session_seed": v.session_seed,
                "case": encode_case(key, v.index, v.case),
                **({"visits": v.visits} if v.visits is not None else {}),
            }
            for v in variants
        ],
    }
    data["digest"] = variants_digest(loaded, student_id, variants)
    return data


def variants_digest(loaded: LoadedExam, student_id: str, variants: list[Variant]) -> str:
    """The digest of the pack `student_id` gets, without building it (for grading)."""
    data = {
        "format": PACK_FORMAT,
        "exam_id": loaded.exam.id,
        "student_id": student_id,
        "minutes": loaded.exam.minutes,
    }
    texts = [_case_json(v.case) for v in variants]
    seeds = [v.session_seed for v in variants]
    return pack_digest(data, texts, seeds, [v.visits for v in variants])


def build_pack(loaded: LoadedExam, student_id: str, variants: list[Variant] | None = None) -> Pack:
    return Pack.model_validate(pack_data(loaded, student_id, variants))


def pack_text(pack: Pack) -> str:
    # no `"visits": null` on single-session items: a pack without courses reads as before
    data = pack.model_dump(mode="json", exclude_none=True)
    return json.dumps(data, indent=1, ensure_ascii=False) + "\n"


def write_atomic(path: Path, text: str, sync: bool = True) -> None:
    """Write `text` to `path` through a temporary file and a rename: never half a file."""
    tmp = path.with_name(path.name + ".tmp")
    with tmp.open("w", encoding="utf-8", newline="\n") as handle:
        handle.write(text)
        if sync:
            handle.flush()
            os.fsync(handle.fileno())
    os.replace(tmp, path)


def read_pack(path: Path) -> Pack:
    """The pack in `path`, its digest checked; PackError (one line) otherwise."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise PackError(f"{path}: not an exam pack (not UTF-8 text)") from None
    except OSError as error:
        raise PackError(f"{path}: {unreadable(error)}") from None
    try:
        raw = loads(text)
    except InputError as error:
        raise PackError(f"{error.where(str(path))}: not an exam pack: {error.message}") from None
    try:
        pack = Pack.model_validate(raw)
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "pack"
        raise PackError(f"{path}: {where}: {first['msg']} (not an exam pack?)") from None
    from simulator.assessment.roster import student_id_problem

    problem = student_id_problem(pack.student_id)
    if problem is not None:  # it names the journal file: no path may hide in it
        raise PackError(f"{path}: student_id: {problem}")
    try:
        digest = pack.computed_digest()
    except PackError as error:
        raise PackError(f"{path}: {error}") from None
    if digest != pack.digest:
        raise PackError(f"{path}: digest: the pack was changed after it was built")
    return pack
