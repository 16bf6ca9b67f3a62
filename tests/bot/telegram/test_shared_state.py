"""The state several connectors share, on a private Redis server: update claims, flood windows, chat locks and
once-in-a-while marks, and what each falls back to when Redis is out of reach."""

import asyncio

import pytest

from bot.telegram.chat_lock import ChatLocks
from bot.telegram.claims import BUSY, DONE, MINE, Claims
from bot.telegram.flood import FloodGate, SharedFloodGate
from bot.telegram.shared import Shared
from tests.redis_server import PrivateRedis


@pytest.fixture(scope="module")
def redis_server():
    server = PrivateRedis().start()
    yield server
    server.destroy()


def run(coroutine):
    return asyncio.run(coroutine)


def test_an_update_is_answered_by_one_connector_and_a_stopped_ones_by_another(redis_server):
    async def scenario():
        first, second = Shared(redis_server.url), Shared(redis_server.url)
        heartbeat = asyncio.ensure_future(Claims(first).heartbeat())
        await asyncio.sleep(0.1)
        claims_a, claims_b = Claims(first), Claims(second)
        seen = [await claims_a.claim("u1"), await claims_b.claim("u1"), await claims_a.claim("u1")]
        heartbeat.cancel()
        await first.client.delete(first.key("alive", first.instance))  # as when its heartbeat expires
        seen.append(await claims_b.claim("u1"))  # the stopped connector's update
        await claims_b.answered(["u1"])
        seen += [await claims_a.claim("u1"), await claims_b.claim("u1")]
        await first.close()
        await second.close()
        return seen

    assert run(scenario()) == [MINE, BUSY, BUSY, MINE, DONE, DONE]


def test_without_redis_every_update_is_the_receivers():
    async def scenario():
        down = Shared("redis://127.0.0.1:1/0")
        claims = Claims(down)
        seen = [await claims.claim("u"), await claims.claim("u"), await claims.claim("u", when_down=BUSY)]
        await down.close()
        return seen

    assert run(scenario()) == [MINE, MINE, BUSY]
    assert run(Claims(Shared(None)).claim("u")) == MINE


def test_the_flood_window_counts_a_person_at_every_connector(redis_server):
    async def scenario():
        first, second = Shared(redis_server.url), Shared(redis_server.url)
        gates = [SharedFloodGate(first, FloodGate(3, 60), "all"), SharedFloodGate(second, FloodGate(3, 60), "all")]
        seen = [await gates[n % 2].admit("flooder") for n in range(5)]
        seen.append(await gates[0].admit("someone else"))
        await first.close()
        await second.close()
        return seen

    assert run(scenario()) == [True, True, True, False, None, True]


def test_the_flood_window_falls_back_to_the_process_when_redis_is_down():
    async def scenario():
        down = Shared("redis://127.0.0.1:1/0")
        gate = SharedFloodGate(down, FloodGate(2, 60), "all")
        seen = [await gate.admit("p") for _ in range(4)]
        await down.close()
        return seen

    assert run(scenario()) == [True, True, False, None]


def test_one_message_of_a_person_at_a_time_across_connectors(redis_server):
    async def scenario():
        order = []

        async def answer(locks, name, hold):
            async with locks.hold("person"):
                order.append(f"{name} in")
                await asyncio.sleep(hold)
                order.append(f"{name} out")

        async def later():
            await asyncio.sleep(0.1)
            await answer(ChatLocks(second), "b", 0)

        first, second = Shared(redis_server.url), Shared(redis_server.url)
        await asyncio.gather(answer(ChatLocks(first), "a", 0.5), later())
        await first.close()
        await second.close()
        return order

    assert run(scenario()) == ["a in", "a out", "b in", "b out"]


def test_a_killed_connectors_lock_expires_within_seconds(redis_server):
    async def scenario():
        killed, alive = Shared(redis_server.url), Shared(redis_server.url)
        lock = killed.client.lock(killed.key("chat", "person"), timeout=3)
        assert await lock.acquire()  # and never renewed, as by a connector killed with SIGKILL
        started = asyncio.get_running_loop().time()
        async with ChatLocks(alive).hold("person"):
            waited = asyncio.get_running_loop().time() - started
        await killed.close()
        await alive.close()
        return waited

    assert 1.5 < run(scenario()) < 5


def test_a_chat_lock_without_redis_still_orders_the_process():
    async def scenario():
        down = Shared("redis://127.0.0.1:1/0")
        locks, order = ChatLocks(down), []

        async def answer(name):
            async with locks.hold("person"):
                order.append(name)
                await asyncio.sleep(0.05)
                order.append(name)

        await asyncio.gather(answer("a"), answer("b"))
        await down.close()
        return order

    assert run(scenario()) == ["a", "a", "b", "b"]


def test_once_within_is_once_across_connectors(redis_server):
    async def scenario():
        first, second = Shared(redis_server.url), Shared(redis_server.url)
        seen = [await first.once_within("safety:p", 60), await second.once_within("safety:p", 60),
                await Shared(None).once_within("safety:p", 60)]
        await first.close()
        await second.close()
        return seen

    assert run(scenario()) == [True, False, None]
