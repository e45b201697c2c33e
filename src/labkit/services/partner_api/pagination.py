"""Page/size pagination with links, and opaque base64 cursors."""

from __future__ import annotations

import base64
import binascii
import json
import math
from typing import Any

from fastapi import HTTPException, Request


def page_links(request: Request, page: int, pages: int) -> dict[str, str | None]:
    """``self``, ``first``, ``last``, ``prev`` and ``next`` URLs (None at the ends)."""

    def url(number: int) -> str:
        return str(request.url.include_query_params(page=number))

    return {
        "self": url(page),
        "first": url(1),
        "last": url(max(pages, 1)),
        "prev": url(page - 1) if 1 < page <= pages + 1 else None,
        "next": url(page + 1) if page < pages else None,
    }


def page_envelope(
    request: Request, items: list[dict], page: int, size: int, total: int
) -> dict[str, Any]:
    """The JSON body of a page: items, counts and links."""
    pages = math.ceil(total / size) if total else 0
    return {
        "items": items,
        "page": page,
        "size": size,
        "total": total,
        "pages": pages,
        "links": page_links(request, page, pages),
    }


def bad_cursor() -> HTTPException:
    """The 400 answered to a cursor this API did not make."""
    return HTTPException(400, detail="Curseur invalide : réutilisez next_cursor tel quel.")


def encode_cursor(after: Any) -> str:
    """An opaque cursor pointing after the key ``after``."""
    raw = json.dumps({"after": after}, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str) -> Any:
    """The key a cursor points after; 400 if the cursor was not made by this API."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        return json.loads(raw)["after"]
    except (binascii.Error, ValueError, KeyError, TypeError) as exc:
        raise bad_cursor() from exc
