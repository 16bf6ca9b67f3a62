import pytest
from cryptography.fernet import Fernet, InvalidToken

from bot.config import settings
from bot.storage import crypto


@pytest.fixture
def keys(monkeypatch):
    """Sets LIFELINE_DATA_KEYS for the test; the process's cipher is built again from it."""
    def use(*keys):
        monkeypatch.setenv("LIFELINE_DATA_KEYS", ",".join(keys))
        settings.cache_clear()
        crypto.cipher.cache_clear()

    yield use
    monkeypatch.delenv("LIFELINE_DATA_KEYS")
    settings.cache_clear()
    crypto.cipher.cache_clear()


def test_text_is_unreadable_at_rest_and_comes_back_whole(keys):
    keys(crypto.new_key())
    token = crypto.encrypt("ช่วยด้วย they took my passport")
    assert "passport" not in token and crypto.decrypt(token) == "ช่วยด้วย they took my passport"


def test_an_old_key_still_decrypts_until_rotated_and_the_newest_encrypts(keys):
    old, new = crypto.new_key(), crypto.new_key()
    keys(old)
    token = crypto.encrypt("held in KK Park")
    keys(new, old)
    rotated = crypto.reencrypt(token)
    assert crypto.decrypt(token) == crypto.decrypt(rotated) == "held in KK Park"
    assert Fernet(new.encode()).decrypt(rotated.encode()) == b"held in KK Park"
    keys(new)
    with pytest.raises(InvalidToken):
        crypto.decrypt(token)
