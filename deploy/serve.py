"""`make serve`: Debian's nginx in front of several `streamlit run dashboard.py` replicas.

    .venv/bin/python deploy/serve.py [--port 8080] [--replicas N] [--host 127.0.0.1]
                                     [--allowed-hosts localhost,127.0.0.1] [--run-dir DIR]

Starts REPLICAS (default: the number of cores) Streamlit processes on free loopback ports, all
opening the same read-only store (the bundled data, or the database file named by
``CRISIS_DB``) and sharing one ``server.cookieSecret`` (``STREAMLIT_SERVER_COOKIE_SECRET`` if
set, else a random one for this run). Then renders ``deploy/nginx.conf.template`` into a run
directory (pid file, logs and temp paths of its own, so it works unprivileged or as root) and
runs nginx in the foreground in front of them, sticky by a cookie (see the template).

Ctrl-C or SIGTERM stops nginx and every replica; the children also get SIGTERM if this process
dies. A replica that exits is reported and not restarted: nginx sends its visitors to the
others (a restarted one would take its share of the hash ring back and move them again).
The ``Deployment`` class is what the proxy tests and ``bench/proxy.py`` run.
"""

from __future__ import annotations

import argparse
import contextlib
import ctypes
import os
import pwd
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import tomllib
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = ROOT / "deploy" / "nginx.conf.template"
NGINX = os.environ.get("NGINX", "nginx")
MULTIPART_MB = 10  # room for the multipart envelope on top of server.maxUploadSize
TEMP_DIRS = ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
_PR_SET_PDEATHSIG = 1


def upload_mb() -> int:
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    return int(config["server"]["maxUploadSize"])


def find_nginx() -> str | None:
    found = shutil.which(NGINX) or shutil.which(NGINX, path="/usr/sbin:/sbin")
    return found


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket() as s:
        s.bind((host, 0))
        return s.getsockname()[1]


def render(
    upstreams: list[str],
    listen: str,
    run_dir: Path | None,
    *,
    temp_dir: Path | None = None,
    secure_cookie: bool = False,
) -> str:
    """The nginx configuration for these upstream ``host:port`` addresses.

    With ``run_dir`` the config is self-contained for ``nginx -c`` (foreground, pid and logs
    in ``run_dir``, temp paths in ``temp_dir``, default ``run_dir/temp``); without it, it is
    for the official nginx image, which runs in the foreground and logs to stdout/stderr by
    itself (compose.yaml).
    """
    mb = upload_mb()
    if run_dir is not None:
        main = [
            "daemon off;",
            "worker_processes auto;",
            f"pid {run_dir / 'nginx.pid'};",
            f"error_log {run_dir / 'error.log'} warn;",
        ]
        if os.geteuid() == 0:  # workers drop to nobody; the temp dirs are theirs (start())
            main.insert(0, "user nobody nogroup;")
        temp = temp_dir or run_dir / "temp"
        paths = "\n".join(f"    {name}_temp_path {temp / name};" for name in TEMP_DIRS)
        access_log = str(run_dir / "access.log")
    else:
        main = ["worker_processes auto;", "error_log /dev/stderr warn;"]
        paths = ""
        access_log = "/dev/stdout"
    servers = "\n".join(
        f"        server {address} max_fails=1 fail_timeout=10s;" for address in upstreams
    )
    values = {
        "MAIN": "\n".join(main),
        "PATHS": paths,
        "ACCESS_LOG": access_log,
        "SERVERS": servers,
        "LISTEN": listen,
        "UPLOAD_MB": str(mb),
        "BODY_MB": str(mb + MULTIPART_MB),
        "COOKIE_FLAGS": "; Secure" if secure_cookie else "",
    }
    text = TEMPLATE.read_text(encoding="utf-8")
    for name, value in values.items():
        text = text.replace(f"@{name}@", value)
    left = re.findall(r"@[A-Z_]+@", text)
    assert not left, f"unfilled placeholders: {left}"
    return text


def _die_with_parent() -> None:
    """In the child: get SIGTERM when the supervisor dies (Linux), own process group."""
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)


class Replica:
    def __init__(self, index: int, port: int, proc: subprocess.Popen, log: Path) -> None:
        self.index, self.port, self.proc, self.log = index, port, proc, log
        self.address = f"127.0.0.1:{port}"
        self.reported = False

    def healthy(self) -> bool:
        try:
            url = f"http://{self.address}/_stcore/health"
            with urllib.request.urlopen(url, timeout=2) as r:
                return r.read() == b"ok"
        except OSError:
            return False


class Deployment:
    """nginx + REPLICAS Streamlit processes; ``start()`` waits until all of them serve."""

    def __init__(
        self,
        port: int = 8080,
        replicas: int | None = None,
        host: str = "127.0.0.1",
        allowed_hosts: list[str] | None = None,
        env: dict[str, str] | None = None,
        run_dir: Path | None = None,
    ) -> None:
        self.port, self.host = port, host
        self.n = replicas or len(os.sched_getaffinity(0))
        self.allowed_hosts = allowed_hosts or ["localhost", "127.0.0.1"]
        self.url = f"http://{'127.0.0.1' if host in ('0.0.0.0', '::') else host}:{port}"
        self.cookie_secret = os.environ.get("STREAMLIT_SERVER_COOKIE_SECRET") or (
            secrets.token_hex(32)
        )
        self.extra_env = env or {}
        self._own_run_dir = run_dir is None
        self.run_dir = Path(run_dir or tempfile.mkdtemp(prefix="crisis-serve-"))
        self.replicas: list[Replica] = []
        self.nginx: subprocess.Popen | None = None
        self.conf = self.run_dir / "nginx.conf"
        self.temp_dir: Path | None = None

    # --- starting ---------------------------------------------------------------------------

    def _replica_env(self) -> dict[str, str]:
        env = {**os.environ, **self.extra_env}
        env["STREAMLIT_SERVER_COOKIE_SECRET"] = self.cookie_secret
        env.setdefault("STREAMLIT_SERVER_FILE_WATCHER_TYPE", "none")
        env.setdefault("STREAMLIT_BROWSER_GATHER_USAGE_STATS", "false")
        if not env.get("CRISIS_DB"):
            env.pop("CRISIS_DB", None)
        return env

    def start_replica(self, index: int, port: int | None = None) -> Replica:
        port = port or free_port()
        log = self.run_dir / f"replica-{index}.log"
        argv = [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            "dashboard.py",
            f"--server.port={port}",
            "--server.address=127.0.0.1",
            "--server.headless=true",
            *(f"--server.allowedHosts={h}" for h in self.allowed_hosts),
        ]
        with log.open("ab") as out:
            proc = subprocess.Popen(
                argv,
                cwd=ROOT,
                env=self._replica_env(),
                stdout=out,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                start_new_session=True,
                preexec_fn=_die_with_parent,
            )
        return Replica(index, port, proc, log)

    def _wait(self, check, what: str, timeout: float = 90) -> None:
        deadline = time.monotonic() + timeout
        while not check():
            if time.monotonic() > deadline:
                raise RuntimeError(f"{what} did not come up within {timeout:.0f} s")
            time.sleep(0.3)

    def start(self) -> Deployment:
        nginx = find_nginx()
        if nginx is None:
            raise RuntimeError("nginx not found (apt-get install nginx)")
        try:
            self.replicas = [self.start_replica(i + 1) for i in range(self.n)]
            for r in self.replicas:

                def up(r: Replica = r) -> bool:
                    if r.proc.poll() is not None:
                        tail = r.log.read_text(errors="replace")[-2000:]
                        raise RuntimeError(f"replica {r.index} exited: {tail}")
                    return r.healthy()

                self._wait(up, f"replica {r.index} (port {r.port})")
            # nginx buffers large responses and bodies in its temp dirs: when run as root its
            # workers are nobody, who must reach them, wherever the run dir is (pytest's temp
            # dirs, for one, are 0700): a fresh 0755 dir in /tmp, subdirs owned by the workers
            self.temp_dir = Path(tempfile.mkdtemp(prefix="crisis-nginx-temp-"))
            self.temp_dir.chmod(0o755)
            for name in TEMP_DIRS:
                (self.temp_dir / name).mkdir()
                if os.geteuid() == 0:
                    nobody = pwd.getpwnam("nobody")
                    os.chown(self.temp_dir / name, nobody.pw_uid, nobody.pw_gid)
            self.conf.write_text(
                render(
                    [r.address for r in self.replicas],
                    f"{self.host}:{self.port}",
                    self.run_dir,
                    temp_dir=self.temp_dir,
                )
            )
            base = [nginx, "-p", str(self.run_dir), "-e", str(self.run_dir / "error.log")]
            check = subprocess.run(
                [*base, "-t", "-q", "-c", str(self.conf)], capture_output=True, text=True
            )
            if check.returncode != 0:
                raise RuntimeError(f"nginx -t failed: {check.stderr.strip()}")
            self.nginx = subprocess.Popen(
                [*base, "-c", str(self.conf)],
                stdin=subprocess.DEVNULL,
                start_new_session=True,
                preexec_fn=_die_with_parent,
            )

            def proxied() -> bool:
                if self.nginx.poll() is not None:
                    log = (self.run_dir / "error.log").read_text(errors="replace")[-2000:]
                    raise RuntimeError(f"nginx exited: {log}")
                try:
                    with urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=2) as r:
                        return r.read() == b"ok"
                except OSError:
                    return False

            self._wait(proxied, f"nginx on port {self.port}", timeout=30)
        except BaseException:
            self.stop()
            raise
        return self

    # --- running ----------------------------------------------------------------------------

    def replica_at(self, address: str) -> Replica:
        """The replica behind an ``X-Upstream`` value (the last address after a failover)."""
        last = address.split(",")[-1].strip()
        return next(r for r in self.replicas if r.address == last)

    def kill_replica(self, replica: Replica, sig: int = signal.SIGKILL) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(replica.proc.pid, sig)
        replica.proc.wait(timeout=10)

    def watch(self) -> int:
        """Until nginx exits or no replica is left: report replicas that exit."""
        while True:
            if self.nginx is not None and self.nginx.poll() is not None:
                print(f"nginx exited with code {self.nginx.returncode}", file=sys.stderr)
                return 1
            alive = 0
            for r in self.replicas:
                code = r.proc.poll()
                if code is None:
                    alive += 1
                elif not r.reported:
                    r.reported = True
                    print(
                        f"replica {r.index} ({r.address}) exited with code {code}; nginx sends "
                        f"its visitors to the others (log: {r.log})",
                        file=sys.stderr,
                        flush=True,
                    )
            if not alive:
                print("no replica left", file=sys.stderr)
                return 1
            time.sleep(0.5)

    # --- stopping ---------------------------------------------------------------------------

    def stop(self) -> None:
        procs = ([self.nginx] if self.nginx else []) + [r.proc for r in self.replicas]
        for proc in procs:
            if proc.poll() is None:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(proc.pid, signal.SIGTERM)
        deadline = time.monotonic() + 10
        for proc in procs:
            try:
                proc.wait(timeout=max(deadline - time.monotonic(), 0.1))
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
        self.nginx = None
        if self.temp_dir is not None:
            shutil.rmtree(self.temp_dir, ignore_errors=True)
        if self._own_run_dir:
            shutil.rmtree(self.run_dir, ignore_errors=True)

    def __enter__(self) -> Deployment:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--port", type=int, default=int(os.environ.get("PORT") or 8080))
    parser.add_argument(
        "--replicas", type=int, default=int(os.environ.get("REPLICAS") or 0) or None
    )
    parser.add_argument("--host", default=os.environ.get("HOST") or "127.0.0.1")
    parser.add_argument(
        "--allowed-hosts",
        default=os.environ.get("ALLOWED_HOSTS") or "localhost,127.0.0.1",
        help="comma-separated host names the app accepts (server.allowedHosts)",
    )
    parser.add_argument("--run-dir", type=Path, help="keep config and logs here (default: temp)")
    parser.add_argument(
        "--render",
        metavar="UPSTREAM",
        nargs="+",
        help="print the config for these host:port upstreams (no run dir) and exit",
    )
    parser.add_argument(
        "--secure-cookie",
        action="store_true",
        help="with --render: mark the route cookie Secure (TLS ends at this nginx or before it)",
    )
    args = parser.parse_args(argv)
    if args.render:
        print(render(args.render, "80", None, secure_cookie=args.secure_cookie), end="")
        return 0
    if args.run_dir:
        args.run_dir.mkdir(parents=True, exist_ok=True)
    hosts = [h.strip() for h in args.allowed_hosts.split(",") if h.strip()]
    deployment = Deployment(args.port, args.replicas, args.host, hosts, run_dir=args.run_dir)

    def stop(signum, _frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGHUP, stop)
    code = 0
    try:
        print(f"starting {deployment.n} replica(s) and nginx…", file=sys.stderr, flush=True)
        deployment.start()
        ports = ", ".join(str(r.port) for r in deployment.replicas)
        print(
            f"serving {deployment.url} (nginx, {deployment.n} replicas on 127.0.0.1 ports "
            f"{ports}; config and logs in {deployment.run_dir}); Ctrl-C stops everything",
            file=sys.stderr,
            flush=True,
        )
        code = deployment.watch()
    except KeyboardInterrupt:
        print("\nstopping nginx and the replicas…", file=sys.stderr, flush=True)
    except RuntimeError as err:
        print(f"serve: {err}", file=sys.stderr)
        code = 1
    finally:
        deployment.stop()
    return code


if __name__ == "__main__":
    sys.exit(main())
