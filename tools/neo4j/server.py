"""Start and stop a real Neo4j 5.26 LTS (Community) on 127.0.0.1 from Maven Central artefacts.

The server tarball is not on Maven Central; the test harness is, and Launcher.java runs it as a Bolt server
with a home folder of our choosing (so its data survives a restart). Used by the test suite, the
benchmarks, and by hand:

    python tools/neo4j/server.py classpath            # resolve the jars once (Maven, cached in ~/.m2)
    eval "$(python tools/neo4j/server.py start --home .neo4j/dev)"   # exports NEO4J_URI/USER/PASSWORD
    python tools/neo4j/server.py stop --home .neo4j/dev
"""

from __future__ import annotations

import argparse
import json
import os
import re
import secrets
import shlex
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
CLASSPATH_FILE = HERE / ".classpath"
JDK_GLOBS = ("/usr/lib/jvm/java-17-openjdk*", "/usr/lib/jvm/*jdk-17*", "/usr/lib/jvm/java-21-openjdk*",
             "/usr/lib/jvm/*jdk-21*")


#: seconds a stop waits for the JVM after SIGTERM before SIGKILL: a safety net only (a loaded server exits in
#: about 2 s: the databases' checkpoints); a kill is a crash the next start recovers from
STOP_TIMEOUT = 30.0


class ServerError(RuntimeError):
    pass


def _java_version(java: str) -> int | None:
    try:
        out = subprocess.run([java, "-version"], capture_output=True, text=True, timeout=30).stderr
    except (OSError, subprocess.TimeoutExpired):
        return None
    m = re.search(r'version "(\d+)', out)
    return int(m.group(1)) if m else None


def java_bin() -> str:
    """A Java 17 or 21 (Neo4j 5.26 runs on those only; machines here also carry a newer JDK)."""
    candidates = []
    if os.environ.get("NEO4J_JAVA_HOME"):
        candidates.append(Path(os.environ["NEO4J_JAVA_HOME"]) / "bin" / "java")
    for pattern in JDK_GLOBS:
        candidates.extend(sorted(Path("/").glob(pattern.lstrip("/")), reverse=True))
    if os.environ.get("JAVA_HOME"):
        candidates.append(Path(os.environ["JAVA_HOME"]) / "bin" / "java")
    candidates.append(Path("java"))
    for c in candidates:
        java = str(c / "bin" / "java") if c.is_dir() else str(c)
        if _java_version(java) in (17, 21):
            return java
    raise ServerError("no Java 17 or 21 found (Neo4j 5.26 needs one); set NEO4J_JAVA_HOME")


def classpath(refresh: bool = False) -> str:
    """The harness classpath, resolved by Maven once and cached beside this file."""
    if CLASSPATH_FILE.exists() and not refresh:
        cp = CLASSPATH_FILE.read_text().strip()
        if all(Path(p).exists() for p in cp.split(os.pathsep)):
            return cp
    print("resolving Neo4j 5.26 from Maven Central (first time only)…", file=sys.stderr)
    done = subprocess.run(
        ["mvn", "-q", "-B", "-f", str(HERE / "pom.xml"), "dependency:build-classpath",
         f"-Dmdep.outputFile={CLASSPATH_FILE}"],
        capture_output=True, text=True,
    )
    if done.returncode != 0:
        raise ServerError(f"Maven could not resolve the Neo4j harness:\n{done.stdout[-2000:]}{done.stderr[-2000:]}")
    return CLASSPATH_FILE.read_text().strip()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _port_open(port: int) -> bool:
    with socket.socket() as s:
        s.settimeout(0.5)
        return s.connect_ex(("127.0.0.1", port)) == 0


class Neo4jServer:
    """One Neo4j server process with its own home folder. Restarting with the same home keeps the data."""

    def __init__(self, home: str | Path, port: int | None = None, password: str | None = None,
                 heap: str | None = None):
        self.home = Path(home).resolve()
        self.port = port or free_port()
        self.password = password or secrets.token_urlsafe(16)
        self.heap = heap or os.environ.get("NEO4J_HEAP", "2g")
        self.proc: subprocess.Popen | None = None

    @property
    def uri(self) -> str:
        return f"bolt://127.0.0.1:{self.port}"

    @property
    def import_dir(self) -> Path:
        return self.home / "import"

    def env(self) -> dict[str, str]:
        return {"NEO4J_URI": self.uri, "NEO4J_USER": "neo4j", "NEO4J_PASSWORD": self.password}

    def _write_conf(self) -> None:
        self.home.mkdir(parents=True, exist_ok=True)
        self.import_dir.mkdir(exist_ok=True)
        (self.home / "neo4j.conf").write_text("\n".join([
            "server.bolt.enabled=true",
            f"server.bolt.listen_address=127.0.0.1:{self.port}",
            "server.http.enabled=false",
            "server.https.enabled=false",
            "dbms.security.auth_enabled=true",
            "server.memory.pagecache.size=1g",
            f"server.directories.import={self.import_dir}",
            "dbms.security.allow_csv_import_from_file_urls=true",
            "db.tx_log.rotation.retention_policy=2 files",
            # Bolt's two Netty event-loop groups each wait out a 5 s "quiet period" on shutdown (10 s of every
            # stop, nothing to drain on a local server once the databases have stopped); connections are closed
            # before that either way
            "internal.dbms.bolt.netty_server_shutdown_quiet_period=0",
        ]) + "\n")

    def start(self, detached: bool = False, timeout: float = 600) -> Neo4jServer:
        if _port_open(self.port):
            raise ServerError(f"port {self.port} is already in use")
        self._write_conf()
        log = (self.home / "launcher.log").open("w")
        cmd = [java_bin(), f"-Xmx{self.heap}", "-cp", classpath(), str(HERE / "Launcher.java"), str(self.home)]
        if detached:
            cmd.append("--detached")
        self.proc = subprocess.Popen(
            cmd, stdin=subprocess.DEVNULL if detached else subprocess.PIPE, stdout=log, stderr=subprocess.STDOUT,
            env={**os.environ, "NEO4J_PASSWORD": self.password}, start_new_session=detached,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise ServerError(f"Neo4j exited with {self.proc.returncode}; see {self.home / 'launcher.log'}:\n"
                                  + (self.home / "launcher.log").read_text()[-3000:])
            if "READY" in (self.home / "launcher.log").read_text() and _port_open(self.port):
                return self
            time.sleep(0.25)
        self.kill()
        raise ServerError(f"Neo4j did not answer on {self.uri} within {timeout:.0f} s")

    def stop(self, timeout: float = STOP_TIMEOUT) -> None:
        """A clean shutdown (SIGTERM runs Neo4j's shutdown hook); SIGKILL if it has not exited by `timeout`."""
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.proc = None

    def kill(self) -> None:
        """A crash: SIGKILL, no shutdown hook; the next start recovers from the transaction log."""
        if self.proc and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        self.proc = None


def _state_file(home: Path) -> Path:
    return home / "state.json"


#: detached servers this process started, by pid: stop_detached reaps them (an exited child nobody waits for
#: stays a zombie, which `kill -0` still finds: stop_detached used to wait its whole timeout for a JVM already gone)
_CHILDREN: dict[int, subprocess.Popen] = {}


def _zombie(pid: int) -> bool:
    """Whether `pid` has exited and waits for its parent to reap it (Linux /proc; False where there is none)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rpartition(")")[2].split()[:1] == ["Z"]


def _alive(pid: int) -> bool:
    """Whether the process still runs: a child of ours is reaped once it exits, and a zombie is not alive."""
    child = _CHILDREN.get(pid)
    if child is not None:
        if child.poll() is None:
            return True
        del _CHILDREN[pid]
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return not _zombie(pid)


def running(home: str | Path) -> dict | None:
    """The state of the detached server of `home` (pid, NEO4J_URI, NEO4J_USER, NEO4J_PASSWORD) if it runs."""
    path = _state_file(Path(home).resolve())
    if not path.exists():
        return None
    state = json.loads(path.read_text())
    return state if _alive(int(state["pid"])) else None


def start_detached(home: str | Path, port: int | None = None, password: str | None = None,
                   heap: str | None = None) -> Neo4jServer:
    """A server that outlives this process (stop it with stop_detached); its state is kept in HOME/state.json."""
    server = Neo4jServer(home, port, password, heap).start(detached=True)
    _CHILDREN[server.proc.pid] = server.proc
    _state_file(server.home).write_text(json.dumps({"pid": server.proc.pid, **server.env()}))
    return server


def stop_detached(home: str | Path, timeout: float = STOP_TIMEOUT) -> float | None:
    """Stops the detached server of `home` (SIGTERM: a clean shutdown; SIGKILL after `timeout` s as a safety net)
    and forgets its state (a later pid of the same number is not ours). Returns the seconds until the JVM was gone,
    None when no server ran."""
    home = Path(home).resolve()
    state = running(home)
    if state is None:
        return None
    pid = int(state["pid"])
    started = time.monotonic()
    try:
        os.kill(pid, signal.SIGTERM)
    except ProcessLookupError:
        pass
    deadline = started + timeout
    while _alive(pid) and time.monotonic() < deadline:
        time.sleep(0.1)
    if _alive(pid):
        os.kill(pid, signal.SIGKILL)
        deadline = time.monotonic() + 10
        while _alive(pid) and time.monotonic() < deadline:
            time.sleep(0.1)
    _state_file(home).unlink(missing_ok=True)
    return time.monotonic() - started


def admin_import(home: str | Path, nodes: list[Path], relationships: list[Path], database: str = "neo4j",
                 heap: str = "2g") -> float:
    """Neo4j's offline importer (neo4j-admin database import full) into the database of `home`, which no server
    may be running on; the files are neo4j-admin CSV with headers, as the export writes (Neo4j's legacy quoting).
    Returns the seconds the importer took, JVM start included."""
    home = Path(home).resolve()
    conf = home / "conf"
    conf.mkdir(parents=True, exist_ok=True)
    (conf / "neo4j.conf").write_text(f"server.directories.data={home / 'data'}\n")
    cmd = [java_bin(), f"-Xmx{heap}", "-cp", classpath(), "org.neo4j.cli.AdminTool", "database", "import", "full",
           *(f"--nodes={p}" for p in nodes), *(f"--relationships={p}" for p in relationships),
           "--legacy-style-quoting=true", "--overwrite-destination=true", database]
    started = time.monotonic()
    done = subprocess.run(cmd, capture_output=True, text=True,
                          env={**os.environ, "NEO4J_HOME": str(home), "NEO4J_CONF": str(conf)})
    (home / "import.log").write_text(done.stdout + done.stderr)
    if done.returncode != 0:
        tail = (done.stdout + done.stderr).strip().splitlines()
        why = next((line for line in reversed(tail) if line.strip()), "no output")
        raise ServerError(f"neo4j-admin database import failed ({why.strip()[:300]}); "
                          f"full output in {home / 'import.log'}")
    return time.monotonic() - started


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    sub.add_parser("classpath", help="resolve the Neo4j jars (Maven) and print the classpath file")
    p = sub.add_parser("start", help="start a detached server and print shell exports for it")
    p.add_argument("--home", type=Path, default=Path(".neo4j/dev"))
    p.add_argument("--port", type=int, default=None)
    p = sub.add_parser("stop", help="stop the server started with `start --home`")
    p.add_argument("--home", type=Path, default=Path(".neo4j/dev"))
    args = ap.parse_args(argv)
    try:
        if args.cmd == "classpath":
            classpath()
            print(CLASSPATH_FILE)
        elif args.cmd == "start":
            server = start_detached(args.home, args.port)
            for key, value in {**server.env(), "NEO4J_HOME": str(server.home)}.items():
                print(f"export {key}={shlex.quote(value)}")
        else:
            stop_detached(args.home)
    except ServerError as e:
        print(f"error: {e}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
