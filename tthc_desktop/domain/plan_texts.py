"""Default wording of a department plan's body, shaped like the plans departments really issue.

The officer edits every block (stored in ``Plan.text_blocks`` under the keys of ``TEXT_BLOCKS``);
the "Chế độ báo cáo" part is generated from the reporting rules (periods, forms, the units'
deadline, the office's e-mail address), so it changes when the rules change.
"""
from __future__ import annotations

from dataclasses import dataclass

from tthc_desktop.domain.periods import Period
from tthc_desktop.domain.plan_document import TextBlock
from tthc_desktop.domain.text import format_date

# Keys of Plan.text_blocks and their labels in the editor. Values: a list of paragraphs (or one
# string, one paragraph per line); "reporting" is a list of {"heading": …, "paragraphs": […]}.
TEXT_BLOCKS = {
    "preamble": "Mở đầu (căn cứ)",
    "purpose": "Mục đích",
    "requirements": "Yêu cầu",
    "reporting": "Chế độ báo cáo",
    "organisation": "Tổ chức thực hiện",
    "recipients": "Nơi nhận",
}
REPORT_FORMS = ("II.05a/VPCP/KSTT", "II.06a/VPCP/KSTT")
REPORT_CIRCULAR = "Thông tư số 01/2020/TT-VPCP ngày 21/10/2020 của Bộ trưởng, Chủ nhiệm Văn phòng Chính phủ"


@dataclass
class ReportingRules:
    """What the "Chế độ báo cáo" paragraph says; built from the agency profile."""

    year: int
    unit_deadline_day: int = 16
    office_email: str = ""
    office_name: str = "Văn phòng Sở"
    province_office: str = "Văn phòng UBND tỉnh"
    forms: tuple[str, ...] = REPORT_FORMS


def _short_date(day) -> str:
    """"15/12/2023" style without a leading zero on the month, as plans write it ("14/3/2024")."""
    return f"{day.day:02d}/{day.month}/{day.year}"


def _period_window(period: Period) -> str:
    return f"từ {_short_date(period.start)} đến {_short_date(period.end)}"


def reporting_blocks(rules: ReportingRules) -> list[TextBlock]:
    """a) Kỳ báo cáo, b) Nội dung báo cáo, c) Thời hạn gửi báo cáo — from ``domain.periods``."""
    q1 = Period(rules.year, "Q1")
    quarters = [Period(rules.year, f"Q{q}") for q in range(1, 5)]
    half, whole = Period(rules.year, "H1"), Period(rules.year, "Y")
    quarter_dates = "; ".join(f"quý {p.label.split()[1]} {_period_window(p)}" for p in quarters)
    periods = TextBlock("a) Kỳ báo cáo", [
        f"- **Báo cáo định kỳ hằng quý:** Tính từ ngày {q1.start.day} của tháng trước kỳ báo cáo đến ngày "
        f"{q1.end.day} của tháng cuối quý thuộc kỳ báo cáo (năm {rules.year}: {quarter_dates}).",
        f"- **Báo cáo 6 tháng:** Tính từ ngày {half.start.day:02d}/{half.start.month} năm trước kỳ báo cáo đến "
        f"ngày {half.end.day:02d}/{half.end.month} của kỳ báo cáo ({_period_window(half)}).",
        f"- **Báo cáo năm:** Tính từ ngày {whole.start.day:02d}/{whole.start.month} năm trước kỳ báo cáo đến "
        f"ngày {whole.end.day:02d}/{whole.end.month} của kỳ báo cáo ({_period_window(whole)}).",
    ])
    forms = " và ".join(f"biểu số {code}" for code in rules.forms)
    contents = TextBlock("b) Nội dung báo cáo", [
        "- Theo đề cương, biểu mẫu số liệu báo cáo công tác kiểm soát thủ tục hành chính, triển khai cơ chế "
        "một cửa, một cửa liên thông và thực hiện thủ tục hành chính trên môi trường điện tử tại Phụ lục II - "
        f"{REPORT_CIRCULAR}.",
        "- Các phòng, cơ quan, đơn vị thực hiện TTHC có trách nhiệm báo cáo theo các nội dung tại "
        f"{forms} tại Phụ lục II - Thông tư số 01/2020/TT-VPCP.",
    ])
    deadline = (f"Định kỳ báo cáo kết quả thực hiện của các đơn vị gửi về Sở (qua {rules.office_name}) "
                f"**chậm nhất vào ngày {rules.unit_deadline_day} của tháng cuối quý thuộc kỳ báo cáo**")
    day = max(1, min(int(rules.unit_deadline_day), 30))
    examples = ", ".join(format_date(p.unit_deadline.replace(day=day)) for p in quarters)
    deadline += f" (năm {rules.year}: {examples})"
    if rules.office_email:
        deadline += (f", đồng thời gửi file mềm về hộp thư điện tử {rules.office_email} để tổng hợp, "
                     f"báo cáo {rules.province_office} đúng thời gian quy định.")
    else:
        deadline += f" để tổng hợp, báo cáo {rules.province_office} đúng thời gian quy định."
    return [periods, contents, TextBlock("c) Thời hạn gửi báo cáo", [deadline])]


def default_preamble(decision_citation: str, agency_name: str, year: int) -> str:
    subject = f"Kế hoạch hoạt động kiểm soát thủ tục hành chính năm {year}"
    if decision_citation:
        return f"Thực hiện {decision_citation}; {agency_name} ban hành {subject} như sau:"
    return f"{agency_name} ban hành {subject} như sau:"


def default_purposes() -> list[str]:
    return [
        "- Tổ chức thực hiện đầy đủ, kịp thời các nhiệm vụ kiểm soát TTHC; triển khai thực hiện tốt cơ chế một "
        "cửa, một cửa liên thông và thực hiện TTHC trên môi trường điện tử trong giải quyết TTHC của Sở.",
        "- Nâng cao trách nhiệm của các phòng, cơ quan, đơn vị thuộc Sở, công chức, viên chức trong toàn Ngành "
        "thực hiện nhiệm vụ kiểm soát TTHC, cải cách TTHC và cơ chế một cửa, một cửa liên thông, thực hiện TTHC "
        "trên môi trường điện tử.",
        "- Đẩy mạnh việc công bố, công khai TTHC theo quy định làm cơ sở cho việc tổ chức thực hiện, giải quyết "
        "TTHC của Sở đạt chất lượng, hiệu quả, đảm bảo công khai, minh bạch.",
    ]


def default_requirements() -> list[str]:
    return [
        "- Thực hiện nghiêm túc, đồng bộ, có hiệu quả và đảm bảo đúng tiến độ các nhiệm vụ đề ra trong kế hoạch.",
        "- Tiếp tục thực hiện việc rà soát, đơn giản hóa TTHC, tự kiểm tra văn bản quy phạm pháp luật theo yêu "
        "cầu của cơ quan cấp trên. Tham mưu công bố thủ tục hành chính thuộc thẩm quyền giải quyết của Sở phù "
        "hợp với thẩm quyền được giao.",
        "- Tổ chức thực hiện tốt việc tiếp nhận và giải quyết TTHC theo cơ chế một cửa, một cửa liên thông; đẩy "
        "mạnh việc triển khai thực hiện cung cấp dịch vụ công trực tuyến một phần, toàn trình và dịch vụ bưu "
        "chính theo quy định.",
        "- Tiếp nhận và xử lý kịp thời những phản ánh, kiến nghị của cá nhân, tổ chức về các quy định TTHC.",
    ]


def default_organisation(office_name: str = "Văn phòng Sở", province_office: str = "Văn phòng UBND tỉnh") -> list[str]:
    return [
        "1. Trưởng các phòng chuyên môn nghiệp vụ, Thủ trưởng các cơ quan, đơn vị thuộc Sở có trách nhiệm tổ "
        "chức thực hiện các nhiệm vụ được phân công theo Kế hoạch này; thực hiện chế độ báo cáo định kỳ theo "
        f"quy định gửi về Sở (qua {office_name}) để tổng hợp.",
        f"2. {office_name} theo dõi, đôn đốc và kiểm tra nội bộ hoạt động giải quyết TTHC của các phòng, cơ "
        "quan, đơn vị thuộc Sở; tham mưu Sở tổng hợp báo cáo kết quả hoạt động kiểm soát TTHC cho "
        f"{province_office} đúng thời gian quy định.",
        "Trong quá trình thực hiện, nếu có vướng mắc phát sinh, Trưởng các phòng chuyên môn nghiệp vụ, Thủ "
        f"trưởng các cơ quan, đơn vị thuộc Sở phản ánh về Sở (qua {office_name}) để tổng hợp, tham mưu Giám "
        "đốc Sở điều chỉnh cho phù hợp./.",
    ]


def default_recipients(parent_body: str = "UBND tỉnh", province_office: str = "Văn phòng UBND tỉnh") -> list[str]:
    parent = parent_body.strip() or "UBND tỉnh"
    if parent.lower().startswith("ủy ban nhân dân") or parent.lower().startswith("ubnd"):
        parent = "UBND tỉnh"
    return [
        f"- {parent} (báo cáo);",
        f"- {province_office};",
        "- GĐ, các PGĐ Sở;",
        "- Các phòng, cơ quan, đơn vị thuộc Sở;",
        "- CVP, PCVP Sở;",
        "- Cổng TTĐT Sở;",
        "- Lưu: VT, VP.",
    ]


def paragraphs_from(value) -> list[str]:
    """A stored text block as paragraphs: a list as it is, a string split on its lines; blanks dropped."""
    if value is None:
        return []
    items = value if isinstance(value, list) else str(value).split("\n")
    return [str(item).strip() for item in items if str(item).strip()]


def blocks_from(value) -> list[TextBlock]:
    """A stored "reporting" block: a list of {"heading", "paragraphs"} or plain paragraphs."""
    out: list[TextBlock] = []
    for item in value if isinstance(value, list) else paragraphs_from(value):
        if isinstance(item, dict):
            out.append(TextBlock(str(item.get("heading", "")), paragraphs_from(item.get("paragraphs"))))
        elif str(item).strip():
            out.append(TextBlock("", [str(item).strip()]))
    return out
