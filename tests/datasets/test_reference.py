"""The shipped reference tables: intact, complete, consistent."""

from __future__ import annotations

from labkit.datasets.paniervert import reference


def test_reference_files_match_their_checksums() -> None:
    assert reference.checksum_mismatches() == []


def test_101_departements_in_18_regions() -> None:
    regions = reference.read("regions")
    departements = reference.read("departements")
    assert len(regions) == 18 and regions["region_code"].is_unique
    assert len(departements) == 101 and departements["departement_code"].is_unique
    assert set(departements["region_code"]) == set(regions["region_code"])
    overseas = departements["departement_code"].str.len() == 3
    assert sorted(departements.loc[overseas, "departement_code"]) == [
        "971", "972", "973", "974", "976"]
    assert {"2A", "2B", "01", "75"} <= set(departements["departement_code"])
    assert (regions["region_code"].astype(int) >= 11).sum() == 13


def test_a_changed_byte_is_detected(tmp_path, monkeypatch) -> None:
    folder = tmp_path / "datasets" / "reference"
    folder.mkdir(parents=True)
    source = reference.reference_dir()
    for name in ("regions.csv", "departements.csv", "SHA256SUMS"):
        (folder / name).write_bytes((source / name).read_bytes())
    (folder / "regions.csv").write_text("region_code,name\n11,Île de France\n")
    monkeypatch.setenv("LABKIT_HOME", str(tmp_path))
    assert reference.checksum_mismatches() == ["regions.csv"]
