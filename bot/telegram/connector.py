"""Lifeline on Telegram: a process in front of the Rasa server, built on python-telegram-bot.

It stays up when Rasa is down, so /sos always answers. Every message goes out silently, without link previews,
as escaped HTML; people are known by a pseudonym; updates are taken on once. While a member of staff has taken a
conversation over (``bot/cases/live.py``), the person's messages go to the console instead of Rasa, and the
staff's replies and alerts are sent from the outbox the console writes.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import defaultdict, deque
from datetime import datetime, timedelta
from typing import Any, Deque, Dict, List, Mapping, Optional

from sqlalchemy import delete, select
from sqlalchemy.engine import Engine
from telegram import (
    BotCommand,
    LinkPreviewOptions,
    Message,
    ReplyParameters,
    Update,
)
from telegram.constants import ChatType, ParseMode
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TimedOut
from telegram.ext import (
    AIORateLimiter,
    Application,
    ApplicationBuilder,
    ApplicationHandlerStop,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    TypeHandler,
    filters,
)

from bot.cases import live
from bot.config import Settings
from bot.i18n.conversation import conversation_language
from bot.i18n.languages import LANGUAGES, telegram_code
from bot.i18n.responses import domain_responses, render
from bot.i18n.values import conversation_lookup
from bot.places import gazetteer
from bot.storage.crypto import decrypt, encrypt
from bot.storage.database import session_scope
from bot.storage.erasure import erase_person
from bot.storage.models import utcnow
from bot.storage.retention import purge
from bot.telegram.identity import pseudonym
from bot.telegram.models import ChatMessage, ProcessedUpdate, SharedMedia, TelegramPerson
from bot.telegram.outgoing import MAX_CALLBACK_BYTES, as_html, keyboard, payload_of, split_text
from bot.telegram.rasa_client import RasaClient, RasaUnavailable

logger = logging.getLogger(__name__)

ALLOWED_UPDATES = [Update.MESSAGE, Update.EDITED_MESSAGE, Update.CALLBACK_QUERY]
COMMANDS = ("start", "sos", "human", "language", "wipe", "help")
DELETE_WINDOW = timedelta(hours=48)
LOCATION_RADIUS_KM = 60.0
FLOOD_MESSAGES, FLOOD_SECONDS = 20, 60.0
SEND_ATTEMPTS = 4
PERSON_FIELDS = ("language", "nationality", "country", "city")
PURGE_EVERY = timedelta(hours=6)
MAX_TAKEN_IN_MEMORY = 50_000
LIVE_POLL_SECONDS = 0.1
SAFETY_REPEAT = 600.0  # seconds between two sets of emergency numbers for a person waiting in a takeover
STICKER_MARK, ATTACHMENT_MARK = "\U0001f5bc", "\U0001f4ce"  # what staff see of a sticker without emoji, an attachment


class FloodGate:
    """At most ``limit`` updates a person in ``seconds``; the first refused one is told to slow down."""

    def __init__(self, limit: int = FLOOD_MESSAGES, seconds: float = FLOOD_SECONDS) -> None:
        self.limit, self.seconds = limit, seconds
        self._seen: Dict[str, Deque[float]] = defaultdict(deque)

    def admit(self, person: str, now: Optional[float] = None) -> Optional[bool]:
        """True to go on; False to refuse and warn; None to refuse silently (already warned)."""
        now = time.monotonic() if now is None else now
        seen = self._seen[person]
        while seen and now - seen[0] > self.seconds:
            seen.popleft()
        seen.append(now)
        if len(seen) <= self.limit:
            return True
        return False if len(seen) == self.limit + 1 else None


class Connector:
    def __init__(self, settings: Settings, engine: Engine, rasa: RasaClient) -> None:
        self.settings = settings
        self.engine = engine
        self.rasa = rasa
        self.flood = FloodGate()
        self._locks: Dict[str, asyncio.Lock] = defaultdict(asyncio.Lock)
        self._groups_told: set = set()
        # Written once per update (in _done), in a worker thread, so the event loop never waits on the database.
        self._new_messages: List[ChatMessage] = []
        self._new_state: Dict[str, Dict[str, Any]] = {}
        self._taken: set = set()
        self._chat_known: set = set()  # people whose encrypted chat id is stored
        self._taken_over: set = set()  # people a member of staff is talking to (refreshed by _live)
        self._safety_sent: Dict[str, float] = {}  # when a waiting person last got the numbers in a takeover

    # --- the application ---------------------------------------------------------------------------------------

    def build(self) -> Application:
        api = self.settings.telegram_api_url
        application = (
            ApplicationBuilder()
            .token(self.settings.telegram_token or "")
            .base_url(f"{api}/bot")
            .base_file_url(f"{api}/file/bot")
            .rate_limiter(AIORateLimiter(max_retries=3))
            .concurrent_updates(64)
            .post_init(self._post_init)
            .post_shutdown(self._post_shutdown)
            .build()
        )
        application.add_handler(TypeHandler(Update, self._gate), group=-1)
        private = filters.ChatType.PRIVATE
        for name in COMMANDS:
            application.add_handler(CommandHandler(name, getattr(self, f"_on_{name}"), filters=private))
        application.add_handler(CallbackQueryHandler(self._on_button))
        application.add_handler(MessageHandler(private & filters.LOCATION, self._on_location))
        application.add_handler(MessageHandler(private & filters.TEXT & ~filters.COMMAND, self._on_text))
        application.add_handler(MessageHandler(private & (filters.PHOTO | filters.VOICE), self._on_photo_or_voice))
        application.add_handler(MessageHandler(private & filters.Sticker.ALL, self._on_sticker))
        application.add_handler(MessageHandler(private & ~filters.TEXT & ~filters.COMMAND, self._on_unreadable))
        application.add_handler(TypeHandler(Update, self._done), group=1)
        application.add_error_handler(self._on_error)
        return application

    async def _post_init(self, application: Application) -> None:
        self._prune()
        application.create_task(self._purge_regularly())
        application.create_task(self._live(application))
        for language in LANGUAGES:
            commands = [BotCommand(name, self.text(f"utter_tg_command_{name}", language)) for name in COMMANDS]
            await application.bot.set_my_commands(commands, language_code=telegram_code(language))

    async def _post_shutdown(self, _: Application) -> None:
        await self.rasa.close()

    # --- every update ------------------------------------------------------------------------------------------

    async def _gate(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Once per update, private chats only, and not too fast (/sos always passes)."""
        if not self._take_on(update.update_id):
            raise ApplicationHandlerStop
        chat, user = update.effective_chat, update.effective_user
        if chat is None or user is None:
            raise ApplicationHandlerStop
        if chat.type != ChatType.PRIVATE:
            if chat.id not in self._groups_told and update.effective_message is not None:
                self._groups_told.add(chat.id)
                await self.say(context, chat.id, None, self.response("utter_tg_group", user.language_code))
            raise ApplicationHandlerStop
        message = update.effective_message
        if message is not None and (message.text or "").strip().lower().startswith("/sos"):
            return
        admitted = self.flood.admit(pseudonym(user.id))
        if admitted is False:
            person = self.person(pseudonym(user.id))
            await self.say(context, chat.id, pseudonym(user.id),
                           self.response("utter_tg_slow_down", user.language_code, person))
        if not admitted:
            raise ApplicationHandlerStop
        sender = pseudonym(user.id)
        if sender not in self._chat_known:
            self._chat_known.add(sender)
            self._new_state.setdefault(sender, {})["chat_id"] = encrypt(str(chat.id))

    async def _done(self, update: Update, _: ContextTypes.DEFAULT_TYPE) -> None:
        await self._flush(update.update_id)

    async def _flush(self, update_id: Optional[int] = None) -> None:
        """Writes what the handled updates noted (message ids, the person's state) in one transaction."""
        messages, self._new_messages = self._new_messages, []
        states, self._new_state = self._new_state, {}
        await asyncio.to_thread(self._write, update_id, messages, states)

    def _write(self, update_id: Optional[int], messages: List[ChatMessage], states: Dict[str, Dict[str, Any]]
               ) -> None:
        with session_scope(self.engine) as session:
            session.add_all(messages)
            for sender, state in states.items():
                row = session.get(TelegramPerson, sender) or TelegramPerson(sender_key=sender)
                for name, value in state.items():
                    setattr(row, name, value)
                row.updated_at = utcnow()
                session.add(row)
            if update_id is not None:
                session.merge(ProcessedUpdate(update_id=update_id))

    def _take_on(self, update_id: int) -> bool:
        """False when the update was already taken on: by this process (in memory), or before a restart (in the
        database, where each update is written once handled)."""
        if update_id in self._taken:
            return False
        if len(self._taken) > MAX_TAKEN_IN_MEMORY:  # update ids grow: the oldest half is in the database
            newest = max(self._taken)
            self._taken = {taken for taken in self._taken if taken > newest - MAX_TAKEN_IN_MEMORY // 2}
        self._taken.add(update_id)
        with session_scope(self.engine) as session:
            return session.get(ProcessedUpdate, update_id) is None

    def _prune(self) -> None:
        """Forgets old update ids and message ids that can no longer be deleted."""
        cutoff = utcnow() - DELETE_WINDOW
        with session_scope(self.engine) as session:
            session.execute(delete(ProcessedUpdate).where(ProcessedUpdate.received_at < cutoff))
            session.execute(delete(ChatMessage).where(ChatMessage.sent_at < cutoff))

    async def _purge_regularly(self) -> None:
        """The retention schedule: people older than the retention period are erased every few hours."""
        while True:
            try:
                with session_scope(self.engine) as session:
                    removed = purge(session, self.settings.retention_days)
                logger.info("Retention purge: %s people erased.", removed["people"])
            except Exception:  # noqa: BLE001 - the next run tries again
                logger.exception("The retention purge failed.")
            await asyncio.sleep(PURGE_EVERY.total_seconds())

    async def _on_error(self, update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        logger.error("A Telegram update failed", exc_info=context.error)

    # --- the person ----------------------------------------------------------------------------------------------

    def person(self, sender: str) -> Dict[str, Any]:
        """What is known of the person: stored, and noted by updates not yet written."""
        with session_scope(self.engine) as session:
            row = session.get(TelegramPerson, sender)
            known = {name: getattr(row, name) for name in PERSON_FIELDS} if row else {}
        return {**known, **self._new_state.get(sender, {})}

    def remember(self, sender: str, state: Mapping[str, Any]) -> None:
        noted = self._new_state.setdefault(sender, {})
        noted.update({name: state[name] for name in PERSON_FIELDS if state.get(name)})

    def remember_message(self, sender: Optional[str], message: Optional[Message]) -> None:
        if sender and message is not None:
            self._new_messages.append(ChatMessage(sender_key=sender, message_id=message.message_id))

    # --- words -------------------------------------------------------------------------------------------------

    def language(self, client_language: Optional[str], person: Mapping[str, Any]) -> str:
        return conversation_language(person, {"language_code": client_language})

    def response(self, name: str, client_language: Optional[str], person: Optional[Mapping[str, Any]] = None
                 ) -> Dict[str, Any]:
        person = person or {}
        language = self.language(client_language, person)
        return render(domain_responses()[name][0], language, conversation_lookup(language, person))

    def text(self, name: str, language: str) -> str:
        return render(domain_responses()[name][0], language, conversation_lookup(language, {}))["text"]

    # --- sending -----------------------------------------------------------------------------------------------

    async def say(self, context: ContextTypes.DEFAULT_TYPE, chat_id: int, sender: Optional[str],
                  message: Mapping[str, Any], reply_to: Optional[int] = None) -> List[Message]:
        return await self.say_with(context.bot, chat_id, sender, message, reply_to)

    async def say_with(self, bot: Any, chat_id: int, sender: Optional[str], message: Mapping[str, Any],
                       reply_to: Optional[int] = None) -> List[Message]:
        """Sends one reply (split if long; buttons under the last piece), silently and without previews."""
        pieces = split_text(message.get("text") or "")
        if not pieces:
            return []
        buttons = message.get("buttons") or []
        if any(len(b.get("payload", "").encode()) > MAX_CALLBACK_BYTES for b in buttons):
            with session_scope(self.engine) as session:
                markup = keyboard(session, buttons)
        else:
            markup = keyboard(None, buttons)
        sent = []
        for index, piece in enumerate(pieces):
            last = index == len(pieces) - 1
            sent_message = await self._send(bot, chat_id, piece, markup if last else None,
                                            reply_to if index == 0 else None)
            self.remember_message(sender, sent_message)
            sent.append(sent_message)
        return sent

    async def _send(self, bot: Any, chat_id: int, text: str, markup: Any, reply_to: Optional[int]) -> Message:
        """sendMessage, retried with backoff on network errors (429s are retried by the rate limiter, after the
        ``retry_after`` Telegram asks for)."""
        for attempt in range(SEND_ATTEMPTS):
            try:
                return await bot.send_message(
                    chat_id=chat_id,
                    text=as_html(text),
                    parse_mode=ParseMode.HTML,
                    disable_notification=True,
                    link_preview_options=LinkPreviewOptions(is_disabled=True),
                    reply_markup=markup,
                    reply_parameters=ReplyParameters(reply_to, allow_sending_without_reply=True) if reply_to else None,
                )
            except (RetryAfter, BadRequest):  # BadRequest is a NetworkError that no retry mends
                raise
            except (TimedOut, NetworkError):
                if attempt == SEND_ATTEMPTS - 1:
                    raise
                await asyncio.sleep(0.5 * 2 ** attempt)
        raise RuntimeError("unreachable")

    async def converse(self, update: Update, context: ContextTypes.DEFAULT_TYPE, text: str) -> None:
        """Passes a message to Rasa and sends the replies; the safety numbers if Rasa is out of reach."""
        user, chat = update.effective_user, update.effective_chat
        sender = pseudonym(user.id)
        message = update.effective_message
        metadata = {"language_code": user.language_code, "chat_type": chat.type,
                    "message_id": message.message_id if message else None, "channel": "telegram"}
        async with self._locks[sender]:
            if sender in self._taken_over:
                waiting_since = await asyncio.to_thread(self._to_staff, sender, text)
                if self._safety_due(sender, waiting_since):
                    await self.say(context, chat.id, sender,
                                   self.response("utter_safety_fallback", user.language_code, self.person(sender)))
                return
            try:
                reply = await self.rasa.send(sender, text, metadata)
                self.remember(sender, reply.state)
                messages = reply.messages
            except RasaUnavailable as error:
                logger.error("Rasa is out of reach (%s); answering with the safety numbers.", error)
                messages = [self.response("utter_safety_fallback", user.language_code, self.person(sender))]
            for item in messages:
                await self.say(context, chat.id, sender, item)

    # --- live takeover ---------------------------------------------------------------------------------------

    def _to_staff(self, sender: str, text: str) -> datetime:
        with session_scope(self.engine) as session:
            return live.person_wrote(session, sender, text)

    def _safety_due(self, sender: str, waiting_since: datetime) -> bool:
        """The emergency numbers for a person no human has answered for a while (at most every few minutes)."""
        last = self._safety_sent.get(sender)
        if not live.left_waiting(waiting_since) or (last is not None and time.monotonic() - last < SAFETY_REPEAT):
            return False
        self._safety_sent[sender] = time.monotonic()
        return True

    def _live_work(self) -> tuple:
        with session_scope(self.engine) as session:
            taken = live.taken_over(session)
            outgoing = live.outbox(session)
            alerts = ([(a.id, a.case_public_id, a.reason) for a in live.alerts_to_send(session)]
                      if self.settings.telegram_staff_chat_id is not None else [])
            chats = {}
            for sender in {str(m["sender_key"]) for m in outgoing}:
                row = session.get(TelegramPerson, sender)
                chats[sender] = int(decrypt(row.chat_id)) if row is not None and row.chat_id else None
        return taken, outgoing, alerts, chats

    def _mark(self, function: Any, row_id: int) -> None:
        with session_scope(self.engine) as session:
            function(session, row_id)

    async def _live(self, application: Application) -> None:
        """Follows takeovers, and sends the staff's messages (in order) and the staff group's alerts."""
        while True:
            try:
                taken, outgoing, alerts, chats = await asyncio.to_thread(self._live_work)
                self._taken_over = taken
                for message in outgoing:
                    await self._deliver(application.bot, message, chats.get(str(message["sender_key"])))
                for alert_id, public_id, reason in alerts:
                    await self._alert(application.bot, alert_id, public_id, reason)
            except Exception:  # noqa: BLE001 - the next round tries again
                logger.exception("Sending the staff's messages failed; trying again.")
                await asyncio.sleep(2)
            await asyncio.sleep(LIVE_POLL_SECONDS)

    async def _deliver(self, bot: Any, message: Mapping[str, Any], chat_id: Optional[int]) -> None:
        sender = str(message["sender_key"])
        if chat_id is None:
            logger.warning("A staff message has no chat to go to (the person erased their data?).")
            await asyncio.to_thread(self._mark, live.undeliverable, int(message["id"]))
            return
        try:
            await self.say_with(bot, chat_id, sender, {"text": message["text"]})
        except (Forbidden, BadRequest):  # blocked the bot, or the chat is gone: trying again would not help
            logger.warning("Telegram refused a staff message for good; it is marked undelivered.")
            await asyncio.to_thread(self._mark, live.undeliverable, int(message["id"]))
            return
        await asyncio.to_thread(self._mark, live.delivered, int(message["id"]))
        await self._flush()

    async def _alert(self, bot: Any, alert_id: int, public_id: str, reason: str) -> None:
        language = self.settings.default_language
        link = f"{self.settings.console_url}/cases/{public_id}"
        text = render(domain_responses()["utter_staff_alert"][0], language,
                      conversation_lookup(language, {}, {"reason": reason.replace("_", " "), "link": link}))["text"]
        await self._send(bot, self.settings.telegram_staff_chat_id, text, None, None)
        await asyncio.to_thread(self._mark, live.alert_sent, alert_id)

    # --- handlers ----------------------------------------------------------------------------------------------

    async def _on_text(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        message = update.effective_message
        self.remember_message(pseudonym(update.effective_user.id), message)
        await self.converse(update, context, message.text)

    async def _on_start(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        await self._reply_locally(update, context, "utter_tg_welcome")

    async def _on_help(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        await self._reply_locally(update, context, "utter_tg_help")

    async def _on_language(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        await self._reply_locally(update, context, "utter_choose_language")

    async def _on_sos(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """The numbers to call, from what the connector knows: no round trip to Rasa."""
        await self._reply_locally(update, context, "utter_emergency_numbers")

    async def _on_wipe(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        await self._reply_locally(update, context, "utter_tg_wipe_confirm")

    async def _on_human(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        self.remember_message(pseudonym(update.effective_user.id), update.effective_message)
        await self.converse(update, context, "/request_human")

    async def _reply_locally(self, update: Update, context: ContextTypes.DEFAULT_TYPE, name: str) -> None:
        sender = pseudonym(update.effective_user.id)
        self.remember_message(sender, update.effective_message)
        reply = self.response(name, update.effective_user.language_code, self.person(sender))
        await self.say(context, update.effective_chat.id, sender, reply)

    async def _on_button(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        query = update.callback_query
        await query.answer()
        with session_scope(self.engine) as session:
            payload = payload_of(session, query.data or "")
        if not payload:
            return
        if payload.startswith("!wipe"):
            await self._wipe(update, context, confirmed=payload == "!wipe yes")
        elif payload.startswith("!share"):
            await self._share(update, context, agreed=payload == "!share yes")
        else:
            await self.converse(update, context, payload)

    async def _wipe(self, update: Update, context: ContextTypes.DEFAULT_TYPE, confirmed: bool) -> None:
        user, chat = update.effective_user, update.effective_chat
        sender = pseudonym(user.id)
        person = self.person(sender)
        if not confirmed:
            await self.say(context, chat.id, sender, self.response("utter_tg_wipe_cancelled", user.language_code,
                                                                   person))
            return
        await self._flush()
        with session_scope(self.engine) as session:
            ids = list(session.execute(
                select(ChatMessage.message_id).where(ChatMessage.sender_key == sender,
                                                     ChatMessage.sent_at >= utcnow() - DELETE_WINDOW)
            ).scalars())
            erase_person(session, sender)
        self._chat_known.discard(sender)
        if update.callback_query and update.callback_query.message:
            ids.append(update.callback_query.message.message_id)
        for start in range(0, len(ids), 100):
            try:
                await context.bot.delete_messages(chat.id, sorted(set(ids))[start:start + 100])
            except Exception:  # noqa: BLE001 - what Telegram no longer allows stays; the data is erased anyway
                logger.warning("Telegram refused to delete some messages of a chat being wiped.")
        await self.say(context, chat.id, None, self.response("utter_tg_wipe_done", user.language_code, person))

    async def _share(self, update: Update, context: ContextTypes.DEFAULT_TYPE, agreed: bool) -> None:
        user, chat = update.effective_user, update.effective_chat
        sender = pseudonym(user.id)
        prompt = update.callback_query.message
        original = prompt.reply_to_message if prompt else None
        media = (original.photo[-1] if original and original.photo else original.voice if original else None)
        if agreed and media is not None:
            with session_scope(self.engine) as session:
                session.add(SharedMedia(sender_key=sender, kind="photo" if original.photo else "voice",
                                        file_id=media.file_id))
            name = "utter_tg_media_shared"
        else:
            name = "utter_tg_media_not_kept"
        await self.say(context, chat.id, sender, self.response(name, user.language_code, self.person(sender)))

    async def _on_location(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """A shared location becomes the person's country and city, then the nearest mission of theirs."""
        location = update.effective_message.location
        self.remember_message(pseudonym(update.effective_user.id), update.effective_message)
        city = gazetteer().nearest_city(location.latitude, location.longitude, LOCATION_RADIUS_KM)
        if city is None:
            await self._reply_locally(update, context, "utter_tg_location_unknown")
            return
        await self.converse(update, context, f'/request_embassy{{"country":"{city.country}","city":"{city.name}"}}')

    async def _on_photo_or_voice(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        message = update.effective_message
        sender = pseudonym(update.effective_user.id)
        self.remember_message(sender, message)
        name = "utter_tg_photo" if message.photo else "utter_tg_voice"
        reply = self.response(name, update.effective_user.language_code, self.person(sender))
        await self.say(context, update.effective_chat.id, sender, reply, reply_to=message.message_id)

    async def _on_sticker(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        if not await self._passed_to_staff(update, update.effective_message.sticker.emoji or STICKER_MARK):
            await self._reply_locally(update, context, "utter_tg_sticker")

    async def _on_unreadable(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        if not await self._passed_to_staff(update, ATTACHMENT_MARK):
            await self._reply_locally(update, context, "utter_tg_unreadable")

    async def _passed_to_staff(self, update: Update, mark: str) -> bool:
        """During a takeover, a sticker or an attachment is shown to the staff member (as a mark) and the bot stays
        quiet."""
        sender = pseudonym(update.effective_user.id)
        if sender not in self._taken_over:
            return False
        self.remember_message(sender, update.effective_message)
        await asyncio.to_thread(self._to_staff, sender, mark)
        return True


def run(settings: Settings, engine: Engine) -> None:
    """Serves Telegram until stopped: long polling, or a webhook when ``TELEGRAM_WEBHOOK_URL`` is set."""
    connector = Connector(settings, engine, RasaClient(settings.rasa_url))
    application = connector.build()
    if settings.telegram_webhook_url:
        application.run_webhook(
            listen="0.0.0.0",
            port=settings.telegram_webhook_port,
            url_path="telegram",
            webhook_url=settings.telegram_webhook_url,
            secret_token=webhook_secret(settings),
            allowed_updates=ALLOWED_UPDATES,
            bootstrap_retries=5,
        )
    else:
        application.run_polling(allowed_updates=ALLOWED_UPDATES, bootstrap_retries=5, drop_pending_updates=False)


def webhook_secret(settings: Settings) -> str:
    """Telegram's ``X-Telegram-Bot-Api-Secret-Token``: configured, or derived from the project's secret."""
    if settings.telegram_webhook_secret:
        return settings.telegram_webhook_secret
    import hashlib
    import hmac

    from bot.secret import secret_key

    return hmac.new(secret_key(), b"telegram-webhook", hashlib.sha256).hexdigest()
