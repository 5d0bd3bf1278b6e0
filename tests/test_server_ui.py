"""The window's side of server mode: the conflict dialog in the task detail, the connection dialog."""
import pytest
from factories import build_department
from sqlalchemy.engine import make_url

from tthc_desktop.domain.periods import Period
from tthc_desktop.services import tracking


@pytest.fixture
def ctx(db, qapp):
    from tthc_desktop.ui.common.context import AppContext

    c = AppContext(db)
    c.ids = build_department(db)
    c.set_period(Period(2024, "Q2"))
    return c


def _entry(db, task_id):
    from tthc_desktop.services.task_info import task_detail

    return next(p for p in task_detail(db, task_id).progress if p.period == "2024Q2" and not p.unit)


@pytest.mark.parametrize("choice", ["theirs", "mine"])
def test_a_colleagues_newer_save_opens_the_conflict_dialog(qtbot, ctx, db, answer_conflict, choice):
    from tthc_desktop.ui.tracking.task_detail import TaskDetailDialog

    task = ctx.ids["tasks"]["7"]
    tracking.add_progress(db, task, "2024Q2", "in_progress", 20, note="Bản đầu")
    dialog = TaskDetailDialog(ctx, task)  # the officer opens the task …
    qtbot.addWidget(dialog)
    tracking.add_progress(db, task, "2024Q2", "in_progress", 70, note="Đồng nghiệp đã sửa")  # … a colleague saves
    dialog.status_box.setCurrentIndex(dialog.status_box.findData("done"))
    dialog.result.setPlainText("Tôi sửa")
    shown = answer_conflict(choice)
    saved = dialog.save_progress()
    assert "Đồng nghiệp đã sửa" in shown["texts"] and "Tôi sửa" in shown["texts"] and "70%" in shown["texts"]
    assert any(t.startswith("Nhiệm vụ này vừa được ") for t in shown["texts"])
    after = _entry(db, task)
    if choice == "theirs":
        assert not saved and after.result == "Đồng nghiệp đã sửa" and after.version == 2
    else:
        assert saved and after.result == "Tôi sửa" and after.version == 3




@pytest.fixture
def memory_keyring(monkeypatch):
    import keyring
    from keyring.backend import KeyringBackend

    store = {}

    class Backend(KeyringBackend):
        priority = 1

        def get_password(self, service, user):
            return store.get((service, user))

        def set_password(self, service, user, password):
            store[(service, user)] = password

        def delete_password(self, service, user):
            store.pop((service, user), None)

    previous = keyring.get_keyring()
    keyring.set_keyring(Backend())
    yield store
    keyring.set_keyring(previous)


def _fill(dialog, url):
    u = make_url(url)
    dialog.host.setText(u.host)
    dialog.port.setValue(u.port)
    dialog.database.setText(u.database)
    dialog.user.setText(u.username)
    dialog.password.setText(u.password)


def test_connection_dialog_tests_remembers_and_keeps_the_password(qtbot, qapp, pg_url, memory_keyring):
    from tthc_desktop.ui.shell.connection_dialog import ConnectionDialog

    dialog = ConnectionDialog()
    qtbot.addWidget(dialog)
    _fill(dialog, pg_url)
    dialog.password.setText("sai")
    assert not dialog.test_connection() and "từ chối đăng nhập" in dialog.outcome.text()
    _fill(dialog, pg_url)
    assert dialog.test_connection() and dialog.outcome.text().startswith("✓ Kết nối được: PostgreSQL 1")
    dialog.remember.setChecked(True)
    dialog._accept()
    assert dialog.result() == dialog.DialogCode.Accepted
    assert list(memory_keyring.values()) == [make_url(pg_url).password]
    again = ConnectionDialog()  # the next time: the last choice and the stored password
    qtbot.addWidget(again)
    assert again.url() == dialog.url() == pg_url


def test_unticked_password_is_not_kept(qtbot, qapp, pg_url, memory_keyring):
    from tthc_desktop.ui.shell.connection_dialog import ConnectionDialog

    dialog = ConnectionDialog()
    qtbot.addWidget(dialog)
    _fill(dialog, pg_url)
    dialog._accept()
    assert memory_keyring == {}
    again = ConnectionDialog()
    qtbot.addWidget(again)
    assert again.host.text() == make_url(pg_url).host and again.password.text() == ""


def test_missing_fields_are_named_before_connecting(qtbot, qapp):
    from tthc_desktop.ui.shell.connection_dialog import ConnectionDialog

    dialog = ConnectionDialog()
    qtbot.addWidget(dialog)
    dialog.host.setText("")
    assert not dialog.test_connection() and dialog.outcome.text() == "Hãy nhập tên máy chủ."


def test_the_server_chosen_last_time_is_opened_at_start(qapp, monkeypatch):
    from tthc_desktop.app import parse_args, server_target
    from tthc_desktop.ui.common.file_dialogs import window_settings

    assert server_target(parse_args([])) is None  # default: this machine
    s = window_settings()
    for key, value in (("host", "may-chu-so"), ("port", 5433), ("database", "tthc"), ("user", "van.phong"),
                       ("active", True)):
        s.setValue(f"may-chu/{key}", value)
    s.sync()
    assert server_target(parse_args([])) == "postgresql+pg8000://van.phong@may-chu-so:5433/tthc"
    assert server_target(parse_args(["--demo"])) is None
    assert server_target(parse_args(["--db", "/tmp/x.sqlite3"])) is None  # an explicit file wins


def test_move_to_server_from_the_window(qtbot, qapp, db_path, pg_url, monkeypatch):
    from PySide6.QtWidgets import QDialog, QMessageBox

    from tthc_desktop.storage.database import open_database

    from tthc_desktop.services.server import open_target
    from tthc_desktop.services.tracking import task_rows
    from tthc_desktop.ui.common.context import AppContext
    from tthc_desktop.ui.shell import server_menu
    from tthc_desktop.ui.shell.main_window import MainWindow

    db = open_database(db_path)  # this machine's file, whatever the run's `db` fixture is
    build_department(db)
    window = MainWindow()
    qtbot.addWidget(window)
    window.attach(AppContext(db))
    monkeypatch.setattr(server_menu.ConnectionDialog, "exec", lambda self: QDialog.DialogCode.Accepted)
    monkeypatch.setattr(server_menu.ConnectionDialog, "url", lambda self: pg_url)
    asked = []
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: asked.append(a[2]) or QMessageBox.StandardButton.Yes)
    assert server_menu.move_to_server(window)
    assert "khớp" in asked[0] and window.ctx.db.is_server
    server = open_target(pg_url)
    try:
        assert [r.number for r in task_rows(server, "2024Q2")] == [r.number for r in task_rows(db, "2024Q2")]
    finally:
        server.close()
    window.close()
    window.ctx.db.close()
    db.close()
