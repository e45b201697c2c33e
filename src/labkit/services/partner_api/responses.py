"""JSON responses of the /v1 routes: ETag, 304, rate headers, malformed-payload faults."""

from __future__ import annotations

import json
from typing import Any

from fastapi import HTTPException, Request, Response

from labkit.services.partner_api.data import records
from labkit.services.partner_api.etag import etag_of, matches
from labkit.services.partner_api.faults import corrupt
from labkit.services.partner_api.guard import rate_headers
from labkit.services.partner_api.state import app_state


def respond(request: Request, payload: Any) -> Response:
    """Serialize ``payload``; 304 if the client's ``If-None-Match`` still matches."""
    body = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode()
    headers = rate_headers(getattr(request.state, "rate", None))
    fault = getattr(request.state, "fault", None)
    if fault is not None:
        headers["X-Labkit-Fault"] = fault.label
    if fault is not None and fault.kind == "malformed":
        return Response(corrupt(body), 200, headers, media_type="application/json")
    headers["ETag"] = etag_of(body)
    if matches(request.headers.get("if-none-match"), headers["ETag"]):
        return Response(status_code=304, headers=headers)
    return Response(body, 200, headers, media_type="application/json")


def respond_one(request: Request, table: str, missing: str, **equals: str) -> Response:
    """The first row of ``table`` whose columns equal ``equals``; 404 with ``missing`` if none."""
    frame = app_state(request).data.select(table, **equals)
    if frame.empty:
        raise HTTPException(404, detail=missing)
    return respond(request, records(frame.head(1))[0])
