"""One officer's session in the PostgreSQL concurrency test (run in a spawned process)."""
from __future__ import annotations

from tthc_desktop.errors import EditConflictError


def officer(url: str, me: int, unit: str, own: list[tuple[int, str]], shared: list[int], rounds: int, barrier, out):
    from tthc_desktop.services import tracking
    from tthc_desktop.services.task_info import task_detail
    from tthc_desktop.storage.database import open_database

    db = open_database(url)
    barrier.wait()
    saved, conflicts = [], []
    try:
        for i, (task_id, period) in enumerate(own):  # rows nobody else writes: every one must be there
            tracking.add_progress(db, task_id, period, "in_progress", i % 100, note=f"p{me}-own{i}", unit=unit)
            task_id = shared[i % len(shared)]
            for _ in range(rounds):  # the same tasks as every other officer: read, then save what we saw
                entry = next(p for p in task_detail(db, task_id).progress if p.period == "2024Q1" and not p.unit)
                note = f"p{me}-edit{i}"
                try:
                    tracking.add_progress(db, task_id, "2024Q1", "in_progress", (me * 10 + i) % 100, note=note,
                                          expected_version=entry.version)
                    saved.append((task_id, entry.version + 1, note))
                except EditConflictError as exc:
                    assert exc.theirs["version"] != entry.version and exc.mine["note"] == note
                    conflicts.append((task_id, entry.version, exc.theirs["version"]))
    finally:
        db.close()
    out.put((me, saved, conflicts))
