from datetime import timedelta

from sqlalchemy import text

from bot.clock import utcnow
from bot.storage.database import session_scope
from bot.storage.models import Conversation
from bot.storage.retention_schedule import PURGE_LOCK, purge_once


def test_one_runner_purges_at_a_time(engine):
    with session_scope(engine) as session:
        session.add(Conversation(sender_key="old", events="x", updated_at=utcnow() - timedelta(days=91)))
    if engine.dialect.name == "postgresql":
        with engine.connect() as other_runner:
            other_runner.execute(text("SELECT pg_advisory_lock(:key)"), {"key": PURGE_LOCK})
            assert purge_once(engine, 90) is None
            with session_scope(engine) as session:
                assert session.get(Conversation, "old") is not None
            other_runner.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": PURGE_LOCK})
    assert purge_once(engine, 90)["people"] == 1
    with session_scope(engine) as session:
        assert session.get(Conversation, "old") is None
