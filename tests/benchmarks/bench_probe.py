"""Probe benchmark: do a client's relief words tell the hidden source more than the relief
actually applied explains?

Run: python tests/benchmarks/bench_probe.py [--quick]
On fresh generated clients, each probe (a short, light treatment) is applied to a new
session and two things are recorded: whether the client's words claim relief ("easing",
"easier", "better") and whether the engine applied a noticeable relief (note.relief >=
0.4 NRS points, the threshold of the words in knowledge/phrases.py). For each probe the
benchmark prints, per source, the share of clients whose words claim relief and the share
the applied relief explains. Issue 11: the words follow the effect applied, not the cell of
the response table, so the two shares must agree (gap 0), and a one-minute, pressure-1
probe must not read as relief for any source.
"""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict

from simulator.domain.actions import parse_line
from simulator.domain.ids import Source
from simulator.engine.session import Session
from simulator.generator.generate import generate_mix

PROBES = (
    "treat myofascial hamstrings 1 1",
    "treat friction deep_rotators 1 1",
    "treat myofascial hip_flexors 1 1",
    "treat passive_movement glute_max 2 3",
    "treat myofascial hamstrings 3 6",
)
RELIEF_WORDS = ("easing", "easier", "better")
NOTICED = 0.4  # NRS points: below this the words say nothing about relief


def claims_relief(text: str) -> bool:
    said = text.split('"', 1)[-1].lower()
    return any(word in said for word in RELIEF_WORDS)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--seed", type=int, default=4242)
    args = parser.parse_args()
    cases = generate_mix(300 if args.quick else 1500, seed=args.seed)
    worst_gap = 0.0
    one_minute_claims = 0
    for line in PROBES:
        action = parse_line(line)
        words: dict[Source, list[bool]] = defaultdict(list)
        applied: dict[Source, list[bool]] = defaultdict(list)
        for case in cases:
            response = Session(case, 0).apply(action)
            said = claims_relief(response.text)
            words[case.hidden.source].append(said)
            applied[case.hidden.source].append(response.note.relief >= NOTICED)
            if line.endswith(" 1 1") and said:
                one_minute_claims += 1
        print(f"\n{line}")
        print(f"  {'source':20s} {'words':>7s} {'applied':>8s}")
        for source in Source:
            if not words[source]:
                continue
            w = sum(words[source]) / len(words[source])
            a = sum(applied[source]) / len(applied[source])
            worst_gap = max(worst_gap, abs(w - a))
            print(f"  {source.value:20s} {w:7.0%} {a:8.0%}")
    print(f"\nlargest gap between words and applied relief: {worst_gap:.3f} (target 0)")
    print(f"one-minute pressure-1 probes read as relief: {one_minute_claims} (target 0)")
    return 0 if worst_gap == 0 and one_minute_claims == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
