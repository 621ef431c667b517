"""The release schedule: the next release and the next case-study deadline relative to a moment.

The policy's `schedule` says on which days releases ship, at what time, and when the next
feature's case study is due the same day, all in one IANA time zone. Times are computed in
that zone (so a release at 09:00 stays at 09:00 across daylight-saving changes) and time left
is measured in UTC (so a night that loses or gains an hour counts as it really is).
"""
from __future__ import annotations

import datetime
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from policycheck.errors import UsageError
from policycheck.settings import ScheduleSettings

DAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_SEARCH_DAYS = 8  # a weekly schedule repeats within a week (and one more day for "later today")


@dataclass(frozen=True)
class Deadlines:
    timezone: str
    now: datetime.datetime  # in the policy's time zone
    next_release: datetime.datetime | None  # None: the schedule names no release day
    case_study_due: datetime.datetime | None  # the next deadline for the next feature's case study
    last_release: datetime.datetime | None  # the latest release time at or before now

    def left(self, when: datetime.datetime | None) -> datetime.timedelta | None:
        return _utc(when) - _utc(self.now) if when is not None else None


def parse_now(text: str | None, timezone: str) -> datetime.datetime:
    """--now as an aware time in the policy's zone (a time without an offset is read in it)."""
    zone = ZoneInfo(timezone)
    if text is None:
        return datetime.datetime.now(zone)
    try:
        moment = datetime.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise UsageError(f"--now {text!r} is not an ISO time (such as 2026-12-04T16:00:00Z)") from None
    return (moment.replace(tzinfo=zone) if moment.tzinfo is None else moment).astimezone(zone)


def deadlines(schedule: ScheduleSettings, now: datetime.datetime) -> Deadlines:
    zone = ZoneInfo(schedule.timezone)
    local = now.astimezone(zone)
    release = _clock(schedule.release_time, "schedule.release_time")
    due = _clock(schedule.case_study_due, "schedule.case_study_due")
    days = [local.date() + datetime.timedelta(days=n) for n in range(-_SEARCH_DAYS, _SEARCH_DAYS)]
    release_days = [d for d in days if DAYS[d.weekday()] in schedule.release_days]
    releases = [_at(d, release, zone) for d in release_days]
    dues = [_at(d, due, zone) for d in release_days]
    return Deadlines(schedule.timezone, local,
                     next_release=min((r for r in releases if _utc(r) > _utc(local)), default=None),
                     case_study_due=min((d for d in dues if _utc(d) > _utc(local)), default=None),
                     last_release=max((r for r in releases if _utc(r) <= _utc(local)), default=None))


def _clock(text: str, key: str) -> datetime.time:
    try:
        return datetime.time.fromisoformat(text)
    except ValueError:
        raise UsageError(f"{key}: {text!r} is not a time of day (HH:MM)") from None


def _at(day: datetime.date, clock: datetime.time, zone: ZoneInfo) -> datetime.datetime:
    # A wall time skipped by a spring-forward change (02:30) is read with the offset before it
    # (fold=0), as zoneinfo does; release times in practice are not in that hour.
    return datetime.datetime.combine(day, clock, tzinfo=zone)


def _utc(moment: datetime.datetime) -> datetime.datetime:
    # Aware datetimes that share a tzinfo subtract as wall clocks; UTC makes them real instants.
    return moment.astimezone(datetime.timezone.utc)


def describe_left(delta: datetime.timedelta | None) -> str:
    """`1d 4h 30m`, `45m`, or `passed`."""
    if delta is None:
        return "-"
    minutes = int(delta.total_seconds() // 60)
    if minutes < 0:
        return "passed"
    days, rest = divmod(minutes, 24 * 60)
    hours, mins = divmod(rest, 60)
    parts = [f"{days}d"] if days else []
    parts += [f"{hours}h"] if hours or days else []
    return " ".join([*parts, f"{mins}m"])
