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
def test_a_colleagues_newer_save_opens_the_conflict_dialog(qtbot, ctx, db, monkeypatch, choice):
    from tthc_desktop.ui.common import conflict_dialog
    from tthc_desktop.ui.tracking.task_detail import TaskDetailDialog

    task = ctx.ids["tasks"]["7"]
    tracking.add_progress(db, task, "2024Q2", "in_progress", 20, note="Bản đầu")
    dialog = TaskDetailDialog(ctx, task)  # the officer opens the task …
    qtbot.addWidget(dialog)
    tracking.add_progress(db, task, "2024Q2", "in_progress", 70, note="Đồng nghiệp đã sửa")  # … a colleague saves
    dialog.status_box.setCurrentIndex(dialog.status_box.findData("done"))
    dialog.result.setPlainText("Tôi sửa")
    shown = {}

    def decide(self):
        shown["texts"] = [w.text() for w in self.findChildren(conflict_dialog.QLabel)]
        self.choice = choice
        return 0

    monkeypatch.setattr(conflict_dialog.ConflictDialog, "exec", decide)
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
