"""Write the bundled fonts: DejaVu Sans cut down to the characters charts need.

    python generator/fonts/subset.py /usr/share/fonts/truetype/dejavu

vl-convert measures every label with the font's file (it maps the file for each measurement),
so a small file makes chart rendering about a third faster; and a bundled font makes the
layout the same on every machine, whatever fonts it has. Widths are kept exactly: advance
widths, outlines and kerning of the kept characters are DejaVu's own.
"""

from __future__ import annotations

import sys
from pathlib import Path

from fontTools import subset

FACES = ("DejaVuSans", "DejaVuSans-Bold", "DejaVuSans-Oblique", "DejaVuSans-BoldOblique")
UNICODES = (
    "U+0020-007E,"  # ASCII
    "U+00A0-017F,"  # Latin-1 and Latin Extended-A: Norwegian and the Sámi county names
    "U+2009-200A,U+2010-2027,U+202F-203A,U+2044,"  # spaces, dashes, quotes, ellipsis
    "U+20AC,U+2212"  # euro, minus
)


def main(source: Path) -> None:
    here = Path(__file__).parent
    for face in FACES:
        subset.main([
            str(source / f"{face}.ttf"),
            f"--unicodes={UNICODES}",
            "--layout-features=kern",
            f"--output-file={here / f'{face}.ttf'}",
        ])  # fmt: skip


if __name__ == "__main__":
    main(Path(sys.argv[1]))
