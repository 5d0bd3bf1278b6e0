"""Single instance: the second launch hands its arguments to the first and is not primary."""
import subprocess
import sys
import textwrap

from PySide6.QtWidgets import QMainWindow

from tthc_desktop.ui.shell.single_instance import SingleInstance, claim


def test_second_instance_sends_args_to_first(qtbot, tmp_path):
    first = SingleInstance(f"test-{tmp_path}")
    second = SingleInstance(f"test-{tmp_path}")
    try:
        assert first.is_primary()
        assert not second.is_primary()
        with qtbot.waitSignal(first.message_received, timeout=3000) as blocker:
            assert second.send(["C:/Kế hoạch/kế hoạch 2024.docx", "--x"])
        assert blocker.args == [["C:/Kế hoạch/kế hoạch 2024.docx", "--x"]]
    finally:
        first.release()
        second.release()


def test_release_lets_the_next_launch_be_primary(qtbot, tmp_path):
    a = SingleInstance(f"rel-{tmp_path}")
    assert a.is_primary()
    a.release()
    b = SingleInstance(f"rel-{tmp_path}")
    assert b.is_primary()
    b.release()


def test_other_process_hands_over_and_window_comes_forward(qtbot, tmp_path):
    db = tmp_path / "x.sqlite3"
    window = QMainWindow()
    qtbot.addWidget(window)
    window.show()
    window.showMinimized()
    guard = claim(db, [])
    assert guard is not None
    code = textwrap.dedent(f"""
        import sys
        from PySide6.QtWidgets import QApplication
        from tthc_desktop.ui.shell.single_instance import claim
        app = QApplication([])
        sys.exit(0 if claim({str(db)!r}, ["tệp.xlsx"]) is None else 1)
    """)
    try:
        with qtbot.waitSignal(guard.files_received, timeout=10000) as blocker:
            proc = subprocess.Popen([sys.executable, "-c", code])
            qtbot.waitUntil(lambda: proc.poll() is not None, timeout=10000)
        assert proc.returncode == 0
        assert blocker.args == [["tệp.xlsx"]]
        assert not window.isMinimized()
    finally:
        guard.release()
