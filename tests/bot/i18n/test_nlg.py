import asyncio

from rasa.shared.core.domain import Domain
from rasa.shared.core.events import SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot.config import DOMAIN
from bot.i18n.nlg import GettextNLG


def generate(name, events, **kwargs):
    domain = Domain.load(str(DOMAIN))
    tracker = DialogueStateTracker.from_events("person", events, domain.slots)
    return asyncio.run(GettextNLG(domain=domain).generate(name, tracker, "lifeline", **kwargs))


def test_a_response_is_said_in_the_language_the_person_writes_with_their_place_s_numbers():
    thai = UserUttered("ช่วยด้วย", parse_data={"language": {"code": "th", "confident": True}})
    reply = generate("utter_emergency_numbers", [thai, SlotSet("country", "KH")])
    first, *lines = reply["text"].split("\n")
    assert any("\u0e00" <= char <= "\u0e7f" for char in first)  # Thai script
    assert lines[0].endswith("117") and "กัมพูชา:" not in lines[0]


def test_before_any_signal_the_client_language_then_the_default_applies():
    hello = UserUttered("/greet", metadata={"language_code": "vi"})
    assert generate("utter_greet", [hello])["text"] != generate("utter_greet", [UserUttered("/greet")])["text"]


def test_an_unknown_response_is_none():
    assert generate("utter_no_such_response", []) is None
