"""The audit log: every view of a transcript, takeover, reply, export, deletion and sign-in, with who and when."""

from __future__ import annotations

from typing import List, Optional

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.staff.models import AuditEntry


def record(session: Session, actor: Optional[str], action: str, target: Optional[str] = None,
           detail: Optional[str] = None) -> None:
    session.add(AuditEntry(actor=actor, action=action, target=target, detail=detail))


def latest(session: Session, limit: int = 200, offset: int = 0) -> List[AuditEntry]:
    return list(session.execute(
        select(AuditEntry).order_by(AuditEntry.id.desc()).limit(limit).offset(offset)).scalars())
