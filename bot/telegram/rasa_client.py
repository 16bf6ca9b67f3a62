"""The connector's client of the Rasa server's Lifeline channel."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Dict, List, Optional

import httpx

from bot.channels.webhook import WEBHOOK


class RasaUnavailable(Exception):
    """Rasa could not be reached or failed."""


@dataclass
class Reply:
    messages: List[Dict[str, Any]]
    state: Dict[str, Any] = field(default_factory=dict)


class RasaClient:
    def __init__(self, base_url: str, timeout: float = 30.0) -> None:
        self._client = httpx.AsyncClient(base_url=base_url, timeout=timeout,
                                         limits=httpx.Limits(max_keepalive_connections=50))

    async def send(self, sender: str, text: str, metadata: Optional[Dict[str, Any]] = None) -> Reply:
        body = {"sender": sender, "message": text, "metadata": metadata or {}, "include_state": True}
        try:
            response = await self._client.post(WEBHOOK, json=body)
            response.raise_for_status()
            data = response.json()
        except (httpx.HTTPError, ValueError) as error:
            raise RasaUnavailable(str(error)) from error
        return Reply(messages=data.get("messages") or [], state=data.get("state") or {})

    async def close(self) -> None:
        await self._client.aclose()
