"""Cross-article claims: attributions about the same proposition, linked across articles and sources.

Default method, no model needed: each attribution's content is reduced to its content-word stems
(:func:`~reportedly.corpus._text.claim_terms`).  The store's full-text index (FTS5 / tsvector)
proposes the best-ranked attributions sharing content words, and the term sets decide: the same
claim when their Jaccard similarity is >= :data:`SAME_CLAIM`, or when the shorter one is (nearly)
contained in the longer (overlap >= :data:`CONTAINED` of the shorter and >= :data:`CONTAINED_OF_LONGER`
of the longer, at least :data:`MIN_OVERLAP_TERMS` terms;
"denied that it had refused to raise wages" is about "had refused to raise wages for the third
year").  A claim repeated by 30 outlets is therefore one claim with 30 reports;
``n_dup_groups`` counts how many of them are independent texts rather than wire copies.

Between reports of one claim by different sources the link is ``contradict`` when exactly one
side says the claim is not so (a negated or denying cue, XOR a negation in the part of the content
that carries the shared terms), else ``agree``.  Linking is incremental: only attributions without a claim are processed.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import delete, func, insert, select, text, update
from sqlalchemy.engine import Connection

from reportedly.corpus._text import NEGATIONS, STOPWORDS, claim_terms, is_negated, words
from reportedly.corpus.tables import ArticleRow, AttributionRow, ClaimLinkRow, ClaimRow

#: Jaccard similarity of claim terms from which two attributions report the same claim
SAME_CLAIM = 0.5
#: share of the shorter term set found in the longer one for a contained claim ...
CONTAINED = 0.75
#: ... when the shared terms are also this share of the longer one: a four-word content must not
#: join a twenty-word one that merely mentions the same names and day
CONTAINED_OF_LONGER = 0.35
MIN_OVERLAP_TERMS = 3
#: candidates fetched from the full-text index per attribution
CANDIDATES = 40
#: fewer content terms than this and a content is too vague to link ("that it was true")
MIN_TERMS = 3
#: reports per claim over which agree/contradict links are not enumerated pairwise
MAX_LINKED_REPORTS = 60


def _negated_near(content: str, shared: set[str]) -> bool:
    """A negation in the part of ``content`` that carries the shared terms (a few words before
    the first up to the last), so a "not" in a clause the other report lacks does not count."""
    tokens = [w.replace("'", "") for w in words(content)]
    hits = [i for i, w in enumerate(tokens) if claim_terms(w) & shared]
    if not hits:
        return is_negated(content)
    window = words(content)[max(0, hits[0] - 3) : hits[-1] + 1]
    return any(w in NEGATIONS or w.endswith("n't") for w in window)


def _polarity(row: Any, shared: set[str]) -> bool:
    """True when the report says the claim is not so: negated content XOR a negated or denying cue
    ("did not say", "denied"); a denying cue with negated content ("denied it had not …") affirms."""
    cue_negated = is_negated(row.cue_text or "") or row.stance == "denying"
    return _negated_near(row.content_text, shared) != cue_negated


def link_claims(conn: Connection, *, chunk: int = 500, limit: int | None = None) -> int:
    """Assign attributions without a claim (at most ``limit``) to one, new or existing; returns how many."""
    linked = 0
    touched: set[int] = set()
    terms_cache: dict[int, set[str]] = {}
    while limit is None or linked < limit:
        take = chunk if limit is None else min(chunk, limit - linked)
        rows = conn.execute(
            select(AttributionRow.pk, AttributionRow.content_text)
            .where(AttributionRow.claim_id.is_(None)).order_by(AttributionRow.pk).limit(take)
        ).all()
        if not rows:
            break
        for pk, content in rows:
            terms = claim_terms(content)
            claim_id = None
            if len(terms) >= MIN_TERMS:
                claim_id = _best_claim(conn, pk, content, terms, terms_cache)
            if claim_id is None:
                key = conn.execute(insert(ClaimRow).values(label=content[:1000])).inserted_primary_key
                assert key is not None
                claim_id = int(key[0])
            conn.execute(update(AttributionRow).where(AttributionRow.pk == pk).values(claim_id=claim_id))
            terms_cache[pk] = terms
            touched.add(int(claim_id))
            linked += 1
    refresh_claims(conn, touched)
    return linked


def similar(a: set[str], b: set[str]) -> float:
    """Claim similarity of two term sets: Jaccard, or containment of the shorter in the longer."""
    if not a or not b:
        return 0.0
    shared = len(a & b)
    if shared < MIN_OVERLAP_TERMS:  # two names in common ("Hillary Clinton") are not a proposition
        return 0.0
    jaccard = shared / len(a | b)
    if (shared >= MIN_OVERLAP_TERMS and shared / min(len(a), len(b)) >= CONTAINED
            and shared / max(len(a), len(b)) >= CONTAINED_OF_LONGER):
        return max(jaccard, SAME_CLAIM)
    return jaccard


def _search_terms(content: str) -> list[str]:
    out = []
    for w in words(content):
        w = "".join(ch for ch in w if ch.isalnum())
        if len(w) > 2 and w not in STOPWORDS and w not in NEGATIONS and w not in out:
            out.append(w)
    return out[:32]


def candidates(conn: Connection, content: str, *, limit: int = CANDIDATES) -> list[int]:
    """Attribution pks sharing content words with ``content``, best full-text rank first."""
    terms = _search_terms(content)
    if not terms:
        return []
    dialect = conn.dialect.name
    if dialect == "sqlite":
        q = "content_text : (" + " OR ".join(f'"{t}"' for t in terms) + ")"
        sql = "SELECT rowid FROM attributions_fts WHERE attributions_fts MATCH :q ORDER BY rank LIMIT :n"
    elif dialect == "postgresql":
        q = " | ".join(terms)
        sql = ("SELECT pk FROM attributions WHERE content_tsv @@ to_tsquery('english', :q) "
               "ORDER BY ts_rank(content_tsv, to_tsquery('english', :q)) DESC LIMIT :n")
    else:  # pragma: no cover - other backends: any shared word
        q = terms[0]
        sql = "SELECT pk FROM attributions WHERE lower(content_text) LIKE '%' || :q || '%' LIMIT :n"
    return [int(r[0]) for r in conn.execute(text(sql), {"q": q, "n": limit})]


def _best_claim(conn: Connection, pk: int, content: str, terms: set[str], cache: dict[int, set[str]]) -> int | None:
    refs = [r for r in candidates(conn, content) if r != pk]
    if not refs:
        return None
    best, best_sim = None, 0.0
    rows = conn.execute(
        select(AttributionRow.pk, AttributionRow.content_text, AttributionRow.claim_id)
        .where(AttributionRow.pk.in_(refs), AttributionRow.claim_id.is_not(None))
    )
    for other_pk, other_content, claim_id in rows:
        other = cache.get(other_pk)
        if other is None:
            other = cache[other_pk] = claim_terms(other_content)
        sim = similar(terms, other)
        if sim >= SAME_CLAIM and sim > best_sim:
            best, best_sim = claim_id, sim
    return best


def refresh_claims(conn: Connection, claim_ids: Iterable[int]) -> None:
    """Recompute counts and agree/contradict links of the given claims."""
    ids = sorted(set(claim_ids))
    for i in range(0, len(ids), 500):
        chunk = ids[i : i + 500]
        conn.execute(delete(ClaimLinkRow).where(ClaimLinkRow.claim_id.in_(chunk)))
        reports: dict[int, list[Any]] = {}
        for row in conn.execute(
            select(AttributionRow.claim_id, AttributionRow.pk, AttributionRow.article_id, AttributionRow.actor_id,
                   AttributionRow.speaker_name, AttributionRow.content_text, AttributionRow.stance,
                   AttributionRow.cue_text,
                   ArticleRow.date, ArticleRow.dup_group)
            .join(ArticleRow, ArticleRow.id == AttributionRow.article_id)
            .where(AttributionRow.claim_id.in_(chunk)).order_by(AttributionRow.pk)
        ):
            reports.setdefault(row.claim_id, []).append(row)
        links = []
        for cid in chunk:
            rs = reports.get(cid, [])
            dates = sorted(r.date for r in rs if r.date)
            conn.execute(update(ClaimRow).where(ClaimRow.id == cid).values(
                n_reports=len(rs), n_articles=len({r.article_id for r in rs}),
                n_sources=len({_source_key(r) for r in rs}),
                n_dup_groups=len({r.dup_group or r.article_id for r in rs}),
                first_published=dates[0] if dates else None, last_published=dates[-1] if dates else None,
            ))
            links.extend(_links(cid, rs[:MAX_LINKED_REPORTS]))
        if links:
            conn.execute(insert(ClaimLinkRow), links)


def _source_key(row: Any) -> str:
    if row.actor_id is not None:
        return f"actor:{row.actor_id}"
    return f"text:{(row.speaker_name or '').lower()}@{row.article_id}"


def _links(claim_id: int, rows: list[Any]) -> list[dict[str, Any]]:
    out = []
    for i, a in enumerate(rows):
        for b in rows[i + 1 :]:
            if _source_key(a) == _source_key(b):
                continue
            shared = claim_terms(a.content_text) & claim_terms(b.content_text)
            pa, pb = _polarity(a, shared), _polarity(b, shared)
            if pa != pb:
                neg = a if pa else b
                why = "denied" if neg.stance == "denying" or is_negated(neg.cue_text or "") else "negated"
                out.append({"claim_id": claim_id, "a_pk": a.pk, "b_pk": b.pk, "relation": "contradict",
                            "reason": f"{neg.speaker_name or 'one source'}: {why}; the other affirms"})
            else:
                out.append({"claim_id": claim_id, "a_pk": a.pk, "b_pk": b.pk, "relation": "agree",
                            "reason": "same claim terms, same polarity"})
    return out


def claim_count(conn: Connection) -> int:
    return int(conn.execute(select(func.count()).select_from(ClaimRow)).scalar_one())


def unlinked(conn: Connection) -> int:
    return int(conn.execute(text("SELECT count(*) FROM attributions WHERE claim_id IS NULL")).scalar_one())


__all__ = ["MIN_TERMS", "SAME_CLAIM", "candidates", "similar", "claim_count", "link_claims", "refresh_claims", "unlinked"]
