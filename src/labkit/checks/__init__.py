"""Graders for data work, used in the nbgrader test cells of the labs.

A wrong answer raises :class:`CheckFailed` (an ``AssertionError``) with a kind French
message that says what differs without revealing the expected answer.
"""

from labkit.checks.constraints import refused
from labkit.checks.context import context, learner_call
from labkit.checks.frames import assert_columns, assert_frame_matches, assert_row_count
from labkit.checks.http import RecordingSession
from labkit.checks.messages import CheckFailed
from labkit.checks.queries import assert_query_matches, run_query
from labkit.checks.scd import (
    assert_facts_join_valid_version,
    assert_history_matches,
    assert_no_gaps,
    assert_no_overlap,
    assert_one_current_row_per_key,
)
from labkit.checks.tables import to_frame

__all__ = [
    "CheckFailed",
    "RecordingSession",
    "assert_columns",
    "assert_facts_join_valid_version",
    "assert_frame_matches",
    "assert_history_matches",
    "assert_no_gaps",
    "assert_no_overlap",
    "assert_one_current_row_per_key",
    "assert_query_matches",
    "assert_row_count",
    "context",
    "learner_call",
    "refused",
    "run_query",
    "to_frame",
]
