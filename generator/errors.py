"""The build's own errors: each says where (file and line) and what was expected, in one line."""

from __future__ import annotations

from pathlib import Path


class BuildError(Exception):
    """An error the user can fix; the CLI prints it as one line without a traceback."""


class ExportError(BuildError):
    """The export cannot be read: names the file, the line (if any) and the expectation."""

    def __init__(self, path: Path | str, line: int | None, message: str) -> None:
        self.path = Path(path)
        self.line = line
        self.message = message
        where = f"{self.path}:{line}" if line else str(self.path)
        super().__init__(f"{where}: {message}")


class ContentError(BuildError):
    """A content file (Markdown, template, reference data) cannot be used."""
