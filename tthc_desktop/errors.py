"""Errors that reach the user: one Vietnamese sentence and the CLI exit code of cli.md."""
from __future__ import annotations


class TthcError(Exception):
    """Base class: ``message`` is one clear Vietnamese sentence shown as it is."""

    exit_code = 1

    def __init__(self, message: str, *, detail: str = ""):
        super().__init__(message)
        self.message = message
        self.detail = detail  # optional English/technical detail, logged, printed after the sentence


class UsageError(TthcError):
    exit_code = 2


class BadInputError(TthcError):
    """Unreadable, wrong kind, corrupt, encrypted or oversized file; nothing was written."""

    exit_code = 3


class ValidationError(TthcError):
    """Inconsistent data: the message names the row, the column and both numbers."""

    exit_code = 4


class DatabaseNewerError(TthcError):
    exit_code = 5


class DatabaseDamagedError(TthcError):
    exit_code = 5


class DatabaseLockedError(TthcError):
    exit_code = 6


class FileLockedError(TthcError):
    """An output file is open in another program (Word/Excel keep it locked on Windows)."""

    exit_code = 3


class ServerConnectError(TthcError):
    """Server mode: wrong password, unknown host, no such database, or the server went away."""

    exit_code = 3


class StorageUnavailableError(TthcError):
    """The disk is full or the file/folder cannot be written: the data is sound, nothing was changed."""

    exit_code = 3


class EditConflictError(TthcError):
    """Optimistic locking: a colleague saved a newer version of the row; nothing of ours was written."""

    exit_code = 6

    def __init__(self, message: str, *, mine: dict | None = None, theirs: dict | None = None, detail: str = ""):
        super().__init__(message, detail=detail)
        self.mine = mine or {}
        self.theirs = theirs or {}


class DatabaseMissingError(DatabaseDamagedError):
    """The data folder was in use (backups, a set-aside file …) but the database file is gone."""
