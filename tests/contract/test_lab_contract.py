"""The lab contract, proved for every lab under labs/ (see labkit.grading.contract)."""

from __future__ import annotations

import pytest

from labkit.grading.contract import check_lab
from labkit.labs import discover

LABS = discover()


def test_there_are_labs() -> None:
    assert LABS, "no lab found under labs/"


@pytest.mark.contract
@pytest.mark.parametrize("lab", LABS, ids=[lab.id for lab in LABS])
def test_lab_contract(lab, course, record_property) -> None:
    report = check_lab(course, lab)
    record_property("contract_seconds", report.seconds)
    assert report.ok, report.summary()
