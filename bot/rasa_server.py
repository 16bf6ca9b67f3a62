"""``python -m bot.rasa_server ARGS``: ``rasa run ARGS`` with the HTTP API on and its token taken from Lifeline's
keys, so the token never appears on a command line (which every local user can read in ``/proc``), Rasa's check of
the action server's answers compiled once (:mod:`bot.action_answer_check`), its lookup of event classes
remembered (:mod:`bot.event_lookup`), and TED's predictions remembered by their states (:mod:`bot.ted_memory`)."""

from __future__ import annotations

import sys
from typing import List


def prepare() -> None:
    """What this process changes in Rasa before it serves: the answer check, the event lookup and TED's predictions."""
    from bot import action_answer_check, event_lookup, ted_memory

    action_answer_check.install()
    event_lookup.install()
    ted_memory.install()


def main(argv: List[str]) -> None:
    from rasa.__main__ import main as rasa_main

    from bot.secret import RASA_API, key

    prepare()
    sys.argv = ["rasa", "run", *argv, "--enable-api", f"--auth-token={key(RASA_API)}"]  # a key may begin with "-"
    rasa_main()


if __name__ == "__main__":
    main(sys.argv[1:])
