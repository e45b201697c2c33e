"""A requests session for test cells: it keeps what the learner's code sent and received."""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import urlparse

import requests


class RecordingSession(requests.Session):
    """Keeps every request sent (``sent``) and every response received (``log``).

    ``user_agent`` introduces the robot; ``forced`` lists faults asked of the course's
    partner API, one per request, in order (``X-Labkit-Fault`` header).
    """

    def __init__(self, user_agent: str | None = None, forced: Iterable[str] = ()) -> None:
        super().__init__()
        if user_agent:
            self.headers["User-Agent"] = user_agent
        self.forced = list(forced)
        self.sent: list[requests.PreparedRequest] = []
        self.log: list[requests.Response] = []

    def send(self, request: requests.PreparedRequest, **kwargs) -> requests.Response:
        if self.forced:
            request.headers["X-Labkit-Fault"] = self.forced.pop(0)
        self.sent.append(request)
        response = super().send(request, **kwargs)
        self.log.append(response)
        return response

    def paths(self) -> list[str]:
        """The URL paths requested, in order."""
        return [urlparse(request.url).path for request in self.sent]
