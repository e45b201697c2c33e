"""Settings of the partner API, read from environment variables."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field

from labkit.services.partner_api.faults import FaultPlan
from labkit.services.partner_api.ratelimit import Rate


@dataclass(frozen=True)
class Settings:
    """Everything a run can change; defaults are the documented demo values."""

    scale: float = 1.0
    seed: int = 42
    api_key: str = "pv-demo-key"
    client_id: str = "labkit"
    client_secret: str = "labkit-secret"
    token_ttl: float = 3600.0
    rate: Rate | None = field(default_factory=lambda: Rate.parse("20/s"))
    faults: FaultPlan = field(default_factory=FaultPlan)
    slow_seconds: float = 2.0
    max_page_size: int = 100

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        """Build settings from ``LABKIT_*`` variables (``os.environ`` by default).

        An empty variable counts as unset (the process manager passes empty options).
        """
        env = os.environ if env is None else env

        def get(name: str, default: object) -> str:
            return env.get(name) or str(default)

        d = cls()
        return cls(
            scale=float(get("LABKIT_SCALE", d.scale)),
            seed=int(get("LABKIT_SEED", d.seed)),
            api_key=get("LABKIT_API_KEY", d.api_key),
            client_id=get("LABKIT_CLIENT_ID", d.client_id),
            client_secret=get("LABKIT_CLIENT_SECRET", d.client_secret),
            token_ttl=float(get("LABKIT_TOKEN_TTL", d.token_ttl)),
            rate=Rate.parse(get("LABKIT_API_RATE", "20/s")),
            faults=FaultPlan.parse(env.get("LABKIT_FAULTS", "")),
            slow_seconds=float(get("LABKIT_SLOW_SECONDS", d.slow_seconds)),
        )
