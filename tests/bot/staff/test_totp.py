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
    step = now // 30
    assert totp.matching_step(SECRET, totp.code_at(SECRET, now - 30), now) == step - 1
    assert totp.matching_step(SECRET, totp.code_at(SECRET, now + 30), now) == step + 1
    assert totp.matching_step(SECRET, totp.code_at(SECRET, now - 90), now) is None
    assert totp.matching_step(SECRET, "000000", now) is None


def test_a_step_already_accepted_matches_no_more():
    now = 1111111109
    code = totp.code_at(SECRET, now)
    assert totp.matching_step(SECRET, code, now, after=now // 30 - 1) == now // 30
    assert totp.matching_step(SECRET, code, now, after=now // 30) is None
    assert totp.matching_step(SECRET, totp.code_at(SECRET, now - 30), now, after=now // 30) is None


def test_the_provisioning_address_names_the_account():
    uri = totp.provisioning_uri(SECRET, "alice")
    assert uri.startswith("otpauth://totp/Lifeline:alice?secret=" + SECRET)
