from datetime import datetime, timedelta, timezone

from bot.cases.models import Case
from bot.cases.queue import clean_filters, queue_page
from bot.cases.urgency import HIGH, NORMAL, URGENT
from bot.storage.database import session_scope

NOW = datetime(2026, 11, 1, 12, tzinfo=timezone.utc)


def add(session, name, urgency, waited_minutes, **fields):
    waiting = NOW - timedelta(minutes=waited_minutes) if waited_minutes is not None else None
    session.add(Case(sender_key=name, urgency=urgency, waiting_since=waiting, status=fields.pop("status", "new"),
                     **fields))


def test_most_urgent_first_then_longest_waiting(engine):
    with session_scope(engine) as session:
        add(session, "calm-long", NORMAL, 600)
        add(session, "urgent-new", URGENT, 1)
        add(session, "urgent-old", URGENT, 30)
        add(session, "high", HIGH, 5)
        add(session, "urgent-answered", URGENT, None)
        add(session, "closed", URGENT, 900, status="closed")
    with session_scope(engine) as session:
        page = queue_page(session, {})
        assert [c.sender_key for c in page.cases] == ["urgent-old", "urgent-new", "urgent-answered", "high",
                                                      "calm-long"]
        assert [c.sender_key for c in queue_page(session, {"status": "closed"}).cases] == ["closed"]


def test_filters_and_pages(engine):
    with session_scope(engine) as session:
        for n in range(120):
            add(session, f"p{n}", n % 3, n, language="th" if n % 2 else "vi", nationality="TH" if n % 2 else "VN")
    with session_scope(engine) as session:
        thai = queue_page(session, clean_filters({"language": "TH"}), page=2)
        assert thai.total == 60 and thai.pages == 2 and len(thai.cases) == 10
        assert all(c.language == "th" for c in thai.cases)
        assert queue_page(session, clean_filters({"nationality": "vn"})).total == 60
        assert queue_page(session, {}, page=99).page == 3


def test_malformed_filters_are_dropped():
    assert clean_filters({"language": "th' OR 1=1 --", "status": "deleted", "assignee": "1; drop",
                          "country": "kh"}) == {"country": "KH"}
