"""The rules for what a person in danger is given, on the real contact files, for every host country and for a
person whose country is unknown, through the same lookup the actions use and the replies the person reads."""

import pytest

from bot.directory.lookup import Need, rank_contacts
from bot.directory.mission_words import nationality_of_mission
from bot.directory.present import contact_values, provenance_text
from bot.directory.records import load_records
from bot.i18n.say import say_text
from bot.i18n.values import conversation_lookup

HOSTS = {"KH": "117", "MM": "199", "LA": "1191", "TH": "191", "PH": "911"}


def reply(response, language="en", **slots):
    return say_text(response, language, slots)


@pytest.mark.parametrize("country", sorted(HOSTS))
def test_every_host_country_gets_its_own_police_first(country):
    found = rank_contacts(load_records().records, Need.EMERGENCY, "VN", country)
    emergency = [r for r in found if r.kind == "emergency"]
    assert all(r.country == country for r in emergency)
    assert all(r.country in (country, "VN") for r in found)
    assert emergency[0].short_codes[0] == HOSTS[country]
    assert "police" in emergency[0].roles or "general" in emergency[0].roles


def test_a_person_in_myawaddy_is_never_given_cambodias_numbers():
    text = reply("utter_emergency_numbers", city="Myawaddy", country="MM")
    assert "117" not in text and "Cambodia" not in text
    assert text.splitlines()[1].endswith("199") and "Yangon, Nay Pyi Taw and Mandalay only" in text
    text = reply("utter_emergency_numbers", city="Myawaddy", country="MM", nationality="PH")
    assert "Philippines: " in text and "+63" in text


def test_a_person_in_laos_gets_the_lao_police_and_their_own_ministry_line():
    text = reply("utter_emergency_numbers", country="LA", nationality="TH")
    lines = text.splitlines()
    assert lines[1].endswith("1191")
    assert "Thailand: " in text and "+66 2 572 8442" in text
    assert "117" not in text and "911" not in text


def test_an_unknown_place_gives_each_regions_police_named_with_its_country_and_the_ministry_line():
    text = reply("utter_emergency_numbers", nationality="CN")
    for name, number in (("Cambodia", "117"), ("Laos", "1191"), ("Thailand", "191"), ("Philippines", "911")):
        assert any(line.startswith(f"{name}: ") and number in line for line in text.splitlines()), name
    assert "China: " in text and "12308" in text


def test_violence_in_vietnam_gets_police_then_ambulance_never_the_fire_line_first():
    text = reply("utter_emergency_numbers", country="VN")
    assert text.splitlines()[1].endswith("113") and "115" in text.splitlines()[2]
    assert "114" not in text


def test_a_contact_says_only_what_is_true_about_its_source():
    records = {r.id: r for r in load_records().records}
    assert contact_values(records["ph-embassy-th"])["provenance_date"] == "2014-05-22"
    assert provenance_text("news", "2014-05-22", "en") == "From a news report (2014-05-22)"
    assert provenance_text("own_site", None, "th") == "จากเว็บไซต์ของหน่วยงานนั้นเอง"
    assert contact_values(records["cn-embassy-mm"])["provenance_kind"] == "aggregator"
    lookup = conversation_lookup("en", {}, contact_values(records["ph-embassy-la"]))
    assert lookup("provenance") == "From the organisation's own website (2021-04-21)"


def test_the_indonesian_words_for_their_missions_name_the_nationality():
    assert nationality_of_mission("gue butuh nomor KBRI") == "ID"
    assert nationality_of_mission("kjri davao dimana") == "ID"
    assert nationality_of_mission("embassy please") is None
    text = reply("utter_home_line", nationality="ID")
    assert "Indonesia: " in text and "+62" in text
