"""The baseline window: a bare PySide6 QMainWindow that prints "shown" at its first paint and quits.

Measured exactly like the program (same child-process clock, same paint event), so the ratio
shows what the program adds on top of Python + Qt themselves.
"""
import sys

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow


class FirstPaint(QObject):
    def __init__(self, window, app):
        super().__init__(window)
        self.window, self.app, self.done = window, app, False
        window.installEventFilter(self)

    def eventFilter(self, obj, event):  # noqa: N802 - Qt API
        if not self.done and obj is self.window and event.type() == QEvent.Type.Paint:
            self.done = True
            print("shown", flush=True)
            QTimer.singleShot(0, self.quit)
        return False

    def quit(self):
        print("settled", flush=True)
        try:  # the same peak figure the program's probe prints (Linux)
            with open("/proc/self/status", encoding="ascii") as fh:
                print(next(f"peak_kib {ln.split()[1]}" for ln in fh if ln.startswith("VmHWM:")), flush=True)
        except (OSError, StopIteration):
            pass
        self.window.close()
        self.app.quit()


def main() -> int:
    if "--import" in sys.argv:  # "--import a,b": import these modules first (start-up floor)
        import importlib

        for name in sys.argv[sys.argv.index("--import") + 1].split(","):
            importlib.import_module(name)
    app = QApplication(sys.argv[:1])
    window = QMainWindow()
    window.setWindowTitle("bare")
    window.resize(1024, 640)  # the program's minimum size
    window.show()
    FirstPaint(window, app)
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
