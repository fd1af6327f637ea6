"""The columns of every data file, described once: the data package's Table Schemas and the
Excel workbooks' "Om tallene" sheet both read them, so the two never tell different stories."""

from __future__ import annotations

from dataclasses import dataclass

SOURCE = "Kilde: NAV, «Deltakere i arbeidsrettede tiltak»."
LICENCE = "Lisens: CC BY 4.0 (https://creativecommons.org/licenses/by/4.0/deed.no)."
LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"
HIDDEN_NOTE = "* Skjult: 0, 1, 2 eller 3, som NAV ikke viser av personvernhensyn (statistikkloven)."
RANGE_NOTE = "Intervall: en sum med skjulte verdier har ingen verdi, bare grensene min og maks."


@dataclass(frozen=True)
class Column:
    name: str
    kind: str  # a Table Schema type: string, integer, number, boolean, yearmonth
    description: str


COUNT_COLUMNS = (
    Column(
        "deltakere",
        "integer",
        "Antall deltakere ved utgangen av måneden; tom (i Excel: *) når verdien er skjult.",
    ),
    Column(
        "skjult",
        "boolean",
        "true (i Excel: ja) når NAV har skjult verdien (0–3 deltakere), ellers false (nei).",
    ),
)
"""A count and whether NAV hid it: the last two columns of every file of counts."""

DATASET = (
    Column("periode", "yearmonth", "Måneden, som ÅÅÅÅ-MM (for eksempel 2017-03)."),
    Column(
        "region",
        "string",
        "Fylket, «Øvrige områder», «Ukjent» eller «Hele landet» for landet som helhet.",
    ),
    Column("tiltaksgruppe", "string", "Tiltaksgruppen, som NAV skriver den."),
    Column("hovedgruppe", "string", "Hovedgruppen; tom for alle hovedgrupper samlet."),
    Column(
        "tiltak",
        "string",
        "Tiltaket innenfor tiltaksgruppen (fra NAVs TILT-tabeller, 2023 og senere); tom for hele "
        "tiltaksgruppen, og der kilden ikke deler tiltaksgruppen etter tiltak.",
    ),
    *COUNT_COLUMNS,
)
DATASET_KEY = ("periode", "region", "tiltaksgruppe", "hovedgruppe", "tiltak")

TABLE = (
    Column("rad", "string", "Raden i tabellen på siden (for eksempel fylket eller måneden)."),
    Column("kolonne", "string", "Kolonnen i tabellen på siden."),
    Column(
        "verdi",
        "number",
        "Tallet når det er eksakt; tomt (i Excel: *) når det er skjult eller et intervall.",
    ),
    Column(
        "min",
        "number",
        "Nedre grense for et intervall eller en skjult verdi (0); tom når tallet er eksakt.",
    ),
    Column(
        "maks",
        "number",
        "Øvre grense for et intervall eller en skjult verdi (3); tom når tallet er eksakt "
        "eller intervallet ikke har noen øvre grense.",
    ),
    Column(
        "skjult",
        "boolean",
        "true (i Excel: ja) når NAV har skjult verdien (0–3), ellers false (nei).",
    ),
    Column("tekst", "string", "Tallet slik det står på siden, med * for en skjult verdi."),
)
TABLE_KEY = ("rad", "kolonne")

REVISIONS = (
    Column("periode", "yearmonth", "Måneden som er revidert, som ÅÅÅÅ-MM."),
    Column("region", "string", "Fylket eller «Hele landet»."),
    Column("tiltaksgruppe", "string", "Tiltaksgruppen."),
    Column("hovedgruppe", "string", "Hovedgruppen; tom for alle hovedgrupper samlet."),
    Column("tiltak", "string", "Tiltaket; tom for hele tiltaksgruppen."),
    Column("gammel", "integer", "Verdien i den eldre eksporten; tom når den var skjult."),
    Column("ny", "integer", "Verdien i den nyere eksporten; tom når den er skjult."),
    Column(
        "gammel_skjult", "boolean", "true når den gamle verdien var skjult (0–3), ellers false."
    ),
    Column("ny_skjult", "boolean", "true når den nye verdien er skjult (0–3), ellers false."),
    Column("gammel_fil", "string", "Eksporten den gamle verdien kom fra."),
    Column("ny_fil", "string", "Eksporten som reviderte verdien."),
)
REVISIONS_KEY = DATASET_KEY  # a revision is of one cell of the dataset

KOMMUNER = (
    Column("periode", "yearmonth", "Måneden, som ÅÅÅÅ-MM (for eksempel 2025-03)."),
    Column("kommunenummer", "string", "Kommunenummeret, som NAV skriver det; tomt uten nummer."),
    Column("kommune", "string", "Kommunen, som NAV skriver den."),
    Column("fylkesnummer", "string", "Fylkesnummeret (de to første sifrene i kommunenummeret)."),
    Column("fylke", "string", "Fylket, slik nettstedet navngir det."),
    Column("tiltaksgruppe", "string", "Tiltaksgruppen; tom for alle tiltak samlet (TILT100)."),
    Column("tiltak", "string", "Tiltaket; tomt for hele tiltaksgruppen eller alle tiltak."),
    *COUNT_COLUMNS,
)
KOMMUNER_KEY = ("periode", "kommunenummer", "kommune", "tiltaksgruppe", "tiltak")


def names(columns: tuple[Column, ...]) -> list[str]:
    return [c.name for c in columns]
