"""Per-client token-bucket rate limiting (deterministic for a given clock)."""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass

_UNITS = {"ms": 0.001, "s": 1.0, "sec": 1.0, "m": 60.0, "min": 60.0, "h": 3600.0}
_SPEC = re.compile(r"^\s*(\d+)\s*/\s*(\d*\.?\d*)\s*(ms|sec|s|min|m|h)\s*$")


@dataclass(frozen=True)
class Rate:
    """``requests`` allowed per ``period`` seconds (also the burst size)."""

    requests: int
    period: float

    @classmethod
    def parse(cls, spec: str) -> Rate | None:
        """Parse ``"20/s"``, ``"100/min"``, ``"3/0.5s"``; ``""``, ``"off"`` or ``"0"`` → None."""
        if spec.strip().lower() in {"", "off", "0", "none"}:
            return None
        match = _SPEC.match(spec)
        if not match:
            raise ValueError(f"LABKIT_API_RATE invalide : {spec!r} (exemples : 20/s, 100/min)")
        count, number, unit = match.groups()
        period = float(number or 1) * _UNITS[unit]
        if int(count) < 1 or period <= 0:
            raise ValueError(f"LABKIT_API_RATE invalide : {spec!r}")
        return cls(int(count), period)


@dataclass
class Verdict:
    """Outcome of one request: allowed or not, what is left, how long to wait."""

    allowed: bool
    limit: int
    remaining: int
    retry_after: int = 0


class RateLimiter:
    """One token bucket per client, refilled continuously at ``rate``."""

    def __init__(self, rate: Rate, clock: Callable[[], float]) -> None:
        self.rate, self.clock = rate, clock
        self._buckets: dict[str, tuple[float, float]] = {}

    def hit(self, client: str) -> Verdict:
        """Take one token for ``client`` if there is one."""
        now, per_second = self.clock(), self.rate.requests / self.rate.period
        tokens, last = self._buckets.get(client, (float(self.rate.requests), now))
        tokens = min(float(self.rate.requests), tokens + (now - last) * per_second)
        if tokens >= 1:
            self._buckets[client] = (tokens - 1, now)
            return Verdict(True, self.rate.requests, int(tokens - 1))
        self._buckets[client] = (tokens, now)
        wait = math.ceil((1 - tokens) / per_second)
        return Verdict(False, self.rate.requests, 0, max(1, wait))
