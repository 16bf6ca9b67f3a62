import pytest
from rasa.shared.core.events import ActionExecuted, Event, SlotSet, UserUttered
from rasa.shared.utils.common import all_subclasses

from bot import event_lookup


@pytest.fixture
def rasas_lookup(monkeypatch):
    """Rasa's own lookup; put back after the test, whatever it installs."""
    original = Event.__dict__["resolve_by_type"]
    monkeypatch.setattr(Event, "resolve_by_type", original)
    return original.__func__


def test_every_event_name_finds_the_class_rasas_walk_finds(rasas_lookup):
    lookup = event_lookup.remembering(rasas_lookup)
    for _ in range(2):  # found by the walk, then remembered
        for cls in all_subclasses(Event):
            assert lookup(cls.type_name) is rasas_lookup(cls.type_name)


def test_unknown_names_and_defaults_behave_as_in_rasa(rasas_lookup):
    lookup = event_lookup.remembering(rasas_lookup)
    with pytest.raises(ValueError):
        lookup("no_such_event")
    assert lookup("topic") is None
    assert lookup("no_such_event", SlotSet) is SlotSet
    with pytest.raises(ValueError):  # a default given once is not remembered for the name
        lookup("no_such_event")


def test_install_makes_rasa_read_events_with_the_remembering_lookup(rasas_lookup):
    event_lookup.install()
    event_lookup.install()  # twice is once
    assert Event.resolve_by_type.remembers
    events = [Event.from_parameters(e.as_dict()) for e in (UserUttered("hi"), ActionExecuted("action_listen"))]
    assert [type(e) for e in events] == [UserUttered, ActionExecuted]
