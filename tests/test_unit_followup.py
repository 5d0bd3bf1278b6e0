"""On the demo: who must act on what, each unit's own sheet, who has reported, and the reminders."""
import email
import json
from datetime import date
from email import policy

import pytest
from docx import Document

from tthc_desktop.cli.main import run
from tthc_desktop.domain.unit_resolution import ROLE_LABELS
from tthc_desktop.services import dashboard, plan_export, tracking, unit_followup, unit_reports, unit_roles
from tthc_desktop.storage.database import open_database

TODAY = date(2024, 6, 20)  # after the Q2 unit deadline (16/06)
GROUP = "Các phòng, cơ quan, đơn vị thuộc Sở có liên quan"


@pytest.fixture
def demo(demo_2024):
    database = open_database(demo_2024)
    yield database
    database.close()


def test_no_unit_has_a_role_in_every_task_and_bars_differ(demo):
    rows = tracking.load_rows(demo, "2024Q2", TODAY)
    per_unit: dict[str, int] = {}
    for r in rows:
        for name in {u.name for u in r.units}:
            per_unit[name] = per_unit.get(name, 0) + 1
    assert len(per_unit) == 12 and max(per_unit.values()) < len(rows)
    assert min(per_unit.values()) <= len(rows) // 4  # the specialised offices concern few tasks
    bars = dashboard.dashboard(demo, TODAY, "2024Q2").by_unit
    assert len({(c.done, c.total) for c in bars}) >= 4


def test_each_unit_sheet_lists_only_its_own_tasks_with_its_role(demo):
    rows = tracking.load_rows(demo, "2024Q2", TODAY)
    roles = {}
    for r in rows:
        for u in r.units:
            roles.setdefault(u.unit_id, {})[r.id] = u.role
    sheets = unit_reports.build_sheets(demo, tracking.parse_period("2024Q2"))
    assert len(sheets) == 12
    for sheet in sheets:
        assert {t.id: t.role for t in sheet.tasks} == {
            tid: ROLE_LABELS[role] for tid, role in roles[sheet.unit_id].items()}
        assert len(sheet.tasks) < len(rows)


def test_exported_plan_prints_the_plans_phrase_not_the_expanded_list(demo, tmp_path):
    with demo.read_session() as s:
        plan_id = tracking.current_plan_id(s)
    out = plan_export.export_plan(demo, plan_id, docx=tmp_path / "plan.docx")[0]
    annex = Document(str(out)).tables[-1]
    cells = [(row.cells[3].text, row.cells[4].text) for row in annex.rows[2:]]
    assert sum(GROUP in lead or GROUP in coord for lead, coord in cells) >= 10
    assert not any("Chi cục Kiểm lâm" in lead + coord and "Chi cục Thủy sản" in lead + coord for lead, coord in cells)


def test_follow_up_counts_and_pending_cli(demo, capsys):
    panel = {f.unit: f for f in unit_followup.follow_up(demo, "2024Q2", TODAY)}
    slow = panel["Chi cục Phát triển nông thôn"]
    assert slow.missing and set(slow.missing) | set(slow.reported) == set(slow.must_report)
    assert slow.deadline == date(2024, 6, 16) and slow.late  # the demo's slow unit sent some after the deadline
    assert len({len(f.missing) for f in panel.values()}) > 2
    assert run(["--db", str(demo.path), "units", "pending", "--period", "2024Q2", "--json"]) == 0
    pending = json.loads(capsys.readouterr().out)
    assert all(set(p) == {"unit", "missing", "deadline"} for p in pending)
    assert {p["unit"]: p["missing"] for p in pending}["Chi cục Phát triển nông thôn"] == slow.missing


def test_reminders_docx_and_eml_with_the_units_sheet(demo, tmp_path):
    files = unit_followup.write_reminders(demo, "2024Q2", tmp_path, today=TODAY, units=["Thanh tra Sở"])
    docx, sheet, eml = files
    missing = unit_followup.pending(demo, "2024Q2", TODAY)
    numbers = {p["unit"]: p["missing"] for p in missing}["Thanh tra Sở"]
    text = "\n".join(p.text for p in Document(str(docx)).paragraphs)
    assert "Kính gửi: Thanh tra Sở" in text and "16/06/2024" in text and "23/06/2024" in text
    assert all(f"Nhiệm vụ {n}:" in text for n in numbers)
    msg = email.message_from_bytes(eml.read_bytes(), policy=policy.default)
    assert msg["To"] == "ttr.snnptnt@quangngai.gov.vn" and "quý II năm 2024" in msg["Subject"]
    names = [part.get_filename() for part in msg.iter_attachments()]
    assert names == [docx.name, sheet.name] and sheet.suffix == ".xlsx"
    assert "Thanh tra Sở" in msg.get_body(("plain",)).get_content()


def test_checklist_untick_is_stored_and_outlives_re_resolving(demo, tmp_path):
    rows = {r.number: r for r in tracking.load_rows(demo, "2024Q2", TODAY)}
    task = rows["12"]  # PAKN, led by «các phòng … có liên quan»: the units handling TTHC
    items = unit_roles.checklist(demo, task.id)
    leads = [i for i in items if i.role == "lead" and i.ticked]
    assert leads and all(i.phrase == GROUP for i in leads)
    office = [i for i in items if i.unit == "Văn phòng Sở"]
    assert office and not office[0].ticked and office[0].proposed  # the focal point, proposed unticked
    dropped = leads[0]
    unit_roles.set_unit(demo, task.id, dropped.unit_id, "lead", False)
    unit_roles.set_unit(demo, task.id, office[0].unit_id, "coordinate", True)
    with demo.read_session() as s:
        plan_id = tracking.current_plan_id(s)
    unit_roles.resolve_plan(demo, plan_id)
    after = {(i.unit, i.role): i.ticked for i in unit_roles.checklist(demo, task.id)}
    assert after[(dropped.unit, "lead")] is False and after[("Văn phòng Sở", "coordinate")] is True
    row = {r.number: r for r in tracking.load_rows(demo, "2024Q2", TODAY)}["12"]
    assert dropped.unit not in row.lead and "Văn phòng Sở" in row.coordinate


def test_a_returned_row_for_a_task_the_unit_no_longer_has_is_warned_about(demo, tmp_path):
    unit = "Thanh tra Sở"
    (path,) = unit_reports.export_unit_sheets(demo, "2024Q2", tmp_path, [unit])
    from openpyxl import load_workbook

    from tthc_desktop.domain.workbook_layout import FIRST_DATA_ROW, ID_COLUMN, MAIN_SHEET

    wb = load_workbook(path)
    ws = wb[MAIN_SHEET]
    filled = []
    for r in range(FIRST_DATA_ROW, ws.max_row + 1):
        if ws.cell(r, ID_COLUMN).value:
            ws.cell(r, 5).value = "Hoàn thành"
            ws.cell(r, 6).value = "Đã thực hiện"
            filled.append(int(ws.cell(r, ID_COLUMN).value))
    wb.save(path)
    unit_id = tracking.resolve_unit(demo, unit)
    role = next(i.role for i in unit_roles.checklist(demo, filled[0]) if i.unit_id == unit_id and i.ticked)
    unit_roles.set_unit(demo, filled[0], unit_id, role, False)
    preview = unit_reports.preview_unit_sheet(demo, path, "2024Q2")
    assert len(preview.warnings) == 1 and "không còn giao cho Thanh tra Sở" in preview.warnings[0]
    assert filled[0] not in {c.task_id for c in preview.changes}
    assert unit_reports.apply_unit_sheet(demo, preview) == len([c for c in preview.changes
                                                                 if c.kind in ("new", "changed")]) > 0


def test_a_new_unit_joins_the_tasks_whose_words_name_it_and_one_undo_takes_both_back(demo):
    """«Các phòng … có liên quan» on PAKN names the units that handle TTHC: a new one joins, no click needed."""
    from tthc_desktop.services import catalog, history

    before = {r.number: r for r in tracking.load_rows(demo, "2024Q2", TODAY)}
    info = catalog.add_unit(demo, "Chi cục Quản lý đê điều và Phòng chống thiên tai", handles_dossiers=True)
    after = {r.number: r for r in tracking.load_rows(demo, "2024Q2", TODAY)}
    joined = [n for n in after if info.name in after[n].lead + after[n].coordinate]
    assert "12" in joined and info.name in after["12"].lead and info.tasks_changed == len(joined)
    moved = [n for n in after if (after[n].lead, after[n].coordinate) != (before[n].lead, before[n].coordinate)]
    assert moved == joined  # nothing else moved
    unchanged = catalog.update_unit(demo, info.id, email="dedieu@example.gov.vn")
    assert unchanged.tasks_changed == 0
    for op in history.list_operations(demo)[:2]:  # the e-mail edit, then the unit's creation with its tasks
        history.undo(demo, op["id"])
    assert {r.number: r.lead for r in tracking.load_rows(demo, "2024Q2", TODAY)} == \
        {n: r.lead for n, r in before.items()}
