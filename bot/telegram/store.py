"""All of the Telegram connector's database work, as plain blocking functions.

The connector calls them through :meth:`ConnectorStore.run`, in a worker thread, so that a slow or stopped database
never stalls the event loop, and so that a failure is the caller's to handle (the paths that answer a person in
danger answer without the database).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, Callable, Dict, List, Mapping, Optional, Sequence, Set, Tuple, TypeVar

from sqlalchemy import delete, select
from sqlalchemy.engine import Engine

from bot.cases import live
from bot.cases.record import known_state
from bot.clock import as_utc, utcnow
from bot.storage.crypto import decrypt, encrypt
from bot.storage.database import off_the_loop, session_scope
from bot.storage.erasure import erase_person
from bot.storage.upsert import upsert
from bot.telegram.dedupe import WINDOW
from bot.telegram.deletion import DELETE_WINDOW
from bot.telegram.models import ChatMessage, InboxUpdate, ProcessedUpdate, SharedMedia, TelegramPerson
from bot.telegram.outgoing import keyboard, payload_of

logger = logging.getLogger(__name__)

Result = TypeVar("Result")


@dataclass
class Pending:
    """What handled updates noted and the next write stores in one transaction."""

    updates: List[Tuple[int, str]] = field(default_factory=list)
    dropped: List[str] = field(default_factory=list)  # fingerprints of copies of updates taken on already
    messages: List[Tuple[str, int]] = field(default_factory=list)
    chats: Dict[str, int] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return bool(self.updates or self.dropped or self.messages or self.chats)

    def merge(self, older: "Pending") -> None:
        """Puts back what a failed write could not store, before what was noted since."""
        self.updates[:0] = older.updates
        self.dropped[:0] = older.dropped
        self.messages[:0] = older.messages
        self.chats = {**older.chats, **self.chats}


@dataclass
class LiveWork:
    taken: Set[str]
    outgoing: List[Dict[str, Any]]
    alerts: List[Tuple[int, str, str]]
    chats: Dict[str, Optional[int]]


class ConnectorStore:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    async def run(self, function: Callable[..., Result], *args: Any) -> Result:
        """Runs one of the functions below off the event loop."""
        return await off_the_loop(self.engine, function, *args)

    # --- the person ---

    def person(self, sender: str) -> Dict[str, str]:
        """What the person's case knows of them: their conversation's language and their place."""
        with session_scope(self.engine) as session:
            return known_state(session, sender)

    def write(self, pending: Pending) -> None:
        """Stores message ids, the people's chats (their chat id where none is stored: after an erasure elsewhere
        too) and the updates taken on (no longer in the inbox), in one transaction."""
        with session_scope(self.engine) as session:
            session.add_all(ChatMessage(sender_key=sender, message_id=message_id)
                            for sender, message_id in pending.messages)
            for sender in sorted(pending.chats):  # rows locked in one order everywhere
                # One statement: another connector saving the same new person at once is waited for, not raced.
                upsert(session, TelegramPerson, {"sender_key": sender, "chat_id": encrypt(str(pending.chats[sender])),
                                                 "updated_at": utcnow()}, update=["updated_at"], fill=["chat_id"])
            for update_id, mark in pending.updates:
                upsert(session, ProcessedUpdate, {"update_id": update_id, "fingerprint": mark, "received_at": utcnow()},
                       update=["fingerprint", "received_at"])
            done = [mark for _, mark in pending.updates] + pending.dropped
            if done:
                session.execute(delete(InboxUpdate).where(InboxUpdate.fingerprint.in_(done)))

    def erase(self, sender: str) -> None:
        """Everything of the person, their chat's messages at Telegram first."""
        with session_scope(self.engine) as session:
            erase_person(session, sender)

    # --- updates ---

    def keep(self, mark: str, sender: Optional[str], update: str) -> None:
        """An update received and not yet handled (``bot/telegram/inbox.py``)."""
        with session_scope(self.engine) as session:
            upsert(session, InboxUpdate, {"fingerprint": mark, "sender_key": sender, "update": encrypt(update),
                                          "received_at": utcnow()})  # kept once, by whichever connector is first

    def unfinished(self, older_than: timedelta = timedelta(0)) -> List[Tuple[str, str]]:
        """The updates received within the dedupe window and not yet handled (and received ``older_than`` ago),
        oldest first, as fingerprints and updates."""
        with session_scope(self.engine) as session:
            now = utcnow()
            rows = session.execute(select(InboxUpdate.fingerprint, InboxUpdate.update)
                                   .where(InboxUpdate.received_at >= now - WINDOW)
                                   .where(InboxUpdate.received_at <= now - older_than)
                                   .order_by(InboxUpdate.received_at)).all()
            return [(mark, decrypt(update)) for mark, update in rows]

    def taken_before(self, update_id: int, mark: str) -> bool:
        """True when this very update was taken on within the dedupe window (before a restart)."""
        with session_scope(self.engine) as session:
            row = session.execute(select(ProcessedUpdate.fingerprint, ProcessedUpdate.received_at)
                                  .where(ProcessedUpdate.update_id == update_id)).one_or_none()
            return row is not None and row.fingerprint == mark and as_utc(row.received_at) >= utcnow() - WINDOW

    def prune(self) -> None:
        """Forgets update ids past the dedupe window and message ids that can no longer be deleted."""
        with session_scope(self.engine) as session:
            session.execute(delete(ProcessedUpdate).where(ProcessedUpdate.received_at < utcnow() - WINDOW))
            session.execute(delete(InboxUpdate).where(InboxUpdate.received_at < utcnow() - WINDOW))
            session.execute(delete(ChatMessage).where(ChatMessage.sent_at < utcnow() - DELETE_WINDOW))

    # --- buttons and media ---

    def markup(self, buttons: Sequence[Mapping[str, Any]]) -> Any:
        with session_scope(self.engine) as session:
            return keyboard(session, buttons)

    def payload(self, data: str) -> Optional[str]:
        with session_scope(self.engine) as session:
            return payload_of(session, data)

    def share(self, sender: str, kind: str, file_id: str) -> None:
        with session_scope(self.engine) as session:
            session.add(SharedMedia(sender_key=sender, kind=kind, file_id=encrypt(file_id)))

    # --- live takeover ---

    def to_staff(self, sender: str, text: str) -> datetime:
        with session_scope(self.engine) as session:
            return live.person_wrote(session, sender, text)

    def live_work(self, with_outbox: bool, with_alerts: bool) -> LiveWork:
        """Who is taken over, the staff's messages to send (with their chats, read now: never cached) and alerts."""
        with session_scope(self.engine) as session:
            taken = live.taken_over(session)
            outgoing = live.outbox(session) if with_outbox else []
            alerts = ([(a.id, a.case_public_id, a.reason) for a in live.alerts_to_send(session)]
                      if with_alerts else [])
            chats: Dict[str, Optional[int]] = {}
            for sender in {str(m["sender_key"]) for m in outgoing}:
                row = session.get(TelegramPerson, sender)
                chats[sender] = int(decrypt(row.chat_id)) if row is not None and row.chat_id else None
        return LiveWork(taken, outgoing, alerts, chats)

    def mark(self, function: Callable[[Any, int], None], row_id: int) -> None:
        with session_scope(self.engine) as session:
            function(session, row_id)
