import re
from collections import Counter

import yaml

from bench.eval_realistic import Answer, Case, answer_of, judge, load_cases, summary
from bot.config import ROOT
from bot.training_data import nlu_examples

SPOKEN = ("en", "th", "vi", "id", "ms", "km", "zh", "fil")


def squeezed(text: str) -> str:
    return re.sub(r"[\W_]+", " ", text.lower()).strip()


def test_at_least_thirty_messages_in_every_language_with_known_needs():
    cases = load_cases()
    counts = Counter(case.language for case in cases)
    assert all(counts[language] >= 30 for language in SPOKEN), counts
    assert {"ko", "my", "lo"} <= set(counts)
    listed = yaml.safe_load((ROOT / "domain" / "intents.yml").read_text())["intents"]
    intents = {next(iter(item)) if isinstance(item, dict) else item for item in listed}
    assert {case.need for case in cases} | {case.also for case in cases if case.also} <= intents


def test_the_realistic_set_is_never_trained_on():
    trained = {squeezed(example.text) for example in nlu_examples()}
    trained |= {squeezed(line[2:]) for path in (ROOT / "nlu").rglob("*.yml")
                for line in path.read_text(encoding="utf-8").splitlines() if line.strip().startswith("- ")}
    overlap = [case.text for case in load_cases() if squeezed(case.text) in trained]
    assert overlap == []


def test_an_answer_is_read_from_the_last_user_message_of_a_tracker():
    events = [
        {"event": "user", "parse_data": {"intent": {"name": "greet"}}},
        {"event": "bot", "metadata": {"utter_action": "utter_greet"}},
        {"event": "user", "parse_data": {"intent": {"name": "nlu_fallback"}}},
        {"event": "action", "name": "action_help_first"},
        {"event": "bot", "metadata": {"utter_action": "utter_help_first_safety"}},
        {"event": "bot", "metadata": {"utter_action": "utter_offer_help"}},
    ]
    assert answer_of(events) == Answer("nlu_fallback", ["utter_help_first_safety", "utter_offer_help"])


def test_judging_and_summing_up():
    plea = Case("en", "help me please", "emergency_now")
    safe = judge(plea, Answer("nlu_fallback", ["utter_help_first_safety", "utter_offer_help"]))
    assert safe == {"right": True, "urgent": True, "safety": True, "fallback": False, "distress": True}
    menu = judge(plea, Answer("nlu_fallback", ["utter_help_menu"]))
    assert not menu["right"] and not menu["safety"] and menu["fallback"]
    second = judge(Case("en", "x", "held_captive", "ransom_debt"), Answer("ransom_debt", ["utter_ransom_debt"]))
    assert second["right"]
    rows = [{"language": "en", **safe}, {"language": "en", **menu}]
    assert summary(rows) == {"en": {"messages": 2, "right_need": 0.5, "urgent_safety": 0.5, "fallback": 0.5,
                                    "distress_fallback": 1}}
