import threading
from datetime import timedelta

import pytest
from sqlalchemy import select

from bot.cases.models import Case
from bot.clock import utcnow
from bot.config import settings
from bot.storage.crypto import decrypt, encrypt
from bot.storage.database import session_scope
from bot.storage.models import Conversation
from bot.storage.upsert import upsert
from bot.telegram.models import ChatMessage, InboxUpdate, SharedMedia, TelegramPerson
from bot.telegram.store import ConnectorStore, Pending
from tests.fake_telegram import FakeTelegram


@pytest.fixture
def fake(monkeypatch):
    server = FakeTelegram().start()
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", "123456:TEST")
    monkeypatch.setenv("TELEGRAM_API_URL", server.url)
    settings.cache_clear()
    yield server
    server.stop()
    monkeypatch.undo()
    settings.cache_clear()


def test_shared_media_file_ids_are_stored_encrypted(engine):
    ConnectorStore(engine).share("p", "photo", "AgACAgIAAxkBAAIBQ2Vz")
    with session_scope(engine) as session:
        stored = session.execute(select(SharedMedia.file_id)).scalar_one()
    assert "AgACAgIAAxkBAAIBQ2Vz" not in stored and decrypt(stored) == "AgACAgIAAxkBAAIBQ2Vz"


def test_what_is_known_of_a_person_is_their_case(engine):
    store = ConnectorStore(engine)
    assert store.person("p") == {}
    with session_scope(engine) as session:
        session.add(Case(sender_key="p", language="th", nationality="TH", country="KH"))
    store.write(Pending(chats={"p": 4242}))
    assert store.person("p") == {"language": "th", "nationality": "TH", "country": "KH"}


def test_a_person_who_writes_again_after_an_erasure_has_their_chat_stored_again(engine):
    store = ConnectorStore(engine)
    store.write(Pending(chats={"p": 4242}))
    store.erase("p")
    with session_scope(engine) as session:
        assert session.get(TelegramPerson, "p") is None
    store.write(Pending(chats={"p": 4242}))  # no per-process memory of "already stored"
    with session_scope(engine) as session:
        assert decrypt(session.get(TelegramPerson, "p").chat_id) == "4242"


def test_an_erasure_from_any_path_deletes_the_chat_messages_telegram_still_allows_first(engine, fake):
    with session_scope(engine) as session:
        session.add(TelegramPerson(sender_key="p", chat_id=encrypt("4242")))
        session.add(Conversation(sender_key="p", events="x"))
        session.add_all(ChatMessage(sender_key="p", message_id=number) for number in range(1, 151))
        session.add(ChatMessage(sender_key="p", message_id=999, sent_at=utcnow() - timedelta(hours=49)))
        session.add(ChatMessage(sender_key="someone-else", message_id=7))
    ConnectorStore(engine).erase("p")
    calls = fake.calls_to("deleteMessages")
    assert {int(call.params["chat_id"]) for call in calls} == {4242}
    assert sorted(i for call in calls for i in call.params["message_ids"]) == list(range(1, 151))
    with session_scope(engine) as session:
        assert list(session.execute(select(ChatMessage.sender_key)).scalars()) == ["someone-else"]
        assert session.get(Conversation, "p") is None


def test_an_erasure_goes_on_when_the_bot_api_refuses_to_delete(engine, fake):
    with session_scope(engine) as session:
        session.add(TelegramPerson(sender_key="p", chat_id=encrypt("4242")))
        session.add(ChatMessage(sender_key="p", message_id=1))
    fake.fail("deleteMessages", 1, error_code=500, retry_after=None, description="Internal Server Error")
    ConnectorStore(engine).erase("p")
    assert len(fake.calls_to("deleteMessages")) == 1
    with session_scope(engine) as session:
        assert session.get(TelegramPerson, "p") is None
        assert session.execute(select(ChatMessage)).first() is None


def in_thread(function, *args):
    """Runs ``function`` in a thread of its own; the thread and the list its error (if any) goes into."""
    errors = []

    def body():
        try:
            function(*args)
        except Exception as error:  # noqa: BLE001 - handed to the test
            errors.append(error)

    thread = threading.Thread(target=body, daemon=True)
    thread.start()
    return thread, errors


def test_two_connectors_saving_one_new_person_at_once_both_succeed(engine):
    store = ConnectorStore(engine)
    with session_scope(engine) as first:  # one connector has inserted the person and not yet committed
        upsert(first, TelegramPerson, {"sender_key": "p", "updated_at": utcnow()}, update=["updated_at"])
        other, errors = in_thread(store.write, Pending(chats={"p": 4242}))
        other.join(0.5)
        assert other.is_alive()  # the other connector's save waits for the first transaction
    other.join(10)
    assert not other.is_alive() and errors == []
    with session_scope(engine) as session:
        assert decrypt(session.get(TelegramPerson, "p").chat_id) == "4242"


def test_two_connectors_keeping_one_update_at_once_keep_it_once(engine):
    store = ConnectorStore(engine)
    with session_scope(engine) as first:
        upsert(first, InboxUpdate, {"fingerprint": "u1", "sender_key": "p", "update": encrypt("{}")})
        other, errors = in_thread(store.keep, "u1", "p", "{}")
        other.join(0.5)
        assert other.is_alive()
    other.join(10)
    assert not other.is_alive() and errors == []
    assert [mark for mark, _ in store.unfinished()] == ["u1"]


def test_an_update_handled_and_stored_is_known_as_taken_on_before(engine):
    store = ConnectorStore(engine)
    store.write(Pending(updates=[(7, "u7")]))
    assert store.taken_before(7, "u7") is True
    assert store.taken_before(7, "u7-other") is False  # the same id with other content is another update
    assert store.taken_before(8, "u8") is False


def test_a_stored_chat_is_kept_and_only_the_sign_of_life_moves(engine):
    store = ConnectorStore(engine)
    store.write(Pending(chats={"p": 1111}))
    with session_scope(engine) as session:
        first = session.get(TelegramPerson, "p").updated_at
    store.write(Pending(chats={"p": 2222}))
    with session_scope(engine) as session:
        row = session.get(TelegramPerson, "p")
        assert decrypt(row.chat_id) == "1111" and row.updated_at >= first
