"""What one running app holds: settings, data, tokens, rate buckets, fault counters."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from fastapi import Request

from labkit.services.partner_api.auth import TokenStore
from labkit.services.partner_api.data import PartnerData
from labkit.services.partner_api.faults import FaultInjector
from labkit.services.partner_api.ratelimit import RateLimiter
from labkit.services.partner_api.settings import Settings


@dataclass
class AppState:
    settings: Settings
    data: PartnerData
    tokens: TokenStore
    limiter: RateLimiter | None
    faults: FaultInjector

    @classmethod
    def build(cls, settings: Settings, data: PartnerData, clock: Callable[[], float]) -> AppState:
        limiter = RateLimiter(settings.rate, clock) if settings.rate else None
        return cls(
            settings,
            data,
            TokenStore(settings.token_ttl, clock),
            limiter,
            FaultInjector(settings.faults, settings.seed),
        )


def app_state(request: Request) -> AppState:
    """The state of the app serving ``request``."""
    return request.app.state.labkit
