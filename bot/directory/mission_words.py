"""Words that name one nationality's missions, so that "gue butuh nomor KBRI" is known to be about Indonesians."""

from __future__ import annotations

import re
from typing import Optional

# Indonesian: Kedutaan Besar / Konsulat Jenderal Republik Indonesia.
MISSION_WORDS = {"kbri": "ID", "kjri": "ID"}
_WORD = re.compile(r"\w+")


def nationality_of_mission(text: Optional[str]) -> Optional[str]:
    """The nationality whose mission the text names by its own word for it, if any."""
    for word in _WORD.findall((text or "").lower()):
        if word in MISSION_WORDS:
            return MISSION_WORDS[word]
    return None
