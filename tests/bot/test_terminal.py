import io

from bot.processes import free_port
from bot.terminal import send, show


def test_an_unreachable_server_still_gives_the_safety_numbers():
    (reply,) = send(f"http://127.0.0.1:{free_port()}", "x", "help", timeout=2)
    assert reply["text"].startswith("I can't look this up at the moment, sorry.")
    assert "117" in reply["text"] and "911" in reply["text"]


def test_buttons_are_numbered_across_messages():
    out = io.StringIO()
    buttons = show([{"text": "a", "buttons": [{"title": "One", "payload": "/one"}]},
                    {"text": "b", "buttons": [{"title": "Two", "payload": "/two"}]}], out)
    assert [b["payload"] for b in buttons] == ["/one", "/two"]
    assert "[2] Two" in out.getvalue()
