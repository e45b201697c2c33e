"""A tiny ASGI app standing in for the partner API in the service manager's tests."""

from __future__ import annotations

import json
import os


def create_app():
    """Answers ``/health`` with 200 and ``/`` with the LABKIT_* options it was started with."""

    async def app(scope, receive, send):
        if scope["type"] == "lifespan":
            while (await receive())["type"] != "lifespan.shutdown":
                await send({"type": "lifespan.startup.complete"})
            await send({"type": "lifespan.shutdown.complete"})
            return
        options = {k: v for k, v in os.environ.items() if k.startswith("LABKIT_")}
        body = json.dumps({"path": scope["path"], "options": options}).encode()
        await send({"type": "http.response.start", "status": 200,
                    "headers": [(b"content-type", b"application/json")]})
        await send({"type": "http.response.body", "body": body})

    return app


def broken():
    """A factory that fails: the manager must report the log and leave nothing running."""
    raise RuntimeError("dummy app cannot start")
