from datetime import timedelta

from cryptography.fernet import Fernet
from sqlalchemy import select

from bot.cases.models import Case
from bot.clock import utcnow
from bot.config import settings
from bot.storage import crypto
from bot.storage.database import session_scope
from bot.storage.models import Conversation
from bot.storage.retention import purge, rotate_keys
from bot.telegram.models import InboxUpdate, TelegramPerson


def test_people_older_than_the_retention_period_are_erased_and_others_kept(engine):
    long_ago = utcnow() - timedelta(days=91)
    with session_scope(engine) as session:
        session.add(Conversation(sender_key="old", events="x", updated_at=long_ago))
        session.add(TelegramPerson(sender_key="old", updated_at=long_ago))
        session.add(Case(sender_key="old", status="new", urgency=1, last_message_at=long_ago))
        session.add(Conversation(sender_key="new", events="x"))
        session.add(Conversation(sender_key="old-chat-new-telegram", events="x", updated_at=long_ago))
        session.add(TelegramPerson(sender_key="old-chat-new-telegram"))
        session.add(Conversation(sender_key="talking-to-staff", events="x", updated_at=long_ago))
        session.add(Case(sender_key="talking-to-staff", status="in_progress", urgency=2, last_message_at=utcnow()))
    with session_scope(engine) as session:
        removed = purge(session, 90)
    assert removed["people"] == 1 and removed["cases"] == 1
    with session_scope(engine) as session:
        assert sorted(session.execute(select(Conversation.sender_key)).scalars()) == [
            "new", "old-chat-new-telegram", "talking-to-staff"]
        assert session.execute(select(Case.sender_key)).scalars().all() == ["talking-to-staff"]


def test_keys_rotate_without_losing_a_conversation(engine, monkeypatch):
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    monkeypatch.setenv("LIFELINE_DATA_KEYS", old)
    settings.cache_clear()
    crypto.cipher.cache_clear()
    try:
        with session_scope(engine) as session:
            session.add(Conversation(sender_key="p", events=crypto.encrypt('[{"event": "user"}]')))
            session.add(TelegramPerson(sender_key="p", chat_id=crypto.encrypt("4242")))
            session.add(InboxUpdate(fingerprint="f", sender_key="p", update=crypto.encrypt('{"update_id": 1}')))
        monkeypatch.setenv("LIFELINE_DATA_KEYS", f"{new},{old}")
        settings.cache_clear()
        crypto.cipher.cache_clear()
        with session_scope(engine) as session:
            assert rotate_keys(session) == 3  # every encrypted column of every feature
        monkeypatch.setenv("LIFELINE_DATA_KEYS", new)
        settings.cache_clear()
        crypto.cipher.cache_clear()
        with session_scope(engine) as session:
            assert crypto.decrypt(session.get(Conversation, "p").events) == '[{"event": "user"}]'
            assert crypto.decrypt(session.get(TelegramPerson, "p").chat_id) == "4242"
            assert crypto.decrypt(session.get(InboxUpdate, "f").update) == '{"update_id": 1}'
    finally:
        monkeypatch.delenv("LIFELINE_DATA_KEYS")
        settings.cache_clear()
        crypto.cipher.cache_clear()
