"""Alembic environment: run by :func:`reportedly.corpus.store.migrate` with an open connection.

No alembic.ini is needed at run time; the connection comes in ``config.attributes``.
For development, ``alembic -x url=sqlite:///dev.db revision --autogenerate`` works too.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

from reportedly.corpus.tables import Base

config = context.config
target_metadata = Base.metadata


def run() -> None:
    connection = config.attributes.get("connection")
    if connection is None:  # developer use from the command line
        url = context.get_x_argument(as_dictionary=True).get("url", "sqlite:///reportedly-dev.db")
        with create_engine(url).connect() as conn:
            context.configure(connection=conn, target_metadata=target_metadata, render_as_batch=True)
            with context.begin_transaction():
                context.run_migrations()
        return
    context.configure(connection=connection, target_metadata=target_metadata, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


run()
