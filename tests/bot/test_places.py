import pytest

from bot.places import LANGUAGE, country_of, edit_distance, gazetteer


def found(text):
    """Places and nationalities (language names are checked on their own)."""
    return [(m.entity, m.value) for m in gazetteer().find(text) if m.entity != LANGUAGE]


def languages(text):
    return [m.value for m in gazetteer().find(text) if m.entity == LANGUAGE]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Vietnamese", [("nationality", "VN")]),
        ("I'm from Vietnam", [("country", "VN")]),
        ("Sihanoukville", [("city", "Sihanoukville")]),
        ("Kampong Som", [("city", "Sihanoukville")]),
        ("im stuck in shianoukvile", [("city", "Sihanoukville")]),
        ("toi la nguoi Việt Nam o Campuchia", [("nationality", "VN"), ("country", "KH")]),
        ("我在西港", [("city", "Sihanoukville")]),
        ("ผมอยู่สีหนุวิลล์", [("city", "Sihanoukville")]),
        ("ខ្ញុំនៅក្រុងព្រះសីហនុ", [("city", "Sihanoukville")]),
        ("妙瓦底KK园区", [("city", "Myawaddy"), ("city", "KK Park")]),
        ("เมียวดี", [("city", "Myawaddy")]),
        ("saya WNI di Poipet", [("nationality", "ID"), ("city", "Poipet")]),
        ("คนไทย", [("nationality", "TH")]),
    ],
)
def test_finds_places_and_nationalities_in_every_script(text, expected):
    assert found(text) == expected


@pytest.mark.parametrize(
    "text, nationality",
    [("vietnam embassy pls", "VN"), ("where is the embassy of indonesia", "ID"), ("中国大使馆电话", "CN"),
     ("kedutaan malaysia", "MY"), ("สถานทูตไทย", "TH")],
)
def test_a_country_beside_the_word_embassy_is_the_nationality(text, nationality):
    assert found(text) == [("nationality", nationality)]


def test_offsets_point_into_the_original_text():
    text = "Tôi ở Phnôm Pênh"
    (match,) = gazetteer().find(text)
    assert text[match.start:match.end] == "Phnôm Pênh"
    assert match.value == "Phnom Penh"


def test_short_words_and_unrelated_text_match_nothing():
    assert found("ok thanks, see you later") == []
    assert found("the thing is") == []


def test_nearest_city_within_radius():
    assert gazetteer().nearest_city(10.62, 103.52).name == "Sihanoukville"
    assert gazetteer().nearest_city(0.0, 0.0) is None


def test_country_of_city():
    assert country_of("Myawaddy") == "MM"
    assert country_of("Atlantis") is None
    assert country_of(None) is None


def test_edit_distance_counts_a_transposition_as_one():
    assert edit_distance("sihanoukville", "shianoukville", 2) == 1
    assert edit_distance("abc", "xyz", 1) == 2


@pytest.mark.parametrize(
    "text, language",
    [("speak thai please", "th"), ("ขอภาษาอังกฤษ", "en"), ("nói tiếng việt đi", "vi"), ("说中文", "zh"),
     ("bahasa melayu boleh", "ms"), ("tukar bahasa inggeris", "en"), ("ភាសាខ្មែរ", "km"), ("Tiếng Thái", "th"),
     ("can you write in bahasa indonesia", "id")],
)
def test_names_of_languages_in_any_language(text, language):
    assert languages(text) == [language]


def test_a_word_can_be_a_nationality_and_a_language():
    assert [(m.entity, m.value) for m in gazetteer().find("I am thai")] == [("nationality", "TH"), ("language", "th")]


def test_unrelated_words_are_not_places():
    assert found("malam bang ada orang tak") == []
