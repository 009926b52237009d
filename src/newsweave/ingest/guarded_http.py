"""A urllib opener whose every hop goes only where a :class:`FetchPolicy` allows.

The connections resolve their host, check every address it resolves to, and
connect to a checked address, so the check and the connection see the same
address (no DNS rebinding in between); TLS still names the host (SNI and
certificate check) and the Host header is the URL's. Each redirect is checked
before it is followed. Only http and https are handled: no ftp, file or data
handler is installed, and environment proxies are not used, since through a
proxy the address a request reaches is the proxy's to choose.
"""
from __future__ import annotations

import http.client
import socket
import urllib.request
from functools import partial
from urllib.parse import urljoin

from newsweave.ingest.address_guard import DEFAULT_POLICY, FetchPolicy, FetchRefused, check_url, vetted_addresses


def open_vetted_socket(host: str, port: int, timeout, source_address, policy: FetchPolicy) -> socket.socket:
    """A socket connected to the first reachable address of ``host`` that ``policy`` allows."""
    last_error: OSError | None = None
    for ip in vetted_addresses(host, port, policy):
        try:
            return socket.create_connection((str(ip), port), timeout, source_address)
        except OSError as exc:
            last_error = exc
    raise last_error or OSError(f"{host} resolves to no address")


class VettedHTTPConnection(http.client.HTTPConnection):
    """An HTTP connection that connects only to an address its policy allows."""

    def __init__(self, *args, policy: FetchPolicy = DEFAULT_POLICY, **kwargs):
        super().__init__(*args, **kwargs)
        self.policy = policy

    def connect(self):
        self.sock = open_vetted_socket(self.host, self.port, self.timeout, self.source_address, self.policy)
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)


class VettedHTTPSConnection(http.client.HTTPSConnection, VettedHTTPConnection):
    """HTTPS over a vetted connection: HTTPSConnection.connect wraps the socket
    VettedHTTPConnection.connect opened, with the host name for SNI."""

    def __init__(self, *args, policy: FetchPolicy = DEFAULT_POLICY, **kwargs):
        super().__init__(*args, **kwargs)
        self.policy = policy


class VettedHTTPHandler(urllib.request.HTTPHandler):
    def __init__(self, policy: FetchPolicy):
        super().__init__()
        self.policy = policy

    def http_open(self, req):
        return self.do_open(partial(VettedHTTPConnection, policy=self.policy), req)


class VettedHTTPSHandler(urllib.request.HTTPSHandler):
    def __init__(self, policy: FetchPolicy):
        super().__init__()
        self.policy = policy

    def https_open(self, req):
        return self.do_open(partial(VettedHTTPSConnection, policy=self.policy), req, context=self._context)


class GuardedRedirectHandler(urllib.request.HTTPRedirectHandler):
    """Follows a redirect only to an http(s) URL whose host the policy allows.

    urllib itself would follow a redirect to ftp://; and a host name in the new
    URL is checked again when its connection is opened.
    """

    def __init__(self, policy: FetchPolicy):
        self.policy = policy

    def http_error_302(self, req, fp, code, msg, headers):
        location = headers.get("location") or headers.get("uri")
        if location:
            self._check(urljoin(req.full_url, location.strip()), fp)
        return super().http_error_302(req, fp, code, msg, headers)

    http_error_301 = http_error_303 = http_error_307 = http_error_308 = http_error_302

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        self._check(newurl, fp)  # the URL urllib will open, after its own clean-up of the Location
        return super().redirect_request(req, fp, code, msg, headers, newurl)

    def _check(self, url: str, fp) -> None:
        try:
            check_url(url, self.policy)
        except FetchRefused as refused:
            fp.close()
            raise FetchRefused(f"redirect to {url}: {refused.why}") from None


def guarded_opener(policy: FetchPolicy) -> urllib.request.OpenerDirector:
    """An opener for http(s) alone, every connection and redirect held to ``policy``."""
    opener = urllib.request.OpenerDirector()
    for handler in (urllib.request.UnknownHandler(), VettedHTTPHandler(policy), VettedHTTPSHandler(policy),
                    urllib.request.HTTPDefaultErrorHandler(), GuardedRedirectHandler(policy),
                    urllib.request.HTTPErrorProcessor()):
        opener.add_handler(handler)
    return opener
