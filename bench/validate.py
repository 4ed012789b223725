"""Validation and load time of the shipped data and of a synthetic graph of ~1M relationships, with peak memory.

Each measurement runs in its own process (so peak RSS is its own), side by side in one run; the figures
to quote are the ratios, since the machines are shared and noisy.

    python bench/validate.py [--scenarios 100000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from statistics import median

_CHILD = r"""
import json, resource, sys, time
from scenegraph.base.collector import gc_paused
from scenegraph.dataset.loader import check_dir
from scenegraph.graph.scenario_graph import ScenarioGraph
t0 = time.perf_counter()
checked = check_dir(sys.argv[1] if sys.argv[1] != "-" else None)
t1 = time.perf_counter()
assert not checked.problems, checked.problems[:5]
with gc_paused():
    g = ScenarioGraph.from_rows(checked.nodes, checked.edges, checked.sources)
t2 = time.perf_counter()
print(json.dumps({"validate_s": t1 - t0, "build_s": t2 - t1, "relationships": g.stats().relationships,
                  "nodes": len(g), "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def measure(data: str, repeat: int) -> dict:
    runs = [json.loads(subprocess.run([sys.executable, "-c", _CHILD, data], check=True, capture_output=True,
                                      text=True).stdout) for _ in range(repeat)]
    out = {k: median(r[k] for r in runs) for k in ("validate_s", "build_s", "peak_rss_mb")}
    out.update(relationships=runs[0]["relationships"], nodes=runs[0]["nodes"])
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--scenarios", type=int, default=100_000)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run([sys.executable, "-m", "scenegraph", "synth", "--scenarios", str(args.scenarios),
                        "--seed", "1", "--out", tmp],
                       check=True, capture_output=True)
        shipped = measure("-", args.repeat)
        big = measure(tmp, args.repeat)
    for name, r in (("shipped data", shipped), ("synth", big)):
        print(f"{name:13s} {r['nodes']:>9,} nodes {r['relationships']:>10,} rels  validate {r['validate_s']:7.2f} s"
              f"  build {r['build_s']:6.2f} s  peak RSS {r['peak_rss_mb']:7.0f} MB")
    per_rel_small = shipped["validate_s"] / shipped["relationships"]
    per_rel_big = big["validate_s"] / big["relationships"]
    ratio = big["validate_s"] / shipped["validate_s"]
    print(f"validation per relationship, synth / shipped: {per_rel_big / per_rel_small:.2f}x "
          f"(1.0 = linear scaling); synth validate / shipped validate: {ratio:.0f}x")


if __name__ == "__main__":
    main()
