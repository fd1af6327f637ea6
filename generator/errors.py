"""The build's own errors: each says where (file and line) and what was expected, in one line."""

from __future__ import annotations

from pathlib import Path


def located(path: Path | str | None, line: int | None, message: str) -> str:
    """ "FILE:LINE: message", "FILE: message" or just the message: the one-line error format."""
    if path is None:
        return message
    return f"{path}:{line}: {message}" if line else f"{path}: {message}"


class BuildError(Exception):
    """An error the user can fix; the CLI prints it as one line without a traceback."""


class ExportError(BuildError):
    """The export cannot be read: names the file, the line (if any) and the expectation."""

    def __init__(self, path: Path | str, line: int | None, message: str) -> None:
        self.path = Path(path)
        self.line = line
        self.message = message
        super().__init__(located(self.path, line, message))


class ContentError(BuildError):
    """A content file (Markdown, template, reference data) cannot be used.

    Either a complete one-line message, or ``path`` and ``line`` given separately so the
    message gets the same "FILE:LINE:" start as an export error.
    """

    def __init__(
        self, message: str, *, path: Path | str | None = None, line: int | None = None
    ) -> None:
        self.path = Path(path) if path is not None else None
        self.line = line
        self.message = message
        super().__init__(located(self.path, line, message))
