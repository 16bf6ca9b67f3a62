"""Tables of the contact directory."""

from __future__ import annotations

from sqlalchemy import JSON, Boolean, Column, Date, ForeignKey, Index, String, Text
from sqlalchemy.orm import relationship

from bot.storage.base import Base


class Contact(Base):
    __tablename__ = "contacts"

    id = Column(String(64), primary_key=True)
    kind = Column(String(24), nullable=False)
    name = Column(Text, nullable=False)
    country = Column(String(2), nullable=False)
    city = Column(String(64))
    address = Column(Text)
    phones = Column(JSON, nullable=False, default=list)
    short_codes = Column(JSON, nullable=False, default=list)
    email = Column(Text)
    web = Column(Text)
    telegram = Column(Text)
    whatsapp = Column(Text)
    line = Column(Text)
    hours = Column(Text)
    languages = Column(JSON, nullable=False, default=list)
    source = Column(Text, nullable=False)
    source_kind = Column(String(16), nullable=False)
    source_date = Column(String(10))
    checked = Column(Date, nullable=False)
    verified_on = Column(Date)
    verified_method = Column(String(16))
    verified_by = Column(Text)
    verified_outcome = Column(String(16))
    confidence = Column(String(16), nullable=False)
    roles = Column(JSON, nullable=False, default=list)
    fallback = Column(Boolean, nullable=False, default=False)

    serves = relationship("ContactServes", cascade="all, delete-orphan", lazy="selectin")

    __table_args__ = (Index("ix_contacts_country_kind", "country", "kind"),)


class ContactServes(Base):
    """One nationality a contact serves (``ALL`` for everyone)."""

    __tablename__ = "contact_serves"

    contact_id = Column(String(64), ForeignKey("contacts.id", ondelete="CASCADE"), primary_key=True)
    nationality = Column(String(3), primary_key=True, index=True)
