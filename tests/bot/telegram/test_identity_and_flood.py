from bot.telegram.flood import FloodGate
from bot.telegram.identity import pseudonym


def test_pseudonyms_are_stable_keyed_and_reveal_nothing():
    first = pseudonym(123456789, key=b"k1")
    assert first == pseudonym(123456789, key=b"k1")
    assert first != pseudonym(123456789, key=b"k2") != pseudonym(123456780, key=b"k1")
    assert "123456789" not in first


def test_the_flood_gate_warns_once_then_stays_quiet_and_recovers():
    gate = FloodGate(limit=3, seconds=10)
    assert [gate.admit("p", now=t) for t in (0, 1, 2, 3, 4)] == [True, True, True, False, None]
    assert gate.admit("other", now=4) is True
    assert gate.admit("p", now=20) is True
