"""A modal dialog a test did not expect fails that test at once with the dialog's text; it never hangs.

The demonstration runs pytest in a fresh process on small tests, with this suite's conftest and a
5-second pytest-timeout: a dialog that blocked would end that run with «Timeout» instead of the
failures below, so every failure here came before 5 s.
"""
import os
import subprocess
import sys

from conftest import REPO

TESTS = '''
import pytest
from PySide6.QtWidgets import QApplication, QDialog, QFileDialog, QLabel, QMessageBox, QVBoxLayout


@pytest.fixture(autouse=True)
def app():
    return QApplication.instance() or QApplication([])


def test_static_message_box():
    QMessageBox.warning(None, "Không nhập được", "Tệp «ke-hoach.docx» bị hỏng.")


def test_message_box_exec():
    box = QMessageBox(QMessageBox.Icon.Question, "Xóa kế hoạch?", "Kế hoạch năm 2024 sẽ bị xóa.")
    box.exec()


def test_own_dialog_exec():
    dialog = QDialog()
    dialog.setWindowTitle("Đơn vị mới")
    QVBoxLayout(dialog).addWidget(QLabel("Tên đơn vị:"))
    dialog.exec()


def test_file_dialog():
    QFileDialog.getOpenFileName(None, "Chọn tệp kế hoạch", "", "Word (*.docx)")


def test_swallowed_by_the_code_under_test():
    try:
        QMessageBox.critical(None, "Lỗi", "Đã xảy ra lỗi không mong muốn.")
    except Exception:
        pass


def test_a_test_that_patches_its_dialog_still_works(monkeypatch):
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    assert QMessageBox.question(None, "Ghi đè?", "Tệp đã có.") == QMessageBox.StandardButton.Yes


def test_a_patched_dialog_class_still_works(monkeypatch):
    class Ask(QDialog):
        pass

    monkeypatch.setattr(Ask, "exec", lambda self: QDialog.DialogCode.Accepted)
    assert Ask().exec() == QDialog.DialogCode.Accepted


@pytest.mark.drives_dialogs
def test_marked_tests_answer_real_dialogs():
    from PySide6.QtCore import QTimer

    box = QMessageBox(QMessageBox.Icon.Information, "Đã ghi", "bao-cao.docx")
    QTimer.singleShot(0, box.accept)
    box.exec()
'''


def test_unexpected_dialogs_fail_at_once_with_their_text(tmp_path):
    (tmp_path / "conftest.py").write_text((REPO / "tests" / "conftest.py").read_text(encoding="utf-8"),
                                          encoding="utf-8")
    (tmp_path / "test_dialogs.py").write_text(TESTS, encoding="utf-8")
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(REPO))
    run = subprocess.run([sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-vv", "-rfE", "-o", "timeout=5",
                          "-o", "timeout_method=thread", "-o", "markers=drives_dialogs", "test_dialogs.py"],
                         cwd=tmp_path, env=env, capture_output=True, text=True, encoding="utf-8", timeout=120)
    out = run.stdout + run.stderr
    assert "Timeout" not in out, out[-3000:]
    assert "4 failed, 4 passed, 1 error" in out, out[-3000:]
    for test, text in [
        ("test_static_message_box", "QMessageBox.warning: Không nhập được — Tệp «ke-hoach.docx» bị hỏng."),
        ("test_message_box_exec", "QMessageBox.exec: Xóa kế hoạch? — Kế hoạch năm 2024 sẽ bị xóa."),
        ("test_own_dialog_exec", "QDialog.exec: Đơn vị mới — Tên đơn vị:"),
        ("test_file_dialog", "QFileDialog.getOpenFileName: Chọn tệp kế hoạch"),
        ("test_swallowed_by_the_code_under_test", "QMessageBox.critical: Lỗi — Đã xảy ra lỗi không mong muốn."),
    ]:
        line = next((x for x in out.splitlines() if x.startswith(("FAILED", "ERROR")) and test in x), "")
        assert text in line, (test, out[-3000:])
