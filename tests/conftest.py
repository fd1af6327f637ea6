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


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled export built once, with --strict, into a temporary folder."""
    from generator.build import build
    from generator.config import BuildConfig

    out = tmp_path_factory.mktemp("build") / "site"
    build(BuildConfig(content=ROOT / "content", out=out, strict=True))
    return out
