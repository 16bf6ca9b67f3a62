"""A case summary staff can pass to an embassy or an NGO: the facts, not the chat."""

from __future__ import annotations

from typing import Any, Dict, List

from sqlalchemy.orm import Session

from bot.cases.casework import notes
from bot.cases.models import Case
from bot.cases.transcript import Entry
from bot.cases.urgency import LEVELS
from bot.clock import utcnow
from bot.i18n.languages import country_name, language_name


def referral(session: Session, case: Case, entries: List[Entry], staff_language: str = "en") -> Dict[str, Any]:
    said = sorted({e.intent for e in entries if e.who == "person" and e.intent})
    return {
        "case": case.public_id,
        "prepared_at": utcnow().isoformat(timespec="seconds"),
        "status": case.status,
        "urgency": LEVELS[case.urgency or 0],
        "reason": case.reason,
        "language": {"code": case.language, "name": language_name(case.language) if case.language else None},
        "nationality": {"code": case.nationality,
                        "name": country_name(case.nationality, staff_language) if case.nationality else None},
        "location": {"country": case.country,
                     "country_name": country_name(case.country, staff_language) if case.country else None,
                     "city": case.city},
        "situation": said,
        "first_contact": case.created_at.isoformat(timespec="seconds") if case.created_at else None,
        "last_message": case.last_message_at.isoformat(timespec="seconds") if case.last_message_at else None,
        "contacts_given": [e.text for e in entries if e.contact],
        "notes": [text for _, text, _ in notes(session, case)],
    }
