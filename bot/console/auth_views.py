"""Signing in and out, and turning on two-factor sign-in."""

from __future__ import annotations

import secrets

from aiohttp import web

from bot.console import security
from bot.console.app import console_of, form_value, render, requires
from bot.staff import audit, totp
from bot.staff.accounts import check_sign_in, enable_two_factor
from bot.staff.models import ROLES, StaffUser
from bot.storage.database import session_scope


def _cookie_options(request: web.Request) -> dict:
    secure = console_of(request).settings.console_url.startswith("https://")
    return {"httponly": True, "samesite": "Strict", "secure": secure, "path": "/"}


def _home(user: StaffUser) -> str:
    return "/translations" if user.role == "translator" else "/queue"


async def index(request: web.Request) -> web.StreamResponse:
    user = request.get("user")
    raise web.HTTPSeeOther(_home(user) if user else "/signin")


async def sign_in_form(request: web.Request, key: str = "", status: int = 200) -> web.Response:
    token = secrets.token_urlsafe(24)
    response = render(request, "signin.html", status=status, signin_csrf=token, key=key)
    response.set_cookie(security.SIGN_IN_COOKIE, token, max_age=3600, **_cookie_options(request))
    return response


async def sign_in(request: web.Request) -> web.StreamResponse:
    console = console_of(request)
    form = await request.post()
    if not security.same_token(request.cookies.get(security.SIGN_IN_COOKIE), form.get("csrf")):
        return await sign_in_form(request, "sign_in_expired", status=403)
    username, password = form_value(form, "username", 64), form_value(form, "password", 1024)
    address = request.remote or "?"
    if console.throttle.blocked(username, address):
        with session_scope(console.engine) as session:
            audit.record(session, username[:64] or None, "sign_in_blocked", detail=address)
        return await sign_in_form(request, "too_many_attempts", status=429)
    with session_scope(console.engine) as session:
        result = check_sign_in(session, username, password, form_value(form, "code", 16))
        if result.user is None:
            console.throttle.failed(username, address)
            audit.record(session, username[:64] or None, "sign_in_failed", detail=address)
            key = "code_needed" if result.needs_code else "wrong_password"
            failed = True
        else:
            console.throttle.succeeded(username)
            token, _ = security.open_session(session, result.user)
            audit.record(session, result.user.username, "sign_in", detail=address)
            home = _home(result.user)
            failed = False
    if failed:
        return await sign_in_form(request, key, status=401)
    response = web.HTTPSeeOther(home)
    response.set_cookie(security.SESSION_COOKIE, token, **_cookie_options(request))
    response.del_cookie(security.SIGN_IN_COOKIE, path="/")
    raise response


@requires(*ROLES)
async def sign_out(request: web.Request) -> web.StreamResponse:
    with session_scope(console_of(request).engine) as session:
        security.close_session(session, request.cookies.get(security.SESSION_COOKIE))
        audit.record(session, request["user"].username, "sign_out")
    response = web.HTTPSeeOther("/signin")
    response.del_cookie(security.SESSION_COOKIE, path="/")
    raise response


@requires(*ROLES)
async def two_factor_page(request: web.Request) -> web.Response:
    return render(request, "two_factor.html", enabled=bool(request["user"].totp_secret))


@requires(*ROLES)
async def two_factor_enable(request: web.Request) -> web.Response:
    with session_scope(console_of(request).engine) as session:
        user = session.get(StaffUser, request["user"].id)
        if user.totp_secret:
            return render(request, "two_factor.html", enabled=True)
        secret = enable_two_factor(user)
        audit.record(session, user.username, "two_factor_on")
        uri = totp.provisioning_uri(secret, user.username)
    return render(request, "two_factor.html", enabled=True, secret=secret, uri=uri)


def add_routes(application: web.Application) -> None:
    application.router.add_get("/", index)
    application.router.add_get("/signin", sign_in_form)
    application.router.add_post("/signin", sign_in)
    application.router.add_post("/signout", sign_out)
    application.router.add_get("/account/two-factor", two_factor_page)
    application.router.add_post("/account/two-factor", two_factor_enable)
