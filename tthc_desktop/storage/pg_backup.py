"""Backups in server mode: ``pg_dump`` when it is on PATH, else a logical export the program restores.

The logical export is a zip: ``manifest.json`` (format, schema revision, per table the row count and
a digest of every row's checksum) and ``tables/<name>.jsonl``, one encoded row per line
(storage.copy's encoding). A restore checks the whole file before touching the server, backs up
the current data first, then replaces every table in ONE transaction and verifies it.
"""
from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import shutil
import subprocess
import zipfile
from datetime import datetime
from pathlib import Path

from sqlalchemy import delete, text

from tthc_desktop.errors import BadInputError, DatabaseDamagedError, DatabaseNewerError
from tthc_desktop.storage import copy as cp
from tthc_desktop.storage.backup import BEFORE_RESTORE, MANUAL, STAMP_FORMAT, BackupInfo, backup_dir

log = logging.getLogger(__name__)

FORMAT = "tthc-logical-1"
LOGICAL_SUFFIX = ".tthc.zip"
DUMP_SUFFIX = ".pgdump"
RESTORE_LOCK_KEY = 0x77686332


def _digest(sums: list[str]) -> str:
    return hashlib.sha256("".join(sums).encode()).hexdigest()


def _target(db, kind: str, suffix: str) -> Path:
    stamp = datetime.now().strftime(STAMP_FORMAT)
    return backup_dir(db.path) / f"{Path(db.path).stem}-{stamp}-{kind}{suffix}"


def _pg_env(db) -> dict:
    env = dict(os.environ)
    if db.url.password:
        env["PGPASSWORD"] = db.url.password
    return env


def _pg_args(db) -> list[str]:
    return ["-h", db.url.host, "-p", str(db.url.port or 5432), "-U", db.url.username or "", "-d", db.url.database]


def pg_dump(db, target: Path) -> bool:
    """A custom-format dump; False (logged) when pg_dump is missing or fails (e.g. older than the server)."""
    exe = shutil.which("pg_dump")
    if not exe:
        return False
    part = target.with_name(target.name + ".part")
    result = subprocess.run([exe, "--format=custom", "--no-owner", "--no-privileges", "-f", str(part), *_pg_args(db)],
                            env=_pg_env(db), capture_output=True, text=True, timeout=600)
    if result.returncode != 0:
        part.unlink(missing_ok=True)
        log.warning("pg_dump failed (%s): %s", result.returncode, result.stderr.strip())
        return False
    os.replace(part, target)
    return True


def logical_export(db, target: Path) -> Path:
    from tthc_desktop.storage.engines import server_revision

    part = target.with_name(target.name + ".part")
    manifest = {"format": FORMAT, "created": datetime.now().isoformat(timespec="seconds"), "tables": {}}
    with db.engine.connect() as conn, zipfile.ZipFile(part, "w", zipfile.ZIP_DEFLATED) as z:
        conn.execute(text("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ"))  # one consistent snapshot
        manifest["revision"] = server_revision(conn)
        for table in cp.tables():
            sums = []
            with z.open(f"tables/{table.name}.jsonl", "w") as out:
                for row in cp.read_rows(conn, table):
                    sums.append(cp.row_checksum(row))
                    out.write((json.dumps(row, ensure_ascii=False, default=str) + "\n").encode())
            manifest["tables"][table.name] = {"rows": len(sums), "digest": _digest(sums)}
        z.writestr("manifest.json", json.dumps(manifest, ensure_ascii=False, indent=1))
    os.replace(part, target)
    return target


def backup_server(db, kind: str = MANUAL) -> Path:
    """pg_dump if possible, otherwise the logical export; returns the file written."""
    dump = _target(db, kind, DUMP_SUFFIX)
    if pg_dump(db, dump):
        return dump
    return logical_export(db, _target(db, kind, LOGICAL_SUFFIX))


def list_server_backups(db_path: Path) -> list[Path]:
    folder = backup_dir(db_path)
    found = [p for p in folder.iterdir() if p.name.endswith((LOGICAL_SUFFIX, DUMP_SUFFIX))]
    return sorted(found, key=lambda p: p.name, reverse=True)


_NAME = re.compile(r"-(?P<stamp>\d{8}-\d{6}-\d{6})-(?P<kind>[a-z0-9-]+)(?:\.tthc\.zip|\.pgdump)$")


def server_backup_infos(db_path: Path) -> list[BackupInfo]:
    """The server backups kept in this machine's folder, newest first, as the restore dialog lists them."""
    infos = []
    for path in list_server_backups(db_path):
        match = _NAME.search(path.name)
        try:
            stat = path.stat()
            created = (datetime.strptime(match["stamp"], STAMP_FORMAT) if match
                       else datetime.fromtimestamp(stat.st_mtime))
        except (OSError, ValueError):
            continue
        infos.append(BackupInfo(path, created, match["kind"] if match else MANUAL, stat.st_size))
    return sorted(infos, key=lambda b: (b.created, b.path.name), reverse=True)


def check_server_backup(source: Path) -> None:
    """Refuse a file that is not a server backup of ours (or is damaged) before anything is touched."""
    source = Path(source)
    if not source.is_file():
        raise BadInputError(f"Không tìm thấy tệp sao lưu «{source}».")
    if source.name.endswith(DUMP_SUFFIX):
        return  # pg_restore checks it inside its single transaction
    if not source.name.endswith(LOGICAL_SUFFIX):
        raise BadInputError(f"Tệp «{source.name}» không phải bản sao lưu máy chủ (.tthc.zip hoặc .pgdump); "
                            "không có gì bị thay đổi.")
    _read_export(source)


def _read_export(source: Path) -> tuple[dict, dict[str, list[dict]]]:
    """Every row of a logical export, checked against its manifest (nothing is written yet)."""
    from tthc_desktop.storage.engines import known_revisions

    try:
        with zipfile.ZipFile(source) as z:
            manifest = json.loads(z.read("manifest.json"))
            if manifest.get("format") != FORMAT:
                raise BadInputError(f"Tệp «{source.name}» không phải bản sao lưu máy chủ của TTHC Desktop.")
            if manifest.get("revision") not in known_revisions():
                raise DatabaseNewerError(f"Bản sao lưu «{source.name}» được tạo bởi phiên bản mới hơn của chương trình; "
                                         "hãy cập nhật TTHC Desktop. Không có gì bị thay đổi.")
            rows = {}
            for table in cp.tables():
                entry = manifest["tables"].get(table.name, {"rows": 0, "digest": _digest([])})
                name = f"tables/{table.name}.jsonl"
                lines = z.read(name).decode().splitlines() if name in z.namelist() else []
                rows[table.name] = [json.loads(line) for line in lines]
                if _digest([cp.row_checksum(r) for r in rows[table.name]]) != entry["digest"]:
                    raise DatabaseDamagedError(f"Bản sao lưu «{source.name}» bị hỏng (bảng {table.name} không khớp "
                                               "mã kiểm tra); không thể khôi phục từ tệp này. Không có gì bị thay đổi.")
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise DatabaseDamagedError(f"Tệp «{source.name}» không đọc được như một bản sao lưu máy chủ; "
                                   "không có gì bị thay đổi.", detail=str(exc)) from exc
    return manifest, rows


def _restore_export(db, source: Path) -> None:
    _, rows = _read_export(source)
    with db.engine.begin() as conn:
        conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": RESTORE_LOCK_KEY})
        for table in reversed(cp.tables()):
            conn.execute(delete(table))
        for table in cp.tables():
            cp.insert_rows(conn, table, rows[table.name])
        cp.reset_sequences(conn)
        for table in cp.tables():  # compare on the file's columns (an older export lacks the newer ones)
            restored = list(cp.read_rows(conn, table))
            wanted = rows[table.name]
            same = len(restored) == len(wanted) and all(
                cp.row_checksum({k: r[k] for k in w}) == cp.row_checksum(w) for r, w in zip(restored, wanted))
            if not same:
                raise DatabaseDamagedError(f"Khôi phục không khớp ở bảng {table.name}; dữ liệu trên máy chủ "
                                           "không bị thay đổi.")


def _restore_dump(db, source: Path) -> None:
    exe = shutil.which("pg_restore")
    if not exe:
        raise BadInputError(f"Cần chương trình pg_restore của PostgreSQL để khôi phục «{source.name}»; "
                            "hãy cài công cụ PostgreSQL hoặc dùng một bản sao lưu .tthc.zip.")
    result = subprocess.run([exe, "--clean", "--if-exists", "--single-transaction", "--no-owner", "--no-privileges",
                             *_pg_args(db), str(source)], env=_pg_env(db), capture_output=True, text=True, timeout=600)
    if result.returncode != 0:
        raise DatabaseDamagedError(f"Không khôi phục được từ «{source.name}»; dữ liệu trên máy chủ không bị thay đổi.",
                                   detail=result.stderr.strip())


def restore_server(db, source: Path) -> Path:
    """Replace the server's data with ``source``; returns the backup taken of the data it replaced."""
    source = Path(source)
    check_server_backup(source)  # refuse a bad file before taking the pre-restore backup
    previous = backup_server(db, BEFORE_RESTORE)
    if source.name.endswith(DUMP_SUFFIX):
        _restore_dump(db, source)
        db.engine.dispose()  # pg_restore recreated the tables under the pooled connections
    else:
        _restore_export(db, source)
    log.info("restored server %s from %s; previous data kept at %s", db.name, source, previous)
    return previous
