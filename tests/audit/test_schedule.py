"""The schedule in the policy's time zone (America/Los_Angeles by default): the next release
and case-study deadline across a week, and across both daylight-saving changes."""
from __future__ import annotations

import datetime

import pytest

from policycheck.audit.schedule import deadlines, describe_left, parse_now
from policycheck.errors import UsageError
from policycheck.policy import load_policy

SCHEDULE = load_policy().settings.schedule  # Mon/Wed/Fri 09:00, due 17:30, America/Los_Angeles


def _at(now: str) -> tuple[str, str, str, str]:
    d = deadlines(SCHEDULE, parse_now(now, SCHEDULE.timezone))
    assert d.next_release and d.case_study_due
    return (d.next_release.isoformat(), describe_left(d.left(d.next_release)),
            d.case_study_due.isoformat(), describe_left(d.left(d.case_study_due)))


def test_friday_1600_utc_is_an_hour_before_the_release() -> None:
    # 2026-12-04 is a Friday; 16:00 UTC is 08:00 in Los Angeles (PST, UTC-8).
    assert _at("2026-12-04T16:00:00Z") == ("2026-12-04T09:00:00-08:00", "1h 0m", "2026-12-04T17:30:00-08:00", "9h 30m")


def test_a_sunday_waits_for_monday() -> None:
    assert _at("2026-12-06T12:00:00Z") == ("2026-12-07T09:00:00-08:00", "1d 5h 0m", "2026-12-07T17:30:00-08:00",
                                           "1d 13h 30m")


@pytest.mark.parametrize(("now", "release", "due"), [
    ("2026-11-30T12:00:00-08:00", "2026-12-02T09:00:00-08:00", "2026-11-30T17:30:00-08:00"),  # Mon after release
    ("2026-12-01T12:00:00-08:00", "2026-12-02T09:00:00-08:00", "2026-12-02T17:30:00-08:00"),  # Tuesday
    ("2026-12-02T08:59:00-08:00", "2026-12-02T09:00:00-08:00", "2026-12-02T17:30:00-08:00"),  # Wed, a minute before
    ("2026-12-02T09:00:00-08:00", "2026-12-04T09:00:00-08:00", "2026-12-02T17:30:00-08:00"),  # Wed, at the release
    ("2026-12-02T17:30:00-08:00", "2026-12-04T09:00:00-08:00", "2026-12-04T17:30:00-08:00"),  # Wed, at the deadline
    ("2026-12-03T12:00:00-08:00", "2026-12-04T09:00:00-08:00", "2026-12-04T17:30:00-08:00"),  # Thursday
    ("2026-12-04T18:00:00-08:00", "2026-12-07T09:00:00-08:00", "2026-12-07T17:30:00-08:00"),  # Friday evening
    ("2026-12-05T12:00:00-08:00", "2026-12-07T09:00:00-08:00", "2026-12-07T17:30:00-08:00"),  # Saturday
])
def test_across_a_week(now: str, release: str, due: str) -> None:
    next_release, _, case_study_due, _ = _at(now)
    assert (next_release, case_study_due) == (release, due)


def test_spring_forward_loses_an_hour() -> None:
    # Los Angeles moves from PST to PDT on Sunday 2026-03-08: Saturday noon to Monday 09:00
    # is 45 hours on the wall clock, 44 in fact.
    assert _at("2026-03-07T12:00:00-08:00")[:2] == ("2026-03-09T09:00:00-07:00", "1d 20h 0m")


def test_fall_back_gains_an_hour() -> None:
    # ... and back to PST on Sunday 2026-11-01: 45 wall-clock hours are 46.
    assert _at("2026-10-31T12:00:00-07:00")[:2] == ("2026-11-02T09:00:00-08:00", "1d 22h 0m")


def test_a_time_without_an_offset_is_read_in_the_policy_zone() -> None:
    assert parse_now("2026-12-04T08:00", SCHEDULE.timezone).isoformat() == "2026-12-04T08:00:00-08:00"


def test_a_bad_now_is_one_clear_error() -> None:
    with pytest.raises(UsageError, match=r"^--now 'friday' is not an ISO time \(such as 2026-12-04T16:00:00Z\)$"):
        parse_now("friday", SCHEDULE.timezone)


def test_the_last_release_is_the_latest_at_or_before_now() -> None:
    d = deadlines(SCHEDULE, datetime.datetime(2026, 12, 6, 12, tzinfo=datetime.timezone.utc))
    assert d.last_release is not None and d.last_release.isoformat() == "2026-12-04T09:00:00-08:00"
