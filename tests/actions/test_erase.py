import asyncio

from sqlalchemy import func, select

from actions.erase import ActionDeleteData
from bot.cases.models import Case
from bot.storage.database import engine_for, session_scope
from bot.storage.models import Conversation
from tests.actions.conftest import make_tracker


def rows(url, model, sender):
    with session_scope(engine_for(url)) as session:
        return session.execute(
            select(func.count()).select_from(model).where(model.sender_key == sender)
        ).scalar_one()


def test_delete_data_erases_the_person_and_restarts(action_database, dispatcher):
    with session_scope(engine_for(action_database)) as session:
        session.add(Conversation(sender_key="wipe", events="[]"))
        session.add(Case(sender_key="wipe", status="new", urgency=1))
    events = asyncio.run(ActionDeleteData().run(dispatcher, make_tracker(sender="wipe"), {}))
    assert [e["event"] for e in events] == ["restart"]
    assert [m["response"] for m in dispatcher.messages] == ["utter_data_deleted"]
    assert rows(action_database, Conversation, "wipe") == rows(action_database, Case, "wipe") == 0
