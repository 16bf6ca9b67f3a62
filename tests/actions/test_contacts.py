import asyncio


from actions.contacts import ActionFindContacts
from bot.config import settings


def responses(dispatcher):
    return [m["response"] for m in dispatcher.messages]


def test_vietnamese_in_sihanoukville_get_the_consulate_there_first(action_database, dispatcher,
                                                                  vietnamese_in_sihanoukville):
    events = asyncio.run(ActionFindContacts().run(dispatcher, vietnamese_in_sihanoukville, {}))
    assert responses(dispatcher)[0] == "utter_contacts_intro"
    first = dispatcher.messages[1]
    assert first["response"] == "utter_contact"
    assert "Sihanoukville" in first["name"] and first["details"].startswith("☎ ")
    assert (first["provenance_kind"], first["provenance_date"]) == ("news", None)
    assert events == [{"event": "slot", "timestamp": None, "name": "country", "value": "KH"}]


def test_a_hotline_for_a_malaysian_in_cambodia(action_database, dispatcher, malaysian_in_poipet_needing_a_hotline):
    asyncio.run(ActionFindContacts().run(dispatcher, malaysian_in_poipet_needing_a_hotline, {}))
    names = [m.get("name", "") for m in dispatcher.messages]
    assert any("Wisma Putra" in n or "Malaysia" in n for n in names)


def test_nobody_known_gets_numbers_not_silence(action_database, dispatcher, unknown_person):
    asyncio.run(ActionFindContacts().run(dispatcher, unknown_person, {}))
    assert responses(dispatcher) == ["utter_no_contacts"]


def test_an_unreachable_database_gives_the_safety_numbers(monkeypatch, dispatcher, vietnamese_in_sihanoukville):
    monkeypatch.setenv("DATABASE_URL", "postgresql+psycopg2://postgres@127.0.0.1:1/none")
    settings.cache_clear()
    try:
        asyncio.run(ActionFindContacts().run(dispatcher, vietnamese_in_sihanoukville, {}))
    finally:
        settings.cache_clear()
    assert responses(dispatcher) == ["utter_safety_fallback"]
