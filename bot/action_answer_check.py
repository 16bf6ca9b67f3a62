"""Rasa's check of each answer of the action server, with the schema compiled once.

Rasa 3.6 checks every answer of the action server against a JSON schema (``RemoteAction._validate_action_result``)
with ``jsonschema.validate``, which first checks the schema itself against JSON Schema's metaschema and builds a new
validator: about 19 ms of the Rasa server's CPU for each call to the action server, the largest single cost of a
message after the NLU pipeline and the policies (README, Figures). :func:`install` makes Rasa check the same answers
against the same schema with a validator built once: the same errors, raised the same way, with Rasa's own hint
added to the message.

It is installed by the process that runs the Rasa server (``bot.rasa_server``), before the server starts; importing
this module changes nothing.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any, Dict, Text

from jsonschema import Validator
from jsonschema.exceptions import best_match
from jsonschema.validators import validator_for
from rasa.core.actions.action import RemoteAction
from rasa.shared.constants import DOCS_BASE_URL

RASA_HINT = (". Failed to validate Action server response from API, make sure your response from the Action "
             f"endpoint is valid. For more information about the format visit {DOCS_BASE_URL}/custom-actions")


@lru_cache(maxsize=1)
def answer_validator() -> Validator:
    """A validator of Rasa's schema for an action server's answer, the schema checked once."""
    schema = RemoteAction.action_response_format_spec()
    cls = validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


def check_answer(_: RemoteAction, result: Dict[Text, Any]) -> bool:
    """What ``RemoteAction._validate_action_result`` does, with the validator built once."""
    error = best_match(answer_validator().iter_errors(result))
    if error is not None:
        error.message += RASA_HINT
        raise error
    return True


def install() -> None:
    """Makes every ``RemoteAction`` of this process check answers with :func:`check_answer`."""
    RemoteAction._validate_action_result = check_answer  # type: ignore[method-assign]
