import subprocess
import sys

import pytest

from bot.i18n.detect import detect


@pytest.mark.parametrize(
    "text, language",
    [
        ("please help me they took my passport", "en"),
        ("ช่วยด้วยครับ โดนยึดพาสปอร์ต", "th"),
        ("tôi bị giữ ở Campuchia", "vi"),
        ("toi bi giu o campuchia khong ve duoc", "vi"),
        ("tolong saya gak bisa keluar dari kantor", "id"),
        ("tolong saya tak boleh keluar dari pejabat ni", "ms"),
        ("ខ្ញុំត្រូវគេចាប់ឃុំ", "km"),
        ("我的护照被老板扣了", "zh"),
        ("我的護照被老闆扣了", "zh"),
        ("boss take my passport already", "en"),
        ("ช่วยด้วย boss ไม่ให้ออก", "th"),
        ("Tulungan niyo po kami, kinuha nila yung passport namin dito sa Cambodia", "fil"),
        ("hindi kami makalabas ng compound", "fil"),
        ("sna po matulungan nyo kmi kc d2 kami sa kk park", "fil"),
    ],
)
def test_languages_of_short_messages(text, language):
    assert detect(text).language == language


@pytest.mark.parametrize("text", ["ok", "👍", "123", "Sihanoukville", "KK Park", "?", "", "+855 12 345 678"])
def test_nothing_to_go_on_gives_no_language(text):
    assert detect(text).language is None


def test_unsupported_scripts_are_recognised():
    assert detect("ကျွန်တော် ကူညီပါ").language == "my"
    assert detect("ຊ່ວຍແດ່").language == "lo"
    assert detect("ຊ່ວຍແດ່").supported is None


def test_mixed_english_and_vietnamese_is_vietnamese():
    assert detect("help me please, tôi đang ở Poipet").language == "vi"


def test_the_client_language_breaks_a_malay_indonesian_tie():
    assert detect("saya di sini", prior="ms").language == "ms"
    assert detect("saya di sini", prior="id").language == "id"


def test_script_and_many_marker_words_are_confident_a_single_word_is_not():
    assert detect("สวัสดี").confident
    assert detect("please help me now").confident
    assert not detect("hello").confident


def test_lang_detect_command_reads_lines_and_prints_codes():
    lines = "hello how are you\nสวัสดีครับ\nok\n"
    result = subprocess.run([sys.executable, "-m", "bot.cli", "lang", "detect"], input=lines, capture_output=True,
                            text=True, check=True)
    assert result.stdout.split() == ["en", "th", "und"]


@pytest.mark.parametrize(
    "text",
    [
        "please help po they took my passport",
        "help po, yung boss namin ayaw ibigay passport",
        "scam po yung job, sabi customer service",
        "poipet po",
        "pinoy po ako",
    ],
)
def test_taglish_and_a_polite_particle_are_filipino(text):
    assert detect(text).language == "fil"


@pytest.mark.parametrize(
    "text, language",
    [
        ("saya suka nonton bola", "msid"),
        ("nama awak siapa", "msid"),
        ("kangen anak anak", "msid"),
        ("anyone there?", "en"),
        ("o day toan ng trung quoc", "vi"),
    ],
)
def test_messages_langdetect_calls_tagalog_are_not_filipino(text, language):
    found = detect(text).language
    assert found in ("ms", "id") if language == "msid" else found == language


def test_telegram_codes_for_filipino_are_both_accepted():
    assert detect("sige", prior="tl").language == detect("sige", prior="fil").language == "fil"
