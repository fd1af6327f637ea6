"""Shared fixtures: paths to the bundled export and the small test exports."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXPORTS = Path(__file__).resolve().parent / "exports"
BUNDLED = ROOT / "content" / "tiltaksdeltakere-tiltaksgruppe-fylke-2017.txt"


@pytest.fixture
def exports_dir() -> Path:
    return EXPORTS


@pytest.fixture
def bundled_export() -> Path:
    return BUNDLED
