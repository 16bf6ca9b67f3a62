from datetime import timedelta

from telegram import Update

from bot.clock import utcnow
from bot.storage.database import session_scope
from bot.telegram.dedupe import WINDOW, RecentUpdates, fingerprint
from bot.telegram.models import ProcessedUpdate
from bot.telegram.store import ConnectorStore, Pending
from tests.fake_telegram import FakeTelegram

KEY = b"test-key"


def update(update_id, message_id, date=1_700_000_000, chat=42):
    return Update.de_json({"update_id": update_id, "message": {
        "message_id": message_id, "date": date, "chat": {"id": chat, "type": "private"},
        "from": {"id": chat, "is_bot": False, "first_name": "P"}, "text": "help"}}, None)


def test_a_redelivered_update_has_the_same_fingerprint_and_a_reused_id_another():
    assert fingerprint(update(1, 500), KEY) == fingerprint(update(1, 500), KEY)
    assert fingerprint(update(1, 500), KEY) != fingerprint(update(1, 501), KEY)
    assert fingerprint(update(1, 500), KEY) != fingerprint(update(1, 500, chat=43), KEY)


def test_this_process_takes_an_update_on_once_within_the_window_only():
    recent = RecentUpdates(timedelta(hours=1))
    assert recent.take_on(7, "a", now=0) is True
    assert recent.take_on(7, "a", now=10) is False
    assert recent.take_on(7, "b", now=20) is True  # the id came back with another update: ids started over
    assert recent.take_on(7, "b", now=20 + 3601) is True
    recent.prune(now=20 + 3601 + 3601)
    assert recent.take_on(7, "b", now=20 + 3601 + 3601) is True


def test_after_a_restart_only_the_very_same_recent_update_is_dropped(engine):
    store = ConnectorStore(engine)
    store.write(Pending(updates=[(1, "first"), (2, "second")]))
    assert store.taken_before(1, "first") is True
    assert store.taken_before(1, "another") is False  # a Bot API whose ids start over at 1 is answered
    assert store.taken_before(3, "third") is False
    with session_scope(engine) as session:
        session.get(ProcessedUpdate, 2).received_at = utcnow() - WINDOW - timedelta(minutes=1)
    assert store.taken_before(2, "second") is False  # seen long ago: never a reason to stay silent
    store.prune()
    with session_scope(engine) as session:
        assert session.get(ProcessedUpdate, 2) is None and session.get(ProcessedUpdate, 1) is not None


def test_the_fake_bot_api_starts_its_ids_over():
    fake = FakeTelegram().start()
    try:
        first = fake.message(1, "hi")["update_id"]
        fake.ids_start_over()
        assert fake.message(1, "hi")["update_id"] == 1 < first
    finally:
        fake.stop()
