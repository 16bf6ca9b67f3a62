"""The Alembic migrations build exactly the models' schema, on SQLite and PostgreSQL."""

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect, text
from sqlalchemy.exc import DBAPIError

from bot.storage.base import Base
from bot.storage.database import make_engine
from bot.storage.schema import alembic_config, current_revision, head_revision, upgrade


def test_the_migrated_schema_is_the_models_schema(engine):
    with engine.connect() as connection:
        assert current_revision(connection) == head_revision()
        differences = compare_metadata(MigrationContext.configure(connection, opts={"compare_type": True}),
                                       Base.metadata)
    assert differences == []


def test_the_audit_log_only_grows(engine):
    with engine.begin() as connection:
        connection.execute(text("INSERT INTO audit_log (at, actor, action) VALUES (CURRENT_TIMESTAMP, 'a', 'view')"))
    for statement in ("UPDATE audit_log SET actor = 'b'", "DELETE FROM audit_log"):
        with pytest.raises(DBAPIError, match="append-only"):
            with engine.begin() as connection:
                connection.execute(text(statement))
    with engine.connect() as connection:
        assert connection.execute(text("SELECT actor FROM audit_log")).scalars().all() == ["a"]


def test_migrations_go_down_and_up_again(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'fresh.db'}")
    upgrade(engine)
    upgrade(engine)  # a second run changes nothing
    with engine.begin() as connection:
        command.downgrade(alembic_config(connection), "base")
    assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
    upgrade(engine)
    assert {"cases", "audit_log", "staff_users", "conversations"} <= set(inspect(engine).get_table_names())


def test_shared_media_file_ids_stored_in_plaintext_are_encrypted_by_the_migration(tmp_path):
    from bot.storage.crypto import decrypt

    engine = make_engine(f"sqlite:///{tmp_path / 'old.db'}")
    with engine.begin() as connection:
        command.upgrade(alembic_config(connection), "0001")
        connection.execute(text("INSERT INTO telegram_shared_media (sender_key, kind, file_id, created_at) "
                                "VALUES ('p', 'photo', 'AgACAgIAAxkBAAIB', CURRENT_TIMESTAMP)"))
    upgrade(engine)
    with engine.connect() as connection:
        stored = connection.execute(text("SELECT file_id FROM telegram_shared_media")).scalar_one()
    assert stored != "AgACAgIAAxkBAAIB" and decrypt(stored) == "AgACAgIAAxkBAAIB"
    with engine.begin() as connection:
        command.downgrade(alembic_config(connection), "0001")
        assert connection.execute(text("SELECT file_id FROM telegram_shared_media")).scalar_one() == "AgACAgIAAxkBAAIB"


def test_the_persons_state_moves_into_their_case_and_back(engine):
    """Revision 0007: the Telegram record keeps only the chat; a place only it knew goes to the case first."""
    with engine.begin() as connection:
        command.downgrade(alembic_config(connection), "0006_drop_handoff_requests")
    try:
        with engine.begin() as connection:
            connection.execute(text(
                "INSERT INTO cases (public_id, sender_key, language, country, urgency, status, created_at) VALUES "
                "('c1', 'p', NULL, 'TH', 0, 'new', CURRENT_TIMESTAMP), "
                "('c2', 'q', 'km', NULL, 0, 'new', CURRENT_TIMESTAMP)"))
            connection.execute(text(
                "INSERT INTO telegram_people (sender_key, language, nationality, country, city, chat_id, updated_at) "
                "VALUES ('p', 'en', 'VN', 'KH', 'Bavet', 'chat-p', CURRENT_TIMESTAMP), "
                "('r', 'th', 'TH', NULL, NULL, 'chat-r', CURRENT_TIMESTAMP)"))
        upgrade(engine)
        with engine.connect() as connection:
            cases = connection.execute(text(
                "SELECT sender_key, language, nationality, country, city FROM cases ORDER BY sender_key")).all()
            assert [tuple(row) for row in cases] == [("p", None, "VN", "TH", "Bavet"), ("q", "km", None, None, None)]
        assert {c["name"] for c in inspect(engine).get_columns("telegram_people")} == {
            "sender_key", "chat_id", "updated_at"}
        with engine.begin() as connection:
            command.downgrade(alembic_config(connection), "0006_drop_handoff_requests")
        with engine.connect() as connection:
            people = connection.execute(text(
                "SELECT sender_key, language, nationality, country, city, chat_id FROM telegram_people "
                "ORDER BY sender_key")).all()
        assert [tuple(row) for row in people] == [("p", None, "VN", "TH", "Bavet", "chat-p"),
                                                  ("r", None, None, None, None, "chat-r")]
    finally:
        upgrade(engine)
