"""The generator's times are naive Paris wall-clock times; services serve UTC instants."""

from __future__ import annotations

import numpy as np
import pandas as pd

TIME_ZONE = "Europe/Paris"


def to_utc(times: pd.Series) -> pd.Series:
    """Naive Paris times as UTC instants (tz-aware), read as PostgreSQL reads them: the
    repeated autumn hour and a time in the spring gap both count as standard time."""
    if times.dt.tz is not None:
        return times.dt.tz_convert("UTC")
    standard = np.zeros(len(times), dtype=bool)
    local = times.dt.tz_localize(TIME_ZONE, ambiguous=standard, nonexistent=pd.Timedelta("1h"))
    return local.dt.tz_convert("UTC")
