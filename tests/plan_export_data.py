"""A small department plan built with the ORM for the export tests (sub-rows, units, groups, odd text)."""
from __future__ import annotations

from datetime import date

from tthc_desktop.storage.models import AgencyProfile, Plan, PlanSection, Task, TaskUnit, Unit, UnitGroup

GROUP = "Các phòng, cơ quan, đơn vị thuộc Sở có liên quan"
FORMULA_RESULT = "=HYPERLINK(\"http://x\",\"bấm\")"


def build_plan(db, *, number: str = "", doc_date: date | None = None, text_blocks: dict | None = None,
               profile: dict | None = None) -> int:
    """Profile, 4 units (3 in a group), a provincial plan and a department plan; returns the plan id."""
    with db.session() as s:
        values = dict(parent_body="UBND tỉnh Quảng Ngãi", name="Sở Nông nghiệp và Phát triển nông thôn",
                      short_name="Sở NN&PTNT", short_code="SNNPTNT", place_name="Quảng Ngãi",
                      signer_name="Hồ Trọng Phương", office_email="vanphong@snn.example.vn", unit_deadline_day=16)
        values.update(profile or {})
        s.add(AgencyProfile(**values))
        units = {name: Unit(name=name, position=i) for i, name in enumerate(
            ["Văn phòng Sở", "Thanh tra Sở", "Chi cục Kiểm lâm", "Chi cục Thủy sản"])}
        s.add_all(units.values())
        s.flush()
        s.add(UnitGroup(name=GROUP, units=[units["Thanh tra Sở"], units["Chi cục Kiểm lâm"], units["Chi cục Thủy sản"]]))
        province = Plan(kind="provincial", year=2024, number="165/QĐ-UBND", doc_date=date(2024, 1, 31),
                        issuer="UBND tỉnh Quảng Ngãi")
        s.add(province)
        s.flush()
        plan = Plan(kind="department", year=2024, number=number, doc_date=doc_date, derived_from_id=province.id,
                    text_blocks=text_blocks or {})
        s.add(plan)
        s.flush()
        sec1 = PlanSection(plan_id=plan.id, code="I", title="Ban hành các văn bản về kiểm soát TTHC", position=0)
        sec2 = PlanSection(plan_id=plan.id, code="II", title="Rà soát, đơn giản hóa TTHC", position=1)
        s.add_all([sec1, sec2])
        s.flush()
        content = "Xây dựng, ban hành các văn bản về kiểm soát TTHC năm 2024"
        specs = [
            (sec1, dict(number="1a", parent_number="1", content=content,
                        results=["Kế hoạch rà soát, đánh giá TTHC của Sở"], time_text="Tháng 02/2024"),
             {"lead": ["Văn phòng Sở"], "coordinate": ["Thanh tra Sở", "Chi cục Kiểm lâm", "Chi cục Thủy sản"]},
             dict(lead_agencies=["Văn phòng Sở"], coordinate_agencies=[GROUP])),
            (sec1, dict(number="1b", parent_number="1", content=content,
                        results=["Các văn bản triển khai của các Chi cục"], time_text="Quý I"),
             {"lead": ["Chi cục Kiểm lâm"], "coordinate": ["Văn phòng Sở"]},
             dict(lead_agencies=["Các Chi cục"], coordinate_agencies=["Văn phòng Sở kiểm soát"])),
            (sec2, dict(number="2", content="Rà soát, đánh giá TTHC theo kế hoạch của Sở",
                        results=["Báo cáo kết quả rà soát", FORMULA_RESULT, "+84 điện thoại", "@ghi chú\x07"],
                        time_text="Thường xuyên"),
             {}, dict(lead_agencies=["Chi cục Thủy sản"], coordinate_agencies=["Văn phòng Sở theo dõi"])),
            (sec2, dict(number="3", content="Đề xuất phương án đơn giản hóa TTHC nội bộ",
                        results=[FORMULA_RESULT], time_text="Quý III/2024"),
             {"lead": ["Thanh tra Sở"]}, dict(lead_agencies=["Văn phòng Sở"], coordinate_agencies=[])),
        ]
        for position, (section, fields, links, agencies) in enumerate(specs):
            task = Task(plan_id=plan.id, section_id=section.id, position=position, **fields, **agencies)
            s.add(task)
            s.flush()
            for role, names in links.items():
                for name in names:
                    s.add(TaskUnit(task_id=task.id, unit_id=units[name].id, role=role))
        return plan.id
