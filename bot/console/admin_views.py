"""Pages beside the casework: accounts and the audit log (admins), statistics, and translation coverage."""

from __future__ import annotations

from aiohttp import web
from sqlalchemy import select

from bot.cases.statistics import statistics
from bot.console.app import console_of, form_value, render, requires
from bot.console.charts import columns, horizontal_bars
from bot.i18n.languages import language_name
from bot.staff import audit
from bot.staff.accounts import AccountError, create_account
from bot.staff.models import ROLES, StaffUser
from bot.storage.database import session_scope


@requires("admin")
async def users(request: web.Request) -> web.Response:
    return _users_page(request)


def _users_page(request: web.Request, message: str = "", status: int = 200) -> web.Response:
    with session_scope(console_of(request).engine) as session:
        accounts = list(session.execute(select(StaffUser).order_by(StaffUser.username)).scalars())
    return render(request, "users.html", status=status, accounts=accounts, roles=ROLES, message=message)


@requires("admin")
async def add_user(request: web.Request) -> web.Response:
    form = await request.post()
    try:
        with session_scope(console_of(request).engine) as session:
            created = create_account(session, form_value(form, "username", 64), form_value(form, "password", 1024),
                                     form_value(form, "role", 16), form_value(form, "language", 8) or "en")
            audit.record(session, request["user"].username, "account_created", created.username, created.role)
    except AccountError as error:
        return _users_page(request, str(error), status=400)
    raise web.HTTPSeeOther("/admin/users")


@requires("admin")
async def audit_log(request: web.Request) -> web.Response:
    try:
        page = max(1, int(request.query.get("page", "1")))
    except ValueError:
        page = 1
    with session_scope(console_of(request).engine) as session:
        entries = audit.latest(session, limit=200, offset=(page - 1) * 200)
    return render(request, "audit.html", entries=entries, page=page)


@requires("admin", "staff")
async def stats(request: web.Request) -> web.Response:
    language = request["user"].language
    with session_scope(console_of(request).engine) as session:
        figures = statistics(session)
    charts = {
        "per_day": columns(figures["per_day"], "Conversations per day"),
        "languages": horizontal_bars([(language_name(code, language) if code != "?" else "?", n)
                                      for code, n in figures["languages"]], "Conversations per language"),
        "intents": horizontal_bars([(name.replace("_", " "), n) for name, n in figures["intents"]],
                                   "Conversations per main intent"),
        "outcomes": horizontal_bars([(name.replace("_", " "), n) for name, n in figures["outcomes"]],
                                    "Conversations per outcome"),
    }
    return render(request, "stats.html", charts=charts, total=sum(n for _, n in figures["outcomes"]))


@requires(*ROLES)
async def translations(request: web.Request) -> web.Response:
    from bot.i18n.catalog_tools import MIN_EXAMPLES, check

    return render(request, "translations.html", reports=check(), min_examples=MIN_EXAMPLES)


def add_routes(application: web.Application) -> None:
    application.router.add_get("/admin/users", users)
    application.router.add_post("/admin/users", add_user)
    application.router.add_get("/admin/audit", audit_log)
    application.router.add_get("/stats", stats)
    application.router.add_get("/translations", translations)
