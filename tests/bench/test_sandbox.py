from pathlib import Path

from bench.sandbox import sandbox_env


def test_a_benchmark_process_inherits_none_of_the_installations_settings(tmp_path: Path) -> None:
    installation = {
        "PATH": "/usr/bin", "LANG": "C.UTF-8", "DATABASE_URL": "postgresql+psycopg2://live/lifeline",
        "LIFELINE_SECRET": "live secret", "LIFELINE_DATA_KEYS": "live key", "TELEGRAM_BOT_TOKEN": "1:LIVE",
        "TELEGRAM_STAFF_CHAT_ID": "-100", "TELEGRAM_WEBHOOK_URL": "https://live.example/telegram",
        "RASA_PORT": "5005", "CONSOLE_PORT": "8080", "ACTIONS_PORT": "5055",
    }
    env = sandbox_env(tmp_path, environ=installation)
    assert env["PATH"] == "/usr/bin" and env["LANG"] == "C.UTF-8"
    assert env["DATABASE_URL"] == f"sqlite:///{tmp_path / 'bench.db'}"
    assert env["LIFELINE_DATA_DIR"] == str(tmp_path / "var") and env["LIFELINE_KEY_DIR"] == str(tmp_path / "keys")
    assert "LIFELINE_SECRET" not in env
    assert not {"LIFELINE_DATA_KEYS", "TELEGRAM_BOT_TOKEN", "TELEGRAM_STAFF_CHAT_ID", "TELEGRAM_WEBHOOK_URL",
                "RASA_PORT", "CONSOLE_PORT", "ACTIONS_PORT"} & set(env)


def test_explicit_settings_win(tmp_path: Path) -> None:
    env = sandbox_env(tmp_path, {"CONSOLE_PORT": "9999"}, environ={"CONSOLE_PORT": "8080"})
    assert env["CONSOLE_PORT"] == "9999"
