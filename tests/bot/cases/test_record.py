from datetime import timezone

from rasa.shared.core.events import SlotSet, UserUttered
from sqlalchemy import select

from bot.cases.models import Case, StaffAlert
from bot.cases.record import known_state, summarise, update_case
from bot.cases.urgency import HIGH, NORMAL, URGENT, most_urgent
from bot.storage.database import session_scope


def seconds(moment):
    return (moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)).timestamp()


def said(text, intent, at, language="th"):
    return UserUttered(text, intent={"name": intent, "confidence": 0.9},
                       parse_data={"language": {"code": language, "confident": True}}, timestamp=at,
                       input_channel="telegram")


def test_the_most_urgent_intent_gives_the_level():
    assert most_urgent(["greet", "request_embassy"]) == (NORMAL, None)
    assert most_urgent(["passport_confiscated", "greet"]) == (HIGH, "passport_confiscated")
    assert most_urgent(["held_captive", "emergency_now", "request_human"]) == (URGENT, "emergency_now")


def test_a_case_follows_its_conversation_and_alerts_once(engine):
    events = [said("สวัสดี", "greet", 1000.0), SlotSet("nationality", "TH"), SlotSet("city", "Poipet"),
              said("โดนขังอยู่", "held_captive", 1060.0)]
    with session_scope(engine) as session:
        update_case(session, "person-1", summarise(events), alerts=True)
    events.append(said("ช่วยด้วย", "greet", 1200.0))
    with session_scope(engine) as session:
        update_case(session, "person-1", summarise(events), alerts=True)
    with session_scope(engine) as session:
        case = session.execute(select(Case)).scalar_one()
        assert (case.urgency, case.reason, case.last_intent) == (URGENT, "held_captive", "greet")
        assert (case.language, case.nationality, case.city, case.channel) == ("th", "TH", "Poipet", "telegram")
        assert seconds(case.waiting_since) == 1000.0 and seconds(case.last_message_at) == 1200.0
        alerts = session.execute(select(StaffAlert)).scalars().all()
        assert [(a.case_public_id, a.reason) for a in alerts] == [(case.public_id, "held_captive")]


def test_what_is_known_of_a_person_is_what_their_case_holds(engine):
    events = [said("xin chào", "greet", 1000.0, "vi"), SlotSet("nationality", "VN"), SlotSet("country", "KH")]
    with session_scope(engine) as session:
        assert known_state(session, "person-3") == {}
        update_case(session, "person-3", summarise(events))
    with session_scope(engine) as session:
        assert known_state(session, "person-3") == {"language": "vi", "nationality": "VN", "country": "KH"}


def test_a_conversation_without_a_message_makes_no_case(engine):
    with session_scope(engine) as session:
        assert update_case(session, "person-2", summarise([SlotSet("language", "vi")])) is None
        assert session.execute(select(Case)).first() is None


def test_a_person_writing_in_a_language_lifeline_does_not_speak_is_marked_for_staff(engine):
    korean = UserUttered("도와주세요", intent={"name": "nlu_fallback", "confidence": 0.2},
                         parse_data={"language": {"code": None, "confident": False, "detected": "ko"}},
                         timestamp=1000.0, input_channel="telegram")
    with session_scope(engine) as session:
        update_case(session, "person-3", summarise([korean]))
    with session_scope(engine) as session:
        assert session.execute(select(Case.written_in)).scalar_one() == "ko"
    with session_scope(engine) as session:
        update_case(session, "person-3", summarise([korean, said("help me", "emergency_now", 1060.0, "en")]))
    with session_scope(engine) as session:
        assert session.execute(select(Case.written_in)).scalar_one() is None
