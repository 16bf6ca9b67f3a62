import asyncio
import json

import pytest

from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, Restarted, SessionStarted, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from sqlalchemy import select

from bot.config import DOMAIN
from bot.storage.crypto import decrypt
from bot.storage.database import session_scope
from bot.storage.models import Conversation
from bot.storage.tracker_store import LifelineTrackerStore, events_to_keep


def run(coroutine):
    return asyncio.run(coroutine)


def store_for(url):
    return LifelineTrackerStore(Domain.load(str(DOMAIN)), host=url)


def test_a_conversation_is_saved_and_read_back(database_url):
    store = store_for(database_url)
    tracker = DialogueStateTracker.from_events(
        "person-1",
        [ActionExecuted("action_listen"), UserUttered("I am Vietnamese"), SlotSet("nationality", "VN")],
        store.domain.slots,
    )
    run(store.save(tracker))
    again = run(store.retrieve("person-1"))
    assert again.get_slot("nationality") == "VN"
    assert again.latest_message.text == "I am Vietnamese"
    assert list(run(store.keys())) == ["person-1"]
    assert run(store.retrieve("nobody")) is None


def test_a_restart_forgets_everything_before_it(database_url, engine):
    store = store_for(database_url)
    tracker = DialogueStateTracker.from_events(
        "person-2",
        [UserUttered("they took my passport"), BotUttered("sorry"), Restarted(), ActionExecuted("action_listen")],
        store.domain.slots,
    )
    run(store.save(tracker))
    with session_scope(engine) as session:
        stored = decrypt(session.execute(select(Conversation.events)).scalar_one())
    assert "passport" not in stored and "sorry" not in stored
    assert [e["event"] for e in json.loads(stored)] == ["restart", "action"]


def test_what_people_wrote_is_encrypted_at_rest(database_url, engine):
    store = store_for(database_url)
    secret_words = "they keep us in building 7 near the casino"
    tracker = DialogueStateTracker.from_events(
        "person-3", [UserUttered(secret_words, metadata={"language_code": "th"})], store.domain.slots)
    run(store.save(tracker))
    with engine.connect() as connection:
        raw = str(connection.exec_driver_sql("SELECT * FROM conversations").fetchall())
    assert "casino" not in raw and "language_code" not in raw
    assert run(store.retrieve("person-3")).latest_message.text == secret_words


def test_events_to_keep_without_restart_keeps_all():
    events = [UserUttered("hi"), BotUttered("hello")]
    assert events_to_keep(events) == events


def test_a_conversation_loaded_before_an_erasure_is_never_saved_after_it(database_url, engine):
    from bot.storage.erasure import erase_person

    store = store_for(database_url)
    first = [ActionExecuted("action_listen"), UserUttered("they took my passport")]
    run(store.save(DialogueStateTracker.from_events("person-1", first, store.domain.slots)))
    in_flight = run(store.retrieve("person-1"))  # a message is being answered ...
    in_flight.update(UserUttered("please help"))
    with session_scope(engine) as session:  # ... when the person's data is erased
        erase_person(session, "person-1")
    run(store.save(in_flight))
    with session_scope(engine) as session:
        assert session.get(Conversation, "person-1") is None
    run(store.retrieve("person-1"))  # the person writes again: a new conversation is kept
    run(store.save(DialogueStateTracker.from_events("person-1", [UserUttered("hello")], store.domain.slots)))
    with session_scope(engine) as session:
        assert session.get(Conversation, "person-1") is not None


def test_a_conversation_that_could_not_be_read_is_continued_not_replaced(database_url, engine):
    from bot.processes import free_port

    store = store_for(database_url)
    first = [ActionExecuted("action_listen"), UserUttered("I am Vietnamese"), SlotSet("nationality", "VN")]
    run(store.save(DialogueStateTracker.from_events("person-1", first, store.domain.slots)))
    store._url = f"postgresql+psycopg2://postgres@127.0.0.1:{free_port()}/down"  # the database is out of reach
    with pytest.raises(Exception):  # Rasa's fail-safe store catches this and starts a fresh conversation
        run(store.retrieve("person-1"))
    store._url = database_url  # ... and is back when the fresh conversation is saved
    fresh = [ActionExecuted("action_session_start"), SessionStarted(), UserUttered("help")]
    run(store.save(DialogueStateTracker.from_events("person-1", fresh, store.domain.slots)))
    again = run(store.retrieve_full_tracker("person-1"))
    assert [e.text for e in again.events if isinstance(e, UserUttered)] == ["I am Vietnamese", "help"]
    latest = run(store.retrieve("person-1"))  # Rasa gets the latest session only ...
    latest.update(UserUttered("thank you"))
    run(store.save(latest))  # ... and the sessions before it stay
    again = run(store.retrieve_full_tracker("person-1"))
    assert [e.text for e in again.events if isinstance(e, UserUttered)] == ["I am Vietnamese", "help", "thank you"]


def test_a_new_conversation_is_written_with_its_first_message_not_before(database_url, engine):
    store = store_for(database_url)
    created = run(store.get_or_create_tracker("person-4", append_action_listen=False))  # Rasa saves it as it creates it
    assert not created.events
    with session_scope(engine) as session:
        assert session.get(Conversation, "person-4") is None
    created.update(UserUttered("hello"))
    run(store.save(created))
    assert run(store.retrieve("person-4")).latest_message.text == "hello"

