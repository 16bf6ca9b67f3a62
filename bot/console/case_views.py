"""The queue and a case: transcript, notes, status, assignment, live takeover, referral and erasure."""

from __future__ import annotations

import json
from typing import Any, Dict, Optional

from aiohttp import web
from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.cases import casework, live
from bot.cases.models import STATUSES, Case
from bot.cases.queue import clean_filters, queue_page
from bot.cases.referral import referral
from bot.cases.transcript import Entry, contacts_given, cursor, delivered_keys, transcript
from bot.cases.urgency import LEVELS
from bot.clock import as_utc, utcnow
from bot.console.app import Refused, console_of, form_value, render, requires
from bot.staff import audit
from bot.staff.models import StaffUser
from bot.storage.database import session_scope
from bot.storage.erasure import erase_person

CASEWORK = ("admin", "staff")


def _case(session: Session, request: web.Request) -> Case:
    case = session.execute(
        select(Case).where(Case.public_id == request.match_info["case"])).scalar_one_or_none()
    if case is None:
        raise Refused(404, "no_conversation")
    return case


def _entry_json(entry: Entry, staff_language: str) -> Dict[str, Any]:
    from bot.i18n.languages import language_name

    return {"key": entry.key, "at": entry.at.isoformat(timespec="seconds"), "who": entry.who, "text": entry.text,
            "language": language_name(entry.language, staff_language) if entry.language else None,
            "intent": entry.intent,
            "confidence": round(entry.confidence, 2) if entry.confidence is not None else None,
            "author": entry.author, "contact": entry.contact, "delivered": entry.delivered}


def _waited(case: Case) -> str:
    if case.waiting_since is None:
        return ""
    minutes = int((utcnow() - as_utc(case.waiting_since)).total_seconds() // 60)
    return f"{minutes // 1440} d" if minutes >= 1440 else f"{minutes // 60} h" if minutes >= 60 else f"{minutes} min"


@requires(*CASEWORK)
async def queue(request: web.Request) -> web.Response:
    filters = clean_filters(dict(request.query))
    try:
        page = int(request.query.get("page", "1"))
    except ValueError:
        page = 1
    with session_scope(console_of(request).engine) as session:
        result = queue_page(session, filters, page, me=request["user"].id)
        names = {user.id: user.username for user in casework.caseworkers(session)}
    return render(request, "queue.html", result=result, levels=LEVELS, waited=_waited, staff_names=names,
                  statuses=STATUSES)


@requires(*CASEWORK)
async def case_page(request: web.Request) -> web.Response:
    user = request["user"]
    with session_scope(console_of(request).engine) as session:
        case = _case(session, request)
        entries = transcript(session, case)
        notes = casework.notes(session, case)
        staff = casework.caseworkers(session)
        audit.record(session, user.username, "view", case.public_id)
        ready = [(name, live.person_text(case, name)) for name in live.ready_made_names()]
        in_english = {name: live.person_text(_english(case), name) for name, _ in ready}
    return render(request, "case.html", case=case, entries=[_entry_json(e, user.language) for e in entries],
                  cursor=cursor(entries),
                  contacts=contacts_given(entries), notes=notes, staff=staff, statuses=STATUSES, levels=LEVELS,
                  ready=ready, in_english=in_english, waited=_waited(case))


def _english(case: Case) -> Case:
    return Case(language="en", nationality=case.nationality, country=case.country, city=case.city)


@requires(*CASEWORK)
async def entries(request: web.Request) -> web.Response:
    """The messages after the cursor ``after`` (the page's script polls this), the new cursor, and which staff
    messages were delivered. Whenever decrypted text is in the answer, the audit log names who read which case;
    polls that find nothing new add no row."""
    after = request.query.get("after", "")[:32]
    with session_scope(console_of(request).engine) as session:
        case = _case(session, request)
        try:
            found = transcript(session, case, after)
        except ValueError:
            raise Refused(400, "bad_cursor")
        if found:
            audit.record(session, request["user"].username, "read", case.public_id, f"messages: {len(found)}")
        answer = {"taken_over": case.taken_over_by is not None, "cursor": cursor(found, after),
                  "delivered": delivered_keys(session, case),
                  "entries": [_entry_json(e, request["user"].language) for e in found]}
    return web.json_response(answer)


async def _act(request: web.Request, action) -> web.StreamResponse:  # type: ignore[no-untyped-def]
    """Runs ``action(session, case, staff, form)`` for a case, then back to its page (or JSON for scripts)."""
    form = await request.post()
    with session_scope(console_of(request).engine) as session:
        case = _case(session, request)
        staff = session.get(StaffUser, request["user"].id)
        try:
            action(session, case, staff, form)
        except ValueError as error:
            raise Refused(400, str(error))
        public_id = case.public_id
    if request.headers.get("Accept") == "application/json":
        return web.json_response({"ok": True})
    raise web.HTTPSeeOther(f"/cases/{public_id}")


@requires(*CASEWORK)
async def take_over(request: web.Request) -> web.StreamResponse:
    return await _act(request, lambda session, case, staff, form: live.take_over(session, case, staff))


@requires(*CASEWORK)
async def hand_back(request: web.Request) -> web.StreamResponse:
    return await _act(request, lambda session, case, staff, form: live.hand_back(session, case, staff))


@requires(*CASEWORK)
async def reply(request: web.Request) -> web.StreamResponse:
    return await _act(request, lambda session, case, staff, form: live.reply(
        session, case, staff, text=form_value(form, "text"), ready_made=form_value(form, "ready_made", 64)))


def _assignee(form: Any) -> Optional[int]:
    chosen = form_value(form, "assignee", 12)
    if chosen and not chosen.isdigit():
        raise ValueError("unknown_staff")
    return int(chosen) if chosen else None


@requires(*CASEWORK)
async def note(request: web.Request) -> web.StreamResponse:
    return await _act(request, lambda session, case, staff, form: casework.add_note(
        session, case, staff, form_value(form, "text")))


@requires(*CASEWORK)
async def status(request: web.Request) -> web.StreamResponse:
    return await _act(request, lambda session, case, staff, form: casework.set_status(
        session, case, staff, form_value(form, "status", 16)))


@requires(*CASEWORK)
async def assign(request: web.Request) -> web.StreamResponse:
    return await _act(request, lambda session, case, staff, form: casework.assign(
        session, case, staff, _assignee(form)))


@requires(*CASEWORK)
async def erase(request: web.Request) -> web.StreamResponse:
    await request.post()
    with session_scope(console_of(request).engine) as session:
        case = _case(session, request)
        audit.record(session, request["user"].username, "delete", case.public_id)
        erase_person(session, case.sender_key)
    raise web.HTTPSeeOther("/queue")


def _referral(request: web.Request, kind: str) -> Dict[str, Any]:
    with session_scope(console_of(request).engine) as session:
        case = _case(session, request)
        summary = referral(session, case, transcript(session, case), request["user"].language)
        audit.record(session, request["user"].username, "export", case.public_id, kind)
    return summary


@requires(*CASEWORK)
async def referral_json(request: web.Request) -> web.Response:
    summary = _referral(request, "json")
    return web.Response(text=json.dumps(summary, ensure_ascii=False, indent=2), content_type="application/json",
                        headers={"Content-Disposition": f'attachment; filename="lifeline-case-{summary["case"]}.json"'})


@requires(*CASEWORK)
async def referral_page(request: web.Request) -> web.Response:
    return render(request, "referral.html", summary=_referral(request, "print"))


def add_routes(application: web.Application) -> None:
    router = application.router
    router.add_get("/queue", queue)
    router.add_get("/cases/{case}", case_page)
    router.add_get("/cases/{case}/entries.json", entries)
    router.add_get("/cases/{case}/referral.json", referral_json)
    router.add_get("/cases/{case}/referral", referral_page)
    for name, handler in (("takeover", take_over), ("handback", hand_back), ("reply", reply), ("notes", note),
                          ("status", status), ("assign", assign), ("erase", erase)):
        router.add_post(f"/cases/{{case}}/{name}", handler)
