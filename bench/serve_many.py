"""Concurrent sessions against 1 and N app processes behind one address (scripts/serve-many: nginx in front, sticky
by a route cookie), in one run, the clients on other cores than the servers.

Each client is a Streamlit session at the websocket level (what a browser tab's script runs cost the server, without
a browser's own cost on the machine): it connects to /_stcore/stream through the proxy with its own route cookie,
asks for the overview, then a node's card (two page runs, as a user opening the app and one node), and closes;
C such clients at once, each starting a new session as soon as its last one ended, for --seconds. The servers are
pinned to every core but the last (taskset), this process (the clients) to the last, so the clients do not take
the servers' CPU (on a 2-core machine: the servers share one core, so a second process adds no CPU, only a second
script runner). The embedded store (sign-in off): the page-run cost is the app's, not a database's.

    python bench/serve_many.py [--processes 1,2] [--sessions 20,50] [--seconds 20]

Prints, per processes x concurrent sessions: page-run time p50/p95 (from the request to Streamlit's
script_finished, as the client sees it: queueing in the server included), sessions per second, failures, and the
load average beside each row (the machine may be shared).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

PAGES = (("overview", "lang=en"), ("node", "lang=en&id=sc_elec_anode_effect_prediction"))
WAIT_S = 60.0  # one page run; longer counts as a failure


def load_average() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def percentile(ordered: list[float], q: float) -> float:
    return ordered[min(len(ordered) - 1, max(0, round(q * len(ordered) + 0.5) - 1))]


def free_base(n: int) -> int:
    """A port p with p .. p+n free (the proxy, then one per process)."""
    for _ in range(50):
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            base = s.getsockname()[1]
        try:
            for p in range(base + 1, base + n + 1):
                with socket.socket() as s:
                    s.bind(("127.0.0.1", p))
            return base
        except OSError:
            continue
    raise RuntimeError("no free ports")


class Servers:
    """scripts/serve-many N on the given cores, stopped (SIGTERM to the script: it stops its processes)."""

    def __init__(self, n: int, cores: str | None, run: Path):
        self.port = free_base(n)
        self.url = f"127.0.0.1:{self.port}"
        env = {k: v for k, v in os.environ.items() if not k.startswith(("NEO4J_", "SCENEGRAPH_"))}
        env.update({"SCENEGRAPH_PYTHON": sys.executable, "SCENEGRAPH_PORT": str(self.port),
                    "SCENEGRAPH_RUN_DIR": str(run), "SCENEGRAPH_HOME": str(run / "home"),
                    "PYTHONPATH": os.pathsep.join([str(ROOT), env.get("PYTHONPATH", "")])})
        cmd = ["bash", str(ROOT / "scripts" / "serve-many"), str(n)]
        if cores is not None:
            cmd = ["taskset", "-c", cores, *cmd]
        run.mkdir(parents=True, exist_ok=True)
        self.log = (run / "serve-many.log").open("wb")
        self.proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=self.log, stderr=subprocess.STDOUT,
                                     start_new_session=True)
        deadline = time.time() + 180
        while True:
            try:
                with urllib.request.urlopen(f"http://{self.url}/_stcore/health", timeout=2):
                    return
            except OSError:
                if time.time() > deadline or self.proc.poll() is not None:
                    self.stop()
                    raise RuntimeError((run / "serve-many.log").read_text(errors="replace")[-2000:]) from None
                time.sleep(0.5)

    def stop(self) -> None:
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(timeout=10)
        self.log.close()


async def session(url: str, times: list[float]) -> None:
    """One browser tab's session: connect through the proxy with a route cookie, run each page, close."""
    from scenegraph.ui.warm import run_page
    from scenegraph.ui.warm import session as tab

    async with tab(url, {"Cookie": f"scenegraph_route={secrets.token_hex(16)}"}) as ws:
        for page, query in PAGES:
            t = time.perf_counter()
            deltas = await run_page(ws, page, query)
            if deltas < 5:  # the page drew nothing much: an error, not the page
                raise RuntimeError(f"{page}: {deltas} elements")
            times.append((time.perf_counter() - t) * 1000)


async def clients(url: str, concurrent: int, seconds: float) -> tuple[list[float], int, int, float]:
    """`concurrent` sessions at a time for `seconds` (each client starts its next session when one ends):
    page-run times (ms), sessions completed, failures, wall seconds."""
    times: list[float] = []
    done = failed = 0
    end = time.perf_counter() + seconds

    async def one() -> None:
        nonlocal done, failed
        while time.perf_counter() < end:
            try:
                await session(url, times)
                done += 1
            except Exception:  # a timed-out or refused session: counted, the client goes on
                failed += 1

    t = time.perf_counter()
    await asyncio.gather(*(one() for _ in range(concurrent)))
    return times, done, failed, time.perf_counter() - t


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--processes", default="1,2")
    ap.add_argument("--sessions", default="20,50")
    ap.add_argument("--seconds", type=float, default=20.0)
    args = ap.parse_args()
    cpus = sorted(os.sched_getaffinity(0))
    server_cores = None
    if len(cpus) >= 2:  # the servers on every core but the last, the clients (this process) on the last
        server_cores = ",".join(map(str, cpus[:-1]))
        os.sched_setaffinity(0, {cpus[-1]})
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for n in [int(x) for x in args.processes.split(",")]:
            servers = Servers(n, server_cores, Path(tmp) / f"p{n}")
            try:
                asyncio.run(clients(servers.url, 2 * n, 3))  # untimed: every process has run each page
                for c in [int(x) for x in args.sessions.split(",")]:
                    times, done, failed, wall = asyncio.run(clients(servers.url, c, args.seconds))
                    ordered = sorted(times) or [float("nan")]
                    rows.append((n, c, statistics.median(ordered), percentile(ordered, 0.95), done / wall, done,
                                 failed, load_average()))
                    print(rows[-1], flush=True)
            finally:
                servers.stop()
    print(f"\nconcurrent sessions through nginx (scripts/serve-many), {args.seconds:.0f} s each; servers on cores "
          f"{server_cores}, clients on core {cpus[-1]}; one run\n")
    print(f"{'processes':>9s} {'sessions':>8s} {'run p50 ms':>10s} {'run p95 ms':>10s} {'sessions/s':>10s} "
          f"{'done':>5s} {'failed':>6s}  load average")
    for n, c, p50, p95, rate, done, failed, load in rows:
        print(f"{n:9d} {c:8d} {p50:10.0f} {p95:10.0f} {rate:10.2f} {done:5d} {failed:6d}  {load}")
    by = {(n, c): (p50, p95, rate) for n, c, p50, p95, rate, *_ in rows}
    procs = sorted({n for n, *_ in rows})
    if len(procs) >= 2:
        a, b = procs[0], procs[-1]
        for c in sorted({c for _, c, *_ in rows}):
            if (a, c) in by and (b, c) in by:
                print(f"{c} sessions: {b} / {a} processes: p50 x{by[(b, c)][0] / by[(a, c)][0]:.2f}, "
                      f"p95 x{by[(b, c)][1] / by[(a, c)][1]:.2f}, sessions/s x{by[(b, c)][2] / by[(a, c)][2]:.2f}")


if __name__ == "__main__":
    main()
