"""Near-duplicate detection with MinHash (datasketch), with LSH bands persisted in SQL.

Wire copies of one story are grouped (``articles.dup_group``) so a claim repeated by 30 outlets
counts as one claim with 30 reports from N independent groups.  The same signatures, over
claim terms instead of word shingles, find candidate attributions for claim linking.

Band hashes live in the ``lsh_bands`` table rather than an in-memory index so lookups stay
correct across runs and processes, and scale with the database instead of RAM.
"""

from __future__ import annotations

import hashlib
import struct
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

import numpy as np

from reportedly.corpus._text import words

NUM_PERM = 64
#: 16 bands of 4 rows: pairs with Jaccard ~0.5 collide in some band about half the time,
#: pairs above 0.8 almost always
BANDS, ROWS = 16, 4
#: estimated Jaccard over 5-word shingles above which two article texts are wire copies
DUPLICATE_THRESHOLD = 0.8


@lru_cache(maxsize=1)
def _template() -> Any:
    # building the permutations is the expensive part of MinHash(); share one set.  datasketch is
    # imported here, not at module level: it pulls in scipy, which `import reportedly` should not pay
    from datasketch import MinHash

    return MinHash(num_perm=NUM_PERM, seed=1)


def signature(tokens: Iterable[str]) -> np.ndarray:
    template = _template()
    mh = type(template)(num_perm=NUM_PERM, seed=1, permutations=template.permutations, scheme=template.scheme)
    data = [t.encode("utf-8") for t in tokens]
    if data:
        mh.update_batch(data)
    return np.asarray(mh.hashvalues, dtype=np.uint64)


def shingles(text: str, k: int = 5) -> set[str]:
    tokens = words(text)
    if len(tokens) < k:
        return {" ".join(tokens)} if tokens else set()
    return {" ".join(tokens[i : i + k]) for i in range(len(tokens) - k + 1)}


def text_signature(text: str) -> np.ndarray:
    return signature(shingles(text))


def band_hashes(sig: np.ndarray) -> list[int]:
    """One signed 63-bit int per band (fits BIGINT on every backend); band index mixed in."""
    out = []
    for b in range(BANDS):
        chunk = sig[b * ROWS : (b + 1) * ROWS].tobytes()
        digest = hashlib.blake2b(bytes([b]) + chunk, digest_size=8).digest()
        out.append(struct.unpack("<q", digest)[0] >> 1)
    return out


def to_bytes(sig: np.ndarray) -> bytes:
    return sig.astype("<u8").tobytes()


def from_bytes(data: bytes) -> np.ndarray:
    return np.frombuffer(data, dtype="<u8")


def similarity(a: np.ndarray, b: np.ndarray) -> float:
    """Estimated Jaccard similarity of the two sets behind the signatures."""
    return float(np.mean(a == b))


__all__ = [
    "BANDS",
    "DUPLICATE_THRESHOLD",
    "NUM_PERM",
    "ROWS",
    "band_hashes",
    "from_bytes",
    "shingles",
    "signature",
    "similarity",
    "text_signature",
    "to_bytes",
]
