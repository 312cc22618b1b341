"""The client's address, the one way for the whole project: the API throttle, the access trail and django-axes
(AXES_CLIENT_IP_CALLABLE) all call `client_ip`.

`X-Forwarded-For` is written by whoever sends the request, so it is believed only as far as the operator says:
with `IWG_NUM_PROXIES=0` (the default) it is ignored and the address is the TCP peer (`REMOTE_ADDR`). With N
proxies the address is the one the N-th proxy from us appended (the N-th entry from the right), which a client
cannot forge however many entries it sends; with `IWG_TRUSTED_PROXIES` set, the header is believed only when the
request arrives from one of those addresses or networks.
"""

import ipaddress
from functools import lru_cache

from django.conf import settings


@lru_cache(maxsize=16)
def _networks(trusted: tuple[str, ...]) -> tuple:
    return tuple(ipaddress.ip_network(item, strict=False) for item in trusted)


def _from_trusted_proxy(remote_addr: str) -> bool:
    trusted = tuple(settings.IWG_TRUSTED_PROXIES)
    if not trusted:
        return True
    try:
        address = ipaddress.ip_address(remote_addr)
    except ValueError:
        return False
    return any(address in network for network in _networks(trusted))


def _valid(address: str) -> str | None:
    try:
        return str(ipaddress.ip_address(address.strip()))
    except ValueError:
        return None


def client_ip(request) -> str | None:
    """The client's IP address as far as the configured proxies vouch for it; None when there is none."""
    remote_addr = request.META.get("REMOTE_ADDR", "") or ""
    num_proxies = settings.IWG_NUM_PROXIES
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if num_proxies > 0 and forwarded and _from_trusted_proxy(remote_addr):
        entries = [entry.strip() for entry in forwarded.split(",") if entry.strip()]
        if entries:
            return _valid(entries[-min(num_proxies, len(entries))]) or _valid(remote_addr)
    return _valid(remote_addr)
