"""Scoring 10,000 synthetic self-assessments: scores only, and the whole evaluation (scores, benchmark, gaps,
roadmap), on the shipped graph and on a synthetic graph. Side by side in one run; quote the ratios.

    python bench/assess.py [--count 10000] [--synth-scenarios 3000]
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time

from scenegraph.assess import Assessment, Scorer
from scenegraph.assess.evaluate import evaluate
from scenegraph.curation.synth import SynthSpec, write_synth
from scenegraph.dataset.loader import load_graph


def assessments(scorer: Scorer, count: int, seed: int = 7) -> list[Assessment]:
    rnd = random.Random(seed)
    out = []
    for i in range(count):
        stages = rnd.sample(scorer.stages, rnd.randint(1, min(5, len(scorer.stages))))
        answers = {sc: rnd.randint(0, 5) for sc in scorer.applicable(stages) if rnd.random() < 0.8}
        # built without the graph check, as the bench times scoring, not validation
        out.append(Assessment(enterprise_id=f"ent_b{i}", name=f"b{i}", stages=stages, answers=answers))
    return out


def run(name: str, graph, count: int) -> dict:
    t0 = time.perf_counter()
    scorer = Scorer(graph)
    t1 = time.perf_counter()
    batch = assessments(scorer, count)
    t2 = time.perf_counter()
    for a in batch:
        scorer.score(a)
    t3 = time.perf_counter()
    for a in batch[: max(1, count // 10)]:
        evaluate(scorer, a)
    t4 = time.perf_counter()
    per_eval = (t4 - t3) / max(1, count // 10)
    row = {"graph": name, "scenarios": len(graph.ids("Scenario")), "factories": len(graph.ids("Factory")),
           "scorer_setup_s": t1 - t0, "score_all_s": t3 - t2, "per_score_ms": 1000 * (t3 - t2) / count,
           "per_evaluation_ms": 1000 * per_eval, "evaluate_all_s_est": per_eval * count}
    print(f"{name:8} {row['scenarios']:>6} scenarios: scorer {row['scorer_setup_s']:.2f} s; "
          f"{count:,} scores {row['score_all_s']:.2f} s ({row['per_score_ms']:.3f} ms each); "
          f"full evaluation {row['per_evaluation_ms']:.2f} ms each (~{row['evaluate_all_s_est']:.1f} s for {count:,})")
    return row


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--count", type=int, default=10_000)
    ap.add_argument("--synth-scenarios", type=int, default=3000)
    args = ap.parse_args()
    shipped = run("shipped", load_graph(), args.count)
    with tempfile.TemporaryDirectory() as d:
        write_synth(SynthSpec(scenarios=args.synth_scenarios, seed=5), d)
        synth = run("synth", load_graph(d), args.count)
    print(f"ratio synth/shipped per score: {synth['per_score_ms'] / shipped['per_score_ms']:.1f}x for "
          f"{synth['scenarios'] / shipped['scenarios']:.1f}x the scenarios; full evaluation / score only on shipped: "
          f"{shipped['per_evaluation_ms'] / shipped['per_score_ms']:.0f}x")


if __name__ == "__main__":
    main()
