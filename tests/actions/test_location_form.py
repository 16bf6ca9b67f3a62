import asyncio

from actions.location_form import ValidateLocationForm
from tests.actions.conftest import make_tracker


def entity(kind, value):
    return {"entity": kind, "value": value, "start": 0, "end": 1}


def extract(method, tracker, dispatcher):
    return asyncio.run(getattr(ValidateLocationForm(), method)(dispatcher, tracker, {}))


def test_a_country_given_as_nationality_fills_nationality_and_restores_the_place(dispatcher):
    tracker = make_tracker(
        slots={"requested_slot": "nationality", "country": "VN"},
        text="Vietnam", intent="inform_location", entities=[entity("country", "VN")],
        events=[{"event": "slot", "name": "country", "value": "KH"}],
    )
    assert extract("extract_nationality", tracker, dispatcher) == {"nationality": "VN", "country": "KH"}


def test_a_demonym_fills_nationality(dispatcher):
    tracker = make_tracker(slots={"requested_slot": "nationality"}, text="Vietnamese",
                           entities=[entity("nationality", "VN")])
    assert extract("extract_nationality", tracker, dispatcher) == {"nationality": "VN"}


def test_a_city_answers_where_the_person_is(dispatcher):
    tracker = make_tracker(slots={"requested_slot": "country", "city": "Sihanoukville"}, text="Kampong Som",
                           entities=[entity("city", "Sihanoukville")])
    assert extract("extract_country", tracker, dispatcher) == {"country": "KH"}


def test_a_known_city_fills_the_country_before_it_is_asked(dispatcher):
    tracker = make_tracker(slots={"requested_slot": "nationality", "city": "Myawaddy"}, text="hi")
    assert extract("extract_country", tracker, dispatcher) == {"country": "MM"}


def test_an_unknown_place_is_asked_again_kindly(dispatcher):
    tracker = make_tracker(slots={"requested_slot": "country"}, text="a big building by the sea",
                           intent="inform_location")
    assert extract("extract_country", tracker, dispatcher) == {"country": None}
    assert [m["response"] for m in dispatcher.messages] == ["utter_place_not_recognised"]


def test_a_change_of_subject_is_left_to_the_rules(dispatcher):
    tracker = make_tracker(slots={"requested_slot": "country"}, text="they are coming", intent="emergency_now")
    assert extract("extract_country", tracker, dispatcher) == {}
    assert dispatcher.messages == []


def test_a_request_for_the_kbri_gives_the_indonesian_ministry_line_at_once(dispatcher):
    tracker = make_tracker(slots={"need": "embassy"}, text="gue butuh nomor KBRI", intent="request_embassy")
    assert extract("extract_nationality", tracker, dispatcher) == {"nationality": "ID"}
    assert dispatcher.messages[0]["response"] == "utter_home_line"
    assert dispatcher.messages[0]["nationality"] == "ID"


def test_a_known_place_goes_straight_to_the_missions_there(dispatcher):
    tracker = make_tracker(slots={"nationality": "VN", "city": "Sihanoukville", "need": "embassy"},
                           text="embassy please", intent="request_embassy")
    assert extract("extract_nationality", tracker, dispatcher) == {}
    assert dispatcher.messages == []


def test_the_ministry_line_comes_as_soon_as_the_nationality_is_answered(dispatcher):
    tracker = make_tracker(slots={"requested_slot": "nationality", "need": "embassy"}, text="Filipino",
                           intent="inform_nationality", entities=[entity("nationality", "PH")])
    assert extract("extract_nationality", tracker, dispatcher) == {"nationality": "PH"}
    assert [(m["response"], m["nationality"]) for m in dispatcher.messages] == [("utter_home_line", "PH")]


def test_no_ministry_line_first_for_other_needs_a_known_place_or_a_nationality_without_one(dispatcher):
    for slots, nationality in (({"requested_slot": "nationality", "need": "hotline"}, "PH"),
                               ({"requested_slot": "nationality", "need": "embassy", "country": "KH"}, "PH"),
                               ({"requested_slot": "nationality", "need": "embassy"}, "KH")):
        tracker = make_tracker(slots=slots, text="...", intent="inform_nationality",
                               entities=[entity("nationality", nationality)])
        assert extract("extract_nationality", tracker, dispatcher) == {"nationality": nationality}
    assert dispatcher.messages == []


def test_a_request_for_the_police_from_a_known_place_gets_its_numbers_before_the_nationality_question(dispatcher):
    tracker = make_tracker(slots={"need": "hotline", "city": "Shwe Kokko"}, intent="request_hotline",
                           text="nandito ako sa Shwe Kokko, pahingi po ng number ng pulis")
    assert extract("extract_nationality", tracker, dispatcher) == {}
    assert [m["response"] for m in dispatcher.messages] == ["utter_emergency_numbers"]


def test_a_request_for_a_hotline_in_distress_gets_the_numbers_first_and_a_calm_one_only_the_questions(dispatcher):
    distressed = make_tracker(slots={"need": "hotline"}, intent="request_hotline", text="police number, locked in")
    distressed.latest_message["distress"] = {"shown": True, "score": 1.0, "cues": ["police", "locked"]}
    assert extract("extract_nationality", distressed, dispatcher) == {}
    calm = make_tracker(slots={"need": "hotline"}, intent="request_hotline", text="is there a hotline i can call")
    assert extract("extract_nationality", calm, dispatcher) == {}
    assert [m["response"] for m in dispatcher.messages] == ["utter_emergency_numbers"]


def test_fear_of_arrest_and_the_embassy_from_a_known_place_get_no_police_numbers_first(dispatcher):
    for intent, need in (("fear_of_arrest", "hotline"), ("request_embassy", "embassy")):
        tracker = make_tracker(slots={"need": need, "country": "KH"}, intent=intent, text="...")
        extract("extract_nationality", tracker, dispatcher)
    assert dispatcher.messages == []


def test_an_answer_showing_distress_gets_the_numbers_before_the_next_question(dispatcher):
    tracker = make_tracker(slots={"requested_slot": "nationality", "need": "hotline"},
                           text="Vietnam, please help us", intent="emergency_now",
                           entities=[entity("nationality", "VN")])
    tracker.latest_message["distress"] = {"shown": True, "score": 2.0, "cues": ["please help", "help us"]}
    assert extract("extract_nationality", tracker, dispatcher) == {"nationality": "VN"}
    assert [m["response"] for m in dispatcher.messages] == ["utter_emergency_numbers"]


def test_a_calm_answer_or_distress_without_an_answer_gets_no_numbers_from_the_form(dispatcher):
    calm = make_tracker(slots={"requested_slot": "nationality", "need": "hotline"}, text="Vietnam",
                        intent="inform_nationality", entities=[entity("nationality", "VN")])
    plea = make_tracker(slots={"requested_slot": "nationality", "need": "hotline"}, text="please help us",
                        intent="emergency_now")
    plea.latest_message["distress"] = {"shown": True, "score": 2.0, "cues": ["please help", "help us"]}
    for tracker in (calm, plea):
        extract("extract_nationality", tracker, dispatcher)
    assert dispatcher.messages == []


def test_a_home_country_named_in_a_plea_is_the_nationality_and_its_numbers_are_not_given_as_local(dispatcher):
    # "Vietnam, please help us": Rasa's mapping took Vietnam for where the person is; the form puts it right, and
    # the numbers come for a Vietnamese whose place is not known yet (the region's), not Vietnam's own.
    tracker = make_tracker(slots={"requested_slot": "nationality", "need": "embassy", "country": "VN"},
                           text="Vietnam, please help us", intent="emergency_now",
                           entities=[entity("country", "VN")])
    tracker.latest_message["distress"] = {"shown": True, "score": 2.0, "cues": ["please help", "help us"]}
    assert extract("extract_nationality", tracker, dispatcher) == {"nationality": "VN", "country": None}
    numbers = dispatcher.messages[0]
    assert (numbers["response"], numbers["nationality"], numbers["country"]) == ("utter_emergency_numbers", "VN", None)
