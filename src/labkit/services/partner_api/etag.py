"""Strong ETags over response bodies, and ``If-None-Match`` matching."""

from __future__ import annotations

import hashlib


def etag_of(body: bytes) -> str:
    """A strong ETag (quoted) for ``body``."""
    return '"' + hashlib.sha256(body).hexdigest()[:32] + '"'


def matches(if_none_match: str | None, etag: str) -> bool:
    """Whether an ``If-None-Match`` header value matches ``etag`` (weak comparison)."""
    if not if_none_match:
        return False
    candidates = {tag.strip().removeprefix("W/") for tag in if_none_match.split(",")}
    return "*" in candidates or etag in candidates
