from datetime import date

from bot.directory.importer import import_records
from bot.directory.lookup import Need, find_contacts, rank_contacts
from bot.directory.records import ContactRecord, load_records
from bot.storage.database import session_scope


def contact(id, kind, country, serves=("VN",), city=None, fallback=False, roles=()):
    return ContactRecord(
        id=id, kind=kind, name=id, serves=tuple(serves), country=country, city=city,
        source="https://example.org", source_kind="own_site", checked=date(2026, 1, 1), confidence="official",
        phones=("+85523726274",), fallback=fallback, roles=tuple(roles),
    )


DIRECTORY = [
    contact("vn-embassy-kh", "embassy", "KH", city="Phnom Penh"),
    contact("vn-consulate-shv", "consulate", "KH", city="Sihanoukville"),
    contact("vn-hotline", "citizen_hotline", "VN", fallback=True),
    contact("kh-police", "emergency", "KH", serves=("ALL",), fallback=True, roles=("police",)),
    contact("kh-trafficking", "anti_trafficking", "KH", serves=("ALL",)),
    contact("kh-ngo", "ngo", "KH", serves=("ALL",)),
    contact("th-embassy-kh", "embassy", "KH", serves=("TH",), city="Phnom Penh"),
]


def ids(found):
    return [c.id for c in found]


def test_the_nearest_mission_comes_first():
    found = rank_contacts(DIRECTORY, Need.EMBASSY, "VN", "KH", "Sihanoukville")
    assert ids(found) == ["vn-consulate-shv", "vn-embassy-kh", "vn-hotline"]
    found = rank_contacts(DIRECTORY, Need.EMBASSY, "VN", "KH", "Phnom Penh")
    assert ids(found)[0] == "vn-embassy-kh"
    found = rank_contacts(DIRECTORY, Need.EMBASSY, "VN", "KH", "Poipet")
    assert ids(found)[0] == "vn-embassy-kh"


def test_without_a_mission_the_home_hotline_local_line_and_an_ngo_stand_in():
    found = rank_contacts(DIRECTORY, Need.EMBASSY, "MY", "KH")
    assert ids(found) == ["kh-trafficking", "kh-ngo"]
    with_home_line = DIRECTORY + [contact("my-hotline", "citizen_hotline", "MY", serves=("MY",))]
    assert ids(rank_contacts(with_home_line, Need.EMBASSY, "MY", "KH")) == ["my-hotline", "kh-trafficking", "kh-ngo"]


def test_emergency_puts_the_local_number_first():
    found = rank_contacts(DIRECTORY, Need.EMERGENCY, "VN", "KH", "Sihanoukville")
    assert ids(found) == ["kh-police", "vn-consulate-shv", "vn-hotline", "kh-trafficking"]


def test_police_and_ambulance_before_anything_and_never_a_fire_line():
    lines = [
        contact("mm-fire", "emergency", "MM", serves=("ALL",), roles=("fire",)),
        contact("mm-ambulance", "emergency", "MM", serves=("ALL",), roles=("ambulance",)),
        contact("mm-police", "emergency", "MM", serves=("ALL",), roles=("police",)),
    ]
    found = ids(rank_contacts(DIRECTORY + lines, Need.EMERGENCY, "VN", "MM"))
    assert found[:2] == ["mm-police", "mm-ambulance"]
    assert "mm-fire" not in found
    only_fire = ids(rank_contacts(DIRECTORY + lines[:1], Need.EMERGENCY, "VN", "MM"))
    assert "mm-fire" not in only_fire and "kh-police" not in only_fire


def test_another_countrys_lines_are_never_given_as_local():
    found = rank_contacts(DIRECTORY, Need.EMERGENCY, "VN", "LA")
    assert all(r.country in ("LA", "VN") for r in found)
    assert ids(found) == ["vn-hotline"]


def test_hotline_and_escape_orders():
    assert ids(rank_contacts(DIRECTORY, Need.HOTLINE, "VN", "KH"))[:3] == ["vn-hotline", "kh-trafficking", "kh-ngo"]
    assert ids(rank_contacts(DIRECTORY, Need.ESCAPE, "VN", "KH"))[:3] == ["vn-embassy-kh", "kh-police", "kh-ngo"]


def test_another_nationality_never_gets_someone_elses_embassy():
    assert "th-embassy-kh" not in ids(rank_contacts(DIRECTORY, Need.EMBASSY, "VN", "KH"))
    assert ids(rank_contacts(DIRECTORY, Need.EMBASSY, "TH", "KH"))[0] == "th-embassy-kh"


def test_unknown_person_gets_only_local_lines():
    assert ids(rank_contacts(DIRECTORY, Need.EMERGENCY, None, "KH")) == ["kh-police", "kh-trafficking"]


def test_lookup_from_the_database(engine):
    with session_scope(engine) as session:
        import_records(session, load_records().records)
    with session_scope(engine) as session:
        found = find_contacts(session, Need.EMBASSY, "VN", "KH", "Sihanoukville")
    assert found[0].kind in ("embassy", "consulate") and found[0].city == "Sihanoukville"
    assert all(c.source and c.checked for c in found)
