"""Conversations in Lifeline's other languages through the real Rasa and action servers: every reply in the
person's language."""

from tests.e2e.conftest import texts
from tests.said import country, said

# The 24-hour lines of the foreign ministries, as the contact files give them.
MINISTRY = {"TH": "+66 2 572 8442", "MY": "+60 3-8887 4570"}


def intro(language, nationality, where):
    """Who can help a citizen of ``nationality`` in ``where``, as the person reads it."""
    text = said("utter_contacts_intro", language, nationality_name=country(nationality, language),
                country_name=country(where, language))
    return lambda reply: reply == text


def home_line(language, nationality):
    """The first line of the ministry's answer, and its number."""
    first = said("utter_home_line", language).split("\n")[0]
    return lambda reply: reply.split("\n")[0] == first and MINISTRY[nationality] in reply


def converse(lifeline, sender, language, turns, metadata=None):
    """Sends each message and checks the first reply: the named response in ``language``, or what a check says."""
    for message, expected in turns:
        reply = texts(lifeline.say(sender, message, metadata=metadata))
        if callable(expected):
            assert expected(reply[0]), (message, reply)
        else:
            assert reply[0] == said(expected, language), (message, reply)


def test_thai_from_greeting_to_the_embassy(lifeline):
    converse(lifeline, "th-1", "th", [
        ("สวัสดีครับ", "utter_greet"),
        ("อยากติดต่อสถานทูตครับ", "utter_ask_nationality"),
        ("เป็นคนไทยครับ", home_line("th", "TH")),
        ("ตอนนี้อยู่ปอยเปต", intro("th", "TH", "KH")),
    ])


def test_khmer_from_greeting_to_the_embassy(lifeline):
    converse(lifeline, "km-1", "km", [
        ("សួស្តីបង", "utter_greet"),
        ("ខ្ញុំចង់ទាក់ទងស្ថានទូត", "utter_ask_nationality"),
        ("ខ្ញុំជាខ្មែរ", "utter_ask_country"),
        ("ខ្ញុំនៅបាងកក", intro("km", "KH", "TH")),
    ])


def test_malay_from_greeting_to_the_embassy(lifeline):
    converse(lifeline, "ms-1", "ms", [
        ("helo, apa khabar", "utter_greet"),
        ("macam mana nak hubungi kedutaan", "utter_ask_nationality"),
        ("saya rakyat malaysia", home_line("ms", "MY")),
        ("saya kat poipet sekarang", intro("ms", "MY", "KH")),
    ], metadata={"language_code": "ms"})


def test_filipino_from_greeting_to_help_with_a_passport(lifeline):
    converse(lifeline, "fil-1", "fil", [
        ("hello po, may tao po ba dito?", "utter_greet"),
        ("Tulungan niyo po kami, kinuha nila yung passport namin dito sa Cambodia", "utter_passport_confiscated"),
        ("nakakulong po kami sa compound, di kami makalabas", "utter_held_captive"),
        ("salamat po", "utter_you_are_welcome"),
    ])


def test_taglish_text_speak_with_a_tagalog_client_is_answered_in_filipino(lifeline):
    numbers_first = said("utter_emergency_numbers", "fil").split("\n")[0]  # a plea from inside: help first
    converse(lifeline, "fil-2", "fil", [
        ("sna po matulungan nyo kmi, d2 kmi s kk park d kmi pinapalabas",
         lambda reply: reply.startswith(numbers_first) or reply == said("utter_held_captive", "fil")),
    ], metadata={"language_code": "tl"})


def test_switching_to_filipino_and_back(lifeline):
    assert texts(lifeline.say("sw-fil", "hello"))[0] == said("utter_greet", "en")
    filipino = said("utter_language_changed", "fil", language_name="Filipino")
    assert texts(lifeline.say("sw-fil", "tagalog na lang po"))[0] == filipino
    assert texts(lifeline.say("sw-fil", "ok"))[0].startswith(said("utter_how_can_help", "fil"))
    assert texts(lifeline.say("sw-fil", "Poipet"))[0] != said("utter_language_changed", "en", language_name="English")
    back = texts(lifeline.say("sw-fil", '/change_language{"language":"en"}'))
    assert back[0] == said("utter_language_changed", "en", language_name="English")
    assert texts(lifeline.say("sw-fil", "they took my passport"))[0] == said("utter_passport_confiscated", "en")


def test_switching_language_mid_conversation(lifeline):
    assert texts(lifeline.say("sw-1", "hello"))[0] == said("utter_greet", "en")
    assert texts(lifeline.say("sw-1", "tôi bị công ty giữ hộ chiếu"))[0] == said("utter_passport_confiscated", "vi")
    chosen = texts(lifeline.say("sw-1", '/change_language{"language":"th"}'))
    assert chosen[0] == said("utter_language_changed", "th", language_name="ไทย")
    assert texts(lifeline.say("sw-1", "ok"))[0].startswith(said("utter_how_can_help", "th"))


def test_asking_for_a_language_in_words(lifeline):
    reply = texts(lifeline.say("sw-2", "can you speak khmer please"))
    assert reply[0] == said("utter_language_changed", "km", language_name="ខ្មែរ")


def test_english_mixed_with_vietnamese_is_answered_in_vietnamese(lifeline):
    reply = texts(lifeline.say("mix-1", "help me please, tôi bị nhốt ở KK Park không ra được"))
    assert reply[0] == said("utter_held_captive", "vi")


def test_traditional_chinese_is_answered_in_chinese(lifeline):
    reply = texts(lifeline.say("zh-1", "我的護照被老闆扣了怎麼辦"))
    assert reply[0] == said("utter_passport_confiscated", "zh")


def test_one_model_parses_every_language(lifeline):
    import httpx

    examples = {
        "they took my passport": "passport_confiscated",
        "บอสยึดพาสปอร์ตผมไป": "passport_confiscated",
        "công ty giữ hộ chiếu của em rồi": "passport_confiscated",
        "paspor saya ditahan bos": "passport_confiscated",
        "pasport saya kena tahan dengan bos": "passport_confiscated",
        "ថៅកែរឹបអូសលិខិតឆ្លងដែនខ្ញុំ": "passport_confiscated",
        "老板把我的护照扣了": "passport_confiscated",
        "kinuha ng boss yung passport ko": "passport_confiscated",
    }
    for text, intent in examples.items():
        parsed = httpx.post(f"{lifeline.rasa_url}/model/parse", json={"text": text},
                            params={"token": lifeline.stack.rasa_token}, timeout=30).json()
        assert parsed["intent"]["name"] == intent, (text, parsed["intent"])
