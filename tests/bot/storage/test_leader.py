"""Loops that run once across instances: one holder of the advisory lock at a time, and another takes over when
the holder's connection dies."""

from sqlalchemy import text

from bot.storage.database import make_engine
from bot.storage.leader import Leadership

KEY = 7_211_842_399


def test_one_leader_at_a_time_and_a_successor_when_it_dies(postgres_url):
    first_engine, second_engine = make_engine(postgres_url), make_engine(postgres_url)
    first, second = Leadership(first_engine, KEY, every=0), Leadership(second_engine, KEY, every=0)
    try:
        assert first.held() is True
        assert second.held() is False
        assert first.held() is True
        with make_engine(postgres_url).connect() as admin:  # the leader's connection dies (a killed process)
            admin.execute(text("SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory' "
                               "AND objid = :low"), {"low": KEY & 0xFFFFFFFF})
        assert first.held() is False
        assert second.held() is True
        assert first.held() is False
    finally:
        first.release()
        second.release()
        first_engine.dispose()
        second_engine.dispose()


def test_on_sqlite_the_one_instance_leads(tmp_path):
    assert Leadership(make_engine(f"sqlite:///{tmp_path / 'l.db'}"), KEY).held() is True
