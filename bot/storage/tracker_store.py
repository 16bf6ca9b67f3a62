"""Rasa's tracker store, kept in the project's database.

A restart (``Restarted``, which is also how a person's request to erase their data ends) is a hard forget: only
the events from the last restart on are stored, so nothing said before it survives in the database. The events are
stored encrypted (``bot/storage/crypto.py``). Each save calls :meth:`LifelineTrackerStore.saved` in the same
transaction, so that what is kept about the conversation elsewhere stays in step with it (the Rasa server is
configured with :class:`bot.cases.tracker_store.CaseTrackerStore`, which keeps the person's case up to date).

An erasure (by the person, by staff, by the retention schedule) may happen while Rasa is answering one of the
person's messages, with the conversation loaded before the erasure. Such a tracker is never saved: a conversation
that was there when it was loaded and is gone when it is saved was erased in between, and stays erased (the row is
locked for the check on PostgreSQL, so an erasure running at that moment comes either wholly before or wholly after).

When the database cannot be read, Rasa starts a fresh conversation; if the database is back by the time it is
saved, the fresh conversation is added to the stored one instead of replacing it, so a blip loses no history.
Rasa is given the latest conversation session only; the sessions before it are kept when it is saved.

The database work runs in a worker thread, so that other people's messages are answered meanwhile; a conversation
that has no events yet (Rasa saves one as it creates it) is not written until it has some.
"""

from __future__ import annotations

import json
import logging
from typing import Any, Dict, Iterable, List, Optional, Set

import rasa.shared.core.trackers
from rasa.core.brokers.broker import EventBroker
from rasa.core.tracker_store import SerializedTrackerAsText, TrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import Event, Restarted
from rasa.shared.core.trackers import DialogueStateTracker
from sqlalchemy import select, update
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from bot.clock import utcnow
from bot.config import settings
from bot.storage.crypto import decrypt, encrypt
from bot.storage.database import engine_for, off_the_loop, session_scope
from bot.storage.models import Conversation

logger = logging.getLogger(__name__)

def events_to_keep(events: Iterable[Event]) -> List[Event]:
    """The events from the last ``Restarted`` on (all of them if there was no restart)."""
    kept: List[Event] = []
    for event in events:
        if isinstance(event, Restarted):
            kept = []
        kept.append(event)
    return kept


class LifelineTrackerStore(TrackerStore, SerializedTrackerAsText):
    """Stores each conversation as one row of the ``conversations`` table."""

    def __init__(
        self,
        domain: Optional[Domain] = None,
        host: Optional[str] = None,
        event_broker: Optional[EventBroker] = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(domain, event_broker, **kwargs)
        self._url = host or settings().database_url
        self._loaded: Set[str] = set()  # conversations that had a stored row when they were last loaded
        self._unread: Set[str] = set()  # conversations whose last load failed (the database was out of reach)
        self._earlier: Dict[str, int] = {}  # stored events before the session a loaded conversation was given from

    @property
    def engine(self) -> Engine:
        return engine_for(self._url)

    async def save(self, tracker: DialogueStateTracker) -> None:
        if self.event_broker:
            await self.stream_events(tracker)
        sender = tracker.sender_id
        if not tracker.events and sender not in self._loaded and sender not in self._unread:
            return  # a new conversation with nothing in it yet: it is written with its first message
        was_stored, unread = sender in self._loaded, sender in self._unread
        earlier = self._earlier.pop(sender, 0)
        self._loaded.discard(sender)
        self._unread.discard(sender)
        await off_the_loop(self.engine, self._write, sender, list(tracker.events), was_stored, unread, earlier)

    def _write(self, sender: str, events: List[Event], was_stored: bool, unread: bool, earlier: int) -> None:
        """Stores the conversation, unless it was erased meanwhile."""
        with session_scope(self.engine) as session:
            # Only the key is read (and locked): the stored events are needed only to add a fresh session to them.
            stored_key = session.execute(
                select(Conversation.sender_key).where(Conversation.sender_key == sender).with_for_update()
            ).scalar_one_or_none()
            if stored_key is None and was_stored:
                logger.info("A conversation was erased while a message of it was answered; it stays erased.")
                return
            if stored_key is not None and (unread or earlier):
                row_events = session.execute(
                    select(Conversation.events).where(Conversation.sender_key == sender)).scalar_one()
                stored = json.loads(decrypt(row_events))
                kept_before = (Event.from_parameters(event) for event in (stored if unread else stored[:earlier]))
                events = [event for event in kept_before if event is not None] + events
            kept = events_to_keep(events)
            payload = encrypt(json.dumps([event.as_dict() for event in kept]))
            self.saved(session, sender, kept)
            if stored_key is None:
                session.add(Conversation(sender_key=sender, events=payload, updated_at=utcnow()))
            else:
                session.execute(update(Conversation).where(Conversation.sender_key == sender)
                                .values(events=payload, updated_at=utcnow()))

    def saved(self, session: Session, sender_key: str, events: List[Event]) -> None:
        """Called with the events being stored, in the transaction that stores them; nothing more by default."""

    async def retrieve(self, sender_id: str) -> Optional[DialogueStateTracker]:
        tracker = await self.retrieve_full_tracker(sender_id)
        if tracker is None:
            return None
        sessions = rasa.shared.core.trackers.get_trackers_for_conversation_sessions(tracker)
        if len(sessions) < 2:
            self._earlier.pop(sender_id, None)
            return tracker
        self._earlier[sender_id] = len(tracker.events) - len(sessions[-1].events)
        return sessions[-1]

    async def retrieve_full_tracker(self, sender_id: str) -> Optional[DialogueStateTracker]:
        try:
            payload = await off_the_loop(self.engine, self._read, sender_id)
        except Exception:
            self._unread.add(sender_id)
            raise
        self._unread.discard(sender_id)
        if payload is None:
            self._loaded.discard(sender_id)
            return None
        self._loaded.add(sender_id)
        return DialogueStateTracker.from_dict(sender_id, json.loads(decrypt(payload)), self.domain.slots)

    def _read(self, sender_id: str) -> Optional[str]:
        with session_scope(self.engine) as session:
            return session.execute(
                select(Conversation.events).where(Conversation.sender_key == sender_id)
            ).scalar_one_or_none()

    async def keys(self) -> Iterable[str]:
        with session_scope(self.engine) as session:
            return list(session.execute(select(Conversation.sender_key)).scalars())
