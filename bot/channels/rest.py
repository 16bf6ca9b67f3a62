"""Lifeline's REST channel: Rasa's REST protocol, and a reply that is never silent.

``POST /webhooks/lifeline/webhook`` with ``{"sender": ..., "message": ..., "metadata": {...}}`` answers with the
list of bot messages. If anything fails while the message is handled (action server, database, no model loaded),
the reply ends with the built-in emergency numbers and a hotline, and the failure is logged. What a client needs
to answer on its own when Rasa is out of reach (the person's language and place) is in the person's case
(``bot/cases/record.py:known_state``), which the tracker store brings up to date before the answer goes out.
"""

from __future__ import annotations

import logging
from typing import Any, Awaitable, Callable, Optional

from rasa.core.channels.channel import CollectingOutputChannel, InputChannel, UserMessage
from rasa.shared.core.trackers import DialogueStateTracker
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.channels import failure_watch
from bot.channels.webhook import CHANNEL
from bot.i18n.say import safety_reply

logger = logging.getLogger(__name__)


class LifelineRestInput(InputChannel):
    @classmethod
    def name(cls) -> str:
        return CHANNEL

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        webhook = Blueprint("lifeline_webhook", __name__)

        @webhook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @webhook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            body = request.json if isinstance(request.json, dict) else {}
            sender, text = body.get("sender"), body.get("message")
            if not isinstance(sender, str) or not sender or not isinstance(text, str):
                return response.json({"error": "sender and message are required"}, status=400)
            metadata = body.get("metadata") if isinstance(body.get("metadata"), dict) else {}
            collector = CollectingOutputChannel()
            with failure_watch.watch() as errors:
                try:
                    await on_new_message(
                        UserMessage(text, collector, sender, input_channel=self.name(), metadata=metadata)
                    )
                except Exception:  # noqa: BLE001 - any failure must still give the person the numbers
                    logger.exception("Handling a message failed; answering with the safety numbers.")
                    errors.append("exception")
            if errors or not collector.messages:
                if not errors:
                    logger.error("No reply was produced for a message; answering with the safety numbers.")
                tracker = await _tracker(request, sender)
                slots = tracker.current_slot_values() if tracker else {}
                collector.messages.append({"recipient_id": sender, **safety_reply(slots, metadata)})
            return response.json(collector.messages)

        return webhook


async def _tracker(request: Request, sender: str) -> Optional[DialogueStateTracker]:
    """The person's conversation (None if the tracker store itself is out of reach)."""
    agent = getattr(request.app.ctx, "agent", None)
    try:
        return await agent.tracker_store.retrieve(sender) if agent and agent.tracker_store else None
    except Exception:  # noqa: BLE001
        logger.exception("The tracker store is out of reach.")
        return None

