"""Small text helpers shared by the store, dedup and claim linking (no NLP model needed)."""

from __future__ import annotations

import hashlib
import re
import unicodedata

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*", re.UNICODE)
_DATE_IN_NAME = re.compile(r"(?<!\d)((?:19|20)\d\d)[-_.]?(0[1-9]|1[0-2])[-_.]?(0[1-9]|[12]\d|3[01])(?!\d)")

# function words carry no proposition; negations are kept apart because they flip it
STOPWORDS = frozenset(
    ["a", "an", "the", "and", "or", "but", "if", "then", "so", "of", "to", "in", "on", "at", "by", "for", "from", "with", "about", "as", "into", "over", "after", "before", "that", "this", "these", "those", "it", "its", "it's", "is", "are", "was", "were", "be", "been", "being", "has", "have", "had", "do", "does", "did", "will", "would", "shall", "should", "can", "could", "may", "might", "must", "he", "she", "they", "we", "you", "i", "me", "him", "her", "them", "us", "our", "their", "his", "my", "your", "who", "whom", "which", "what", "when", "where", "why", "how", "than", "also", "just", "very", "said", "says", "say", "told", "tell", "according"]
)
NEGATIONS = frozenset(["not", "no", "never", "n't", "nothing", "nobody", "none", "neither", "nor", "without", "deny", "denies", "denied"])


def content_hash(text: str) -> str:
    """The article id: a hash of the exact text (so a changed text is a new version)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def fold(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).replace("’", "'").lower()
    return text


def words(text: str) -> list[str]:
    return _WORD.findall(fold(text))


def actor_key(name: str) -> str:
    """Registry key of an actor name: case, punctuation and a leading article folded away."""
    tokens = [t[:-2] if t.endswith("'s") else t for t in words(name)]
    if tokens and tokens[0] in {"the", "a", "an"}:
        tokens = tokens[1:]
    return " ".join(tokens)[:500]


def _stem(word: str) -> str:
    # a crude suffix stripper: enough to match "talks"/"talk", "stalled"/"stall" across outlets
    # without loading a language model at query time
    for suffix in ("ing", "edly", "ed", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


def claim_terms(text: str) -> set[str]:
    """Content terms of a claim: lemma-like stems of its non-function words."""
    out = set()
    for w in words(text):
        w = w.replace("'", "")
        if w in STOPWORDS or w in NEGATIONS or len(w) < 2:
            continue
        out.add(_stem(w))
    return out


def is_negated(text: str) -> bool:
    folded = fold(text)
    return any(w in NEGATIONS for w in words(folded)) or "n't" in folded


def date_from(published: str | None, *names: str | None) -> str | None:
    """YYYY-MM-DD from ``published`` or, failing that, a date written in a file name."""
    for value in (published, *names):
        if not value:
            continue
        if value is published and re.match(r"\d{4}-\d\d-\d\d", value):
            return value[:10]
        m = _DATE_IN_NAME.search(value)
        if m:
            return f"{m.group(1)}-{m.group(2)}-{m.group(3)}"
    return None
