"""Pages beside the casework: the audit log and the contact directory (admins), statistics, and translation
coverage."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any, Callable, Dict, NoReturn, Sequence

from aiohttp import web

from bot.cases.statistics import statistics
from bot.console.app import Refused, console_of, form_value, render, requires
from bot.console.charts import columns, horizontal_bars
from bot.directory.due import due_contacts
from bot.directory.editing import (
    NEW_FIELDS, Change, EditRefused, add_contact, changes_from_form, edit_contact, new_contact_from_form,
    remove_contact, verification_from_form, verify_contact,
)
from bot.directory.importer import import_records
from bot.directory.records import ROLES as CONTACT_ROLES
from bot.directory.records import (
    CONFIDENCE, KINDS, SOURCE_KINDS, VERIFY_METHODS, VERIFY_OUTCOMES, ContactRecord, load_records,
)
from bot.i18n.languages import language_name
from bot.staff import audit
from bot.staff.models import ROLES
from bot.storage.database import session_scope


@requires("admin")
async def audit_log(request: web.Request) -> web.Response:
    try:
        page = max(1, int(request.query.get("page", "1")))
    except ValueError:
        page = 1
    with session_scope(console_of(request).engine) as session:
        entries = audit.latest(session, limit=200, offset=(page - 1) * 200)
    return render(request, "audit.html", entries=entries, page=page)


@requires("admin")
async def directory(request: web.Request) -> web.Response:
    result = load_records(console_of(request).settings.directory_path)
    due = {d.record.id: d.reasons for d in due_contacts(result.records, date.today())}
    return render(request, "directory.html", records=sorted(result.records, key=lambda r: (r.country, r.kind, r.id)),
                  problems=result.problems, due=due)


@requires("admin")
async def directory_due(request: web.Request) -> web.Response:
    result = load_records(console_of(request).settings.directory_path)
    return render(request, "directory_due.html", due=due_contacts(result.records, date.today()))


def _contact(request: web.Request) -> ContactRecord:
    wanted = request.match_info["contact"]
    for record in load_records(console_of(request).settings.directory_path).records:
        if record.id == wanted:
            return record
    raise Refused(404, "no_contact")


def _contact_page(request: web.Request, record: ContactRecord, problems: Sequence[str] = (),
                  status: int = 200) -> web.Response:
    return render(request, "contact.html", status=status, record=record, problems=problems, confidences=CONFIDENCE,
                  source_kinds=SOURCE_KINDS, methods=VERIFY_METHODS, outcomes=VERIFY_OUTCOMES,
                  today=date.today())


def _saved(request: web.Request, action: str, change: Change) -> NoReturn:
    """Imports the changed folder and audits the change with its old and new values."""
    with session_scope(console_of(request).engine) as session:
        import_records(session, change.result.records)
        audit.record(session, request["user"].username, action, change.contact_id, change.describe() or None)
    raise web.HTTPSeeOther("/admin/directory")


@requires("admin")
async def contact_form(request: web.Request) -> web.Response:
    return _contact_page(request, _contact(request))


async def _change_contact(request: web.Request, action: str,
                          change_of: Callable[[Path, ContactRecord, Any], Change]) -> web.Response:
    """Applies one change to the contact the page is about: saved, imported and audited, or refused with why."""
    record = _contact(request)
    form = await request.post()
    try:
        change = change_of(console_of(request).settings.directory_path, record, form)
    except EditRefused as refused:
        return _contact_page(request, record, refused.problems, status=400)
    _saved(request, action, change)


def _edited(folder: Path, record: ContactRecord, form: Any) -> Change:
    changes = changes_from_form(form_value(form, "phones"), form_value(form, "source", 1000),
                                form_value(form, "source_kind", 20), form_value(form, "source_date", 10),
                                form_value(form, "checked", 20), form_value(form, "confidence", 20))
    return edit_contact(folder, record.id, changes)


@requires("admin")
async def contact_save(request: web.Request) -> web.Response:
    return await _change_contact(request, "directory_edit", _edited)


@requires("admin")
async def contact_verify(request: web.Request) -> web.Response:
    def verified(folder: Path, record: ContactRecord, form: Any) -> Change:
        when, method, outcome = verification_from_form(form_value(form, "date", 20), form_value(form, "method", 20),
                                                       form_value(form, "outcome", 20))
        return verify_contact(folder, record.id, when, method, request["user"].username, outcome)

    return await _change_contact(request, "directory_verify", verified)


@requires("admin")
async def contact_remove(request: web.Request) -> web.Response:
    return await _change_contact(request, "directory_remove",
                                 lambda folder, record, form: remove_contact(folder, record.id))


def _new_contact_page(request: web.Request, values: Dict[str, str], problems: Sequence[str] = (),
                      status: int = 200) -> web.Response:
    files = sorted(path.name for path in console_of(request).settings.directory_path.glob("*.yml"))
    return render(request, "contact_new.html", status=status, values=values, problems=problems, files=files,
                  kinds=KINDS, roles=CONTACT_ROLES, confidences=CONFIDENCE, source_kinds=SOURCE_KINDS,
                  today=date.today())


@requires("admin")
async def contact_new_form(request: web.Request) -> web.Response:
    return _new_contact_page(request, {})


@requires("admin")
async def contact_add(request: web.Request) -> web.Response:
    form = await request.post()
    values = {name: form_value(form, name, 1000) for name in (*NEW_FIELDS, "file")}
    try:
        change = add_contact(console_of(request).settings.directory_path, values["file"],
                             new_contact_from_form(values))
    except EditRefused as refused:
        return _new_contact_page(request, values, refused.problems, status=400)
    _saved(request, "directory_add", change)


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
    application.router.add_get("/admin/audit", audit_log)
    application.router.add_get("/admin/directory", directory)
    application.router.add_get("/admin/directory-due", directory_due)
    application.router.add_get("/admin/directory-new", contact_new_form)
    application.router.add_post("/admin/directory-new", contact_add)
    application.router.add_get("/admin/directory/{contact}", contact_form)
    application.router.add_post("/admin/directory/{contact}", contact_save)
    application.router.add_post("/admin/directory/{contact}/verify", contact_verify)
    application.router.add_post("/admin/directory/{contact}/remove", contact_remove)
    application.router.add_get("/stats", stats)
    application.router.add_get("/translations", translations)
