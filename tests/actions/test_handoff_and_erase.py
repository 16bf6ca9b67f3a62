import asyncio

from sqlalchemy import func, select

from actions.erase import ActionDeleteData
from actions.handoff import ActionRequestHuman
from bot.storage.database import engine_for, session_scope
from bot.storage.models import Conversation, HandoffRequest
from tests.actions.conftest import make_tracker


def rows(url, model, sender):
    with session_scope(engine_for(url)) as session:
        return session.execute(
            select(func.count()).select_from(model).where(model.sender_key == sender)
        ).scalar_one()


def test_asking_for_a_person_records_a_request(action_database, dispatcher):
    tracker = make_tracker(sender="asks", slots={"language": "th", "nationality": "TH", "country": "KH"})
    asyncio.run(ActionRequestHuman().run(dispatcher, tracker, {}))
    assert [m["response"] for m in dispatcher.messages] == ["utter_human_requested"]
    with session_scope(engine_for(action_database)) as session:
        request = session.execute(select(HandoffRequest)).scalar_one()
    assert (request.sender_key, request.language, request.status) == ("asks", "th", "new")


def test_delete_data_erases_the_person_and_restarts(action_database, dispatcher):
    with session_scope(engine_for(action_database)) as session:
        session.add(Conversation(sender_key="wipe", events="[]"))
        session.add(HandoffRequest(sender_key="wipe"))
    events = asyncio.run(ActionDeleteData().run(dispatcher, make_tracker(sender="wipe"), {}))
    assert [e["event"] for e in events] == ["restart"]
    assert [m["response"] for m in dispatcher.messages] == ["utter_data_deleted"]
    assert rows(action_database, Conversation, "wipe") == rows(action_database, HandoffRequest, "wipe") == 0
