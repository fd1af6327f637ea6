"""County reforms: which counties became which, and when (from ``data/fylker.json``).

A county page says for which period it has data and what the county became or came from;
a series that crosses a reform is marked as broken there, and a county that is an exact union
of older ones (Trøndelag = Sør- + Nord-Trøndelag) can show comparable history before it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources


@dataclass(frozen=True)
class Part:
    code: str
    name: str
    whole: bool  # the whole old county went into the new one
    note: str


@dataclass(frozen=True)
class Change:
    effective: str  # "YYYY-MM"
    code: str  # the county after the change
    name: str
    parts: tuple[Part, ...]

    @property
    def is_exact_union(self) -> bool:
        """The new county is exactly the old ones together, so their sums compare."""
        return all(p.whole and p.code != self.code for p in self.parts)

    def touches(self, code: str) -> bool:
        return self.code == code or any(p.code == code for p in self.parts)


@dataclass(frozen=True)
class Reforms:
    changes: tuple[Change, ...]

    def became(self, code: str) -> list[Change]:
        """Changes that took (part of) this county into another one."""
        return [c for c in self.changes if c.code != code and any(p.code == code for p in c.parts)]

    def came_from(self, code: str) -> list[Change]:
        """Changes that made or enlarged this county from other ones."""
        return [c for c in self.changes if c.code == code and any(p.code != code for p in c.parts)]

    def breaks(self, code: str, months: list[str]) -> list[Change]:
        """Changes to this county's borders inside its series (not at its very first month)."""
        return [c for c in self.changes if c.touches(code) and months and months[0] < c.effective
                <= months[-1]]  # fmt: skip


def parse(reference: dict) -> Reforms:
    changes = []
    for mapping in reference.get("mappings", []):
        parts = tuple(
            Part(p["code"], p["name"], p.get("part") == "all", "" if p.get("part") == "all"
                 else p.get("part", ""))
            for p in mapping["from"]
        )  # fmt: skip
        new = mapping["new"]
        changes.append(Change(mapping["effective"][:7], new["code"], new["name"], parts))
    return Reforms(tuple(sorted(changes, key=lambda c: (c.effective, c.code))))


@cache
def default_reforms() -> Reforms:
    text = resources.files("generator").joinpath("data/fylker.json").read_text("utf-8")
    return parse(json.loads(text))
