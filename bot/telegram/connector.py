"""Lifeline on Telegram: a process in front of the Rasa server, built on python-telegram-bot.

It stays up when Rasa is down, so /sos always answers. Every message goes out silently, without link previews,
as escaped HTML; people are known by a pseudonym; updates are taken on once. While a member of staff has taken a
conversation over (``bot/cases/live.py``), the person's messages go to the console instead of Rasa, and the
staff's replies and alerts are sent from the outbox the console writes.

Several connectors can share the work behind one balancer (webhook mode): with ``LIFELINE_REDIS_URL`` set, update
claims, flood windows and a lock per person live in Redis (``bot/telegram/shared.py``), and one connector at a time
sends the outbox and the alerts (``bot/storage/leader.py``); the bot's sending rate is shared too
(``bot/telegram/send_rate.py``).
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any, Callable, Dict, List, Mapping, Optional, TypeVar

from telegram import BotCommand, Message, Update
from telegram.constants import ChatType
from telegram.ext import (
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
from sqlalchemy.engine import Engine

from bot.config import Settings
from bot.i18n.languages import LANGUAGES, telegram_code
from bot.places import gazetteer
from bot.telegram.chat_lock import ChatLocks
from bot.telegram.claims import Claims
from bot.telegram.dedupe import RecentUpdates, fingerprint
from bot.telegram.flood import FloodGate, SharedFloodGate, sos_gate
from bot.telegram.identity import pseudonym
from bot.telegram.inbox import Inbox
from bot.telegram import words
from bot.telegram.outgoing import MAX_CALLBACK_BYTES, joined, keyboard, send_silently, split_text
from bot.telegram.rasa_client import RasaClient, RasaUnavailable
from bot.telegram.send_rate import Rate, SharedRateLimiter
from bot.telegram.shared import Shared
from bot.telegram.store import ConnectorStore, Pending
from bot.telegram.takeover import Takeover

logger = logging.getLogger(__name__)

ALLOWED_UPDATES = [Update.MESSAGE, Update.EDITED_MESSAGE, Update.CALLBACK_QUERY]
COMMANDS = ("start", "sos", "human", "language", "wipe", "help")
LOCATION_RADIUS_KM = 60.0
MAINTAIN_EVERY = 600.0  # seconds between two prunes of what the dedupe window and /wipe no longer need
STILL_HERE_AFTER = 5.0  # seconds Rasa may take before the person is told, calmly, that an answer is coming
STICKER_MARK, ATTACHMENT_MARK = "\U0001f5bc", "\U0001f4ce"  # what staff see of a sticker without emoji, an attachment
Result = TypeVar("Result")


class Connector:
    def __init__(self, settings: Settings, engine: Engine, rasa: RasaClient) -> None:
        self.settings = settings
        self.store = ConnectorStore(engine)
        self.rasa = rasa
        self.shared = Shared(settings.redis_url)  # several connectors share their state here
        self.claims = Claims(self.shared)
        self.flood = SharedFloodGate(self.shared, FloodGate(), "all")
        self.sos_flood = SharedFloodGate(self.shared, sos_gate(), "sos")
        self.recent = RecentUpdates()
        self.locks = ChatLocks(self.shared)
        self._groups_told: set = set()
        self._pending = Pending()  # written once per update (in _done), off the event loop
        self.inbox = Inbox(self.store, self.claims)
        self.takeover = Takeover(settings, self.store, self.shared, self.say_with, self._send_text, self._flush)

    # --- the application ---------------------------------------------------------------------------------------

    def build(self) -> Application:
        api = self.settings.telegram_api_url
        application = (
            ApplicationBuilder()
            .token(self.settings.telegram_token or "")
            .base_url(f"{api}/bot")
            .base_file_url(f"{api}/file/bot")
            .rate_limiter(SharedRateLimiter(self.shared, self.settings.telegram_token or "",
                                            Rate(self.settings.telegram_sends_per_second), max_retries=3))
            .concurrent_updates(64)
            .update_queue(self.inbox)
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
        application.add_handler(MessageHandler(private & filters.COMMAND, self._on_help))  # a command we lack
        application.add_handler(TypeHandler(Update, self._done), group=1)
        application.add_error_handler(self._on_error)
        return application

    async def _post_init(self, application: Application) -> None:
        application.create_task(self.claims.heartbeat())
        await self.inbox.replay(application.bot)
        application.create_task(self.inbox.rescue(application.bot))
        application.create_task(self._maintain())
        application.create_task(self.takeover.run(application.bot))
        for language in LANGUAGES:
            commands = [BotCommand(name, words.text(f"utter_tg_command_{name}", language)) for name in COMMANDS]
            await application.bot.set_my_commands(commands, language_code=telegram_code(language))

    async def _post_shutdown(self, _: Application) -> None:
        await self._flush()
        await self.rasa.close()
        await self.shared.close()

    async def _maintain(self) -> None:
        """Forgets, every few minutes, what the dedupe window, /wipe and the flood gates no longer need."""
        while True:
            self.recent.prune()
            self.flood.local.forget_idle()
            self.sos_flood.local.forget_idle()
            self.locks.forget_idle()
            await self._quietly(self.store.prune, None)
            await asyncio.sleep(MAINTAIN_EVERY)

    async def _quietly(self, function: Callable[..., Result], failed: Result, *args: Any) -> Result:
        """Database work whose failure must not stop an answer: logged, and ``failed`` is used instead."""
        try:
            return await self.store.run(function, *args)
        except Exception as error:  # noqa: BLE001 - a database out of reach is logged; the person still gets an answer
            logger.error("The database failed (%s); answering without it.", type(error).__name__)
            return failed

    # --- every update ------------------------------------------------------------------------------------------

    async def _gate(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Once per update, private chats only, and not too fast (/sos has a generous limit of its own)."""
        mark = fingerprint(update)
        if not self.recent.take_on(update.update_id, mark):
            raise ApplicationHandlerStop  # a copy of an update this process has (or is) handling
        if await self._quietly(self.store.taken_before, False, update.update_id, mark):
            self._pending.dropped.append(mark)  # handled before a restart: its copy leaves the inbox
            raise ApplicationHandlerStop
        chat, user = update.effective_chat, update.effective_user
        if chat is None or user is None:
            self._handled(update, mark)
        if chat.type != ChatType.PRIVATE:
            if chat.id not in self._groups_told and update.effective_message is not None:
                self._groups_told.add(chat.id)
                await self.say(context, chat.id, None, words.response("utter_tg_group", user.language_code))
            self._handled(update, mark)
        sender = pseudonym(user.id)
        message = update.effective_message
        sos = message is not None and (message.text or "").strip().lower().startswith("/sos")
        admitted = await (self.sos_flood if sos else self.flood).admit(sender)
        if admitted is False:
            await self.say(context, chat.id, sender,
                           words.response("utter_tg_slow_down", user.language_code, await self.person(sender)))
        if not admitted:
            self._handled(update, mark)
        self._pending.chats[sender] = chat.id

    def _handled(self, update: Update, mark: str) -> None:
        """Notes an update the gate has answered (or refused) in full, and stops it there."""
        self._pending.updates.append((update.update_id, mark))
        raise ApplicationHandlerStop

    async def _done(self, update: Update, _: ContextTypes.DEFAULT_TYPE) -> None:
        """Only now is the update noted as handled: a restart before this answers it again (from the inbox)."""
        self._pending.updates.append((update.update_id, fingerprint(update)))
        await self._flush()

    async def _flush(self) -> None:
        """Writes what the handled updates noted in one transaction; kept for the next try if the database fails."""
        pending, self._pending = self._pending, Pending()
        await self.claims.answered(mark for _, mark in pending.updates)
        if pending and await self._quietly(self.store.write, False, pending) is False:
            self._pending.merge(pending)

    async def _on_error(self, update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        logger.error("A Telegram update failed", exc_info=context.error)

    # --- the person ----------------------------------------------------------------------------------------------

    async def person(self, sender: str) -> Dict[str, str]:
        """What the person's case knows of them (nothing, if the database is out of reach): Rasa's tracker store
        brings it up to date before Rasa answers."""
        return await self._quietly(self.store.person, {}, sender)

    def remember_message(self, sender: Optional[str], message: Optional[Message]) -> None:
        if sender and message is not None:
            self._pending.messages.append((sender, message.message_id))

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
            markup = await self._quietly(self.store.markup, None, buttons)
        else:
            markup = keyboard(None, buttons)
        sent = []
        for index, piece in enumerate(pieces):
            last = index == len(pieces) - 1
            sent_message = await send_silently(bot, chat_id, piece, markup if last else None,
                                            reply_to if index == 0 else None)
            self.remember_message(sender, sent_message)
            sent.append(sent_message)
        return sent

    async def _send_text(self, bot: Any, chat_id: int, text: str) -> Message:
        return await send_silently(bot, chat_id, text, None, None)

    async def converse(self, update: Update, context: ContextTypes.DEFAULT_TYPE, text: str) -> None:
        """Passes a message to Rasa and sends the replies; the safety numbers if Rasa is out of reach."""
        user, chat = update.effective_user, update.effective_chat
        sender = pseudonym(user.id)
        message = update.effective_message
        metadata = {"language_code": user.language_code, "chat_type": chat.type,
                    "message_id": message.message_id if message else None, "channel": "telegram"}
        async with self.locks.hold(sender):
            if sender in self.takeover.taken_over:
                waiting_since = await self._quietly(self.store.to_staff, None, sender, text)
                if waiting_since is None or await self.takeover.safety_due(sender, waiting_since):
                    await self.say(context, chat.id, sender, words.response(
                        "utter_safety_fallback", user.language_code, await self.person(sender)))
                return
            try:
                messages = await self._ask_rasa(context, chat.id, sender, text, metadata, user.language_code)
            except RasaUnavailable as error:
                logger.error("Rasa is out of reach (%s); answering with the safety numbers.", error)
                messages = [words.response("utter_safety_fallback", user.language_code, await self.person(sender))]
            for item in joined(messages):  # one Telegram message a turn: texts and their keyboard together
                await self.say(context, chat.id, sender, item)

    async def _ask_rasa(self, context: ContextTypes.DEFAULT_TYPE, chat_id: int, sender: str, text: str,
                        metadata: Dict[str, Any], client_language: Optional[str]) -> List[Dict[str, Any]]:
        """Rasa's answer; a short, calm "still here" first when it is slow to come."""
        answer = asyncio.ensure_future(self.rasa.send(sender, text, metadata))
        done, _ = await asyncio.wait({answer}, timeout=STILL_HERE_AFTER)
        if not done:
            await self.say(context, chat_id, sender,
                           words.response("utter_tg_still_here", client_language, await self.person(sender)))
        return await answer

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
        """The numbers to call, from what the connector knows: no round trip to Rasa, and no need of the database."""
        await self._reply_locally(update, context, "utter_emergency_numbers")

    async def _on_wipe(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        await self._reply_locally(update, context, "utter_tg_wipe_confirm")

    async def _on_human(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        self.remember_message(pseudonym(update.effective_user.id), update.effective_message)
        await self.converse(update, context, "/request_human")

    async def _reply_locally(self, update: Update, context: ContextTypes.DEFAULT_TYPE, name: str) -> None:
        sender = pseudonym(update.effective_user.id)
        self.remember_message(sender, update.effective_message)
        reply = words.response(name, update.effective_user.language_code, await self.person(sender))
        await self.say(context, update.effective_chat.id, sender, reply)

    async def _on_button(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        query = update.callback_query
        await query.answer()
        data = query.data or ""
        payload = await self._quietly(self.store.payload, None, data) if data.startswith("#") else data
        if not payload:
            return
        if payload.startswith("!wipe"):
            await self._wipe(update, context, confirmed=payload == "!wipe yes")
        elif payload.startswith("!share"):
            await self._share(update, context, agreed=payload == "!share yes")
        else:
            await self.converse(update, context, payload)

    async def _wipe(self, update: Update, context: ContextTypes.DEFAULT_TYPE, confirmed: bool) -> None:
        """Erases the person after the message being answered for them (the same lock), so that no reply in flight
        brings anything back; the chat's messages are deleted first."""
        user, chat = update.effective_user, update.effective_chat
        sender = pseudonym(user.id)
        person = await self.person(sender)
        if not confirmed:
            await self.say(context, chat.id, sender, words.response("utter_tg_wipe_cancelled", user.language_code,
                                                                   person))
            return
        if update.callback_query and update.callback_query.message:
            self.remember_message(sender, update.callback_query.message)
        async with self.locks.hold(sender):
            await self._flush()
            await self.store.run(self.store.erase, sender)
        await self.say(context, chat.id, None, words.response("utter_tg_wipe_done", user.language_code, person))

    async def _share(self, update: Update, context: ContextTypes.DEFAULT_TYPE, agreed: bool) -> None:
        user, chat = update.effective_user, update.effective_chat
        sender = pseudonym(user.id)
        prompt = update.callback_query.message
        original = prompt.reply_to_message if prompt else None
        media = (original.photo[-1] if original and original.photo else original.voice if original else None)
        name = "utter_tg_media_not_kept"
        if agreed and media is not None:
            await self.store.run(self.store.share, sender, "photo" if original.photo else "voice", media.file_id)
            name = "utter_tg_media_shared"
        await self.say(context, chat.id, sender, words.response(name, user.language_code, await self.person(sender)))

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
        reply = words.response(name, update.effective_user.language_code, await self.person(sender))
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
        if sender not in self.takeover.taken_over:
            return False
        self.remember_message(sender, update.effective_message)
        await self.store.run(self.store.to_staff, sender, mark)
        return True


def run(settings: Settings, engine: Engine) -> None:
    """Serves Telegram until stopped: long polling, or a webhook when ``TELEGRAM_WEBHOOK_URL`` is set."""
    connector = Connector(settings, engine, RasaClient(settings.rasa_url))
    application = connector.build()
    if settings.telegram_webhook_url:
        application.run_webhook(
            listen=settings.telegram_webhook_interface,
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
    """Telegram's ``X-Telegram-Bot-Api-Secret-Token``: its own key, configured or generated for a local run."""
    from bot.secret import WEBHOOK, key_for

    return key_for(settings, WEBHOOK)
