"""How a contact is written in a message: names, numbers and links only; every word around them comes from the
response catalogs."""

from __future__ import annotations

from typing import Dict, List, Optional, Tuple

import phonenumbers

from bot.directory.records import ContactRecord
from bot.i18n.responses import render, response


def readable_phone(number: str) -> str:
    """``+85523726274`` as ``+855 23 726 274``."""
    try:
        parsed = phonenumbers.parse(number, None)
        return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
    except phonenumbers.NumberParseException:
        return number


def contact_details(record: ContactRecord) -> str:
    lines: List[str] = []
    numbers = [*record.short_codes, *(readable_phone(p) for p in record.phones)]
    if numbers:
        lines.append("☎ " + " · ".join(numbers))
    if record.whatsapp:
        lines.append("WhatsApp " + readable_phone(record.whatsapp))
    if record.telegram:
        lines.append("Telegram " + record.telegram)
    if record.line:
        lines.append("LINE " + record.line)
    if record.email:
        lines.append("✉ " + record.email)
    if record.web:
        lines.append("🌐 " + record.web)
    if record.address:
        lines.append("📍 " + record.address)
    if record.hours:
        lines.append("🕑 " + record.hours)
    return "\n".join(lines)


def provenance(record: ContactRecord) -> Tuple[str, Optional[str]]:
    """Where the person is told the contact comes from, and the only date that is true for it: the day a
    verification confirmed it, else the date the source itself shows (none when it shows none)."""
    if record.confirmed and record.verified_on is not None:
        return f"verified_{record.verified_method}", record.verified_on.isoformat()
    return record.source_kind, record.source_date


def provenance_text(kind: str, when: Optional[str], language: str) -> str:
    """"From a news report (2014)", in the person's language (``utter_provenance_*`` in the catalogs)."""
    text = render(response(f"utter_provenance_{kind}"), language, lambda name: None)["text"]
    return f"{text} ({when})" if when else text


def contact_values(record: ContactRecord) -> Dict[str, Optional[str]]:
    """The values of the ``utter_contact`` response (``{provenance}`` is rendered in the person's language)."""
    kind, when = provenance(record)
    return {"name": record.name, "details": contact_details(record), "provenance_kind": kind, "provenance_date": when}


def dial_line(record: ContactRecord) -> str:
    """One short line: the name and the numbers to dial."""
    numbers = [*record.short_codes, *(readable_phone(p) for p in record.phones)]
    return f"{record.name}: {' · '.join(numbers)}" if numbers else record.name
