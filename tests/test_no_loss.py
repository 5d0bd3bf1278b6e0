"""Never losing the officer's work (issue 13): versioned outputs, decisions kept, removal keeps history, undo."""
import email
import json
import shutil
from pathlib import Path

import pytest
from docx import Document
from openpyxl import load_workbook

from tthc_desktop.cli.main import run
from tthc_desktop.storage.database import open_database

DEMO = Path(__file__).resolve().parents[1] / "resources" / "demo"
AGENCY = "Sở Nông nghiệp và Phát triển nông thôn"


@pytest.fixture
def demo(demo_2024):
    return demo_2024


def cli(capsys, path, *args) -> tuple[int, str, str]:
    code = run(["--db", str(path), *args])
    out = capsys.readouterr()
    return code, out.out, out.err


def cli_json(capsys, path, *args):
    code, out, err = cli(capsys, path, *args, "--json")
    assert code == 0, err
    return json.loads(out)


def task_list(capsys, path, period="2024Q1"):
    return cli_json(capsys, path, "task", "list", "--period", period)


def tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


# ---------------------------------------------------------------- 1. outputs are versioned
def test_a_rebuild_never_overwrites_the_edited_report(capsys, demo, tmp_path):
    out = tmp_path / "bao-cao"
    first = cli_json(capsys, demo, "report", "build", "--period", "2024Q1", "--out", str(out))
    report = Path(first["files"][0])
    assert report.name == "Bao-cao-KSTTHC-2024Q1.docx"
    assert not any("ban-" in w for w in first["warnings"])  # only missing figures are said, no second version

    again = cli_json(capsys, demo, "report", "build", "--period", "2024Q1", "--out", str(out))
    assert again["files"][0] == str(report)  # untouched: rebuilt in place, no second version

    doc = Document(report)
    doc.add_paragraph("Đoạn cán bộ tự viết thêm trong Word.")
    doc.save(report)
    edited = report.read_bytes()

    third = cli_json(capsys, demo, "report", "build", "--period", "2024Q1", "--out", str(out))
    assert report.read_bytes() == edited  # byte for byte
    second = out / "Bao-cao-KSTTHC-2024Q1-ban-2.docx"
    assert second.is_file() and str(second) in third["files"] and str(report) not in third["files"]
    assert any("Bao-cao-KSTTHC-2024Q1.docx" in w and "ban-2" in w for w in third["warnings"])
    assert "Đoạn cán bộ tự viết thêm" not in "\n".join(p.text for p in Document(second).paragraphs)
    assert str(out / "II.05a.xlsx") in third["files"]  # unedited forms are rebuilt in place

    with _opened(demo) as db:
        from tthc_desktop.services import outputs

        versions = outputs.versions(db, "2024Q1", "report")
    assert [(v.number, v.edited) for v in sorted(versions, key=lambda v: v.number)] == [(1, True), (2, False)]

    # «Gửi báo cáo» attaches the version chosen (default the newest), without rebuilding anything.
    before = tree(out)
    with _opened(demo) as db:
        from tthc_desktop.services import catalog

        catalog.save_profile(db, province_email="kstthc@quangngai.gov.vn")
    sent = cli_json(capsys, demo, "report", "email", "--period", "2024Q1", "--file", str(report))
    names = _attachments(Path(sent["email"]))
    assert "Bao-cao-KSTTHC-2024Q1.docx" in names and "II.05a.xlsx" in names
    after = tree(out)
    assert {k: v for k, v in after.items() if not k.endswith(".eml")} == before


def test_a_report_open_in_word_is_not_replaced(capsys, demo, tmp_path):
    out = tmp_path / "bc"
    report = Path(cli_json(capsys, demo, "report", "build", "--period", "2024Q1", "--out", str(out))["files"][0])
    content = report.read_bytes()
    (out / f"~${report.name[2:]}").write_bytes(b"owner")  # what Word leaves beside an open document
    again = cli_json(capsys, demo, "report", "build", "--period", "2024Q1", "--out", str(out))
    assert report.read_bytes() == content and str(out / "Bao-cao-KSTTHC-2024Q1-ban-2.docx") in again["files"]
    assert any("đang được mở" in w for w in again["warnings"])


class _opened:
    def __init__(self, path):
        self.db = open_database(path)

    def __enter__(self):
        return self.db

    def __exit__(self, *exc):
        self.db.close()


def _attachments(eml: Path) -> set[str]:
    msg = email.message_from_bytes(eml.read_bytes())
    return {part.get_filename() for part in msg.walk() if part.get_filename()}


# ---------------------------------------------------------------- 2. decisions are data
@pytest.fixture
def derived(db_path):
    """The province's 2023 plan derived with last year's department plan and saved, as the demo does; the
    officer drops task XII.48 that the rules kept (ground truth: 35 kept, 16 dropped)."""
    from tthc_desktop.services import catalog
    from tthc_desktop.services.derive import propose, save_department_plan

    db = open_database(db_path)
    catalog.save_profile(db, **catalog.example_profile())
    catalog.seed_defaults(db)
    proposal = propose(db, DEMO / "qn2023_plan.docx", AGENCY, previous=DEMO / "snn2024_plan.docx", year=2024)
    task = next(t for t in proposal.tasks if t.source_number == "48")
    task.decision, task.reason = "drop", "Sở không có nhiệm vụ tương ứng trong năm 2024 (cán bộ quyết định)."
    plan_id = save_department_plan(db, proposal)
    db.close()
    return plan_id


def provincial(show: dict) -> list[dict]:
    return [t for s in show["sections"] for t in s["tasks"] if t["source_number"]]


def test_plan_show_lists_every_provincial_task_with_its_decision(capsys, db_path, derived):
    show = cli_json(capsys, db_path, "plan", "show", str(derived))
    tasks = provincial(show)
    assert len(tasks) == 51
    assert sum(t["decision"] == "keep" for t in tasks) == 35 and sum(t["decision"] == "drop" for t in tasks) == 16
    assert all(t["reason"].strip() and t["role"] in ("lead", "coordinate") for t in tasks)
    changed = [t for t in tasks if t["changed"]]
    assert [(t["source_number"], t["proposed_decision"], t["decision"]) for t in changed] == [("48", "keep", "drop")]
    dropped = {t["source_number"] for t in tasks if t["decision"] == "drop"}
    assert {"1b", "5", "48"} <= dropped

    exported = db_path.parent / "ke-hoach.docx"
    assert cli(capsys, db_path, "plan", "export", str(derived), "--docx", str(exported))[0] == 0
    text = "\n".join(c.text for t in Document(exported).tables for r in t.rows for c in r.cells)
    one_b = next(t for t in tasks if t["source_number"] == "1b")
    assert one_b["content"][:60] not in text  # the exported plan has no dropped task

    with_annex = db_path.parent / "ke-hoach-phu-luc.docx"
    assert cli(capsys, db_path, "plan", "export", str(derived), "--docx", str(with_annex), "--dropped-annex")[0] == 0
    annex = Document(with_annex).tables[-1]
    rows = [[c.text for c in r.cells] for r in annex.rows[1:]]
    assert "KHÔNG ĐƯA VÀO KẾ HOẠCH CỦA SỞ" in "\n".join(p.text for p in Document(with_annex).paragraphs)
    assert len(rows) == 16 and ["I.1b", one_b["content"], one_b["reason"]] in rows
    assert all(reason.strip() for _, _, reason in rows)
    book = db_path.parent / "ke-hoach.xlsx"
    assert cli(capsys, db_path, "plan", "export", str(derived), "--xlsx", str(book), "--dropped-annex")[0] == 0
    sheet = load_workbook(book)["Nhiệm vụ không đưa vào"]
    assert [[c.value for c in r] for r in sheet.iter_rows(min_row=4)] == rows


def test_a_dropped_task_can_be_brought_back_as_a_tracked_task(capsys, db_path, derived):
    before = task_list(capsys, db_path, "2024Q1")["tasks"]
    show = cli_json(capsys, db_path, "plan", "show", str(derived))
    one_b = next(t for t in provincial(show) if t["source_number"] == "1b")
    assert one_b["decision"] == "drop"
    back = cli_json(capsys, db_path, "plan", "keep", str(derived), "I.1b")
    after = task_list(capsys, db_path, "2024Q1")["tasks"]
    assert len(after) == len(before) + 1 and back["task_id"] in {t["id"] for t in after}
    again = {t["source_number"]: t for t in provincial(cli_json(capsys, db_path, "plan", "show", str(derived)))}
    assert again["1b"]["decision"] == "keep" and again["1b"]["id"] == back["task_id"] and again["1b"]["changed"]
    assert sum(t["decision"] == "drop" for t in again.values()) == 15
    code, _, err = cli(capsys, db_path, "plan", "keep", str(derived), "I.1b")
    assert code == 4 and "đã có trong kế hoạch" in err


# ---------------------------------------------------------------- 3. removing a tracked task keeps its history
def _task_with_history(db_path):
    """A task of the demo with progress entries, given an evidence document with a stored file."""
    from tthc_desktop.services import tracking
    from tthc_desktop.services.task_info import task_detail

    with _opened(db_path) as db:
        row = next(r for r in tracking.load_rows(db, "2024Q1") if task_detail(db, r.id).progress)
        scan = db_path.parent / "QD-ban-hanh.pdf"
        scan.write_bytes(b"%PDF-1.4 quyet dinh ban hanh")
        tracking.attach_evidence(db, row.id, scan, "15/QĐ-SNNPTNT", summary="Quyết định ban hành", period="2024Q1")
        return row.id, task_detail(db, row.id)


def _detail_state(db_path, task_id):
    from tthc_desktop.services.task_info import task_detail

    with _opened(db_path) as db:
        d = task_detail(db, task_id)
    return d.number, d.progress, d.evidence, d.activity


def test_removing_a_tracked_task_keeps_every_entry_and_file_and_restore_gives_it_back(capsys, demo):
    task_id, detail = _task_with_history(demo)
    before = {p: task_list(capsys, demo, p) for p in ("2024Q1", "2024Q2")}
    state = _detail_state(demo, task_id)
    files = tree(_evidence_root(demo))

    with _opened(demo) as db:
        from tthc_desktop.services import task_records

        progress, evidence = task_records.holdings(db, task_id)
        assert task_records.holdings_sentence(progress, evidence).startswith(
            f"Nhiệm vụ này đã có {progress} kết quả và {evidence} văn bản chứng minh")
    code, _, err = cli(capsys, demo, "plan", "remove-task", str(task_id), "--reason", "Tỉnh đã giao cho sở khác.")
    assert code == 0, err
    assert task_id not in {t["id"] for t in task_list(capsys, demo)["tasks"]}
    assert _detail_state(demo, task_id) == state  # every entry, evidence record and log line is still there
    assert tree(_evidence_root(demo)) == files
    plan_id = next(p["id"] for p in cli_json(capsys, demo, "plan", "list") if p["kind"] == "department")
    removed = cli_json(capsys, demo, "plan", "show", str(plan_id))["removed_tasks"]
    assert [(t["id"], t["reason"]) for t in removed] == [(task_id, "Tỉnh đã giao cho sở khác.")]

    assert cli(capsys, demo, "plan", "restore-task", str(task_id))[0] == 0
    assert {p: task_list(capsys, demo, p) for p in before} == before
    assert _detail_state(demo, task_id) == state and tree(_evidence_root(demo)) == files


def test_saving_the_plan_without_a_tracked_task_sets_it_aside_instead_of_deleting(capsys, demo):
    from tthc_desktop.services.derive import load_department_plan, save_department_plan

    task_id, _ = _task_with_history(demo)
    state = _detail_state(demo, task_id)
    with _opened(demo) as db:
        plan_id = next(p["id"] for p in cli_json(capsys, demo, "plan", "list") if p["kind"] == "department")
        proposal = load_department_plan(db, plan_id)
        proposal.tasks = [t for t in proposal.tasks if t.task_id != task_id]  # Delete in the editor, then save
        save_department_plan(db, proposal, plan_id=plan_id, removal_reasons={task_id: "Không còn phù hợp."})
    assert task_id not in {t["id"] for t in task_list(capsys, demo)["tasks"]}
    assert _detail_state(demo, task_id) == state
    removed = cli_json(capsys, demo, "plan", "show", str(plan_id))["removed_tasks"]
    assert [(t["id"], t["reason"]) for t in removed] == [(task_id, "Không còn phù hợp.")]


def _evidence_root(db_path: Path) -> Path:
    from tthc_desktop.paths import companion_dir

    return companion_dir(db_path, "evidence")


# ---------------------------------------------------------------- 4. one history, with undo
def _last_operation(capsys, path) -> dict:
    return cli_json(capsys, path, "history")[0]


def test_undo_of_a_unit_sheet_import_gives_back_the_earlier_state(capsys, demo, tmp_path):
    before = task_list(capsys, demo, "2024Q2")
    files = cli_json(capsys, demo, "units", "sheets", "--period", "2024Q2", "--out", str(tmp_path / "phieu"))["files"]
    sheet = Path(next(f for f in files if "Văn phòng Sở" in f))
    wb = load_workbook(sheet)
    ws = wb["Phiếu báo cáo"]
    rows = [r for r in range(9, ws.max_row + 1) if ws.cell(row=r, column=10).value][:3]
    for r in rows:
        ws.cell(row=r, column=5, value="Hoàn thành")
        ws.cell(row=r, column=6, value="Đã hoàn thành theo kế hoạch (phiếu của đơn vị)")
    wb.save(sheet)
    code, _, err = cli(capsys, demo, "units", "import", str(sheet), "--period", "2024Q2", "--yes")
    assert code == 0, err
    changed = task_list(capsys, demo, "2024Q2")
    assert changed != before
    op = _last_operation(capsys, demo)
    assert op["kind"] == "unit_sheet" and op["undoable"] and "Văn phòng Sở" in op["summary"] and op["user"]
    assert cli(capsys, demo, "undo", str(op["id"]))[0] == 0
    assert task_list(capsys, demo, "2024Q2") == before
    assert cli_json(capsys, demo, "history")[0]["undoable"] is False  # already undone


def test_undo_of_a_progress_entry_and_refusal_when_a_later_one_depends_on_it(capsys, demo):
    before = task_list(capsys, demo, "2024Q2")
    number = before["tasks"][0]["number"]
    assert cli(capsys, demo, "progress", "add", number, "--period", "2024Q2", "--status", "Đang thực hiện",
               "--note", "Đang soạn dự thảo")[0] == 0
    first = _last_operation(capsys, demo)
    middle = task_list(capsys, demo, "2024Q2")
    assert cli(capsys, demo, "progress", "add", number, "--period", "2024Q2", "--status", "Hoàn thành",
               "--note", "Đã ban hành")[0] == 0
    second = _last_operation(capsys, demo)
    assert first["summary"].startswith(f"Ghi kết quả nhiệm vụ {number}")

    code, _, err = cli(capsys, demo, "undo", str(first["id"]))
    assert code == 4 and f"#{second['id']}" in err and second["summary"] in err
    assert not next(o for o in cli_json(capsys, demo, "history") if o["id"] == first["id"])["undoable"]

    assert cli(capsys, demo, "undo", str(second["id"]))[0] == 0
    assert task_list(capsys, demo, "2024Q2") == middle
    assert cli(capsys, demo, "undo", str(first["id"]))[0] == 0
    assert task_list(capsys, demo, "2024Q2") == before


def test_undo_of_an_evidence_deletion_gives_back_the_record_and_its_file(capsys, demo):
    task_id, detail = _task_with_history(demo)
    doc = next(e for e in detail.evidence if e.file_path)
    before = {p: task_list(capsys, demo, p) for p in ("2024Q1", "2024Q2")}
    state, files = _detail_state(demo, task_id), tree(_evidence_root(demo))
    assert cli(capsys, demo, "evidence", "delete", str(doc.id))[0] == 0
    assert doc.id not in {e.id for e in _detail_state(demo, task_id)[2]}
    assert tree(_evidence_root(demo)) == files  # the stored file waits for a possible undo
    op = _last_operation(capsys, demo)
    assert op["kind"] == "evidence" and op["undoable"]
    assert cli(capsys, demo, "undo", str(op["id"]))[0] == 0
    assert {p: task_list(capsys, demo, p) for p in before} == before
    assert _detail_state(demo, task_id) == state and tree(_evidence_root(demo)) == files


def test_undo_of_a_plan_import_is_refused_while_a_plan_derived_from_it_exists(capsys, db_path):
    assert cli(capsys, db_path, "plan", "import", str(DEMO / "qn2023_plan.docx"))[0] == 0
    imported = _last_operation(capsys, db_path)
    assert cli(capsys, db_path, "plan", "save-derived", "1", "--agency", AGENCY)[0] == 0
    saved = _last_operation(capsys, db_path)
    code, _, err = cli(capsys, db_path, "undo", str(imported["id"]))
    assert code == 4 and f"#{saved['id']}" in err
    assert cli(capsys, db_path, "undo", str(saved["id"]))[0] == 0
    assert cli(capsys, db_path, "undo", str(imported["id"]))[0] == 0
    assert cli_json(capsys, db_path, "plan", "list") == []


def test_a_restore_from_a_backup_is_in_the_history_and_says_where_the_data_of_before_is(capsys, demo):
    number = task_list(capsys, demo, "2024Q2")["tasks"][0]["number"]
    backup = Path(cli_json(capsys, demo, "backup")["backup"])
    assert cli(capsys, demo, "progress", "add", number, "--period", "2024Q2", "--status", "Đang thực hiện")[0] == 0
    assert cli(capsys, demo, "restore", str(backup))[0] == 0
    op = _last_operation(capsys, demo)
    assert op["kind"] == "restore" and backup.name in op["summary"] and not op["undoable"]
    code, _, err = cli(capsys, demo, "undo", str(op["id"]))
    assert code == 4 and "khôi phục bản sao lưu" in err


def test_an_officers_database_from_schema_1_gets_a_history_that_undoes(capsys, tmp_path):
    from tests.fixtures import old_databases as old

    path = tmp_path / "tthc.sqlite3"
    shutil.copyfile(old.FOLDER / "schema-1.sqlite3", path)
    tasks = cli_json(capsys, path, "task", "list", "--period", "2024Q3")
    assert cli_json(capsys, path, "history") == []  # nothing was recorded before the upgrade
    number = tasks["tasks"][0]["number"]
    assert cli(capsys, path, "progress", "add", number, "--period", "2024Q3", "--status", "Đang thực hiện",
               "--note", "Sau nâng cấp")[0] == 0
    op = _last_operation(capsys, path)
    assert cli(capsys, path, "undo", str(op["id"]))[0] == 0
    assert cli_json(capsys, path, "task", "list", "--period", "2024Q3") == tasks


def test_a_progress_entry_is_recorded_from_its_own_tasks_rows_only(db):
    """The history reads one task's rows for a progress entry (not every table whole), and undo still gives
    back exactly the earlier state."""
    from factories import build_department

    from tthc_desktop.services import history, tracking

    ids = build_department(db)
    other, task = ids["tasks"]["1"], ids["tasks"]["7"]
    tracking.add_progress(db, other, "2024Q1", "in_progress", 10, note="của nhiệm vụ khác")
    with db.engine.connect() as c:
        scoped = history.snapshot(c, history.one_task(db, task))
    assert scoped["progress_entries"] == {} and all(r["id"] == task for r in scoped["tasks"].values())
    tracking.add_progress(db, task, "2024Q1", "in_progress", 30, note="ghi thử")
    op = history.list_operations(db)[0]
    assert op["undoable"]
    history.undo(db, op["id"])
    rows = {r.id: r for r in tracking.load_rows(db, "2024Q1")}
    assert rows[task].status == "not_started" and rows[other].status == "in_progress"
