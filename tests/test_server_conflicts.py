"""Optimistic locking: a save over a colleague's newer change is reported, never a silent overwrite."""
import multiprocessing

import pytest
from factories import build_department
from sqlalchemy import create_engine, func, select, update

from tests.concurrency_worker import officer
from tthc_desktop.cli.main import run
from tthc_desktop.errors import EditConflictError
from tthc_desktop.services import tracking
from tthc_desktop.services.task_info import task_detail
from tthc_desktop.storage.database import open_database
from tthc_desktop.storage.models import ActivityLog, ProgressEntry


def _office_entry(db, task_id, period="2024Q2"):
    return next((p for p in task_detail(db, task_id).progress if p.period == period and not p.unit), None)


def test_stale_save_is_a_conflict_with_both_versions_and_changes_nothing(db):
    ids = build_department(db)
    task = ids["tasks"]["7"]
    assert _office_entry(db, task) is None
    tracking.add_progress(db, task, "2024Q2", "in_progress", 30, note="Bản đầu", expected_version=0)
    seen = _office_entry(db, task)  # both officers opened the task now
    assert seen.version == 1 and seen.updated_by
    tracking.add_progress(db, task, "2024Q2", "in_progress", 60, note="Đồng nghiệp sửa", expected_version=seen.version)
    with pytest.raises(EditConflictError) as info:
        tracking.add_progress(db, task, "2024Q2", "done", note="Tôi sửa", expected_version=seen.version)
    exc = info.value
    assert exc.message.startswith("Nhiệm vụ này vừa được ") and " sửa lúc " in exc.message
    assert "60%" in exc.message and "phiên bản 2" in exc.message
    assert exc.theirs["version"] == 2 and exc.theirs["note"] == "Đồng nghiệp sửa"
    assert exc.mine["note"] == "Tôi sửa" and exc.mine["status"] == "done"
    now = _office_entry(db, task)
    assert (now.version, now.result, now.percent) == (2, "Đồng nghiệp sửa", 60)
    # the officer's choice «Ghi đè bằng bản của tôi»: save again over the version now shown
    tracking.add_progress(db, task, "2024Q2", "done", note="Tôi sửa", expected_version=exc.theirs["version"])
    assert _office_entry(db, task).result == "Tôi sửa" and _office_entry(db, task).version == 3


def test_new_entry_created_meanwhile_is_a_conflict(db):
    task = build_department(db)["tasks"]["4"]
    tracking.add_progress(db, task, "2024Q2", "in_progress", 10, note="Người kia tạo trước")
    with pytest.raises(EditConflictError):
        tracking.add_progress(db, task, "2024Q2", "done", note="Tôi tưởng chưa có", expected_version=0)


def test_cli_expect_version_exit_6(db, database_url, capsys):
    build_department(db)
    assert run(["--db", database_url, "progress", "add", "7", "--period", "2024Q2", "--status", "in_progress",
                "--expect-version", "0"]) == 0
    assert run(["--db", database_url, "progress", "add", "7", "--period", "2024Q2", "--status", "done",
                "--expect-version", "0"]) == 6
    err = capsys.readouterr().err
    assert err.startswith("Nhiệm vụ này vừa được ") and "Traceback" not in err


def test_a_writer_slipping_in_between_read_and_write_is_caught(pg_url, monkeypatch):
    """The row changes after our version check, before our UPDATE: the version column catches it.

    (On SQLite nobody can slip in: ``add_progress`` takes the write lock before it reads, see
    tests/test_concurrency.py.)"""
    db = open_database(pg_url)
    database_url = pg_url
    task = build_department(db)["tasks"]["7"]
    tracking.add_progress(db, task, "2024Q2", "in_progress", 30, note="Bản đầu")
    real = tracking.record_progress
    other = create_engine(database_url if "://" in database_url else f"sqlite:///{database_url}")

    def colleague_commits_first(s, *args, **kwargs):
        with other.begin() as c:
            c.execute(update(ProgressEntry).values(result_text="Đồng nghiệp", version=ProgressEntry.version + 1))
        return real(s, *args, **kwargs)

    monkeypatch.setattr(tracking, "record_progress", colleague_commits_first)
    with pytest.raises(EditConflictError):
        tracking.add_progress(db, task, "2024Q2", "in_progress", 60, note="Tôi", expected_version=1)
    other.dispose()
    assert _office_entry(db, task).result == "Đồng nghiệp"
    db.close()


def test_four_officers_at_once_on_the_server(pg_url):
    """4 processes × 50 own progress entries, and edits of the same 3 tasks: nothing committed is lost,
    every refused edit is reported as a conflict, and no two saves were made over the same version."""
    db = open_database(pg_url)
    ids = build_department(db)
    numbers = sorted(ids["tasks"])
    shared = [ids["tasks"][n] for n in numbers[:3]]
    for t in shared:
        tracking.add_progress(db, t, "2024Q1", "in_progress", 0, note="bắt đầu")
    periods = [f"{y}Q{q}" for y in range(2024, 2031) for q in range(1, 5)]
    own = [(ids["tasks"][n], p) for p in periods for n in numbers][:50]
    units = list(ids["units"])[:4]
    mp = multiprocessing.get_context("spawn")
    barrier, out = mp.Barrier(4), mp.Queue()
    procs = [mp.Process(target=officer, args=(pg_url, me, units[me], own, shared, 1, barrier, out)) for me in range(4)]
    for p in procs:
        p.start()
    results = [out.get(timeout=120) for _ in procs]
    for p in procs:
        p.join(timeout=30)
        assert p.exitcode == 0
    saved = [s for _, ss, _ in results for s in ss]
    conflicts = [c for _, _, cs in results for c in cs]
    assert len(saved) + len(conflicts) == 4 * 50
    assert conflicts, "four officers editing three entries at once must collide"
    with db.read_session() as s:
        for me, unit in enumerate(units):  # every own entry committed, with its own text
            notes = set(s.scalars(select(ProgressEntry.result_text).where(ProgressEntry.unit_id == ids["units"][unit])))
            assert notes == {f"p{me}-own{i}" for i in range(50)}
        for t in shared:
            mine = sorted((v, note) for task, v, note in saved if task == t)
            versions = [v for v, _ in mine]
            assert len(versions) == len(set(versions)), "two saves over the same version: one was lost"
            entry = s.execute(select(ProgressEntry).where(ProgressEntry.task_id == t, ProgressEntry.period == "2024Q1",
                                                          ProgressEntry.unit_id.is_(None))).scalar_one()
            assert entry.version == 1 + len(versions)  # every save that was reported saved is counted
            assert entry.result_text == (mine[-1][1] if mine else "bắt đầu")
            logged = s.scalar(select(func.count()).select_from(ActivityLog).where(
                ActivityLog.task_id == t, ActivityLog.detail.like("Quý I năm 2024, Văn phòng (đầu mối)%")))
            assert logged == 1 + len(versions)
    db.close()
