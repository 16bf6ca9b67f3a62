"""TED's prediction run as the graph TensorFlow compiled for it, without matching its inputs to the signature anew.

Rasa 3.6 runs each of TED's predictions through ``tf.function`` (``RasaModel._rasa_predict``). Every call of a
``tf.function`` works out again, from the Python values it is given, which compiled graph fits them: it
canonicalises the inputs against the input signature and looks the graph up, which costs more than running the graph
itself (about 0.8 of 2.1 ms a prediction, measured; TED predicts about three times a message). TED's function has a
fixed input signature, so there is exactly one graph: :func:`install` makes ``_rasa_predict`` take that graph once,
after Rasa's own first call has built it, and from then on convert the inputs to the signature's types and run it.
The graph, its weights and its inputs are the same, so the scores are the same (``tests/bot/test_ted_inference.py``
compares them).

It is installed by the process that runs the Rasa server (``bot.rasa_server``), before the server starts; importing
this module changes nothing.
"""

from __future__ import annotations

from typing import Any, Callable, Dict, Tuple

import numpy as np
import tensorflow as tf
from keras.utils import tf_utils
from rasa.shared.constants import DIAGNOSTIC_DATA
from rasa.utils.tensorflow.models import RasaModel

Predict = Callable[[RasaModel, Tuple[np.ndarray, ...]], Dict[str, Any]]
GRAPH = "_lifeline_predict_graph"


def direct(rasa_predict: Predict) -> Predict:
    """``rasa_predict`` (Rasa's), used until the model's graph is built and whenever the model runs eagerly; the
    graph itself, called directly, after that."""

    def _rasa_predict(self: RasaModel, batch_in: Tuple[np.ndarray, ...]) -> Dict[str, Any]:
        graph = getattr(self, GRAPH, None)
        if graph is None or self._run_eagerly:
            outputs = rasa_predict(self, batch_in)
            if self._tf_predict_step is not None and not self._run_eagerly:
                setattr(self, GRAPH, self._tf_predict_step.get_concrete_function())
            return outputs
        self._training = False
        specs = graph.structured_input_signature[0][0]
        inputs = [tf.convert_to_tensor(value, dtype=spec.dtype) for value, spec in zip(batch_in, specs)]
        outputs = tf_utils.sync_to_numpy_or_python_type(graph._call_flat(inputs, graph.captured_inputs))
        if DIAGNOSTIC_DATA in outputs:
            outputs[DIAGNOSTIC_DATA] = self._empty_lists_to_none_in_dict(outputs[DIAGNOSTIC_DATA])
        return outputs

    _rasa_predict.direct = True  # type: ignore[attr-defined]
    return _rasa_predict


def install() -> None:
    """Makes every Rasa model of this process run its compiled prediction graph directly."""
    if not getattr(RasaModel._rasa_predict, "direct", False):
        RasaModel._rasa_predict = direct(RasaModel._rasa_predict)  # type: ignore[assignment]
