"""The data file the faces work on: opened (and migrated) by the storage layer, handed around as ``Database``."""
from __future__ import annotations

from tthc_desktop.storage.database import SCHEMA_VERSION, Database, open_database

__all__ = ["SCHEMA_VERSION", "Database", "open_database"]
