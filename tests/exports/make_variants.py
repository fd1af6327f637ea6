"""Write the encoding and layout variants of small.txt used by the reader tests.

Run from this folder after changing small.txt: ``python make_variants.py``. Each variant holds
the same numbers, so every one must read to the same data.
"""

from pathlib import Path

base = Path("small.txt").read_text(encoding="utf-8")
crlf = base.replace("\n", "\r\n")

Path("small-utf8-bom-crlf.txt").write_bytes(b"\xef\xbb\xbf" + crlf.encode("utf-8"))
Path("small-utf16-excel.txt").write_bytes(b"\xff\xfe" + crlf.encode("utf-16-le"))
Path("small-utf16be-nobom.txt").write_bytes(base.encode("utf-16-be"))
Path("small-cp1252.txt").write_bytes(crlf.encode("cp1252"))
Path("small-cr.txt").write_bytes(base.replace("\n", "\r").encode("utf-8"))

# Excel's "Unicode text": cells with commas quoted, rows padded with tabs to the widest table.
excel_lines = []
for line in base.split("\n"):
    if "\t" in line:
        cells = line.split("\t")
        cells = [f'"{c}"' if "," in c else c for c in cells]
        line = "\t".join(cells + [""] * (4 - len(cells)))
    excel_lines.append(line)
Path("small-excel-quoted.txt").write_bytes(
    b"\xff\xfe" + "\r\n".join(excel_lines).encode("utf-16-le")
)

# Tables packed tight (one blank line) or far apart (five), and no blank line before the header.
tight = base
while "\n\n\n" in tight:
    tight = tight.replace("\n\n\n", "\n\n")
Path("small-tight.txt").write_text(tight.replace("\n\n\t", "\n\t"), encoding="utf-8")
Path("small-spread.txt").write_text(base.replace("\n\n", "\n\n\n\n\n"), encoding="utf-8")
