from bot.console.throttle import AuditCap, SignInThrottle


def test_a_pair_is_blocked_after_five_failures_and_only_that_pair():
    throttle = SignInThrottle()
    for second in range(5):
        assert not throttle.blocked("Erin", "203.0.113.5", now=second)
        throttle.failed("erin ", "203.0.113.5", now=second)
    assert throttle.blocked("ERIN", "203.0.113.5", now=10)
    assert not throttle.blocked("erin", "203.0.113.6", now=10)
    assert not throttle.blocked("frank", "203.0.113.5", now=10)
    assert not throttle.blocked("erin", "203.0.113.5", now=4 + 901)  # the window has passed


def test_an_address_is_blocked_after_twenty_failures_on_any_accounts():
    throttle = SignInThrottle()
    for number in range(20):
        throttle.failed(f"name{number}", "203.0.113.7", now=number)
    assert throttle.blocked("somebody", "203.0.113.7", now=30)
    assert not throttle.blocked("somebody", "203.0.113.8", now=30)


def test_many_failures_on_one_account_slow_it_down_but_never_lock_it():
    throttle = SignInThrottle()
    for number in range(10):
        assert throttle.delay("erin", now=number) == 0
        throttle.failed("erin", f"198.51.100.{number}", now=number)
    assert throttle.delay("erin", now=10) == 0.5
    for number in range(10, 100):
        throttle.failed("erin", f"198.51.100.{number}", now=number)
    assert throttle.delay("erin", now=100) == 5.0
    assert not throttle.blocked("erin", "192.0.2.1", now=100)  # the owner, elsewhere, may still try
    throttle.succeeded("erin", "192.0.2.1")
    assert throttle.delay("erin", now=100) == 0


def test_the_audit_cap_allows_ten_rows_then_one_summary_per_window():
    cap = AuditCap()
    decisions = [cap.decide("203.0.113.9", now=second) for second in range(13)]
    assert decisions == [AuditCap.RECORD] * 10 + [AuditCap.SUMMARY, AuditCap.SKIP, AuditCap.SKIP]
    assert cap.decide("203.0.113.10", now=13) == AuditCap.RECORD
    assert cap.decide("203.0.113.9", now=12 + 901) == AuditCap.RECORD
