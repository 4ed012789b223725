"""The observatory's calendar and dated deltas, pure: every answer worked out by hand on a few dates and saves.

The Neo4j store writes what save_deltas and snapshot_rows compute (tests/observatory/test_observatory_stores.py
checks the sums against the memory store); here the arithmetic itself is held, without a database."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scenegraph.observatory.calendar import closed_periods, month_end, period_at, period_end, previous_period
from scenegraph.observatory.deltas import (
    NOW,
    AggregateMarker,
    cells,
    day_of,
    monday,
    save_deltas,
    snapshot_rows,
    weeks,
)
from scenegraph.observatory.summary import SaveSummary

#: "now" in these tests: Monday 7 December 2026, 10:00 UTC (the month in progress is December)
TODAY = datetime(2026, 12, 7, 10, 0, tzinfo=UTC)
BEIJING = timezone(timedelta(hours=8))
#: what the Neo4j store passes as "no later save" (any instant after every save)
OPEN = datetime(9999, 12, 31, tzinfo=UTC)


# ---------------------------------------------------------------- calendar


@pytest.mark.parametrize(("day", "end"), [
    (date(2024, 2, 10), date(2024, 2, 29)),  # leap year
    (date(2023, 2, 1), date(2023, 2, 28)),
    (date(2026, 12, 5), date(2026, 12, 31)),  # December rolls the year
    (date(2026, 4, 30), date(2026, 4, 30)),
])
def test_month_end(day, end):
    assert month_end(day) == end


@pytest.mark.parametrize(("period", "before"), [
    (date(2026, 3, 31), date(2026, 2, 28)),
    (date(2026, 1, 31), date(2025, 12, 31)),
    (date(2024, 3, 15), date(2024, 2, 29)),  # any day of the month names its period
])
def test_previous_period(period, before):
    assert previous_period(period) == before


def test_a_period_ends_at_its_last_microsecond_utc():
    assert period_end(date(2026, 2, 28)) == datetime(2026, 2, 28, 23, 59, 59, 999999, tzinfo=UTC)


@pytest.mark.parametrize(("when", "period"), [
    (None, date(2026, 11, 30)),  # now: December is in progress, November is the latest closed month
    (datetime(2026, 3, 31, 23, 59, 59, 999999, tzinfo=UTC), date(2026, 3, 31)),  # exactly at the end
    (datetime(2026, 3, 31, 23, 0, tzinfo=UTC), date(2026, 2, 28)),  # an hour before it: the month before
    (datetime(2026, 3, 31, 23, 0), date(2026, 2, 28)),  # naive times are UTC
    (datetime(2026, 4, 1, 7, 0, tzinfo=BEIJING), date(2026, 2, 28)),  # 31 March 23:00 UTC
    (datetime(2026, 4, 1, 8, 0, tzinfo=BEIJING), date(2026, 3, 31)),  # 1 April 00:00 UTC
    (date(2026, 3, 31), date(2026, 3, 31)),  # a day asks for the figures at its end
    (date(2026, 3, 30), date(2026, 2, 28)),
    (date(2027, 5, 1), date(2026, 11, 30)),  # the future snaps back to the latest closed month
    (datetime(2026, 12, 7, 9, 0, tzinfo=UTC), date(2026, 11, 30)),  # earlier today: December is not closed
], ids=lambda v: str(v))
def test_a_date_snaps_to_the_latest_closed_period_end(when, period):
    assert period_at(when, TODAY) == period


@given(st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2040, 1, 1)))
def test_period_at_is_the_latest_closed_end_at_or_before_the_date(when):
    when = when.replace(tzinfo=UTC)
    got = period_at(when, TODAY)
    assert got == month_end(got)
    assert period_end(got) <= min(when, TODAY)
    following = month_end(got + timedelta(days=1))
    assert period_end(following) > min(when, TODAY)


@pytest.mark.parametrize(("first", "periods"), [
    (None, []),
    (datetime(2026, 9, 15, tzinfo=UTC), [date(2026, 9, 30), date(2026, 10, 31), date(2026, 11, 30)]),
    (datetime(2026, 11, 30, 23, 0), [date(2026, 11, 30)]),  # naive: UTC
    (datetime(2026, 12, 1, 3, 0, tzinfo=BEIJING), [date(2026, 11, 30)]),  # 30 November 19:00 UTC
    (datetime(2026, 12, 1, tzinfo=UTC), []),  # only the month in progress: nothing published yet
])
def test_closed_periods_from_the_first_save(first, periods):
    assert closed_periods(first, TODAY) == periods


# ---------------------------------------------------------------- deltas


def summary(enterprise="e1", at=datetime(2026, 3, 4, 10, tzinfo=UTC), region="north", level=2,
            stage_level=2, scenarios=None) -> SaveSummary:
    return SaveSummary(enterprise, at, region, level, {"smelting": stage_level}, {"upstream": stage_level},
                       scenarios if scenarios is not None else {"sc_a": 1, "sc_b": 3})


def test_cells_of_a_save_in_the_aggregate_order():
    assert list(cells(summary())) == [("overall", "all", 2), ("region", "north", 2), ("stage", "smelting", 2),
                                      ("segment", "upstream", 2), ("scenario", "sc_a", 1), ("scenario", "sc_b", 3)]


@pytest.mark.parametrize(("at", "day"), [
    (datetime(2026, 3, 4, 23, 30), date(2026, 3, 4)),  # naive: UTC
    (datetime(2026, 3, 5, 1, 0, tzinfo=BEIJING), date(2026, 3, 4)),  # 4 March 17:00 UTC
    (datetime(2026, 3, 5, 0, 0, tzinfo=UTC), date(2026, 3, 5)),
])
def test_day_of_is_the_utc_day(at, day):
    assert day_of(at) == day


@pytest.mark.parametrize(("day", "start"), [
    (date(2026, 12, 7), date(2026, 12, 7)),  # a Monday is its own week
    (date(2026, 12, 13), date(2026, 12, 7)),  # Sunday
    (date(2027, 1, 1), date(2026, 12, 28)),  # across the year
])
def test_monday_starts_the_week(day, start):
    assert monday(day) == start


def test_weeks_are_mondays_seven_days_apart():
    first = date(2026, 11, 23)
    assert weeks(first, date(2026, 12, 7)) == [date(2026, 11, 23), date(2026, 11, 30), date(2026, 12, 7)]
    assert weeks(first, first) == [first]
    assert weeks(None, first) == [] and weeks(first, None) == []


def plus(day: date, s: SaveSummary, sign: int = 1) -> Counter:
    return Counter({(day, dim, key, level): sign for dim, key, level in cells(s)})


def signed(*parts: Counter) -> Counter:
    """The sum of signed counters, zeros dropped (Counter's + would drop the negative counts too)."""
    out: Counter = Counter()
    for part in parts:
        for key, n in part.items():
            out[key] += n
    return Counter({k: v for k, v in out.items() if v})


def test_the_latest_save_adds_its_cells_on_its_day():
    s = summary()
    assert save_deltas(s, OPEN, None, None, OPEN) == plus(date(2026, 3, 4), s)


def test_a_save_followed_by_a_later_one_also_takes_its_cells_away_on_that_day():
    s = summary()
    got = save_deltas(s, datetime(2026, 3, 20, tzinfo=UTC), None, None, OPEN)
    assert got == signed(plus(date(2026, 3, 4), s), plus(date(2026, 3, 20), s, -1))
    assert sum(got.values()) == 0


def test_a_save_replaced_the_same_day_leaves_no_delta():
    s = summary()
    assert save_deltas(s, datetime(2026, 3, 4, 18, tzinfo=UTC), None, None, OPEN) == Counter()


def test_a_new_save_ends_the_latest_one_on_its_day():
    old = summary(at=datetime(2026, 2, 10, tzinfo=UTC), level=1, stage_level=1)
    new = summary(at=datetime(2026, 3, 4, 10, tzinfo=UTC), level=3, stage_level=3)
    got = save_deltas(new, OPEN, old, OPEN, OPEN)
    # +3 cells on 4 March, and the level-1 cells that counted since 10 February stop counting on 4 March;
    # the scenario cells (same levels in both saves) cancel
    assert got == Counter({
        (date(2026, 3, 4), "overall", "all", 3): 1, (date(2026, 3, 4), "region", "north", 3): 1,
        (date(2026, 3, 4), "stage", "smelting", 3): 1, (date(2026, 3, 4), "segment", "upstream", 3): 1,
        (date(2026, 3, 4), "overall", "all", 1): -1, (date(2026, 3, 4), "region", "north", 1): -1,
        (date(2026, 3, 4), "stage", "smelting", 1): -1, (date(2026, 3, 4), "segment", "upstream", 1): -1,
    })


def test_a_save_dated_between_two_moves_the_earlier_ones_end():
    """Saves on 10 Feb (A) and 20 Mar (C) exist; B is saved dated 4 Mar: A now ends on 4 Mar instead of 20 Mar,
    and B counts from 4 Mar to 20 Mar."""
    a = summary(at=datetime(2026, 2, 10, tzinfo=UTC), region="south")
    b = summary(at=datetime(2026, 3, 4, 10, tzinfo=UTC), region="north")
    march20 = datetime(2026, 3, 20, tzinfo=UTC)
    got = save_deltas(b, march20, a, march20, OPEN)
    assert got == signed(plus(date(2026, 3, 4), b), plus(date(2026, 3, 20), b, -1),  # B from 4 to 20 March
                         plus(date(2026, 3, 20), a), plus(date(2026, 3, 4), a, -1))  # A's end moved to 4 March
    # the overall and scenario cells (same levels in A and B) cancel on both days; only the regions move
    assert {(d, dim, key): n for (d, dim, key, _), n in got.items()} == {
        (date(2026, 3, 4), "region", "north"): 1, (date(2026, 3, 4), "region", "south"): -1,
        (date(2026, 3, 20), "region", "north"): -1, (date(2026, 3, 20), "region", "south"): 1}


def test_a_delta_changes_every_built_week_after_its_day_and_now():
    deltas = Counter({(date(2026, 11, 25), "overall", "all", 2): 1, (date(2026, 12, 1), "region", "north", 2): -1})
    built = [date(2026, 11, 23), date(2026, 11, 30), date(2026, 12, 7)]
    rows = snapshot_rows(deltas, built, now=True)
    assert sorted((r["before"], r["dim"], r["n"]) for r in rows) == [
        (date(2026, 11, 30), "overall", 1), (date(2026, 12, 7), "overall", 1), (date(2026, 12, 7), "region", -1),
        (NOW, "overall", 1), (NOW, "region", -1)]
    assert not [r for r in snapshot_rows(deltas, built, now=False) if r["before"] == NOW]
    # a delta on a Monday is not in that Monday's snapshot (it holds the days before it)
    monday_delta = Counter({(date(2026, 11, 30), "overall", "all", 2): 1})
    assert [r["before"] for r in snapshot_rows(monday_delta, built, now=False)] == [date(2026, 12, 7)]


@pytest.mark.parametrize(("props", "ready", "built_for", "weeks_built"), [
    ({}, False, False, []),
    ({"state": "ready", "version": 3, "facts": "f1", "now": 1, "lock": 7, "id": "x"}, True, True, []),
    ({"state": "building", "version": 3, "facts": "f2", "weeks_from": date(2026, 11, 23),
      "weeks_to": date(2026, 11, 30)}, False, False, [date(2026, 11, 23), date(2026, 11, 30)]),
], ids=["empty", "ready-unknown-props-dropped", "building-other-facts"])
def test_the_aggregate_marker_reads_what_it_knows(props, ready, built_for, weeks_built):
    marker = AggregateMarker.of(props)
    assert marker.ready is ready
    assert marker.built_for(3, "f1") is built_for
    assert marker.built_weeks() == weeks_built
    assert marker.now is bool(props.get("now"))
