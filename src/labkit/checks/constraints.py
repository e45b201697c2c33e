"""Does the database refuse a statement? Proves constraints and privileges in test cells."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa


def refused(conn: sa.Connection, *statements: str, params: dict[str, Any] | None = None) -> bool:
    """True when the database refuses one of ``statements`` (run in order, in a savepoint).

    Nothing is kept: the savepoint is always rolled back, so the caller's transaction
    and data are unchanged either way.
    """
    point = conn.begin_nested()
    try:
        for statement in statements:
            conn.execute(sa.text(statement), params or {})
    except sa.exc.DBAPIError:
        return True
    finally:
        point.rollback()
    return False
