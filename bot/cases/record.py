"""Keeping each person's case up to date from their conversation (called when Rasa saves a tracker).

The case is the one record of what is known of a person (their conversation's language, nationality, country and
city): staff read it in the queue, and the Telegram connector reads it for its own replies (:func:`known_state`).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any, Dict, Iterable, List, Optional

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.cases.models import Case, StaffAlert
from bot.cases.urgency import URGENT, most_urgent
from bot.clock import as_utc, utcnow
from bot.i18n.conversation import language_of_events
from bot.i18n.languages import LANGUAGES

logger = logging.getLogger(__name__)
PLACE_SLOTS = ("nationality", "country", "city")
STATE = ("language", *PLACE_SLOTS)


@dataclass
class Summary:
    """What the queue needs to know of a conversation."""

    language: Optional[str] = None
    written_in: Optional[str] = None  # the last message's language, when Lifeline does not speak it
    channel: Optional[str] = None
    slots: Dict[str, Any] = field(default_factory=dict)
    intents: List[str] = field(default_factory=list)
    message_times: List[datetime] = field(default_factory=list)

    @property
    def last_message_at(self) -> Optional[datetime]:
        return self.message_times[-1] if self.message_times else None


def summarise(events: Iterable[Any]) -> Summary:
    """The summary of a tracker's events (Rasa ``Event`` objects)."""
    from rasa.shared.core.events import SlotSet, UserUttered

    events = list(events)
    summary = Summary(language=language_of_events(events))
    for event in events:
        if isinstance(event, SlotSet) and event.key in PLACE_SLOTS:
            summary.slots[event.key] = event.value
        elif isinstance(event, UserUttered):
            intent = (event.intent or {}).get("name")
            if intent:
                summary.intents.append(intent)
            summary.message_times.append(datetime.fromtimestamp(event.timestamp, timezone.utc))
            detected = ((event.parse_data or {}).get("language") or {}).get("detected")
            summary.written_in = detected if detected and detected not in LANGUAGES else None
            summary.channel = (event.metadata or {}).get("channel") or event.input_channel or summary.channel
    return summary


def case_for(session: Session, sender_key: str) -> Case:
    case = session.execute(select(Case).where(Case.sender_key == sender_key)).scalar_one_or_none()
    if case is None:
        case = Case(sender_key=sender_key, status="new", urgency=0)
        session.add(case)
    return case


def known_state(session: Session, sender_key: str) -> Dict[str, str]:
    """What the person's case knows of them (the language and the place slots that are set); empty if no case."""
    row = session.execute(select(*(getattr(Case, name) for name in STATE))
                          .where(Case.sender_key == sender_key)).one_or_none()
    return {name: value for name, value in zip(STATE, row or ()) if value}


def update_case(session: Session, sender_key: str, summary: Summary, alerts: bool = False) -> Optional[Case]:
    """Brings the person's case up to date; queues a staff alert the first time it becomes urgent."""
    if summary.last_message_at is None:
        return None
    case = case_for(session, sender_key)
    case.language = summary.language or case.language
    case.written_in = summary.written_in
    case.channel = summary.channel or case.channel
    for name in PLACE_SLOTS:
        if summary.slots.get(name):
            setattr(case, name, summary.slots[name])
    level, reason = most_urgent(summary.intents)
    if level > (case.urgency or 0):
        case.urgency, case.reason = level, reason
    case.last_intent = summary.intents[-1] if summary.intents else case.last_intent
    known = as_utc(case.last_message_at) if case.last_message_at is not None else None
    new = [moment for moment in summary.message_times if known is None or moment > known]
    if new:
        case.last_message_at = new[-1]
        if case.waiting_since is None and case.status != "closed":
            case.waiting_since = new[0]
    if alerts and case.urgency >= URGENT and case.alerted_at is None:
        case.alerted_at = utcnow()
        session.flush()
        session.add(StaffAlert(case_public_id=case.public_id, reason=case.reason or "urgent"))
    return case
