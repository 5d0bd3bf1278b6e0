"""write_atomically: the previous good file survives interruption, failure and a locked target."""
from __future__ import annotations

import os

import pytest

from tthc_desktop.errors import BadInputError, FileLockedError
from tthc_desktop.exporters import atomic
from tthc_desktop.exporters.atomic import write_atomically


def _leftovers(folder):
    return sorted(p.name for p in folder.iterdir())


def test_writes_new_file_and_creates_folder(tmp_path):
    target = tmp_path / "out" / "kế hoạch.docx"
    result = write_atomically(target, lambda p: p.write_bytes(b"new content"))
    assert result == target
    assert target.read_bytes() == b"new content"
    assert _leftovers(target.parent) == ["kế hoạch.docx"]


def test_interrupted_write_keeps_previous_file(tmp_path):
    target = tmp_path / "plan.xlsx"
    target.write_bytes(b"good old file")

    def half_write(path):
        path.write_bytes(b"half")
        raise KeyboardInterrupt  # the user pressed Ctrl+C / the machine stopped mid-write

    with pytest.raises(KeyboardInterrupt):
        write_atomically(target, half_write)
    assert target.read_bytes() == b"good old file"
    assert _leftovers(tmp_path) == ["plan.xlsx"]


def test_failing_writer_leaves_no_file(tmp_path):
    target = tmp_path / "plan.docx"

    def broken(path):
        path.write_bytes(b"partial")
        raise ValueError("boom")

    with pytest.raises(ValueError):
        write_atomically(target, broken)
    assert not target.exists()
    assert _leftovers(tmp_path) == []


def test_locked_target_raises_file_locked(tmp_path, monkeypatch):
    target = tmp_path / "plan.docx"
    target.write_bytes(b"open in Word")

    attempts = []

    def refuse(src, dst):
        attempts.append(dst)
        raise PermissionError(13, "The process cannot access the file because it is being used by another process")

    monkeypatch.setattr(atomic.os, "replace", refuse)
    monkeypatch.setattr(atomic, "RETRY_DELAYS", (0, 0))
    with pytest.raises(FileLockedError) as info:
        write_atomically(target, lambda p: p.write_bytes(b"new"))
    assert "đang được mở trong chương trình khác" in info.value.message
    assert info.value.exit_code == 3 and len(attempts) == 3  # retried before giving up
    assert target.read_bytes() == b"open in Word"
    assert _leftovers(tmp_path) == ["plan.docx"]


def test_replace_is_the_only_step_touching_the_target(tmp_path, monkeypatch):
    target = tmp_path / "a.docx"
    target.write_bytes(b"old")
    seen = {}
    real_replace = os.replace

    def spy(src, dst):
        seen["src_parent"] = os.path.dirname(src)
        seen["old_still_there"] = target.read_bytes() == b"old"
        real_replace(src, dst)

    monkeypatch.setattr(atomic.os, "replace", spy)
    write_atomically(target, lambda p: p.write_bytes(b"new"))
    assert seen == {"src_parent": str(tmp_path), "old_still_there": True}
    assert target.read_bytes() == b"new"


def test_directory_as_target_is_refused(tmp_path):
    with pytest.raises(BadInputError):
        write_atomically(tmp_path, lambda p: p.write_bytes(b"x"))


def test_a_brief_lock_is_waited_out(tmp_path, monkeypatch):
    target = tmp_path / "plan.docx"
    real_replace = os.replace
    calls = []

    def busy_once(src, dst):
        calls.append(dst)
        if len(calls) == 1:
            raise PermissionError(13, "scanned by antivirus")
        real_replace(src, dst)

    monkeypatch.setattr(atomic.os, "replace", busy_once)
    monkeypatch.setattr(atomic, "RETRY_DELAYS", (0,))
    write_atomically(target, lambda p: p.write_bytes(b"new"))
    assert target.read_bytes() == b"new" and len(calls) == 2
