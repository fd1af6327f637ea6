"""Which region a row label names: a fylke (with its code and era), a pseudo-region, or the country.

The reference list of counties by era (``data/fylker.json``) gives codes for ordering and links
and the names NAV has printed ("Troms - Romsa - Tromssa ", "Svalbard og øvrige områder").
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

from generator.errors import ContentError, ExportError

NATIONAL = "Hele landet"
ROLE_COUNTY = "fylke"
ROLE_OTHER = "øvrige"
ROLE_UNKNOWN = "ukjent"
ROLE_NATIONAL = "landet"
ROLE_ORDER = {ROLE_NATIONAL: 0, ROLE_COUNTY: 1, ROLE_OTHER: 2, ROLE_UNKNOWN: 3}


@dataclass(frozen=True)
class Region:
    name: str  # the name the site shows
    role: str
    code: str = ""  # fylkesnummer, for counties
    valid_from: str = ""  # "YYYY-MM" of the county's era
    valid_to: str = ""

    @property
    def sort_key(self) -> tuple[int, str, str]:
        return (ROLE_ORDER[self.role], self.code, self.name)


def _key(label: str) -> str:
    """Normalise a label for matching: case, spacing, dashes and no-break spaces do not matter."""
    text = unicodedata.normalize("NFC", label).replace("\u00a0", " ").casefold()
    text = re.sub(r"\s*[-–—]\s*", " - ", text)
    return " ".join(text.split())


_NORWEGIAN_LETTERS = str.maketrans({"æ": "ae", "ø": "o", "å": "a"})


def slugify(name: str) -> str:
    """A file-name-safe ASCII slug: "Sør-Trøndelag" → "sor-trondelag"."""
    text = name.casefold().translate(_NORWEGIAN_LETTERS)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


@dataclass(frozen=True)
class SlugClash:
    """A name that would get no file of its own: it has no slug, or an earlier name's slug."""

    index: int  # where the name is in the list checked
    earlier: int | None  # where the name with the same slug is; None when the slug is empty
    slug: str


def slug_clash(names: Sequence[str]) -> SlugClash | None:
    """The first name whose file would be nameless or overwrite an earlier name's file.

    The one check of file names: the reader asks it of a file's tiltaksgrupper (to name the
    lines), the site's routes of every county and tiltaksgruppe they name pages after.
    """
    first: dict[str, int] = {}
    for index, name in enumerate(names):
        slug = slugify(name)
        if not slug:
            return SlugClash(index, None, slug)
        earlier = first.setdefault(slug, index)
        if earlier != index:
            return SlugClash(index, earlier, slug)
    return None


class RegionCatalog:
    """Matches NAV's row labels to regions."""

    def __init__(self, reference: dict) -> None:
        spans: dict[tuple[str, str], list[str]] = {}
        labels: dict[tuple[str, str], set[str]] = {}
        for era in reference["eras"]:
            valid_from = era["valid_from"][:7]
            valid_to = (era["valid_to"] or "9999-12")[:7]
            for fylke in era["fylker"]:
                ident = (fylke["code"], fylke["name"])
                span = spans.setdefault(ident, [valid_from, valid_to])
                span[0], span[1] = min(span[0], valid_from), max(span[1], valid_to)
                names = labels.setdefault(ident, {fylke["name"]})
                names.add(fylke.get("official_label", ""))
                names.update(fylke.get("nav_labels_seen", []))
                others = fylke.get("other_names", [])
                if others:
                    names.add(" - ".join([fylke["name"], *others]))
                    names.add(" ".join([fylke["name"], *others]))
        self.counties = [
            Region(name, ROLE_COUNTY, code, *spans[(code, name)]) for code, name in spans
        ]
        self._by_code = {region.code: region for region in self.counties}
        self._counties: dict[str, list[Region]] = {}
        for region in self.counties:
            for label in filter(None, labels[(region.code, region.name)]):
                self._counties.setdefault(_key(label), []).append(region)
        self._pseudo: dict[str, Region] = {}
        for pseudo in reference.get("nav_pseudo_regions", []):
            role = ROLE_UNKNOWN if _key(pseudo["label"]) == "ukjent" else ROLE_OTHER
            name = "Ukjent" if role == ROLE_UNKNOWN else "Øvrige områder"
            for label in [pseudo["label"], *pseudo.get("aliases", [])]:
                label = label.split(" (")[0]
                self._pseudo.setdefault(_key(label), Region(name, role))

    @classmethod
    def load(cls, path: Path | None = None) -> RegionCatalog:
        try:
            if path is None:
                text = resources.files("generator").joinpath("data/fylker.json").read_text("utf-8")
            else:
                text = path.read_text("utf-8")
            return cls(json.loads(text))
        except (OSError, ValueError, KeyError) as exc:
            raise ContentError(f"{path or 'generator/data/fylker.json'}: unusable: {exc}") from exc

    def region(self, name: str, role: str, code: str) -> Region:
        """The region a classified row stands for, from the name, role and code it was given."""
        return self._by_code[code] if role == ROLE_COUNTY else Region(name, role)

    def classify(self, label: str, month: str, path: Path, line: int) -> Region:
        """The region a row label names, preferring the county era that contains ``month``."""
        key = _key(label)
        if key.startswith("i alt"):
            return Region(NATIONAL, ROLE_NATIONAL)
        if key in self._pseudo:
            return self._pseudo[key]
        candidates = self._counties.get(key) or self._counties.get(key.split(" - ")[0], [])
        if not candidates:
            raise ExportError(
                path,
                line,
                f"unknown region {label.strip()!r}: expected a fylke, 'Øvrige områder' or "
                "'Ukjent' (is the file in UTF-8, UTF-16 or Windows-1252?)",
            )
        in_era = [r for r in candidates if r.valid_from <= month <= r.valid_to]
        return (in_era or sorted(candidates, key=lambda r: r.valid_from))[0]


@cache
def default_catalog() -> RegionCatalog:
    return RegionCatalog.load()
