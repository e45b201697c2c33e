"""Say which case of a test failed, and call learners' functions safely."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from labkit.checks.messages import CheckFailed


@contextmanager
def context(label: str) -> Iterator[None]:
    """Prefix the message of any failed check inside the block with ``label``."""
    try:
        yield
    except AssertionError as error:
        raise CheckFailed(f"{label} : {error}") from None


def learner_call(label: str, function: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """Call a learner's function; an exception becomes a French failure naming ``label``."""
    try:
        return function(*args, **kwargs)
    except Exception as error:
        raise CheckFailed(
            f"{label} : votre fonction lève {type(error).__name__} ({error})."
        ) from None
