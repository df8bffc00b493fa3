"""Fixtures for the web tests: a real SQLite corpus built once per session from fictional articles."""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parents[2] / ".." / "shared"
SEED = SHARED / "seeds" / "cairo-talks-impasse.txt"
TOKEN = "test-token-0123456789abcdef"

# Fictional articles in news style, written for these tests.
HARBOR = """Port talks stall over dredging costs

Negotiators from Velmora and the Ostrand Shipping Authority ended a third round of talks on Tuesday without a deal, officials said.

"We are not going to pay for a channel that mostly serves their tankers," Velmora's harbor minister, Ilse Karremans, told reporters after the meeting.

Two people familiar with the negotiations said the authority had offered to cover a third of the dredging bill. The authority's chairman, Tomas Brevik, denied that any figure had been put on the table.

Brevik said the talks would resume next month in Kessel. Karremans claimed the authority was stalling to push the costs onto local taxpayers.
"""

HARBOR_2 = """Velmora and shipping authority trade blame after talks

Velmora's harbor minister, Ilse Karremans, said on Wednesday that the Ostrand Shipping Authority had offered to cover a third of the dredging bill.

The authority's chairman, Tomas Brevik, denied that any figure had been put on the table, according to a statement released by his office.

A senior port official, who spoke on condition of anonymity, said the talks would resume next month in Kessel.
"""

HOSTILE = """Council <b>vote</b> delayed <img src=x onerror="window.__pwned=1">

<script>window.__pwned = 1; alert("pwned")</script> The council postponed its vote on the new bus depot, a spokeswoman said on Friday.

"This is <script>alert(1)</script> not the end of the matter," said Mayor Dana <i>Okafor</i>, adding that the plan would return in spring.
"""


EVIL_NAME = '<img src=x onerror="window.__pwned=1">Vex'


def _hostile_actor() -> object:
    """A hand-made analysis whose speaker and affiliation names are markup (as a hostile feed could
    make them): the pipeline never has to produce such a name for the escaping to be tested."""
    from reportedly.models import Actor, Analysis, Article, Attribution, Event, Span

    text = f"{EVIL_NAME} said the <b>tunnel</b> would close on Friday."
    s = lambda a, b: Span.of(text, a, b)  # noqa: E731
    n = len(EVIL_NAME)
    return Analysis(
        article=Article(id="evil-actor", text=text, title="Tunnel to close", outlet="<script>x()</script>"),
        attributions=[Attribution(id="A1", source=s(0, n), cue=s(n + 1, n + 5), content=s(n + 6, len(text) - 1),
                                  speaker="P1", stance="distancing")],
        actors=[Actor(id="P1", name=EVIL_NAME, type="person", affiliation="P2", mentions=[s(0, n)]),
                Actor(id="P2", name="<svg onload=alert(1)>Party", type="party")],
        events=[Event(id="E1", plover="RETREAT", evidence=s(n + 6, len(text) - 1), actor1="P1",
                      attribution="A1", trigger=s(text.index("close"), text.index("close") + 5))],
    )


def _analyses() -> list[tuple[object, str]]:
    from reportedly import analyze_text

    items = [
        (analyze_text(HARBOR, id="harbor-talks", outlet="The Velmora Courier", published="2026-03-03"), "harbor"),
        (analyze_text(HARBOR_2, id="harbor-blame", outlet="Ostrand Daily", published="2026-03-04"), "harbor2"),
        (analyze_text(HOSTILE, id="council-vote", outlet="<i>Evil</i> Gazette", published="2026-03-05",
                      url="javascript:alert(1)"), "hostile"),
        (_hostile_actor(), "evil-actor"),
    ]
    if SEED.is_file():
        from reportedly import analyze_file

        items.append((analyze_file(SEED), "seed"))
    return items


@pytest.fixture(scope="session")
def store_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from reportedly.corpus import Corpus

    db = tmp_path_factory.mktemp("web") / "corpus.db"
    with Corpus.open(db) as corpus:
        corpus.add_many(_analyses())  # type: ignore[arg-type]
        corpus.link_claims()
    return db


@pytest.fixture(scope="session")
def store_url(store_db: Path) -> str:
    return f"sqlite:///{store_db}"


@pytest.fixture(scope="session")
def app(store_url: str):  # type: ignore[no-untyped-def]
    from reportedly.web import create_app

    return create_app(store_url, {"analyze_per_minute": 1000})


@pytest.fixture(scope="session")
def client(app) -> Iterator[object]:  # type: ignore[no-untyped-def]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from fastapi.testclient import TestClient
    with TestClient(app) as c:
        yield c


def make_client(app):  # type: ignore[no-untyped-def]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from fastapi.testclient import TestClient
    return TestClient(app)
