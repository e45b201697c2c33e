"""Deterministic fault injection: 5xx errors, slow responses, malformed payloads.

A request's fault depends only on the seed, the client, the request (method,
path, query) and how many times that same request was made before: replaying
the same request sequence with the same seed yields the same faults.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import dataclass

KINDS = ("5xx", "slow", "malformed")
ERROR_CODES = (500, 502, 503, 504)


@dataclass(frozen=True)
class FaultPlan:
    """Probability of each fault kind per request (at most one fault a request)."""

    error: float = 0.0
    slow: float = 0.0
    malformed: float = 0.0

    @classmethod
    def parse(cls, spec: str) -> FaultPlan:
        """Parse ``"5xx:0.1,slow:0.05,malformed:0.02"`` (empty → no faults)."""
        rates = {"5xx": 0.0, "slow": 0.0, "malformed": 0.0}
        for part in filter(None, (p.strip() for p in spec.split(","))):
            kind, _, value = part.partition(":")
            if kind.strip() not in rates:
                raise ValueError(f"LABKIT_FAULTS : type inconnu {kind!r} (attendus : {KINDS})")
            rates[kind.strip()] = float(value)
        if any(r < 0 for r in rates.values()) or sum(rates.values()) > 1:
            raise ValueError(f"LABKIT_FAULTS : probabilités invalides dans {spec!r}")
        return cls(rates["5xx"], rates["slow"], rates["malformed"])


@dataclass(frozen=True)
class Fault:
    """One injected fault: ``kind`` in KINDS, ``status`` for 5xx faults."""

    kind: str
    status: int = 200

    @property
    def label(self) -> str:
        """Value of the ``X-Labkit-Fault`` response header."""
        return str(self.status) if self.kind == "5xx" else self.kind


def _uniform(*parts: object) -> float:
    digest = hashlib.blake2b("\x1f".join(map(str, parts)).encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big") / 2**64


def forced(value: str) -> Fault | None:
    """The fault asked for by an ``X-Labkit-Fault`` request header (``503``, ``slow``...)."""
    value = value.strip().lower()
    if value.isdigit() and 500 <= int(value) <= 599:
        return Fault("5xx", int(value))
    return Fault(value) if value in {"slow", "malformed"} else None


class FaultInjector:
    """Decides, request by request, which fault (if any) to inject."""

    def __init__(self, plan: FaultPlan, seed: int) -> None:
        self.plan, self.seed = plan, seed
        self._calls: Counter[str] = Counter()

    def decide(self, key: str) -> Fault | None:
        """The fault for the next call of request ``key`` (None: answer normally)."""
        nth = self._calls[key]
        self._calls[key] += 1
        draw = _uniform(self.seed, key, nth)
        if draw < self.plan.error:
            code = ERROR_CODES[int(_uniform(self.seed, key, nth, "code") * len(ERROR_CODES))]
            return Fault("5xx", code)
        if draw < self.plan.error + self.plan.slow:
            return Fault("slow")
        if draw < self.plan.error + self.plan.slow + self.plan.malformed:
            return Fault("malformed")
        return None


def corrupt(body: bytes) -> bytes:
    """A truncated copy of a JSON body: never valid JSON."""
    return body[: max(1, len(body) * 2 // 3)].rstrip(b"}]") + b',"'
