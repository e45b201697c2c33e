"""The generator's times are naive Paris wall-clock times; services serve UTC instants."""

from __future__ import annotations

import numpy as np
import pandas as pd

TIME_ZONE = "Europe/Paris"


def to_utc(times: pd.Series) -> pd.Series:
    """Naive Paris times as UTC instants (tz-aware). The repeated autumn hour is read as
    summer time and a time in the spring gap moves forward, as PostgreSQL does."""
    if times.dt.tz is not None:
        return times.dt.tz_convert("UTC")
    summer = np.ones(len(times), dtype=bool)
    local = times.dt.tz_localize(TIME_ZONE, ambiguous=summer, nonexistent="shift_forward")
    return local.dt.tz_convert("UTC")
