"""The address of the browser behind a request: the direct peer, or, when the peer is a trusted reverse proxy,
the last address in ``X-Forwarded-For`` that no trusted proxy added. Anything else in the header (which the
client writes itself) is ignored."""

from __future__ import annotations

import ipaddress
from typing import Iterable, Optional, Tuple, Union

Network = Union[ipaddress.IPv4Network, ipaddress.IPv6Network]
Address = Union[ipaddress.IPv4Address, ipaddress.IPv6Address]


def trusted_networks(entries: Iterable[str]) -> Tuple[Network, ...]:
    """``LIFELINE_TRUSTED_PROXIES`` as networks; a wrong entry stops the console at start (ValueError)."""
    return tuple(ipaddress.ip_network(entry, strict=False) for entry in entries)


def _address(text: str) -> Optional[Address]:
    try:
        return ipaddress.ip_address(text.strip())
    except ValueError:
        return None


def _trusted(address: Address, networks: Tuple[Network, ...]) -> bool:
    return any(address in network for network in networks)


def client_address(peer: Optional[str], forwarded_for: Optional[str], networks: Tuple[Network, ...]) -> str:
    direct = _address(peer or "")
    if direct is None:
        return "unknown"
    if not forwarded_for or not _trusted(direct, networks):
        return str(direct)
    for hop in reversed(forwarded_for.split(",")):
        address = _address(hop)
        if address is None:
            break
        if not _trusted(address, networks):
            return str(address)
        direct = address
    return str(direct)
