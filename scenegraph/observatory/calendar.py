"""The publication calendar: the observatory publishes figures as of month ends only (UTC), never as of any
instant, so two nearby dates cannot be differenced around one save. The month in progress is never published."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

__all__ = ["closed_periods", "month_end", "period_at", "period_end", "previous_period"]


def month_end(day: date) -> date:
    """The last day of `day`'s month."""
    first_next = date(day.year + (day.month == 12), day.month % 12 + 1, 1)
    return first_next - timedelta(days=1)


def period_end(period: date) -> datetime:
    """The instant a period ends (its last microsecond, UTC): the figures of the period count saves up to it."""
    return datetime.combine(month_end(period), time.max, tzinfo=UTC)


def previous_period(period: date) -> date:
    return month_end(period).replace(day=1) - timedelta(days=1)


def period_at(when: datetime | date | None, now: datetime | None = None) -> date:
    """The latest closed period end at or before `when` (None: now): what a date asks for is snapped to it."""
    now = now or datetime.now(UTC)
    if when is None:
        instant = now
    elif isinstance(when, datetime):
        instant = when.replace(tzinfo=UTC) if when.tzinfo is None else when.astimezone(UTC)
    else:
        instant = datetime.combine(when, time.max, tzinfo=UTC)  # a day asks for the figures at its end
    end = month_end(instant.date())
    if period_end(end) > instant:
        end = previous_period(end)
    while period_end(end) > now:  # a month still in progress is never published
        end = previous_period(end)
    return end


def closed_periods(first: datetime | None, now: datetime | None = None) -> list[date]:
    """Every closed period end from the month of `first` (the earliest save) on, oldest first."""
    if first is None:
        return []
    last = period_at(None, now)
    out, end = [], month_end(first.astimezone(UTC).date() if first.tzinfo else first.date())
    while end <= last:
        out.append(end)
        end = month_end(end + timedelta(days=1))
    return out
