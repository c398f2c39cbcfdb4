"""The exam journal: JSON Lines, one entry per action, each chained to the one before by a
SHA-256 hash, and every entry on disk (flushed and fsynced) before its response is shown.

Entry 0 is the header (exam id, student id, pack digest). Every entry holds `seq` (its
position), `prev` (the hash of the entry before; 64 zeros for the header) and `hash`, the
SHA-256 of `prev` followed by the canonical JSON of the entry without `hash` (sorted keys,
no spaces). A line is `{"hash":"<64 hex>",` followed by that canonical JSON after its `{`,
so the hash is checked over the bytes as stored. A removed, inserted, reordered or edited
entry breaks the chain at that entry.

A final line without its newline is a write torn by a kill: it is dropped (its response was
never shown). Any other damage is an error.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from simulator.assessment.pack import canonical
from simulator.errors import unreadable
from simulator.guard import InputError, loads
from simulator.scoring.rubric import RUBRIC_VERSION

JOURNAL_FORMAT = "massage-sim-journal/1"
GENESIS = "0" * 64
HEADER_KEYS = frozenset(
    {"type", "format", "seq", "exam_id", "student_id", "pack_digest", "prev", "hash"}
)
# The rubric the exam was taken under (absent in journals from before rubric 2).
RUBRIC_KEY = "rubric_version"
FIRST_RUBRIC = "1"
ACTION_KEYS = frozenset({"type", "seq", "item", "action", "prev", "hash"})

try:  # POSIX: keep a second `exam take` off the same journal
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]


class JournalError(ValueError):
    """A journal that cannot be used: one line naming the entry at fault."""


def entry_hash(prev: str, body: dict[str, Any]) -> str:
    return hashlib.sha256((prev + canonical(body)).encode()).hexdigest()


def seal(body: dict[str, Any]) -> dict[str, Any]:
    """The entry with its `hash` (the body must hold `prev`)."""
    return {**body, "hash": entry_hash(body["prev"], body)}


def header_entry(exam_id: str, student_id: str, digest: str) -> dict[str, Any]:
    return seal(
        {
            "type": "header",
            "format": JOURNAL_FORMAT,
            "seq": 0,
            "exam_id": exam_id,
            "student_id": student_id,
            "pack_digest": digest,
            RUBRIC_KEY: RUBRIC_VERSION,
            "prev": GENESIS,
        }
    )


def action_entry(seq: int, item: int, action: dict[str, Any], prev: str) -> dict[str, Any]:
    return seal({"type": "action", "seq": seq, "item": item, "action": action, "prev": prev})


HASH_PREFIX = b'{"hash":"'
BODY_START = len(HASH_PREFIX) + 64 + 2  # after `{"hash":"<64 hex>",`


def entry_line(entry: dict[str, Any]) -> bytes:
    """The line of an entry: its hash first, then the canonical JSON it hashes."""
    body = canonical({k: v for k, v in entry.items() if k != "hash"})
    return f'{{"hash":"{entry["hash"]}",{body[1:]}\n'.encode()


@dataclass(frozen=True)
class ActionEntry:
    seq: int
    item: int
    action: dict[str, Any]


@dataclass
class Journal:
    """A verified journal: its header, its actions, and whether a torn line was dropped."""

    exam_id: str
    student_id: str
    pack_digest: str
    actions: list[ActionEntry]
    last_hash: str
    torn: bool
    valid_bytes: int  # length of the complete lines: where the next entry goes
    rubric_version: str = FIRST_RUBRIC  # the rubric the exam was taken under


def _where(seq: int) -> str:
    return f"entry {seq} (line {seq + 1})"


def parse_journal(data: bytes) -> Journal:
    """Verify the chain of `data` (a whole journal file); JournalError at the first fault."""
    lines = data.split(b"\n")
    torn = lines[-1] != b""  # the text after the last newline: a write cut short
    complete = lines[:-1]
    if not complete:
        raise JournalError("entry 0 (line 1): empty journal, no header")
    prev = GENESIS
    actions: list[ActionEntry] = []
    header: dict[str, Any] = {}
    for seq, raw in enumerate(complete):
        where = _where(seq)
        try:
            entry = loads(raw.decode("utf-8"))
        except UnicodeDecodeError:
            raise JournalError(f"{where}: not UTF-8 text") from None
        except InputError as error:
            raise JournalError(f"{where}: not valid JSON ({error.message})") from None
        if not isinstance(entry, dict):
            raise JournalError(f"{where}: not a journal entry (expected a JSON object)")
        stored = entry.get("hash")
        own_prev = entry.get("prev")
        if not isinstance(stored, str) or not isinstance(own_prev, str):
            raise JournalError(f"{where}: missing 'hash' or 'prev'")
        if raw[: len(HASH_PREFIX)] != HASH_PREFIX or raw[BODY_START - 2 : BODY_START] != b'",':
            raise JournalError(f"{where}: not as `exam take` writes it (entry edited)")
        body = b"{" + raw[BODY_START:]
        if hashlib.sha256(own_prev.encode() + body).hexdigest() != stored:
            raise JournalError(f"{where}: content does not match its hash (entry edited)")
        if own_prev != prev:
            raise JournalError(
                f"{where}: does not follow the entry before it "
                "(an entry was removed, inserted or reordered)"
            )
        if entry.get("seq") != seq or type(entry.get("seq")) is not int:
            raise JournalError(
                f"{where}: seq is {entry.get('seq')!r}, expected {seq} "
                "(an entry was removed, inserted or reordered)"
            )
        prev = stored
        if seq == 0:
            header = _check_header(entry, where)
            continue
        actions.append(_check_action(entry, where))
    return Journal(
        exam_id=header["exam_id"],
        student_id=header["student_id"],
        pack_digest=header["pack_digest"],
        rubric_version=str(header.get(RUBRIC_KEY, FIRST_RUBRIC)),
        actions=actions,
        last_hash=prev,
        torn=torn,
        valid_bytes=sum(len(line) + 1 for line in complete),
    )


def _check_header(entry: dict[str, Any], where: str) -> dict[str, Any]:
    if entry.get("type") != "header" or set(entry) - {RUBRIC_KEY} != HEADER_KEYS:
        raise JournalError(f"{where}: the first entry must be the journal header")
    if entry.get("format") != JOURNAL_FORMAT:
        raise JournalError(f"{where}: format {entry.get('format')!r} is not {JOURNAL_FORMAT}")
    for key in ("exam_id", "student_id", "pack_digest", RUBRIC_KEY):
        if key in entry and not isinstance(entry[key], str):
            raise JournalError(f"{where}: {key} must be text")
    return entry


def _check_action(entry: dict[str, Any], where: str) -> ActionEntry:
    if entry.get("type") != "action" or set(entry) != ACTION_KEYS:
        raise JournalError(f"{where}: not an action entry")
    item = entry["item"]
    if type(item) is not int or item < 0:
        raise JournalError(f"{where}: item must be a case number from 0")
    if not isinstance(entry["action"], dict):
        raise JournalError(f"{where}: action must be a JSON object")
    return ActionEntry(entry["seq"], item, entry["action"])


def read_journal(path: Path) -> Journal:
    try:
        data = path.read_bytes()
    except OSError as error:
        raise JournalError(f"{path}: {unreadable(error)}") from None
    return parse_journal(data)


class JournalWriter:
    """Appends entries to a journal it holds open (and locked), each on disk before return."""

    def __init__(self, path: Path, fd: int, journal: Journal) -> None:
        self.path = path
        self.fd = fd
        self.journal = journal
        self.seq = len(journal.actions) + 1
        self.last_hash = journal.last_hash

    @classmethod
    def open(cls, path: Path, exam_id: str, student_id: str, digest: str) -> JournalWriter:
        """Open (or start) the journal of this pack; a torn last line is cut off."""
        try:
            fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as error:
            raise JournalError(f"{path}: cannot open: {error.strerror}") from None
        try:
            _lock(fd, path)
            data = _read_all(fd)
            header = entry_line(header_entry(exam_id, student_id, digest))
            if b"\n" not in data:
                if not header.startswith(data):
                    raise JournalError(f"{path}: not a journal of this pack; not touching it")
                # new, or killed before the header was complete
                os.ftruncate(fd, 0)
                _write(fd, header)
                _sync_dir(path)
                data = _read_all(fd)
            try:
                journal = parse_journal(data)
            except JournalError as error:
                raise JournalError(f"{path}: {error}") from None
            if (journal.exam_id, journal.student_id, journal.pack_digest) != (
                exam_id,
                student_id,
                digest,
            ):
                raise JournalError(
                    f"{path}: this journal belongs to another pack (exam {journal.exam_id!r}, "
                    f"student {journal.student_id!r}); use --journal to choose another file"
                )
            if journal.torn:
                os.ftruncate(fd, journal.valid_bytes)
                os.fsync(fd)
        except BaseException:
            os.close(fd)
            raise
        os.lseek(fd, 0, os.SEEK_END)
        return cls(path, fd, journal)

    def append(self, item: int, action: dict[str, Any]) -> dict[str, Any]:
        """Write one entry and fsync it; on a failed write (disk full, a removed USB stick)
        cut the partial line off again, so the journal stays a valid chain, and raise."""
        entry = action_entry(self.seq, item, action, self.last_hash)
        size = os.lseek(self.fd, 0, os.SEEK_END)
        try:
            _write(self.fd, entry_line(entry))
        except OSError as error:
            with contextlib.suppress(OSError):  # else the next open drops the torn line
                os.ftruncate(self.fd, size)
            raise JournalError(f"{self.path}: cannot write: {error.strerror}") from None
        self.seq += 1
        self.last_hash = entry["hash"]
        return entry

    def close(self) -> None:
        if self.fd >= 0:
            os.close(self.fd)
            self.fd = -1


def _lock(fd: int, path: Path) -> None:
    if fcntl is None:  # pragma: no cover
        return
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        raise JournalError(f"{path}: in use by another `exam take`") from None


def _read_all(fd: int) -> bytes:
    os.lseek(fd, 0, os.SEEK_SET)
    chunks = []
    while chunk := os.read(fd, 1 << 16):
        chunks.append(chunk)
    return b"".join(chunks)


def _write(fd: int, data: bytes) -> None:
    """Write all of `data` at the end and force it to disk."""
    os.lseek(fd, 0, os.SEEK_END)
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]
    os.fsync(fd)


def _sync_dir(path: Path) -> None:
    """Make the journal's directory entry durable too (POSIX)."""
    try:
        dir_fd = os.open(path.parent if str(path.parent) else Path("."), os.O_RDONLY)
    except OSError:  # pragma: no cover - e.g. Windows cannot open a directory
        return
    try:
        os.fsync(dir_fd)
    except OSError:  # pragma: no cover
        pass
    finally:
        os.close(dir_fd)
