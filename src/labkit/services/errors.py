"""The one error the services raise; its message is for the learner (French)."""

from __future__ import annotations


class ServiceError(RuntimeError):
    """A lab service could not start, answer or stop; the message says how to fix it."""
