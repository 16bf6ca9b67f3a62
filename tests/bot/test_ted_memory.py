import numpy as np
from rasa.core.policies.ted_policy import TEDPolicy

from bot import ted_memory
from tests.bot.ted import ted_of, trackers


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
