"""The connector's client of the Rasa server's Lifeline channel."""

from __future__ import annotations

from typing import Any, Dict, List, Optional

import httpx

from bot.channels.webhook import WEBHOOK


class RasaUnavailable(Exception):
    """Rasa could not be reached or failed."""


class RasaClient:
    def __init__(self, base_url: str, timeout: float = 30.0) -> None:
        self._client = httpx.AsyncClient(base_url=base_url, timeout=timeout,
                                         limits=httpx.Limits(max_keepalive_connections=50))

    async def send(self, sender: str, text: str, metadata: Optional[Dict[str, Any]] = None) -> List[Dict[str, Any]]:
        """The bot's messages in answer to one of the person's."""
        body = {"sender": sender, "message": text, "metadata": metadata or {}}
        try:
            response = await self._client.post(WEBHOOK, json=body)
            response.raise_for_status()
            messages = response.json()
        except (httpx.HTTPError, ValueError) as error:
            raise RasaUnavailable(str(error)) from error
        if not isinstance(messages, list):
            raise RasaUnavailable("the answer is not a list of messages")
        return messages

    async def close(self) -> None:
        await self._client.aclose()
