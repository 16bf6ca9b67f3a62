"""Lifeline's REST channel, served by a real Sanic server on a free port and spoken to over HTTP. What Rasa does
with a message is played by a stand-in for the agent's message handler; the channel itself is the real one."""

import asyncio
import logging
import threading
from types import SimpleNamespace

import httpx
import pytest
from rasa.core.tracker_store import InMemoryTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import SlotSet
from rasa.shared.core.trackers import DialogueStateTracker
from sanic import Sanic

from bot.channels.rest import LifelineRestInput
from bot.channels.webhook import WEBHOOK
from bot.config import DOMAIN
from bot.processes import free_port
from tests.said import said

CAMBODIA_POLICE, LAOS_POLICE, VIET_NAM_HOTLINE = "117", "1191", "+84 981 848 484"


class OutOfReach:
    async def retrieve(self, sender_id):
        raise ConnectionError("the database is down")


handled = []  # the messages the channel passed on


async def handle(message):
    """What the agent does with a message, by its text: answer, fail, stay silent, or answer after an error was
    logged (as Rasa does when the action server is down)."""
    handled.append(message)
    if message.text == "boom":
        raise RuntimeError("the model failed")
    if message.text == "action server down":
        logging.getLogger("rasa.core.processor").error("Encountered an exception while running action.")
    if message.text != "silence":
        await message.output_channel.send_text_message(message.sender_id, f"you said {message.text}")


@pytest.fixture(scope="module")
def server():
    """The channel's blueprint on a Sanic app of its own, served from a thread; its agent has a tracker store."""
    app = Sanic("lifeline_rest_channel_test")
    app.blueprint(LifelineRestInput().blueprint(handle), url_prefix="/webhooks/lifeline")
    domain = Domain.load(str(DOMAIN))
    store = InMemoryTrackerStore(domain)
    asyncio.run(store.save(DialogueStateTracker.from_events(
        "in-bavet", [SlotSet("nationality", "VN"), SlotSet("country", "KH")], domain.slots)))
    app.ctx.agent = SimpleNamespace(tracker_store=store)
    port = free_port()
    loop = asyncio.new_event_loop()
    started = threading.Event()
    stop = asyncio.Event()

    async def serve():
        running = await app.create_server(host="127.0.0.1", port=port, return_asyncio_server=True)
        await running.startup()
        await running.start_serving()
        started.set()
        await stop.wait()
        await running.close()

    thread = threading.Thread(target=loop.run_until_complete, args=(serve(),), daemon=True)
    thread.start()
    assert started.wait(30)
    yield app, f"http://127.0.0.1:{port}"
    loop.call_soon_threadsafe(stop.set)
    thread.join(10)


def post(url, body):
    return httpx.post(url + WEBHOOK, json=body, timeout=30)


def test_the_channel_answers_a_health_check(server):
    _, url = server
    reply = httpx.get(url + "/webhooks/lifeline/", timeout=30)
    assert reply.status_code == 200 and reply.json() == {"status": "ok"}


def test_a_message_gets_the_bots_messages_and_reaches_rasa_with_its_metadata(server):
    _, url = server
    reply = post(url, {"sender": "p1", "message": "hello", "metadata": {"language_code": "th", "chat_type": "x"}})
    assert reply.status_code == 200
    assert reply.json() == [{"recipient_id": "p1", "text": "you said hello"}]
    message = handled[-1]
    assert (message.sender_id, message.input_channel) == ("p1", "lifeline")
    assert message.metadata == {"language_code": "th", "chat_type": "x"}


@pytest.mark.parametrize("body", [{"message": "hello"}, {"sender": "", "message": "hello"},
                                  {"sender": "p2"}, {"sender": "p2", "message": 7}, ["not", "an", "object"]])
def test_a_request_without_a_sender_and_a_message_is_refused(server, body):
    _, url = server
    count = len(handled)
    reply = post(url, body)
    assert reply.status_code == 400 and len(handled) == count


def safety_numbers_in(text, language):
    return text.startswith(said("utter_safety_fallback", language).split("\n")[0]) and CAMBODIA_POLICE in text


def test_a_failure_is_answered_with_the_safety_numbers_for_the_persons_place_and_language(server):
    _, url = server
    reply = post(url, {"sender": "in-bavet", "message": "boom", "metadata": {"language_code": "vi"}}).json()
    assert len(reply) == 1 and reply[0]["recipient_id"] == "in-bavet"
    text = reply[0]["text"]
    assert safety_numbers_in(text, "vi") and VIET_NAM_HOTLINE in text and LAOS_POLICE not in text


def test_no_reply_at_all_is_answered_with_the_safety_numbers(server):
    _, url = server
    reply = post(url, {"sender": "quiet", "message": "silence"}).json()
    assert len(reply) == 1 and safety_numbers_in(reply[0]["text"], "en") and LAOS_POLICE in reply[0]["text"]


def test_an_error_logged_while_rasa_answers_adds_the_safety_numbers_after_its_reply(server):
    _, url = server
    reply = post(url, {"sender": "in-bavet", "message": "action server down"}).json()
    assert reply[0] == {"recipient_id": "in-bavet", "text": "you said action server down"}
    assert len(reply) == 2 and safety_numbers_in(reply[1]["text"], "en") and VIET_NAM_HOTLINE in reply[1]["text"]


def test_an_error_logged_outside_a_message_is_not_counted_against_the_next_one(server):
    _, url = server
    logging.getLogger("elsewhere").error("something unrelated failed")
    assert post(url, {"sender": "p3", "message": "hello"}).json() == [{"recipient_id": "p3", "text": "you said hello"}]


def test_with_the_tracker_store_out_of_reach_the_safety_numbers_still_come(server):
    app, url = server
    agent, app.ctx.agent = app.ctx.agent, SimpleNamespace(tracker_store=OutOfReach())
    try:
        reply = post(url, {"sender": "in-bavet", "message": "boom", "metadata": {"language_code": "km"}}).json()
    finally:
        app.ctx.agent = agent
    assert len(reply) == 1 and safety_numbers_in(reply[0]["text"], "km") and LAOS_POLICE in reply[0]["text"]
