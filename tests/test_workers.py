"""Background work: results, errors in Vietnamese, cancellation, the delayed progress dialog."""
import threading

import pytest
from PySide6.QtWidgets import QMessageBox, QWidget

from tthc_desktop.errors import BadInputError
from tthc_desktop.ui.common import workers


def test_result_comes_back_from_another_thread(qtbot):
    seen = {}

    def work(progress):
        seen["thread"] = threading.current_thread()
        progress(1, 2, "nửa đường")
        return 42

    assert workers.run_with_progress(None, work, title="Thử", label="Đang làm…") == 42
    assert seen["thread"] is not threading.main_thread()


def test_error_is_raised_and_shown_in_vietnamese(qtbot, monkeypatch):
    def work(progress):
        raise BadInputError("Tệp «x.docx» bị hỏng.")

    with pytest.raises(BadInputError):
        workers.run_with_progress(None, work, title="Thử", label="Đang làm…")
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: shown.append(text))
    monkeypatch.setattr(QMessageBox, "critical", lambda parent, title, text: shown.append("critical:" + text))
    job = workers.run_in_background(None, work, title="Thử", label="Đang làm…")
    qtbot.waitUntil(lambda: job.finished)
    qtbot.waitUntil(lambda: bool(shown))
    assert shown == ["Tệp «x.docx» bị hỏng."]
    shown.clear()
    job = workers.run_in_background(None, lambda p: 1 / 0, title="Thử", label="Đang làm…")
    qtbot.waitUntil(lambda: bool(shown))
    assert shown[0].startswith("critical:Đã xảy ra lỗi không mong muốn") and "ZeroDivision" not in shown[0]


def test_dialog_only_for_slow_work_and_cancel(qtbot, monkeypatch):
    # Speeds are not raced against the clock: the quick work ends long before its minute, the slow
    # work runs until it is cancelled, so the dialog shows (after 50 ms) whatever the machine's load.
    monkeypatch.setattr(workers, "SHOW_AFTER_MS", 60_000)
    parent = QWidget()
    qtbot.addWidget(parent)
    done = []
    quick = workers.run_in_background(parent, lambda p: "ok", title="Thử", label="Nhanh", on_done=done.append)
    qtbot.waitUntil(lambda: done == ["ok"])
    assert quick.finished and not quick.dialog_shown

    never = threading.Event()

    def slow(progress):
        i = 0
        while not progress.is_cancelled():
            progress(i % 200, 200)
            i += 1
            if never.wait(0.01):
                return "finished"
        return "stopped"

    job = workers.Job(parent, slow, title="Thử", label="Chậm", cancellable=True, show_after_ms=50).start()
    qtbot.waitUntil(lambda: job.dialog.isVisible(), timeout=3000)
    from PySide6.QtWidgets import QPushButton

    button = job.dialog.findChild(QPushButton)
    assert button.text() == "Hủy"
    button.click()
    job.wait()
    assert job.cancelled() and job.result == "stopped"

    def cancel_soon(progress):
        job_holder[0].cancel()
        return slow(progress)

    job_holder = [None]
    original = workers.Job

    class Remember(original):
        def start(self):
            job_holder[0] = self
            return super().start()

    monkeypatch.setattr(workers, "Job", Remember)
    with pytest.raises(workers.Cancelled):
        workers.run_with_progress(parent, cancel_soon, title="Thử", label="Chậm", cancellable=True)


def test_progress_accepts_fractions_percentages_and_text():
    got = []
    p = workers.Progress(lambda v, t: got.append((round(v, 2), t)))
    p(0.5)
    p(30)
    p(3, 4, "bảng 3")
    p("đang lưu")
    assert got == [(0.5, ""), (0.3, ""), (0.75, "bảng 3"), (-1, "đang lưu")]
