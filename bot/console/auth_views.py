"""Signing in and out, and turning on two-factor sign-in."""

from __future__ import annotations

import asyncio
import secrets
from typing import Optional, Tuple

from aiohttp import web

from bot.console import security
from bot.console.app import Console, console_of, form_value, render, requires
from bot.console.throttle import AuditCap
from bot.staff import audit, passwords, totp
from bot.staff.accounts import (SignIn, begin_two_factor, check_sign_in, confirm_two_factor, find_account,
                                pending_secret)
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


def _audit_failure(console: Console, account: Optional[str], address: str, action: str) -> None:
    """A failed sign-in in the audit log, at most ``AuditCap.cap`` rows per address and window. A name that is
    no account is never written (it is whatever an attacker typed)."""
    decision = console.audit_cap.decide(address)
    if decision == AuditCap.SKIP:
        return
    with session_scope(console.engine) as session:
        if decision == AuditCap.RECORD:
            audit.record(session, account, action, detail=address if account else f"unknown account; {address}")
        else:
            audit.record(session, None, "sign_in_failures_capped",
                         detail=f"{address}: further failed sign-ins are not logged for 15 minutes")


def _attempt(console: Console, username: str, password: str, code: str, address: str,
             blocked: bool) -> Tuple[SignIn, str]:
    """Checks a sign-in (a throttled one only pretends to) and opens a session when it is right; returns the
    outcome and the new session's token. Runs in a worker thread: a password hash takes a third of a second."""
    with session_scope(console.engine) as session:
        if blocked:
            passwords.dummy_verify(password)
            known = find_account(session, username)
            return SignIn(None, known.username if known else None), ""
        result = check_sign_in(session, username, password, code)
        if result.user is None:
            return result, ""
        token, _ = security.open_session(session, result.user)
        audit.record(session, result.user.username, "sign_in", detail=address)
        return result, token


async def sign_in(request: web.Request) -> web.StreamResponse:
    """Every failure (no such account, wrong password, missing or used or wrong code, disabled, throttled) gets
    the same answer and costs the same password hash."""
    console = console_of(request)
    form = await request.post()
    if not security.same_token(request.cookies.get(security.SIGN_IN_COOKIE), form.get("csrf")):
        return await sign_in_form(request, "sign_in_expired", status=403)
    username, password = form_value(form, "username", 64), form_value(form, "password", 1024)
    address = console.address_of(request)
    pause = console.throttle.delay(username)
    if pause:
        await asyncio.sleep(pause)
    blocked = console.throttle.blocked(username, address)
    result, token = await asyncio.to_thread(_attempt, console, username, password, form_value(form, "code", 16),
                                            address, blocked)
    if result.user is None:
        console.throttle.failed(username, address)
        _audit_failure(console, result.account, address, "sign_in_blocked" if blocked else "sign_in_failed")
        return await sign_in_form(request, "sign_in_failed", status=401)
    console.throttle.succeeded(username, address)
    response = web.HTTPSeeOther(_home(result.user))
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
    with session_scope(console_of(request).engine) as session:
        user = session.get(StaffUser, request["user"].id)
        return _two_factor(request, user)


def _two_factor(request: web.Request, user: StaffUser, key: str = "", status: int = 200) -> web.Response:
    secret = None if user.totp_secret else pending_secret(user)
    return render(request, "two_factor.html", status=status, enabled=bool(user.totp_secret), secret=secret,
                  uri=totp.provisioning_uri(secret, user.username) if secret else None, key=key)


@requires(*ROLES)
async def two_factor_begin(request: web.Request) -> web.Response:
    """A new secret to add to the authenticator app; sign-in asks for codes only once one is confirmed."""
    with session_scope(console_of(request).engine) as session:
        user = session.get(StaffUser, request["user"].id)
        if not user.totp_secret:
            begin_two_factor(user)
        return _two_factor(request, user)


@requires(*ROLES)
async def two_factor_confirm(request: web.Request) -> web.Response:
    """Two-factor sign-in turns on with the account's password and a code from the new secret."""
    console = console_of(request)
    form = await request.post()
    address = console.address_of(request)
    with session_scope(console.engine) as session:
        user = session.get(StaffUser, request["user"].id)
        if user.totp_secret:
            return _two_factor(request, user)
        if console.throttle.blocked(user.username, address) or not confirm_two_factor(
                user, form_value(form, "password", 1024), form_value(form, "code", 16)):
            console.throttle.failed(user.username, address)
            audit.record(session, user.username, "two_factor_refused", detail=address)
            return _two_factor(request, user, "two_factor_refused", status=400)
        audit.record(session, user.username, "two_factor_on", detail=address)
        return _two_factor(request, user, "two_factor_on")


def add_routes(application: web.Application) -> None:
    application.router.add_get("/", index)
    application.router.add_get("/signin", sign_in_form)
    application.router.add_post("/signin", sign_in)
    application.router.add_post("/signout", sign_out)
    application.router.add_get("/account/two-factor", two_factor_page)
    application.router.add_post("/account/two-factor", two_factor_begin)
    application.router.add_post("/account/two-factor/confirm", two_factor_confirm)
