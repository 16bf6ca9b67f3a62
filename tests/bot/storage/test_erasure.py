from sqlalchemy import func, select

from bot.handoff import request_handoff
from bot.storage.database import session_scope
from bot.storage.erasure import erase_person
from bot.storage.models import Conversation, HandoffRequest


def count(session, model, sender):
    return session.execute(select(func.count()).select_from(model).where(model.sender_key == sender)).scalar_one()


def test_erasure_removes_the_person_from_every_table_and_no_one_else(engine):
    with session_scope(engine) as session:
        for sender in ("erase-me", "keep-me"):
            session.add(Conversation(sender_key=sender, events="[]"))
            request_handoff(session, sender, "en", "VN", "KH", None)
    with session_scope(engine) as session:
        removed = erase_person(session, "erase-me")
    assert removed["conversations"] == 1 and removed["handoff_requests"] == 1
    with session_scope(engine) as session:
        assert count(session, Conversation, "erase-me") == count(session, HandoffRequest, "erase-me") == 0
        assert count(session, Conversation, "keep-me") == count(session, HandoffRequest, "keep-me") == 1


def test_a_second_request_for_a_person_refreshes_the_open_one(engine):
    with session_scope(engine) as session:
        request_handoff(session, "p", "en", None, None, None)
    with session_scope(engine) as session:
        request_handoff(session, "p", "th", "TH", "KH", "Poipet")
    with session_scope(engine) as session:
        (only,) = session.execute(select(HandoffRequest)).scalars()
        assert (only.language, only.nationality, only.city) == ("th", "TH", "Poipet")
