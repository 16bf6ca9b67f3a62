"""Rasa's own checks of the training data, and its test conversations against the trained model."""

import subprocess
import sys

import pytest

from bot.config import ROOT

# Each runs Rasa itself (validation and a model's test conversations): a process start of half a minute or more.
pytestmark = pytest.mark.e2e


def rasa(*args, cwd=ROOT):
    return subprocess.run([sys.executable, "-m", "rasa", *args], cwd=cwd, capture_output=True, text=True)


def test_rasa_data_validate_finds_no_errors_or_conflicts():
    result = rasa("data", "validate", "--domain", "domain", "--data", "nlu", "stories", "--config", "config.yml")
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "No story structure conflicts found" in output
    assert "labeled with multiple different intents" not in output
    assert "is not a valid utterance action" not in output


def test_every_intent_path_in_the_test_conversations(model_path, tmp_path):
    result = rasa(
        "test", "core", "--model", str(model_path), "--stories", "tests/conversations",
        "--out", str(tmp_path), "--fail-on-prediction-errors",
    )
    failed = (tmp_path / "failed_test_stories.yml")
    assert result.returncode == 0, (failed.read_text() if failed.exists() else "") + result.stderr[-3000:]
