"""Many viewers through nginx: `bench/load.py --proxy-replicas 1,2 --sessions 20`.

For each replica count a fresh `make serve` deployment (``deploy.serve.Deployment``: nginx in
front of R `streamlit run` processes, file watcher off) is started on free ports and each
replica is warmed by one visit. N websocket viewers (``load.SocketSession``, no browser), each
with its own route cookie as a browser would have after its first page load, open /timeline
through nginx and then change the sidebar filters K times, 0.5-1.5 s apart, exactly as in
`bench/load.py`'s websocket rows. Reported per row: errors, rerun latency on the wire (the
message asking for the rerun -> ``script_finished``, through nginx), reruns per second (all
viewers together) and the speed-up over one replica, how nginx spread the viewers, and the
CPU of the replicas, of nginx and of the client. Written to bench/results.md, section
"Many viewers behind nginx".
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import statistics
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from deploy.serve import Deployment, free_port  # noqa: E402

load = None  # bench/load.py, the module that calls main() (run as a script, not a package)

SECTION = "## Many viewers behind nginx"
COOKIE = "crisis_route"


@dataclass
class ProxyLevel:
    replicas: int
    sessions: int
    changes: int = 0
    errors: list[str] = field(default_factory=list)
    wire_ms: list[float] = field(default_factory=list)
    open_ms: list[float] = field(default_factory=list)
    spread: list[int] = field(default_factory=list)  # viewers per replica
    wall_s: float = 0.0
    replica_cpu: float = 0.0  # cores, all replicas together
    nginx_cpu: float = 0.0
    client_cpu: float = 0.0
    machine_cpu: float = 0.0

    @property
    def rate(self) -> float:
        return len(self.wire_ms) / max(self.wall_s, 1e-9)


def replica_of(url: str, cookie: str) -> str:
    req = urllib.request.Request(f"{url}/_stcore/health", headers={"Cookie": cookie})
    with urllib.request.urlopen(req, timeout=10) as r:
        return r.headers["X-Upstream"]


def nginx_cpu_seconds(d: Deployment) -> float:
    """nginx's master and workers (the workers are its children)."""
    pid = d.nginx.pid
    return load.cpu_seconds(pid) + sum(load.descendants(pid).values())


async def run_level(replicas: int, n: int, args: argparse.Namespace) -> ProxyLevel:
    level = ProxyLevel(replicas=replicas, sessions=n)
    d = Deployment(port=free_port(), replicas=replicas)
    await asyncio.to_thread(d.start)
    try:
        pids = [r.proc.pid for r in d.replicas]
        addresses = [r.address for r in d.replicas]
        cookies = [f"{COOKIE}=viewer-{i}" for i in range(n)]
        where = [replica_of(d.url, c) for c in cookies]
        level.spread = [where.count(a) for a in addresses]
        # warm-up: one visit per replica loads the store and fills the default view's caches
        for address in addresses:
            probes = (f"{COOKIE}=warm-{i}" for i in range(500))
            probe = next(c for c in probes if replica_of(d.url, c) == address)
            warm = load.SocketSession(d.url, -1, args.seed, cookie=probe)
            await warm.open()
            await warm.close()
        await asyncio.sleep(1)
        sessions = [
            load.SocketSession(d.url, i, args.seed, cookie=c) for i, c in enumerate(cookies)
        ]
        gate = asyncio.Semaphore(args.opening)

        async def arrive(s) -> bool:
            async with gate:
                return await s.open()

        opened = await asyncio.gather(*(arrive(s) for s in sessions))
        me = os.getpid()
        cpu0 = sum(load.cpu_seconds(p) for p in pids)
        nginx0, client0 = nginx_cpu_seconds(d), load.cpu_seconds(me)
        busy0, wall0 = load.machine_busy(), time.perf_counter()
        ready = [s for s, ok in zip(sessions, opened, strict=True) if ok]
        await asyncio.gather(*(s.change_filters(args.changes, args.think) for s in ready))
        level.wall_s = time.perf_counter() - wall0
        level.replica_cpu = (sum(load.cpu_seconds(p) for p in pids) - cpu0) / level.wall_s
        level.nginx_cpu = (nginx_cpu_seconds(d) - nginx0) / level.wall_s
        level.client_cpu = (load.cpu_seconds(me) - client0) / level.wall_s
        busy1 = load.machine_busy()
        cores = len(os.sched_getaffinity(0))
        level.machine_cpu = cores * (busy1[0] - busy0[0]) / max(busy1[1] - busy0[1], 1)
        for s in sessions:
            level.wire_ms += s.result.wire_ms
            level.errors += s.result.errors
            if s.result.open_ms is not None:
                level.open_ms.append(s.result.open_ms)
        level.changes = n * args.changes
        for r in d.replicas:
            log = r.log.read_text(errors="replace")
            if "Traceback" in log:
                level.errors.append(f"replica {r.index}: traceback in its log")
        for s in sessions:
            with contextlib.suppress(Exception):
                await s.close()
    finally:
        await asyncio.to_thread(d.stop)
    return level


def table(levels: list[ProxyLevel]) -> str:
    head = (
        "| replicas | viewers | viewers per replica | changes | errors "
        "| rerun on the wire p50 / p95 / max | open p50 / p95 | reruns/s | vs 1 replica "
        "| replica CPU per rerun | CPU cores: replicas / nginx / client / other |\n"
        "|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|"
    )
    base = {
        n: statistics.median(lv.rate for lv in levels if lv.replicas == 1 and lv.sessions == n)
        for n in {lv.sessions for lv in levels if lv.replicas == 1}
    }
    rows = []
    for lv in levels:
        other = max(lv.machine_cpu - lv.replica_cpu - lv.nginx_cpu - lv.client_cpu, 0)
        ratio = f"{lv.rate / base[lv.sessions]:.2f}x" if base.get(lv.sessions) else "–"
        rows.append(
            f"| {lv.replicas} | {lv.sessions} | {' + '.join(map(str, lv.spread))} "
            f"| {lv.changes} | {len(lv.errors)} | {load._three(lv.wire_ms)} "
            f"| {load._s(load.percentile(lv.open_ms, 50), 1)} / "
            f"{load._s(load.percentile(lv.open_ms, 95), 1)} "
            f"| {lv.rate:.1f} | {ratio} "
            f"| {lv.replica_cpu / max(lv.rate, 1e-9) * 1000:.0f} ms "
            f"| {lv.replica_cpu:.2f} / {lv.nginx_cpu:.2f} / {lv.client_cpu:.2f} / {other:.2f} |"
        )
    return "\n".join([head, *rows])


def summary(levels: list[ProxyLevel], target: float = 1.7) -> list[str]:
    """Per replica count: the median of its rows (a repeated count, `--proxy-replicas
    1,2,1,2`, alternates the rows, so a change in the machine's other load hits both)."""
    lines = []
    for n in sorted({lv.sessions for lv in levels}):
        rows = [lv for lv in levels if lv.sessions == n]
        rates: dict[int, list[float]] = {}
        p95: dict[int, list[float]] = {}
        for lv in rows:
            rates.setdefault(lv.replicas, []).append(lv.rate)
            p95.setdefault(lv.replicas, []).append(load.percentile(lv.wire_ms, 95) / 1000)
        one = statistics.median(rates[1]) if 1 in rates else None
        for r in sorted(rates):
            med = statistics.median(rates[r])
            runs = ", ".join(f"{x:.1f}" for x in rates[r])
            cores = statistics.median(lv.replica_cpu for lv in rows if lv.replicas == r)
            line = (
                f"- {r} replica(s), {n} viewers: median {med:.1f} reruns/s (runs: {runs}), "
                f"median p95 {statistics.median(p95[r]):.2f} s, the replicas on "
                f"{cores:.2f} cores"
            )
            if one and r > 1:
                ratio = med / one
                verdict = "met" if ratio >= target else "missed"
                line += f"; {ratio:.2f}x one replica (target ≥ {target:g}x on 2 cores: {verdict})"
            lines.append(line + ".")
    return lines


def report(levels: list[ProxyLevel], args: argparse.Namespace) -> str:
    lo, hi = args.think
    errors = [f"- R={lv.replicas}, N={lv.sessions}: {e}" for lv in levels for e in lv.errors[:10]]
    load_avg = " / ".join(f"{x:.2f}" for x in args.load_before)
    return "\n".join(
        [
            "`bench/load.py --proxy-replicas` (`bench/proxy.py`): N viewers through the nginx "
            "of `make serve` (`deploy/serve.py`) in front of R replicas, on loopback; a fresh "
            "deployment for every row, each replica warmed by one visit. Websocket viewers "
            "(no browser, as `bench/load.py`'s websocket rows), each with its own route "
            f"cookie; they open /timeline {args.opening} at a time, then make {args.changes} "
            f"filter changes each, {lo:g}–{hi:g} s apart. *viewers per replica*: how nginx's "
            "cookie hash spread them. *reruns/s*: filter changes completed per second, all "
            "viewers together; *vs 1 replica*: against the median of the one-replica rows "
            "with as many viewers. *Replica CPU per rerun*: the replicas' CPU time over the "
            "reruns. CPU: cores busy on average during the changes (*other*: every other "
            "process on the machine).",
            "",
            "Machine: " + "; ".join(load.machine()) + f"; load average before the run "
            f"{load_avg} (1 / 5 / 15 min; the machine is shared with other work).",
            f"Run: {time.strftime('%Y-%m-%d %H:%M')}, `bench/load.py --proxy-replicas "
            f"{args.proxy_replicas} --sessions {args.sessions} --changes {args.changes} "
            f"--think {lo:g},{hi:g} --opening {args.opening} --seed {args.seed}`.",
            "",
            table(levels),
            "",
            *summary(levels),
            *(["", "Errors (first ten per row):", "", *errors] if errors else []),
        ]
    )


async def main_async(args: argparse.Namespace) -> list[ProxyLevel]:
    levels = []
    for replicas in args.replica_list:
        for n in args.sessions_list:
            print(f"{replicas} replica(s), {n} viewer(s)…", file=sys.stderr, flush=True)
            level = await run_level(replicas, n, args)
            levels.append(level)
            print(table([level]).splitlines()[-1], file=sys.stderr, flush=True)
    return levels


def main(args: argparse.Namespace, load_module) -> int:
    """Called by `bench/load.py` with its parsed arguments when --proxy-replicas is given."""
    global load
    load = load_module
    args.replica_list = [int(x) for x in args.proxy_replicas.split(",")]
    args.sessions_list = [int(x) for x in args.sessions.split(",")]
    if not all(1 <= r <= 16 for r in args.replica_list):
        print("replicas within 1..16", file=sys.stderr)
        return 2
    args.load_before = os.getloadavg()
    try:
        levels = asyncio.run(asyncio.wait_for(main_async(args), args.timeout))
    except TimeoutError:
        print(f"global timeout ({args.timeout:.0f} s) reached", file=sys.stderr)
        return 1
    body = report(levels, args)
    print(body)
    if not args.no_write:
        load.write_section(body, section=SECTION)
        print(f"\nwritten to {load.RESULTS.relative_to(ROOT)}", file=sys.stderr)
    return 0 if all(not lv.errors for lv in levels) else 1
