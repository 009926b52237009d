"""Fetches go to public addresses only, on every hop, unless private networks are allowed.

No test here sends a packet beyond loopback: ``network`` stands in for DNS and
blocks (and records) every connection to an address other than 127.0.0.1.
"""
from __future__ import annotations

import email.message
import io
import ipaddress
import shutil
import socket
import ssl
import subprocess
import threading
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from click.testing import CliRunner

from newsweave.cli import main
from newsweave.ingest import address_guard
from newsweave.ingest.address_guard import (FetchPolicy, FetchRefused, address_refusal, check_url,
                                            vetted_addresses)
from newsweave.ingest.guarded_http import GuardedRedirectHandler, VettedHTTPSConnection
from newsweave.ingest.remote import read_url
from newsweave.records import RawDocument, Rejection
from newsweave.pipeline.watch import Watcher
from tests.local_http import serving

LOCAL = FetchPolicy(allow_private=True)
HINT = "(pass --allow-private-network to fetch from private networks)"
NEVER = "(refused even with --allow-private-network)"

PAGE = ("<html><head><title>Ferry capsizes on the Meghna | River Desk</title></head><body><article>"
        "<h1>Ferry capsizes on the Meghna, 14 missing</h1>"
        "<p>A crowded passenger ferry capsized on the Meghna river near Chandpur on Sunday evening after it "
        "was hit by a bulk carrier in fog.</p><p>Coast guard divers pulled 31 people from the water by "
        "midnight; 14 passengers were still missing, the district administrator said.</p>"
        "</article></body></html>").encode("utf-8")


def feed(links: list[tuple[str, str]]) -> bytes:
    items = "".join(f"<item><title>{title}</title><link>{link}</link><pubDate>Sun, 10 Mar 2024 18:00:00 +0000"
                    f"</pubDate><description>{title}: the river desk's summary, with the place and the count."
                    f"</description></item>" for title, link in links)
    return (f"<?xml version='1.0' encoding='utf-8'?><rss version='2.0'><channel><title>River Desk</title>"
            f"{items}</channel></rss>").encode("utf-8")


class Network:
    """Fake DNS for made-up names, and a record of every connection and look-up attempted."""

    def __init__(self):
        self.names: dict[str, list[list[str]]] = {}  # name -> successive answers
        self.lookups: list[str] = []
        self.connections: list[tuple[str, int]] = []

    def getaddrinfo(self, real, host, port, *args, **kwargs):
        self.lookups.append(host)
        if host in self.names:
            answers = self.names[host]
            answer = answers.pop(0) if len(answers) > 1 else answers[0]
            return [(socket.AF_INET6 if ":" in ip else socket.AF_INET, socket.SOCK_STREAM, 6, "",
                     (ip, port, 0, 0) if ":" in ip else (ip, port)) for ip in answer]
        if host == "localhost" or address_guard.literal_address(str(host)) is not None:
            return real(host, port, *args, **kwargs)  # numeric or /etc/hosts: no packet leaves
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    def create_connection(self, real, address, *args, **kwargs):
        host, port = address[0], address[1]
        self.connections.append((host, port))
        if host not in ("127.0.0.1", "localhost"):
            raise ConnectionRefusedError(f"the tests reach no address but 127.0.0.1, not {host}")
        return real(address, *args, **kwargs)


@pytest.fixture(autouse=True)
def network(monkeypatch):
    fake = Network()
    real_lookup, real_connect = socket.getaddrinfo, socket.create_connection
    monkeypatch.setattr(socket, "getaddrinfo", lambda *a, **k: fake.getaddrinfo(real_lookup, *a, **k))
    monkeypatch.setattr(socket, "create_connection", lambda *a, **k: fake.create_connection(real_connect, *a, **k))
    return fake


@pytest.fixture
def local_server_counts_as_public(monkeypatch):
    """127.0.0.1 judged as a public address, so the local server can play a public news site
    under the default policy; every other address is judged as usual."""
    real = address_guard._refusal
    loopback = ipaddress.ip_address("127.0.0.1")
    monkeypatch.setattr(address_guard, "_refusal", lambda ip, policy: None if ip == loopback else real(ip, policy))


REFUSED = [("127.0.0.1", "loopback", HINT), ("::1", "loopback", HINT), ("::ffff:127.0.0.1", "loopback", HINT),
           ("10.1.2.3", "private", HINT), ("172.16.0.1", "private", HINT), ("192.168.1.1", "private", HINT),
           ("100.64.0.1", "private", HINT), ("fc00::1", "private", HINT), ("::ffff:10.0.0.1", "private", HINT),
           ("169.254.169.254", "cloud metadata", NEVER), ("fd00:ec2::254", "cloud metadata", NEVER),
           ("fe80::1", "link-local", NEVER), ("169.254.1.1", "link-local", NEVER),
           ("0.0.0.0", "unspecified", NEVER), ("::", "unspecified", NEVER), ("224.0.0.1", "multicast", NEVER),
           ("ff02::1", "multicast", NEVER), ("240.0.0.1", "reserved", NEVER), ("192.0.2.1", "reserved", NEVER)]


@pytest.mark.parametrize("address,kind,hint", REFUSED, ids=[a for a, _, _ in REFUSED])
def test_internal_addresses_are_refused_by_default(address, kind, hint):
    reason = address_refusal(ipaddress.ip_address(address), FetchPolicy())
    shown = address.removeprefix("::ffff:")  # a mapped address is named by the IPv4 one it reaches
    assert reason == f"{shown} is a{'n' if kind[0] in 'aeiou' else ''} {kind} address {hint}"


@pytest.mark.parametrize("address", ["93.184.216.34", "2606:2800:220:1::1", "::ffff:93.184.216.34", "8.8.8.8"])
def test_public_addresses_are_accepted(address):
    assert address_refusal(ipaddress.ip_address(address), FetchPolicy()) is None


def test_the_option_opens_private_networks_but_not_metadata_link_local_or_odd_ranges():
    opened = {a for a, _, hint in REFUSED if address_refusal(ipaddress.ip_address(a), LOCAL) is None}
    assert opened == {a for a, _, hint in REFUSED if hint == HINT}
    assert "169.254.169.254" not in opened and "fd00:ec2::254" not in opened


@pytest.mark.parametrize("url", ["http://2130706433/", "http://0x7f.1/", "http://017700000001/", "http://127.1/",
                                 "http://[::ffff:127.0.0.1]:8080/", "http://[::1]/", "https://0177.0.0.1/"])
def test_other_spellings_of_loopback_are_caught_without_a_lookup(url, network):
    with pytest.raises(FetchRefused) as refused:
        check_url(url, FetchPolicy())
    assert str(refused.value) == f"refused: {'::1' if '[::1]' in url else '127.0.0.1'} is a loopback address {HINT}"
    assert network.lookups == []


@pytest.mark.parametrize("url,reason", [
    ("ftp://files.example.org/feed.xml", "ftp:// is not http:// or https://"),
    ("file:///etc/passwd", "file:// is not http:// or https://"),
    ("http://metadata.google.internal/computeMetadata/v1/", f"metadata.google.internal is a cloud metadata address {NEVER}"),
    ("http://METADATA.Google.Internal./computeMetadata/v1/", f"metadata.google.internal is a cloud metadata address {NEVER}"),
    ("http://169.254.169.254/latest/meta-data/", f"169.254.169.254 is a cloud metadata address {NEVER}"),
])
def test_other_schemes_and_metadata_hosts_are_refused_even_when_private_networks_are_allowed(url, reason, network):
    with pytest.raises(FetchRefused) as refused:
        check_url(url, LOCAL)
    assert refused.value.why == reason
    assert network.lookups == []


def test_every_address_a_name_resolves_to_is_checked(network):
    network.names = {"mixed.example.com": [["93.184.216.34", "10.0.0.1"]],
                     "mapped.example.com": [["::ffff:169.254.169.254"]],
                     "public.example.com": [["93.184.216.34", "2606:2800:220:1::1"]]}
    with pytest.raises(FetchRefused, match=r"mixed\.example\.com resolves to 10\.0\.0\.1, a private address"):
        vetted_addresses("mixed.example.com", 80, FetchPolicy())
    with pytest.raises(FetchRefused, match="resolves to 169.254.169.254, a cloud metadata address"):
        vetted_addresses("mapped.example.com", 80, LOCAL)
    assert [str(ip) for ip in vetted_addresses("public.example.com", 443, FetchPolicy())] == [
        "93.184.216.34", "2606:2800:220:1::1"]
    assert network.connections == []


def _redirect(location: str, answer: io.BytesIO):
    """A 302 to ``location`` answering a request for a public page."""
    headers = email.message.Message()
    headers["Location"] = location
    request = urllib.request.Request("https://news.example.com/story")
    return GuardedRedirectHandler(FetchPolicy()).http_error_302(request, answer, 302, "Found", headers)


@pytest.mark.parametrize("location,why", [
    ("http://127.0.0.1/admin", f"127.0.0.1 is a loopback address {HINT}"),
    ("http://2130706433/admin", f"127.0.0.1 is a loopback address {HINT}"),
    ("http://[::ffff:192.168.0.1]/", f"192.168.0.1 is a private address {HINT}"),
    ("http://169.254.169.254/latest/meta-data/", f"169.254.169.254 is a cloud metadata address {NEVER}"),
    ("ftp://files.example.org/feed.xml", "ftp:// is not http:// or https://"),
    ("file:///etc/passwd", "file:// is not http:// or https://"),
])
def test_a_public_page_redirecting_inside_is_refused(location, why, network):
    answer = io.BytesIO(b"moved")
    with pytest.raises(FetchRefused) as refused:
        _redirect(location, answer)
    assert str(refused.value) == f"refused: redirect to {location}: {why}"
    assert answer.closed and network.connections == []


def test_a_redirect_to_a_public_url_is_followed():
    handler = GuardedRedirectHandler(FetchPolicy())
    headers = email.message.Message()
    new = handler.redirect_request(urllib.request.Request("https://news.example.com/story"), io.BytesIO(),
                                   302, "Found", headers, "https://news.example.com/next")
    assert new.full_url == "https://news.example.com/next"


def test_the_local_server_is_refused_by_default_in_every_spelling(network):
    with serving({"/news/ferry": (200, "text/html", PAGE)}) as (base, requested):
        port = base.rsplit(":", 1)[1]
        (refused,) = read_url(f"{base}/news/ferry")
        others = [read_url(f"http://{host}:{port}/news/ferry")[0]
                  for host in ("2130706433", "0x7f.1", "[::ffff:127.0.0.1]", "localhost")]
        (allowed,) = read_url(f"{base}/news/ferry", policy=LOCAL)
    assert isinstance(refused, Rejection) and refused.reason == f"refused: 127.0.0.1 is a loopback address {HINT}"
    assert all(isinstance(o, Rejection) and "loopback address" in o.reason for o in others)
    assert others[-1].reason.startswith("refused: localhost resolves to ")
    assert isinstance(allowed, RawDocument)  # the option opens it
    assert [path for path, _ in requested] == ["/news/ferry"]  # the one allowed fetch only


def test_a_connection_goes_to_the_address_that_was_checked(network):
    with serving({"/news/ferry": (200, "text/html", PAGE)}) as (base, requested):
        port = int(base.rsplit(":", 1)[1])
        network.names = {"desk.example.com": [["127.0.0.1"]],
                         "rebind.example.com": [["93.184.216.34"], ["127.0.0.1"]]}
        (page,) = read_url(f"http://desk.example.com:{port}/news/ferry", policy=LOCAL)
        (refused,) = read_url(f"http://desk.example.com:{port}/news/ferry")
        (rebound,) = read_url(f"http://rebind.example.com:{port}/news/ferry")
    assert isinstance(page, RawDocument) and page.url == f"http://desk.example.com:{port}/news/ferry"
    assert refused.reason == f"refused: desk.example.com resolves to 127.0.0.1, a loopback address {HINT}"
    # The name was checked when it answered a public address, and the connection went there, not to
    # what a second look-up would have answered (127.0.0.1, the server).
    assert rebound.reason.startswith("cannot fetch:")
    assert network.connections == [("127.0.0.1", port), ("93.184.216.34", port)]
    assert network.lookups.count("rebind.example.com") == 1
    assert [path for path, _ in requested] == ["/news/ferry"]


def test_redirects_from_an_allowed_server_to_other_schemes_and_metadata_are_refused(network):
    routes = {"/news/ferry": (200, "text/html", PAGE), "/moved": (301, "text/plain", b"", {"Location": "/news/ferry"})}
    targets = {"/to-ftp": "ftp://127.0.0.1:9/feed.xml", "/to-file": "file:///etc/passwd",
               "/to-metadata": "http://169.254.169.254/latest/meta-data/iam/security-credentials/",
               "/to-metadata-v6": "http://[fd00:ec2::254]/latest/meta-data/",
               "/to-google": "http://metadata.google.internal/computeMetadata/v1/"}
    for path, target in targets.items():
        routes[path] = (302 if path != "/to-metadata-v6" else 307, "text/plain", b"", {"Location": target})
    with serving(routes) as (base, requested):
        (moved,) = read_url(f"{base}/moved", policy=LOCAL)
        reasons = {path: read_url(base + path, policy=LOCAL)[0].reason for path in targets}
    assert isinstance(moved, RawDocument) and moved.url == f"{base}/news/ferry"  # a redirect is still followed
    assert reasons == {
        "/to-ftp": "refused: redirect to ftp://127.0.0.1:9/feed.xml: ftp:// is not http:// or https://",
        "/to-file": "refused: redirect to file:///etc/passwd: file:// is not http:// or https://",
        "/to-metadata": f"refused: redirect to {targets['/to-metadata']}: 169.254.169.254 is a cloud metadata "
                        f"address {NEVER}",
        "/to-metadata-v6": f"refused: redirect to {targets['/to-metadata-v6']}: fd00:ec2::254 is a cloud "
                           f"metadata address {NEVER}",
        "/to-google": f"refused: redirect to {targets['/to-google']}: metadata.google.internal is a cloud "
                      f"metadata address {NEVER}"}
    assert {host for host, _ in network.connections} == {"127.0.0.1"}
    assert "metadata.google.internal" not in network.lookups
    assert [path for path, _ in requested] == ["/moved", "/news/ferry", *targets]


def test_feed_items_linking_inside_are_refused_without_a_connection(fast_pipeline, network,
                                                                     local_server_counts_as_public):
    routes = {"/ferry": (200, "text/html", PAGE)}
    with serving(routes) as (base, requested):
        routes["/rss"] = (200, "application/rss+xml", feed([
            ("Ferry capsizes on the Meghna", f"{base}/ferry"),
            ("Credentials", "http://169.254.169.254/latest/meta-data/iam/security-credentials/"),
            ("Intranet memo on the Meghna ferry", "http://10.0.0.1/internal/memo")]))
        summary = Watcher(fast_pipeline, [], [f"{base}/rss"], interval=60).cycle()
    reasons = sorted(r.reason for r in summary.rejected)
    assert reasons == [
        f"item page not read: refused: 10.0.0.1 is a private address {HINT}; the feed's summary was kept instead",
        f"item page not read: refused: 169.254.169.254 is a cloud metadata address {NEVER}; "
        "the feed's summary was kept instead"]
    assert summary.stored == 3  # the page, and the two items' summaries in place of their pages
    assert {host for host, _ in network.connections} == {"127.0.0.1"}
    assert [path for path, _ in requested] == ["/rss", "/ferry"]


def test_metadata_links_stay_refused_when_private_networks_are_allowed(fast_pipeline, network):
    with serving({}) as (base, requested):
        routes = {"/rss": (200, "application/rss+xml", feed([
            ("Credentials", "http://169.254.169.254/latest/meta-data/"),
            ("Credentials over IPv6", "http://[fd00:ec2::254]/latest/meta-data/"),
            ("Project metadata", "http://metadata.google.internal/computeMetadata/v1/project/")]))}
        with serving(routes) as (feed_base, _):
            summary = Watcher(fast_pipeline, [], [f"{feed_base}/rss"], interval=60, policy=LOCAL).cycle()
    assert len(summary.rejected) == 3
    assert all("cloud metadata address" in r.reason and NEVER in r.reason for r in summary.rejected)
    assert {host for host, _ in network.connections} == {"127.0.0.1"}
    assert "metadata.google.internal" not in network.lookups


def test_a_local_feed_is_refused_by_default_and_backs_off(fast_pipeline):
    with serving({"/rss": (200, "application/rss+xml", feed([("Ferry", "http://127.0.0.1/ferry")]))}) as (base, requested):
        watcher = Watcher(fast_pipeline, [], [f"{base}/rss"], interval=10)
        (rejection,) = watcher.cycle().rejected
    assert rejection.reason == f"refused: 127.0.0.1 is a loopback address {HINT} (failure 1; next try in 20 s)"
    assert requested == []


def test_the_command_line_refuses_private_addresses_unless_told(tmp_path):
    with serving({"/news/ferry": (200, "text/html", PAGE),
                  "/rss": (200, "application/rss+xml", feed([("Ferry", "/news/ferry")]))}) as (base, requested):
        refused = CliRunner().invoke(main, ["ingest", f"{base}/news/ferry", "--db", str(tmp_path / "a.db")])
        watched = CliRunner().invoke(main, ["watch", "--feed", f"{base}/rss", "--once", "--db", str(tmp_path / "b.db")])
        assert requested == []
        allowed = CliRunner().invoke(main, ["ingest", f"{base}/news/ferry", "--db", str(tmp_path / "c.db")],
                                     env={"NEWSWEAVE_ALLOW_PRIVATE_NETWORK": "1"})
    assert refused.exit_code == 0, refused.output
    assert f"rejected {base}/news/ferry: refused: 127.0.0.1 is a loopback address {HINT}" in refused.output
    assert f"rejected {base}/rss: refused: 127.0.0.1 is a loopback address {HINT}" in watched.output
    assert allowed.exit_code == 0 and "stored 1" in allowed.output, allowed.output
    assert "--allow-private-network" in CliRunner().invoke(main, ["watch", "--help"]).output


@pytest.mark.skipif(shutil.which("openssl") is None, reason="needs the openssl command to make a certificate")
def test_https_connects_to_the_checked_address_and_still_names_the_host(tmp_path, network):
    """SNI, the certificate check and the Host header use the name; the socket goes to the vetted address."""
    key, cert = tmp_path / "key.pem", tmp_path / "cert.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(key), "-out",
                    str(cert), "-days", "1", "-subj", "/CN=desk.example.com",
                    "-addext", "subjectAltName=DNS:desk.example.com"], check=True, capture_output=True)
    seen: dict[str, str | None] = {}

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 - the name http.server calls
            seen["host"] = self.headers.get("Host")
            self.send_response(200)
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(b"ok")

        def log_message(self, *args):
            pass

    server_side = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    server_side.load_cert_chain(cert, key)
    server_side.sni_callback = lambda sock, name, ctx: seen.__setitem__("sni", name)
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.socket = server_side.wrap_socket(server.socket, server_side=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    port = server.server_address[1]
    network.names = {"desk.example.com": [["127.0.0.1"]]}
    trusting = ssl.create_default_context(cafile=str(cert))
    try:
        connection = VettedHTTPSConnection("desk.example.com", port, context=trusting, policy=LOCAL, timeout=10)
        connection.request("GET", "/")
        body = connection.getresponse().read()
        connection.close()
        with pytest.raises(FetchRefused, match="desk.example.com resolves to 127.0.0.1, a loopback address"):
            VettedHTTPSConnection("desk.example.com", port, context=trusting, timeout=10).connect()
    finally:
        server.shutdown()
        server.server_close()
    assert body == b"ok"
    assert seen == {"sni": "desk.example.com", "host": f"desk.example.com:{port}"}
    assert network.connections == [("127.0.0.1", port)]
