"""Two officers on one database edit the same report part and the same unit's II.06a grid: the stale save is a
conflict that writes nothing; the override (saving again over the colleague's version) goes through.
On PostgreSQL (TTHC_TEST_DATABASE_URL) these run again as the `server` variants."""
import pytest

from tthc_desktop.domain.periods import Period
from tthc_desktop.errors import EditConflictError
from tthc_desktop.services import catalog, figure_versions, forms, report

Q2 = Period.parse("2024Q2")
ROW = {3: 5, 4: 1, 5: 4, 6: 0, 7: 3, 8: 0, 9: 3, 10: 0, 11: 2, 12: 2, 13: 0}


@pytest.fixture
def two(two_handles):
    first, second, _ = two_handles
    return first, second


def _part(db, key):
    return next(p for p in report.report_parts(db, Q2) if p["key"] == key)


def test_report_part_saved_over_a_stale_read_is_a_conflict(two):
    mine, colleague = two
    key = report.outline()["parts"][0]["key"]
    seen_mine, seen_theirs = _part(mine, key), _part(colleague, key)
    assert seen_mine["version"] == seen_theirs["version"] == 0
    report.save_part(colleague, Q2, key, "Đồng nghiệp viết", expected_version=seen_theirs["version"])
    with pytest.raises(EditConflictError) as info:
        report.save_part(mine, Q2, key, "Tôi viết", expected_version=seen_mine["version"])
    exc = info.value
    assert exc.message.startswith(f"Phần «{seen_mine['heading']}» của báo cáo {Q2.label} vừa được ")
    assert exc.theirs["fields"] == {"Nội dung": "Đồng nghiệp viết"} and exc.mine["fields"] == {"Nội dung": "Tôi viết"}
    assert _part(mine, key)["text"] == "Đồng nghiệp viết"
    version = report.save_part(mine, Q2, key, "Tôi viết", expected_version=exc.theirs["version"])
    assert _part(colleague, key)["text"] == "Tôi viết" and _part(colleague, key)["version"] == version == 2


def test_a_part_brought_back_to_the_prefilled_text_keeps_counting(two):
    """Reset, then edited again: a reader of the first edit still sees that the part moved on."""
    mine, colleague = two
    key = report.outline()["parts"][0]["key"]
    first = report.save_part(colleague, Q2, key, "Bản một")
    seen = _part(mine, key)
    assert seen["version"] == first and seen["edited"]
    report.save_part(colleague, Q2, key, "", expected_version=first)
    assert not _part(colleague, key)["edited"] and _part(colleague, key)["text"] == _part(colleague, key)["auto"]
    report.save_part(colleague, Q2, key, "Bản hai", expected_version=_part(colleague, key)["version"])
    with pytest.raises(EditConflictError):
        report.save_part(mine, Q2, key, "Bản của tôi", expected_version=seen["version"])
    assert _part(mine, key)["text"] == "Bản hai"


def _kiem_lam(db):
    unit = next(u for u in catalog.list_units(db) if u.name == "Chi cục Kiểm lâm")
    catalog.update_unit(db, unit.id, handles_dossiers=True, fields=[catalog.list_fields(db)[0].name])
    return unit.id, forms.unit_field_rows(db, unit.id)[0].field_id


def test_figure_grid_saved_over_a_stale_read_is_a_conflict(two):
    mine, colleague = two
    unit_id, fid = _kiem_lam(mine)
    forms.save_unit_figures(mine, "II.06a", Q2, unit_id, {fid: ROW})  # from a file, before both opened the grid
    seen_mine = figure_versions.grid_version(mine, "II.06a", Q2, unit_id)
    seen_theirs = figure_versions.grid_version(colleague, "II.06a", Q2, unit_id)
    assert seen_mine == seen_theirs == 1
    doubled = {k: 2 * v for k, v in ROW.items()}
    tripled = {k: 3 * v for k, v in ROW.items()}
    forms.save_unit_figures(colleague, "II.06a", Q2, unit_id, {fid: doubled}, expected_version=seen_theirs)
    with pytest.raises(EditConflictError) as info:
        forms.save_unit_figures(mine, "II.06a", Q2, unit_id, {fid: tripled}, expected_version=seen_mine)
    exc = info.value
    assert exc.message.startswith("Số liệu biểu II.06a") and "«Chi cục Kiểm lâm» vừa được " in exc.message
    assert "cột 3: 10" in next(iter(exc.theirs["fields"].values()))
    assert "cột 3: 15" in next(iter(exc.mine["fields"].values()))
    assert forms.figures(mine, "II.06a", Q2, unit_id) == {fid: doubled}
    assert figure_versions.grid_version(mine, "II.06a", Q2, unit_id) == 2
    forms.save_unit_figures(mine, "II.06a", Q2, unit_id, {fid: tripled}, expected_version=exc.theirs["version"])
    assert forms.figures(colleague, "II.06a", Q2, unit_id) == {fid: tripled}
    assert figure_versions.grid_version(colleague, "II.06a", Q2, unit_id) == 3


def test_a_grid_first_typed_by_two_officers_is_a_conflict(two):
    mine, colleague = two
    unit_id, fid = _kiem_lam(mine)
    forms.save_unit_figures(colleague, "II.06a", Q2, unit_id, {fid: ROW}, expected_version=0)
    with pytest.raises(EditConflictError):
        forms.save_unit_figures(mine, "II.06a", Q2, unit_id, {fid: {k: 2 * v for k, v in ROW.items()}},
                                expected_version=0)
    assert forms.figures(mine, "II.06a", Q2, unit_id) == {fid: ROW}
