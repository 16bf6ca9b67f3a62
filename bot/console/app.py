"""The staff console's web layer: a web application beside the bot, reading the same database (the pages are in
the ``*_views`` modules, put together in :mod:`bot.console.server`).

Pages are rendered on the server (Jinja2, autoescaped); the only script polls a case's new messages. Every
request runs through the middlewares below: the signed-in session, the CSRF check on every POST, and strict
headers. Handlers say which roles may use them with :func:`requires`.
"""

from __future__ import annotations

import functools
import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Awaitable, Callable, Dict, Optional, Tuple

from aiohttp import web
from jinja2 import Environment, FileSystemLoader, select_autoescape
from sqlalchemy.engine import Engine

from bot.config import Settings
from bot.console import security
from bot.console.client_address import Network, client_address, trusted_networks
from bot.console.throttle import AuditCap, SignInThrottle
from bot.i18n.languages import country_name, language_name
from bot.storage.database import session_scope

logger = logging.getLogger(__name__)
HERE = Path(__file__).resolve().parent
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
CONSOLE = web.AppKey("console", object)


@dataclass
class Console:
    settings: Settings
    engine: Engine
    throttle: SignInThrottle = field(default_factory=SignInThrottle)
    audit_cap: AuditCap = field(default_factory=AuditCap)
    templates: Environment = field(default_factory=lambda: Environment(
        loader=FileSystemLoader(HERE / "templates"), autoescape=select_autoescape(default=True)))
    proxies: Tuple[Network, ...] = field(init=False, default=())

    def __post_init__(self) -> None:
        self.templates.filters.update(language_name=_language_name, country_name=_country_name)
        self.proxies = trusted_networks(self.settings.trusted_proxies)

    def address_of(self, request: web.Request) -> str:
        """The client's address (see :mod:`bot.console.client_address`)."""
        return client_address(request.remote, request.headers.get("X-Forwarded-For"), self.proxies)


def _language_name(code: Optional[str], in_language: str = "en") -> str:
    return language_name(code, in_language) if code else "—"


def _country_name(code: Optional[str], in_language: str = "en") -> str:
    return country_name(code, in_language) if code else "—"


def console_of(request: web.Request) -> Console:
    return request.app[CONSOLE]  # type: ignore[return-value]


def render(request: web.Request, template: str, status: int = 200, **values: Any) -> web.Response:
    console = console_of(request)
    user = request.get("user")
    page = console.templates.get_template(template).render(
        user=user, csrf=request.get("csrf"), staff_language=user.language if user else "en", **values)
    return web.Response(text=page, content_type="text/html", status=status)


def refusal(request: web.Request, status: int, key: str) -> web.Response:
    """A page that says why a request was refused (the words are in ``templates/notices.html``)."""
    return render(request, "error.html", status=status, key=key)


def requires(*roles: str) -> Callable[[Handler], Handler]:
    """Only signed-in staff with one of ``roles``: others are sent to sign in (no session) or refused (403)."""

    def wrap(handler: Handler) -> Handler:
        @functools.wraps(handler)
        async def guarded(request: web.Request) -> web.StreamResponse:
            user = request.get("user")
            if user is None:
                if request.method == "GET" and not request.path.endswith(".json"):
                    raise web.HTTPSeeOther("/signin")
                return refusal(request, 401, "sign_in_first")
            if user.role not in roles:
                return refusal(request, 403, "wrong_role")
            return await handler(request)

        return guarded

    return wrap


@web.middleware
async def signed_in(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Finds the session behind the cookie; checks the CSRF token of every POST."""
    console = console_of(request)
    token = request.cookies.get(security.SESSION_COOKIE)
    with session_scope(console.engine) as session:
        found = security.find_session(session, token)
    if found is not None:
        row, user = found
        request["user"], request["csrf"] = user, row.csrf_token
    if request.method == "POST" and request.path != "/signin":
        given = request.headers.get("X-CSRF-Token")
        if given is None and request.content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
            given = (await request.post()).get("csrf")
        if found is None:
            return refusal(request, 401, "sign_in_first")
        if not security.same_token(request.get("csrf"), given):
            return refusal(request, 403, "form_expired")
    return await handler(request)


class Refused(Exception):
    """A request the console turns down, with the key of what to tell the staff member."""

    def __init__(self, status: int, key: str) -> None:
        super().__init__(key)
        self.status, self.key = status, key


@web.middleware
async def strict_headers(request: web.Request, handler: Handler) -> web.StreamResponse:
    try:
        response = await handler(request)
    except Refused as refused:
        response = refusal(request, refused.status, refused.key)
    except web.HTTPException as error:
        for name, value in security.HEADERS.items():
            error.headers.setdefault(name, value)
        raise
    for name, value in security.HEADERS.items():
        response.headers.setdefault(name, value)
    return response


def form_value(form: Dict[str, Any], name: str, limit: int = 4000) -> str:
    value = form.get(name) or ""
    return str(value)[:limit]
