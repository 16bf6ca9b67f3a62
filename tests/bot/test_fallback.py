from bot.fallback import HOST_COUNTRIES, emergency_lines, hotline_line, safety_numbers


def test_every_host_country_with_a_sourced_police_line_has_one_in_the_fallback():
    numbers = safety_numbers(None, None)
    covered = {r.country for r in numbers.emergency}
    assert {"KH", "TH", "LA", "PH"} <= covered <= set(HOST_COUNTRIES)


def test_known_country_gives_its_own_line_and_the_nationality_hotline():
    numbers = safety_numbers("KH", "VN")
    assert [r.country for r in numbers.emergency] == ["KH"]
    assert "117" in emergency_lines(numbers, "en")
    assert numbers.hotline.kind == "citizen_hotline" and "VN" in numbers.hotline.serves
    assert "+84" in hotline_line(numbers)


def test_a_city_is_enough_to_know_the_country():
    assert [r.country for r in safety_numbers(None, None, "Poipet").emergency] == ["KH"]


def test_unknown_country_names_each_country_in_the_persons_language():
    lines = emergency_lines(safety_numbers(None, None), "th")
    assert "กัมพูชา" in lines and "ไทย" in lines


def test_a_hotline_is_always_given():
    for nationality in (None, "VN", "KR"):
        for country in (None, "KH", "MM"):
            assert safety_numbers(country, nationality).hotline is not None
