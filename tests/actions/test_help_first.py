"""What follows the help-first answer is fixed by the action, so that Rasa never predicts it again and again."""

import asyncio

from rasa_sdk import Tracker

from actions.help_first import ActionHelpFirst
from tests.actions.conftest import make_tracker


def run(tracker: Tracker, dispatcher):
    return asyncio.run(ActionHelpFirst().run(dispatcher, tracker, {}))


def test_outside_a_form_lifeline_waits_for_the_next_message(dispatcher):
    events = run(make_tracker(text="hmm", intent="nlu_fallback"), dispatcher)
    assert events == [{"event": "followup", "name": "action_listen", "timestamp": None}]
    assert [m["response"] for m in dispatcher.messages] == ["utter_help_menu"]


def test_inside_a_form_the_form_asks_its_question_again(dispatcher):
    tracker = make_tracker(text="can the embassy send someone", intent="request_embassy")
    tracker.active_loop = {"name": "location_form"}
    events = run(tracker, dispatcher)
    assert events == [{"event": "followup", "name": "location_form", "timestamp": None}]
