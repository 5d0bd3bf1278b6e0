"""`tthc-desktop`: the demo window starts, shows real content, and leaves the working database alone."""
import os
import subprocess
import sys

from tthc_desktop.app import parse_args


def test_arguments():
    args = parse_args(["--demo", "ke-hoach.docx"])
    assert args.demo and args.file == "ke-hoach.docx" and args.db is None
    assert parse_args(["--db", "x.sqlite3", "--screenshot", "a.png"]).screenshot == "a.png"


def test_demo_window_screenshot_in_a_fresh_process(tmp_path):
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "TTHC_DATA_DIR": str(tmp_path / "data")}
    env.pop("TTHC_DB", None)
    shot = tmp_path / "main.png"
    done = subprocess.run([sys.executable, "-m", "tthc_desktop", "--demo", "--screenshot", str(shot)], env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert shot.stat().st_size > 20_000
    assert (tmp_path / "data" / "demo.sqlite3").exists()
    assert not (tmp_path / "data" / "tthc.sqlite3").exists()  # the working database was never created
    from PySide6.QtGui import QImage

    image = QImage(str(shot))
    assert (image.width(), image.height()) == (1366, 768)
