"""An in-memory candidate index for fuzzy look-ups in the translation memory.

A plain ``rapidfuzz.process.extract`` compares a query with every stored
source: ~30-50 ms at 100k sentences.  This index does what PostgreSQL's
``pg_trgm`` does before scoring: an inverted index from words (their first
:data:`PREFIX` letters) to the sources that contain them picks candidates, and
only those are scored with ``fuzz.ratio`` (the same score a full scan gives).

Candidate selection, for a query of ``T`` distinct words:

- *probe words*: the rarest ``T - floor(PROBE_SHARE * T) + 1`` words of the
  query.  A source sharing at least ``PROBE_SHARE`` of the query's words
  shares one of them (a source scoring 75 or more almost always does);
- *length bound*: ``ratio >= t`` needs ``t/(2-t) <= len(source)/len(query) <=
  (2-t)/t`` (exact, for the normalized Indel similarity);
- when more than ``MAX_CANDIDATES`` remain, those sharing the most probe
  words are scored.

The index is approximate (a match that shares almost no rare word with the
query can be missed); ``bench/memory.py`` measures how often its top five
differ from a full scan's.
"""

from __future__ import annotations

import heapq
import re
from array import array
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import chain

from rapidfuzz import fuzz, process

WORD_RE = re.compile(r"\w+")
"""What counts as a word for the candidate index (any script)."""
PROBE_SHARE = 0.7
"""Share of a query's words a candidate is assumed to keep (see the module docstring)."""
MAX_CANDIDATES = 1000
"""Most candidates scored per query."""
PREFIX = 5
"""Words are indexed by their first letters, so that ``channel`` finds ``channels``."""


def _tokens(text: str) -> set[str]:
    """Index keys of a text: its words cut to their first five letters (plural, case endings)."""
    return {w[:PREFIX] for w in WORD_RE.findall(text.lower())}


@dataclass(frozen=True)
class Scored:
    """A stored source and its similarity to the query."""

    score: float
    """``fuzz.ratio`` of the query and ``text``, 0-100."""
    text: str
    """The stored (normalized) source."""
    key: str
    """The key it was added with (the source hash)."""


class FuzzyIndex:
    """Distinct source sentences, indexed by their words; append-only."""

    def __init__(self) -> None:
        self._texts: list[str] = []
        self._keys: list[str] = []
        self._positions: dict[str, int] = {}
        self._lengths = array("I")
        self._postings: dict[str, array[int]] = {}

    def __len__(self) -> int:
        return len(self._texts)

    def __contains__(self, key: object) -> bool:
        return key in self._positions

    def add(self, key: str, text: str) -> bool:
        """Add ``text`` under ``key`` unless the key is known; True if it was added."""
        if key in self._positions:
            return False
        position = len(self._texts)
        self._positions[key] = position
        self._texts.append(text)
        self._keys.append(key)
        self._lengths.append(len(text))
        postings = self._postings
        for word in _tokens(text):
            found = postings.get(word)
            if found is None:
                postings[word] = array("I", (position,))
            else:
                found.append(position)
        return True

    def add_many(self, items: Iterable[tuple[str, str]]) -> int:
        """Add ``(key, text)`` pairs; the number added."""
        return sum(self.add(key, text) for key, text in items)

    def search(self, query: str, *, limit: int = 5, threshold: float = 75) -> list[Scored]:
        """The ``limit`` stored texts most similar to ``query`` scoring at least ``threshold``."""
        if not self._texts or not query:
            return []
        candidates = self._candidates(query, threshold)
        texts, keys = self._texts, self._keys
        found = process.extract(
            query,
            [texts[i] for i in candidates],
            scorer=fuzz.ratio,
            limit=limit,
            score_cutoff=threshold,
        )
        return [Scored(score, text, keys[candidates[j]]) for text, score, j in found]

    def _candidates(self, query: str, threshold: float) -> list[int]:
        share = min(max(threshold, 1.0), 100.0) / 100
        low, high = len(query) * share / (2 - share), len(query) * (2 - share) / share
        lengths = self._lengths
        words = _tokens(query)
        if not words:  # punctuation or placeholders only: length is all there is to go by
            return [i for i, n in enumerate(lengths) if low <= n <= high]
        postings = self._postings
        known = sorted((postings[w] for w in words if w in postings), key=len)
        probe = known[: len(words) - int(PROBE_SHARE * len(words)) + 1]
        if not probe:
            return []
        if len(probe) == 1:
            return [i for i in probe[0] if low <= lengths[i] <= high][: MAX_CANDIDATES * 4]
        counts = Counter(chain.from_iterable(probe))
        chosen = [i for i in counts if low <= lengths[i] <= high]
        if len(chosen) > MAX_CANDIDATES:
            chosen = heapq.nlargest(MAX_CANDIDATES, chosen, key=counts.__getitem__)
        return chosen
