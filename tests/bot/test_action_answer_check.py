import pytest
from jsonschema import ValidationError
from rasa.core.actions.action import RemoteAction

from bot import action_answer_check

GOOD = {"events": [{"event": "slot", "name": "country", "value": "KH", "timestamp": None}],
        "responses": [{"response": "utter_greet"}]}
BAD_ANSWERS = [
    {"events": [{"name": "country"}]},  # an event without its type
    {"events": "slot"},
    {"responses": ["utter_greet"]},
    {"events": [{"event": "no_such_event"}]},
]


@pytest.fixture
def rasas_check(monkeypatch):
    """Rasa's own check; the attribute is put back after the test, whatever it installs."""
    original = RemoteAction._validate_action_result
    monkeypatch.setattr(RemoteAction, "_validate_action_result", original)
    return original


def test_install_replaces_rasas_check_in_every_remote_action(rasas_check):
    action_answer_check.install()
    assert RemoteAction._validate_action_result is action_answer_check.check_answer
    assert RemoteAction("action_contacts", None)._validate_action_result(GOOD) is True


@pytest.mark.parametrize("answer", BAD_ANSWERS)
def test_a_bad_answer_fails_with_the_error_rasa_raises(rasas_check, answer):
    action = RemoteAction("action_contacts", None)
    with pytest.raises(ValidationError) as rasa_error:
        rasas_check(action, answer)
    action_answer_check.install()
    with pytest.raises(ValidationError) as ours:
        action._validate_action_result(answer)
    assert ours.value.message == rasa_error.value.message
    assert list(ours.value.path) == list(rasa_error.value.path)


def test_the_schema_is_rasas_and_checked_once():
    validator = action_answer_check.answer_validator()
    assert validator.schema == RemoteAction.action_response_format_spec()
    assert action_answer_check.answer_validator() is validator
