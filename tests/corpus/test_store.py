"""The store on real databases: SQLite files and (when available) a PostgreSQL server."""

from __future__ import annotations

import dataclasses
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import text

from reportedly import Corpus
from reportedly.errors import EmptyInputError, StoreError
from reportedly.models import Analysis, Article, Attribution, Span

from .conftest import DATA


def _with(analysis: Analysis, **article_fields: object) -> Analysis:
    return dataclasses.replace(analysis, article=dataclasses.replace(analysis.article, **article_fields))


def _by_name(analyses: list[Analysis]) -> dict[str, Analysis]:
    return {a.article.id: a for a in analyses}


def test_migrations_create_exactly_the_model_tables(db_url: str) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from reportedly.corpus.tables import Base

    def include(obj: object, name: str | None, type_: str, reflected: bool, compare_to: object) -> bool:
        # the full-text machinery is made by raw DDL on purpose (FTS5 tables, the tsvector column)
        return not (name or "").startswith("attributions_fts") and name not in ("content_tsv", "ix_attributions_content_tsv") \
            and name != "alembic_version"

    with Corpus.open(db_url) as corpus, corpus.engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"include_object": include, "compare_type": False})
        assert compare_metadata(ctx, Base.metadata) == []
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar_one() == "0001"


def test_sqlite_store_is_in_wal_mode(tmp_path: Path) -> None:
    path = tmp_path / "r.db"
    Corpus.open(path).close()
    assert sqlite3.connect(path).execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_sqlite_full_text_index_is_one_datasette_detects(tmp_path: Path) -> None:
    # datasette offers a search box when an FTS table declares content="<table>" (its detect_fts query)
    path = tmp_path / "r.db"
    Corpus.open(path).close()
    found = sqlite3.connect(path).execute(
        "SELECT name FROM sqlite_master WHERE rootpage = 0 "
        "AND sql LIKE '%VIRTUAL TABLE%USING FTS%content=\"attributions\"%'"
    ).fetchall()
    assert found == [("attributions_fts",)]


def test_add_is_idempotent_and_round_trips(db_url: str, example_analyses: list[Analysis]) -> None:
    with Corpus.open(db_url) as corpus:
        ids = corpus.add_many(example_analyses)
        first = corpus.counts()
        assert first["articles"] == len(example_analyses)
        assert first["attributions"] == sum(len(a.attributions) for a in example_analyses)
        assert corpus.add_many(example_analyses) == ids
        assert corpus.add(example_analyses[0]) == ids[0]
        assert corpus.counts() == first
        for aid, analysis in zip(ids, example_analyses, strict=True):
            assert corpus.article(aid).to_dict() == analysis.to_dict()
            assert corpus.article(analysis.article.id).to_dict() == analysis.to_dict()
        listed = corpus.articles(limit=100)
        assert sorted(a.id for a in listed) == sorted(ids)
        with pytest.raises(KeyError):
            corpus.article("no-such-article")


def test_changed_text_is_a_new_version(db_url: str, example_analyses: list[Analysis]) -> None:
    original = example_analyses[0]
    changed = _with(original, text=original.article.text + "\nA correction was appended.\n")
    with Corpus.open(db_url) as corpus:
        v1 = corpus.add(original)
        v2 = corpus.add(changed)
        assert v1 != v2
        versions = corpus.versions(original.article.id)
        assert [(v.id, v.version, v.latest) for v in versions] == [(v1, 1, False), (v2, 2, True)]
        assert [a.id for a in corpus.articles()] == [v2]
        assert corpus.article(original.article.id).article.text == changed.article.text
        assert corpus.article(v1).article.text == original.article.text
        word = original.attributions[0].content.text.split()[-1]
        hits = corpus.claims(about=word, limit=500)
        assert hits and {h.article_id for h in hits} == {v2}
        assert {h.article_id for h in corpus.claims(about=word, limit=500, latest_only=False)} == {v1, v2}


def test_full_text_search_over_claims(db_url: str, example_analyses: list[Analysis]) -> None:
    with Corpus.open(db_url) as corpus:
        corpus.add_many(example_analyses)
        hits = corpus.claims(about="wages")
        assert hits and all("wage" in h.content.lower() for h in hits)
        assert {h.speaker for h in hits} >= {"Dana Whitcombe"}
        assert {h.external_id for h in hits} <= {a.article.id for a in example_analyses}
        # stemming: "evacuate" finds "evacuated"
        assert any("evacuated" in h.content for h in corpus.claims(about="evacuate"))
        # user text never becomes query syntax
        assert corpus.claims(about='wage-rise: "OR (') is not None
        assert corpus.claims(about="zzzunknownword") == []
        # paging through ranked hits gives each hit once
        everything = corpus.claims(about="said harbor wages council", limit=1000)
        paged = [h for off in range(0, len(everything), 2) for h in corpus.claims(
            about="said harbor wages council", limit=2, offset=off)]
        assert [h.pk for h in paged] == [h.pk for h in everything]


def test_actor_claims_and_timeline(db_url: str, example_analyses: list[Analysis]) -> None:
    dated = [_with(a, published=f"2031-03-{i + 1:02d}") for i, a in enumerate(example_analyses)]
    with Corpus.open(db_url) as corpus:
        corpus.add_many(dated)
        info = corpus.actor("whitcombe")
        assert info is not None and info.name == "Dana Whitcombe"
        said = corpus.actor_claims("Dana Whitcombe")
        expected = sum(1 for a in dated for t in a.attributions
                       if (s := a.actor(t.speaker)) is not None and s.name == "Dana Whitcombe")
        assert len(said) == info.n_statements == expected >= 3
        assert info.n_articles == 3
        top = corpus.actors(limit=3)
        assert top[0].n_statements >= top[-1].n_statements and "Dana Whitcombe" in {a.name for a in top}
        assert [a.name for a in corpus.actors(q="whitcombe")] == ["Dana Whitcombe"]
        line = corpus.timeline("Dana Whitcombe")
        assert len(line) >= expected
        dates = [e.date for e in line]
        assert dates == sorted(dates) and dates[0] is not None
        assert corpus.actor("Nobody Atall") is None and corpus.timeline("Nobody Atall") == []


def test_wire_copies_share_a_duplicate_group(db_url: str, example_analyses: list[Analysis]) -> None:
    with Corpus.open(db_url) as corpus:
        corpus.add_many(example_analyses[:2])  # one batch
        corpus.add_many(example_analyses[2:])  # and across batches
        groups = {a.external_id: a.dup_group for a in corpus.articles(limit=100)}
    assert groups["harbor-strike-day1"] == groups["harbor-strike-day1-copy"]
    others = {g for k, g in groups.items() if k not in ("harbor-strike-day1", "harbor-strike-day1-copy")}
    assert groups["harbor-strike-day1"] not in others and len(others) == 3


def test_a_claim_repeated_across_articles_is_one_claim(db_url: str, example_analyses: list[Analysis]) -> None:
    with Corpus.open(db_url) as corpus:
        corpus.add_many(example_analyses)
        from reportedly.corpus.claims import link_claims

        total = sum(len(a.attributions) for a in example_analyses)
        with corpus.engine.begin() as conn:  # a slice, as Corpus.link_claims commits them
            assert link_claims(conn, limit=3) == 3
        assert corpus.link_claims() == total - 3
        assert corpus.link_claims() == 0  # incremental: nothing left to link
        hits = [h for h in corpus.claims(about="refused raise wages") if h.speaker == "Dana Whitcombe"]
        assert len({h.article_id for h in hits}) == 3
        assert len({h.claim_id for h in hits}) == 1
        group = corpus.claim(hits[0].claim_id)
        assert group is not None and group.n_articles >= 3
        assert group.n_dup_groups == group.n_articles - 1  # the wire copy is not independent
        unrelated = corpus.claims(about="evacuated")
        assert unrelated and unrelated[0].claim_id != hits[0].claim_id


def _statement(aid: str, text_: str, speaker: str, content: str, stance: str = "neutral") -> Analysis:
    from reportedly.models import Actor

    start = text_.index(content)
    src = text_.index(speaker)
    return Analysis(
        article=Article(id=aid, text=text_, published="2031-05-01"),
        attributions=[Attribution(id="A1", content=Span.of(text_, start, start + len(content)),
                                  source=Span.of(text_, src, src + len(speaker)), speaker="P1", stance=stance)],
        actors=[Actor(id="P1", name=speaker, type="organization")],
    )


def test_agree_and_contradict_between_sources(db_url: str) -> None:
    claim = "the ferry operator cut services to the northern islands"
    a = _statement("n1", f"The islanders' council said {claim}.", "The islanders' council", claim)
    b = _statement("n2", f"Local fishermen said {claim} last winter.", "Local fishermen", claim)
    c = _statement("n3", f"The ferry operator denied that {claim}.", "The ferry operator", claim, "denying")
    d = _statement("n4", "A harbour official said the ferry operator did not cut services to the northern "
                   "islands.", "A harbour official",
                   "the ferry operator did not cut services to the northern islands")
    with Corpus.open(db_url) as corpus:
        corpus.add_many([a, b, c, d])
        corpus.link_claims()
        groups = corpus.claim_groups("ferry services")
        assert len(groups) == 1
        group = groups[0]
        assert group.n_reports == 4 and group.n_sources == 4
        by_pk = {r.pk: r.speaker for r in group.reports}
        rel = {frozenset((by_pk[link["a"]], by_pk[link["b"]])): link["relation"] for link in group.links}
        assert rel[frozenset(("The islanders' council", "Local fishermen"))] == "agree"
        assert rel[frozenset(("The islanders' council", "The ferry operator"))] == "contradict"
        assert rel[frozenset(("Local fishermen", "A harbour official"))] == "contradict"
        assert rel[frozenset(("The ferry operator", "A harbour official"))] == "agree"


def test_failed_inputs_are_recorded_until_they_succeed(db_url: str, example_analyses: list[Analysis]) -> None:
    source = str(DATA / "valley-floods.txt")
    with Corpus.open(db_url) as corpus:
        corpus.record_error("broken.txt", EmptyInputError("broken.txt", "no text to analyze"))
        corpus.record_error(source, "pipeline crashed")
        errs = {e.source: e for e in corpus.errors()}
        assert errs["broken.txt"].reason == "no text to analyze"
        assert errs["broken.txt"].error_type == "EmptyInputError"
        floods = next(a for a in example_analyses if a.article.id == "valley-floods")
        corpus.add(floods, source=source)
        assert [e.source for e in corpus.errors()] == ["broken.txt"]
        assert corpus.counts()["errors"] == 1


def test_bad_database_url_is_a_store_error(tmp_path: Path) -> None:
    with pytest.raises(StoreError):
        Corpus.open("postgresql://nobody@127.0.0.1:1/none")
    with pytest.raises(StoreError):
        Corpus.open(tmp_path / "missing.db", create=False)


def test_timeline_gathers_spokespeople_and_events(db_url: str) -> None:
    from reportedly.models import Actor, Event

    text_ = ("A spokeswoman for the Dockworkers Union said members would stay out. "
             "The Dockworkers Union blocked the northern gate on Tuesday.")
    content = "members would stay out"
    c0 = text_.index(content)
    s0 = text_.index("A spokeswoman")
    ev = text_.index("The Dockworkers Union blocked")
    day1 = Analysis(
        article=Article(id="union-1", text=text_, published="2031-06-02"),
        attributions=[Attribution(id="A1", content=Span.of(text_, c0, c0 + len(content)),
                                  source=Span.of(text_, s0, s0 + len("A spokeswoman")), speaker="P1")],
        actors=[Actor(id="P1", name="spokeswoman", type="person", role="spokeswoman", affiliation="P2"),
                Actor(id="P2", name="Dockworkers Union", type="organization")],
        events=[Event(id="E1", plover="PROTEST", evidence=Span.of(text_, ev, len(text_)), actor1="P2")],
    )
    text2 = "The Dockworkers Union said talks would resume on Monday."
    c2 = text2.index("talks")
    day0 = Analysis(
        article=Article(id="union-0", text=text2, published="2031-06-01"),
        attributions=[Attribution(id="A1", content=Span.of(text2, c2, len(text2) - 1),
                                  source=Span.of(text2, 0, len("The Dockworkers Union")), speaker="P1")],
        actors=[Actor(id="P1", name="Dockworkers Union", type="organization")],
    )
    with Corpus.open(db_url) as corpus:
        corpus.add_many([day1, day0])
        line = corpus.timeline("dockworkers union")
        assert [(e.date, e.kind, e.role) for e in line] == [
            ("2031-06-01", "statement", "speaker"),
            ("2031-06-02", "statement", "affiliate"),
            ("2031-06-02", "event", "actor1"),
        ]
        assert "PROTEST" in line[2].detail
        assert [e.external_id for e in line] == ["union-0", "union-1", "union-1"]
        assert {c.content for c in corpus.actor_claims("Dockworkers Union")} == {
            "talks would resume on Monday", "members would stay out"}
        [events] = [corpus.events()]
        assert events[0]["actor1_name"] == "Dockworkers Union" and events[0]["plover"] == "PROTEST"


def test_claim_similarity_needs_more_than_shared_names() -> None:
    from reportedly.corpus._text import claim_terms
    from reportedly.corpus.claims import SAME_CLAIM, similar

    short = claim_terms("Larsen to win Monday's debate")
    same = claim_terms("Larsen was the winner of Monday's debate")
    long_ = claim_terms("the campaign's tweet inviting a rival's former aide to Monday night's debate was only "
                        "meant to mock Larsen for her record on trade and immigration")
    assert similar(short, same) >= SAME_CLAIM
    assert similar(short, long_) < SAME_CLAIM
    contained = claim_terms("that it had refused to raise wages for dockworkers")
    fuller = claim_terms("the harbor authority had refused to raise wages for the third year in a row")
    assert similar(contained, fuller) >= SAME_CLAIM
    assert similar(claim_terms("It's typical of Ada Larsen"), claim_terms("it's not just Ada Larsen")) == 0.0


def test_polarity_reads_the_cue_and_the_shared_part_only() -> None:
    from types import SimpleNamespace

    from reportedly.corpus._text import claim_terms
    from reportedly.corpus.claims import _polarity

    def row(cue: str, content: str, stance: str = "neutral") -> SimpleNamespace:
        return SimpleNamespace(cue_text=cue, content_text=content, stance=stance)

    base = "the ferry operator cut services to the northern islands"
    shared = claim_terms(base)
    assert _polarity(row("said", base), shared) is False
    assert _polarity(row("denied", base, "denying"), shared) is True
    assert _polarity(row("did not say", base), shared) is True
    # a denial of a negated claim affirms it
    assert _polarity(row("denied", "the ferry operator had not cut services to the northern islands",
                         "denying"), shared) is False
    # a "not" in a clause the other report lacks is not a negation of the claim
    assert _polarity(row("said", base + ", although no decision on fares was taken"), shared) is False
