"""Test data built with the ORM: a department with its units and fields, a provincial plan and a
department plan derived from it (sections, tasks, lead/coordinating units, schedules).

Usage::

    from tests.factories import build_department
    ids = build_department(db)              # realistic small plan for 2024
    ids["tasks"]["7"]                       # task id by number
    ids["units"]["Văn phòng Sở"]            # unit id by name

Lower-level helpers (add_profile, add_units, add_fields, add_plan) take an open session so a
test can compose its own plan.
"""
from __future__ import annotations

from datetime import date

from tthc_desktop.domain.text import fold
from tthc_desktop.storage.models import (
    AgencyProfile,
    Field,
    Plan,
    PlanSection,
    ProgressEntry,
    Task,
    TaskUnit,
    Unit,
)

UNIT_NAMES = [
    "Văn phòng Sở",
    "Thanh tra Sở",
    "Phòng Kế hoạch - Tài chính",
    "Chi cục Kiểm lâm",
    "Chi cục Trồng trọt và Bảo vệ thực vật",
    "Chi cục Chăn nuôi và Thú y",
    "Chi cục Thủy sản",
    "Chi cục Thủy lợi",
]
FIELD_NAMES = ["Trồng trọt", "Bảo vệ thực vật", "Chăn nuôi", "Thú y", "Thủy sản", "Lâm nghiệp", "Thủy lợi"]

# (section code, title, [task dicts]); units by name; "kind"/"due"/"every" as in Task.
DEPARTMENT_2024 = [
    ("I", "Ban hành các văn bản quản lý nhà nước về kiểm soát thủ tục hành chính (TTHC)", [
        dict(number="1", content="Xây dựng, ban hành các văn bản về kiểm soát TTHC năm 2024",
             lead=["Văn phòng Sở"], coordinate=["Thanh tra Sở"], time_text="Tháng 02",
             kind="once", due=date(2024, 2, 29), source="1a"),
    ]),
    ("II", "Kiểm soát việc ban hành quy định TTHC", [
        dict(number="2", content="Đánh giá tác động của TTHC trong dự thảo văn bản quy phạm pháp luật",
             lead=["Chi cục Kiểm lâm", "Chi cục Thủy sản"], coordinate=["Văn phòng Sở"],
             time_text="Thường xuyên", kind="recurring", every="continuous", source="3"),
    ]),
    ("III", "Công bố, công khai TTHC", [
        dict(number="3", content="Thực hiện niêm yết, đăng tải công khai TTHC trên Cổng thông tin điện tử",
             lead=["Văn phòng Sở"], coordinate=["Chi cục Chăn nuôi và Thú y"], time_text="Định kỳ 3 tháng/lần",
             kind="recurring", every="quarter", source="6"),
    ]),
    ("IV", "Rà soát, đơn giản hóa TTHC", [
        dict(number="4", content="Xây dựng và trình Giám đốc Sở phê duyệt Kế hoạch rà soát, đánh giá TTHC năm 2024",
             lead=["Văn phòng Sở"], coordinate=["Chi cục Trồng trọt và Bảo vệ thực vật"],
             time_text="Trước ngày 20/02/2024", kind="once", due=date(2024, 2, 20)),
        dict(number="5", content="Thực hiện rà soát, đánh giá TTHC trên các lĩnh vực theo kế hoạch của Sở",
             lead=["Chi cục Trồng trọt và Bảo vệ thực vật", "Chi cục Thủy lợi"], coordinate=["Văn phòng Sở"],
             time_text="Quý III/2024", kind="once", due=date(2024, 9, 30), source="8"),
    ]),
    ("V", "Tiếp nhận và xử lý phản ánh, kiến nghị về TTHC", [
        dict(number="6", content="Đôn đốc, kiểm tra việc xử lý phản ánh, kiến nghị và báo cáo Giám đốc Sở",
             lead=["Thanh tra Sở"], coordinate=["Văn phòng Sở"], time_text="Định kỳ 06 tháng và cuối năm",
             kind="recurring", every="half_year", source="13"),
        dict(number="7", content="Công khai kết quả trả lời phản ánh, kiến nghị trên hệ thống thông tin",
             lead=["Chi cục Chăn nuôi và Thú y"], coordinate=[], time_text="Tháng 4/2024",
             kind="once", due=date(2024, 4, 30)),
    ]),
    ("VI", "Tổ chức thực hiện cơ chế một cửa, một cửa liên thông", [
        dict(number="8", content="Số hóa hồ sơ, kết quả giải quyết TTHC theo Nghị định 45/2020/NĐ-CP",
             lead=["Phòng Kế hoạch - Tài chính"], coordinate=["Chi cục Kiểm lâm"], time_text="Theo kế hoạch",
             kind="unspecified"),
    ]),
]


def add_profile(s, **overrides) -> AgencyProfile:
    values = dict(parent_body="UBND tỉnh Quảng Ngãi", name="Sở Nông nghiệp và Phát triển nông thôn",
                  short_name="Sở NN&PTNT", short_code="SNNPTNT", place_name="Quảng Ngãi",
                  signer_name="Hồ Trọng Phương", report_deadline_day=18, unit_deadline_day=16)
    values.update(overrides)
    profile = AgencyProfile(**values)
    s.add(profile)
    return profile


def add_units(s, names=UNIT_NAMES) -> dict[str, Unit]:
    units = {}
    for i, name in enumerate(names):
        units[name] = Unit(name=name, position=i, handles_dossiers=name.startswith("Chi cục"))
        s.add(units[name])
    s.flush()
    return units


def add_fields(s, names=FIELD_NAMES) -> dict[str, Field]:
    fields = {name: Field(name=name, position=i) for i, name in enumerate(names)}
    s.add_all(fields.values())
    s.flush()
    return fields


def add_plan(s, sections, units: dict[str, Unit], *, year=2024, kind="department", is_current=True,
             source_tasks: dict[str, Task] | None = None, title="") -> Plan:
    plan = Plan(kind=kind, year=year, is_current=is_current, status="issued",
                title=title or f"Kế hoạch hoạt động kiểm soát TTHC năm {year}")
    s.add(plan)
    s.flush()
    position = 0
    for si, (code, section_title, tasks) in enumerate(sections):
        section = PlanSection(plan_id=plan.id, code=code, title=section_title, position=si)
        s.add(section)
        s.flush()
        for spec in tasks:
            position += 1
            task = Task(plan_id=plan.id, section_id=section.id, position=position, number=spec["number"],
                        content=spec["content"], time_text=spec.get("time_text", ""),
                        schedule_kind=spec.get("kind", "unspecified"), due_date=spec.get("due"),
                        every=spec.get("every"), lead_agencies=list(spec.get("lead", [])),
                        coordinate_agencies=list(spec.get("coordinate", [])), decision="keep",
                        search_text=fold(spec["content"]))
            if source_tasks and spec.get("source") in source_tasks:
                task.source_task_id = source_tasks[spec["source"]].id
            s.add(task)
            s.flush()
            for role in ("lead", "coordinate"):
                for name in spec.get(role, []):
                    if name in units:
                        s.add(TaskUnit(task_id=task.id, unit_id=units[name].id, role=role))
    s.flush()
    return plan


def _provincial_plan(s, year: int) -> dict[str, Task]:
    plan = Plan(kind="provincial", year=year - 1, title=f"Kế hoạch kiểm soát TTHC năm {year - 1}",
                issuer="UBND tỉnh Quảng Ngãi", number="124/QĐ-UBND")
    s.add(plan)
    s.flush()
    out = {}
    for i, (number, content) in enumerate([
        ("1a", "Xây dựng, ban hành các văn bản về kiểm soát TTHC năm 2023."),
        ("3", "Đánh giá tác động của TTHC trong dự thảo văn bản quy phạm pháp luật."),
        ("6", "Niêm yết, công khai TTHC sau khi được công bố."),
        ("8", "Rà soát, đánh giá TTHC theo kế hoạch của UBND tỉnh."),
        ("13", "Đôn đốc, kiểm tra việc xử lý phản ánh, kiến nghị về TTHC."),
    ]):
        out[number] = Task(plan_id=plan.id, number=number, content=content, position=i,
                           lead_agencies=["Văn phòng UBND tỉnh"], coordinate_agencies=["Các sở, ban ngành"])
        s.add(out[number])
    s.flush()
    return out


def build_department(db, *, year=2024, sections=DEPARTMENT_2024, with_provincial=True) -> dict:
    """Profile, units, fields and a current department plan; returns ids by name/number."""
    with db.session() as s:
        add_profile(s)
        units = add_units(s)
        add_fields(s)
        source = _provincial_plan(s, year) if with_provincial else None
        plan = add_plan(s, sections, units, year=year, source_tasks=source)
        return {
            "plan": plan.id,
            "units": {name: u.id for name, u in units.items()},
            "tasks": {t.number: t.id for t in plan.tasks},
        }


def add_progress(db, task_id: int, period: str, status: str, *, unit_id=None, text="", percent=0,
                 completed_on=None) -> int:
    with db.session() as s:
        entry = ProgressEntry(task_id=task_id, period=period, unit_id=unit_id, status=status,
                              percent=percent, result_text=text, completed_on=completed_on)
        s.add(entry)
        s.flush()
        return entry.id
