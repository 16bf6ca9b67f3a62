"""Named trackers and a real database for the actions (as the action server would run them)."""

from __future__ import annotations

from typing import Any, Dict, List, Optional

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from bot.config import settings
from bot.directory.importer import import_records
from bot.directory.records import load_records
from bot.storage.database import engine_for, session_scope


@pytest.fixture
def action_database(database_url: str, monkeypatch: pytest.MonkeyPatch) -> str:
    """The actions' database (``DATABASE_URL``), with the contact directory imported."""
    monkeypatch.setenv("DATABASE_URL", database_url)
    settings.cache_clear()
    with session_scope(engine_for(database_url)) as session:
        import_records(session, load_records().records)
    yield database_url
    settings.cache_clear()


@pytest.fixture
def dispatcher() -> CollectingDispatcher:
    return CollectingDispatcher()


def make_tracker(
    sender: str = "person-1",
    slots: Optional[Dict[str, Any]] = None,
    text: str = "",
    intent: str = "inform_location",
    entities: Optional[List[Dict[str, Any]]] = None,
    events: Optional[List[Dict[str, Any]]] = None,
) -> Tracker:
    message = {"text": text, "intent": {"name": intent, "confidence": 0.9}, "entities": entities or []}
    return Tracker(
        sender_id=sender,
        slots=dict(slots or {}),
        latest_message=message,
        events=(events or []) + [{"event": "user", "text": text, "parse_data": message}],
        paused=False,
        followup_action=None,
        active_loop={},
        latest_action_name="action_listen",
    )


@pytest.fixture
def vietnamese_in_sihanoukville() -> Tracker:
    return make_tracker(slots={"nationality": "VN", "city": "Sihanoukville", "need": "embassy"})


@pytest.fixture
def malaysian_in_poipet_needing_a_hotline() -> Tracker:
    return make_tracker(slots={"nationality": "MY", "country": "KH", "city": "Poipet", "need": "hotline"})


@pytest.fixture
def unknown_person() -> Tracker:
    return make_tracker(slots={"need": "emergency"})
