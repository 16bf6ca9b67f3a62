import unicodedata

from bot.i18n.folding import fold, fold_text


def test_latin_letters_lose_case_and_diacritics_and_other_scripts_keep_their_marks():
    assert fold_text("Phnom PÉNH, Đà Nẵng") == "phnom penh, da nang"
    assert fold_text("ช่วยด้วย") == "ช่วยด้วย"


def test_a_diacritic_typed_apart_from_its_letter_folds_like_the_composed_letter():
    assert fold_text(unicodedata.normalize("NFD", "Phnom Pénh")) == fold_text("Phnom Pénh") == "phnom penh"


def test_each_folded_character_points_back_to_its_origin():
    folded, origin = fold("ﬁx É")
    assert folded == "fix e"
    assert [("ﬁx É")[i] for i in origin] == ["ﬁ", "ﬁ", "x", " ", "É"]
