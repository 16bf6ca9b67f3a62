import asyncio

from sqlalchemy import select

from bot.storage.database import session_scope
from bot.telegram.dedupe import fingerprint
from bot.telegram.claims import Claims
from bot.telegram.inbox import Inbox
from bot.telegram.models import InboxUpdate
from bot.telegram.shared import Shared
from bot.telegram.store import ConnectorStore, Pending
from tests.bot.telegram.test_dedupe import update
from tests.redis_server import PrivateRedis


def test_an_update_is_kept_until_handled_and_queued_again_after_a_restart(engine):
    store = ConnectorStore(engine)

    async def scenario():
        received = update(11, 700)
        await Inbox(store, Claims(Shared(None))).put(received)  # received, then the process dies before answering
        with session_scope(engine) as session:
            stored = session.execute(select(InboxUpdate.update)).scalar_one()
        assert "help" not in stored  # what the person wrote is encrypted
        restarted = Inbox(store, Claims(Shared(None)))
        assert await restarted.replay(None) == 1
        again = restarted.get_nowait()
        assert (again.update_id, again.effective_message.text) == (11, "help")
        store.write(Pending(updates=[(11, fingerprint(again))]))  # answered
        assert await Inbox(store, Claims(Shared(None))).replay(None) == 0

    asyncio.run(scenario())


def test_with_several_connectors_a_copy_waits_and_a_stopped_connectors_update_is_taken_over(engine):
    store, server = ConnectorStore(engine), PrivateRedis().start()

    async def scenario():
        killed, alive = Shared(server.url), Shared(server.url)
        heartbeat = asyncio.ensure_future(Claims(killed).heartbeat())
        first, second = Inbox(store, Claims(killed)), Inbox(store, Claims(alive))
        await first.put(update(21, 800))
        await second.put(update(21, 800))  # Telegram's copy, sent to the other connector
        assert (first.qsize(), second.qsize()) == (1, 0)
        assert await second.replay(None) == 0  # the first connector is alive and has it
        heartbeat.cancel()  # the first connector is killed: its heartbeat expires within seconds
        await killed.client.delete(killed.key("alive", killed.instance))
        assert await second.replay(None) == 1
        assert second.get_nowait().update_id == 21
        await Claims(alive).answered([fingerprint(update(21, 800))])
        late = Inbox(store, Claims(Shared(server.url)))
        await late.put(update(21, 800))  # a late copy of an answered update
        assert late.qsize() == 0
        await late.claims.shared.close()
        await killed.close()
        await alive.close()

    try:
        asyncio.run(scenario())
    finally:
        server.destroy()
