import io

from bot.terminal import chat


def test_a_terminal_chat_with_a_button_press(lifeline):
    typed = iter(["hello", "2", "Vietnamese"])

    def read(_prompt):
        try:
            return next(typed)
        except StopIteration:
            raise EOFError

    out = io.StringIO()
    chat(lifeline.rasa_url, read=read, out=out, sender="terminal-test")
    screen = out.getvalue()
    assert "Hello, I'm Lifeline." in screen
    assert "[2] My embassy" in screen
    assert "Which country are you from?" in screen and "Where are you now?" in screen
