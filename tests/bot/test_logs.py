import os
import stat
import time

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from bot.logs import make_private, prune, rotating_log
from bot.storage.database import make_engine


def mode(path):
    return stat.S_IMODE(path.stat().st_mode)


def test_the_data_folder_left_open_by_an_older_version_is_closed(tmp_path):
    data = tmp_path / "var"
    (data / "logs").mkdir(parents=True)
    (data / "lifeline.db").write_text("")
    (data / "logs" / "rasa.log").write_text("")
    for path in (data, data / "logs", data / "lifeline.db", data / "logs" / "rasa.log"):
        os.chmod(path, 0o755 if path.is_dir() else 0o644)
    make_private(data)
    assert [mode(p) for p in (data, data / "logs")] == [0o700, 0o700]
    assert [mode(p) for p in (data / "lifeline.db", data / "logs" / "rasa.log")] == [0o600, 0o600]


def test_a_process_log_is_private_and_old_logs_are_deleted(tmp_path):
    log = rotating_log(tmp_path / "logs" / "actions.log", days=3)
    log.info("started")
    assert (tmp_path / "logs" / "actions.log").read_text() == "started\n"
    assert mode(tmp_path / "logs" / "actions.log") == 0o600 and mode(tmp_path / "logs") == 0o700
    old = tmp_path / "logs" / "actions.log.2020-01-01"
    old.write_text("long ago")
    os.utime(old, (time.time() - 4 * 86400,) * 2)
    prune(tmp_path / "logs", days=3)
    assert sorted(p.name for p in (tmp_path / "logs").iterdir()) == ["actions.log"]


def test_a_database_error_does_not_show_what_was_stored(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'test.db'}")
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE people (name TEXT UNIQUE)"))
        connection.execute(text("INSERT INTO people VALUES (:name)"), {"name": "Nguyen from Da Nang"})
    with pytest.raises(IntegrityError) as error, engine.begin() as connection:
        connection.execute(text("INSERT INTO people VALUES (:name)"), {"name": "Nguyen from Da Nang"})
    assert "Da Nang" not in str(error.value) and "hidden" in str(error.value)
