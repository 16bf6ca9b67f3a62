"""Requests from a person to talk to a member of staff."""

from __future__ import annotations

from typing import Optional

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.storage.models import HandoffRequest


def request_handoff(
    session: Session,
    sender_key: str,
    language: Optional[str],
    nationality: Optional[str],
    country: Optional[str],
    city: Optional[str],
) -> HandoffRequest:
    """Records the request, or refreshes the person's open one (one open request per person)."""
    open_request = session.execute(
        select(HandoffRequest).where(HandoffRequest.sender_key == sender_key, HandoffRequest.status == "new")
    ).scalar_one_or_none()
    request = open_request or HandoffRequest(sender_key=sender_key, status="new")
    request.language, request.nationality, request.country, request.city = language, nationality, country, city
    session.add(request)
    return request
