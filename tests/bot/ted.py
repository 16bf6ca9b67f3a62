"""The project model's TED policy and a few conversations' trackers, for the tests of what changes its predictions'
cost (``bot/ted_inference.py``, ``bot/ted_memory.py``)."""

from typing import Iterator

from rasa.core.agent import Agent
from rasa.core.policies.ted_policy import TEDPolicy
from rasa.shared.core.events import ActionExecuted, ActiveLoop, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

CONVERSATIONS = [
    [("held_captive", None)],
    [("greet", "utter_greet"), ("request_embassy", None)],
    [("emergency_now", "utter_emergency_numbers"), ("inform_nationality", None)],
    [("physical_abuse", "utter_physical_abuse"), ("affirm", None)],
    [("thank", "utter_you_are_welcome"), ("goodbye", "utter_goodbye"), ("out_of_scope", None)],
    [("held_captive", "utter_held_captive"), ("held_captive", "utter_held_captive"), ("ransom_debt", None)],
]


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
