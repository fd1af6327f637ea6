"""Golden sites: the sha256 of every file the build writes for a few fixed inputs.

The digests in ``tests/golden/`` say what the site looked like when they were last written on
purpose. ``test_golden.py`` builds the same inputs and compares file by file, so any change to
the output, however small, shows up as a named file. After an intended change, regenerate with

    python tests/golden.py

and say in the commit why the output changed.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = Path(__file__).resolve().parent / "golden"
EXPORTS = Path(__file__).resolve().parent / "exports"

# name → (export files copied into an otherwise empty content folder, or None for content/)
INPUTS: dict[str, tuple[Path, ...] | None] = {
    "bundled": None,
    "small": (EXPORTS / "small.txt",),
    "reform": tuple(sorted((EXPORTS / "reform").glob("*.txt"))),
}


def site_digest(site: Path) -> dict[str, str]:
    """Every file below ``site`` (POSIX path relative to it) → its sha256."""
    return {
        path.relative_to(site).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(site.rglob("*"))
        if path.is_file()
    }


def content_for(name: str, work: Path) -> Path:
    """The content folder the golden site ``name`` is built from (made inside ``work``)."""
    files = INPUTS[name]
    if files is None:
        return ROOT / "content"
    content = work / f"content-{name}"
    content.mkdir()
    for path in files:
        shutil.copy(path, content / path.name)
    return content


def build_site(name: str, work: Path) -> Path:
    """Build the golden input ``name`` with --strict and no cache; returns the site folder."""
    from generator.build import build
    from generator.config import BuildConfig

    out = work / f"site-{name}"
    build(BuildConfig(content=content_for(name, work), out=out, strict=True, cache=None))
    return out


def expected(name: str) -> dict[str, str]:
    return json.loads((GOLDEN / f"{name}.json").read_text("utf-8"))


def write(name: str, digest: dict[str, str]) -> None:
    text = json.dumps(digest, indent=1, sort_keys=True, ensure_ascii=False) + "\n"
    (GOLDEN / f"{name}.json").write_text(text, "utf-8")


def differences(want: dict[str, str], got: dict[str, str]) -> list[str]:
    """One line per file that is missing, extra or different; empty when the sites agree."""
    lines = [f"missing: {p}" for p in sorted(want.keys() - got.keys())]
    lines += [f"extra: {p}" for p in sorted(got.keys() - want.keys())]
    lines += [f"changed: {p}" for p in sorted(want.keys() & got.keys()) if want[p] != got[p]]
    return lines


def main(names: list[str]) -> int:
    GOLDEN.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        for name in names or list(INPUTS):
            digest = site_digest(build_site(name, Path(tmp)))
            write(name, digest)
            print(f"tests/golden/{name}.json: {len(digest)} files")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    sys.exit(main(sys.argv[1:]))
