"""``lifeline serve``: how each process is started."""

from pathlib import Path

import yaml

from bot.config import read_settings
from bot.serve import rasa_alone_command


def test_the_rasa_server_started_alone_calls_the_action_server_on_its_configured_port(tmp_path):
    config = read_settings({"ACTIONS_PORT": "6123", "LIFELINE_DATA_DIR": str(tmp_path / "var")})
    command = rasa_alone_command(config, Path("model.tar.gz"))
    endpoints = Path(command[command.index("--endpoints") + 1])
    assert yaml.safe_load(endpoints.read_text())["action_endpoint"]["url"] == "http://localhost:6123/webhook"
