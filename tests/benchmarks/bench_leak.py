"""Leak benchmark: do the intake's words tell the hidden source more than its findings do?

Run: python tests/benchmarks/bench_leak.py [--quick]
Two naive-Bayes classifiers of the hidden source are trained on the same generated clients
and scored on fresh ones (other seeds): one reads the words a student sees at intake (the
briefing's complaint and the answer to every question, each asked twice so a vague client
answers too; bag of words), the other reads the intake-visible findings and persona facts.
Words are composed from findings, persona and state (issue 11), so they should carry no
more than the findings: the words may beat the findings by at most TARGET_GAP. The
findings classifier is the floor measured in the same run.
"""

from __future__ import annotations

import argparse
import math
import re
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Iterable

from simulator.domain.case import Case
from simulator.domain.ids import Question, Source
from simulator.engine.interview import answer, reported_nrs
from simulator.engine.state import ClientState
from simulator.generator.generate import generate_mix

TARGET_GAP = 0.05
# Findings an intake reveals (the interview answers from them); the examination's findings
# (tests, palpation, observation) are not seen at intake. Names a version of Findings lacks
# are skipped, so the script also measures older code.
INTAKE_FINDINGS = (
    "back_pain",
    "paraesthesia",
    "weakness",
    "weakness_progressive",
    "cough_sneeze",
    "sitting_worse",
    "night_pain",
    "flexion_leg",
    "disc_history",
    "injury_history",
    "training_spike",
    "bilateral",
    "saddle_numbness",
    "bladder_bowel",
    "cancer_history",
    "systemic",
    "constant_pain",
    "onset",
    "quality",
    "easing",
    "aggravator",
)
WORD = re.compile(r"[a-z]+|\d+")


def intake_words(case: Case) -> list[str]:
    """Every word the student reads at intake: the complaint and each answer, twice."""
    state = ClientState.start(case)
    texts = [case.persona.complaint]
    for question in Question:
        for _time in range(2):
            texts.append(answer(question, case, state, 60)[0])
    return WORD.findall(" ".join(texts).lower())


def intake_facts(case: Case) -> list[str]:
    """The intake-visible findings and persona facts, one token per feature."""
    values = case.findings.model_dump()
    state = ClientState.start(case)
    p = case.persona
    facts = [f"{name}={values[name]}" for name in INTAKE_FINDINGS if name in values]
    facts += [
        f"reach={case.hidden.reach.value}",
        f"nrs={reported_nrs(case, state)}",
        f"style={p.style.value}",
        f"sport={p.sport}",
        f"occupation={p.occupation}",
        f"age={p.age // 10}",
        f"side={p.side}",
    ]
    return facts


class NaiveBayes:
    """Multinomial naive Bayes with add-one smoothing over token lists."""

    def __init__(self) -> None:
        self.prior: Counter[Source] = Counter()
        self.counts: dict[Source, Counter[str]] = defaultdict(Counter)
        self.vocabulary: set[str] = set()

    def fit(self, rows: Iterable[tuple[list[str], Source]]) -> NaiveBayes:
        for tokens, source in rows:
            self.prior[source] += 1
            self.counts[source].update(tokens)
            self.vocabulary.update(tokens)
        return self

    def predict(self, tokens: list[str]) -> Source:
        total = sum(self.prior.values())
        size = len(self.vocabulary)
        best, best_score = Source.LUMBAR_RADICULAR, -math.inf
        for source, n in self.prior.items():
            counts = self.counts[source]
            denominator = math.log(sum(counts.values()) + size)
            score = math.log(n / total) + sum(
                math.log(counts[token] + 1) - denominator
                for token in tokens
                if token in self.vocabulary
            )
            if score > best_score:
                best, best_score = source, score
        return best


def accuracy(model: NaiveBayes, rows: list[tuple[list[str], Source]]) -> float:
    return sum(model.predict(tokens) is source for tokens, source in rows) / len(rows)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer clients (a smoke run)")
    args = parser.parse_args()
    n_train, n_test = (800, 400) if args.quick else (3000, 1500)
    start = time.perf_counter()
    train = generate_mix(n_train, seed=1)
    test = generate_mix(n_test, seed=2)  # fresh clients: other seeds than training
    figures = {}
    for label, features in (("words", intake_words), ("findings", intake_facts)):
        model = NaiveBayes().fit((features(c), c.hidden.source) for c in train)
        figures[label] = accuracy(model, [(features(c), c.hidden.source) for c in test])
    gap = figures["words"] - figures["findings"]
    print(f"{n_train} training clients, {n_test} fresh test clients")
    print(f"source named from intake words:    {figures['words']:.3f}")
    print(f"source named from intake findings: {figures['findings']:.3f}  (the floor)")
    verdict = "ok" if gap <= TARGET_GAP else "LEAK"
    print(f"words - findings: {gap:+.3f}  (target <= {TARGET_GAP})  {verdict}")
    print(f"{time.perf_counter() - start:.1f} s")
    return 0 if gap <= TARGET_GAP else 1


if __name__ == "__main__":
    sys.exit(main())
