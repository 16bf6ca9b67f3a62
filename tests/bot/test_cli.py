import io
import subprocess
import sys
import time
from importlib.metadata import entry_points
from pathlib import Path

import pytest
import yaml
from sqlalchemy import select

from bot.cli import build_parser, main
from bot.config import settings
from bot.console.security import find_session, open_session
from bot.staff import totp
from bot.staff.accounts import begin_two_factor, check_sign_in, confirm_two_factor, create_account
from bot.staff.models import AuditEntry
from bot.storage.database import default_engine, session_scope
from bot.storage.schema import head_revision


def test_every_subcommand_has_help(capsys):
    commands = [[], ["directory"], ["directory", "validate"], ["directory", "import"], ["directory", "coverage"],
                ["model"],
                ["model", "train"], ["model", "path"], ["serve"], ["chat"], ["i18n"], ["i18n", "check"],
                ["i18n", "extract"], ["i18n", "update"], ["i18n", "compile"], ["lang"], ["lang", "detect"],
                ["purge"], ["keys"], ["keys", "new"], ["keys", "rotate"], ["staff"], ["staff", "add"],
                ["staff", "disable"], ["staff", "enable"], ["staff", "reset-password"], ["staff", "reset-2fa"],
                ["staff", "end-sessions"], ["staff", "list"], ["db"], ["db", "upgrade"], ["db", "revision"]]
    for command in commands:
        with pytest.raises(SystemExit) as exit_:
            build_parser().parse_args([*command, "--help"])
        assert exit_.value.code == 0
        assert "usage: lifeline" in capsys.readouterr().out


def test_validate_fails_on_a_contact_without_a_source(tmp_path, capsys):
    (tmp_path / "x.yml").write_text(yaml.safe_dump([{
        "id": "x", "kind": "ngo", "name": "X", "serves": ["ALL"], "country": "KH", "phones": ["+85523726274"],
        "checked": "2026-01-01", "confidence": "official"}]))
    assert main(["directory", "validate", "--folder", str(tmp_path)]) == 1
    assert "missing source" in capsys.readouterr().err


def test_import_twice_changes_nothing_the_second_time(tmp_path, capsys):
    url = f"sqlite:///{tmp_path / 'db.sqlite'}"
    assert main(["directory", "import", "--database-url", url]) == 0
    first = capsys.readouterr().out
    assert main(["directory", "import", "--database-url", url]) == 0
    second = capsys.readouterr().out
    assert " 0 added" not in first and "0 added, 0 updated, 0 removed" in second


def test_the_console_script_is_installed():
    (script,) = [e for e in entry_points(group="console_scripts") if e.name == "lifeline"]
    assert script.value == "bot.cli:main" and script.load() is main
    lifeline = Path(sys.executable).parent / "lifeline"
    result = subprocess.run([str(lifeline), "directory", "validate"], capture_output=True, text=True)
    assert result.returncode == 0 and "contacts valid, 0 problems" in result.stdout


def test_a_new_key_is_a_fernet_key(capsys):
    from cryptography.fernet import Fernet

    assert main(["keys", "new"]) == 0
    Fernet(capsys.readouterr().out.strip())


@pytest.fixture
def cli(tmp_path, monkeypatch, capsys):
    """The ``lifeline`` command run in this process against a database of the test's own: (exit code, stdout,
    stderr) for its arguments and what it reads on stdin."""
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'staff.db'}")
    settings.cache_clear()

    def run(*args, stdin=""):
        monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
        code = main(list(args))
        out, err = capsys.readouterr()
        return code, out, err

    yield run
    monkeypatch.undo()
    settings.cache_clear()


def test_staff_add_makes_an_account_once(cli):
    def add(name, password, *extra):
        return cli("staff", "add", name, "--password-stdin", *extra, stdin=password + "\n")

    code, out, _ = add("ana", "a long enough password", "--role", "admin")
    assert code == 0 and "ana can now sign in to the console as admin" in out
    assert add("ANA", "another long password")[0] == 1
    code, _, err = add("ben", "short")
    assert code == 1 and "at least 10 characters" in err
    assert f"revision {head_revision()}" in cli("db", "upgrade")[1]


def test_staff_commands_change_accounts_and_audit_it(cli):
    engine = default_engine()
    with session_scope(engine) as session:
        user = create_account(session, "ana", "a long enough password", "staff")
        secret = begin_two_factor(user)
        assert confirm_two_factor(user, "a long enough password", totp.code_at(secret, time.time()))
        token, _ = open_session(session, user)

    def staff(*args, stdin=""):
        return cli("staff", *args, stdin=stdin)

    assert "ana\tstaff\tactive\ttwo-factor on" in staff("list")[1]
    code, out, _ = staff("end-sessions", "ANA")
    assert code == 0 and "ana: sessions ended: 1." in out
    with session_scope(engine) as session:
        assert find_session(session, token) is None
    assert staff("disable", "ana")[0] == 0
    assert "ana\tstaff\tdisabled" in staff("list")[1]
    assert staff("enable", "ana")[0] == 0
    assert staff("reset-2fa", "ana")[0] == 0
    code, _, err = staff("reset-password", "ana", "--password-stdin", stdin="short\n")
    assert code == 1 and "at least 10 characters" in err
    assert staff("reset-password", "ana", "--password-stdin", stdin="a brand new password\n")[0] == 0
    code, _, err = staff("disable", "nobody")
    assert code == 1 and "Not changed: there is no account nobody." in err
    with session_scope(engine) as session:
        assert check_sign_in(session, "ana", "a brand new password").user is not None
        actions = session.execute(select(AuditEntry.action).where(AuditEntry.target == "ana")
                                  .order_by(AuditEntry.id)).scalars().all()
    assert actions == ["sessions_ended", "account_disabled", "account_enabled", "two_factor_reset", "password_reset"]
