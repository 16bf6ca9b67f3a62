"""A case's transcript as staff read it: the conversation with the bot and the live messages, in time order."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import List, Optional, Tuple

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.cases.models import Case, LiveMessage
from bot.clock import as_utc
from bot.staff.models import StaffUser
from bot.storage.crypto import decrypt
from bot.storage.models import Conversation


@dataclass(frozen=True)
class Entry:
    """One message: from the person, the bot or a member of staff."""

    key: str  # unique within the case, ordered as the entries are
    at: datetime
    who: str  # "person", "bot" or "staff"
    text: str
    language: Optional[str] = None
    intent: Optional[str] = None
    confidence: Optional[float] = None
    author: Optional[str] = None
    contact: bool = False  # a contact the bot gave
    delivered: Optional[bool] = None


def _when(timestamp: float) -> datetime:
    return datetime.fromtimestamp(timestamp, timezone.utc)


def bot_entries(session: Session, case: Case, after_index: int = -1) -> List[Entry]:
    payload = session.execute(
        select(Conversation.events).where(Conversation.sender_key == case.sender_key)).scalar_one_or_none()
    if payload is None:
        return []
    entries = []
    for index, event in enumerate(json.loads(decrypt(payload))):
        if index <= after_index:
            continue
        kind = event.get("event")
        if kind == "user":
            parse = event.get("parse_data") or {}
            intent = parse.get("intent") or {}
            entries.append(Entry(
                key=f"c{index:06d}", at=_when(event["timestamp"]), who="person", text=event.get("text") or "",
                language=(parse.get("language") or {}).get("code"), intent=intent.get("name"),
                confidence=intent.get("confidence")))
        elif kind == "bot" and event.get("text"):
            action = (event.get("metadata") or {}).get("utter_action")
            entries.append(Entry(key=f"c{index:06d}", at=_when(event["timestamp"]), who="bot", text=event["text"],
                                 contact=action == "utter_contact"))
    return entries


def live_entries(session: Session, case: Case, after_id: int = 0) -> List[Entry]:
    rows = session.execute(
        select(LiveMessage, StaffUser.username).outerjoin(StaffUser, StaffUser.id == LiveMessage.author_id)
        .where(LiveMessage.sender_key == case.sender_key, LiveMessage.id > after_id).order_by(LiveMessage.id)
    ).all()
    return [Entry(key=f"l{row.id:09d}", at=as_utc(row.created_at), who="staff" if row.direction == "out" else "person",
                  text=decrypt(row.text), author=username,
                  delivered=(row.delivered_at is not None and not row.failed) if row.direction == "out" else None)
            for row, username in rows]


def transcript(session: Session, case: Case, after: str = "") -> List[Entry]:
    """The entries in time order; only those newer than the cursor ``after`` (see :func:`cursor`) when given."""
    after_index, after_id = _parse_cursor(after) if after else (-1, 0)
    return sorted(bot_entries(session, case, after_index) + live_entries(session, case, after_id),
                  key=lambda e: (e.at, e.key))


def cursor(entries: List[Entry], previous: str = "") -> str:
    """Where the entries end: ``<last conversation event index>.<last live message id>``; entries added later
    come after it. ``previous`` is the cursor the entries were read after."""
    index, live = _parse_cursor(previous) if previous else (-1, 0)
    for entry in entries:
        if entry.key.startswith("c"):
            index = max(index, int(entry.key[1:]))
        else:
            live = max(live, int(entry.key[1:]))
    return f"{index}.{live}"


def _parse_cursor(text: str) -> Tuple[int, int]:
    """Raises ValueError for anything :func:`cursor` does not write."""
    index, live = text.split(".")
    if not (index.lstrip("-").isdigit() and live.isdigit()) or len(text) > 24:
        raise ValueError(f"not a cursor: {text[:24]!r}")
    return int(index), int(live)


def delivered_keys(session: Session, case: Case) -> List[str]:
    """The entry keys of staff messages that reached the person (no text: nothing to decrypt)."""
    ids = session.execute(
        select(LiveMessage.id).where(LiveMessage.sender_key == case.sender_key, LiveMessage.direction == "out",
                                     LiveMessage.delivered_at.is_not(None), LiveMessage.failed == 0)
    ).scalars()
    return [f"l{number:09d}" for number in ids]


def contacts_given(entries: List[Entry]) -> List[str]:
    return [entry.text for entry in entries if entry.contact]
