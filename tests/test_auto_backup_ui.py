"""install_auto_backup: a backup at start, on the timer while data changes, and on close after a quick check."""
from PySide6.QtWidgets import QMainWindow

from tthc_desktop.storage import backup as bk
from tthc_desktop.storage.models import Setting
from tthc_desktop.ui.shell.auto_backup import install_auto_backup
from tthc_desktop.ui.common.context import AppContext


def _autos(db_path):
    return [b for b in bk.list_backups(db_path) if b.kind == bk.AUTO]


def test_start_timer_and_close(qtbot, db, db_path):
    ctx = AppContext(db)
    window = QMainWindow()
    qtbot.addWidget(window)
    window.show()
    policy = bk.AutoBackupPolicy(interval_minutes=0)
    with qtbot.waitSignal(ctx.status_message, timeout=2000):
        controller = install_auto_backup(window, ctx, policy=policy, check_every_ms=30)
    assert len(_autos(db_path)) == 1
    qtbot.wait(120)
    assert len(_autos(db_path)) == 1  # nothing changed: no new backup
    with db.session() as s:
        s.add(Setting(key="a", value=1))
    qtbot.waitUntil(lambda: len(_autos(db_path)) == 2, timeout=3000)
    with db.session() as s:
        s.add(Setting(key="b", value=2))
    controller.timer.stop()
    window.close()
    qtbot.waitUntil(lambda: controller.exit_check == "ok", timeout=3000)
    assert len(_autos(db_path)) == 3


def test_no_exit_backup_when_quick_check_fails(qtbot, db, db_path, monkeypatch):
    ctx = AppContext(db)
    window = QMainWindow()
    qtbot.addWidget(window)
    controller = install_auto_backup(window, ctx, check_every_ms=60_000)
    before = len(_autos(db_path))
    with db.session() as s:
        s.add(Setting(key="a", value=1))
    monkeypatch.setattr(db, "quick_check", lambda: "*** in database main ***\nPage 3 is never used")
    controller.at_exit()
    assert controller.exit_check != "ok" and len(_autos(db_path)) == before
