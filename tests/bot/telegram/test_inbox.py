import asyncio

from sqlalchemy import select

from bot.storage.database import session_scope
from bot.telegram.dedupe import fingerprint
from bot.telegram.inbox import Inbox
from bot.telegram.models import InboxUpdate
from bot.telegram.store import ConnectorStore, Pending
from tests.bot.telegram.test_dedupe import update


def test_an_update_is_kept_until_handled_and_queued_again_after_a_restart(engine):
    store = ConnectorStore(engine)

    async def scenario():
        received = update(11, 700)
        await Inbox(store).put(received)  # received, then the process dies before answering
        with session_scope(engine) as session:
            stored = session.execute(select(InboxUpdate.update)).scalar_one()
        assert "help" not in stored  # what the person wrote is encrypted
        restarted = Inbox(store)
        assert await restarted.replay(None) == 1
        again = restarted.get_nowait()
        assert (again.update_id, again.effective_message.text) == (11, "help")
        store.write(Pending(updates=[(11, fingerprint(again))]))  # answered
        assert await Inbox(store).replay(None) == 0

    asyncio.run(scenario())
