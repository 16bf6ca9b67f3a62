"""TED's predictions remembered by the dialogue states they were made from.

TED's network sees nothing of a conversation but its last few states (the intent and entities of the last message,
the previous action, the slots that shape the dialogue, the active form), and it answers the same states with the
same scores. Conversations pass through the same few hundred states again and again, yet Rasa 3.6 runs the network
for every prediction, three times a message: about a third of the Rasa server's work under load (README, Figures).
:func:`install` makes TED remember, per model, the prediction it made for each sequence of states (the most recent
``MEMORY_SIZE`` sequences) and give a copy of it when the same states come again.

A TED that reads the person's words themselves (trained end to end, on stories with user text) is left alone: its
answer depends on more than the states. ``tests/bot/test_ted_memory.py`` checks that remembered predictions equal
the network's.

It is installed by the process that runs the Rasa server (``bot.rasa_server``), before the server starts; importing
this module changes nothing.
"""

from __future__ import annotations

import copy
import json
from collections import OrderedDict
from typing import Any, Callable, Dict, Optional

from rasa.core.policies.policy import PolicyPrediction, SupportedData
from rasa.core.policies.ted_policy import TEDPolicy
from rasa.shared.core.domain import Domain
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.nlu.constants import TEXT

MEMORY_SIZE = 4096
MEMORY = "_lifeline_remembered"
Predict = Callable[..., PolicyPrediction]


def remembering(predict: Predict) -> Predict:
    """``predict`` (TED's ``predict_action_probabilities``), remembered by the states it predicts from."""

    def predict_action_probabilities(self: TEDPolicy, tracker: DialogueStateTracker, domain: Domain,
                                     rule_only_data: Optional[Dict[str, Any]] = None, **kwargs: Any
                                     ) -> PolicyPrediction:
        if self.model is None or self.only_e2e or TEXT in self.fake_features:
            return predict(self, tracker, domain, rule_only_data=rule_only_data, **kwargs)
        ml_only = self.supported_data() == SupportedData.ML_DATA
        states = self.featurizer.prediction_states(
            [tracker], domain, use_text_for_last_user_input=False, ignore_rule_only_turns=ml_only,
            rule_only_data=rule_only_data, ignore_action_unlikely_intent=ml_only)[0]
        key = json.dumps(states, sort_keys=True, default=str)
        memory: "OrderedDict[str, PolicyPrediction]" = self.__dict__.setdefault(MEMORY, OrderedDict())
        known = memory.get(key)
        if known is None:
            known = memory[key] = predict(self, tracker, domain, rule_only_data=rule_only_data, **kwargs)
            if len(memory) > MEMORY_SIZE:
                memory.popitem(last=False)
        else:
            memory.move_to_end(key)
        return _copy(known)

    predict_action_probabilities.remembers = True  # type: ignore[attr-defined]
    return predict_action_probabilities


def _copy(prediction: PolicyPrediction) -> PolicyPrediction:
    """A copy whose lists the ensemble may change (it zeroes the score of an action that was just rejected)."""
    fresh = copy.copy(prediction)
    fresh.probabilities = list(prediction.probabilities)
    fresh.events = list(prediction.events)
    fresh.optional_events = list(prediction.optional_events)
    return fresh


def install() -> None:
    """Makes every TED policy of this process remember its predictions."""
    if not getattr(TEDPolicy.predict_action_probabilities, "remembers", False):
        TEDPolicy.predict_action_probabilities = remembering(  # type: ignore[assignment]
            TEDPolicy.predict_action_probabilities)
