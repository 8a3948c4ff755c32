"""Tests run on the bundled sample with a short search, and never write into the project."""

import pytest


@pytest.fixture(autouse=True)
def isolated(tmp_path, monkeypatch):
    monkeypatch.setenv("MLOPS_TRACKING_DIR", str(tmp_path / "runs"))
    monkeypatch.setattr("${{ values.package }}.config.MODELS_DIR", tmp_path / "models")
    monkeypatch.setattr("${{ values.package }}.config.REPORTS_DIR", tmp_path / "reports")
    return tmp_path
