"""Ctrl+P on Kế hoạch của Sở: the selected plan written as it will be issued, then previewed."""
from __future__ import annotations


def print_plan(parent, ctx, plan_id: int):
    from tthc_desktop.services.plan_export import export_plan
    from tthc_desktop.services.plans import list_plans
    from tthc_desktop.ui.common.output_dialog import output_folder
    from tthc_desktop.ui.common.printing import print_file
    from tthc_desktop.ui.common.workers import run_with_progress, show_error

    year = next((p["year"] for p in list_plans(ctx.db, "department") if p["id"] == plan_id), "")
    docx = output_folder() / f"Ke hoach KSTTHC {year}.docx"
    try:
        run_with_progress(parent, lambda _p: export_plan(ctx.db, plan_id, docx, None),
                          title="In kế hoạch", label="Đang tạo tệp Word của kế hoạch…")
    except Exception as exc:  # noqa: BLE001 - one sentence, never a traceback
        show_error(parent, exc, title="Không in được kế hoạch")
        return None
    return print_file(parent, docx)
