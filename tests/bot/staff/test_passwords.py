import pytest

from bot.staff.passwords import hash_password, verify_password

pytestmark = pytest.mark.real_password_cost


def test_a_password_verifies_against_its_hash_only():
    stored = hash_password("correct horse battery")
    assert stored.startswith("scrypt$32768$8$1$")
    assert verify_password("correct horse battery", stored)
    assert not verify_password("correct horse batterY", stored)
    assert hash_password("correct horse battery") != stored  # a new salt each time


def test_a_malformed_hash_never_verifies():
    for stored in ("", "plain", "md5$x$y", "scrypt$1$2$3$!!$!!"):
        assert not verify_password("anything", stored)
