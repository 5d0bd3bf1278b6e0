"""Recovery dialog (damaged database) and the restore dialog, with message boxes monkeypatched."""
import hashlib
from datetime import datetime

import pytest
from PySide6.QtWidgets import QMessageBox

from tthc_desktop.errors import DatabaseDamagedError
from tthc_desktop.storage import backup as bk
from tthc_desktop.storage.database import open_database
from tthc_desktop.storage.models import Setting
from tthc_desktop.ui.shell import recovery_dialog as rd
from tthc_desktop.ui.common.context import AppContext


@pytest.fixture(autouse=True)
def quiet_boxes(monkeypatch):
    said = []
    for name in ("information", "warning", "critical"):
        monkeypatch.setattr(QMessageBox, name, staticmethod(lambda *a, _n=name, **k: said.append((_n, a[2]))))
    monkeypatch.setattr(QMessageBox, "question", staticmethod(lambda *a, **k: QMessageBox.StandardButton.Yes))
    return said


def _value(path, key):
    db = open_database(path)
    try:
        with db.session() as s:
            row = s.get(Setting, key)
            return row.value if row else None
    finally:
        db.close()


def test_damaged_database_offers_newest_good_backup_and_keeps_damaged_aside(qtbot, db, db_path, quiet_boxes):
    with db.session() as s:
        s.add(Setting(key="k", value="tốt"))
    good = bk.backup_now(db_path, now=datetime(2024, 5, 1, 9, 30))
    bad = bk.backup_now(db_path, now=datetime(2024, 5, 2, 9, 30))
    bad.write_bytes(b"\0" * 4096)
    db.close()
    with open(db_path, "r+b") as f:
        f.write(b"\0" * 100)
    damaged = hashlib.sha256(db_path.read_bytes()).hexdigest()
    with pytest.raises(DatabaseDamagedError) as err:
        open_database(db_path)
    dialog = rd.RecoveryDialog(db_path, err.value.message)
    qtbot.addWidget(dialog)
    assert dialog.backup == good and "01/05/2024" in dialog.message.text()
    assert dialog.restore_button.isEnabled()
    dialog.restore_button.click()
    assert dialog.result() == dialog.DialogCode.Accepted
    aside = dialog.result_info.previous
    assert hashlib.sha256(aside.read_bytes()).hexdigest() == damaged and ".hong-" in aside.name
    assert _value(db_path, "k") == "tốt"
    assert quiet_boxes[-1][0] == "information"


def test_offer_recovery_without_backups_restores_nothing(qtbot, db_path, monkeypatch):
    db_path.write_bytes(b"garbage" * 1000)
    monkeypatch.setattr(rd.RecoveryDialog, "exec", lambda self: self.reject())
    assert rd.offer_recovery(None, db_path, DatabaseDamagedError("hỏng")) is False
    assert db_path.read_bytes() == b"garbage" * 1000


def test_restore_dialog_lists_backups_and_restores_selected(qtbot, db, db_path):
    ctx = AppContext(db)
    with db.session() as s:
        s.add(Setting(key="k", value="cũ"))
    old = bk.backup_now(db_path, now=datetime(2024, 1, 1, 8))
    with db.session() as s:
        s.merge(Setting(key="k", value="mới"))
    bk.backup_now(db_path, bk.AUTO, now=datetime(2024, 2, 1, 8))
    dialog = rd.RestoreDialog(ctx)
    qtbot.addWidget(dialog)
    assert dialog.table.rowCount() == 2 and dialog.table.item(1, 1).text() == "Thủ công"
    dialog.table.selectRow(1)
    assert dialog.selected() == old
    dialog.restore_button.click()
    assert dialog.restored is not None and dialog.restored.previous.exists()
    assert _value(db_path, "k") == "cũ"
    assert any(b.protected and b.path == old for b in bk.list_backups(db_path))


def test_restore_dialog_refuses_damaged_file_and_keeps_database_open(qtbot, db, db_path, tmp_path, quiet_boxes):
    ctx = AppContext(db)
    bad = tmp_path / "hong.sqlite3"
    bad.write_bytes(b"SQLite format 3\0" + b"\xff" * 5000)
    dialog = rd.RestoreDialog(ctx)
    qtbot.addWidget(dialog)
    assert dialog.restore(bad) is False
    assert quiet_boxes[-1][0] == "warning"
    with db.session() as s:  # still usable
        s.add(Setting(key="z", value=1))


def test_app_start_with_damaged_database_recovers_through_the_dialog(qtbot, db, db_path, monkeypatch):
    from tthc_desktop import app

    with db.session() as s:
        s.add(Setting(key="k", value="trước khi hỏng"))
    bk.backup_now(db_path)
    db.close()
    with open(db_path, "r+b") as f:
        f.write(b"\0" * 100)
    monkeypatch.setattr(rd.RecoveryDialog, "exec", lambda self: self.restore_button.click())
    reopened = app.open_or_explain(db_path)
    assert reopened is not None
    try:
        with reopened.session() as s:
            assert s.get(Setting, "k").value == "trước khi hỏng"
    finally:
        reopened.close()
    assert list(db_path.parent.glob(db_path.name + ".hong-*"))
