from rasa.shared.core.events import Restarted, SlotSet, UserUttered
from rasa.shared.core.slots import TextSlot

from rasa.shared.core.trackers import DialogueStateTracker

from bot.i18n.conversation import conversation_language, language_of_events, reply_language


def said(text, code, confident=True, language_code=None):
    return UserUttered(text, parse_data={"language": {"code": code, "confident": confident}},
                       metadata={"language_code": language_code} if language_code else {})


def test_ambiguous_messages_keep_the_language():
    events = [said("สวัสดีครับ", "th"), said("ok", None), said("555", None), said("yes", "en", confident=False)]
    assert language_of_events(events) == "th"


def test_a_confident_message_switches():
    assert language_of_events([said("สวัสดีครับ", "th"), said("tôi bị giữ ở đây", "vi")]) == "vi"


def test_an_explicit_choice_wins_over_the_message_that_made_it():
    events = [said("xin chào", "vi"), said("speak thai please", "en"), SlotSet("language", "th")]
    assert language_of_events(events) == "th"


def test_a_first_message_that_only_leans_defers_to_the_client_language():
    assert language_of_events([said("hello", "en", confident=False, language_code="km")]) == "km"
    assert language_of_events([said("hello", "en", confident=False)]) == "en"


def test_restart_forgets_and_defaults_apply():
    assert language_of_events([said("xin chào", "vi"), Restarted()]) is None
    assert conversation_language({}, {"language_code": "zh-hant"}) == "zh"
    assert conversation_language({"language": "ms"}) == "ms"
    assert conversation_language({}) == "en"


def test_filipino_keeps_its_language_through_taglish_and_switches_on_a_clear_signal():
    from bot.i18n.detect import detect

    def typed(text, language_code=None):
        found = detect(text)
        return said(text, found.supported, found.confident, language_code)

    events = [typed("tulungan niyo po kami, nasa kk park kami"), typed("ok"), typed("please help po"), typed("Poipet")]
    assert language_of_events(events) == "fil"
    assert language_of_events([*events, typed("tôi bị giữ ở đây")]) == "vi"
    assert language_of_events([*events, SlotSet("language", "en")]) == "en"
    assert language_of_events([typed("hello", language_code="tl")]) == "fil"
    assert conversation_language({}, {"language_code": "fil"}) == "fil"


def test_the_reply_language_is_decided_once_per_message_and_noted_with_it():
    slots = [TextSlot("language", mappings=[{}])]
    tracker = DialogueStateTracker.from_events("person", [said("สวัสดีครับ", "th")], slots)
    assert reply_language(tracker) == "th"
    assert tracker.latest_message.parse_data["language"]["reply"] == "th"
    tracker.latest_message.parse_data["language"]["reply"] = "km"  # what was decided is read, not decided again
    assert reply_language(tracker) == "km"
    tracker.update(UserUttered("/greet", parse_data={}))  # a button press: no language of its own
    assert reply_language(tracker) == "th"
    assert tracker.latest_message.parse_data["language"] == {"reply": "th"}
    assert language_of_events(tracker.events) == "th"
