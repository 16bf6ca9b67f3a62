"""Whole conversations through the real Rasa server, action server and database."""

import json

from sqlalchemy import select

from bot.cases.models import Case
from bot.cases.urgency import HIGH
from bot.storage.crypto import decrypt
from bot.storage.database import engine_for, session_scope
from bot.storage.models import Conversation
from tests.e2e.conftest import buttons, texts


def test_emergency_numbers_come_first_then_the_nearest_consulate(lifeline):
    first = lifeline.say("e1", "help me please they are coming to beat me now")
    assert first[0]["text"].startswith("Numbers you can call right now:")
    assert "117" in first[0]["text"] and "191" in first[0]["text"]
    assert "Which country are you from" in texts(first)[-1]

    second = lifeline.say("e1", "Vietnamese")
    assert "Where are you now" in texts(second)[-1]

    third = lifeline.say("e1", "Kampong Som")
    joined = "\n".join(texts(third))
    assert "Sihanoukville" in joined and "From a news report" in joined and "Checked on" not in joined
    assert "/request_human" in buttons(third)


def test_a_person_in_myawaddy_is_not_given_cambodias_numbers(lifeline):
    first = lifeline.say("mm1", "im in myawaddy kk park, they are beating people right now, please help")
    text = first[0]["text"]
    assert text.startswith("Numbers you can call right now:")
    assert "199" in text and "Yangon, Nay Pyi Taw and Mandalay only" in text
    assert "117" not in text and "Cambodia" not in text


def test_asking_for_the_kbri_gives_the_indonesian_ministry_line_at_once(lifeline):
    reply = texts(lifeline.say("id1", "gue butuh nomor KBRI"))
    assert any("Indonesia: " in text and "+62" in text for text in reply[:-1])
    assert "?" in reply[-1]


def test_asking_for_the_police_from_a_named_place_gives_its_numbers_before_the_nationality_question(lifeline):
    reply = texts(lifeline.say("p1", "im in poipet, what is the police hotline number there"))
    assert reply[0].startswith("Numbers you can call right now:") and "117" in reply[0] and "Myanmar" not in reply[0]
    assert "Which country are you from" in reply[-1]


def test_asking_for_the_embassy_while_the_form_asks_gives_the_numbers_and_the_question_again(lifeline):
    lifeline.say("q1", "afraid of being arrested")
    lifeline.say("q1", "bavet")
    for text in ("can the embassy send someone", "/request_hotline"):
        reply = texts(lifeline.say("q1", text))
        assert len(reply) == 2, reply
        assert reply[0].startswith("Numbers you can call right now:") and "117" in reply[0]
        assert "Which country are you from" in reply[1]
    assert "Where are you now" not in "\n".join(texts(lifeline.say("q1", "I am from Vietnam")))


def test_held_captive_gets_safety_steps_and_an_offer_of_help(lifeline):
    reply = lifeline.say("c1", "they locked us inside the compound and wont let us leave")
    assert "Keep this phone hidden" in texts(reply)[0]
    assert {"/request_embassy", "/request_hotline", "/request_human", "/emergency_now"} <= set(buttons(reply))


def test_known_nationality_and_place_skip_the_questions(lifeline):
    lifeline.say("k1", "I'm Thai")
    reply = lifeline.say("k1", "/inform_location{\"city\":\"Poipet\"}")
    assert "How can I help" in texts(reply)[0]
    found = lifeline.say("k1", "how do i contact my embassy")
    assert texts(found)[0] == "Here is who can help a citizen of Thailand in Cambodia:"


def test_request_human_puts_the_person_in_the_queue(lifeline):
    reply = lifeline.say("h1", "can i talk to a real person please")
    assert "asked our team" in texts(reply)[0]
    with session_scope(engine_for(lifeline.database_url)) as session:
        case = session.execute(select(Case).where(Case.sender_key == "h1")).scalar_one()
    assert (case.status, case.urgency, case.reason) == ("new", HIGH, "request_human")


def test_delete_data_erases_the_conversation_after_one_confirmation(lifeline):
    lifeline.say("d1", "my boss took my passport in bavet")
    lifeline.say("d1", "talk to a person")
    ask = lifeline.say("d1", "please delete my data")
    assert set(buttons(ask)) == {"/affirm", "/deny"}
    done = lifeline.say("d1", "/affirm")
    assert texts(done)[0].startswith("Done.")
    with session_scope(engine_for(lifeline.database_url)) as session:
        # The erased conversation is not stored again (or, if the person writes again, only from then on).
        row = session.execute(select(Conversation.events).where(Conversation.sender_key == "d1")).scalar_one_or_none()
        stored = decrypt(row) if row is not None else "[]"
        cases = session.execute(select(Case).where(Case.sender_key == "d1")).all()
    assert "passport" not in stored and "talk to a person" not in stored and "bavet" not in stored.lower()
    assert cases == []
    assert all(e["event"] != "user" for e in json.loads(stored))


def test_saying_no_keeps_the_data(lifeline):
    lifeline.say("d2", "delete everything")
    kept = lifeline.say("d2", "/deny")
    assert texts(kept) == ["OK, nothing was erased."]


def test_not_understood_gets_a_menu_never_a_bare_rephrase(lifeline):
    for _ in range(2):
        reply = lifeline.say("f1", "/nlu_fallback")
        assert texts(reply) == ["I may have missed what you meant. This is what I can do:"]
        assert {"/emergency_now", "/request_embassy", "/escaped", "/request_human"} <= set(buttons(reply))


def test_distress_gets_the_emergency_numbers_before_any_question(lifeline):
    for sender, text in (("f2", "I swear to God I need help."), ("f3", "出事了。报警。")):
        reply = lifeline.say(sender, text)
        assert "117" in texts(reply)[0] and "191" in texts(reply)[0], text


def test_a_language_lifeline_does_not_speak_gets_english_and_the_numbers(lifeline):
    reply = lifeline.say("f4", "살려주세요 경찰 불러주세요")
    assert texts(reply)[0].startswith("I can write in English, ")
    assert texts(reply)[1].startswith("I'm here with you.") and "117" in texts(reply)[1]


def test_out_of_scope_offers_help_and_emergency(lifeline):
    reply = lifeline.say("o1", "what's the weather like tomorrow")
    assert "/emergency_now" in buttons(reply)
