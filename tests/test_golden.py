"""The built sites are byte-identical to the committed golden digests (see golden.py)."""

from __future__ import annotations

from pathlib import Path

import golden
import pytest


def _compare(name: str, site: Path) -> None:
    found = golden.differences(golden.expected(name), golden.site_digest(site))
    shown = "\n".join(found[:20])
    assert not found, (
        f"the {name} site differs from tests/golden/{name}.json in {len(found)} files:\n{shown}\n"
        "if the change is intended, run: python tests/golden.py"
    )


def test_bundled_site_matches_golden_digest(built_site: Path) -> None:
    _compare("bundled", built_site)


@pytest.mark.parametrize("name", [n for n in golden.INPUTS if golden.INPUTS[n] is not None])
def test_fixture_site_matches_golden_digest(name: str, tmp_path: Path) -> None:
    _compare(name, golden.build_site(name, tmp_path))


def test_golden_digest_sees_a_changed_byte(tmp_path: Path) -> None:
    site = tmp_path / "site"
    (site / "fylke").mkdir(parents=True)
    (site / "fylke" / "oslo.html").write_bytes(b"<p>1 000</p>")
    want = golden.site_digest(site)
    (site / "fylke" / "oslo.html").write_bytes(b"<p>1 001</p>")
    (site / "new.csv").write_bytes(b"")
    assert golden.differences(want, golden.site_digest(site)) == [
        "extra: new.csv",
        "changed: fylke/oslo.html",
    ]
