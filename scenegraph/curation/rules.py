"""Rules the app relies on that a well-formed graph can still break; `validate` reports them.

- Factories: a factory implements only scenarios that apply at a stage it operates (enterprise-wide ones
  anywhere); no scenario runs without
  its hard prerequisites, nor more than one level above any of them; a real plant (not illustrative) has each
  IMPLEMENTS backed by its own source (what a source reports, never the graph's typical level).
- Sources: each has kind, publisher and date; each is cited; no URL on a non-authoritative host.
- Use: every process, reference scenario and KPI is used, or says why not (`unused_reason`).
- Both languages: a KPI, target or fact described in one language is described in the other too (a reader of
  either language meets the same explanation).
- Measurement is no lever: a scenario that MEASURES a KPI (a ledger, MRV, a footprint, a diagnosis) improves no KPI
  that moves a target (tracks it, or contributes to one that does), and never both measures and improves one KPI.
- Targets reached honestly: every target has at least MIN_LEVERS levers (scenarios improving a KPI that moves it,
  as the policy lens counts them) or says in `digital_limit_zh` / `digital_limit_en` why digital scenarios do not
  reach it; every requirement is answered (ADDRESSES) by at least MIN_LEVERS scenarios or factories.
"""

from __future__ import annotations

from scenegraph.base.i18n import other
from scenegraph.dataset.release import HostEntry, listed_host
from scenegraph.graph.scenario_graph import ScenarioGraph
from scenegraph.graph.schema import cited_keys

__all__ = ["ENTERPRISE_WIDE", "MIN_LEVERS", "factory_problems", "language_problems", "lever_counts", "lever_problems",
           "measurement_problems", "source_problems", "unused"]

#: the stage whose scenarios concern the whole company (cyber security, carbon accounting ...): they apply at
#: every factory, whatever stages it operates
ENTERPRISE_WIDE = "enterprise"
#: the fewest levers a target (or answers a requirement) may have without saying why digital scenarios fall short:
#: one or two scenarios make a target look addressed by a single idea (content review 3, section 4)
MIN_LEVERS = 3


def factory_problems(graph: ScenarioGraph) -> list[str]:
    """Every broken factory rule, one line each, sorted."""
    out: list[str] = []
    hard = {sc: [p for p in graph.out_ids(sc, "DEPENDS_ON")
                 if (graph.edge_props(sc, p, "DEPENDS_ON") or {}).get("strength", "hard") == "hard"]
            for sc in graph.ids("Scenario")}
    for f in sorted(graph.ids("Factory")):
        operated = set(graph.out_ids(f, "OPERATES"))
        real = not graph.node(f).get("illustrative")
        levels = {sc: graph.edge_props(f, sc, "IMPLEMENTS") or {} for sc in graph.out_ids(f, "IMPLEMENTS")}
        for sc, props in sorted(levels.items()):
            stages = graph.stages_of(sc)
            if operated.isdisjoint(stages) and ENTERPRISE_WIDE not in stages:
                out.append(f"{f} implements {sc}, which applies at {', '.join(stages) or 'no stage'}; "
                           f"the factory operates {', '.join(sorted(operated)) or 'no stage'}")
            for pre in hard[sc]:
                if pre not in levels:
                    out.append(f"{f} runs {sc} without its hard prerequisite {pre}")
                elif None not in (props.get("level"), levels[pre].get("level")) and \
                        props["level"] > levels[pre]["level"] + 1:
                    out.append(f"{f} runs {sc} at L{props['level']}, more than one level above its hard "
                               f"prerequisite {pre} (L{levels[pre]['level']})")
            if not real and props.get("level") is None:
                out.append(f"{f} is an illustrative archetype: IMPLEMENTS {sc} needs a level")
            if real and not props.get("source"):
                out.append(f"{f} is a real plant: IMPLEMENTS {sc} needs its own source (what the source reports)")
    return out


def used_sources(graph: ScenarioGraph) -> set[str]:
    keys = {k for _, a in graph.g.nodes(data=True) for k in cited_keys(a)}
    return keys | {k for _, _, a in graph.g.edges(data=True) for k in cited_keys(a)}


def source_problems(graph: ScenarioGraph, hosts: list[HostEntry]) -> list[str]:
    """Sources that are not yet sources of record: missing kind, publisher or date; cited by nothing; a URL on
    a non-authoritative host."""
    out: list[str] = []
    used = used_sources(graph)
    for key, src in sorted(graph.sources.items()):
        missing = [f for f in ("kind", "publisher", "date") if not src.get(f)]
        if missing:
            out.append(f"source {key}: missing {', '.join(missing)}")
        if key not in used:
            out.append(f"source {key}: cited by nothing")
        url = src.get("url")
        host = listed_host(url, hosts) if url else None
        if host:
            out.append(f"source {key}: url on a non-authoritative host ({host}); keep the bibliographic identity "
                       "and leave the URL out")
    return out


def measurement_problems(graph: ScenarioGraph) -> list[str]:
    """Measurement counted as a lever: a scenario that MEASURES a KPI and IMPROVES a KPI that moves a target (tracks
    it, or contributes to one that does: the policy lens would count it among the target's levers), or MEASURES and
    IMPROVES the same KPI."""
    out: list[str] = []
    for sc in sorted(graph.ids("Scenario")):
        measured = graph.out_ids(sc, "MEASURES")
        if not measured:
            continue
        for kpi in graph.out_ids(sc, "IMPROVES"):
            if kpi in measured:
                out.append(f"{sc} both measures and improves {kpi}: a measurement is not a lever")
            elif moved := graph.targets_moved(kpi):
                out.append(f"{sc} measures {', '.join(measured)} and improves {kpi}, which moves "
                           f"{', '.join(moved)}: a measurement scenario is no lever of a target")
    return out


def lever_counts(graph: ScenarioGraph) -> dict[str, int]:
    """Per target, the scenarios the policy lens counts as its levers (improving a KPI that tracks it or feeds one
    that does; measurement apart); per requirement, the scenarios and factories answering it (ADDRESSES)."""
    counts = {lens.target: len({s.scenario for k in lens.kpis for s in k.scenarios}) for lens in graph.policy_lens()}
    counts.update({req: len(set(graph.in_ids(req, "ADDRESSES"))) for req in sorted(graph.ids("Requirement"))})
    return counts


def lever_problems(graph: ScenarioGraph, counts: dict[str, int] | None = None) -> list[str]:
    """Targets with fewer than MIN_LEVERS levers and no stated reason (`digital_limit_*`), and requirements answered
    by fewer than MIN_LEVERS scenarios or factories."""
    counts = lever_counts(graph) if counts is None else counts
    out: list[str] = []
    for node_id, n in sorted(counts.items()):
        if n >= MIN_LEVERS:
            continue
        node = graph.node(node_id)
        if node["label"] == "Target":
            if (node.get("digital_limit_zh") or "").strip() or (node.get("digital_limit_en") or "").strip():
                continue
            out.append(f"{node_id}: {n} lever(s), fewer than {MIN_LEVERS}, and no digital_limit_zh / "
                       "digital_limit_en saying why digital scenarios do not reach it")
        else:
            out.append(f"{node_id}: answered by {n} scenario(s) or factories, fewer than {MIN_LEVERS}")
    return out


#: labels whose descriptions a reader meets on cards, in the lens and in reports: each in both languages or none
BOTH_LANGUAGES = ("KPI", "Target", "Fact")


def language_problems(graph: ScenarioGraph) -> list[str]:
    """KPIs, targets and facts described in one language only: the other language's reader would see the first
    language's text (or nothing) on the card."""
    out: list[str] = []
    for label in BOTH_LANGUAGES:
        for n in sorted(graph.ids(label)):
            node = graph.node(n)
            has = {lang: bool((node.get(f"description_{lang}") or "").strip()) for lang in ("zh", "en")}
            if has["zh"] != has["en"]:
                missing = "en" if has["zh"] else "zh"
                out.append(f"{n}: description_{missing} missing (description_{other(missing)} "
                           "is given)")
    return out


#: labels whose nodes should each be used by some scenario, and how (a KPI: improved or measured)
USED_BY = {"Process": ("AT",), "ReferenceScenario": ("INSTANCE_OF",), "KPI": ("IMPROVES", "MEASURES")}


def unused(graph: ScenarioGraph) -> list[tuple[str, str | None]]:
    """(node id, its `unused_reason` or None) for every process without a scenario AT it, reference scenario
    without an instance, and KPI no scenario improves or measures (directly, or through a KPI contributing to it)."""
    out: list[tuple[str, str | None]] = []
    for label, rels in USED_BY.items():
        for n in graph.ids(label):
            used = any(graph.in_ids(n, rel) for rel in rels)
            if label == "KPI" and not used:
                used = any(graph.in_ids(k, "IMPROVES") for k in graph.in_ids(n, "CONTRIBUTES_TO"))
            if not used:
                out.append((n, graph.node(n).get("unused_reason")))
    return out
