"""The staff queue: open cases, most urgent first, then whoever has waited longest."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Dict, List, Optional

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.cases.models import STATUSES, Case

PAGE_SIZE = 50
FILTERS = ("language", "nationality", "country", "status", "assignee")


@dataclass
class QueuePage:
    cases: List[Case]
    total: int
    page: int
    pages: int
    filters: Dict[str, str] = field(default_factory=dict)


def clean_filters(raw: Dict[str, str]) -> Dict[str, str]:
    """The filters that are well formed (anything else is ignored, never put in a query as text)."""
    found: Dict[str, str] = {}
    for name in FILTERS:
        value = (raw.get(name) or "").strip()
        if not value:
            continue
        if name == "status" and value not in STATUSES + ("open", "all"):
            continue
        if name in ("language", "nationality", "country") and not (value.isalpha() and len(value) <= 3):
            continue
        if name == "assignee" and not (value.isdigit() or value in ("me", "nobody")):
            continue
        found[name] = value.lower() if name == "language" else value.upper() if len(value) == 2 and name != "status" \
            else value
    return found


def queue_page(session: Session, filters: Dict[str, str], page: int = 1, me: Optional[int] = None,
               page_size: int = PAGE_SIZE) -> QueuePage:
    query = select(Case)
    status = filters.get("status", "open")
    if status == "open":
        query = query.where(Case.status != "closed")
    elif status != "all":
        query = query.where(Case.status == status)
    for name in ("language", "nationality", "country"):
        if filters.get(name):
            query = query.where(getattr(Case, name) == filters[name])
    assignee = filters.get("assignee")
    if assignee == "me":
        query = query.where(Case.assignee_id == me)
    elif assignee == "nobody":
        query = query.where(Case.assignee_id.is_(None))
    elif assignee:
        query = query.where(Case.assignee_id == int(assignee))
    total = session.execute(select(func.count()).select_from(query.subquery())).scalar_one()
    pages = max(1, -(-total // page_size))
    page = min(max(1, page), pages)
    ordered = query.order_by(Case.urgency.desc(), Case.waiting_since.is_(None), Case.waiting_since.asc(), Case.id)
    cases = list(session.execute(ordered.limit(page_size).offset((page - 1) * page_size)).scalars())
    return QueuePage(cases=cases, total=total, page=page, pages=pages, filters=filters)
