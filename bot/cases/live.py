"""Live takeover: a member of staff answers a person instead of the bot.

The console writes the staff member's messages into ``live_messages`` (direction ``out``); the Telegram connector
sends them in id order and marks them delivered. While a case is taken over, the connector stores the person's
messages there too (direction ``in``) instead of passing them to Rasa.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Dict, List, Optional, Set

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from bot.cases.models import Case, LiveMessage, StaffAlert
from bot.cases.record import case_for
from bot.clock import as_utc, utcnow
from bot.i18n.responses import domain_responses
from bot.i18n.say import say_text
from bot.staff import audit
from bot.staff.models import StaffUser
from bot.storage.crypto import decrypt, encrypt

READY_MADE_PREFIX = "utter_staff_reply_"
UNANSWERED_LIMIT = timedelta(minutes=5)
MAX_REPLY_CHARS = 4000


def ready_made_names() -> List[str]:
    return sorted(name for name in domain_responses() if name.startswith(READY_MADE_PREFIX))


def person_text(case: Case, name: str) -> str:
    """A response of the domain in the person's language (with their place's emergency numbers)."""
    language = case.language or "en"
    slots = {"nationality": case.nationality, "country": case.country, "city": case.city}
    return say_text(name, language, slots)


def _queue(session: Session, case: Case, text: str, author: Optional[StaffUser]) -> LiveMessage:
    message = LiveMessage(sender_key=case.sender_key, direction="out", text=encrypt(text),
                          author_id=author.id if author else None)
    session.add(message)
    return message


def take_over(session: Session, case: Case, staff: StaffUser) -> None:
    """The bot stops answering the person; they are told a human has joined."""
    if case.taken_over_by is not None:
        return
    case.taken_over_by = staff.id
    case.assignee_id = case.assignee_id or staff.id
    if case.status == "new":
        case.status = "in_progress"
    _queue(session, case, person_text(case, "utter_staff_joined"), staff)
    audit.record(session, staff.username, "takeover", case.public_id)


def hand_back(session: Session, case: Case, staff: StaffUser) -> None:
    """The bot answers the person again; they are told the human has left."""
    if case.taken_over_by is None:
        return
    case.taken_over_by = None
    _queue(session, case, person_text(case, "utter_staff_left"), staff)
    audit.record(session, staff.username, "hand_back", case.public_id)


def reply(session: Session, case: Case, staff: StaffUser, text: str = "", ready_made: str = "") -> LiveMessage:
    """A staff member's message to the person: their own words, or a ready-made reply in the person's language.
    A reply that cannot be sent raises ``ValueError`` with the key of the console's notice."""
    if ready_made:
        if ready_made not in ready_made_names():
            raise ValueError("reply_unknown")
        text = person_text(case, ready_made)
    text = text.strip()
    if not text:
        raise ValueError("reply_empty")
    if len(text) > MAX_REPLY_CHARS:
        raise ValueError("reply_too_long")
    if case.taken_over_by is None:
        raise ValueError("take_over_first")
    case.waiting_since = None
    message = _queue(session, case, text, staff)
    audit.record(session, staff.username, "reply", case.public_id, ready_made or None)
    return message


def person_wrote(session: Session, sender_key: str, text: str) -> datetime:
    """A message from a person whose conversation a member of staff has taken over; returns since when the person
    has been waiting for a human answer."""
    session.add(LiveMessage(sender_key=sender_key, direction="in", text=encrypt(text)))
    case = case_for(session, sender_key)
    case.last_message_at = utcnow()
    if case.waiting_since is None:
        case.waiting_since = case.last_message_at
    return as_utc(case.waiting_since)


def left_waiting(waiting_since: datetime, moment: Optional[datetime] = None) -> bool:
    """True when a person in a takeover has had no human answer for too long: the bot then gives the emergency
    numbers again, so that a staff member who stepped away never leaves someone in danger with silence."""
    return (moment or utcnow()) - waiting_since >= UNANSWERED_LIMIT


def taken_over(session: Session) -> Set[str]:
    """The people a member of staff is talking to now."""
    return set(session.execute(select(Case.sender_key).where(Case.taken_over_by.isnot(None))).scalars())


def outbox(session: Session, limit: int = 50) -> List[Dict[str, object]]:
    """Staff messages not yet delivered, oldest first."""
    rows = session.execute(
        select(LiveMessage).where(LiveMessage.direction == "out", LiveMessage.delivered_at.is_(None))
        .order_by(LiveMessage.id).limit(limit)
    ).scalars()
    return [{"id": row.id, "sender_key": row.sender_key, "text": decrypt(row.text)} for row in rows]


def delivered(session: Session, message_id: int) -> None:
    session.execute(update(LiveMessage).where(LiveMessage.id == message_id).values(delivered_at=utcnow()))


def undeliverable(session: Session, message_id: int) -> None:
    """A message Telegram refused for good: kept, marked, and not tried again."""
    session.execute(update(LiveMessage).where(LiveMessage.id == message_id)
                    .values(delivered_at=utcnow(), failed=1))


def alerts_to_send(session: Session, limit: int = 20) -> List[StaffAlert]:
    return list(session.execute(
        select(StaffAlert).where(StaffAlert.sent_at.is_(None)).order_by(StaffAlert.id).limit(limit)).scalars())


def alert_sent(session: Session, alert_id: int) -> None:
    session.execute(update(StaffAlert).where(StaffAlert.id == alert_id).values(sent_at=utcnow()))
