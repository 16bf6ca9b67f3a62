"""What staff do with a case besides a live takeover: notes, its status, who it is assigned to. Every change is
audited under the staff member's name; a note is stored encrypted."""

from __future__ import annotations

from typing import List, Optional, Tuple

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.cases.models import STATUSES, Case, CaseNote
from bot.staff import audit
from bot.staff.models import StaffUser
from bot.storage.crypto import decrypt, encrypt


def caseworkers(session: Session) -> List[StaffUser]:
    """The active staff a case can be assigned to (translators are not), by name."""
    return list(session.execute(
        select(StaffUser).where(StaffUser.active.is_(True), StaffUser.role != "translator")
        .order_by(StaffUser.username)).scalars())


def notes(session: Session, case: Case) -> List[Tuple[CaseNote, str, Optional[str]]]:
    """The case's notes, oldest first: each with its text and its author's name."""
    return [(note, decrypt(note.text), author) for note, author in session.execute(
        select(CaseNote, StaffUser.username).outerjoin(StaffUser, StaffUser.id == CaseNote.author_id)
        .where(CaseNote.case_id == case.id).order_by(CaseNote.id)).all()]


def add_note(session: Session, case: Case, staff: StaffUser, text: str) -> None:
    text = text.strip()
    if not text:
        raise ValueError("empty_note")
    session.add(CaseNote(case_id=case.id, sender_key=case.sender_key, author_id=staff.id, text=encrypt(text)))
    audit.record(session, staff.username, "note", case.public_id)


def set_status(session: Session, case: Case, staff: StaffUser, status: str) -> None:
    """A closed case waits for nobody."""
    if status not in STATUSES:
        raise ValueError("unknown_status")
    case.status = status
    if status == "closed":
        case.waiting_since = None
    audit.record(session, staff.username, "status", case.public_id, status)


def assign(session: Session, case: Case, staff: StaffUser, assignee_id: Optional[int]) -> None:
    """Assigns the case to a caseworker, or to nobody (``None``)."""
    assignee = session.get(StaffUser, assignee_id) if assignee_id is not None else None
    if assignee_id is not None and (assignee is None or assignee.role == "translator"):
        raise ValueError("unknown_staff")
    case.assignee_id = assignee.id if assignee else None
    audit.record(session, staff.username, "assign", case.public_id, assignee.username if assignee else None)
