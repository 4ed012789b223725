"""Issue 26's figures in one command: each bench in turn, in its own process, and its ratio lines gathered with the
load average at the time (the machine may be shared: read the ratios, each measured side by side inside its bench).

    python bench/scale.py [--scenarios 100000] [--only search,pages,processes,load,choice] [--repeat 5]

- search     bench/search.py: memory-store search / Neo4j's at ~1M relationships (target <= 3), and / the old scan
- pages      bench/browser.py --only "open by URL": each page's p50 open by typed URL / the floor's (a trivial
             Streamlit page, same run; target <= 1.5), first open after the start / the floor's first open (<= 2)
- processes  bench/serve_many.py: page-run p50/p95 and sessions per second, 20 and 50 sessions, 1 and 2 processes
- load       bench/neo4j_load.py: online loader / LOAD CSV (CREATE) (target >= 1.2), bulk / neo4j-admin alone
- choice     bench/neo4j_choice.py: whole bulk path / online loader per size (what `scenegraph load` picks by)

Each bench's full table is written to bench/out/scale-<name>.txt; this prints the summary lines.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
#: the lines of each bench's output that carry its ratios
KEEP = ("ratio", "/ floor", "floor's first", "processes:", "sessions/s", " / LOAD CSV", "bulk (CSV", "whole path /",
        "online loader / naive", "search median", "load average", "bulk/online")


def load_average() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--scenarios", type=int, default=100_000, help="graph size for search and load (~1M rels)")
    ap.add_argument("--only", default="search,pages,processes,load,choice")
    ap.add_argument("--repeat", type=int, default=5, help="page opens per page (pages)")
    ap.add_argument("--seconds", type=float, default=20.0, help="seconds per row (processes)")
    args = ap.parse_args()
    py = sys.executable
    benches = {
        "search": [py, "bench/search.py", "--scenarios", str(args.scenarios)],
        "pages": [py, "bench/browser.py", "--only", "open by URL", "--lang", "en", "--repeat", str(args.repeat),
                  "--out", "bench/out/scale-browser.json"],
        "processes": [py, "bench/serve_many.py", "--seconds", str(args.seconds)],
        "load": [py, "bench/neo4j_load.py", "--scenarios", str(args.scenarios)],
        "choice": [py, "bench/neo4j_choice.py", "--scenarios", f"0,{args.scenarios // 5},{args.scenarios}"],
    }
    out = ROOT / "bench" / "out"
    out.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    summary = []
    for name in args.only.split(","):
        start, t = load_average(), time.perf_counter()
        done = subprocess.run(benches[name], cwd=ROOT, env=env, capture_output=True, text=True)
        text = done.stdout + ("\n" + done.stderr if done.returncode else "")
        (out / f"scale-{name}.txt").write_text(text)
        lines = [line.rstrip() for line in done.stdout.splitlines() if any(k in line for k in KEEP)]
        if name == "processes":  # its table is the figure
            lines = done.stdout.splitlines()[-8:]
        summary.append((name, done.returncode, time.perf_counter() - t, start, load_average(), lines))
        print(f"== {name}: exit {done.returncode}, {time.perf_counter() - t:.0f} s, load {start} -> {load_average()}",
              flush=True)
        print("\n".join(lines), flush=True)
    print("\nsummary (bench/out/scale-*.txt hold the full tables)")
    for name, code, seconds, start, end, lines in summary:
        print(f"\n{name} (exit {code}, {seconds:.0f} s; load average {start} at start, {end} at end)")
        print("\n".join("  " + line for line in lines))
    return max((code for _, code, *_ in summary), default=0)


if __name__ == "__main__":
    raise SystemExit(main())
