import pytest

from bot.pipeline.distress import distress_of, find_cues, fold


@pytest.mark.parametrize("text", [
    "I swear to God I need help.",
    "help",
    "出事了。报警。",
    "救命啊",
    "救救我哋",
    "Mẹ cứu con, họ bảo con đi",
    "me cuu con ho bao con di",
    "ช่วยด้วยค่ะ",
    "tolong saya",
    "kami dipukul setiap hari",
    "saya kena pukul semalam",
    "ជួយផងបង",
    "tulungan niyo po kami",
    "saklolo",
    "살려주세요",
    "ကယ်ပါ",
    "ຊ່ວຍແດ່",
    "police and guards with guns outside",
    "they beat us with electric batons",
])
def test_pleas_and_dangers_show_distress(text):
    assert distress_of(text).shown, text


@pytest.mark.parametrize("text", [
    "hello",
    "what's the weather tomorrow",
    "the police",
    "杀猪盘每天要开单",
    "Đánh giá công việc này thế nào",
    "is this job in Cambodia real",
    "terima kasih",
    "ขอบคุณครับ",
])
def test_ordinary_messages_do_not(text):
    assert not distress_of(text).shown, text


def test_two_danger_words_are_distress_one_is_not():
    assert distress_of("police").score == 0.5
    assert distress_of("the police locked us").shown


def test_overlapping_cues_count_once():
    assert distress_of("i need help").cues == ("i need help",)


def test_vietnamese_with_and_without_diacritics_folds_alike():
    assert fold("Cứu tôi với, đang bị đánh") == "cuu toi voi, dang bi danh"
    assert distress_of("Cứu tôi với").cues == distress_of("cuu toi voi").cues


def test_latin_cues_match_whole_words_only():
    assert not find_cues("gunther helped")  # neither "gun" nor "help"
    assert find_cues("gun!") == ("gun",)


def test_who_and_when_tables():
    assert find_cues("con tôi bị lừa sang Campuchia", "someone_else") == ("con toi",)
    assert find_cues("Mẹ ơi cứu con", "own_plea")
    assert find_cues("我已经回国了，但是晚上还是睡不着", "safe_now")


def test_a_held_down_last_letter_is_the_same_cue():
    assert distress_of("helppp").cues == ("help",)
    assert distress_of("tolonggg siapa aja").shown
    assert distress_of("cuuuu").cues == ("cuu",)


def test_khmer_subscript_ta_and_da_are_one_cue():
    # ម្ដាយ (mother) and ប្ដី (husband) as the dictionary spells them, and as many people type them, with subscript ta
    assert find_cues("ម្តាយជួយកូនផង", "own_plea") == find_cues("ម្ដាយជួយកូនផង", "own_plea") == ("ម្ដាយជួយ",)
    assert find_cues("ប្តីខ្ញុំបាត់ខ្លួន", "someone_else") == find_cues("ប្ដីខ្ញុំបាត់ខ្លួន", "someone_else") == ("ប្ដីខ្ញុំ",)


@pytest.mark.parametrize("text", ["bos bawa pistol, kami takut dibunuh", "có khẩu súng", "มันมีปืน", "他们有枪",
                                  "papatayin daw kami", "they said they will kill us"])
def test_weapons_and_threats_to_kill_are_a_threat_to_life(text):
    assert find_cues(text, "threat")


@pytest.mark.parametrize("text", ["公司让我做杀猪盘", "tôi không sung sướng gì", "งานยิงแอดเฟซบุ๊ก",
                                  "patayin mo yung ilaw", "ขอข้อมูลบริษัทที่มีดีไหม"])
def test_words_that_only_look_like_a_threat_are_not(text):
    assert find_cues(text, "threat") == ()
