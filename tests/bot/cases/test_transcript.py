import json
import time

import pytest

from bot.cases.models import Case, LiveMessage
from bot.cases.transcript import cursor, delivered_keys, transcript
from bot.clock import utcnow
from bot.storage.crypto import encrypt
from bot.storage.database import session_scope
from bot.storage.models import Conversation


def said(text, seconds_ago):
    return {"event": "user", "timestamp": time.time() - seconds_ago, "text": text, "parse_data": {}}


def test_a_cursor_gives_only_what_came_after_it(engine):
    events = [said("hello", 30), {"event": "action", "timestamp": time.time() - 29, "name": "action_listen"}]
    with session_scope(engine) as session:
        session.add(Conversation(sender_key="cursor-person", events=encrypt(json.dumps(events))))
        case = Case(sender_key="cursor-person", urgency=1, reason="other", status="new", language="en")
        session.add(case)
        session.flush()
        first = transcript(session, case)
        mark = cursor(first)
        assert [e.text for e in first] == ["hello"] and transcript(session, case, mark) == []
        session.get(Conversation, "cursor-person").events = encrypt(json.dumps(events + [said("still here", 5)]))
        session.add(LiveMessage(sender_key="cursor-person", direction="out", text=encrypt("we are here"),
                                delivered_at=utcnow()))
        session.flush()
        new = transcript(session, case, mark)
        assert [e.text for e in new] == ["still here", "we are here"]
        assert transcript(session, case, cursor(new, mark)) == []
        assert delivered_keys(session, case) == [new[1].key]


@pytest.mark.parametrize("bad", ["1", "a.b", "1.-2", "1.2.3", "9" * 30 + ".1"])
def test_a_cursor_it_did_not_write_is_refused(engine, bad):
    with session_scope(engine) as session, pytest.raises(ValueError):
        transcript(session, Case(sender_key="nobody", urgency=1, reason="other", status="new", language="en"), bad)
