import unicodedata
from datetime import date

from tthc_desktop.domain import text as vt


def test_normalize_nfc_nbsp_soft_hyphen():
    nfd = unicodedata.normalize("NFD", "Kế hoạch")
    assert vt.normalize(f"  {nfd}\u00a0\u00a0năm\u00ad 2024 ") == "Kế hoạch năm 2024"
    assert unicodedata.is_normalized("NFC", vt.normalize(nfd))


def test_fold_is_accent_and_case_insensitive():
    assert vt.fold("Rà soát, ĐÁNH GIÁ") == "ra soat, danh gia"
    assert vt.contains_folded("Kế hoạch kiểm soát TTHC", "ke hoach")
    assert vt.contains_folded(unicodedata.normalize("NFD", "Đường dây nóng"), "duong day")
    assert not vt.contains_folded("Kế hoạch", "kiem")


def test_vietnamese_sort_order():
    words = ["Đà Nẵng", "Cà Mau", "Ân Thi", "An Giang", "Bình Định", "Ăn", "Dak Lak", "Ê", "E", "Yên Bái", "Ơ", "Ô", "O"]
    assert sorted(words, key=vt.sort_key) == [
        "An Giang", "Ăn", "Ân Thi", "Bình Định", "Cà Mau", "Dak Lak", "Đà Nẵng", "E", "Ê", "O", "Ô", "Ơ", "Yên Bái",
    ]


def test_tones_after_base_letters():
    assert sorted(["má", "mà", "ma", "mạ", "mã", "mả"], key=vt.sort_key) == ["ma", "mà", "mả", "mã", "má", "mạ"]
    assert sorted(["mạ", "mb"], key=vt.sort_key) == ["mạ", "mb"]  # the letter decides before the tone


def test_dates():
    assert vt.format_date(date(2024, 2, 5)) == "05/02/2024"
    assert vt.parse_date("5/2/2024") == date(2024, 2, 5)
    assert vt.parse_date("2024-02-05") == date(2024, 2, 5)
    assert vt.document_date(date(2024, 2, 5), "Quảng Ngãi") == "Quảng Ngãi, ngày 05 tháng 02 năm 2024"
    assert vt.document_date(date(2023, 3, 20)) == "ngày 20 tháng 3 năm 2023"
    assert vt.document_date(date(2023, 12, 1)) == "ngày 01 tháng 12 năm 2023"


def test_numbers():
    assert vt.format_number(1150343) == "1.150.343"
    assert vt.format_percent(114977 + 1022796, 1139324) == "99,86%"
    assert vt.format_percent(1, 0) == "0%"


def test_roman():
    assert [vt.to_roman(i) for i in (1, 4, 9, 13)] == ["I", "IV", "IX", "XIII"]
    assert vt.from_roman("XIII") == 13 and vt.is_roman("VI") and not vt.is_roman("VID")
