"""A realistic department database of any size, written through the ORM.

``generate(db, tasks=60, units=12, fields=12, year=2024, period="2024Q1")`` adds the agency
profile, units (the dossier-handling ones each with their lĩnh vực), a current department plan
whose sections match the report outline, progress for every lead unit in the period,
evidence documents, II.05a/II.06a figures that satisfy every identity, and overdue reasons.
"""
from __future__ import annotations

import random
from datetime import date, timedelta

from tthc_desktop.domain.periods import Period
from tthc_desktop.domain.text import fold
from tthc_desktop.storage.models import (
    AgencyProfile, EvidenceDocument, Field, FormFigure, OverdueReason, Plan, PlanSection, ProgressEntry, Task,
    TaskUnit, Unit,
)

SECTIONS = [
    "Ban hành các văn bản quản lý nhà nước về kiểm soát thủ tục hành chính (TTHC)",
    "Kiểm soát việc ban hành quy định TTHC và đánh giá tác động",
    "Công bố, công khai TTHC",
    "Rà soát, đánh giá, đơn giản hóa TTHC",
    "Tiếp nhận và xử lý phản ánh, kiến nghị về TTHC",
    "Thực hiện cơ chế một cửa, một cửa liên thông",
    "Thực hiện TTHC trên môi trường điện tử, số hóa hồ sơ",
    "Truyền thông; kiểm tra hoạt động kiểm soát TTHC",
]
VERBS = ["Rà soát, đánh giá", "Xây dựng, ban hành", "Công bố, công khai", "Tiếp nhận, xử lý", "Kiểm tra việc thực hiện",
         "Số hóa hồ sơ, kết quả giải quyết", "Đôn đốc thực hiện", "Niêm yết công khai", "Đánh giá tác động của",
         "Tổng hợp, báo cáo"]
OBJECTS = ["thủ tục hành chính lĩnh vực trồng trọt", "quy trình nội bộ giải quyết TTHC", "phản ánh, kiến nghị của "
           "người dân, doanh nghiệp", "dịch vụ công trực tuyến toàn trình", "kết quả giải quyết hồ sơ TTHC",
           "quy định TTHC trong dự thảo văn bản quy phạm pháp luật", "cơ chế một cửa, một cửa liên thông",
           "kế hoạch kiểm soát TTHC năm {year}"]
UNIT_NAMES = ["Văn phòng Sở", "Thanh tra Sở", "Phòng Kế hoạch - Tài chính", "Phòng Tổ chức cán bộ",
              "Chi cục Kiểm lâm", "Chi cục Trồng trọt và Bảo vệ thực vật", "Chi cục Chăn nuôi và Thú y",
              "Chi cục Thủy sản", "Chi cục Thủy lợi", "Chi cục Phát triển nông thôn",
              "Chi cục Quản lý chất lượng Nông lâm sản và Thủy sản", "Trung tâm Nước sạch và Vệ sinh môi trường nông thôn"]
FIELD_NAMES = ["Trồng trọt", "Bảo vệ thực vật", "Chăn nuôi", "Thú y", "Thủy sản", "Lâm nghiệp", "Thủy lợi",
               "Phát triển nông thôn", "Quản lý chất lượng nông lâm sản", "Nước sạch nông thôn", "Kinh tế hợp tác",
               "Phòng, chống thiên tai"]
RESULTS = ["Đã ban hành Kế hoạch số {n}/KH-SNNPTNT triển khai thực hiện", "Đã rà soát {n} thủ tục hành chính, "
           "đề xuất đơn giản hóa {m} thủ tục", "Đã niêm yết công khai đầy đủ các TTHC tại Bộ phận Một cửa",
           "Đang triển khai, dự kiến hoàn thành trong kỳ tới", "Đã tiếp nhận {n} phản ánh, kiến nghị, xử lý xong {m}"]


def _name(base: list[str], i: int) -> str:
    return base[i] if i < len(base) else f"{base[i % len(base)]} (đơn vị {i + 1})"


def _schedule(rnd: random.Random, year: int) -> dict:
    kind = rnd.choice(["once", "once", "recurring", "recurring", "unspecified"])
    if kind == "once":
        due = date(year, 1, 1) + timedelta(days=rnd.randrange(365))
        return dict(schedule_kind="once", due_date=due, time_text=f"Trước ngày {due:%d/%m/%Y}")
    if kind == "recurring":
        every = rnd.choice(["quarter", "continuous", "half_year"])
        text = {"quarter": "Định kỳ hằng quý", "continuous": "Thường xuyên", "half_year": "Định kỳ 6 tháng"}[every]
        return dict(schedule_kind="recurring", every=every, time_text=text)
    return dict(schedule_kind="unspecified", time_text="Theo kế hoạch")


def _figures_06a(rnd: random.Random) -> dict[int, int]:
    new, online, carried = rnd.randrange(20, 400), rnd.randrange(0, 300), rnd.randrange(0, 40)
    received = new + online + carried
    resolved = rnd.randrange(received // 2, received + 1)
    late = rnd.randrange(0, max(1, resolved // 50))
    early = rnd.randrange(0, resolved - late + 1)
    pending = received - resolved
    overdue = rnd.randrange(0, max(1, pending // 10))
    return {3: received, 4: new, 5: online, 6: carried, 7: resolved, 8: early, 9: resolved - early - late, 10: late,
            11: pending, 12: pending - overdue, 13: overdue}


def _figures_05a(rnd: random.Random) -> dict:
    carried, new = rnd.randrange(0, 5), rnd.randrange(0, 30)
    total = carried + new
    admin = rnd.randrange(0, total + 1)
    done = rnd.randrange(0, total + 1)
    published = rnd.randrange(0, done + 1)
    mail = rnd.randrange(0, total + 1)
    system = rnd.randrange(0, total - mail + 1)
    return {3: total, 4: carried, 5: new, 6: admin, 7: total - admin, 8: done, 9: published, 10: total - done,
            "kenh_don_thu": mail, "kenh_he_thong": system, "kenh_truc_tiep": total - mail - system}


def generate(db, *, tasks: int = 60, units: int = 12, fields: int = 12, year: int = 2024, period: str = "2024Q1",
             seed: int = 2024) -> dict:
    """Fill an empty, migrated database; returns counts of what was added."""
    rnd = random.Random(seed)
    p = Period.parse(period)
    with db.session() as s:
        s.add(AgencyProfile(parent_body="UBND tỉnh Quảng Ngãi", name="Sở Nông nghiệp và Phát triển nông thôn",
                            short_name="Sở NN&PTNT", short_code="SNNPTNT", place_name="Quảng Ngãi",
                            signer_name="Hồ Trọng Phương", signer_title="GIÁM ĐỐC",
                            office_email="vanphong@snnptnt.quangngai.gov.vn",
                            province_email="vpubnd@quangngai.gov.vn", province_office="Văn phòng UBND tỉnh"))
        field_rows = [Field(name=_name(FIELD_NAMES, i), position=i) for i in range(fields)]
        s.add_all(field_rows)
        unit_rows = []
        for i in range(units):
            handles = i >= units // 3  # the Chi cục and Trung tâm handle dossiers, the offices do not
            unit = Unit(name=_name(UNIT_NAMES, i), position=i, handles_dossiers=handles,
                        email=f"donvi{i + 1}@snnptnt.quangngai.gov.vn")
            unit_rows.append(unit)
        handlers = [u for u in unit_rows if u.handles_dossiers]
        for i, f in enumerate(field_rows):  # every lĩnh vực has a unit, some have two
            for unit in {handlers[i % len(handlers)], rnd.choice(handlers)}:
                unit.fields.append(f)
        s.add_all(unit_rows)
        plan = Plan(kind="department", year=year, status="issued", is_current=True,
                    title=f"Kế hoạch hoạt động kiểm soát thủ tục hành chính năm {year}",
                    issuer="Sở Nông nghiệp và Phát triển nông thôn", number="15/KH-SNNPTNT")
        s.add(plan)
        s.flush()
        sections = [PlanSection(plan_id=plan.id, code=c, title=t, position=i)
                    for i, (c, t) in enumerate(zip(["I", "II", "III", "IV", "V", "VI", "VII", "VIII"], SECTIONS))]
        s.add_all(sections)
        s.flush()
        task_rows, links = [], []
        for i in range(tasks):
            content = f"{rnd.choice(VERBS)} {rnd.choice(OBJECTS).format(year=year)}"
            lead = rnd.sample(unit_rows, k=rnd.choice([1, 1, 2]))
            coord = [u for u in rnd.sample(unit_rows, k=rnd.randrange(0, 3)) if u not in lead]
            task = Task(plan_id=plan.id, section_id=sections[i * len(sections) // tasks].id, position=i,
                        number=str(i + 1), content=content, lead_agencies=[u.name for u in lead],
                        coordinate_agencies=[u.name for u in coord], decision="keep", search_text=fold(content),
                        **_schedule(rnd, year))
            task_rows.append((task, lead, coord))
        s.add_all([t for t, _, _ in task_rows])
        s.flush()
        entries, evidence = [], []
        for task, lead, coord in task_rows:
            links += [TaskUnit(task_id=task.id, unit_id=u.id, role="lead") for u in lead]
            links += [TaskUnit(task_id=task.id, unit_id=u.id, role="coordinate") for u in coord]
            for u in lead:
                status = rnd.choice(["done", "done", "in_progress", "not_started", "done_late"])
                n = rnd.randrange(2, 90)
                entries.append(ProgressEntry(
                    task_id=task.id, period=p.code, unit_id=u.id, status=status,
                    percent=100 if status.startswith("done") else rnd.randrange(0, 90),
                    result_text=rnd.choice(RESULTS).format(n=n, m=n // 2),
                    difficulties="Một số đơn vị gửi báo cáo chậm" if rnd.random() < 0.1 else "",
                    proposals="Đề nghị tổ chức tập huấn nghiệp vụ kiểm soát TTHC" if rnd.random() < 0.05 else "",
                    source="unit_sheet", completed_on=p.start + timedelta(days=rnd.randrange(80))
                    if status.startswith("done") else None))
            if rnd.random() < 0.3:
                evidence.append(EvidenceDocument(
                    task_id=task.id, period=p.code, number_symbol=f"{rnd.randrange(1, 300)}/KH-SNNPTNT",
                    doc_date=p.start + timedelta(days=rnd.randrange(80)),
                    issuer="Sở Nông nghiệp và Phát triển nông thôn", summary=f"về việc {task.content[:80].lower()}"))
        s.add_all(links + entries + evidence)
        figures = []
        for unit in unit_rows:
            for f in unit.fields:
                figures.append(FormFigure(form_code="II.06a", period=p.code, unit_id=unit.id, field_id=f.id,
                                          values={str(k): v for k, v in _figures_06a(rnd).items()}, source="typed"))
                figures.append(FormFigure(form_code="II.05a", period=p.code, unit_id=unit.id, field_id=f.id,
                                          values={str(k): v for k, v in _figures_05a(rnd).items()}, source="typed"))
        s.add_all(figures)
        s.add_all([OverdueReason(period=p.code, unit_id=unit_rows[-1].id, field_id=field_rows[0].id, dossier_count=3,
                                 reason="Hồ sơ phải lấy ý kiến liên ngành", apology_letters=3),
                   OverdueReason(period=p.code, unit_id=unit_rows[-2].id, dossier_count=1,
                                 reason="Người dân chưa bổ sung hồ sơ đúng hạn", apology_letters=1)])
    return {"tasks": tasks, "units": units, "fields": fields, "progress": len(entries), "evidence": len(evidence),
            "figures": len(figures)}
