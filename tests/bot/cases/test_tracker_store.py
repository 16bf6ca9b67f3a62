import asyncio

from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from sqlalchemy import select

from bot.cases.models import Case
from bot.cases.tracker_store import CaseTrackerStore
from bot.cases.urgency import HIGH
from bot.config import DOMAIN
from bot.storage.database import session_scope
from bot.storage.erasure import erase_person


def asked_for_a_person(store, sender):
    events = [ActionExecuted("action_listen"),
              UserUttered("can i talk to a person", intent={"name": "request_human", "confidence": 0.9})]
    return DialogueStateTracker.from_events(sender, events, store.domain.slots)


def test_saving_a_conversation_puts_the_person_in_the_queue(database_url, engine):
    store = CaseTrackerStore(Domain.load(str(DOMAIN)), host=database_url)
    asyncio.run(store.save(asked_for_a_person(store, "person-1")))
    with session_scope(engine) as session:
        case = session.execute(select(Case)).scalar_one()
        assert (case.sender_key, case.status, case.urgency, case.reason) == ("person-1", "new", HIGH, "request_human")


def test_a_conversation_erased_while_it_is_answered_leaves_no_case_behind(database_url, engine):
    store = CaseTrackerStore(Domain.load(str(DOMAIN)), host=database_url)
    asyncio.run(store.save(asked_for_a_person(store, "person-2")))
    in_flight = asyncio.run(store.retrieve("person-2"))
    in_flight.update(UserUttered("please", intent={"name": "request_human", "confidence": 0.9}))
    with session_scope(engine) as session:
        erase_person(session, "person-2")
    asyncio.run(store.save(in_flight))
    with session_scope(engine) as session:
        assert session.execute(select(Case)).first() is None
