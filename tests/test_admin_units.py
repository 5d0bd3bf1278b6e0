"""Provinces and departments after the 2025 reorganisation, and the mapping from older names."""
from tthc_desktop.services import admin_units as A


def test_34_provinces_each_once_with_the_merged_ones_mapped():
    names = [p["name"] for p in A.provinces()]
    assert len(names) == len(set(names)) == 34
    merged = [m for p in A.provinces() for m in p["merged_from"]]
    assert len(names) + len(merged) == 63  # every one of the 63 earlier provinces lands somewhere
    assert A.current_province("tỉnh Kon Tum") == "Quảng Ngãi"
    assert A.current_province("Bình Dương") == "Thành phố Hồ Chí Minh"
    assert A.current_province("Huế") == "Huế"


def test_older_department_names_map_to_the_merged_ones():
    assert A.current_department("Sở Nông nghiệp và Phát triển nông thôn") == "Sở Nông nghiệp và Môi trường"
    assert A.current_department("Sở TN&MT") == "Sở Nông nghiệp và Môi trường"
    assert A.current_department("Sở Giao thông vận tải") == "Sở Xây dựng"
    assert A.current_department("Sở Tư pháp") == "Sở Tư pháp"
    text = "Kế hoạch của Sở Nông nghiệp và Phát triển nông thôn; Sở Kế hoạch và Đầu tư phối hợp."
    assert A.modernize_text(text) == "Kế hoạch của Sở Nông nghiệp và Môi trường; Sở Tài chính phối hợp."
    profile = A.current_profile({"name": "Sở Nông nghiệp và Phát triển nông thôn", "short_name": "Sở NN&PTNT",
                                 "short_code": "SNNPTNT", "place_name": "Kon Tum"})
    assert (profile["name"], profile["short_code"], profile["place_name"]) == (
        "Sở Nông nghiệp và Môi trường", "SNNMT", "Quảng Ngãi")
