"""Which addresses a fetch may go to: public http(s) servers, and nothing else by default.

A feed names the pages to fetch and a server names where to redirect, so
without a check a remote party could make newsweave fetch from this machine
(loopback), the desk's intranet, or a cloud metadata service holding
credentials. Every hop is checked: the URL's scheme and host before a request
is made, and each address a host name resolves to right before connecting
(:mod:`.guarded_http` then connects to that vetted address, so a name cannot
resolve to one address for the check and another for the connection).

Addresses are judged as :mod:`ipaddress` objects, never as strings, so
``::ffff:127.0.0.1``, ``2130706433`` and ``0x7f.1`` are all loopback.

``FetchPolicy(allow_private=True)`` (``--allow-private-network``) opens
loopback, private (RFC 1918, CGNAT 100.64/10, IPv6 ULA fc00::/7) addresses for
desks that ingest from their intranet. Cloud metadata services, link-local,
unspecified, multicast and reserved addresses stay refused: no news server
lives there, and metadata services hand out credentials.

>>> address_refusal(ipaddress.ip_address("::ffff:127.0.0.1"), FetchPolicy())
'127.0.0.1 is a loopback address (pass --allow-private-network to fetch from private networks)'
>>> address_refusal(ipaddress.ip_address("10.1.2.3"), FetchPolicy(allow_private=True)) is None
True
>>> address_refusal(literal_address("0x7f.1"), FetchPolicy(allow_private=True)) is None
True
>>> address_refusal(ipaddress.ip_address("169.254.169.254"), FetchPolicy(allow_private=True))
'169.254.169.254 is a cloud metadata address (refused even with --allow-private-network)'
"""
from __future__ import annotations

import ipaddress
import socket
from dataclasses import dataclass
from urllib.parse import urlsplit

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

ALLOW_HINT = "pass --allow-private-network to fetch from private networks"
NEVER_HINT = "refused even with --allow-private-network"

# Instance metadata services (AWS, GCP, Azure, Oracle: 169.254.169.254; AWS over IPv6;
# AWS ECS task metadata; Alibaba Cloud, which sits inside CGNAT space).
METADATA_ADDRESSES = frozenset(ipaddress.ip_address(a) for a in (
    "169.254.169.254", "fd00:ec2::254", "169.254.170.2", "100.100.100.200"))
METADATA_HOSTS = frozenset(("metadata.google.internal", "metadata.goog", "metadata", "instance-data",
                            "instance-data.ec2.internal", "metadata.tencentyun.com"))

# Private networks in the sense --allow-private-network opens; Python's is_private also
# covers documentation and benchmarking ranges, which are "reserved" here.
PRIVATE_NETWORKS = tuple(ipaddress.ip_network(n) for n in (
    "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10", "fc00::/7"))
NAT64_PREFIX = ipaddress.ip_network("64:ff9b::/96")


class FetchRefused(OSError):
    """A fetch the policy does not allow; an OSError so callers word it as any failed fetch."""

    def __init__(self, why: str):
        super().__init__(f"refused: {why}")
        self.why = why

    def __str__(self) -> str:
        return self.args[0]


@dataclass(frozen=True)
class FetchPolicy:
    """Where fetches may go; the default refuses everything but public addresses."""

    allow_private: bool = False


DEFAULT_POLICY = FetchPolicy()


def _as_ipv4(ip: IPAddress) -> IPAddress:
    """The IPv4 address an IPv6 one stands for, where it embeds one the connection reaches."""
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped:
            return ip.ipv4_mapped
        if ip.sixtofour:
            return ip.sixtofour
        if ip in NAT64_PREFIX:
            return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    return ip


def _kind(ip: IPAddress) -> tuple[str, bool] | None:
    """What kind of non-public address ``ip`` is, and whether --allow-private-network opens it."""
    if ip in METADATA_ADDRESSES:
        return "a cloud metadata address", False
    if ip.is_unspecified:
        return "an unspecified address", False
    if ip.is_loopback:
        return "a loopback address", True
    if ip.is_link_local:
        return "a link-local address", False
    if ip.is_multicast:
        return "a multicast address", False
    if any(ip in network for network in PRIVATE_NETWORKS if network.version == ip.version):
        return "a private address", True
    if ip.is_reserved or not ip.is_global:
        return "a reserved address", False
    return None


def _refusal(ip: IPAddress, policy: FetchPolicy) -> tuple[IPAddress, str] | None:
    """The address a connection to ``ip`` would reach and what it is, where ``policy`` refuses it."""
    # A scope id (fe80::1%eth0) does not change the kind; an embedded IPv4 address is where it goes.
    reached = _as_ipv4(ipaddress.ip_address(str(ip).split("%")[0]))
    kind = _kind(reached)
    if kind is None:
        return None
    what, opened_by_option = kind
    if opened_by_option and policy.allow_private:
        return None
    return reached, f"{what} ({ALLOW_HINT if opened_by_option else NEVER_HINT})"


def address_refusal(ip: IPAddress, policy: FetchPolicy) -> str | None:
    """Why a connection to ``ip`` is refused under ``policy`` (None: it may go)."""
    refusal = _refusal(ip, policy)
    return f"{refusal[0]} is {refusal[1]}" if refusal else None


def literal_address(host: str) -> IPAddress | None:
    """The address a URL's host spells out, in any form the resolver accepts (``127.1``,
    ``2130706433``, ``0x7f.1``, ``[::ffff:127.0.0.1]``); None for a host name."""
    try:
        return ipaddress.ip_address(host.split("%")[0])
    except ValueError:
        pass
    try:
        return ipaddress.IPv4Address(socket.inet_aton(host))  # the C resolver's lenient IPv4 forms
    except (OSError, ValueError):
        return None


def check_host(host: str, policy: FetchPolicy) -> None:
    """Refuse a host that is a metadata service's name, or spells out a refused address."""
    name = host.lower().rstrip(".")
    if name in METADATA_HOSTS:
        raise FetchRefused(f"{name} is a cloud metadata address ({NEVER_HINT})")
    ip = literal_address(name)
    if ip is not None and (why := address_refusal(ip, policy)):
        raise FetchRefused(why)


def check_url(url: str, policy: FetchPolicy) -> None:
    """Refuse a URL that is not http(s), or whose host is refused before any look-up."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        raise FetchRefused(f"{scheme or 'no scheme'}:// is not http:// or https://")
    if not parts.hostname:
        raise FetchRefused(f"{url} names no host")
    check_host(parts.hostname, policy)


def vetted_addresses(host: str, port: int, policy: FetchPolicy) -> list[IPAddress]:
    """Every address ``host`` resolves to, once each; refused if any of them is.

    One refused answer refuses the name: a name that resolves to both a public
    and an internal address is how DNS rebinding picks its moment.
    """
    check_host(host, policy)
    answers = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    addresses = list(dict.fromkeys(ipaddress.ip_address(sockaddr[0]) for *_, sockaddr in answers))
    for ip in addresses:
        refusal = _refusal(ip, policy)
        if refusal:
            reached, what = refusal
            named = f"{reached} is" if literal_address(host) else f"{host} resolves to {reached},"
            raise FetchRefused(f"{named} {what}")
    return addresses
