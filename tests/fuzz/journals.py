"""A small class for grading fuzz: the sample exam's packs, one complete journal per student
(taken in-process through `exam take`'s line mode), and hostile versions of one of them."""

from __future__ import annotations

import io
import json
import random
import shutil
import sys
from contextlib import redirect_stdout
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from simulator.assessment.exam import LoadedExam, load_exam
from simulator.assessment.journal import entry_line, seal
from simulator.cli import main as cli_main
from simulator.cli.exam import take

from .harness import ANSWERS, DEEP_JSON, EXAM, HUGE, mutate_json, mutate_text

ROSTER = EXAM.parent / "roster.csv"


@dataclass
class Class:
    """Packs and complete journals of every student; `victim` is the one the fuzz poisons."""

    loaded: LoadedExam
    packs: Path
    journals: Path
    work: Path
    victim_name: str

    def journal_lines(self) -> list[bytes]:
        return (self.journals / self.victim_name).read_bytes().split(b"\n")

    def poison(self, lines: list[bytes]) -> list[Path]:
        """A folder of every journal, the victim's replaced by `lines`; its files."""
        folder = self.work / "poisoned"
        shutil.rmtree(folder, ignore_errors=True)
        shutil.copytree(self.journals, folder)
        (folder / self.victim_name).write_bytes(b"\n".join(lines))
        return sorted(folder.glob("*.journal"))


def build_class(work: Path) -> Class:
    packs, journals = work / "packs", work / "journals"
    with redirect_stdout(io.StringIO()):
        assert (
            cli_main(["exam", "build", str(EXAM), "--roster", str(ROSTER), "--out", str(packs)])
            == 0
        )
    journals.mkdir()
    script = ANSWERS.read_text(encoding="utf-8")
    for pack in sorted(packs.glob("*.pack")):
        with redirect_stdout(io.StringIO()):
            take(pack, journals / f"{pack.stem}.journal", io.StringIO(script), interactive=False)
    names = sorted(p.name for p in journals.glob("*.journal"))
    return Class(load_exam(EXAM), packs, journals, work, names[0])


def _unlimited_digits() -> Any:
    limit = sys.get_int_max_str_digits()
    sys.set_int_max_str_digits(0)
    return limit


def reseal(entries: list[dict[str, Any]]) -> list[bytes]:
    """Journal lines of `entries` with a valid chain (anyone can compute it: the hash is not
    keyed), so hostile content reaches replay instead of stopping at the hash check."""
    limit = _unlimited_digits()
    try:
        prev = "0" * 64
        out = []
        for seq, entry in enumerate(entries):
            body = {k: v for k, v in entry.items() if k != "hash"}
            body["prev"] = prev
            if isinstance(body.get("seq"), int):
                body["seq"] = seq
            sealed = seal(body)
            out.append(entry_line(sealed).rstrip(b"\n"))
            prev = sealed["hash"]
        return [*out, b""]
    finally:
        sys.set_int_max_str_digits(limit)


def poisoned_lines(rng: random.Random, lines: list[bytes]) -> list[bytes]:
    """A hostile version of a journal's lines."""
    complete = [line for line in lines if line]
    choice = rng.random()
    index = rng.randrange(len(complete))
    if choice < 0.25:  # one line swapped for a crash of old: deep nesting or a huge number
        complete[index] = rng.choice(
            [DEEP_JSON.encode(), ('{"seq": ' + HUGE + "}").encode(), b"\xff\xfe", b"[]"]
        )
        return [*complete, b""]
    if choice < 0.5:  # text edits, chain broken
        text = mutate_text(rng, b"\n".join(complete).decode("utf-8"))
        return text.encode("utf-8", "surrogatepass").split(b"\n")
    entries = [json.loads(line) for line in complete]  # structure edits, chain re-sealed
    entries[index] = mutate_json(rng, entries[index])
    entries = [e if isinstance(e, dict) else {"value": e} for e in entries]
    return reseal(entries)
