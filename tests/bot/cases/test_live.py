import pytest
from sqlalchemy import select

from bot.cases import live
from bot.cases.models import Case, LiveMessage
from bot.cases.transcript import transcript
from bot.staff.accounts import create_account
from bot.staff.models import AuditEntry
from bot.storage.database import session_scope


@pytest.fixture
def case_and_staff(engine):
    with session_scope(engine) as session:
        create_account(session, "somchai", "long enough password", "staff")
        session.add(Case(sender_key="person-th", language="th", country="KH", urgency=2, status="new"))
    return engine


def test_a_takeover_in_thai_from_joining_to_handing_back(case_and_staff):
    engine = case_and_staff
    with session_scope(engine) as session:
        case = session.execute(select(Case)).scalar_one()
        staff = session.execute(select(live.StaffUser)).scalar_one()
        live.take_over(session, case, staff)
        live.reply(session, case, staff, ready_made="utter_staff_reply_are_you_safe")
        assert live.taken_over(session) == {"person-th"}
    with session_scope(engine) as session:
        live.person_wrote(session, "person-th", "ปลอดภัยค่ะ")
        queued = live.outbox(session)
        joined, question = [m["text"] for m in queued]
        # In Thai, the person's language (the words of the Thai catalog).
        assert joined.startswith("ตอนนี้มีคนจากทีมงาน Lifeline") and "/sos" in joined
        assert question.startswith("ตอนนี้คุณพิมพ์ได้อย่างปลอดภัยไหม")
        for message in queued:
            live.delivered(session, message["id"])
        assert live.outbox(session) == []
    with session_scope(engine) as session:
        case = session.execute(select(Case)).scalar_one()
        staff = session.execute(select(live.StaffUser)).scalar_one()
        assert case.status == "in_progress" and case.assignee_id == staff.id and case.waiting_since is not None
        live.hand_back(session, case, staff)
        assert live.taken_over(session) == set()
        assert [e.who for e in transcript(session, case)] == ["staff", "staff", "person", "staff"]
        actions = [a.action for a in session.execute(select(AuditEntry).order_by(AuditEntry.id)).scalars()]
        assert actions == ["takeover", "reply", "hand_back"]
        stored = session.execute(select(LiveMessage.text)).scalars().all()
        assert not any("ปลอดภัย" in text for text in stored)  # encrypted at rest


@pytest.mark.parametrize("kwargs, problem", [
    ({"text": "   "}, "reply_empty"), ({"ready_made": "utter_greet"}, "reply_unknown"),
    ({"text": "x" * 5000}, "reply_too_long"),
])
def test_replies_that_cannot_be_sent(case_and_staff, kwargs, problem):
    with session_scope(case_and_staff) as session:
        case = session.execute(select(Case)).scalar_one()
        staff = session.execute(select(live.StaffUser)).scalar_one()
        live.take_over(session, case, staff)
        with pytest.raises(ValueError, match=problem):
            live.reply(session, case, staff, **kwargs)


def test_no_reply_before_a_takeover(case_and_staff):
    with session_scope(case_and_staff) as session:
        case = session.execute(select(Case)).scalar_one()
        staff = session.execute(select(live.StaffUser)).scalar_one()
        with pytest.raises(ValueError, match="take_over_first"):
            live.reply(session, case, staff, text="hello")


def test_a_person_left_waiting_in_a_takeover_is_noticed(case_and_staff):
    with session_scope(case_and_staff) as session:
        since = live.person_wrote(session, "person-th", "ยังอยู่ไหม")
        assert not live.left_waiting(since)
        assert live.left_waiting(since, since + live.UNANSWERED_LIMIT)
        assert live.person_wrote(session, "person-th", "ช่วยด้วย") == since  # still waiting since the first one
