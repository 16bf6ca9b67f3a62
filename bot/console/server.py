"""``lifeline serve console``: the console's pages put together behind its middlewares."""

from __future__ import annotations

import logging

from aiohttp import web
from sqlalchemy.engine import Engine

from bot.config import Settings
from bot.console import account_views, admin_views, auth_views, case_views
from bot.console.app import CONSOLE, HERE, Console, signed_in, strict_headers


def build(settings: Settings, engine: Engine) -> web.Application:
    application = web.Application(middlewares=[strict_headers, signed_in], client_max_size=256 * 1024)
    application[CONSOLE] = Console(settings, engine)
    auth_views.add_routes(application)
    case_views.add_routes(application)
    account_views.add_routes(application)
    admin_views.add_routes(application)
    application.router.add_static("/static", HERE / "static")
    return application


def run(settings: Settings, engine: Engine, host: str = "127.0.0.1") -> None:
    logging.getLogger("aiohttp.access").setLevel(logging.WARNING)
    web.run_app(build(settings, engine), host=host, port=settings.console_port, print=None)
