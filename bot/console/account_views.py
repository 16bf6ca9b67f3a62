"""Console accounts (admins): the list, new accounts, and disabling, enabling, new passwords, second factors
turned off and sessions ended."""

from __future__ import annotations

from aiohttp import web
from sqlalchemy import select

from bot.console.app import Refused, console_of, form_value, render, requires
from bot.staff import audit
from bot.staff.accounts import ACCOUNT_ACTIONS, AccountError, apply_action, create_account
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
async def change_account(request: web.Request) -> web.Response:
    """Disable, enable, reset the password or the second factor of, or sign out an account (never one's own)."""
    action = request.match_info["action"]
    if action not in ACCOUNT_ACTIONS:
        raise Refused(404, "no_account")
    form = await request.post()
    try:
        with session_scope(console_of(request).engine) as session:
            user = session.get(StaffUser, int(request.match_info["account"]))
            if user is None:
                raise Refused(404, "no_account")
            if user.id == request["user"].id:
                raise Refused(403, "not_yourself")
            detail = apply_action(session, user, action, form_value(form, "password", 1024))
            audit.record(session, request["user"].username, ACCOUNT_ACTIONS[action], user.username, detail)
    except AccountError as error:
        return _users_page(request, str(error), status=400)
    raise web.HTTPSeeOther("/admin/users")


def add_routes(application: web.Application) -> None:
    application.router.add_get("/admin/users", users)
    application.router.add_post("/admin/users", add_user)
    application.router.add_post(r"/admin/users/{account:\d{1,9}}/{action}", change_account)
