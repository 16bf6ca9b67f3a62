"""How a contact is written in a message: names, numbers and links only; every word around them comes from the
response catalogs."""

from __future__ import annotations

from typing import Dict, List

import phonenumbers

from bot.directory.records import ContactRecord


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


def contact_values(record: ContactRecord) -> Dict[str, str]:
    """The placeholders of the ``utter_contact`` response."""
    return {
        "name": record.name,
        "details": contact_details(record),
        "checked": record.checked.isoformat(),
        "source": record.source,
    }


def dial_line(record: ContactRecord) -> str:
    """One short line: the name and the numbers to dial."""
    numbers = [*record.short_codes, *(readable_phone(p) for p in record.phones)]
    return f"{record.name}: {' · '.join(numbers)}" if numbers else record.name
