"""Text similarity between plan tasks: TF-IDF cosine over accent-folded words and word pairs.

Used to match this year's provincial tasks with the department's tasks of last year, so the
officer sees last year's decision and wording with a score from 0 to 1.
"""
from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from tthc_desktop.domain.text import fold

# Frequent function words that say nothing about a task's topic.
# "cua" (của) stays a stop word although "cửa" folds to it too: "một cửa" keeps "mot".
_STOP = frozenset("""va cua cac cho trong tren theo de voi la duoc cac nhung tai ve tu den khi
thi co nay do hoac ngay nam thang quy""".split())
_WORD = re.compile(r"[a-z0-9]+")


def tokens(text: str) -> list[str]:
    """Folded words without stop words, then adjacent word pairs ("mot_cua")."""
    words = [w for w in _WORD.findall(fold(text)) if w not in _STOP and not w.isdigit()]
    return words + [f"{a}_{b}" for a, b in zip(words, words[1:])]


class Vectorizer:
    """IDF learnt from every text of both plans, so words common to all tasks weigh little."""

    def __init__(self, documents: Sequence[str]):
        self.n = max(len(documents), 1)
        df: Counter[str] = Counter()
        for doc in documents:
            df.update(set(tokens(doc)))
        self.idf = {t: math.log((1 + self.n) / (1 + c)) + 1 for t, c in df.items()}

    def vector(self, text: str) -> dict[str, float]:
        counts = Counter(tokens(text))
        vec = {t: (1 + math.log(c)) * self.idf.get(t, math.log(1 + self.n) + 1) for t, c in counts.items()}
        norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
        return {t: v / norm for t, v in vec.items()}


def cosine(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(v * b.get(t, 0.0) for t, v in a.items())


def similarity(text_a: str, text_b: str, corpus: Sequence[str] = ()) -> float:
    vec = Vectorizer(list(corpus) or [text_a, text_b])
    return round(cosine(vec.vector(text_a), vec.vector(text_b)), 3)


@dataclass
class Match:
    source: int   # index in the provincial list
    target: int   # index in last year's list
    score: float


def best_matches(sources: Sequence[str], targets: Sequence[str], threshold: float = 0.3) -> dict[int, Match]:
    """One-to-one matches, best scores first (greedy), keeping only scores ≥ threshold.

    Returns {source index: Match}. A target used by a better-scoring source is not reused,
    so two similar provincial tasks do not both claim last year's single task.
    """
    vec = Vectorizer(list(sources) + list(targets))
    sv = [vec.vector(s) for s in sources]
    tv = [vec.vector(t) for t in targets]
    pairs = sorted(((cosine(a, b), i, j) for i, a in enumerate(sv) for j, b in enumerate(tv)), reverse=True)
    used_s: set[int] = set()
    used_t: set[int] = set()
    out: dict[int, Match] = {}
    for score, i, j in pairs:
        if score < threshold:
            break
        if i in used_s or j in used_t:
            continue
        used_s.add(i)
        used_t.add(j)
        out[i] = Match(i, j, round(score, 3))
    return out
