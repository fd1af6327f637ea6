"""What NAV's TILT codes and labels mean (``data/tilt.json``): the tiltaksgruppe of each code
and tiltak, and the status groups, under the names of the text export so series join.

The workbooks name a tiltak in a block's "I alt <tiltak>" row and in the status sheet's rows;
a name not listed is an error that says where to add it, since guessing its group would put
its participants in the wrong series.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

from generator.errors import ContentError

REFERENCE = "generator/data/tilt.json"
ALL_TILTAK = ""
"""The tiltak of a count over the whole tiltaksgruppe (as ``dataset.dimensions.ALL``)."""


def label_key(label: str) -> str:
    """A label for matching: case, spacing, dashes, a trailing full stop and NAV's comma in
    "Nedsatt arbeidsevne, på tiltak" do not matter."""
    text = unicodedata.normalize("NFC", label).replace("\u00a0", " ").casefold()
    text = re.sub(r"\s*[-–—]\s*", " - ", text)
    text = re.sub(r",\s*(?=på\b)", " ", text)
    return " ".join(text.split()).rstrip(" .,:;")


@dataclass(frozen=True)
class Tiltak:
    name: str
    tiltaksgruppe: str


@dataclass(frozen=True)
class Code:
    """One table code: the tiltaksgrupper its workbook covers, and their tiltak by label."""

    code: str
    tiltaksgrupper: tuple[str, ...]  # empty for TILT100, which covers all tiltak
    tiltak: dict[str, Tiltak]  # by label_key, aliases included

    @property
    def covers_all(self) -> bool:
        return not self.tiltaksgrupper


class TiltReference:
    """The codes, tiltak, tiltaksgrupper and status groups of ``data/tilt.json``."""

    def __init__(self, data: dict) -> None:
        self.codes: dict[str, Code] = {}
        self.order: dict[str, int] = {}  # tiltak name → its place, for the site's order
        self._groups: dict[str, str] = {}
        for entry in data["codes"]:
            tiltak: dict[str, Tiltak] = {}
            groups = []
            for group in entry["tiltaksgrupper"]:
                groups.append(group["name"])
                self._groups[label_key(group["name"])] = group["name"]
                for item in group["tiltak"]:
                    name, aliases = (item, []) if isinstance(item, str) else (
                        item["name"], item.get("aliases", [])
                    )  # fmt: skip
                    self.order.setdefault(name, len(self.order))
                    for label in [name, *aliases]:
                        tiltak[label_key(label)] = Tiltak(name, group["name"])
            self.codes[entry["code"].upper()] = Code(entry["code"].upper(), tuple(groups), tiltak)
        for name, aliases in data.get("tiltaksgruppe_aliases", {}).items():
            for label in [name, *aliases]:
                self._groups[label_key(label)] = name
        self._hovedgrupper: dict[str, str] = {}
        for entry in data["hovedgrupper"]:
            for label in [entry["name"], *entry.get("aliases", [])]:
                self._hovedgrupper[label_key(label)] = entry["name"]

    @classmethod
    def load(cls, path: Path | None = None) -> TiltReference:
        try:
            if path is None:
                text = resources.files("generator").joinpath("data/tilt.json").read_text("utf-8")
            else:
                text = path.read_text("utf-8")
            return cls(json.loads(text))
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise ContentError(f"{path or REFERENCE}: unusable: {exc}") from exc

    def known_codes(self) -> str:
        return ", ".join(sorted(self.codes))

    def tiltak(self, code: Code, label: str) -> Tiltak | None:
        """The tiltak a label names in a workbook of this code; a tiltaksgruppe of the code
        named instead (a subtotal) is that group's total (tiltak ``ALL_TILTAK``)."""
        key = label_key(label)
        if key in code.tiltak:
            return code.tiltak[key]
        group = self._groups.get(key)
        if group is not None and group in code.tiltaksgrupper:
            return Tiltak(ALL_TILTAK, group)
        return None

    def tiltaksgruppe(self, label: str) -> str | None:
        return self._groups.get(label_key(label))

    def hovedgruppe(self, label: str) -> str | None:
        return self._hovedgrupper.get(label_key(label))

    def hovedgrupper(self) -> list[str]:
        return list(dict.fromkeys(self._hovedgrupper.values()))


@cache
def default_reference() -> TiltReference:
    return TiltReference.load()
