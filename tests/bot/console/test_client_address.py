import pytest

from bot.console.client_address import client_address, trusted_networks

PROXIES = trusted_networks(["10.0.0.2", "172.16.0.0/12"])


@pytest.mark.parametrize("peer, forwarded, expected", [
    ("203.0.113.1", None, "203.0.113.1"),
    ("203.0.113.1", "198.51.100.9", "203.0.113.1"),  # not a trusted proxy: its header is ignored
    ("10.0.0.2", "198.51.100.9", "198.51.100.9"),
    ("10.0.0.2", "1.2.3.4, 198.51.100.9", "198.51.100.9"),  # what the client wrote itself comes first
    ("10.0.0.2", "198.51.100.9, 172.16.5.5", "198.51.100.9"),  # a chain of trusted proxies
    ("10.0.0.2", "not-an-address", "10.0.0.2"),
    ("10.0.0.2", "198.51.100.9, <script>", "10.0.0.2"),
    ("10.0.0.2", "172.16.5.5", "172.16.5.5"),  # only proxies: the first of them
    ("::1", None, "::1"),
    (None, "198.51.100.9", "unknown"),
])
def test_the_client_address(peer, forwarded, expected):
    assert client_address(peer, forwarded, PROXIES) == expected


def test_a_wrong_proxy_setting_is_refused():
    with pytest.raises(ValueError):
        trusted_networks(["10.0.0.300"])
