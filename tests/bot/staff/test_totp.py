import base64

from bot.staff import totp

# RFC 6238, appendix B: the SHA-1 secret "12345678901234567890"; codes are the last six digits of the table's.
SECRET = base64.b32encode(b"12345678901234567890").decode()


def test_codes_match_the_rfc_test_vectors():
    assert totp.code_at(SECRET, 59) == "287082"
    assert totp.code_at(SECRET, 1111111109) == "081804"
    assert totp.code_at(SECRET, 2000000000) == "279037"


def test_a_code_is_accepted_one_step_either_side_and_no_further():
    now = 1111111109
    assert totp.verify(SECRET, totp.code_at(SECRET, now - 30), now)
    assert totp.verify(SECRET, totp.code_at(SECRET, now + 30), now)
    assert not totp.verify(SECRET, totp.code_at(SECRET, now - 90), now)
    assert not totp.verify(SECRET, "000000", now)


def test_the_provisioning_address_names_the_account():
    uri = totp.provisioning_uri(SECRET, "alice")
    assert uri.startswith("otpauth://totp/Lifeline:alice?secret=" + SECRET)
