"""The value-optimised roadmap (assess.optimise, OR-Tools CP-SAT): time to solve the shipped graph's largest
roadmap (an enterprise operating every stage, values from the sourced effects) and a 2,000-scenario synthetic graph's
(synthetic values: the synthetic graph has no sourced effects, so a seeded random 30 % of the steps get a value;
the bench times the solver, not the values). Aims: < 2 s and < 30 s.

    python bench/optimiser.py [--synth-scenarios 2000] [--capacity 20] [--time-limit 30]
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time

from scenegraph.assess import Assessment, Scorer, roadmap
from scenegraph.assess.optimise import feasible, optimise, problem_of
from scenegraph.assess.profile import PlantProfile
from scenegraph.assess.value import step_values
from scenegraph.curation.synth import SynthSpec, write_synth
from scenegraph.dataset.loader import load_graph


def run(name: str, graph, capacity: float, time_limit: float, values: dict[str, float] | None) -> None:
    scorer = Scorer(graph)
    everything = Assessment(enterprise_id="ent_bench", name="bench", stages=scorer.stages, answers={})
    t0 = time.perf_counter()
    rm = roadmap(scorer, everything, capacity=capacity)
    t1 = time.perf_counter()
    if values is None:
        profile = PlantProfile.model_validate({"capacity_t": {"electrolysis": 400_000},
                                               "kpis": {"kpi_ac_kwh_t": 13_400, "kpi_dc_kwh_t": 12_800}})
        values = {k: v.expected_cny for k, v in step_values(graph, [s.id for s in rm.steps], profile).items()}
    t2 = time.perf_counter()
    plan = optimise(rm, values, capacity=capacity, time_limit_s=time_limit)
    t3 = time.perf_counter()
    wave_of = {s: w for w, ids in enumerate(plan.waves, start=1) for s in ids}
    ok = feasible(problem_of(rm, values, capacity), wave_of, max_waves=len(plan.waves))
    gap = (plan.bound - plan.objective) / plan.objective if plan.objective else 0.0
    valued = sum(1 for v in values.values() if v > 0)
    gain = plan.objective / plan.today_objective - 1 if plan.today_objective > 0 else 0.0
    print(f"{name}: {len(rm.steps):,} steps ({valued:,} valued, {plan.modelled:,} in the programme) in "
          f"{len(rm.waves)} waves of capacity {capacity:g} ({len(plan.waves)} optimised); roadmap {t1 - t0:.2f} s, "
          f"values {t2 - t1:.2f} s, optimise {t3 - t2:.2f} s ({plan.status}, within {gap:.2%} of the bound); "
          f"value delivered {gain:+.1%} over today's order; every prerequisite and capacity held: {ok}")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--synth-scenarios", type=int, default=2000)
    ap.add_argument("--capacity", type=float, default=20)
    ap.add_argument("--time-limit", type=float, default=30)
    args = ap.parse_args()
    shipped = load_graph()
    run("shipped graph", shipped, 3, args.time_limit, None)
    run("shipped graph", shipped, args.capacity, args.time_limit, None)
    with tempfile.TemporaryDirectory() as tmp:
        write_synth(SynthSpec(scenarios=args.synth_scenarios, seed=3), tmp)
        graph = load_graph(tmp)
    rnd = random.Random(5)
    values = {sc: rnd.uniform(1e5, 1e8) for sc in graph.ids("Scenario") if rnd.random() < 0.3}
    for limit in (10.0, args.time_limit):
        run(f"synthetic {args.synth_scenarios:,} (limit {limit:g} s)", graph, args.capacity, limit, values)


if __name__ == "__main__":
    main()
