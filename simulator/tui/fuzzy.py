"""Fuzzy matching of typed words against ids, labels and aliases (palette, filters).

No domain imports: the home screen's filters use it without loading the models.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_WORD = re.compile(r"[a-z0-9]+")


def words_of(*texts: str) -> frozenset[str]:
    """Lower-case words of the texts, ids kept whole as well as split on `_`."""
    out: set[str] = set()
    for text in texts:
        lowered = text.lower()
        out.update(_WORD.findall(lowered))
        out.update(w for w in lowered.split() if "_" in w)
    return frozenset(out)


def token_score(token: str, words: Iterable[str]) -> float:
    """How well one typed token matches the best of the words: 1 exact, 0 none."""
    best = 0.0
    for word in words:
        if word == token:
            return 1.0
        if word.startswith(token):
            best = max(best, 0.9)
        elif len(token) >= 3 and token in word:
            best = max(best, 0.6)
        elif len(token) >= 3 and word[:1] == token[:1] and _subsequence(token, word):
            best = max(best, 0.4)
    return best


def _subsequence(token: str, word: str) -> bool:
    letters = iter(word)
    return all(ch in letters for ch in token)
