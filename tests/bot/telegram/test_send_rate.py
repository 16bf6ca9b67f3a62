"""The bot's sending rate shared by every connector, on a private Redis server: two limiters together keep to one
overall rate and to each chat's, nothing is dropped, a 429 pauses both, and without Redis each process keeps the
rate alone."""

import asyncio
import logging
import time
import uuid

import pytest
from telegram.error import RetryAfter

from bot.telegram.send_rate import GROUP, PRIVATE_CHAT, Rate, Schedule, SharedRateLimiter
from bot.telegram.shared import Shared
from tests.fake_telegram import most_within
from tests.redis_server import PrivateRedis

OVERALL = Rate(20)


@pytest.fixture(scope="module")
def redis_server():
    server = PrivateRedis().start()
    yield server
    server.destroy()


def limiters(url, count=2, max_retries=3):
    """``count`` connectors' limiters for one new bot (a token of its own, so tests share no schedule)."""
    token = f"{uuid.uuid4().int % 10**9}:TEST"
    return [SharedRateLimiter(Shared(url), token, OVERALL, max_retries) for _ in range(count)]


async def closed(limiters_):
    for limiter in limiters_:
        await limiter.shared.close()


async def send(limiter, chat_id, sent, fail=None):
    """One sendMessage through ``limiter``; ``sent`` gets (when, chat) for each call that reached Telegram."""
    async def call():
        if fail is not None and fail():
            raise RetryAfter(1)
        sent.append((time.monotonic(), chat_id))
        return True

    return await limiter.process_request(call, (), {}, "sendMessage", {"chat_id": chat_id, "text": "x"}, None)


def test_two_connectors_together_keep_to_the_overall_rate_and_drop_nothing(redis_server):
    async def scenario():
        both, sent, gaps = limiters(redis_server.url), [], []

        async def ticker():  # the event loop stays free while requests wait for their slots
            last = time.monotonic()
            while True:
                await asyncio.sleep(0.01)
                now = time.monotonic()
                gaps.append(now - last)
                last = now

        ticking = asyncio.ensure_future(ticker())
        started = time.monotonic()
        await asyncio.gather(*(send(both[n % 2], 1000 + n, sent) for n in range(60)))
        took = time.monotonic() - started
        ticking.cancel()
        await closed(both)
        return sent, took, max(gaps)

    sent, took, longest_gap = asyncio.run(scenario())
    assert sorted(chat for _, chat in sent) == list(range(1000, 1060))
    assert took >= 59 / OVERALL.per_second - 0.05  # each alone would have sent them in half the time
    assert most_within([at for at, _ in sent], 1.0) <= OVERALL.per_second + 2  # +2: timers' jitter
    assert longest_gap < 0.2


def test_one_chat_gets_a_short_burst_then_one_a_second_and_holds_no_one_else_back(redis_server):
    async def scenario():
        both, sent = limiters(redis_server.url), []
        started = time.monotonic()
        chat = asyncio.gather(*(send(both[n % 2], 42, sent) for n in range(5)))
        await asyncio.sleep(0.1)
        await send(both[0], 43, sent)
        other = time.monotonic() - started
        await chat
        await closed(both)
        return [at - started for at, chat_id in sent if chat_id == 42], other

    times, other = asyncio.run(scenario())
    assert len(times) == 5
    assert max(times[:3]) < 0.5 and times[3] >= 0.95 and times[4] >= 1.95
    assert other < 0.5


def test_a_429_pauses_every_connector_and_the_request_is_sent_again(redis_server):
    async def scenario():
        first, second = limiters(redis_server.url)
        sent, refusals = [], iter([True])
        started = time.monotonic()
        retried = asyncio.ensure_future(send(first, 7, sent, fail=lambda: next(refusals, False)))
        await asyncio.sleep(0.2)  # the 429 has come
        await send(second, 8, sent)
        await retried
        await closed([first, second])
        return {chat: at - started for at, chat in sent}

    sent = asyncio.run(scenario())
    assert sent[7] >= 1.1 and sent[8] >= 1.0  # retry_after 1 s (+0.1), at the other connector too


def test_a_request_refused_too_often_fails_as_telegram_refused_it(redis_server):
    async def scenario():
        (limiter,) = limiters(redis_server.url, count=1, max_retries=1)

        async def refused():
            raise RetryAfter(0)

        try:
            await limiter.process_request(refused, (), {}, "sendMessage", {"chat_id": 5}, None)
        finally:
            await closed([limiter])

    with pytest.raises(RetryAfter):
        asyncio.run(scenario())


def test_without_redis_each_process_keeps_the_rate_alone(caplog):
    async def scenario():
        (limiter,) = limiters("redis://127.0.0.1:1/0", count=1)
        sent = []
        started = time.monotonic()
        await asyncio.gather(*(send(limiter, 2000 + n, sent) for n in range(10)))
        await closed([limiter])
        return len(sent), time.monotonic() - started

    with caplog.at_level(logging.ERROR):
        count, took = asyncio.run(scenario())
    assert count == 10 and took >= 9 / OVERALL.per_second - 0.05
    assert "Redis is out of reach" in caplog.text
    assert took < 9 / OVERALL.per_second + 1.5  # waits for Redis no longer than its timeout


def sent_at(schedule, chat, now, overall=("all", Rate(10))):
    """When a request to ``chat`` made at ``now`` goes out, its waits simulated."""
    while True:
        reserved, delay = schedule.reserve(overall, (chat, PRIVATE_CHAT), now=now)
        now += delay
        if reserved:
            return round(now, 3)


def test_the_schedule_spaces_requests_by_the_bots_rate_and_the_chats():
    schedule = Schedule()
    assert [sent_at(schedule, "chat", 0.0) for _ in range(3)] == [0.0, 0.1, 0.2]  # a chat's burst
    assert sent_at(schedule, "other", 0.0) == 0.3  # the bot's queue
    assert [sent_at(schedule, "chat", 0.0) for _ in range(2)] == [1.0, 2.0]  # then one a second
    assert sent_at(schedule, "third", 2.0) == 2.1
    schedule.pause(5.0, now=3.0)
    assert sent_at(schedule, "fourth", 3.0) == 8.0


def test_keys_name_neither_the_chat_nor_the_token_and_groups_have_their_own_rate():
    limiter = SharedRateLimiter(Shared(None), "123456:SECRET")
    (_, overall), (chat_key, chat_rate) = limiter.limits(987654321)
    assert overall == limiter.overall and chat_rate == PRIVATE_CHAT
    assert "987654321" not in chat_key and "SECRET" not in chat_key
    assert limiter.limits(-100123)[1][1] == GROUP == limiter.limits("@channel")[1][1]
    assert limiter.limits(None) is None
