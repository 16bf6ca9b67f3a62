from datetime import date
from pathlib import Path

import yaml

from bot.directory.records import KINDS, load_records

VALID = {
    "id": "xx-embassy-kh",
    "kind": "embassy",
    "name": "Embassy",
    "serves": ["VN"],
    "country": "KH",
    "city": "Phnom Penh",
    "phones": ["+85523726274"],
    "source": "https://example.org/embassy",
    "source_kind": "own_site",
    "checked": "2026-01-02",
    "confidence": "official",
}


def write(folder: Path, *entries) -> Path:
    (folder / "contacts.yml").write_text(yaml.safe_dump(list(entries)), encoding="utf-8")
    return folder


def problems(folder: Path):
    return [p.message for p in load_records(folder).problems]


def test_a_valid_entry_loads(tmp_path):
    result = load_records(write(tmp_path, VALID))
    assert result.problems == []
    (record,) = result.records
    assert record.checked == date(2026, 1, 2)
    assert record.serves == ("VN",)


def test_source_and_date_are_required(tmp_path):
    entry = {k: v for k, v in VALID.items() if k not in ("source", "checked")}
    assert problems(write(tmp_path, entry)) == ["missing source", "missing checked"]


def test_phone_numbers_must_be_e164_with_a_known_country_code(tmp_path):
    bad = [
        {**VALID, "id": "a", "phones": ["023 726 274"]},
        {**VALID, "id": "b", "phones": ["+999123456789"]},
        {**VALID, "id": "c", "phones": ["+8552"]},
    ]
    found = problems(write(tmp_path, *bad))
    assert len(found) == 3
    assert "not E.164" in found[0]
    assert "unknown country code" in found[1]


def test_country_codes_must_be_iso(tmp_path):
    found = problems(write(tmp_path, {**VALID, "country": "XY", "serves": ["VNM"]}))
    assert any("'XY'" in p for p in found) and any("'VNM'" in p for p in found)


def test_duplicates_are_reported(tmp_path):
    twice = [VALID, dict(VALID), {**VALID, "id": "other-id"}]
    found = problems(write(tmp_path, *twice))
    assert found[0].startswith("duplicate id")
    assert "already listed" in found[1]


def test_a_source_must_be_a_public_url_and_the_date_not_in_the_future(tmp_path):
    found = problems(write(tmp_path, {**VALID, "source": "my notes", "checked": "2999-01-01"}))
    assert found == ["source must be a public http(s) URL", "checked lies in the future"]


def test_a_source_is_never_a_bare_ip_address_and_an_aggregator_is_low_confidence(tmp_path):
    found = problems(write(tmp_path, {**VALID, "source": "http://49.213.3.35/doc/1.html"},
                           {**VALID, "id": "mirror", "phones": ["+85523726275"], "source_kind": "aggregator",
                            "confidence": "secondary"}))
    assert found == ["source must name a site, not a bare IP address", "an aggregator or mirror is low confidence"]


def test_official_needs_the_organisations_own_or_a_government_page_or_a_verification(tmp_path):
    news = {**VALID, "source_kind": "news"}
    assert problems(write(tmp_path, news)) == [
        "confidence official needs the organisation's own or a government page, or a verification"
    ]
    verified = {**news, "verified": {"date": "2026-02-01", "method": "phone", "by": "dara", "outcome": "confirmed"}}
    result = load_records(write(tmp_path, verified))
    assert result.problems == []
    (record,) = result.records
    assert (record.verified_on, record.verified_method, record.verified_by, record.confirmed) == (
        date(2026, 2, 1), "phone", "dara", True)


def test_a_verification_names_its_date_method_person_and_outcome(tmp_path):
    found = problems(write(tmp_path, {**VALID, "verified": {"date": "2999-01-01", "method": "fax", "outcome": "ok"}}))
    assert found == [
        "verified date must be a past date (YYYY-MM-DD)",
        "verified method must be one of phone, official_site",
        "verified outcome must be one of confirmed, wrong, no_answer",
        "verified needs who verified it (by)",
    ]


def test_the_source_date_is_the_pages_own_and_never_after_it_was_read(tmp_path):
    assert problems(write(tmp_path, {**VALID, "source_date": 2014})) == []
    assert problems(write(tmp_path, {**VALID, "source_date": "2025-07"})) == []
    assert problems(write(tmp_path, {**VALID, "source_date": "last year"})) == [
        "source_date must be the page's own date: YYYY, YYYY-MM or YYYY-MM-DD"]
    assert problems(write(tmp_path, {**VALID, "source_date": "2026-03-01"})) == [
        "source_date is after the date the source was read"]


def test_an_emergency_line_names_its_roles(tmp_path):
    line = {**VALID, "kind": "emergency", "serves": ["ALL"], "phones": [], "short_codes": ["199"]}
    assert problems(write(tmp_path, line)) == ["an emergency line needs its roles (police, general, ambulance, "
                                               "tourist_police, fire)"]
    assert problems(write(tmp_path, {**line, "roles": ["police", "coast"]})) == [
        "role 'coast' is not one of police, general, ambulance, tourist_police, fire"]


def test_every_contact_in_the_directory_is_valid_and_sourced():
    result = load_records()
    assert result.problems == []
    assert len(result.records) >= 30
    for record in result.records:
        assert record.source.startswith(("http://", "https://")), record.id
        assert record.checked <= date.today(), record.id
        assert record.kind in KINDS
        assert record.fallback is False or record.confidence != "low", record.id


def test_the_directory_covers_the_six_nationalities():
    records = load_records().records
    for nationality in ("TH", "VN", "ID", "MY", "CN", "PH"):
        assert any(r.kind == "citizen_hotline" and nationality in r.serves for r in records), nationality
    assert any(r.kind == "emergency" and r.country == "KH" and r.fallback for r in records)
