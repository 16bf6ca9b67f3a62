import base64
import hashlib
import stat
from pathlib import Path

import pytest
from cryptography.fernet import Fernet, MultiFernet

from bot.config import read_settings
from bot.secret import PSEUDONYM, RASA_API, WEBHOOK, MissingKeys, check_production_keys, data_keys_for, key_for


def old_version_data_key(legacy: str) -> bytes:
    return base64.urlsafe_b64encode(hashlib.sha256(b"lifeline-data-key:" + legacy.encode()).digest())


@pytest.fixture()
def folders(tmp_path):
    """A data folder and a key folder of the test's own (nothing in them yet)."""
    return {"LIFELINE_DATA_DIR": str(tmp_path / "var"), "LIFELINE_KEY_DIR": str(tmp_path / "keys")}


def legacy_file(folders):
    return Path(folders["LIFELINE_DATA_DIR"]) / "secret.key"


def test_a_local_run_generates_one_independent_key_per_job_outside_the_data_folder(tmp_path, folders):
    config = read_settings(folders)
    values = [key_for(config, name) for name in (PSEUDONYM, WEBHOOK, RASA_API)] + list(data_keys_for(config))
    assert len(set(values)) == 4
    assert [key_for(config, name) for name in (PSEUDONYM, WEBHOOK, RASA_API)] == values[:3]
    assert stat.S_IMODE((tmp_path / "keys").stat().st_mode) == 0o700
    files = sorted(p.name for p in (tmp_path / "keys").iterdir())
    assert files == ["data.key", "pseudonym.key", "rasa-api.key", "webhook.key"]
    assert all(stat.S_IMODE((tmp_path / "keys" / f).stat().st_mode) == 0o600 for f in files)
    assert not legacy_file(folders).parent.exists()


def test_the_default_key_folder_is_not_the_data_folder():
    config = read_settings({"HOME": "/home/someone"})
    assert config.key_dir.parts[:4] == ("/", "home", "someone", ".config")


def test_production_refuses_to_start_without_every_key_and_never_writes_one(tmp_path, folders):
    env = {**folders, "LIFELINE_ENV": "production", "TELEGRAM_WEBHOOK_URL": "https://example.org/telegram"}
    with pytest.raises(MissingKeys, match="LIFELINE_PSEUDONYM_KEY, LIFELINE_DATA_KEYS, LIFELINE_RASA_TOKEN, "
                                          "TELEGRAM_WEBHOOK_SECRET"):
        check_production_keys(read_settings(env))
    with pytest.raises(MissingKeys):
        key_for(read_settings(env), PSEUDONYM)
    with pytest.raises(MissingKeys):
        data_keys_for(read_settings(env))
    assert not Path(folders["LIFELINE_KEY_DIR"]).exists()
    full = {**env, "LIFELINE_PSEUDONYM_KEY": "p", "LIFELINE_DATA_KEYS": Fernet.generate_key().decode(),
            "LIFELINE_RASA_TOKEN": "r", "TELEGRAM_WEBHOOK_SECRET": "w"}
    check_production_keys(read_settings(full))
    assert key_for(read_settings(full), WEBHOOK) == "w" and key_for(read_settings(full), RASA_API) == "r"


def test_production_ignores_a_secret_file_in_the_data_folder(tmp_path, folders):
    legacy_file(folders).parent.mkdir()
    legacy_file(folders).write_text("old-secret")
    data_key = Fernet.generate_key().decode()
    config = read_settings({**folders, "LIFELINE_ENV": "production", "LIFELINE_DATA_KEYS": data_key})
    assert data_keys_for(config) == (data_key,)


def test_an_older_local_secret_file_still_decrypts_old_data_and_keeps_the_pseudonyms(tmp_path, folders):
    legacy_file(folders).parent.mkdir()
    legacy_file(folders).write_text("old-secret\n")
    old_token = Fernet(old_version_data_key("old-secret")).encrypt(b"written by an older version")
    config = read_settings(folders)
    keys = data_keys_for(config)
    assert keys[-1] == old_version_data_key("old-secret").decode() and len(keys) == 2
    cipher = MultiFernet([Fernet(k) for k in keys])
    assert cipher.decrypt(old_token) == b"written by an older version"
    assert Fernet(keys[0]).decrypt(cipher.rotate(old_token)) == b"written by an older version"
    assert key_for(config, PSEUDONYM) == "old-secret"


def test_the_former_secret_variable_keys_pseudonyms_and_its_derived_data_key_still_decrypts(tmp_path, folders):
    new = Fernet.generate_key().decode()
    config = read_settings({**folders, "LIFELINE_SECRET": "s", "LIFELINE_DATA_KEYS": new})
    assert key_for(config, PSEUDONYM) == "s"
    assert data_keys_for(config) == (new, old_version_data_key("s").decode())
    config = read_settings({**folders, "LIFELINE_SECRET": "s", "LIFELINE_PSEUDONYM_KEY": "p",
                            "LIFELINE_DATA_KEYS": new})
    assert key_for(config, PSEUDONYM) == "p"


def test_a_generated_key_is_kept_across_starts(tmp_path, folders):
    config = read_settings(folders)
    (tmp_path / "keys").mkdir()
    (tmp_path / "keys" / "webhook.key").write_text("first\n")
    assert key_for(config, WEBHOOK) == "first"
    assert [p.name for p in (tmp_path / "keys").iterdir()] == ["webhook.key"]
