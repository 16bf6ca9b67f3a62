from bot.storage.database import session_scope
from bot.telegram.outgoing import (MAX_CALLBACK_BYTES, as_html, callback_data, joined, keyboard, payload_of,
                                   split_text)


def test_long_text_is_split_at_sentence_ends():
    sentence = "This is one calm sentence. "
    text = sentence * 400
    pieces = split_text(text)
    assert len(pieces) == 3 and all(len(p) <= 4096 for p in pieces)
    assert all(p.endswith(".") for p in pieces)
    assert " ".join(pieces) == text.strip()


def test_the_replies_to_a_message_go_out_as_one_message_with_their_keyboard():
    offer = [{"title": "Yes", "payload": "/affirm"}]
    replies = [{"text": "You are not alone."}, {"text": "Call 191 now."}, {"text": "Shall I find your embassy?",
                                                                           "buttons": offer}]
    assert joined(replies) == [{"text": "You are not alone.\n\nCall 191 now.\n\nShall I find your embassy?",
                                "buttons": offer}]
    assert joined([{"text": "Hello."}]) == [{"text": "Hello."}]
    assert joined([]) == []


def test_a_keyboard_stays_under_its_own_text_when_more_text_follows():
    first, second = [{"title": "A", "payload": "/a"}], [{"title": "B", "payload": "/b"}]
    replies = [{"text": "one", "buttons": first}, {"text": "two"}, {"text": "three", "buttons": second},
               {"text": "four"}, {"buttons": [{"title": "C", "payload": "/c"}]}]
    assert joined(replies) == [{"text": "one", "buttons": first}, {"text": "two\n\nthree", "buttons": second},
                               {"text": "four", "buttons": [{"title": "C", "payload": "/c"}]}]


def test_blank_lines_do_not_split_a_reply():
    assert split_text("one\n\ntwo") == ["one\n\ntwo"]


def test_a_thai_reply_without_spaces_is_cut_at_a_line_or_the_limit():
    text = "ก" * 5000
    assert [len(p) for p in split_text(text)] == [4096, 904]


def test_html_is_escaped():
    assert as_html("<b>Tom & Jerry</b>") == "&lt;b&gt;Tom &amp; Jerry&lt;/b&gt;"


def test_long_payloads_get_a_short_key_that_maps_back(engine):
    long_payload = '/inform_nationality{"nationality":"VN","country":"KH","city":"Sihanoukville"}'
    with session_scope(engine) as session:
        key = callback_data(session, long_payload)
        short = callback_data(session, "/emergency_now")
    assert len(key.encode()) <= MAX_CALLBACK_BYTES and key != long_payload
    assert short == "/emergency_now"
    with session_scope(engine) as session:
        assert payload_of(session, key) == long_payload
        markup = keyboard(session, [{"title": "A", "payload": "/affirm"}, {"title": "B", "payload": "/deny"}])
    assert [[b.text for b in row] for row in markup.inline_keyboard] == [["A"], ["B"]]
