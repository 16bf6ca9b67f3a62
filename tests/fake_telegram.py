"""A local fake of the Telegram Bot API, over real HTTP, for python-telegram-bot's ``base_url``.

It queues updates for ``getUpdates``, answers the methods Lifeline uses, records every call, and can answer a
method with an error (such as a 429 with ``retry_after``, or a 500) a given number of times, stall it (a timeout:
nothing is delivered, and a 504 comes after the client gave up), deliver an update again (as Telegram does when
the answer that delivered it was lost), and start its update ids over at 1 (as a new Bot API server or a new token
does). Only calls answered with success count as sent. In webhook mode it POSTs each
update to the webhook instead, again until it is answered 200, as Telegram does.
"""

from __future__ import annotations

import asyncio
import bisect
import itertools
import json
import random
import threading
import time
from dataclasses import dataclass, field
from typing import Any, Callable, Collection, Dict, Iterable, List, Optional, Tuple

import httpx
from aiohttp import web

from tests.loopback import LoopbackServer

BOT = {"id": 7000001, "is_bot": True, "first_name": "Lifeline", "username": "lifeline_test_bot",
       "can_join_groups": False, "can_read_all_group_messages": False, "supports_inline_queries": False}
JSON_FIELDS = {"reply_markup", "link_preview_options", "reply_parameters", "message_ids", "commands",
               "allowed_updates", "scope"}


@dataclass
class Call:
    method: str
    params: Dict[str, Any]
    at: float = field(default_factory=time.perf_counter)
    ok: bool = True


def most_within(times: Iterable[float], seconds: float) -> int:
    """The largest number of ``times`` within any ``seconds`` (a half-open window starting at one of them)."""
    ordered = sorted(times)
    return max((bisect.bisect_left(ordered, start + seconds) - i for i, start in enumerate(ordered)), default=0)


class FakeTelegram(LoopbackServer):
    def __init__(self) -> None:
        super().__init__()
        self.calls: List[Call] = []
        self._updates: List[Dict[str, Any]] = []
        # Updates delivered again whatever the offset, each until an offset past it comes after it was handed out.
        self._again: List[Tuple[Dict[str, Any], bool]] = []
        # Update ids are unique per bot; each fake is another bot, so it starts somewhere else.
        self._update_ids = itertools.count(random.randrange(10**6, 10**9, 10**5))
        self._message_ids = itertools.count(50000)
        self._failures: Dict[str, List[Tuple[Optional[int], int, Dict[str, Any]]]] = {}
        self._stalls: Dict[str, List[float]] = {}
        self._lock = threading.RLock()
        self._new_update: Optional[asyncio.Event] = None
        self._webhook: Optional[Tuple[str, str]] = None
        self._client = httpx.Client(timeout=10)  # one pool of connections to the webhook, shared by every caller
        self._texts: Dict[int, List[str]] = {}  # what each chat was sent, in order
        self._sent_to: Dict[int, threading.Condition] = {}  # notified when a chat is sent a message

    def routes(self, app: web.Application) -> None:
        self._new_update = asyncio.Event()
        app.router.add_route("*", "/bot{token}/{method}", self._handle)

    # --- scripting ---

    def push(self, update: Dict[str, Any]) -> Dict[str, Any]:
        with self._lock:
            update = {"update_id": next(self._update_ids), **update}
        if self._webhook is not None:
            self._post(update, *self._webhook)
            return update
        with self._lock:
            self._updates.append(update)
        self.loop.call_soon_threadsafe(self._new_update.set)
        return update

    def stop(self) -> None:
        super().stop()
        self._client.close()

    def redeliver(self, update: Dict[str, Any]) -> Dict[str, Any]:
        """Delivers an update again: the next ``getUpdates`` returns it even if its id was confirmed (Telegram does so
        when the answer that delivered it never reached the bot); in webhook mode it is posted again."""
        if self._webhook is not None:
            self._post(update, *self._webhook)
            return update
        with self._lock:
            self._again.append((update, False))
        self.loop.call_soon_threadsafe(self._new_update.set)
        return update

    def deliver_to(self, url: str, secret: str) -> None:
        """Webhook mode: updates are POSTed to ``url`` with Telegram's secret header."""
        self._webhook = (url, secret)

    def _post(self, update: Dict[str, Any], url: str, secret: str, timeout: float = 60.0) -> None:
        deadline = time.monotonic() + timeout
        while True:
            try:
                answer = self._client.post(url, json=update, headers={"X-Telegram-Bot-Api-Secret-Token": secret})
                if answer.status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                raise AssertionError(f"the webhook did not take update {update['update_id']}")
            time.sleep(0.2)

    def fail(self, method: str, times: int, error_code: int = 429, retry_after: Optional[int] = 1,
             description: str = "Too Many Requests: retry later", chat_id: Optional[int] = None) -> None:
        """Answers the next ``times`` calls of ``method`` (to ``chat_id`` only, if given) with an error."""
        body: Dict[str, Any] = {"ok": False, "error_code": error_code, "description": description}
        if retry_after is not None:
            body["parameters"] = {"retry_after": retry_after}
        with self._lock:
            self._failures.setdefault(method, []).extend([(chat_id, error_code, body)] * times)

    def stall(self, method: str, times: int, seconds: float) -> None:
        """The next ``times`` calls of ``method`` time out: a 504 after ``seconds``, and nothing delivered."""
        with self._lock:
            self._stalls.setdefault(method, []).extend([seconds] * times)

    def ids_start_over(self) -> None:
        """The next update gets id 1, as after a restart of a self-hosted Bot API server or with a new token."""
        with self._lock:
            self._update_ids = itertools.count(1)

    def calls_to(self, method: str) -> List[Call]:
        with self._lock:
            return [c for c in self.calls if c.method == method]

    def wait_for(self, predicate: Callable[[List[Call]], Any], timeout: float = 60.0) -> Any:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self._lock:
                snapshot = list(self.calls)
            found = predicate(snapshot)
            if found:
                return found
            time.sleep(0.02)
        raise AssertionError(f"timed out waiting; calls: {[c.method for c in self.calls][-20:]}")

    def sent_texts(self, chat_id: int) -> List[str]:
        """The texts sent to a chat, in order (kept per chat: cheap enough for hundreds of threads)."""
        with self._lock:
            return list(self._texts.get(chat_id, ()))

    def sent_times(self, chats: Collection[int]) -> List[float]:
        """When each message to one of ``chats`` was sent (``time.perf_counter``), in order."""
        return [c.at for c in self.calls_to("sendMessage") if c.ok and int(c.params["chat_id"]) in chats]

    def wait_sent(self, chat_id: int, more_than: int, timeout: float) -> bool:
        """Waits, without polling, until a chat has been sent more than ``more_than`` messages; False on timeout."""
        with self._lock:
            sent = self._sent_to.setdefault(chat_id, threading.Condition(self._lock))
            return sent.wait_for(lambda: len(self._texts.get(chat_id, ())) > more_than, timeout)

    # --- updates for tests ---

    def message(self, user_id: int, text: Optional[str] = None, language_code: str = "en",
                chat_type: str = "private", **extra: Any) -> Dict[str, Any]:
        chat_id = user_id if chat_type == "private" else -100 - user_id
        message = {"message_id": next(self._message_ids), "date": int(time.time()),
                   "chat": {"id": chat_id, "type": chat_type},
                   "from": {"id": user_id, "is_bot": False, "first_name": "P", "language_code": language_code},
                   **extra}
        if text is not None:
            message["text"] = text
            if text.startswith("/"):
                message["entities"] = [{"type": "bot_command", "offset": 0, "length": len(text.split()[0])}]
        return self.push({"message": message})

    def press(self, user_id: int, data: str, message_id: int, language_code: str = "en",
              reply_to: Optional[Dict[str, Any]] = None) -> Dict[str, Any]:
        message = {"message_id": message_id, "date": int(time.time()), "chat": {"id": user_id, "type": "private"},
                   "from": BOT, "text": "…"}
        if reply_to:
            message["reply_to_message"] = reply_to
        return self.push({"callback_query": {
            "id": str(next(self._update_ids)), "chat_instance": "1", "data": data, "message": message,
            "from": {"id": user_id, "is_bot": False, "first_name": "P", "language_code": language_code}}})

    # --- the API ---

    async def _handle(self, request: web.Request) -> web.Response:
        arrived = time.perf_counter()
        method = request.match_info["method"]
        params = await self._params(request)
        with self._lock:
            call = Call(method, params, arrived)
            self.calls.append(call)
            failures = self._failures.get(method, [])
            failure = next((f for f in failures if f[0] is None or str(f[0]) == str(params.get("chat_id"))), None)
            if failure:
                failures.remove(failure)
            stalls = self._stalls.get(method)
            stall = stalls.pop(0) if stalls and not failure else 0.0
            if stall:
                failure = (None, 504, {"ok": False, "error_code": 504, "description": "Gateway Timeout"})
            call.ok = failure is None
            if call.ok and method == "sendMessage":
                chat = int(params.get("chat_id", 0))
                self._texts.setdefault(chat, []).append(params["text"])
                if chat in self._sent_to:
                    self._sent_to[chat].notify_all()
        await asyncio.sleep(stall)
        if failure:
            return web.json_response(failure[2], status=failure[1])
        if method == "getUpdates":
            return web.json_response({"ok": True, "result": await self._get_updates(params)})
        return web.json_response({"ok": True, "result": self._result(method, params)})

    async def _params(self, request: web.Request) -> Dict[str, Any]:
        if request.content_type == "application/json":
            raw = await request.json()
        else:
            raw = dict(await request.post())
        params: Dict[str, Any] = {}
        for key, value in raw.items():
            if key in JSON_FIELDS and isinstance(value, str):
                value = json.loads(value)
            params[key] = value
        return params

    async def _get_updates(self, params: Dict[str, Any]) -> List[Dict[str, Any]]:
        offset = int(params.get("offset") or 0)
        deadline = time.monotonic() + min(float(params.get("timeout") or 0), 1.0)
        while True:
            with self._lock:
                self._updates = [u for u in self._updates if u["update_id"] >= offset]
                again = [u for u, handed_out in self._again if not handed_out or u["update_id"] >= offset]
                ready, self._again = again + self._updates, [(u, True) for u in again]
            if ready or time.monotonic() >= deadline:
                return ready
            self._new_update.clear()
            try:
                await asyncio.wait_for(self._new_update.wait(), max(deadline - time.monotonic(), 0.01))
            except asyncio.TimeoutError:
                pass

    def _result(self, method: str, params: Dict[str, Any]) -> Any:
        if method == "getMe":
            return BOT
        if method in ("sendMessage", "editMessageText", "editMessageReplyMarkup"):
            chat_id = int(params.get("chat_id", 0))
            return {"message_id": next(self._message_ids), "date": int(time.time()),
                    "chat": {"id": chat_id, "type": "private"}, "from": BOT, "text": params.get("text", "")}
        if method == "getWebhookInfo":
            return {"url": "", "has_custom_certificate": False, "pending_update_count": 0}
        return True
