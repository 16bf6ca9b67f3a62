import numpy as np
from rasa.utils.tensorflow.models import RasaModel

from bot import ted_inference
from tests.bot.ted import ted_of, trackers


def predictions(agent):
    ted = ted_of(agent)
    return [ted.predict_action_probabilities(tracker, agent.domain) for tracker in trackers(agent)]


def test_the_direct_graph_gives_the_scores_of_rasas_tf_function(agent, monkeypatch):
    monkeypatch.setattr(RasaModel, "_rasa_predict", RasaModel.__dict__["_rasa_predict"])  # put back afterwards
    rasas = predictions(agent)
    ted_inference.install()
    ted_inference.install()  # twice is once
    assert RasaModel._rasa_predict.direct
    for _ in range(2):  # the first call builds the graph Rasa's way, the next ones call it directly
        direct = predictions(agent)
        assert getattr(ted_of(agent).model, ted_inference.GRAPH) is not None
        for theirs, ours in zip(rasas, direct):
            assert theirs.probabilities == ours.probabilities
            assert np.array_equal(theirs.diagnostic_data["attention_weights"],
                                  ours.diagnostic_data["attention_weights"])
