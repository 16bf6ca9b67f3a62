from sqlalchemy import func, select

from bot.cases.models import Case
from bot.storage.database import session_scope
from bot.storage.erasure import erase_person
from bot.storage.models import Conversation


def count(session, model, sender):
    return session.execute(select(func.count()).select_from(model).where(model.sender_key == sender)).scalar_one()


def test_erasure_removes_the_person_from_every_table_and_no_one_else(engine):
    with session_scope(engine) as session:
        for sender in ("erase-me", "keep-me"):
            session.add(Conversation(sender_key=sender, events="[]"))
            session.add(Case(sender_key=sender, status="new", urgency=1))
    with session_scope(engine) as session:
        removed = erase_person(session, "erase-me")
    assert removed["conversations"] == 1 and removed["cases"] == 1
    with session_scope(engine) as session:
        assert count(session, Conversation, "erase-me") == count(session, Case, "erase-me") == 0
        assert count(session, Conversation, "keep-me") == count(session, Case, "keep-me") == 1
