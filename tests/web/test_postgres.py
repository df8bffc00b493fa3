"""The web app over a PostgreSQL store (skips unless REPORTEDLY_TEST_PG_URL names a server)."""

from __future__ import annotations

from tests.corpus.conftest import pg_url  # noqa: F401  (the fixture: a fresh database per test)
from tests.web.conftest import HARBOR, HARBOR_2, make_client


def test_pages_and_read_only_connection_on_postgres(pg_url: str) -> None:  # noqa: F811
    from sqlalchemy import text

    from reportedly import analyze_text
    from reportedly.corpus import Corpus
    from reportedly.web import create_app

    with Corpus.open(pg_url) as corpus:
        corpus.add_many([analyze_text(HARBOR, id="harbor-talks"), analyze_text(HARBOR_2, id="harbor-blame")])
        corpus.link_claims()
    app = create_app(pg_url)
    client = make_client(app)
    assert client.get("/index.json").json()["counts"]["articles"] == 2
    for path in ["/", "/articles", "/articles/harbor-talks", "/claims?q=dredging", "/audit"]:
        assert client.get(path).status_code == 200, path
    assert client.get("/claims.json", params={"q": "dredging"}).json()["unclustered"] or \
        client.get("/claims.json", params={"q": "dredging"}).json()["claims"]
    # the read side cannot write even by mistake
    with app.state.store.engine.connect() as conn:
        assert conn.execute(text("SHOW transaction_read_only")).scalar() == "on"
