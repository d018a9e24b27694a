"""A database error's message names the problem, never the row's values: PostgreSQL adds a DETAIL
("Key (email)=(...) already exists", "Failing row contains (...)") that would carry an owner's
or a nurse's data into the server's log with the traceback."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from app.db import make_engine
from app.migrate import migrate
from tests.support.clinic import database, make_clinic


def test_a_constraint_error_keeps_the_problem_and_drops_the_values(database_url):
    with database(database_url) as session:
        make_clinic(session, "Riverside Vets", "anna.private@riverside.example", "correct horse battery")
    engine = make_engine(database_url)
    try:
        migrate(engine)
        with pytest.raises(IntegrityError) as caught, engine.begin() as connection:
            connection.execute(text("INSERT INTO clinic_user (id, clinic_id, email, password_hash, role, created_at) "
                                    "SELECT :id, clinic_id, email, password_hash, role, created_at FROM clinic_user"),
                               {"id": "00000000-0000-0000-0000-000000000001"})
    finally:
        engine.dispose()
    message = str(caught.value)
    assert "unique" in message.lower() or "UNIQUE" in message, message  # the problem is named
    assert "anna.private" not in message and "riverside.example" not in message, message
