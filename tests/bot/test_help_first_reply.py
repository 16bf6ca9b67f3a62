from bot.help_first_reply import help_first_responses


def test_distress_gets_the_emergency_numbers_then_the_menu():
    parse = {"distress": {"shown": True}, "language": {"code": "en", "detected": "en"}}
    assert help_first_responses(parse) == ["utter_help_first_safety", "utter_offer_help"]


def test_without_distress_a_short_menu():
    assert help_first_responses({"distress": {"shown": False}, "language": {"code": "vi"}}) == ["utter_help_menu"]
    assert help_first_responses({}) == ["utter_help_menu"]


def test_an_unsupported_language_first_names_the_languages_lifeline_writes():
    parse = {"distress": {"shown": True}, "language": {"code": None, "detected": "ko"}}
    assert help_first_responses(parse) == ["utter_languages_spoken", "utter_help_first_safety", "utter_offer_help"]
