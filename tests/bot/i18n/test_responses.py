import logging

from bot.i18n.languages import country_name, language_name, supported, telegram_code
from bot.i18n.responses import domain_responses, fill, placeholders, render
from bot.i18n.say import say, say_text
from bot.i18n.values import conversation_lookup


def test_fill_replaces_names_and_leaves_json_alone():
    assert fill("Hi {name}", {"name": "A"}.get) == "Hi A"
    assert fill('/inform{"country":"KH"}', {}.get) == '/inform{"country":"KH"}'


def test_a_missing_value_leaves_no_blank_line(caplog):
    with caplog.at_level(logging.WARNING):
        assert fill("a\n{missing}\nb", {}.get) == "a\nb"
    assert "missing" in caplog.text


def test_every_response_renders_without_unknown_placeholders():
    lookup = conversation_lookup("en", {"nationality": "VN", "country": "KH"},
                                 {"name": "n", "details": "d", "checked": "2026-01-01"})
    for name, variants in domain_responses().items():
        for variant in variants:
            rendered = render(variant, "en", lookup)
            assert rendered["text"].strip(), name
            assert "{" not in rendered["text"].replace('{"', ""), name
            for button in rendered.get("buttons") or []:
                assert button["title"] and button["payload"][:1] in ("/", "!"), name


def test_buttons_name_countries_and_languages_from_cldr():
    rendered = say("utter_ask_country", "th")
    assert rendered["buttons"][0]["title"] == "กัมพูชา"
    assert rendered["buttons"][0]["payload"] == '/inform_location{"country":"KH"}'
    picker = say("utter_choose_language", "en")
    assert [b["title"] for b in picker["buttons"]][:3] == ["English", "ไทย", "Tiếng Việt"]


def test_emergency_numbers_follow_what_is_known():
    text = say_text("utter_emergency_numbers", "en", {"country": "KH", "nationality": "VN"})
    assert "117" in text and "+84" in text
    unknown = say_text("utter_emergency_numbers", "en")
    assert "Cambodia: " in unknown and "Thailand: " in unknown


def test_language_helpers():
    assert supported("zh-hant") == "zh" and supported("ms_MY") == "ms" and supported("fr") is None
    assert language_name("km") == "ខ្មែរ"
    assert country_name("MM", "zh") == "缅甸"
    assert placeholders("{a} and {b}") == ["a", "b"]


def test_filipino_is_known_by_its_codes_and_names():
    assert supported("fil") == supported("tl") == supported("fil-PH") == supported("tl_PH") == "fil"
    assert language_name("fil") == "Filipino" and language_name("fil", "zh") == "菲律宾语"
    assert country_name("KH", "fil") == "Cambodia" and country_name("PH", "fil") == "Pilipinas"
    assert telegram_code("fil") == "tl" and telegram_code("th") == "th" and telegram_code("en") is None
