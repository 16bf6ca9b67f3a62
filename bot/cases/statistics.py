"""Counts for the statistics page: conversations per day, per language, per intent and per outcome."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta
from typing import Dict, List, Tuple

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.cases.models import Case
from bot.clock import utcnow

Series = List[Tuple[str, int]]


def statistics(session: Session, days: int = 30, today: date | None = None) -> Dict[str, Series]:
    today = today or utcnow().date()
    first = today - timedelta(days=days - 1)
    rows = session.execute(select(Case.created_at, Case.language, Case.reason, Case.last_intent, Case.status)).all()
    per_day: Counter = Counter()
    languages: Counter = Counter()
    intents: Counter = Counter()
    outcomes: Counter = Counter()
    for created, language, reason, last_intent, status in rows:
        if created is not None and created.date() >= first:
            per_day[created.date()] += 1
        languages[language or "?"] += 1
        intents[reason or last_intent or "?"] += 1
        outcomes[status] += 1
    return {
        "per_day": [((first + timedelta(days=n)).isoformat(), per_day[first + timedelta(days=n)])
                    for n in range(days)],
        "languages": languages.most_common(),
        "intents": intents.most_common(),
        "outcomes": outcomes.most_common(),
    }
