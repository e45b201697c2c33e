"""paniervert.to_utc: the generator's naive Paris times as UTC instants."""

from __future__ import annotations

import pandas as pd

from labkit.datasets import paniervert


def test_paris_wall_clock_becomes_utc_across_the_seasons() -> None:
    naive = pd.Series(pd.to_datetime([
        "2024-06-03 10:00:00",  # summer time, UTC+2
        "2024-01-15 10:00:00",  # winter time, UTC+1
        "2024-10-27 02:30:00",  # the repeated autumn hour: standard time (as PostgreSQL)
        "2024-03-31 02:30:00",  # in the spring gap: standard time, i.e. 03:30 summer time
    ]))
    got = paniervert.to_utc(naive).dt.strftime("%Y-%m-%d %H:%M%z").tolist()
    assert got == ["2024-06-03 08:00+0000", "2024-01-15 09:00+0000",
                   "2024-10-27 01:30+0000", "2024-03-31 01:30+0000"]


def test_aware_times_are_only_converted() -> None:
    aware = pd.Series(pd.to_datetime(["2024-06-03T10:00:00+02:00"]))
    assert paniervert.to_utc(aware).iloc[0] == pd.Timestamp("2024-06-03 08:00", tz="UTC")
