import pytest
from sqlalchemy import select

from bot.cases import casework
from bot.cases.models import Case, CaseNote
from bot.staff.accounts import create_account
from bot.staff.models import AuditEntry, StaffUser
from bot.storage.database import session_scope


@pytest.fixture
def desk(engine):
    with session_scope(engine) as session:
        for name, role in (("dara", "staff"), ("anan", "admin"), ("mai", "translator")):
            create_account(session, name, "long enough password", role)
        session.add(Case(sender_key="person-1", status="new", urgency=1, waiting_since=None))
    return engine


def pick(session, name):
    return session.execute(select(StaffUser).where(StaffUser.username == name)).scalar_one()


def test_notes_are_kept_encrypted_and_read_back_with_their_author(desk):
    with session_scope(desk) as session:
        case = session.execute(select(Case)).scalar_one()
        casework.add_note(session, case, pick(session, "dara"), "  called the embassy  ")
        with pytest.raises(ValueError, match="empty_note"):
            casework.add_note(session, case, pick(session, "dara"), "   ")
    with session_scope(desk) as session:
        case = session.execute(select(Case)).scalar_one()
        assert [(text, author) for _, text, author in casework.notes(session, case)] == [
            ("called the embassy", "dara")]
        assert "embassy" not in session.execute(select(CaseNote.text)).scalar_one()


def test_closing_a_case_stops_its_wait_and_an_unknown_status_is_refused(desk):
    from bot.clock import utcnow

    with session_scope(desk) as session:
        case = session.execute(select(Case)).scalar_one()
        case.waiting_since = utcnow()
        casework.set_status(session, case, pick(session, "dara"), "closed")
        assert (case.status, case.waiting_since) == ("closed", None)
        with pytest.raises(ValueError, match="unknown_status"):
            casework.set_status(session, case, pick(session, "dara"), "lost")


def test_a_case_is_assigned_to_caseworkers_only_and_every_change_is_audited(desk):
    with session_scope(desk) as session:
        case = session.execute(select(Case)).scalar_one()
        assert [u.username for u in casework.caseworkers(session)] == ["anan", "dara"]
        casework.assign(session, case, pick(session, "anan"), pick(session, "dara").id)
        assert case.assignee_id == pick(session, "dara").id
        for refused in (pick(session, "mai").id, 9999):
            with pytest.raises(ValueError, match="unknown_staff"):
                casework.assign(session, case, pick(session, "anan"), refused)
        casework.assign(session, case, pick(session, "anan"), None)
        assert case.assignee_id is None
        audited = session.execute(select(AuditEntry.action, AuditEntry.detail).order_by(AuditEntry.id)).all()
    assert [tuple(row) for row in audited if row[0] == "assign"] == [("assign", "dara"), ("assign", None)]
