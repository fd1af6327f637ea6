"""Group names: each table's tiltaksgruppe and hovedgruppe, and only names NAV uses.

A table's group is read from the lines between its period and its header, so a heading line
doubled, dropped or swapped with another makes a name of its own ("Arbeidssøkere på tiltak,
Arbeidssøkere på tiltak"): a group the site would show beside the real one, whose counts would
all read 0. Names are therefore checked against the names NAV uses (``data/grupper.json``), and
a name that is not there stops the build, saying where to add it when NAV has a new group.
Names are kept as printed; the list only decides which are real.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

from generator.errors import ContentError, ExportError
from generator.source.regions import slug_clash
from generator.source.types import Table

REFERENCE = "generator/data/grupper.json"
"""Where the names are, as an error message names it."""


def group_key(name: str) -> str:
    """A name for matching: case, spacing, commas and trailing punctuation do not matter."""
    text = unicodedata.normalize("NFC", name).replace("\u00a0", " ").replace(",", " ")
    return " ".join(text.casefold().split()).rstrip(" ;:-–")


@dataclass(frozen=True)
class GroupNames:
    """The tiltaksgrupper and status groups NAV uses: each a name and the spellings it has."""

    tiltaksgrupper: tuple[tuple[str, ...], ...]  # (name, *variants)
    hovedgrupper: tuple[tuple[str, ...], ...]

    @classmethod
    def load(cls, path: Path | None = None) -> GroupNames:
        shown = path or REFERENCE
        try:
            if path is None:
                text = resources.files("generator").joinpath("data/grupper.json").read_text()
            else:
                text = path.read_text("utf-8")
            reference = json.loads(text)
            return cls(
                tuple((g["name"], *g.get("variants", [])) for g in reference["tiltaksgrupper"]),
                tuple((g["name"], *g.get("variants", [])) for g in reference["hovedgrupper"]),
            )
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise ContentError(f"{shown}: unusable: {exc}") from exc

    def with_names(
        self, tiltaksgrupper: Iterable[str] = (), hovedgrupper: Iterable[str] = ()
    ) -> GroupNames:
        """These names and more: for a publisher's own groups, and for tests."""
        return GroupNames(
            self.tiltaksgrupper + tuple((name,) for name in tiltaksgrupper),
            self.hovedgrupper + tuple((name,) for name in hovedgrupper),
        )

    def is_tiltaksgruppe(self, name: str) -> bool:
        return group_key(name) in {group_key(n) for names in self.tiltaksgrupper for n in names}

    def hovedgruppe(self, name: str) -> str | None:
        """The status group's name as the list has it (its first spelling), None if unknown."""
        key = group_key(name)
        return next((g[0] for g in self.hovedgrupper if key in map(group_key, g)), None)


@cache
def default_group_names() -> GroupNames:
    return GroupNames.load()


def _split_hovedgruppe(table: Table, tiltaksgrupper: dict[str, str]) -> tuple[str, str]:
    """Split "Nedsatt arbeidsevne, på tiltak, opplæring" into hovedgruppe and tiltaksgruppe.

    The tiltaksgruppe is the longest known group name (from the file's tables of all
    hovedgrupper) that ends the table name; the rest, less trailing punctuation, is the
    hovedgruppe, with NAV's two spellings ("Nedsatt arbeidsevne, på tiltak") made one.
    """
    lowered = table.name.lower()
    for key in sorted(tiltaksgrupper, key=len, reverse=True):
        if lowered.endswith(key) and len(lowered) > len(key):
            prefix = table.name[: -len(key)].rstrip(" ,;:-–")
            prefix = re.sub(r",\s*(?=på\b)", " ", prefix, flags=re.IGNORECASE)
            return prefix[:1].upper() + prefix[1:], tiltaksgrupper[key]
    raise ExportError(
        table.path,
        table.name_line,
        f"group {table.name!r} does not end with a tiltaksgruppe of this file "
        f"(expected one of: {', '.join(tiltaksgrupper.values())})",
    )


def name_groups(tables: list[Table], names: GroupNames | None = None) -> None:
    """Give every table its tiltaksgruppe and hovedgruppe, each pair once, each a name NAV uses."""
    whole = [t for t in tables if not t.is_split_by_hovedgruppe]
    known = {t.name.lower(): t.name for t in whole}
    for table in whole:
        table.tiltaksgruppe = table.name
    seen: dict[tuple[str, str], Table] = {}
    for table in tables:
        if table.is_split_by_hovedgruppe:
            table.hovedgruppe, table.tiltaksgruppe = _split_hovedgruppe(table, known)
        key = (table.tiltaksgruppe, table.hovedgruppe)
        if key in seen:
            first = seen[key]
            raise ExportError(
                table.path,
                table.name_line,
                f"table {table.name!r} appears twice (first at line {first.name_line}): "
                "expected each group once",
            )
        seen[key] = table
    _unique_file_names(whole)
    group_names_known(tables, names or default_group_names())
    totals_name_their_tables(tables)


def _unique_file_names(whole: list[Table]) -> None:
    """Each tiltaksgruppe gets pages and files named after it: two must not share a name."""
    clash = slug_clash([table.tiltaksgruppe for table in whole])
    if clash is None:
        return
    table = whole[clash.index]
    if clash.earlier is None:
        raise ExportError(
            table.path,
            table.name_line,
            f"group name {table.name!r} has no letters or digits to name its page by: "
            "expected a name with letters",
        )
    first = whole[clash.earlier]
    raise ExportError(
        table.path,
        table.name_line,
        f"tiltaksgruppe {table.name!r} and {first.name!r} (line {first.name_line}) both "
        f"give the file name {clash.slug!r}: expected names that differ in more than case, "
        "accents or punctuation",
    )


def group_names_known(tables: list[Table], names: GroupNames) -> None:
    """Every tiltaksgruppe and status group is one NAV uses, or the build names the line."""
    for table in tables:
        if not table.hovedgruppe and not names.is_tiltaksgruppe(table.tiltaksgruppe):
            kind, name, listed = "tiltaksgruppe", table.tiltaksgruppe, names.tiltaksgrupper
        elif table.hovedgruppe and names.hovedgruppe(table.hovedgruppe) is None:
            kind, name, listed = "status group", table.hovedgruppe, names.hovedgrupper
        else:
            continue
        within = f" (in {table.name!r})" if name != table.name else ""
        raise ExportError(
            table.path,
            table.name_line,
            f"{kind} {name!r}{within} is not a name NAV uses (expected one of: "
            f"{', '.join(spellings[0] for spellings in listed)}): is a line of the table's "
            f"heading missing, doubled or swapped? If NAV has a new group, add its name to "
            f"{REFERENCE}",
        )


def totals_name_their_tables(tables: list[Table]) -> None:
    """ "I alt opplæring" under the heading "Lønnstilskudd": lines of two tables mixed up."""
    for table in tables:
        _total_names_table(table)


def _total_names_table(table: Table) -> None:
    total = table.total
    named = total.label[len("i alt") :] if total else ""
    if total and named.strip() and group_key(named) != group_key(table.name):
        raise ExportError(
            table.path,
            total.line,
            f"the total row {total.label!r} is not the total of {table.name!r} (line "
            f"{table.name_line}): expected 'I alt {table.name[:1].lower()}{table.name[1:]}' "
            "(are lines of two tables mixed up?)",
        )
