"""Rasa reuses a component's cached training while the source of its class is unchanged; a change to a function the
class calls (a tokenizer rule, a classifier's features) would go unnoticed. Lifeline's components add the code of
every module the model runs to that key, so such a change trains them again."""

from __future__ import annotations

from typing import Any, Dict, Optional

from bot.rasa_model import code_hash


class FingerprintedByCode:
    """Mixed into each of Lifeline's NLU components, before Rasa's base classes."""

    @classmethod
    def fingerprint_addon(cls, config: Dict[str, Any]) -> Optional[str]:
        return code_hash()
