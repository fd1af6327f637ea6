"""Bytes to text: the encodings real exports come in, and the refusal of everything else.

UTF-8 with or without BOM, UTF-16 (Excel's "Unicode text", with or without BOM) and
Windows-1252 are read; anything else is refused with a message that says what the file seems to
be instead (a workbook, a PDF, binary data, garbled letters, a file cut off inside a character),
since a reader that guessed on would publish garbled names.
"""

from __future__ import annotations

import re
from pathlib import Path

from generator.errors import ExportError
from generator.source.types import SAVE_AS

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
NEWLINE = re.compile(r"\r\n|\r|\n")
SUPPORTED_ENCODINGS = "UTF-8, UTF-16 or Windows-1252"

# What people put in content/ by mistake, recognised by the first bytes.
_SIGNATURES = (
    (b"PK\x03\x04", "a zip archive (an Excel workbook, .xlsx?)"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an Excel 97-2003 workbook (.xls)"),
    (b"%PDF", "a PDF document"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"7z\xbc\xaf", "a 7-Zip archive"),
    (b"Rar!", "a RAR archive"),
)
_MARKUP = ("<!doctype html", "<html", "<?xml", "<head", "<table")
# UTF-8 read as Windows-1252 and saved again: "æ" becomes "Ã¦", "–" becomes "â€“".
_CONTINUATION = "".join(
    bytes([b]).decode("cp1252", errors="ignore") or chr(b) for b in range(0x80, 0xC0)
)
_MOJIBAKE = re.compile(f"[\u00c2\u00c3][{re.escape(_CONTINUATION)}]|\u00e2\u20ac")
# DOS (cp850/cp865) or Mac text read as Windows-1252: "æ" becomes "\u2018", "å" "\u2020" or "Œ".
# Punctuation that legitimately follows a letter (quotes, apostrophe, dashes, ellipsis) is left
# out; what remains does not follow a letter in Norwegian text.
_FOREIGN = (
    "".join(
        c
        for c in bytes(range(0x80, 0xC0)).decode("cp1252", errors="ignore")
        if not c.isalpha()
        and c not in "\u00ab\u00bb\u2019\u201c\u201d\u2013\u2014\u2026\u00a0\u00ad\u00b7"
    )
    + "\u0152\u02c6"
)
_FOREIGN_AFTER_LETTER = re.compile(f"(?<=[^\\W\\d_])[{re.escape(_FOREIGN)}]")


def decode(path: Path, data: bytes) -> tuple[str, str]:
    """Decode the bytes of an export; return (text, encoding name).

    Anything that is not one of the supported encodings, or not text at all, is an error that
    says what the file seems to be instead: a reader that guessed on would publish garbled names.
    """
    if not data.strip(b" \t\r\n\x00\xef\xbb\xbf\xff\xfe"):
        raise ExportError(path, None, "the file is empty: expected NAV's tab-separated export")
    for signature, what in _SIGNATURES:
        if data.startswith(signature):
            raise ExportError(path, None, f"the file is {what}, not a text export: {SAVE_AS}")
    if data.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")) or _looks_utf32(data):
        raise ExportError(
            path,
            None,
            f"the file is in UTF-32, which is not supported: expected {SUPPORTED_ENCODINGS}",
        )
    if data.startswith(b"\xef\xbb\xbf"):
        text, encoding = _decode_as(path, data, "utf-8-sig", "UTF-8"), "utf-8"
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text, encoding = _decode_as(path, data, "utf-16", "UTF-16"), "utf-16"
    elif b"\x00" in data:
        even_nuls, odd_nuls = data[0::2].count(0), data[1::2].count(0)
        if max(even_nuls, odd_nuls) < len(data) // 4:
            raise ExportError(path, None, f"the file holds binary data, not text: {SAVE_AS}")
        encoding = "utf-16-le" if odd_nuls > even_nuls else "utf-16-be"
        text = _decode_as(path, data, encoding, "UTF-16")
    else:
        if _is_binary(data):
            raise ExportError(path, None, f"the file holds binary data, not text: {SAVE_AS}")
        text, encoding = _decode_8bit(path, data)
    _reject_control_characters(path, text)
    _reject_garbled(path, text, encoding)
    return text, encoding


def _looks_utf32(data: bytes) -> bool:
    """UTF-32 without a byte order mark: three zero bytes to every character of Latin text."""
    quarter = len(data) // 4
    if quarter < 2 or b"\x00\x00" not in data:
        return False
    zeros = [data[i : quarter * 4 : 4].count(0) for i in range(4)]
    return zeros[2] == zeros[3] == quarter or zeros[0] == zeros[1] == quarter


def _is_binary(data: bytes) -> bool:
    """More than the odd stray control byte: not a text file (a single one is reported by line)."""
    sample = data[:8192]
    controls = sum(1 for b in sample if (b < 0x20 and b not in b"\t\n\r") or b == 0x7F)
    return controls >= 4 and controls * 100 > len(sample)


def _line_at(data: bytes, position: int) -> int:
    """The line number of a byte offset, counting LF, CRLF and CR line ends."""
    head = data[:position]
    return head.count(b"\n") + head.count(b"\r") - head.count(b"\r\n") + 1


def _cut_off(path: Path, line: int) -> ExportError:
    return ExportError(
        path,
        line,
        "the file ends in the middle of a character: expected complete text (is the file cut off?)",
    )


def _decode_as(path: Path, data: bytes, codec: str, name: str) -> str:
    try:
        return data.decode(codec)
    except UnicodeDecodeError as exc:
        if exc.reason in ("truncated data", "unexpected end of data") and exc.end >= len(data):
            raise _cut_off(path, _line_of_text(data[: exc.start], codec)) from None
        line = _line_of_text(data[: exc.start], codec)
        raise ExportError(
            path,
            line,
            f"bytes that are not valid {name}, in a file that starts as {name}: expected the "
            f"whole file in one encoding ({SUPPORTED_ENCODINGS})",
        ) from None


def _line_of_text(head: bytes, codec: str) -> int:
    return len(NEWLINE.split(head.decode(codec, errors="replace")))


def _decode_8bit(path: Path, data: bytes) -> tuple[str, str]:
    """UTF-8, else Windows-1252; a UTF-8 file cut inside its last character is reported as cut."""
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        truncated = exc.reason == "unexpected end of data" and exc.end >= len(data)
        if truncated and not data[: exc.start].isascii():
            raise _cut_off(path, _line_at(data, exc.start)) from None
        not_utf8 = exc.start
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError as exc:
        raise ExportError(
            path,
            _line_at(data, exc.start),
            f"the file's encoding is not supported: byte 0x{data[exc.start]:02x} is neither UTF-8 "
            f"nor Windows-1252 (DOS or Mac text?): expected {SUPPORTED_ENCODINGS}",
        ) from None
    if _MOJIBAKE.search(text):
        # UTF-8 letters elsewhere: a UTF-8 file with damaged bytes, not a Windows-1252 one.
        raise ExportError(
            path,
            _line_at(data, not_utf8),
            f"byte 0x{data[not_utf8]:02x} is not valid UTF-8, in a file that is otherwise UTF-8 "
            f"(is it damaged?): expected the whole file in one encoding ({SUPPORTED_ENCODINGS})",
        )
    return text, "cp1252"


def _reject_control_characters(path: Path, text: str) -> None:
    match = _CONTROL.search(text)
    if match:
        line = text.count("\n", 0, match.start()) + 1
        raise ExportError(
            path, line, f"binary or non-text byte {match.group()!r}: expected tab-separated text"
        )


def _word_at(text: str, position: int) -> tuple[int, str]:
    """The line number and the tab- and space-delimited word around a position in the text."""
    line_start = max(text.rfind("\n", 0, position), text.rfind("\r", 0, position)) + 1
    line = len(NEWLINE.split(text[:position]))
    start = max(text.rfind(c, line_start, position) for c in " \t") + 1
    stops = [i for i in (text.find(c, position) for c in " \t\r\n") if i != -1]
    return line, text[max(start, line_start) : min(stops, default=len(text))]


def _reject_garbled(path: Path, text: str, encoding: str) -> None:
    """Letters that went through the wrong encoding would reach the site as group names."""
    match = _MOJIBAKE.search(text)
    if match:
        line, word = _word_at(text, match.start())
        hint = ""
        for codec in ("cp1252", "latin-1"):
            try:
                hint = f" (for {word.encode(codec).decode('utf-8')!r})"
                break
            except (UnicodeEncodeError, UnicodeDecodeError):
                continue
        raise ExportError(
            path,
            line,
            f"{word!r} looks like UTF-8 text read as Windows-1252 and saved again{hint}: "
            "expected the letters æ, ø and å; download the export again",
        )
    if encoding == "cp1252":
        match = _FOREIGN_AFTER_LETTER.search(text)
        if match:
            line, word = _word_at(text, match.start())
            raise ExportError(
                path,
                line,
                f"{word!r} has {match.group()!r} after a letter: the file seems to be in an "
                f"encoding that is not supported (DOS or Mac?): expected {SUPPORTED_ENCODINGS}",
            )


def reject_markup(path: Path, text: str) -> None:
    """A web page or XML saved under the export's name would read as text: say what it is."""
    if text.lstrip("\ufeff \t\r\n").lower().startswith(_MARKUP):
        raise ExportError(path, 1, f"the file is a web page or XML, not the export: {SAVE_AS}")
