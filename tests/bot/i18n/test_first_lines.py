"""Lock screens show the first line of a message to whoever holds the phone: it must never alarm."""

import pytest

from bot.i18n.languages import LANGUAGES
from bot.i18n.responses import domain_responses, render
from bot.i18n.values import conversation_lookup

ALARMING = {
    "en": ["danger", "police", "traffick", "escape", "emergency", "embassy", "scam", "rescue", "kidnap", "ransom",
           "abuse", "victim"],
    "th": ["อันตราย", "ตำรวจ", "ค้ามนุษย์", "หลบหนี", "ฉุกเฉิน", "สถานทูต", "แก๊ง", "ค่าไถ่", "เหยื่อ"],
    "vi": ["nguy hiểm", "công an", "cảnh sát", "buôn người", "trốn", "khẩn cấp", "đại sứ", "lừa đảo", "chuộc",
           "nạn nhân"],
    "id": ["bahaya", "polisi", "perdagangan orang", "kabur", "darurat", "kedutaan", "penipuan", "tebusan", "korban"],
    "ms": ["bahaya", "polis", "pemerdagangan", "melarikan", "kecemasan", "kedutaan", "penipuan", "tebusan",
           "mangsa"],
    "km": ["គ្រោះថ្នាក់", "ប៉ូលីស", "ជួញដូរ", "រត់គេច", "បន្ទាន់", "ស្ថានទូត", "បោកប្រាស់", "លោះ", "ជនរងគ្រោះ"],
    "zh": ["危险", "警察", "拐卖", "贩卖", "逃", "紧急", "大使馆", "诈骗", "赎金", "受害"],
    "fil": ["panganib", "delikado", "pulis", "trafficking", "tumakas", "takas", "emergency", "embahada", "embassy",
            "scam", "manloko", "rescue", "ransom", "tubos", "biktima", "kidnap", "dinukot"],
}
# Texts that are not messages: command descriptions shown in Telegram's menu, and fragments placed inside a
# message after its first line.
NOT_MESSAGES = ("utter_tg_command_", "utter_fragment_")


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_first_line_alarms(language):
    lookup = conversation_lookup(language, {})
    for name, variants in domain_responses().items():
        if name.startswith(NOT_MESSAGES):
            continue
        for variant in variants:
            first = render(variant, language, lookup)["text"].split("\n")[0].lower()
            found = [word for word in ALARMING[language] if word in first]
            assert not found, f"{language} {name}: {first!r} has {found}"
