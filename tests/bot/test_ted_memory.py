from typing import Iterator

import numpy as np
import pytest
from rasa.core.agent import Agent
from rasa.core.policies.ted_policy import TEDPolicy
from rasa.shared.core.events import ActionExecuted, ActiveLoop, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot import ted_memory

CONVERSATIONS = [
    [("held_captive", None)],
    [("greet", "utter_greet"), ("request_embassy", None)],
    [("emergency_now", "utter_emergency_numbers"), ("inform_nationality", None)],
    [("physical_abuse", "utter_physical_abuse"), ("affirm", None)],
    [("thank", "utter_you_are_welcome"), ("goodbye", "utter_goodbye"), ("out_of_scope", None)],
    [("held_captive", "utter_held_captive"), ("held_captive", "utter_held_captive"), ("ransom_debt", None)],
]


@pytest.fixture(scope="module")
def agent(model_path) -> Agent:
    return Agent.load(str(model_path))


def ted_of(agent: Agent) -> TEDPolicy:
    return next(node._component for node in agent.processor.graph_runner._instantiated_nodes.values()
                if isinstance(getattr(node, "_component", None), TEDPolicy))


def trackers(agent: Agent) -> Iterator[DialogueStateTracker]:
    """Each conversation after its last message, then after its first reply, then in the location form."""
    for turns in CONVERSATIONS:
        events = [ActionExecuted("action_listen")]
        for intent, answer in turns:
            events.append(UserUttered(intent, {"name": intent, "confidence": 0.9}))
            if answer:
                events += [ActionExecuted(answer), ActionExecuted("action_listen")]
        yield DialogueStateTracker.from_events("someone", events, slots=agent.domain.slots)
        events += [ActionExecuted("utter_emergency_numbers"), SlotSet("nationality", "vietnamese")]
        yield DialogueStateTracker.from_events("someone", events, slots=agent.domain.slots)
        events += [ActionExecuted("location_form"), ActiveLoop("location_form"), SlotSet("requested_slot", "country")]
        yield DialogueStateTracker.from_events("someone", events, slots=agent.domain.slots)


def predictions(agent):
    ted = ted_of(agent)
    return [ted.predict_action_probabilities(tracker, agent.domain) for tracker in trackers(agent)]


def test_remembered_predictions_are_the_networks(agent, monkeypatch):
    monkeypatch.setattr(TEDPolicy, "predict_action_probabilities",  # put back afterwards
                        TEDPolicy.__dict__["predict_action_probabilities"])
    networks = predictions(agent)
    ted_memory.install()
    ted_memory.install()  # twice is once
    assert TEDPolicy.predict_action_probabilities.remembers
    first = predictions(agent)
    model = ted_of(agent).model
    runs = []
    monkeypatch.setattr(model, "run_inference", lambda *args, **kwargs: runs.append(args), raising=False)
    again = predictions(agent)
    assert runs == []  # every one remembered: the network did not run
    for theirs, ours, remembered in zip(networks, first, again):
        assert theirs == ours == remembered
        assert np.array_equal(theirs.diagnostic_data["attention_weights"],
                              remembered.diagnostic_data["attention_weights"])


def test_a_changed_copy_leaves_the_memory_as_it_was(agent, monkeypatch):
    monkeypatch.setattr(TEDPolicy, "predict_action_probabilities", TEDPolicy.__dict__["predict_action_probabilities"])
    ted_memory.install()
    tracker = next(trackers(agent))
    given = ted_of(agent).predict_action_probabilities(tracker, agent.domain)
    kept = list(given.probabilities)
    given.probabilities[int(np.argmax(kept))] = 0.0  # as Rasa's ensemble does to an action just rejected
    assert ted_of(agent).predict_action_probabilities(tracker, agent.domain).probabilities == kept


def test_the_oldest_states_are_forgotten_first(agent, monkeypatch):
    monkeypatch.setattr(TEDPolicy, "predict_action_probabilities", TEDPolicy.__dict__["predict_action_probabilities"])
    monkeypatch.setattr(ted_memory, "MEMORY_SIZE", 2)
    ted_memory.install()
    ted = ted_of(agent)
    ted.__dict__.pop(ted_memory.MEMORY, None)
    for tracker in trackers(agent):
        ted.predict_action_probabilities(tracker, agent.domain)
    assert len(getattr(ted, ted_memory.MEMORY)) == 2
