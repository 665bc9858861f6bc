"""Hosting: the Dockerfile, .dockerignore, requirements.txt and .streamlit/config.toml.

No container engine is needed: the Dockerfile is parsed, its CMD is run as it stands (only
``streamlit`` becomes ``python -m streamlit``, the port a free one and the address loopback),
with the image's ENV and from the repository root (the image's WORKDIR holds the same files),
and the running server is asked what a container's HEALTHCHECK and a visitor would ask.
"""

from __future__ import annotations

import ast
import json
import os
import re
import shlex
import socket
import subprocess
import sys
import tempfile
import time
import tomllib
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from importlib import metadata
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from components.upload import MAX_UPLOAD_MB
from tests.conftest import ROOT

DOCKERFILE = (ROOT / "Dockerfile").read_text(encoding="utf-8")
CONFIG = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
PORT_IN_IMAGE = "8501"


# --- reading the Dockerfile -------------------------------------------------------------------


def instructions(text: str = DOCKERFILE) -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) pairs, continuation lines joined, comments dropped."""
    out: list[tuple[str, str]] = []
    buf = ""
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.endswith("\\"):
            buf += line[:-1].strip() + " "
            continue
        buf += line
        word, _, args = buf.partition(" ")
        out.append((word.upper(), args.strip()))
        buf = ""
    assert not buf, "the Dockerfile ends inside a continued line"
    return out


def only(name: str) -> str:
    found = [args for word, args in instructions() if word == name]
    assert len(found) == 1, f"expected one {name}, found {len(found)}"
    return found[0]


def exec_form(args: str) -> list[str]:
    """The JSON array of an exec-form CMD (a shell-form CMD would run under /bin/sh -c)."""
    assert args.startswith("["), f"not exec form: {args}"
    argv = json.loads(args)
    assert all(isinstance(a, str) for a in argv)
    return argv


def image_env() -> dict[str, str]:
    env: dict[str, str] = {}
    for word, args in instructions():
        if word == "ENV":
            for pair in shlex.split(args):
                key, sep, value = pair.partition("=")
                assert sep, f"use ENV KEY=value, not {pair!r}"
                env[key] = value
    return env


def healthcheck_argv() -> list[str]:
    args = only("HEALTHCHECK")
    options, sep, command = args.partition("CMD ")
    assert sep, "HEALTHCHECK without CMD"
    assert all(o.startswith("--") for o in options.split()), options
    return exec_form(command.strip())


def copy_sources() -> list[str]:
    sources: list[str] = []
    for word, args in instructions():
        assert word != "ADD", "use COPY (ADD also fetches URLs and unpacks archives)"
        if word == "COPY":
            parts = [p for p in shlex.split(args) if not p.startswith("--")]
            assert len(parts) >= 2, args
            sources += parts[:-1]
    return sources


def dockerignore_patterns() -> list[str]:
    lines = (ROOT / ".dockerignore").read_text(encoding="utf-8").splitlines()
    patterns = [line.strip() for line in lines if line.strip() and not line.startswith("#")]
    assert not any(p.startswith("!") for p in patterns), "the matcher below has no exceptions"
    return patterns


def _pattern_regex(pattern: str) -> re.Pattern[str]:
    out = ""
    i = 0
    pattern = pattern.strip("/")
    while i < len(pattern):
        if pattern.startswith("**/", i):
            out += "(?:.*/)?"
            i += 3
        elif pattern.startswith("**", i):
            out += ".*"
            i += 2
        elif pattern[i] == "*":
            out += "[^/]*"
            i += 1
        elif pattern[i] == "?":
            out += "[^/]"
            i += 1
        elif pattern[i] == "[":
            end = pattern.index("]", i)
            out += pattern[i : end + 1]
            i = end + 1
        else:
            out += re.escape(pattern[i])
            i += 1
    return re.compile(out + r"\Z")


def ignored(rel: str, patterns: list[str]) -> bool:
    """Whether Docker leaves ``rel`` (or a folder above it) out of the build context."""
    regexes = [_pattern_regex(p) for p in patterns]
    parts = rel.split("/")
    prefixes = ["/".join(parts[: n + 1]) for n in range(len(parts))]
    return any(r.match(p) for r in regexes for p in prefixes)


def image_files() -> set[str]:
    """Repository-relative paths of the files the image receives."""
    patterns = dockerignore_patterns()
    files: set[str] = set()
    for src in copy_sources():
        path = ROOT / src
        candidates = [path] if path.is_file() else [p for p in path.rglob("*") if p.is_file()]
        for p in candidates:
            rel = p.relative_to(ROOT).as_posix()
            if not ignored(rel, patterns):
                files.add(rel)
    return files


# --- the Dockerfile ---------------------------------------------------------------------------


def test_base_image_is_slim_python_311():
    assert only("FROM") == "python:3.11-slim"
    assert ">=3.11" in (ROOT / "pyproject.toml").read_text(encoding="utf-8")


def test_runs_as_a_non_root_user():
    order = [word for word, _ in instructions()]
    users = [args for word, args in instructions() if word == "USER"]
    assert users, "no USER: the app would run as root"
    user = users[-1].split(":")[0]
    assert user not in {"root", "0"}
    assert order.index("CMD") > len(order) - 1 - order[::-1].index("USER")
    # the user exists: created in the image with that uid (or name)
    created = [args for word, args in instructions() if word == "RUN" and "useradd" in args]
    assert created and any(f"--uid {user}" in r or r.rstrip().endswith(f" {user}") for r in created)


def test_installs_pinned_runtime_requirements_only():
    runs = [args for word, args in instructions() if word == "RUN"]
    installs = [r for r in runs if "pip install" in r]
    assert installs == [i for i in installs if "-r requirements.txt" in i], installs
    assert not any("requirements-dev" in r for r in runs)
    assert "requirements.txt" in copy_sources()


def test_requirements_pin_every_package():
    for line in (ROOT / "requirements.txt").read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        assert not line.startswith("-"), f"options or includes do not belong here: {line}"
        req = Requirement(line)
        assert req.url is None, line
        specs = list(req.specifier)
        assert len(specs) == 1 and specs[0].operator == "==", f"not pinned with ==: {line}"


def test_exposes_8501_with_a_healthcheck_on_stcore_health():
    assert only("EXPOSE").split() == [PORT_IN_IMAGE]
    argv = healthcheck_argv()
    assert argv[:2] == ["python", "-c"], "slim has no curl: the check runs Python's urllib"
    assert "_stcore/health" in argv[2] and f":{PORT_IN_IMAGE}/" in argv[2]
    compile(argv[2], "<HEALTHCHECK>", "exec")


def test_cmd_serves_dashboard_on_all_interfaces_headless():
    argv = exec_form(only("CMD"))
    assert argv[:3] == ["streamlit", "run", "dashboard.py"]
    flags = dict(a.split("=", 1) for a in argv[3:])
    assert flags == {
        "--server.port": PORT_IN_IMAGE,
        "--server.address": "0.0.0.0",  # loopback inside a container is unreachable from outside
        "--server.headless": "true",
    }
    assert "CRISIS_DB" not in image_env(), "CRISIS_DB is optional, set at `docker run`"
    assert image_env().get("STREAMLIT_SERVER_FILE_WATCHER_TYPE") == "none"


def test_every_copied_path_exists_and_reaches_the_image():
    patterns = dockerignore_patterns()
    for src in copy_sources():
        assert (ROOT / src).exists(), f"COPY {src}: no such file in the repository"
        assert not ignored(src.rstrip("/"), patterns), f"COPY {src} is excluded by .dockerignore"
    files = image_files()
    needed = [
        "dashboard.py",
        ".streamlit/config.toml",
        "data/README.md",
        *(p.relative_to(ROOT).as_posix() for p in (ROOT / "pages").glob("*.py")),
        *(p.relative_to(ROOT).as_posix() for p in (ROOT / "data").glob("*.csv")),
        *(p.relative_to(ROOT).as_posix() for p in (ROOT / "data" / "sources").glob("*.txt")),
        *(p.relative_to(ROOT).as_posix() for p in (ROOT / "data" / "geo").glob("*.geojson")),
    ]
    missing = [f for f in needed if f not in files]
    assert not missing, f"not in the image: {missing}"
    assert not any(f.startswith(("tests/", "bench/", ".venv/", ".git/")) for f in files)
    assert ".streamlit/secrets.toml" not in files


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names


def _installed_by(requirements: list[Requirement]) -> set[str]:
    """Distributions pip installs for these requirements (with dependencies, no extras)."""
    seen: set[str] = set()
    todo = [r.name for r in requirements]
    while todo:
        name = canonicalize_name(todo.pop())
        if name in seen:
            continue
        seen.add(name)
        try:
            requires = metadata.requires(name) or []
        except metadata.PackageNotFoundError:
            continue
        for spec in requires:
            req = Requirement(spec)
            if req.marker is None or req.marker.evaluate({"extra": ""}):
                todo.append(req.name)
    return seen


def test_the_image_has_every_module_the_app_imports():
    files = image_files()
    sources = [ROOT / f for f in files if f.endswith(".py")]
    local = {p.name.removesuffix(".py") for p in ROOT.iterdir() if p.suffix == ".py" or p.is_dir()}
    pinned = [
        Requirement(line.split("#", 1)[0])
        for line in (ROOT / "requirements.txt").read_text(encoding="utf-8").splitlines()
        if line.split("#", 1)[0].strip()
    ]
    installed = _installed_by(pinned)
    dists = metadata.packages_distributions()
    problems = []
    for path in sources:
        for name in _imports(path):
            rel = path.relative_to(ROOT).as_posix()
            if name in sys.stdlib_module_names or name == "__future__":
                continue
            if name in local:
                if not any(f == f"{name}.py" or f.startswith(f"{name}/") for f in files):
                    problems.append(f"{rel} imports {name}, which the image does not copy")
            elif not {canonicalize_name(d) for d in dists.get(name, [])} & installed:
                problems.append(f"{rel} imports {name}, which requirements.txt does not install")
    assert not problems, problems


# --- .streamlit/config.toml -------------------------------------------------------------------


def test_config_hardening_values():
    server, browser, client = CONFIG["server"], CONFIG["browser"], CONFIG["client"]
    assert server["enableXsrfProtection"] is True
    assert server.get("enableCORS", True) is True
    assert server["headless"] is True
    assert browser["gatherUsageStats"] is False
    assert client["showErrorDetails"] == "none", "tracebacks must not reach visitors"
    assert client["toolbarMode"] == "viewer"
    assert server.get("enableAgentApi", False) is False
    assert server.get("enableStaticServing", False) is False
    assert server.get("runOnSave", False) is False


def test_upload_limit_matches_what_the_upload_panel_says():
    assert CONFIG["server"]["maxUploadSize"] == MAX_UPLOAD_MB


def _luminance(color: str) -> float:
    rgb = [int(color.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def _contrast(a: str, b: str) -> float:
    hi, lo = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def test_theme_keeps_light_and_dark_and_accents_stay_legible():
    theme = CONFIG.get("theme", {})
    assert "base" not in theme, "a base theme would take the visitor's light/dark choice away"
    light, dark = theme["light"]["primaryColor"], theme["dark"]["primaryColor"]
    # Streamlit's backgrounds (light #ffffff, dark #171614); primary buttons carry white text
    assert _contrast(light, "#ffffff") >= 4.5
    assert _contrast(dark, "#171614") >= 3.0
    assert _contrast(dark, "#ffffff") >= 4.5


# --- the container's command line, run -------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def container_command(port: int) -> list[str]:
    """The image's CMD with ``streamlit`` -> this interpreter, a free port and loopback."""
    argv = exec_form(only("CMD"))
    assert argv[0] == "streamlit"
    out = [sys.executable, "-m", "streamlit"]
    for arg in argv[1:]:
        if arg.startswith("--server.port="):
            arg = f"--server.port={port}"
        elif arg.startswith("--server.address="):
            arg = "--server.address=127.0.0.1"
        out.append(arg)
    return out


def container_env() -> dict[str, str]:
    drop = {"PYTHONPATH", "CRISIS_DB"}
    env = {k: v for k, v in os.environ.items() if k not in drop and not k.startswith("STREAMLIT_")}
    env.update(image_env())
    return env


class Served:
    def __init__(self, port: int, proc: subprocess.Popen[bytes], log: Path) -> None:
        self.port, self.proc, self.log = port, proc, log
        self.url = f"http://127.0.0.1:{port}"

    def get(self, path: str, **headers: str) -> tuple[int, dict[str, str], str]:
        req = urllib.request.Request(self.url + path, headers=headers)
        try:
            with urllib.request.urlopen(req, timeout=10) as r:
                return r.status, dict(r.headers), r.read().decode("utf-8", "replace")
        except urllib.error.HTTPError as e:
            return e.code, dict(e.headers), e.read().decode("utf-8", "replace")


@contextmanager
def serve(extra_env: dict[str, str] | None = None) -> Iterator[Served]:
    """Run the container's command line until the block ends."""
    port = _free_port()
    with tempfile.TemporaryDirectory() as tmp:
        log = Path(tmp) / "streamlit.log"
        env = {**container_env(), **(extra_env or {})}
        with log.open("wb") as out:
            proc = subprocess.Popen(
                container_command(port), cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT
            )
        server = Served(port, proc, log)
        base = env.get("STREAMLIT_SERVER_BASE_URL_PATH", "").strip("/")
        health = f"/{base}/_stcore/health" if base else "/_stcore/health"
        deadline = time.monotonic() + 60
        try:
            while True:
                if proc.poll() is not None:
                    pytest.fail(f"the container command exited: {log.read_text()[-3000:]}")
                try:
                    if server.get(health)[2] == "ok":
                        break
                except OSError:
                    pass
                if time.monotonic() > deadline:
                    pytest.fail(f"no healthy server after 60 s: {log.read_text()[-3000:]}")
                time.sleep(0.3)
            yield server
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


@pytest.fixture(scope="module")
def served() -> Iterator[Served]:
    # test-only: Streamlit's hidden script check runs dashboard.py once in this process
    with serve({"STREAMLIT_SERVER_SCRIPT_HEALTH_CHECK_ENABLED": "true"}) as server:
        yield server


def test_container_command_serves_the_app(served):
    status, headers, body = served.get("/_stcore/health")
    assert (status, body) == (200, "ok")
    status, headers, body = served.get("/")
    assert status == 200 and headers["content-type"].startswith("text/html")
    assert '<div id="root">' in body and "<script" in body
    # a deep link to a page serves the same app shell
    status, _, deep = served.get("/timeline?actor=nato")
    assert status == 200 and '<div id="root">' in deep


def test_container_command_runs_the_dashboard_script(served):
    """Without PYTHONPATH, from the app's folder: `crisis` and `components` import, the data
    loads and dashboard.py runs to its end."""
    status, _, body = served.get("/_stcore/script-health-check")
    assert (status, body) == (200, "ok"), body


def _healthcheck(port: int, env: dict[str, str] | None = None) -> int:
    argv = healthcheck_argv()
    argv = [sys.executable, argv[1], argv[2].replace(f":{PORT_IN_IMAGE}/", f":{port}/")]
    env = {**container_env(), **(env or {})}
    return subprocess.run(argv, env=env, capture_output=True, timeout=30).returncode


def test_the_images_healthcheck_passes_on_the_server_and_fails_without_it(served):
    assert _healthcheck(served.port) == 0
    assert _healthcheck(_free_port()) != 0


def test_under_a_sub_path_the_app_and_its_healthcheck_follow_the_base_url():
    """README: behind a proxy at /crisis/, run the image with STREAMLIT_SERVER_BASE_URL_PATH."""
    sub = {"STREAMLIT_SERVER_BASE_URL_PATH": "crisis"}
    with serve(sub) as server:
        status, _, body = server.get("/crisis/")
        assert status == 200 and '<div id="root">' in body
        assert server.get("/crisis/_stcore/health")[2] == "ok"
        assert server.get("/_stcore/health")[0] == 404
        assert _healthcheck(server.port, sub) == 0
        assert _healthcheck(server.port) != 0  # the check follows the same variable


def test_an_upload_without_the_xsrf_token_is_refused(served):
    req = urllib.request.Request(
        f"{served.url}/_stcore/upload_file/session/file",
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
    assert "XSRF" in err.value.read().decode()


def _websocket_status(port: int, origin: str, host: str | None = None) -> str:
    host = host or f"127.0.0.1:{port}"
    with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
        s.sendall(
            (
                "GET /_stcore/stream HTTP/1.1\r\n"
                f"Host: {host}\r\n"
                "Upgrade: websocket\r\nConnection: Upgrade\r\n"
                "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
                "Sec-WebSocket-Protocol: streamlit\r\n"
                f"Origin: {origin}\r\n\r\n"
            ).encode()
        )
        return s.recv(200).decode("latin-1").split("\r\n", 1)[0]


def test_websocket_accepts_its_own_origin_and_refuses_others(served):
    assert " 101 " in _websocket_status(served.port, served.url)
    assert " 403 " in _websocket_status(served.port, "https://evil.example")


def test_allowed_hosts_from_the_environment_refuse_other_host_headers():
    """README: behind a proxy, STREAMLIT_SERVER_ALLOWED_HOSTS names the public host."""
    with serve({"STREAMLIT_SERVER_ALLOWED_HOSTS": "dash.example.org"}) as server:
        public = "https://dash.example.org"
        assert " 101 " in _websocket_status(server.port, public, "dash.example.org")
        assert " 403 " in _websocket_status(server.port, server.url)
