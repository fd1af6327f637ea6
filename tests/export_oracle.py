"""A deliberately plain reading of an export, independent of the generator's reader.

Tests compare the site with this, so a misreading in the generator cannot hide behind itself.
"""

from __future__ import annotations

import re
from pathlib import Path

MONTHS = ["januar", "februar", "mars", "april", "mai", "juni", "juli", "august",
          "september", "oktober", "november", "desember"]  # fmt: skip


def norm(name: str) -> str:
    """A group name without commas, case or extra spaces: both hovedgruppe spellings match."""
    return " ".join(name.replace(",", " ").lower().split())


class Oracle:
    """The export as a dict: (printed group name, region, month) → count, or None for "*"."""

    def __init__(self, path: Path) -> None:
        self.tables: dict[str, dict[tuple[str, str], int | None]] = {}
        lines = path.read_text("utf-8").splitlines()
        for i, line in enumerate(lines):
            if not line.startswith("\t"):
                continue
            months = [MONTHS.index(m.lower()) + 1 for m in line.split("\t")[1:]]
            j, name = i - 1, []
            while not lines[j].strip():
                j -= 1
            while not re.match(r"^\w+ - \w+ \d{4}$", lines[j]):
                name.insert(0, lines[j])
                j -= 1
            year = lines[j][-4:]
            cells: dict[tuple[str, str], int | None] = {}
            for row in lines[i + 1 :]:
                if "\t" not in row:
                    break
                label, *values = row.split("\t")
                region = "Hele landet" if label.startswith("I alt") else label.strip()
                for month, value in zip(months, values, strict=True):
                    key = (region, f"{year}-{month:02d}")
                    cells[key] = None if value == "*" else int(value.replace(" ", ""))
            self.tables[norm(" ".join(name))] = cells

    def value(self, region: str, tiltaksgruppe: str, hovedgruppe: str, month: str) -> int | None:
        """The published count; a table, region or month the export leaves out is 0."""
        table = self.tables.get(norm(f"{hovedgruppe} {tiltaksgruppe}"), {})
        return table.get((region, month), 0)

    def hidden(self) -> set[tuple[str, str, str]]:
        """(normalised group name, region, "YYYY-MM") of every "*"."""
        return {
            (name, region, month)
            for name, cells in self.tables.items()
            for (region, month), value in cells.items()
            if value is None
        }
