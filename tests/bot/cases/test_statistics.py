from datetime import date, datetime, timezone

from bot.cases.models import Case
from bot.cases.statistics import statistics
from bot.storage.database import session_scope


def test_counts_per_day_language_reason_and_outcome(engine):
    def at(day):
        return datetime(2026, 12, day, 9, tzinfo=timezone.utc)

    with session_scope(engine) as session:
        session.add_all([
            Case(sender_key="a", language="th", reason="held_captive", status="new", urgency=2, created_at=at(3)),
            Case(sender_key="b", language="th", last_intent="greet", status="closed", urgency=0, created_at=at(3)),
            Case(sender_key="c", language=None, status="closed", urgency=0, created_at=at(1)),
            Case(sender_key="d", language="vi", reason="held_captive", status="referred", urgency=2,
                 created_at=datetime(2026, 10, 1, tzinfo=timezone.utc)),
        ])
    with session_scope(engine) as session:
        found = statistics(session, days=3, today=date(2026, 12, 3))
    assert found["per_day"] == [("2026-12-01", 1), ("2026-12-02", 0), ("2026-12-03", 2)]
    assert dict(found["languages"]) == {"th": 2, "?": 1, "vi": 1}
    assert found["intents"][0] == ("held_captive", 2) and dict(found["intents"])["greet"] == 1
    assert dict(found["outcomes"]) == {"new": 1, "closed": 2, "referred": 1}
