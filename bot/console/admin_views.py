"""Pages beside the casework: the audit log and the contact directory (admins), statistics, and translation
coverage."""

from __future__ import annotations

from datetime import date

from aiohttp import web

from bot.cases.statistics import statistics
from bot.console.app import Refused, console_of, form_value, render, requires
from bot.console.charts import columns, horizontal_bars
from bot.directory.editing import EDITABLE, EditRefused, changes_from_form, edit_contact
from bot.directory.importer import import_records
from bot.directory.records import CONFIDENCE, ContactRecord, load_records
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


STALE_AFTER_DAYS = 365


@requires("admin")
async def directory(request: web.Request) -> web.Response:
    result = load_records(console_of(request).settings.directory_path)
    return render(request, "directory.html", records=sorted(result.records, key=lambda r: (r.country, r.kind, r.id)),
                  problems=result.problems, today=date.today(), stale_after=STALE_AFTER_DAYS)


def _contact(request: web.Request) -> ContactRecord:
    wanted = request.match_info["contact"]
    for record in load_records(console_of(request).settings.directory_path).records:
        if record.id == wanted:
            return record
    raise Refused(404, "no_contact")


@requires("admin")
async def contact_form(request: web.Request) -> web.Response:
    return render(request, "contact.html", record=_contact(request), problems=[], confidences=CONFIDENCE)


@requires("admin")
async def contact_save(request: web.Request) -> web.Response:
    console = console_of(request)
    record = _contact(request)
    form = await request.post()
    try:
        changes = changes_from_form(form_value(form, "phones"), form_value(form, "source", 1000),
                                    form_value(form, "checked", 20), form_value(form, "confidence", 20))
        changed, everything = edit_contact(console.settings.directory_path, record.id, changes)
    except EditRefused as refused:
        return render(request, "contact.html", status=400, record=record, problems=refused.problems,
                      confidences=CONFIDENCE)
    fields = [name for name in EDITABLE if getattr(changed, name) != getattr(record, name)]
    with session_scope(console.engine) as session:
        import_records(session, everything.records)
        audit.record(session, request["user"].username, "directory_edit", record.id, ", ".join(fields) or None)
    raise web.HTTPSeeOther("/admin/directory")


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
    application.router.add_get("/admin/directory/{contact}", contact_form)
    application.router.add_post("/admin/directory/{contact}", contact_save)
    application.router.add_get("/stats", stats)
    application.router.add_get("/translations", translations)
