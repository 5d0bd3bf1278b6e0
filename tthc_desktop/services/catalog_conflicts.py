"""What the conflict dialog shows when a colleague saved the agency profile or a unit first."""
from __future__ import annotations

from dataclasses import asdict

from tthc_desktop.services import conflicts
from tthc_desktop.storage.models import Unit

PROFILE_LABELS = {
    "parent_body": "Cơ quan chủ quản", "name": "Tên cơ quan", "short_name": "Tên gọi tắt",
    "short_code": "Chữ viết tắt", "place_name": "Địa danh", "signer_name": "Người ký", "signer_title": "Chức danh",
    "signer_prefix": "Ký thay", "signer_deputy_title": "Chức danh ký thay", "office_email": "Thư Văn phòng Sở",
    "province_email": "Thư nhận báo cáo của tỉnh", "province_office": "Cơ quan nhận báo cáo",
    "report_deadline_day": "Hạn Sở báo cáo", "unit_deadline_day": "Hạn đơn vị báo cáo",
}


def profile_state(row, clean: dict) -> tuple[dict, dict]:
    theirs = {PROFILE_LABELS[k]: _shown(getattr(row, k)) for k in clean} if row is not None else {}
    return conflicts.compared(row, "Thông tin cơ quan", theirs, {PROFILE_LABELS[k]: _shown(v) for k, v in clean.items()})


UNIT_LABELS = {"name": "Tên đơn vị", "short_name": "Tên viết tắt", "email": "Thư điện tử",
               "handles_dossiers": "Giải quyết TTHC", "active": "Đang hoạt động", "position": "Thứ tự",
               "groups": "Thuộc nhóm", "fields": "Lĩnh vực", "specialised": "Phòng chuyên môn",
               "drafts_legal": "Soạn thảo văn bản QPPL"}


def _shown(value) -> str:
    if isinstance(value, bool):
        return "Có" if value else "Không"
    if isinstance(value, (list, tuple)):
        return ", ".join(str(v) for v in value)
    return "" if value is None else str(value)


def unit_state(s, unit_id: int, changes: dict, info_of) -> tuple[dict, dict]:
    """The unit has no ``updated_by``: who changed it last is read from the history."""
    unit = s.get(Unit, unit_id)
    info = asdict(info_of(unit)) if unit is not None else {}
    by, at = conflicts.last_writer(s, "catalog", "units", unit_id)
    what = f"Đơn vị «{unit.name}»" if unit is not None else f"Đơn vị mã {unit_id}"
    return conflicts.compared(unit, what, {UNIT_LABELS[k]: _shown(info.get(k)) for k in changes},
                              {UNIT_LABELS[k]: _shown(v) for k, v in changes.items()}, by=by, at=at,
                              action="sửa" if unit is not None else "xóa")
