"""The built-in emergency numbers (no database): the right country's lines, the right roles, labelled honestly."""

import pytest

from bot.directory.safety import HOST_COUNTRIES, emergency_lines, hotline_line, safety_numbers
from bot.i18n.languages import country_name

# The country's own police (or general emergency) line, as the contact files give it.
POLICE = {"KH": "117", "MM": "199", "TH": "191", "LA": "1191", "PH": "911", "VN": "113", "MY": "999", "ID": "110"}


def test_unknown_country_gives_each_host_countrys_police_line_named_with_its_country():
    numbers = safety_numbers(None, None)
    assert [r.country for r in numbers.emergency] == [c for c in HOST_COUNTRIES if c in POLICE]
    assert all("police" in r.roles or "general" in r.roles for r in numbers.emergency)
    lines = emergency_lines(numbers, "th")
    assert "กัมพูชา" in lines and "ไทย" in lines
    assert numbers.hotline is None


@pytest.mark.parametrize("country", sorted(POLICE))
def test_a_known_country_gives_only_its_own_lines_police_first(country):
    numbers = safety_numbers(country, None)
    assert {r.country for r in numbers.emergency} == {country}
    assert numbers.emergency[0].short_codes[0] == POLICE[country]
    assert not any(r.roles == ("fire",) for r in numbers.emergency)
    text = emergency_lines(numbers, "en")
    assert text.splitlines()[0].endswith(POLICE[country]) or POLICE[country] in text.splitlines()[0]
    for other, number in POLICE.items():
        if other != country and number not in text:
            assert country_name(other, "en") not in text


def test_myanmar_gives_its_police_and_ambulance_with_where_they_work_and_nothing_foreign():
    numbers = safety_numbers(None, None, "Myawaddy")
    assert numbers.country == "MM" and [r.short_codes[0] for r in numbers.emergency] == ["199", "192"]
    text = emergency_lines(numbers, "en")
    assert "Yangon, Nay Pyi Taw and Mandalay only" in text and "117" not in text and "191" not in text


def test_the_persons_own_ministry_line_is_named_with_its_country():
    numbers = safety_numbers("KH", "VN")
    assert numbers.hotline.kind == "citizen_hotline" and "VN" in numbers.hotline.serves
    line = hotline_line(numbers, "en")
    assert line.startswith("Vietnam: ") and "+84" in line
    assert hotline_line(safety_numbers(None, "ID"), "id").startswith("Indonesia: ")


def test_without_a_nationality_the_hotline_is_the_local_anti_trafficking_line_never_a_foreign_one():
    assert safety_numbers("TH", None).hotline.id == "th-1300"
    assert hotline_line(safety_numbers("TH", None), "en").startswith("Social Assistance Center")
    assert safety_numbers("MY", None).hotline is None


def test_a_city_is_enough_to_know_the_country():
    assert [r.country for r in safety_numbers(None, None, "Poipet").emergency] == ["KH"]


@pytest.mark.parametrize("nationality", ["TH", "VN", "ID", "MY", "CN", "PH"])
def test_every_nationality_has_its_ministry_line_in_the_fallback(nationality):
    assert safety_numbers(None, nationality).hotline.kind == "citizen_hotline"
