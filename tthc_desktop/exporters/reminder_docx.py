"""A short công văn đôn đốc from the department's office to one unit that has not reported (Nghị định 30/2020)."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from tthc_desktop.domain.text import format_date


@dataclass
class ReminderLetter:
    parent_body: str  # "UBND tỉnh Quảng Ngãi"
    agency: str  # "Sở Nông nghiệp và Phát triển nông thôn"
    agency_code: str  # "SNNPTNT" → "Số:      /SNNPTNT-VP"
    place: str
    today: date
    unit: str
    period_label: str  # "Quý II năm 2024"
    tasks: list[tuple[str, str]] = field(default_factory=list)  # (number, content) still missing
    deadline: date | None = None  # the units' deadline of the period
    reply_by: date | None = None  # the date asked for now (the deadline, or a few days on once it passed)
    office_email: str = ""

    @property
    def period_words(self) -> str:
        """"quý II năm 2024" inside a sentence (the Roman numeral keeps its capitals)."""
        return self.period_label[:1].lower() + self.period_label[1:]

    @property
    def subject(self) -> str:
        return f"V/v đôn đốc báo cáo kết quả thực hiện Kế hoạch kiểm soát TTHC {self.period_words}"

    def opening(self) -> str:
        when = f"trước ngày {format_date(self.deadline)}" if self.deadline else "đúng hạn"
        return (f"Để tổng hợp báo cáo kết quả thực hiện Kế hoạch hoạt động kiểm soát thủ tục hành chính "
                f"{self.period_words} của {self.agency}, Văn phòng Sở đã đề nghị các phòng, cơ quan, đơn vị "
                f"thuộc Sở gửi báo cáo {when}. Đến nay, {self.unit} chưa gửi báo cáo kết quả thực hiện "
                f"{len(self.tasks)} nhiệm vụ được giao chủ trì sau đây:")

    def request(self) -> str:
        where = f" (qua địa chỉ thư điện tử {self.office_email})" if self.office_email else ""
        by = f" trước ngày {format_date(self.reply_by)}" if self.reply_by else ""
        return (f"Văn phòng Sở đề nghị {self.unit} khẩn trương cập nhật kết quả vào phiếu báo cáo gửi kèm và gửi "
                f"về Văn phòng Sở{where}{by} để tổng hợp, báo cáo Giám đốc Sở theo quy định./.")

    def task_lines(self) -> list[str]:
        """One short line per task (the attached sheet carries the full wording)."""
        lines = [f"- Nhiệm vụ {number}: {_shorten(content)}" for number, content in self.tasks]
        return [line if line.endswith("…") else line + "." for line in lines]

    def email_body(self) -> str:
        return "\n".join([f"Kính gửi: {self.unit}", "", self.opening(), *self.task_lines(), "", self.request(), "",
                          "Văn phòng Sở gửi kèm công văn đôn đốc và phiếu báo cáo của đơn vị.", "",
                          f"Văn phòng {self.agency}"])


def write_reminder(letter: ReminderLetter, target: Path) -> Path:
    from tthc_desktop.exporters import docx_layout as L
    from tthc_desktop.exporters.atomic import write_atomically

    doc = L.new_document()
    number = f"Số:        /{letter.agency_code}-VP" if letter.agency_code else "Số:        /VP"
    L.header_block(doc, L.HeaderBlock(letter.parent_body, letter.agency, number,
                                      L.place_date_line(letter.place, None, letter.today.year, letter.today.month),
                                      subject_lines=_wrap(letter.subject, 6.2, 12)))
    L.kinh_gui(doc, [letter.unit])
    L.body(doc, letter.opening(), markup=False)
    for line in letter.task_lines():
        L.body(doc, line, markup=False, size=13, after=2)
    L.body(doc, letter.request(), markup=False)
    L.signature_block(doc, ["- Như trên;", "- Giám đốc Sở (để báo cáo);", "- Lưu: VT, VP."],
                      L.Signature(title="GIÁM ĐỐC", prefix="TL.", deputy_title="CHÁNH VĂN PHÒNG"))
    return write_atomically(Path(target), lambda tmp: doc.save(str(tmp)))



def _shorten(text: str, limit: int = 110) -> str:
    text = " ".join(text.split()).rstrip(".;:")
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def _wrap(text: str, width_cm: float, size_pt: float) -> list[str]:
    """Short centred lines that fit the left column under the number ("V/v …")."""
    from tthc_desktop.exporters.docx_text import estimate_width_cm

    lines, current = [], ""
    for word in text.split():
        trial = f"{current} {word}".strip()
        if current and estimate_width_cm(trial, size_pt) > width_cm:
            lines.append(current)
            current = word
        else:
            current = trial
    return lines + [current] if current else lines
