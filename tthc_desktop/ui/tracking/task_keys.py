"""Keys of the task detail: Ctrl+S records the progress being typed, Ctrl+P prints the task's history."""
from __future__ import annotations

from tthc_desktop.ui.common.page_keys import add_print, add_save, view_rows


def print_history(dialog):
    from tthc_desktop.ui.common.printing import print_table

    d = dialog.detail
    subtitle = f"Nhiệm vụ {d.number}: {d.content} · Chủ trì: {'; '.join(d.lead) or '—'} · Thời gian: {d.schedule}"
    return print_table(dialog, f"Tiến độ nhiệm vụ {d.number}", *view_rows(dialog.history), subtitle)


def add_task_keys(dialog) -> None:
    add_save(dialog, dialog.save_progress, "Chi tiết nhiệm vụ: kết quả của kỳ")
    add_print(dialog, lambda: print_history(dialog), "Chi tiết nhiệm vụ: tiến độ các kỳ")
