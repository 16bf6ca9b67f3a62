"""A chat with Lifeline in the terminal, through the same REST channel as every other client.

If the Rasa server cannot be reached, the built-in safety reply is shown instead of an error.
"""

from __future__ import annotations

import sys
import uuid
from typing import Any, Callable, Dict, List, Optional, TextIO

import httpx

from bot.channels.webhook import WEBHOOK
from bot.i18n.say import safety_reply


def send(rasa_url: str, sender: str, text: str, timeout: float = 30) -> List[Dict[str, Any]]:
    """The bot's replies to ``text``; the safety reply when the server is unreachable or fails."""
    try:
        reply = httpx.post(rasa_url + WEBHOOK, json={"sender": sender, "message": text}, timeout=timeout)
        reply.raise_for_status()
        messages = reply.json()
    except (httpx.HTTPError, ValueError):
        messages = []
    return messages or [safety_reply({})]


def show(messages: List[Dict[str, Any]], out: TextIO) -> List[Dict[str, Any]]:
    """Prints the messages; returns their buttons, numbered from 1."""
    buttons: List[Dict[str, Any]] = []
    for message in messages:
        if message.get("text"):
            out.write("\n" + message["text"] + "\n")
        for button in message.get("buttons") or []:
            buttons.append(button)
            out.write(f"  [{len(buttons)}] {button['title']}\n")
    return buttons


def chat(rasa_url: str, read: Callable[[str], str] = input, out: TextIO = sys.stdout,
         sender: Optional[str] = None) -> None:
    """Runs the conversation until end of input or Ctrl-C. A number picks a button."""
    sender = sender or f"terminal-{uuid.uuid4().hex[:12]}"
    out.write("Lifeline — type a message (Ctrl-D to quit).\n")
    buttons: List[Dict[str, Any]] = []
    while True:
        try:
            text = read("> ").strip()
        except (EOFError, KeyboardInterrupt):
            out.write("\n")
            return
        if not text:
            continue
        if text.isdigit() and 0 < int(text) <= len(buttons):
            text = buttons[int(text) - 1]["payload"]
        buttons = show(send(rasa_url, sender, text), out)
