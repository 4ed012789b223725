"""Save summaries as columns (numpy), so "the latest save of each enterprise as of a date" is one sorted pass and
every count is a bincount: 100,000 enterprises x 3 saves count in milliseconds, without a Python loop per save."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

import numpy as np

from scenegraph.observatory.model import N_LEVELS, LevelCounts
from scenegraph.observatory.potential import MEASURES, PotentialSums
from scenegraph.observatory.summary import SaveSummary

__all__ = ["SummaryTable"]

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def _micros(at: datetime) -> int:
    at = at.replace(tzinfo=UTC) if at.tzinfo is None else at
    delta = at - _EPOCH
    return (delta.days * 86_400 + delta.seconds) * 1_000_000 + delta.microseconds


class _Keyed:
    """A matrix of levels (saves x keys), -1 where the key does not apply to the save."""

    def __init__(self, rows: Sequence[dict[str, int]]):
        index: dict[str, int] = {}
        for r in rows:
            for key in r:
                if key not in index:
                    index[key] = len(index)
        self.keys = list(index)
        self.levels = np.full((len(rows), len(index)), -1, dtype=np.int8)
        for i, r in enumerate(rows):
            if r:
                self.levels[i, [index[k] for k in r]] = list(r.values())

    def counts(self, chosen: np.ndarray) -> dict[str, tuple[int, ...]]:
        m = self.levels[chosen]
        present = m >= 0
        codes = (np.arange(len(self.keys), dtype=np.int64) * N_LEVELS + m)[present]
        hist = np.bincount(codes, minlength=len(self.keys) * N_LEVELS).reshape(len(self.keys), N_LEVELS)
        used = present.any(axis=0)
        return {self.keys[j]: tuple(hist[j].tolist()) for j in np.flatnonzero(used)}


class SummaryTable:
    def __init__(self, summaries: Sequence[SaveSummary]):
        ents: dict[str, int] = {}
        regions: dict[str, int] = {}
        self.ent = np.fromiter((ents.setdefault(s.enterprise_id, len(ents)) for s in summaries), np.int64,
                               len(summaries))
        self.at = np.fromiter((_micros(s.at) for s in summaries), np.int64, len(summaries))
        self.level = np.fromiter((s.level for s in summaries), np.int64, len(summaries))
        self.region = np.fromiter((regions.setdefault(s.region, len(regions)) for s in summaries), np.int64,
                                  len(summaries))
        self.region_keys = list(regions)
        self.stages = _Keyed([s.stages for s in summaries])
        self.segments = _Keyed([s.segments for s in summaries])
        self.scenarios = _Keyed([s.scenarios for s in summaries])
        keys: dict[str, int] = {}
        for s in summaries:
            for key in s.potential:
                keys.setdefault(key, len(keys))
        self.potential_keys = list(keys)
        self.potential = np.zeros((len(summaries), len(keys)), dtype=np.float64)
        for i, s in enumerate(summaries):
            if s.potential:
                self.potential[i, [keys[k] for k in s.potential]] = list(s.potential.values())
        self.order = np.lexsort((self.at, self.ent))  # by enterprise, then time

    def latest(self, as_of: datetime | None = None) -> np.ndarray:
        """Row numbers of the latest save of each enterprise at or before `as_of` (None: of all)."""
        idx = self.order if as_of is None else self.order[self.at[self.order] <= _micros(as_of)]
        if not len(idx):
            return idx
        ent = self.ent[idx]
        last = np.empty(len(idx), dtype=bool)
        last[:-1] = ent[1:] != ent[:-1]
        last[-1] = True
        return idx[last]

    def moving(self, since: datetime, until: datetime) -> list[np.ndarray]:
        """For each enterprise with a save in (since, until]: its rows current at some time in [since, until]
        (the latest at or before `since`, and those saved after it up to `until`)."""
        s, u = _micros(since), _micros(until)
        moving = np.unique(self.ent[(self.at > s) & (self.at <= u)])
        if not len(moving):
            return []
        before = self.latest(since)
        rows = np.concatenate([np.flatnonzero(np.isin(self.ent, moving) & (self.at > s) & (self.at <= u)),
                               before[np.isin(self.ent[before], moving)]])
        rows = rows[np.argsort(self.ent[rows], kind="stable")]
        cuts = np.flatnonzero(np.diff(self.ent[rows])) + 1
        return np.split(rows, cuts)

    def counts(self, as_of: datetime | None = None, scenarios: bool = True) -> LevelCounts:
        chosen = self.latest(as_of)
        overall = np.bincount(self.level[chosen], minlength=N_LEVELS)
        by_region = np.bincount(self.region[chosen] * N_LEVELS + self.level[chosen],
                                minlength=len(self.region_keys) * N_LEVELS).reshape(-1, N_LEVELS)
        groups = {
            "overall": {"all": tuple(overall.tolist())},
            "stage": self.stages.counts(chosen),
            "region": {self.region_keys[j]: tuple(by_region[j].tolist()) for j in range(len(self.region_keys))
                       if by_region[j].any()},
            "segment": self.segments.counts(chosen),
        }
        return LevelCounts(as_of, int(len(chosen)), groups, self.scenarios.counts(chosen) if scenarios else {})

    def potential_sums(self, as_of: datetime | None = None) -> PotentialSums:
        """The saved plans' potential summed over the latest save of each enterprise, overall, by region and by
        stage (every stage the save operated): one matrix product per dimension."""
        chosen = self.latest(as_of)
        pot = self.potential[chosen]
        if not pot.shape[1] or not pot.any():
            return PotentialSums(as_of, {"overall": {}, "stage": {}, "region": {}})

        def cells(matrix: np.ndarray, keys: list[str]) -> dict[str, dict[str, float]]:
            sums = matrix.T.astype(np.float64) @ pot
            return {keys[j]: dict(zip(self.potential_keys, sums[j].tolist(), strict=True))
                    for j in range(len(keys)) if matrix[:, j].any()}

        measures = [i for i, key in enumerate(self.potential_keys) if key in MEASURES]

        def largest(matrix: np.ndarray, keys: list[str]) -> dict[str, dict[str, float]]:
            return {keys[j]: {self.potential_keys[i]: float(np.abs(pot[matrix[:, j], i]).max()) for i in measures}
                    for j in range(len(keys)) if matrix[:, j].any()}

        regions = np.zeros((len(chosen), len(self.region_keys)), dtype=bool)
        regions[np.arange(len(chosen)), self.region[chosen]] = True
        stages = self.stages.levels[chosen] >= 0
        everyone = np.ones((len(chosen), 1), dtype=bool)
        return PotentialSums(as_of, {"overall": cells(everyone, ["all"]), "region": cells(regions, self.region_keys),
                                     "stage": cells(stages, self.stages.keys)},
                             {"overall": largest(everyone, ["all"]), "region": largest(regions, self.region_keys),
                              "stage": largest(stages, self.stages.keys)})
