"""Through the real nginx, without a browser: routing, stickiness, limits, stopping.

Each test speaks HTTP or the websocket handshake to `deploy/serve.py`'s nginx and reads the
``X-Upstream`` header nginx adds, which names the replica that answered.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from deploy.serve import ROOT, Deployment, free_port, render, upload_mb
from tests.proxy.conftest import COOKIE, cookie_for, upstream


def test_rendered_config_passes_nginx_t(nginx, tmp_path):
    for name in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (tmp_path / "temp" / name).mkdir(parents=True)
    conf = tmp_path / "nginx.conf"
    conf.write_text(render(["127.0.0.1:1", "127.0.0.1:2"], f"127.0.0.1:{free_port()}", tmp_path))
    check = subprocess.run(
        [nginx, "-t", "-p", str(tmp_path), "-e", str(tmp_path / "error.log"), "-c", str(conf)],
        capture_output=True,
        text=True,
    )
    assert check.returncode == 0, check.stderr
    text = conf.read_text()
    assert f"client_max_body_size {upload_mb() + 10}m;" in text
    assert "hash $crisis_route_key consistent;" in text
    assert "ip_hash" not in text


def test_every_replica_serves_and_a_cookie_sticks_to_one(deployment):
    health = f"{deployment.url}/_stcore/health"
    seen = {upstream(health, f"spread-{i}")[0] for i in range(40)}
    assert seen == {r.address for r in deployment.replicas}, "40 visitors on one IP: not spread"
    for value in ("spread-1", "spread-2", "spread-3"):
        first = upstream(health, value)[0]
        assert all(upstream(health, value)[0] == first for _ in range(10))


def test_the_first_response_sets_the_route_cookie_and_later_ones_do_not(deployment):
    _, headers = upstream(f"{deployment.url}/")
    cookies = headers.get("set-cookie", "")
    assert f"{COOKIE}=" in cookies and "HttpOnly" in cookies and "Path=/" in cookies
    value = cookies.split(f"{COOKIE}=", 1)[1].split(";", 1)[0]
    assert len(value) == 32  # nginx's $request_id
    # the browser sends it back: no new cookie, and the same replica every time
    replicas = set()
    for _ in range(5):
        address, headers = upstream(f"{deployment.url}/", value)
        assert f"{COOKIE}=" not in headers.get("set-cookie", "")
        replicas.add(address)
    assert len(replicas) == 1


def _xsrf_cookie(url: str, cookie: str) -> str:
    req = urllib.request.Request(url, headers={"Cookie": cookie})
    with urllib.request.urlopen(req, timeout=10) as r:
        values = [c for c in r.headers.get_all("Set-Cookie") or [] if "_streamlit_xsrf=" in c]
    assert values, "no _streamlit_xsrf cookie set"
    return values[0].split("_streamlit_xsrf=", 1)[1].split(";", 1)[0]


def test_streamlit_xsrf_cookie_changes_on_every_connect_so_it_cannot_route(deployment):
    """Why the route cookie is nginx's own: Streamlit re-masks _streamlit_xsrf each time the
    page (re)connects (/_stcore/health), so a hash of it would move the visitor around."""
    health = f"{deployment.url}/_stcore/health"
    xsrf = _xsrf_cookie(health, f"{COOKIE}=same")
    again = _xsrf_cookie(health, f"{COOKIE}=same; _streamlit_xsrf={xsrf}")
    assert again != xsrf
    assert again.split("|")[3] == xsrf.split("|")[3]  # the same token, masked anew


def test_without_cookies_the_address_and_user_agent_pick_the_replica(deployment):
    health = f"{deployment.url}/_stcore/health"
    for agent in ("agent-a", "agent-b"):
        first = upstream(health, None, **{"User-Agent": agent})[0]
        assert all(upstream(health, None, **{"User-Agent": agent})[0] == first for _ in range(8))
    agents = {upstream(health, None, **{"User-Agent": f"agent-{i}"})[0] for i in range(40)}
    assert len(agents) == 2


def _handshake(d: Deployment, cookie: str, origin: str | None = None, host: str | None = None):
    """(status line, X-Upstream) of a websocket upgrade through nginx."""
    port = int(d.url.rsplit(":", 1)[1])
    host = host or f"127.0.0.1:{port}"
    origin = origin or f"http://{host}"
    with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
        s.sendall(
            (
                "GET /_stcore/stream HTTP/1.1\r\n"
                f"Host: {host}\r\n"
                "Upgrade: websocket\r\nConnection: Upgrade\r\n"
                "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
                "Sec-WebSocket-Protocol: streamlit\r\n"
                f"Cookie: {COOKIE}={cookie}\r\n"
                f"Origin: {origin}\r\n\r\n"
            ).encode()
        )
        head = b""
        while b"\r\n\r\n" not in head:
            chunk = s.recv(4096)
            if not chunk:
                break
            head += chunk
    lines = head.decode("latin-1").split("\r\n")
    headers = dict(line.split(": ", 1) for line in lines[1:] if ": " in line)
    return lines[0], headers.get("X-Upstream")


def test_the_websocket_upgrades_on_the_replica_of_the_cookie(deployment):
    for replica in deployment.replicas:
        value = cookie_for(deployment, replica.address, "ws")
        status, address = _handshake(deployment, value)
        assert " 101 " in status, status
        assert address == replica.address


def test_cors_and_allowed_hosts_still_refuse_through_the_proxy(deployment):
    status, _ = _handshake(deployment, "x", origin="https://evil.example")
    assert " 403 " in status, status
    # a Host header outside server.allowedHosts (localhost, 127.0.0.1): DNS rebinding refused
    port = deployment.url.rsplit(":", 1)[1]
    status, _ = _handshake(deployment, "x", host=f"rebound.example:{port}")
    assert " 403 " in status, status
    status, _ = _handshake(deployment, "x", host=f"localhost:{port}")
    assert " 101 " in status, status


def test_an_upload_without_xsrf_token_is_refused_by_the_app(deployment):
    req = urllib.request.Request(
        f"{deployment.url}/_stcore/upload_file/session/file",
        data=(
            b"--x\r\nContent-Disposition: form-data; name=file; filename=a.csv\r\n\r\n"
            b"a\r\n--x--\r\n"
        ),
        headers={"Content-Type": "multipart/form-data; boundary=x"},
        method="PUT",
    )
    with pytest.raises(urllib.error.HTTPError) as err:
        urllib.request.urlopen(req, timeout=10)
    assert err.value.code == 403
    assert err.value.headers["X-Upstream"], "refused by a replica, not by nginx"


def test_a_body_over_the_upload_limit_gets_413_from_nginx(deployment):
    port = int(deployment.url.rsplit(":", 1)[1])
    too_big = (upload_mb() + 11) * 1024 * 1024
    with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
        s.sendall(
            (
                "PUT /_stcore/upload_file/session/file HTTP/1.1\r\n"
                f"Host: 127.0.0.1:{port}\r\nContent-Length: {too_big}\r\n"
                "Content-Type: multipart/form-data; boundary=x\r\n\r\n"
            ).encode()
        )
        status = s.recv(200).decode("latin-1").split("\r\n", 1)[0]
    assert " 413 " in status, status


def test_a_killed_replica_moves_only_its_visitors(nginx):
    with Deployment(port=free_port(), replicas=2) as d:
        health = f"{d.url}/_stcore/health"
        doomed, kept = d.replicas
        gone = cookie_for(d, doomed.address, "gone")
        stays = cookie_for(d, kept.address, "stays")
        d.kill_replica(doomed)
        for _ in range(5):
            address, _ = upstream(health, gone)
            assert address.split(",")[-1].strip() == kept.address
            assert upstream(health, stays)[0] == kept.address  # never tried the dead one


def _descendants(pid: int) -> set[int]:
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except OSError:
                continue
            children.setdefault(ppid, []).append(int(entry.name))
    found, todo = set(), [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.add(child)
            todo.append(child)
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM, signal.SIGKILL])
def test_make_serve_stops_nginx_and_every_replica(nginx, sig):
    """`deploy/serve.py` as `make serve` runs it; Ctrl-C (SIGINT), SIGTERM, or even SIGKILL of
    the supervisor leave nothing running (the children get SIGTERM when it dies)."""
    port = free_port()
    env = {**os.environ, "PORT": str(port), "REPLICAS": "2"}
    proc = subprocess.Popen(
        [sys.executable, "deploy/serve.py"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 120
        while True:
            assert proc.poll() is None, proc.stderr.read()
            try:
                if upstream(f"http://127.0.0.1:{port}/_stcore/health")[0]:
                    break
            except OSError:
                pass
            assert time.monotonic() < deadline, "make serve did not come up"
            time.sleep(0.5)
        children = _descendants(proc.pid)
        commands = [Path(f"/proc/{p}/cmdline").read_bytes() for p in children]
        assert sum(b"streamlit" in c for c in commands) == 2
        assert any(b"nginx" in c for c in commands)
        proc.send_signal(sig)
        proc.wait(timeout=30)
        deadline = time.monotonic() + 20
        while any(_alive(p) for p in children) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert not [p for p in children if _alive(p)], "left running"
        with pytest.raises(OSError):
            upstream(f"http://127.0.0.1:{port}/_stcore/health")
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


def test_large_responses_pass_through_nginx_buffers_intact(deployment):
    """The biggest script bundle (megabytes, more than nginx's memory buffers, so it goes
    through the proxy temp dir, which nginx's workers must be able to write, also as root)."""
    import streamlit

    bundles = Path(streamlit.__file__).parent / "static" / "static" / "js"
    largest = max(bundles.glob("*.js"), key=lambda p: p.stat().st_size)
    assert largest.stat().st_size > 1_000_000
    url = f"{deployment.url}/static/js/{largest.name}"
    with urllib.request.urlopen(url, timeout=30) as r:
        body = r.read()
    assert body == largest.read_bytes()
