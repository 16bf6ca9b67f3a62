from datetime import datetime, timezone

from sqlalchemy import select

from bot.cases import casework
from bot.cases.models import Case
from bot.cases.referral import referral
from bot.cases.transcript import Entry
from bot.staff.accounts import create_account
from bot.staff.models import StaffUser
from bot.storage.database import session_scope


def test_a_referral_gives_the_facts_in_the_staff_language_not_the_chat(engine):
    moment = datetime(2026, 12, 1, 9, tzinfo=timezone.utc)
    with session_scope(engine) as session:
        create_account(session, "dara", "long enough password", "staff")
        session.add(Case(sender_key="p", language="vi", nationality="VN", country="KH", city="Bavet", urgency=2,
                         reason="held_captive", status="in_progress"))
    entries = [Entry("1", moment, "person", "họ nhốt tôi", intent="held_captive"),
               Entry("2", moment, "bot", "Cambodian National Police hotline: 117", contact=True),
               Entry("3", moment, "person", "hộ chiếu bị giữ", intent="passport_confiscated")]
    with session_scope(engine) as session:
        case = session.execute(select(Case)).scalar_one()
        staff = session.execute(select(StaffUser)).scalar_one()
        casework.add_note(session, case, staff, "Called the embassy in Phnom Penh")
        summary = referral(session, case, entries, staff_language="th")
    assert summary["case"] == case.public_id and summary["urgency"] == "urgent"
    assert summary["nationality"] == {"code": "VN", "name": "เวียดนาม"}
    assert summary["location"] == {"country": "KH", "country_name": "กัมพูชา", "city": "Bavet"}
    assert summary["situation"] == ["held_captive", "passport_confiscated"]
    assert summary["contacts_given"] == ["Cambodian National Police hotline: 117"]
    assert summary["notes"] == ["Called the embassy in Phnom Penh"]
    assert "họ nhốt tôi" not in str(summary)
