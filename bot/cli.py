"""The ``lifeline`` command: the project's own operations, one subcommand group per area."""

from __future__ import annotations

import argparse
import logging
import sys
from typing import TYPE_CHECKING, Callable, List, Optional

import bot.tables  # noqa: F401 - every table and erasure hook, before a command touches the database
from bot.config import settings
from bot.logs import private_umask

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


def _directory_validate(args: argparse.Namespace) -> int:
    from bot.directory.records import load_records

    result = load_records(args.folder) if args.folder else load_records()
    for problem in result.problems:
        print(problem, file=sys.stderr)
    print(f"{len(result.records)} contacts valid, {len(result.problems)} problems")
    return 1 if result.problems else 0


def _directory_coverage(args: argparse.Namespace) -> int:
    from bot.config import DIRECTORY_DATA
    from bot.directory.coverage import coverage_report
    from bot.directory.records import load_records

    folder = args.folder or DIRECTORY_DATA
    result = load_records(folder)
    report = coverage_report(result.records)
    if args.write:
        (folder / "GAPS.md").write_text(report, encoding="utf-8")
        print(f"wrote {folder / 'GAPS.md'}")
    else:
        print(report, end="")
    return 1 if result.problems else 0


def _directory_import(args: argparse.Namespace) -> int:
    from bot.directory.importer import import_records
    from bot.directory.records import load_records
    from bot.storage.database import engine_for, session_scope

    result = load_records(args.folder) if args.folder else load_records()
    if result.problems:
        for problem in result.problems:
            print(problem, file=sys.stderr)
        print("not imported: fix the problems above first (lifeline directory validate)", file=sys.stderr)
        return 1
    url = args.database_url or settings().database_url
    with session_scope(engine_for(url)) as session:
        summary = import_records(session, result.records)
    print(
        f"{len(result.records)} contacts: {summary.added} added, {summary.updated} updated, "
        f"{summary.removed} removed, {summary.unchanged} unchanged"
    )
    return 0


def _model_train(args: argparse.Namespace) -> int:
    from bot.rasa_model import ensure_model

    print(ensure_model(force=args.force))
    return 0


def _model_path(_: argparse.Namespace) -> int:
    from bot.rasa_model import model_path

    print(model_path())
    return 0


def _i18n_extract(_: argparse.Namespace) -> int:
    from bot.i18n.catalog_tools import extract

    print(extract())
    return 0


def _i18n_update(args: argparse.Namespace) -> int:
    from bot.i18n.catalog_tools import TRANSLATED, extract, update

    extract()
    update(args.languages or TRANSLATED)
    return 0


def _i18n_compile(args: argparse.Namespace) -> int:
    from bot.i18n.catalog_tools import TRANSLATED, compile_catalogs

    for path in compile_catalogs(args.languages or TRANSLATED):
        print(path)
    return 0


def _i18n_check(args: argparse.Namespace) -> int:
    from bot.i18n.catalog_tools import MIN_EXAMPLES, TRANSLATED, check, format_reports

    reports = check(args.languages or TRANSLATED)
    print(format_reports(reports))
    broken = any(r.problems for r in reports)
    incomplete = any(not r.complete or min(r.examples.values(), default=0) < MIN_EXAMPLES for r in reports)
    return 1 if broken or (args.strict and incomplete) else 0


def _purge(args: argparse.Namespace) -> int:
    from bot.storage.database import session_scope
    from bot.storage.retention import purge

    days = args.days if args.days is not None else settings().retention_days
    with session_scope() as session:
        removed = purge(session, days)
    print(f"{removed.pop('people')} people older than {days} days erased; rows: {removed or 'none'}")
    return 0


def _keys_new(_: argparse.Namespace) -> int:
    from bot.storage.crypto import new_key

    print(new_key())
    return 0


def _keys_rotate(_: argparse.Namespace) -> int:
    from bot.storage.database import session_scope
    from bot.storage.retention import rotate_keys

    with session_scope() as session:
        print(f"{rotate_keys(session)} encrypted values re-encrypted under the newest key")
    return 0


def _read_password(args: argparse.Namespace) -> Optional[str]:
    """The password from stdin (``--password-stdin``) or asked twice; None when the two differ."""
    import getpass

    if args.password_stdin:
        return sys.stdin.readline().rstrip("\n")
    password = getpass.getpass(f"Password for {args.username}: ")
    if getpass.getpass("Again: ") != password:
        print("The two passwords differ.", file=sys.stderr)
        return None
    return password


def _account_work(work: Callable[["Session"], str], failure: str) -> int:
    """Runs ``work`` in one transaction and prints what it says, or ``failure`` and why (an AccountError)."""
    from bot.staff.accounts import AccountError
    from bot.storage.database import session_scope

    try:
        with session_scope() as session:
            done = work(session)
    except AccountError as error:
        print(f"{failure}: {error}.", file=sys.stderr)
        return 1
    print(done)
    return 0


def _staff_add(args: argparse.Namespace) -> int:
    from bot.staff import audit
    from bot.staff.accounts import create_account

    password = _read_password(args)
    if password is None:
        return 1

    def add(session: "Session") -> str:
        create_account(session, args.username, password, args.role, args.language)
        audit.record(session, None, "account_created", args.username, f"{args.role} (command line)")
        return f"{args.username} can now sign in to the console as {args.role}."

    return _account_work(add, "Not created")


def _staff_change(args: argparse.Namespace) -> int:
    from bot.staff import audit
    from bot.staff.accounts import ACCOUNT_ACTIONS, AccountError, apply_action, find_account

    password = _read_password(args) if args.command == "reset-password" else ""
    if password is None:
        return 1

    def change(session: "Session") -> str:
        user = find_account(session, args.username)
        if user is None:
            raise AccountError(f"there is no account {args.username}")
        detail = apply_action(session, user, args.command, password)
        audit.record(session, None, ACCOUNT_ACTIONS[args.command], user.username,
                     f"{detail} (command line)" if detail else "(command line)")
        return f"{user.username}: {detail or ACCOUNT_ACTIONS[args.command].replace('_', ' ')}."

    return _account_work(change, "Not changed")


def _staff_list(_: argparse.Namespace) -> int:
    from sqlalchemy import select

    from bot.staff.models import StaffUser
    from bot.storage.database import session_scope

    with session_scope() as session:
        for user in session.execute(select(StaffUser).order_by(StaffUser.username)).scalars():
            print(f"{user.username}\t{user.role}\t{'active' if user.active else 'disabled'}\t"
                  f"two-factor {'on' if user.totp_secret else 'off'}")
    return 0


def _db_upgrade(_: argparse.Namespace) -> int:
    from bot.storage.database import default_engine
    from bot.storage.schema import current_revision

    with default_engine().connect() as connection:
        print(f"The database is at revision {current_revision(connection)}.")
    return 0


def _db_revision(args: argparse.Namespace) -> int:
    from bot.storage.database import make_engine
    from bot.storage.schema import new_revision

    new_revision(make_engine(settings().database_url), args.message)
    return 0


def _lang_detect(args: argparse.Namespace) -> int:
    from bot.i18n.detect import detect

    for line in sys.stdin:
        found = detect(line.rstrip("\n"), prior=args.prior)
        print(found.language or args.unknown, flush=True)
    return 0


def _serve(args: argparse.Namespace) -> int:
    from bot.serve import serve

    return serve(args.process)


def _chat(args: argparse.Namespace) -> int:
    from bot.terminal import chat

    chat(args.url or settings().rasa_url)
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="lifeline", description="Lifeline: operations of the help bot.")
    groups = parser.add_subparsers(dest="group", required=True, metavar="COMMAND")

    directory = groups.add_parser("directory", help="the contact directory", description="The contact directory.")
    directory_commands = directory.add_subparsers(dest="command", required=True, metavar="SUBCOMMAND")
    validate = directory_commands.add_parser(
        "validate", help="check the contact files (E.164, country codes, source and date, duplicates)",
        description="Check every contact file in data/directory/ and list each problem.",
    )
    validate.add_argument("--folder", type=_path, help="folder of contact files (default: data/directory)")
    validate.set_defaults(handler=_directory_validate)
    coverage = directory_commands.add_parser(
        "coverage", help="nationality × country: mission, ministry line and police, with confidence; the gaps",
        description="Print what the contact files cover and what is missing (--write: into GAPS.md).",
    )
    coverage.add_argument("--folder", type=_path, help="folder of contact files (default: data/directory)")
    coverage.add_argument("--write", action="store_true", help="write the report into the folder's GAPS.md")
    coverage.set_defaults(handler=_directory_coverage)
    load = directory_commands.add_parser(
        "import", help="load the contact files into the database (idempotent)",
        description="Load the checked contact files into the database; running it twice changes nothing.",
    )
    load.add_argument("--folder", type=_path, help="folder of contact files (default: data/directory)")
    load.add_argument("--database-url", help="database to load into (default: DATABASE_URL)")
    load.set_defaults(handler=_directory_import)

    model = groups.add_parser("model", help="the Rasa model", description="The trained Rasa model.")
    model_commands = model.add_subparsers(dest="command", required=True, metavar="SUBCOMMAND")
    train = model_commands.add_parser(
        "train", help="train the model if its inputs changed",
        description="Train the model unless one for the current training data and config exists.",
    )
    train.add_argument("--force", action="store_true", help="train even if the model is up to date")
    train.set_defaults(handler=_model_train)
    path = model_commands.add_parser(
        "path", help="print the path of the model for the current inputs",
        description="Print where the model for the current training data and config is (or will be).",
    )
    path.set_defaults(handler=_model_path)

    i18n = groups.add_parser("i18n", help="translations (gettext catalogs)",
                             description="Translations: the gettext catalogs under locales/.")
    i18n_commands = i18n.add_subparsers(dest="command", required=True, metavar="SUBCOMMAND")
    i18n_commands.add_parser(
        "extract", help="write locales/messages.pot from the domain's responses",
        description="Extract the English source strings of every response into locales/messages.pot.",
    ).set_defaults(handler=_i18n_extract)
    for name, handler, text in (
        ("update", _i18n_update, "extract, then merge the template into each language's .po file"),
        ("compile", _i18n_compile, "build the .mo files (not committed)"),
        ("check", _i18n_check, "report translated share, fuzzy entries, placeholder or markup mismatches and NLU "
                               "examples per intent; fails on a broken catalog"),
    ):
        command = i18n_commands.add_parser(name, help=text, description=text[:1].upper() + text[1:] + ".")
        command.add_argument("languages", nargs="*", help="language codes (default: every translated language)")
        if name == "check":
            command.add_argument("--strict", action="store_true",
                                 help="also fail when a translation or NLU examples are missing")
        command.set_defaults(handler=handler)

    purge = groups.add_parser(
        "purge", help="erase people whose conversation is older than the retention period",
        description="Erase everything of each person whose records are all older than the retention period "
        "(LIFELINE_RETENTION_DAYS, 90 days by default).",
    )
    purge.add_argument("--days", type=int, help="the retention period in days (default: LIFELINE_RETENTION_DAYS)")
    purge.set_defaults(handler=_purge)

    keys = groups.add_parser("keys", help="data encryption keys", description="Keys that encrypt conversations.")
    key_commands = keys.add_subparsers(dest="command", required=True, metavar="SUBCOMMAND")
    key_commands.add_parser(
        "new", help="print a new key (put it first in LIFELINE_DATA_KEYS)",
        description="Print a new key to put first in LIFELINE_DATA_KEYS.",
    ).set_defaults(handler=_keys_new)
    key_commands.add_parser(
        "rotate", help="re-encrypt every conversation under the newest key",
        description="Re-encrypt every stored conversation under the first key of LIFELINE_DATA_KEYS; after it, "
        "older keys can be dropped from the list.",
    ).set_defaults(handler=_keys_rotate)

    staff = groups.add_parser("staff", help="console accounts", description="Accounts of the staff console.")
    staff_commands = staff.add_subparsers(dest="command", required=True, metavar="SUBCOMMAND")
    add = staff_commands.add_parser(
        "add", help="create an account (the first admin, say)",
        description="Create a console account; the password is asked for twice (or read from stdin).",
    )
    add.add_argument("username")
    add.add_argument("--role", choices=["admin", "staff", "translator"], default="staff")
    add.add_argument("--language", default="en", help="the language names are shown in (default: en)")
    add.add_argument("--password-stdin", action="store_true", help="read the password from the first line of stdin")
    add.set_defaults(handler=_staff_add)
    for name, says in (("disable", "stop an account signing in, and sign it out everywhere"),
                       ("enable", "let a disabled account sign in again"),
                       ("reset-password", "set a new password (asked twice, or read from stdin); signs it out"),
                       ("reset-2fa", "turn two-factor sign-in off (a lost phone); signs it out"),
                       ("end-sessions", "sign the account out of every browser")):
        change = staff_commands.add_parser(name, help=says, description=says[0].upper() + says[1:] + ".")
        change.add_argument("username")
        if name == "reset-password":
            change.add_argument("--password-stdin", action="store_true",
                                help="read the password from the first line of stdin")
        change.set_defaults(handler=_staff_change)
    staff_commands.add_parser(
        "list", help="list the accounts", description="List the accounts: name, role, active, two-factor.",
    ).set_defaults(handler=_staff_list)

    db = groups.add_parser("db", help="the database schema", description="The schema of the project's tables.")
    db_commands = db.add_subparsers(dest="command", required=True, metavar="SUBCOMMAND")
    db_commands.add_parser(
        "upgrade", help="apply the migrations the database has not had",
        description="Apply the Alembic migrations the database (DATABASE_URL) has not had yet.",
    ).set_defaults(handler=_db_upgrade)
    revision = db_commands.add_parser(
        "revision", help="write a migration for changed models (developers)",
        description="Write an Alembic migration for what the models have and the database has not.",
    )
    revision.add_argument("-m", "--message", required=True)
    revision.set_defaults(handler=_db_revision)

    lang = groups.add_parser("lang", help="language identification", description="Language identification.")
    lang_commands = lang.add_subparsers(dest="command", required=True, metavar="SUBCOMMAND")
    detect = lang_commands.add_parser(
        "detect", help="print the language of each line of stdin (en, th, vi, id, ms, km, zh, fil)",
        description="Read one message per line on stdin and print one language code per line.",
    )
    detect.add_argument("--prior", help="the language the client uses (as Telegram's language_code)")
    detect.add_argument("--unknown", default="und", help="what to print when a line has no language (default: und)")
    detect.set_defaults(handler=_lang_detect)

    serve = groups.add_parser(
        "serve", help="start Lifeline's processes",
        description="Start the action server, the Rasa server, the Telegram connector, the staff console, or "
        "everything together (then Telegram when TELEGRAM_BOT_TOKEN is set, else a chat in the terminal).",
    )
    serve.add_argument("process", choices=["all", "rasa", "actions", "telegram", "console", "retention"], nargs="?",
                       default="all")
    serve.set_defaults(handler=_serve)

    chat = groups.add_parser(
        "chat", help="chat with a running Lifeline in the terminal",
        description="Chat with a running Rasa server in the terminal; a number picks a button.",
    )
    chat.add_argument("--url", help="the Rasa server (default: RASA_URL)")
    chat.set_defaults(handler=_chat)
    return parser


def _path(value: str):  # type: ignore[no-untyped-def]
    from pathlib import Path

    return Path(value)


def main(argv: Optional[List[str]] = None) -> int:
    args = build_parser().parse_args(argv)
    private_umask()
    logging.basicConfig(level=settings().log_level, format="%(levelname)s %(name)s: %(message)s")
    logging.getLogger("httpx").setLevel(logging.WARNING)  # one line per request would drown the terminal chat
    return args.handler(args)


if __name__ == "__main__":
    sys.exit(main())
