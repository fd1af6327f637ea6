"""Write the bad inputs of tests/test_bad_input.py, each from one small valid export.

Run from this folder after changing a case: ``python make_bad_inputs.py``. README.md lists
every case with the one line the build prints for it; the test reads that table.
"""

import io
import random
import zipfile
from pathlib import Path

GOOD = """\
Deltakere i arbeidsrettede tiltak. Tiltaksgruppe og fylke. Tidsserie måned

Fylke og tiltaksgruppe

Januar - Mars 2017

Opplæring

\tJanuar\tFebruar\tMars
I alt opplæring\t1 210\t1 203\t15
Oslo\t1 000\t1 100\t*
Rogaland\t200\t*\t12
Ukjent\t10\t100\t*
"""
SECOND = GOOD.replace("Opplæring\n", "Opplaering\n").replace("I alt opplæring", "I alt opplaering")
OTHER = GOOD.replace("Opplæring\n", "Lønnstilskudd\n").replace("I alt opplæring", "I alt lønnstilskudd")


def changed(old: str, new: str) -> str:
    assert GOOD.count(old) == 1, old
    return GOOD.replace(old, new)


def cut_before(marker: str, keep: int = 0) -> str:
    return GOOD[: GOOD.index(marker) + keep]


def xlsx() -> bytes:
    """What Excel's .xlsx is: a zip archive, here a tiny one."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
    return buffer.getvalue()


def noise() -> bytes:
    rng = random.Random(4)
    return bytes(rng.randrange(256) for _ in range(300))


TEXT = {
    "cut-mid-row.txt": cut_before("Ukjent\t10\t", len("Ukjent\t10")),
    "cut-after-header.txt": cut_before("I alt opplæring"),
    "cut-in-heading.txt": cut_before("Opplæring\n"),
    "non-numeric.txt": changed("Oslo\t1 000", "Oslo\t2 2l3"),
    "too-few-cells.txt": changed("Rogaland\t200\t*\t12", "Rogaland\t200\t12"),
    "too-many-cells.txt": changed("Rogaland\t200\t*\t12", "Rogaland\t200\t*\t12\t7"),
    "unknown-month.txt": changed("\tFebruar\t", "\tFebruary\t"),
    "duplicate-table.txt": GOOD + "\n\n" + GOOD,
    "negative-count.txt": changed("Oslo\t1 000", "Oslo\t-4"),
    "count-below-four.txt": changed("Rogaland\t200\t*", "Rogaland\t200\t2"),
    "sums-do-not-add-up.txt": changed("I alt opplæring\t1 210", "I alt opplæring\t1 299"),
    "semicolons.txt": GOOD.replace("\t", ";"),
    "row-without-tabs.txt": changed("Rogaland\t200\t*\t12", "Rogaland 200 * 12"),
    "unknown-region.txt": changed("Rogaland\t", "Atlantis\t"),
    "region-twice.txt": changed("Ukjent\t", "OSLO\t"),
    "no-county.txt": cut_before("Oslo") + "Ukjent\t1 210\t1 203\t15\n",
    "implausible-year.txt": changed("Mars 2017", "Mars 2917"),
    "formula-name.txt": changed("\nOpplæring\n", '\n=HYPERLINK("https://x.test")\n'),
    "slug-clash.txt": GOOD + "\n\n" + SECOND,
    "cut-in-title.txt": GOOD + "\n\n" + OTHER[: OTHER.index("arbeidsrettede")],
    "group-line-twice.txt": changed("\nOpplæring\n", "\nOpplæring\nOpplæring\n"),
    "total-of-another-group.txt": changed("I alt opplæring", "I alt lønnstilskudd"),
    "two-periods.txt": GOOD + "\n\n" + OTHER.replace("Mars 2017", "Mars 2018"),
    "web-page.txt": "<!DOCTYPE html>\n<html lang=nb><title>Tiltaksdeltakere</title></html>\n",
}
BYTES = {
    "empty.txt": b"",
    "binary-xlsx.txt": xlsx(),
    "binary-noise.txt": noise(),
    "cut-mid-character.txt": GOOD.encode("utf-8")[: GOOD.encode("utf-8").index(b"\xc3\xa6") + 1],
    "encoding-utf32.txt": GOOD.encode("utf-32"),
    "encoding-dos.txt": GOOD.replace("\n", "\r\n").encode("cp865"),
    "encoding-mac.txt": GOOD.replace("\n", "\r").encode("mac_roman"),
    # UTF-8 opened as Windows-1252 in Excel and saved again as "Unicode text" (UTF-16).
    "mojibake.txt": b"\xff\xfe" + GOOD.encode("utf-8").decode("cp1252").encode("utf-16-le"),
    "markdown-not-utf8.md": "# Om tallene\n\nTallene gjelder opplæring.\n".encode("cp1252"),
}
MARKDOWN = {
    "markdown-no-title.md": "Tekst uten overskrift.\n",
    "markdown-unknown-template.md": "template: finnes-ikke.html\n\n# Om tallene\n\nTekst.\n",
}

if __name__ == "__main__":
    for name, text in {**TEXT, **MARKDOWN}.items():
        Path(name).write_bytes(text.encode("utf-8"))
    for name, data in BYTES.items():
        Path(name).write_bytes(data)
    Path("no-export").mkdir(exist_ok=True)
    Path("no-export/om-statistikken.md").write_text("# Om statistikken\n\nTekst.\n", "utf-8")
