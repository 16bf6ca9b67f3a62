"""What the Telegram connector keeps: as little as it can.

No names, usernames or phone numbers; a person is their pseudonym (``sender_key``), and the chat id that staff
replies need is stored encrypted. Message ids are kept
only so that /wipe can delete the chat, and dropped after Telegram's 48-hour limit for deleting.
"""

from __future__ import annotations

from sqlalchemy import BigInteger, Column, DateTime, Integer, String, Text

from bot.clock import utcnow
from bot.storage.base import ENCRYPTED, SIGN_OF_LIFE, Base


class TelegramPerson(Base):
    """Where staff replies go: the person's chat. What is known of the person (their language and place) is in their
    case (``bot/cases/record.py:known_state``)."""

    __tablename__ = "telegram_people"

    sender_key = Column(String(128), primary_key=True)
    chat_id = Column(Text, info=ENCRYPTED)
    updated_at = Column(DateTime(timezone=True), nullable=False, default=utcnow, info=SIGN_OF_LIFE)


class ChatMessage(Base):
    """The id of a message in a person's chat (theirs or the bot's), for /wipe."""

    __tablename__ = "telegram_chat_messages"

    id = Column(Integer, primary_key=True, autoincrement=True)
    sender_key = Column(String(128), nullable=False, index=True)
    message_id = Column(BigInteger, nullable=False)
    sent_at = Column(DateTime(timezone=True), nullable=False, default=utcnow, index=True)


class SharedMedia(Base):
    """A photo or voice note the person chose to share with the team (Telegram's file id, not the file)."""

    __tablename__ = "telegram_shared_media"

    id = Column(Integer, primary_key=True, autoincrement=True)
    sender_key = Column(String(128), nullable=False, index=True)
    kind = Column(String(16), nullable=False)
    file_id = Column(Text, nullable=False, info=ENCRYPTED)  # with the bot token it downloads the file
    created_at = Column(DateTime(timezone=True), nullable=False, default=utcnow)


class ProcessedUpdate(Base):
    """Telegram updates already handled, so that none is answered twice after a restart; kept for the dedupe window
    (``bot/telegram/dedupe.py``)."""

    __tablename__ = "telegram_updates"

    update_id = Column(BigInteger, primary_key=True, autoincrement=False)
    fingerprint = Column(String(32))
    received_at = Column(DateTime(timezone=True), nullable=False, default=utcnow, index=True)


class InboxUpdate(Base):
    """An update received and not yet handled, written before Telegram is told it arrived, so that a connector
    killed mid-update answers it after its restart (``bot/telegram/inbox.py``); deleted once handled."""

    __tablename__ = "telegram_inbox"

    fingerprint = Column(String(32), primary_key=True)
    sender_key = Column(String(128), index=True)
    update = Column(Text, nullable=False, info=ENCRYPTED)  # it holds what the person wrote
    received_at = Column(DateTime(timezone=True), nullable=False, default=utcnow, index=True)


class CallbackPayload(Base):
    """A button payload longer than Telegram's 64 bytes of ``callback_data``, under a short key."""

    __tablename__ = "telegram_callback_payloads"

    key = Column(String(32), primary_key=True)
    payload = Column(Text, nullable=False)
