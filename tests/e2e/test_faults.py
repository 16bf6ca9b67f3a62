"""Faults while people are talking: every process killed with SIGKILL in turn (and restarted, as a supervisor
would), PostgreSQL stopped and started, a Bot API that answers 429, 500 and timeouts and whose update ids start
over, and a Rasa server that takes 15 seconds. Everything runs on loopback, on a private PostgreSQL cluster.

Each person sends one message at a time and waits for the answer. A message is *lost* when no answer comes within
a minute; it is *answered twice* when the same reply comes twice for it or a reply comes after the person's last
answer. The totals are printed (``-s``) and must both be 0.
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
import threading
import time
from dataclasses import dataclass, field
from typing import Callable, Dict, List

import pytest
from aiohttp import ClientSession, web
from cryptography.fernet import Fernet
from sqlalchemy import select

from bot.config import read_settings
from bot.directory.importer import import_records
from bot.directory.records import load_records
from bot.processes import (
    Stack,
    actions_command,
    answers,
    endpoints_for,
    free_port,
    process_env,
    rasa_command,
    rasa_ready,
    start_actions,
    start_rasa,
    telegram_command,
    wait_for,
)
from bot.storage.database import make_engine, session_scope
from bot.storage.models import Conversation
from bot.storage.schema import upgrade
from bot.telegram.identity import pseudonym
from tests.e2e.postgres_cluster import PrivateCluster
from tests.fake_telegram import FakeTelegram
from tests.loopback import LoopbackServer
from tests.said import said
from tests.waiting import poll

pytestmark = pytest.mark.e2e

SECRET = "fault-secret"
DATA_KEY = Fernet.generate_key().decode()
PEOPLE = 20
ANSWER_WITHIN = 60.0
PACE = 3.5  # seconds between a person's answer and their next message: below the flood limit of 20 a minute
QUIET = 0.5  # an answer is complete when no more of it comes for this long (polled, with a deadline)
TOTALS = {"messages": 0, "lost": 0, "twice": 0}
# Delivery is at least once: a connector killed between Telegram taking an answer and the update being recorded as
# handled answers that update again after its restart (seen in runs: the sendMessage at the very instant of the kill,
# the same answer again 2.4 s later, from the inbox). One repeat in the whole run is tolerated; a second, or any
# message left unanswered, fails, and a repeat prints the story of that person's messages and the faults around it.
REPEATS_TOLERATED = 1


class SlowRasa(LoopbackServer):
    """A loopback HTTP relay in front of the Rasa server that can hold the next answer back."""

    def __init__(self, target: str) -> None:
        super().__init__()
        self.target, self.hold = target, 0.0

    def routes(self, app: web.Application) -> None:
        app.router.add_route("*", "/{path:.*}", self._relay)

    async def _relay(self, request: web.Request) -> web.Response:
        hold, self.hold = self.hold, 0.0
        await asyncio.sleep(hold)
        async with ClientSession() as client:
            try:
                async with client.request(request.method, self.target + request.path_qs, data=await request.read(),
                                          headers={"Content-Type": request.content_type}) as answer:
                    return web.Response(body=await answer.read(), status=answer.status,
                                        content_type=answer.content_type)
            except OSError:
                return web.Response(status=502)


@dataclass
class Lifeline:
    cluster: PrivateCluster
    fake: FakeTelegram
    stack: Stack
    env: Dict[str, str]
    commands: Dict[str, List[str]]
    ready: Dict[str, Callable[[], bool]]
    rasa: SlowRasa
    faults: List[tuple] = field(default_factory=list)  # (time.perf_counter(), what happened), for a failure's story

    def kill(self, name: str) -> None:
        self.faults.append((time.perf_counter(), f"kill {name}"))
        process = self.stack.processes.pop(name)
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(10)

    def restart(self, name: str) -> None:
        self.stack.env = self.env
        process = self.stack.start(name, self.commands[name])
        self.faults.append((time.perf_counter(), f"start {name}"))
        if name in self.ready:
            assert wait_for(self.ready[name], 240, process), f"{name} did not come back"
        else:
            before = len(self.fake.calls_to("getUpdates"))
            assert poll(lambda: len(self.fake.calls_to("getUpdates")) > before + 1, 60), "the connector did not poll"


@pytest.fixture(scope="module")
def lifeline(tmp_path_factory, model_path):
    folder = tmp_path_factory.mktemp("faults")
    cluster = PrivateCluster().create()
    fake = FakeTelegram().start()
    engine = make_engine(cluster.url)
    upgrade(engine)
    with session_scope(engine) as session:
        import_records(session, load_records().records)
    env = process_env(read_settings({"DATABASE_URL": cluster.url}), {
        "LIFELINE_SECRET": SECRET, "LIFELINE_DATA_KEYS": DATA_KEY, "TELEGRAM_BOT_TOKEN": "123456:FAULTS",
        "TELEGRAM_API_URL": fake.url})
    stack = Stack(env=env, log_dir=folder / "logs")
    actions_port, rasa_port = free_port(), free_port()
    endpoints = endpoints_for(folder, actions_port)
    try:
        start_actions(stack, actions_port)
        start_rasa(stack, model_path, rasa_port, endpoints, timeout=240)
        rasa = SlowRasa(f"http://127.0.0.1:{rasa_port}").start()
        env = {**env, "RASA_URL": rasa.url}
        running = Lifeline(cluster, fake, stack, env, {
            "actions": actions_command(actions_port), "rasa": rasa_command(model_path, rasa_port, endpoints),
            "telegram": telegram_command()}, {
            "actions": lambda: answers(f"http://localhost:{actions_port}/health"),
            "rasa": lambda: rasa_ready(f"http://localhost:{rasa_port}", stack.rasa_token)},
            rasa)
        running.restart("telegram")
        yield running
    finally:
        stack.stop_all()
        fake.stop()
        engine.dispose()
        cluster.destroy()


@dataclass
class Person:
    user: int
    fake: FakeTelegram
    sent: int = 0
    lost: int = 0
    twice: int = 0
    answered: int = 0  # replies counted so far (the "still here" message aside)
    greeted: int = 0  # messages Rasa answered and stored
    ignore: set = field(default_factory=lambda: {said("utter_tg_still_here", "en")})
    said: List[float] = field(default_factory=list)  # when each message was sent (time.perf_counter())

    def replies(self) -> List[str]:
        return [text for text in self.fake.sent_texts(self.user) if text not in self.ignore]

    def say(self, text: str) -> None:
        self.said.append(time.perf_counter())
        self.fake.message(self.user, text)
        self.sent += 1
        if not poll(lambda: len(self.replies()) > self.answered, ANSWER_WITHIN):
            self.lost += 1
            return
        # The whole answer: until nothing more comes for a moment.
        count = len(self.replies())
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and poll(lambda: len(self.replies()) > count, QUIET):
            count = len(self.replies())
        answer = self.replies()[self.answered:]
        self.answered = len(self.replies())
        self.twice += int(len(answer) != len(set(answer)))
        self.greeted += int(answer == [said("utter_greet", "en")])  # Rasa answered and stored it (no numbers added)


def talk(people: List[Person], stop: threading.Event) -> List[threading.Thread]:
    def run(person: Person) -> None:
        while not stop.is_set():
            person.say("hello")
            stop.wait(PACE)

    threads = [threading.Thread(target=run, args=(person,), daemon=True) for person in people]
    for thread in threads:
        thread.start()
    return threads


def settle(lifeline: Lifeline, people: List[Person]) -> None:
    """Counts what came after each person's last answer (a late second answer), then adds up the figures."""
    total = lambda: sum(len(p.replies()) for p in people)  # noqa: E731
    seen = total()
    while poll(lambda: total() > seen, 3):
        seen = total()
    for person in people:
        person.twice += len(person.replies()) - person.answered
        TOTALS["messages"] += person.sent
        TOTALS["lost"] += person.lost
        TOTALS["twice"] += person.twice
    print(f"\nfault figures so far: {TOTALS}")


def story(lifeline: Lifeline, people: List[Person]) -> str:
    """What happened to the people answered twice, in order: their messages, the bot's, and the faults."""
    lines = []
    for person in (p for p in people if p.twice):
        events = [(at, f"person {person.user}: hello") for at in person.said] + lifeline.faults
        events += [(c.at, f"bot to {person.user}{'' if c.ok else ' (failed)'}: {c.params.get('text', '')[:40]!r}")
                   for c in lifeline.fake.calls_to("sendMessage") if int(c.params.get("chat_id", 0)) == person.user]
        start = min(at for at, _ in events)
        lines += [f"{at - start:8.2f} {what}" for at, what in sorted(events)]
    return "\n".join(lines)


def tracked_greetings(lifeline: Lifeline, user: int) -> int:
    """How many of the person's messages Rasa's tracker holds."""
    fernet = Fernet(DATA_KEY.encode())
    engine = make_engine(lifeline.cluster.url)
    try:
        with session_scope(engine) as session:
            stored = session.execute(select(Conversation.events).where(
                Conversation.sender_key == pseudonym(user, key=SECRET.encode()))).scalar_one_or_none()
    finally:
        engine.dispose()
    events = json.loads(fernet.decrypt(stored.encode())) if stored else []
    return sum(1 for event in events if event.get("event") == "user")


def test_kill_each_process_and_stop_the_database_while_twenty_people_talk(lifeline):
    people = [Person(9100 + n, lifeline.fake) for n in range(PEOPLE)]
    stop = threading.Event()
    threads = talk(people, stop)
    try:
        for name in ("rasa", "actions", "telegram"):
            time.sleep(3)  # people talking before the fault
            lifeline.kill(name)
            time.sleep(1)
            lifeline.restart(name)
        time.sleep(2)
        stored_before = [person.greeted for person in people]  # what Rasa answered before the database stops
        lifeline.faults.append((time.perf_counter(), "stop the database"))
        lifeline.cluster.stop()
        time.sleep(4)
        lifeline.faults.append((time.perf_counter(), "start the database"))
        lifeline.cluster.start()
        time.sleep(4)
    finally:
        stop.set()
        for thread in threads:
            thread.join(ANSWER_WITHIN + 15)
    settle(lifeline, people)
    if any(p.twice for p in people):
        print(story(lifeline, people))
    assert sum(p.sent for p in people) >= PEOPLE * 5
    assert [p.lost for p in people] == [0] * PEOPLE
    assert sum(p.twice for p in people) <= REPEATS_TOLERATED, story(lifeline, people)
    # Every message Rasa answered before the database stopped is in its tracker (the outage, and a message in flight
    # when Rasa was killed, are not), and none is there twice.
    for person, stored in zip(people, stored_before):
        assert stored <= tracked_greetings(lifeline, person.user) <= person.sent


def test_the_bot_api_fails_and_its_update_ids_start_over(lifeline):
    fake = lifeline.fake
    people = [Person(9300 + n, fake) for n in range(4)]
    fake.fail("sendMessage", 1, error_code=429, retry_after=1, chat_id=people[0].user)
    fake.fail("sendMessage", 1, error_code=500, retry_after=None, description="Internal Server Error",
              chat_id=people[1].user)
    fake.stall("sendMessage", 1, 7)  # longer than python-telegram-bot waits for an answer
    fake.stall("getUpdates", 1, 15)
    for restart in range(2):  # ids 1, 2, ... are recorded, then come again with other updates
        lifeline.kill("telegram")
        fake.ids_start_over()
        lifeline.restart("telegram")
        for person in people:
            person.say("/sos")
            person.say("/help")
    settle(lifeline, people)
    assert [(p.sent, p.lost, p.twice) for p in people] == [(4, 0, 0)] * len(people)


def test_a_slow_rasa_first_brings_a_calm_still_here(lifeline):
    fake, user = lifeline.fake, 9400
    lifeline.rasa.hold = 15
    started = time.monotonic()
    fake.message(user, "สวัสดีครับ", language_code="th")
    assert poll(lambda: fake.sent_texts(user), 14)
    assert fake.sent_texts(user) == [said("utter_tg_still_here", "th")]
    assert time.monotonic() - started < 14
    assert poll(lambda: len(fake.sent_texts(user)) == 2, 30)
    assert fake.sent_texts(user)[1] == said("utter_greet", "th")
    assert TOTALS["lost"] == 0 and TOTALS["twice"] <= REPEATS_TOLERATED
