from datetime import date

import pytest

from tthc_desktop.domain.schedule import parse_time_text

CASES = [
    ("Tháng 02", 2023, "once", date(2023, 2, 28), None),
    ("Tháng 2/2025", 2025, "once", date(2025, 2, 28), None),
    ("Tháng 02/2024", 2023, "once", date(2024, 2, 29), None),
    ("Quý I", 2023, "once", date(2023, 3, 31), None),
    ("Quý IV/2025", 2025, "once", date(2025, 12, 31), None),
    ("Quý II năm 2024", 2023, "once", date(2024, 6, 30), None),
    ("Quý IV/2025 hoặc đột xuất", 2025, "once", date(2025, 12, 31), None),
    ("Trước ngày 20/02/2024.", 2024, "once", date(2024, 2, 20), None),
    ("Trước 30/9/2025", 2025, "once", date(2025, 9, 30), None),
    ("Hoàn thành trước 30/4/2025", 2025, "once", date(2025, 4, 30), None),
    ("Năm 2023", 2023, "once", date(2023, 12, 31), None),
    ("Trong năm", 2025, "once", date(2025, 12, 31), None),
    ("Thường xuyên", 2023, "recurring", None, "continuous"),
    ("Thường xuyên trong năm", 2023, "recurring", None, "continuous"),
    ("Hàng quý/năm", 2023, "recurring", None, "quarter"),
    ("Định kỳ 3 tháng/lần", 2023, "recurring", None, "quarter"),
    ("Quý I, Quý II, Quý III và 1 năm", 2025, "recurring", None, "quarter"),
    ("Định kỳ 06 tháng và cuối năm", 2023, "recurring", None, "half_year"),
    ("Định kỳ hằng tháng trong năm", 2024, "recurring", None, "month"),
    ("Theo kế hoạch", 2023, "unspecified", None, None),
    ("Theo lộ trình Kế hoạch", 2023, "unspecified", None, None),
    ("Theo Kế hoạch của Cục Kiểm soát TTHC", 2025, "unspecified", None, None),
    ("Định kỳ theo quy định", 2023, "unspecified", None, None),
    ("- Định kỳ 3 tháng/lần.\n- Đột xuất theo thời điểm yêu cầu.", 2023, "recurring", None, "quarter"),
    ("- Định kỳ theo quy định.\n- Đột xuất theo thời điểm yêu cầu.", 2023, "unspecified", None, None),
    # OCR copies without diacritics.
    ("Quy Il ndm 2024.", 2024, "once", date(2024, 6, 30), None),
    ("DPinh ky hang thang trong nam.", 2024, "recurring", None, "month"),
    ("Thudng xuyén trong nim; dinh ky bao cio két qua thuc hién.", 2024, "recurring", None, "continuous"),
    ("Theo Kế hoạch số 140/KH-UBND ngày 14/10/2021 của UBND tỉnh", 2024, "unspecified", None, None),
]


@pytest.mark.parametrize("text,year,kind,due,every", CASES)
def test_time_expressions(text, year, kind, due, every):
    schedule = parse_time_text(text, year)
    assert (schedule.kind, schedule.due, schedule.every) == (kind, due, every)


def test_one_off_with_periodic_reporting():
    s = parse_time_text("Quý I năm 2024, ban hành các Kế hoạch; định kỳ báo cáo kết quả thực hiện", 2024)
    assert (s.kind, s.due, s.also_reporting) == ("once", date(2024, 3, 31), True)


def test_strongest_line_wins_and_empty_is_unspecified():
    assert parse_time_text("- Đột xuất.\n- Tháng 5", 2023).due == date(2023, 5, 31)
    assert parse_time_text("", 2023).kind == "unspecified"
