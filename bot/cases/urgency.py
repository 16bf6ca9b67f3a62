"""How urgent a conversation is, from what the person said."""

from __future__ import annotations

from typing import Iterable, Optional, Tuple

URGENT, HIGH, NORMAL = 2, 1, 0
LEVELS = {URGENT: "urgent", HIGH: "high", NORMAL: "normal"}

# Danger to life or liberty now comes first; then what needs a person soon.
BY_INTENT = {
    "emergency_now": URGENT,
    "physical_abuse": URGENT,
    "held_captive": URGENT,
    "escaped": URGENT,
    "ransom_debt": URGENT,
    "passport_confiscated": HIGH,
    "forced_scamming": HIGH,
    "fear_of_arrest": HIGH,
    "relative_missing": HIGH,
    "request_human": HIGH,
}
# Among intents of the same level, the one named as the reason (emergency_now before the others).
ORDER = list(BY_INTENT)


def most_urgent(intents: Iterable[str]) -> Tuple[int, Optional[str]]:
    """The highest level among ``intents`` and the intent that gave it (None when nothing is urgent)."""
    ranked = [i for i in intents if i in BY_INTENT]
    if not ranked:
        return NORMAL, None
    reason = min(ranked, key=lambda i: (-BY_INTENT[i], ORDER.index(i)))
    return BY_INTENT[reason], reason
