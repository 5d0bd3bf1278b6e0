"""`tthc check` for evidence files: every stored copy exists and still matches its recorded SHA-256."""
from __future__ import annotations

from sqlalchemy import select

from tthc_desktop.checksums import file_sha256
from tthc_desktop.services.tracking import evidence_file
from tthc_desktop.storage.models import EvidenceDocument, Task


def evidence_problems(db) -> list[str]:
    """One Vietnamese line per evidence file that is missing, unreadable or changed since it was attached."""
    problems = []
    with db.read_session() as s:
        rows = s.execute(select(EvidenceDocument, Task.number).join(Task, Task.id == EvidenceDocument.task_id)
                         .where(EvidenceDocument.file_path != "")).all()
        for doc, number in rows:
            label = f"tệp chứng minh «{doc.original_name or doc.file_path}» của nhiệm vụ {number}"
            path = evidence_file(db, doc)
            if path is None or not path.is_file():
                problems.append(f"Thiếu {label}")
                continue
            try:
                actual = file_sha256(path)
            except OSError:
                problems.append(f"Không đọc được {label}")
                continue
            if doc.sha256 and actual != doc.sha256:
                problems.append(f"{label[0].upper()}{label[1:]} đã bị thay đổi sau khi đính kèm (mã băm khác)")
    return problems
