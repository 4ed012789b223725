"""Export time and size per format for a selection of about 100,000 relationships (a synthetic graph), and the
import back for the formats that have one. Side by side in one run; quote the ratios.

    python bench/export.py [--scenarios 10200]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from scenegraph.curation.synth import SynthSpec, write_synth
from scenegraph.dataset.loader import load_graph
from scenegraph.export import FORMATS, export
from scenegraph.formats.readers import parse_csv_pair, parse_graphml, parse_node_link, validated_graph
from scenegraph.formats.writers import csv_pair, sources_yaml


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--scenarios", type=int, default=10_200)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as d:
        write_synth(SynthSpec(scenarios=args.scenarios, seed=3), d)
        graph = load_graph(d)
    sub = graph.subgraph(graph.ids())
    rels = sub.g.number_of_edges()
    print(f"selection: {len(sub):,} nodes, {rels:,} relationships")
    times = {}
    bodies = {}
    for name in FORMATS:
        t0 = time.perf_counter()
        bodies[name] = export(sub, name, "en")
        times[name] = time.perf_counter() - t0
        print(f"  export {name:8} {times[name]:7.2f} s  {len(bodies[name]):>13,} bytes  "
              f"{rels / times[name]:>10,.0f} rel/s")
    base = times["json"]
    print("ratios to JSON: " + ", ".join(f"{n} {t / base:.1f}x" for n, t in times.items()))
    readers = {"graphml": lambda: parse_graphml(bodies["graphml"]), "json": lambda: parse_node_link(bodies["json"]),
               "csv": lambda: parse_csv_pair(*csv_pair(sub), sources_yaml(sub))}
    for name, read in readers.items():
        t0 = time.perf_counter()
        back = validated_graph(read())
        print(f"  import {name:8} {time.perf_counter() - t0:7.2f} s  ({back.g.number_of_edges():,} relationships back)")
    out = Path(tempfile.mkdtemp()) / "big.html"
    out.write_bytes(bodies["html"])
    print(f"HTML page written to {out} (positions precomputed, physics off above 600 nodes)")


if __name__ == "__main__":
    main()
